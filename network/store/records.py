"""Field work recorded in the app: visits held, the firms and guests who came, the difficulties firms raised,
and every step taken on each difficulty until it is closed.

Records are not versions of the data set: an import or a rollback never touches them, and a record whose
firm is no longer in the member list keeps its data (the firm's name and federation as they were when it
was recorded).  Every change is kept in ``field_history`` (who, when, what changed from what to what).
Two people saving the same record at once: each save says which version of the record it changes, and the
second gets a :class:`RecordConflictError` holding the stored record, so nothing is lost (optimistic
locking).

A difficulty's status moves 접수 → 검토 → 조치중 → 해결, or to 이관 (referred to another body, named) or
종결 (cannot be solved, with the reason); a closed difficulty can be reopened (조치중).

Examples
--------
>>> import datetime as dt, tempfile
>>> import pandas as pd
>>> from network.store import Workspace
>>> records = Records(Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db"))
>>> members = pd.DataFrame({"member_id": ["A1", "B2"], "name": ["가나", "다라"], "federation": ["서울", "서울"]})
>>> visit = records.add_visit(VisitInput(dt.date(2026, 11, 2), "간담회", "서울 종로구", member_ids=("A1", "B2")),
...                           members=members, actor="lee")
>>> visit.id, visit.sigungu, visit.participants
('RV-000001', '종로구', 2)
>>> d = records.add_difficulty(DifficultyInput("A1", "운전자금 대출 한도가 부족합니다", visit_id=visit.id),
...                            members=members, actor="lee")
>>> d.id, d.category, d.status, d.due
('RD-000001', '자금', '접수', datetime.date(2026, 11, 16))
>>> records.update_difficulty(d.id, version=d.version, actor="lee", status="해결", note="정책자금 안내").status
'해결'
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import pandas as pd
import sqlalchemy as sa

from network import schema, texts
from network.config import FieldWork, load_settings
from network.errors import ConflictError, NetworkError, NotFoundError, OptionError
from network.fieldwork import RECORDED_DIFFICULTY_COLUMNS, RECORDED_VISIT_COLUMNS, Guest, RecordTables
from network.regions import normalize_region
from network.store import tables as t
from network.store.audit import Database
from network.texts import Text

__all__ = [
    "CHANNELS", "CLOSED_STATUSES", "IMPORTED_STATUS", "OPEN_STATUSES", "PROGRAM_CHOICES", "STATUSES", "URGENCIES",
    "Difficulty", "DifficultyInput", "Guest", "RecordConflictError", "RecordTables", "Records", "Visit",
    "VisitInput", "difficulty_id", "next_statuses", "visit_id",
]

#: Programmes a recorded visit can be (the agency's four, or another kind).
PROGRAM_CHOICES: tuple[str, ...] = (*schema.PROGRAMS, "기타")
#: How a difficulty reached the agency: at a visit, by phone, online or by letter.
CHANNELS: tuple[str, ...] = ("방문", "전화", "온라인", "서면")
URGENCIES: tuple[str, ...] = ("보통", "긴급")
#: A difficulty's statuses, in the order of the work.
STATUSES: tuple[str, ...] = schema.DIFFICULTY_STATUSES
OPEN_STATUSES: tuple[str, ...] = schema.OPEN_STATUSES
CLOSED_STATUSES: tuple[str, ...] = schema.CLOSED_STATUSES
#: The status of an imported difficulty whose file gave none (history, not followed up).
IMPORTED_STATUS = schema.IMPORTED_STATUS

_MAX_TEXT = 4000  # characters of a difficulty's text, a note or a visit's notes


def visit_id(number: int) -> str:
    """The id a recorded visit is shown with.

    Examples
    --------
    >>> visit_id(12)
    'RV-000012'
    """
    return f"RV-{number:06d}"


def difficulty_id(number: int) -> str:
    """The id a recorded difficulty is shown with.

    Examples
    --------
    >>> difficulty_id(7)
    'RD-000007'
    """
    return f"RD-{number:06d}"


def _number(record_id: str, prefix: str) -> int:
    text = str(record_id or "").strip().upper()
    if text.startswith(prefix + "-") and text[len(prefix) + 1:].isdigit():
        return int(text[len(prefix) + 1:])
    raise NotFoundError("error.unknown_record", record=record_id)


def next_statuses(status: str) -> tuple[str, ...]:
    """The statuses a difficulty in ``status`` may move to.

    An open difficulty may move to any other status; a closed one can only be reopened (조치중); an
    imported one (``이력``) may be taken up in any status.

    Examples
    --------
    >>> next_statuses("검토")
    ('접수', '조치중', '해결', '이관', '종결')
    >>> next_statuses("해결")
    ('조치중',)
    """
    if status in CLOSED_STATUSES:
        return ("조치중",)
    return tuple(s for s in STATUSES if s != status)


@dataclass(frozen=True)
class VisitInput:
    """What a person enters for a visit.

    Attributes
    ----------
    date
        The day it was held (not after today).
    program
        One of :data:`PROGRAM_CHOICES`.
    place
        Where: an address or a 시군구 (resolved to today's 시군구).
    office
        The agency office that held it.
    member_ids
        The attending member firms.
    guests
        Attendees who are not members.
    participants
        How many people came (default: the firms and guests named; never fewer).
    notes
        Free notes.
    """

    date: dt.date | None
    program: str
    place: str
    office: str | None = None
    member_ids: tuple[str, ...] = ()
    guests: tuple[Guest, ...] = ()
    participants: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class Visit:
    """A recorded visit as stored."""

    id: str
    date: dt.date
    program: str
    place: str
    office: str | None
    sido_code: str | None
    sido: str | None
    sigungu_code: str | None
    sigungu: str | None
    member_ids: tuple[str, ...]
    member_names: tuple[str | None, ...]
    guests: tuple[Guest, ...]
    participants: int | None
    notes: str
    created_by: str | None
    created_at: dt.datetime
    updated_by: str | None
    updated_at: dt.datetime
    version: int

    def as_input(self) -> VisitInput:
        """The visit as a form shows it for a correction."""
        return VisitInput(self.date, self.program, self.place, self.office, self.member_ids, self.guests,
                          self.participants, self.notes)


@dataclass(frozen=True)
class DifficultyInput:
    """What a person enters for a new difficulty.

    Attributes
    ----------
    member_id
        The firm that raised it (a member).
    text
        The difficulty as the firm said it.
    category
        One of :data:`network.schema.ISSUE_CATEGORIES`; ``None``: the suggestion from the text
        (:func:`network.difficulty_category.suggest_category`).
    urgency
        One of :data:`URGENCIES`.
    visit_id
        The visit where it was raised (``RV-…`` or an imported visit's id); ``None`` for another channel.
    channel
        One of :data:`CHANNELS` (``방문`` when it was raised at a visit).
    raised_on
        When it was raised (default: the visit's date, else today).
    owner
        The staff member who follows it up (an account with the role staff or admin).
    due
        When it must be answered (default: :meth:`network.config.FieldWork.days_to_answer` after it was raised).
    """

    member_id: str
    text: str
    category: str | None = None
    urgency: str = "보통"
    visit_id: str | None = None
    channel: str = "방문"
    raised_on: dt.date | None = None
    owner: str | None = None
    due: dt.date | None = None


@dataclass(frozen=True)
class Difficulty:
    """A recorded difficulty as stored."""

    id: str
    import_key: str | None
    member_id: str
    member_name: str | None
    federation: str | None
    visit_id: str | None
    channel: str
    category: str
    text: str
    urgency: str
    status: str
    owner: str | None
    raised_on: dt.date
    due: dt.date | None
    referred_to: str | None
    close_reason: str | None
    first_response_at: dt.datetime | None
    closed_at: dt.datetime | None
    created_by: str | None
    created_at: dt.datetime
    updated_by: str | None
    updated_at: dt.datetime
    version: int

    def changes(self, other: Difficulty) -> dict[str, tuple[object, object]]:
        """``{field: (self's value, other's value)}`` of the fields a person edits that differ.

        Examples
        --------
        >>> now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        >>> a = Difficulty("RD-000001", None, "A", None, None, None, "전화", "자금", "대출", "보통", "접수", None,
        ...                dt.date(2026, 1, 1), None, None, None, None, None, None, now, None, now, 1)
        >>> a.changes(replace(a, status="검토", version=2))
        {'status': ('접수', '검토')}
        """
        return {name: (getattr(self, name), getattr(other, name)) for name in _EDITABLE
                if getattr(self, name) != getattr(other, name)}


_EDITABLE = ("category", "text", "urgency", "status", "owner", "due", "referred_to", "close_reason")


class RecordConflictError(ConflictError):
    """Someone else saved the record first: ``stored`` is their version, ``attempted`` what this save wanted.

    The person sees both and decides; nothing of either was lost.
    """

    def __init__(self, stored: Difficulty | Visit, attempted: Mapping[str, object]):
        super().__init__("error.record_changed", record=stored.id, by=stored.updated_by or "-",
                         at=stored.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        self.stored = stored
        self.attempted = dict(attempted)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)


def _clean(value: object) -> str | None:
    """A text value stripped, or ``None`` for nothing (``None``, NaN, ``pd.NA``, blanks)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _date(value: object) -> dt.date | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def _jsonable(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _changes_json(changes: Mapping[str, tuple[object, object]]) -> str:
    return json.dumps({k: [_jsonable(a), _jsonable(b)] for k, (a, b) in changes.items()}, ensure_ascii=False)


def _member_lookup(members: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    names = members["name"] if "name" in members.columns else pd.Series(None, index=members.index)
    federations = members["federation"] if "federation" in members.columns else pd.Series(None, index=members.index)
    return {str(m): (_clean(n), _clean(f)) for m, n, f in zip(members["member_id"], names, federations)}


def _raise_all(errors: Sequence[NetworkError]) -> None:
    if errors:
        raise OptionError.combine(errors)


class Records:
    """The field work recorded in a workspace.

    Parameters
    ----------
    workspace
        The :class:`~network.store.Workspace` holding the records.
    policy
        Due days per category (default: the settings' :class:`~network.config.FieldWork`).
    """

    def __init__(self, workspace: Database, *, policy: FieldWork | None = None):
        self.workspace = workspace
        self.policy = policy or load_settings().field_work  # NETWORK_DUE_DAYS as set when the records are opened

    # --- reading ---------------------------------------------------------------------------------------

    def stamp(self) -> int:
        """A number that grows with every change to any record (one small query): a cache key for the records."""
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.coalesce(sa.func.max(t.field_history.c.id), 0)))
                       .scalar_one())

    def visit(self, record_id: str) -> Visit:
        """One recorded visit (:class:`NotFoundError` when there is none with this id)."""
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            return self._visit(connection, _number(record_id, "RV"))

    def difficulty(self, record_id: str) -> Difficulty:
        """One recorded difficulty (``RD-…``, or the id of the imported difficulty it continues)."""
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            return self._difficulty(connection, self._difficulty_number(connection, record_id))

    def find_imported(self, import_key: str) -> Difficulty | None:
        """The record continuing the imported difficulty ``import_key``, if someone took it up."""
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            number = connection.execute(sa.select(t.field_difficulties.c.id).where(
                t.field_difficulties.c.import_key == import_key)).scalar()
            return None if number is None else self._difficulty(connection, int(number))

    def history(self, record_id: str) -> pd.DataFrame:
        """Every change of one record, oldest first: ``at``, ``actor``, ``action``, ``changes``
        (``{field: [before, after]}``) and ``note``."""
        kind = "visit" if str(record_id).upper().startswith("RV-") else "difficulty"
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            number = (_number(record_id, "RV") if kind == "visit"
                      else self._difficulty_number(connection, record_id))
            h = t.field_history.c
            rows = connection.execute(sa.select(h.at, h.actor, h.action, h.changes, h.note)
                                      .where(h.kind == kind, h.record == number).order_by(h.id)).all()
        frame = pd.DataFrame([(_aware(r[0]), r[1], r[2], json.loads(r[3] or "{}"), r[4]) for r in rows],
                             columns=["at", "actor", "action", "changes", "note"])
        return frame

    def tables(self) -> RecordTables:
        """Every record as tables shaped like the data set's (what :func:`network.fieldwork.with_records` adds)."""
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            stamp = int(connection.execute(sa.select(sa.func.coalesce(sa.func.max(t.field_history.c.id), 0)))
                        .scalar_one())
            visits = connection.execute(sa.select(t.field_visits).order_by(t.field_visits.c.id)).mappings().all()
            firms = connection.execute(sa.select(t.field_visit_firms).order_by(
                t.field_visit_firms.c.visit, t.field_visit_firms.c.member_id)).mappings().all()
            guests = connection.execute(sa.select(t.field_visit_guests).order_by(
                t.field_visit_guests.c.visit, t.field_visit_guests.c.seq)).mappings().all()
            query = sa.select(t.field_difficulties).order_by(t.field_difficulties.c.id)
            result = connection.execute(query)
            d = pd.DataFrame(result.all(), columns=list(result.keys()))
        visit_frame = pd.DataFrame([{
            "visit_id": visit_id(v["id"]), "date": pd.Timestamp(v["date"]), "program": v["program"],
            "sido": v["sido"], "sigungu": v["sigungu"], "address": v["place"], "lat": float("nan"),
            "lon": float("nan"), "office": v["office"], "participants": v["participants"],
            "sido_code": v["sido_code"], "sigungu_code": v["sigungu_code"], "source_row": None,
            "notes": v["notes"], "created_by": v["created_by"], "updated_at": _aware(v["updated_at"]),
            "record_version": v["version"]} for v in visits], columns=list(RECORDED_VISIT_COLUMNS))
        visit_frame["date"] = pd.to_datetime(visit_frame["date"])
        visit_frame["participants"] = visit_frame["participants"].astype("Int64")
        attendance = pd.DataFrame({"visit_id": [visit_id(f["visit"]) for f in firms],
                                   "member_id": [f["member_id"] for f in firms],
                                   "member_name": [f["member_name"] for f in firms],
                                   "source_row": pd.array([None] * len(firms), dtype="Int64")})
        guest_frame = pd.DataFrame({"visit_id": [visit_id(g["visit"]) for g in guests],
                                    "name": [g["name"] for g in guests], "place": [g["place"] for g in guests],
                                    "sigungu_code": [g["sigungu_code"] for g in guests],
                                    "sigungu": [g["sigungu"] for g in guests]})
        # the difficulties can be many (100,000 read in about a second): column by column, not row by row
        difficulty_frame = d.rename(columns={"version": "record_version"}).assign(
            difficulty_id="RD-" + d["id"].astype("int64").astype(str).str.zfill(6), source_row=None, recorded=True,
            raised_on=pd.to_datetime(d["raised_on"]), due=pd.to_datetime(d["due"]),
            **{c: pd.to_datetime(d[c], utc=True) for c in ("first_response_at", "closed_at", "updated_at")},
        ).reindex(columns=list(RECORDED_DIFFICULTY_COLUMNS))
        return RecordTables(visits=visit_frame, attendance=attendance, difficulties=difficulty_frame,
                            guests=guest_frame, stamp=stamp)

    # --- visits ----------------------------------------------------------------------------------------

    def add_visit(self, visit: VisitInput, *, members: pd.DataFrame, actor: str | None,
                  today: dt.date | None = None) -> Visit:
        """Record a visit (all checked first: nothing is saved when anything is wrong).

        Raises
        ------
        OptionError
            Every problem of the form at once: no date or a date after today, an unknown programme, a place
            that is not a Korean 시군구, an attending firm that is not a member, fewer participants than
            attendees named.
        """
        row, firms, guests = self._checked_visit(visit, members, today)
        now = _now()
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            number = int(connection.execute(t.field_visits.insert().values(
                **row, created_by=actor, created_at=now, updated_by=actor, updated_at=now, version=1)
                .returning(t.field_visits.c.id)).scalar_one())
            self._write_attendees(connection, number, firms, guests)
            self._log(connection, "visit", number, actor, "created", {}, now=now)
            return self._visit(connection, number)

    def change_visit(self, record_id: str, visit: VisitInput, *, version: int, members: pd.DataFrame,
                     actor: str | None, today: dt.date | None = None) -> Visit:
        """Correct a recorded visit; ``version`` is the one the person started from.

        Raises
        ------
        RecordConflictError
            If someone else saved the visit since (nothing is changed; the error holds their version).
        """
        number = _number(record_id, "RV")
        row, firms, guests = self._checked_visit(visit, members, today)
        now = _now()
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            before = self._visit(connection, number)
            changed = connection.execute(t.field_visits.update().where(
                t.field_visits.c.id == number, t.field_visits.c.version == version).values(
                **row, updated_by=actor, updated_at=now, version=version + 1))
            if changed.rowcount != 1:
                raise RecordConflictError(before, {f.name: getattr(visit, f.name) for f in fields(visit)})
            connection.execute(t.field_visit_firms.delete().where(t.field_visit_firms.c.visit == number))
            connection.execute(t.field_visit_guests.delete().where(t.field_visit_guests.c.visit == number))
            self._write_attendees(connection, number, firms, guests)
            after = self._visit(connection, number)
            diff = {name: (getattr(before, name), getattr(after, name))
                    for name in ("date", "program", "place", "office", "member_ids", "guests", "participants",
                                 "notes") if getattr(before, name) != getattr(after, name)}
            if "guests" in diff:
                diff["guests"] = tuple(tuple(f"{g.name} ({g.place})" for g in side) for side in diff["guests"])  # type: ignore[assignment]
            self._log(connection, "visit", number, actor, "changed", diff, now=now)
            return after

    def _checked_visit(self, visit: VisitInput, members: pd.DataFrame, today: dt.date | None
                       ) -> tuple[dict[str, Any], list[tuple[str, str | None]], list[dict[str, Any]]]:
        today = today or dt.date.today()
        errors: list[NetworkError] = []
        if visit.date is None:
            errors.append(OptionError("error.visit_no_date"))
        elif visit.date > today:
            errors.append(OptionError("error.visit_in_future", date=visit.date.isoformat(),
                                      today=today.isoformat()))
        if visit.program not in PROGRAM_CHOICES:
            errors.append(OptionError("error.option_choice", option="프로그램", value=visit.program,
                                      allowed=", ".join(PROGRAM_CHOICES)))
        place = (visit.place or "").strip()
        match = normalize_region(place) if place else None
        if match is None:
            errors.append(OptionError("error.visit_no_place"))
        elif not match.ok or match.sigungu_code is None:
            errors.append(OptionError("error.visit_place", place=place,
                                      problem=_region_problem(match.problem or "unknown_region", match.params)))
        lookup = _member_lookup(members)
        firms: list[tuple[str, str | None]] = []
        for member in dict.fromkeys(str(m).strip() for m in visit.member_ids if str(m).strip()):
            if member not in lookup:
                errors.append(OptionError("error.unknown_firm", member_id=member))
            else:
                firms.append((member, lookup[member][0]))
        guests: list[dict[str, Any]] = []
        for seq, guest in enumerate(visit.guests, start=1):
            name = (guest.name or "").strip()
            if not name:
                continue
            guest_place = (guest.place or "").strip()
            guest_match = normalize_region(guest_place) if guest_place else None
            if guest_match is not None and (not guest_match.ok or guest_match.sigungu_code is None):
                errors.append(OptionError("error.guest_place", name=name, place=guest_place,
                                          problem=_region_problem(guest_match.problem or "unknown_region",
                                                                  guest_match.params)))
            guests.append({"seq": seq, "name": name[:200], "place": guest_place or None,
                           "sigungu_code": guest_match.sigungu_code if guest_match else None,
                           "sigungu": guest_match.sigungu if guest_match else None})
        named = len(firms) + len(guests)
        participants = visit.participants if visit.participants is not None else named
        if participants < 0 or participants < named:
            errors.append(OptionError("error.participants_below_named", participants=participants, named=named))
        if len(visit.notes or "") > _MAX_TEXT:
            errors.append(OptionError("error.text_too_long", field="메모", maximum=_MAX_TEXT))
        _raise_all(errors)
        assert match is not None and visit.date is not None
        row = {"date": visit.date, "program": visit.program, "office": _clean(visit.office), "place": place,
               "sido_code": match.sido_code, "sido": match.sido, "sigungu_code": match.sigungu_code,
               "sigungu": match.sigungu, "participants": participants, "notes": (visit.notes or "").strip()}
        return row, firms, guests

    def _write_attendees(self, connection: sa.Connection, number: int, firms: list[tuple[str, str | None]],
                         guests: list[dict[str, Any]]) -> None:
        if firms:
            connection.execute(t.field_visit_firms.insert(), [
                {"visit": number, "member_id": m, "member_name": n} for m, n in firms])
        if guests:
            connection.execute(t.field_visit_guests.insert(), [{"visit": number, **g} for g in guests])

    def _visit(self, connection: sa.Connection, number: int) -> Visit:
        row = connection.execute(sa.select(t.field_visits).where(t.field_visits.c.id == number)).mappings().first()
        if row is None:
            raise NotFoundError("error.unknown_record", record=visit_id(number))
        firms = connection.execute(sa.select(t.field_visit_firms.c.member_id, t.field_visit_firms.c.member_name)
                                   .where(t.field_visit_firms.c.visit == number)
                                   .order_by(t.field_visit_firms.c.member_id)).all()
        guests = connection.execute(sa.select(t.field_visit_guests.c.name, t.field_visit_guests.c.place)
                                    .where(t.field_visit_guests.c.visit == number)
                                    .order_by(t.field_visit_guests.c.seq)).all()
        return Visit(id=visit_id(number), date=_date(row["date"]) or dt.date.min, program=row["program"],
                     place=row["place"], office=row["office"], sido_code=row["sido_code"], sido=row["sido"],
                     sigungu_code=row["sigungu_code"], sigungu=row["sigungu"],
                     member_ids=tuple(f[0] for f in firms), member_names=tuple(f[1] for f in firms),
                     guests=tuple(Guest(g[0], g[1] or "") for g in guests), participants=row["participants"],
                     notes=row["notes"], created_by=row["created_by"], created_at=_aware(row["created_at"]) or _now(),
                     updated_by=row["updated_by"], updated_at=_aware(row["updated_at"]) or _now(),
                     version=int(row["version"]))

    # --- difficulties ----------------------------------------------------------------------------------

    def add_difficulty(self, difficulty: DifficultyInput, *, members: pd.DataFrame, actor: str | None,
                       visit_dates: Mapping[str, dt.date] | None = None, today: dt.date | None = None) -> Difficulty:
        """Record a difficulty a firm raised (status 접수; due date from the category unless given).

        Parameters
        ----------
        members
            The current member list (the firm must be in it).
        visit_dates
            ``{visit id: date}`` of imported visits it may be tied to (recorded visits are looked up).

        Raises
        ------
        OptionError
            Every problem at once: no firm or an unknown one, no text, an unknown category, urgency or channel,
            an unknown visit, an owner who is not staff, a due date before the day it was raised.
        """
        from network.difficulty_category import suggest_category

        today = today or dt.date.today()
        errors: list[NetworkError] = []
        lookup = _member_lookup(members)
        member = (difficulty.member_id or "").strip()
        if not member:
            errors.append(OptionError("error.difficulty_no_firm"))
        elif member not in lookup:
            errors.append(OptionError("error.unknown_firm", member_id=member))
        text = (difficulty.text or "").strip()
        if not text:
            errors.append(OptionError("error.difficulty_no_text"))
        elif len(text) > _MAX_TEXT:
            errors.append(OptionError("error.text_too_long", field="애로 내용", maximum=_MAX_TEXT))
        category = difficulty.category or (suggest_category(text) if text else None)
        if category not in schema.ISSUE_CATEGORIES and (category is not None or text):
            errors.append(OptionError("error.option_choice", option="분야", value=category,
                                      allowed=", ".join(schema.ISSUE_CATEGORIES)))
        if difficulty.urgency not in URGENCIES:
            errors.append(OptionError("error.option_choice", option="긴급도", value=difficulty.urgency,
                                      allowed=", ".join(URGENCIES)))
        visit = _clean(difficulty.visit_id)
        channel = "방문" if visit else difficulty.channel
        if channel not in CHANNELS:
            errors.append(OptionError("error.option_choice", option="접수 경로", value=channel,
                                      allowed=", ".join(CHANNELS)))
        now = _now()
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            raised = difficulty.raised_on
            if visit:
                held = self._visit_date(connection, visit, visit_dates or {})
                if held is None:
                    errors.append(OptionError("error.unknown_visit", visit=visit))
                elif visit.upper().startswith("RV-"):
                    visit = visit_id(_number(visit, "RV"))  # as shown everywhere (rv-1 → RV-000001)
                raised = raised or held
            raised = raised or today
            if raised > today:
                errors.append(OptionError("error.visit_in_future", date=raised.isoformat(), today=today.isoformat()))
            owner = _clean(difficulty.owner)
            if owner is not None:
                owner = self._staff_name(connection, owner, errors)
            due = difficulty.due or (raised + dt.timedelta(days=self.policy.days_to_answer(
                category, urgent=difficulty.urgency == "긴급")))
            if due < raised:
                errors.append(OptionError("error.due_before_raised", due=due.isoformat(), raised=raised.isoformat()))
            _raise_all(errors)
            name, federation = lookup[member]
            number = int(connection.execute(t.field_difficulties.insert().values(
                import_key=None, member_id=member, member_name=name, federation=federation, visit_id=visit,
                channel=channel, category=category, text=text, urgency=difficulty.urgency, status="접수",
                owner=owner, raised_on=raised, due=due, created_by=actor, created_at=now, updated_by=actor,
                updated_at=now, version=1).returning(t.field_difficulties.c.id)).scalar_one())
            self._log(connection, "difficulty", number, actor, "created", {}, now=now)
            return self._difficulty(connection, number)

    def adopt(self, imported: Mapping[str, Any], *, actor: str | None) -> Difficulty:
        """Take up an imported difficulty so it can be followed (once: a second call returns the same record).

        ``imported`` is its row of the data set's ``difficulties`` (``difficulty_id``, ``member_id``,
        ``category``, ``text``, ``visit_id``, and ``raised_on``, ``member_name``, ``federation``, ``status``
        when known).  Its status stays what the file said (or :data:`IMPORTED_STATUS` becomes 접수).
        """
        key = str(imported["difficulty_id"])
        now = _now()
        raised = _date(imported.get("raised_on")) or now.date()
        category = imported.get("category")
        status = imported.get("status")
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            existing = connection.execute(sa.select(t.field_difficulties.c.id).where(
                t.field_difficulties.c.import_key == key)).scalar()
            if existing is not None:
                return self._difficulty(connection, int(existing))
            category = category if category in schema.ISSUE_CATEGORIES else "경영일반"
            number = int(connection.execute(t.field_difficulties.insert().values(
                import_key=key, member_id=_clean(imported.get("member_id")) or "-",
                member_name=_clean(imported.get("member_name")), federation=_clean(imported.get("federation")),
                visit_id=_clean(imported.get("visit_id")), channel="방문", category=category,
                text=_clean(imported.get("text")) or category, urgency="보통",
                status=status if status in STATUSES else "접수", owner=None, raised_on=raised,
                due=raised + dt.timedelta(days=self.policy.days_to_answer(category, urgent=False)),
                created_by=actor, created_at=now, updated_by=actor, updated_at=now, version=1)
                .returning(t.field_difficulties.c.id)).scalar_one())
            self._log(connection, "difficulty", number, actor, "adopted", {}, note=key, now=now)
            return self._difficulty(connection, number)

    def update_difficulty(self, record_id: str, *, version: int, actor: str | None, status: str | None = None,
                          owner: str | None = None, due: dt.date | None = None, referred_to: str | None = None,
                          close_reason: str | None = None, category: str | None = None, text: str | None = None,
                          urgency: str | None = None, note: str = "", now: dt.datetime | None = None) -> Difficulty:
        """Change a difficulty: its status (with the body it was referred to, or why it was closed), owner, due
        date, category, text or urgency, and/or add a response note.  ``None`` keeps a field; ``owner=""``
        removes the owner.  ``version`` is the one the person started from.

        Raises
        ------
        OptionError
            A move the status does not allow, 이관 without the body, 종결 without a reason, an owner who is
            not staff, a due date before the day it was raised, an empty text, an unknown category.
        RecordConflictError
            If someone else saved it since (nothing is changed; the error holds their version).
        """
        now = now or _now()
        asked = {"status": status, "owner": owner, "due": due, "referred_to": referred_to,
                 "close_reason": close_reason, "category": category, "text": text, "urgency": urgency, "note": note}
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            number = self._difficulty_number(connection, record_id)
            before = self._difficulty(connection, number)
            if before.version != version:
                raise RecordConflictError(before, asked)
            note = (note or "").strip()
            after = self._changed(connection, before, status=status, owner=owner, due=due, referred_to=referred_to,
                                  close_reason=close_reason, category=category, text=text, urgency=urgency,
                                  note=note)
            changes = before.changes(after)
            if not changes and not note:
                return before
            values: dict[str, Any] = {name: getattr(after, name) for name in changes}
            if "status" in changes:
                values["closed_at"] = now if after.status in CLOSED_STATUSES else None
            responded = "status" in changes or bool(note)
            if responded and before.first_response_at is None:
                values["first_response_at"] = now
            result = connection.execute(t.field_difficulties.update().where(
                t.field_difficulties.c.id == number, t.field_difficulties.c.version == version).values(
                **values, updated_by=actor, updated_at=now, version=version + 1))
            if result.rowcount != 1:
                raise RecordConflictError(self._difficulty(connection, number), asked)
            action = "status" if "status" in changes else "assigned" if set(changes) == {"owner"} else (
                "changed" if changes else "note")
            self._log(connection, "difficulty", number, actor, action, changes, note=note, now=now)
            return self._difficulty(connection, number)

    def assign(self, record_ids: Iterable[str], owner: str, *, actor: str | None) -> list[Difficulty]:
        """Give several difficulties to one owner at once (each change kept in its history; all or none).

        Raises
        ------
        OptionError
            If ``owner`` is not an enabled staff or admin account.
        RecordConflictError
            If one of them was saved by someone else meanwhile (then none is assigned).
        """
        now = _now()
        out: list[Difficulty] = []
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            errors: list[NetworkError] = []
            name = self._staff_name(connection, owner, errors)
            _raise_all(errors)
            for record_id in record_ids:
                number = self._difficulty_number(connection, record_id)
                before = self._difficulty(connection, number)
                if before.owner == name:
                    out.append(before)
                    continue
                changed = connection.execute(t.field_difficulties.update().where(
                    t.field_difficulties.c.id == number, t.field_difficulties.c.version == before.version).values(
                    owner=name, updated_by=actor, updated_at=now, version=before.version + 1))
                if changed.rowcount != 1:  # saved by someone else in between: nothing of this assignment is kept
                    raise RecordConflictError(self._difficulty(connection, number), {"owner": name})
                self._log(connection, "difficulty", number, actor, "assigned", {"owner": (before.owner, name)},
                          now=now)
                out.append(self._difficulty(connection, number))
        return out

    def _changed(self, connection: sa.Connection, before: Difficulty, **asked: Any) -> Difficulty:
        errors: list[NetworkError] = []
        status = asked["status"] or before.status
        if status != before.status and status not in next_statuses(before.status):
            errors.append(OptionError("error.status_move", before=before.status, after=status))
        referred_to = before.referred_to if asked["referred_to"] is None else _clean(asked["referred_to"])
        close_reason = before.close_reason if asked["close_reason"] is None else _clean(asked["close_reason"])
        if status == "이관" and not referred_to:
            errors.append(OptionError("error.referral_needs_body"))
        if status == "종결" and not close_reason:
            errors.append(OptionError("error.closing_needs_reason"))
        owner = before.owner
        if asked["owner"] is not None:
            owner = self._staff_name(connection, asked["owner"], errors) if _clean(asked["owner"]) else None
        due = asked["due"] or before.due
        if due is not None and due < before.raised_on:
            errors.append(OptionError("error.due_before_raised", due=due.isoformat(),
                                      raised=before.raised_on.isoformat()))
        category = asked["category"] or before.category
        if category not in schema.ISSUE_CATEGORIES:
            errors.append(OptionError("error.option_choice", option="분야", value=category,
                                      allowed=", ".join(schema.ISSUE_CATEGORIES)))
        text = before.text if asked["text"] is None else asked["text"].strip()
        if not text:
            errors.append(OptionError("error.difficulty_no_text"))
        urgency = asked["urgency"] or before.urgency
        if urgency not in URGENCIES:
            errors.append(OptionError("error.option_choice", option="긴급도", value=urgency,
                                      allowed=", ".join(URGENCIES)))
        if len(asked["note"]) > _MAX_TEXT:
            errors.append(OptionError("error.text_too_long", field="조치 내용", maximum=_MAX_TEXT))
        _raise_all(errors)
        return replace(before, status=status, owner=owner, due=due, referred_to=referred_to,
                       close_reason=close_reason, category=category, text=text, urgency=urgency)

    def _staff_name(self, connection: sa.Connection, owner: str, errors: list[NetworkError]) -> str:
        """The account name of ``owner`` if it is an enabled staff or admin account; else an error is added."""
        row = connection.execute(sa.select(t.users.c.username, t.users.c.role, t.users.c.disabled).where(
            t.users.c.username_key == owner.strip().lower())).first()
        if row is None or row[1] not in ("staff", "admin") or row[2]:
            errors.append(OptionError("error.owner_not_staff", owner=owner))
            return owner
        return str(row[0])

    def _visit_date(self, connection: sa.Connection, visit: str, visit_dates: Mapping[str, dt.date]
                    ) -> dt.date | None:
        if visit.upper().startswith("RV-"):
            try:
                number = _number(visit, "RV")
            except NotFoundError:
                return None
            held = connection.execute(sa.select(t.field_visits.c.date).where(t.field_visits.c.id == number)).scalar()
            return _date(held)
        return _date(visit_dates.get(visit))

    def _difficulty_number(self, connection: sa.Connection, record_id: str) -> int:
        text = str(record_id or "").strip()
        if text.upper().startswith("RD-"):
            return _number(text, "RD")
        number = connection.execute(sa.select(t.field_difficulties.c.id).where(
            t.field_difficulties.c.import_key == text)).scalar()
        if number is None:
            raise NotFoundError("error.unknown_record", record=record_id)
        return int(number)

    def _difficulty(self, connection: sa.Connection, number: int) -> Difficulty:
        row = connection.execute(sa.select(t.field_difficulties).where(
            t.field_difficulties.c.id == number)).mappings().first()
        if row is None:
            raise NotFoundError("error.unknown_record", record=difficulty_id(number))
        values = {f.name: row[f.name] for f in fields(Difficulty) if f.name != "id"}
        for name in ("first_response_at", "closed_at", "created_at", "updated_at"):
            values[name] = _aware(values[name])
        values["raised_on"], values["due"] = _date(values["raised_on"]), _date(values["due"])
        return Difficulty(id=difficulty_id(number), **values)

    def _log(self, connection: sa.Connection, kind: str, number: int, actor: str | None, action: str,
             changes: Mapping[str, tuple[object, object]], *, note: str = "", now: dt.datetime) -> None:
        connection.execute(t.field_history.insert().values(kind=kind, record=number, at=now, actor=actor,
                                                           action=action, changes=_changes_json(changes), note=note))


def _region_problem(code: str, params: Iterable[tuple[str, object]]) -> Text:
    """Why a place could not be resolved, in both languages (the region normaliser's message)."""
    values = dict(params)
    return Text(ko=texts.t(f"problem.{code}", "ko", **values), en=texts.t(f"problem.{code}", "en", **values))

