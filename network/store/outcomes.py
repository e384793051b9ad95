"""What became of the suggestions, kept in the workspace: the outcomes people record (소개함, 만남, 협력 성사,
관심 없음) with who and when, and the log of the suggestions shown.

Like the field-work records, outcomes are not versions of the data set: an import or a rollback never touches
them.  An outcome is checked against the data set it was recorded on (both firms members, not the same firm,
not already partners) before anything is stored; a partnered outcome then counts as a partnership started
that day (:func:`network.feedback.with_outcomes`, applied by :meth:`Workspace.load_with_records
<network.store.workspace.Workspace.load_with_records>`), and a decline keeps the pair out of the suggestions
for a while (:meth:`Outcomes.declined`).

Examples
--------
>>> import datetime as dt, tempfile
>>> import pandas as pd
>>> from network.store import Workspace
>>> outcomes = Outcomes(Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db"))
>>> members = pd.DataFrame({"member_id": ["A1", "B2", "C3"], "name": ["가나", "다라", "마바"]})
>>> partnerships = pd.DataFrame({"source_id": ["A1"], "target_id": ["C3"], "started": [pd.NaT]})
>>> done = outcomes.record("A1", "B2", "만남", actor="kim", members=members, partnerships=partnerships,
...                        today=dt.date(2026, 3, 4))
>>> done.id, done.outcome, done.day, done.recorded_by
('SO-000001', 'met', datetime.date(2026, 3, 4), 'kim')
>>> outcomes.record("C3", "A1", "introduced", actor="kim", members=members, partnerships=partnerships)
Traceback (most recent call last):
...
network.errors.OptionError: C3과 A1은 이미 협력 관계입니다. 협력 관계인 두 기업에는 추천 결과를 기록하지 않습니다
>>> outcomes.log_shown("A1", [("B2", 1, 0.8), ("C3", 2, 0.5)], actor="kim")
2
>>> outcomes.shown()[["member_id", "candidate_id", "rank"]].values.tolist()
[['A1', 'B2', 1], ['A1', 'C3', 2]]
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa

from network import feedback
from network.config import Feedback, load_settings
from network.errors import NetworkError, OptionError
from network.store import tables as t
from network.store.audit import Database
from network.texts import Language, Text

__all__ = ["MAX_REASON", "Outcome", "Outcomes", "outcome_id"]

#: Characters of a decline's reason.
MAX_REASON = 1000


def outcome_id(number: int) -> str:
    """The id an outcome is shown with.

    Examples
    --------
    >>> outcome_id(3)
    'SO-000003'
    """
    return f"SO-{number:06d}"


@dataclass(frozen=True)
class Outcome:
    """An outcome as stored: ``member_id`` was suggested ``candidate_id``, and this came of it.

    Attributes
    ----------
    id
        ``SO-000001`` …
    outcome
        One of :data:`network.feedback.OUTCOMES`.
    reason
        Why it was declined (``None`` when not given, and for the other outcomes).
    recorded_by, recorded_at
        Who recorded it and when (UTC).
    day
        The Korean calendar day it counts for (a partnered pair's partnership starts that day).
    """

    id: str
    member_id: str
    candidate_id: str
    outcome: str
    reason: str | None
    recorded_by: str | None
    recorded_at: dt.datetime
    day: dt.date

    def label(self, language: Language = "ko") -> str:
        """The outcome in words (``"협력 성사"``).

        Examples
        --------
        >>> at = dt.datetime(2026, 3, 4, 3, tzinfo=dt.timezone.utc)
        >>> Outcome("SO-000001", "A", "B", "declined", None, "kim", at, dt.date(2026, 3, 4)).label("en")
        'declined'
        """
        return feedback.outcome_label(self.outcome, language)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)


def _clean(value: object) -> str:
    """A text value stripped; ``""`` for nothing (``None``, NaN, blanks)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _unknown(keys: tuple[str, str], value: str, members: pd.DataFrame, ids: pd.Series) -> OptionError:
    """An unknown firm (``keys``: the message without and with a suggestion), with the member meant when the value
    is a member's name or close to an id."""
    import difflib

    names = members["name"].astype(str) if "name" in members.columns else pd.Series(dtype=str)
    by_name = ids[names.to_numpy() == value] if len(names) else ids.iloc[0:0]
    close = ([f"{by_name.iloc[0]} ({value})"] if len(by_name) and value
             else difflib.get_close_matches(value, ids.tolist(), n=1, cutoff=0.8) if value else [])
    if close:
        return OptionError(keys[1], value=repr(value), suggestion=close[0])
    return OptionError(keys[0], value=repr(value))


def _partners_since(partnerships: pd.DataFrame, member: str, candidate: str) -> tuple[bool, str | None]:
    """Whether the two firms are partners in ``partnerships`` (either direction), and since when if known."""
    if partnerships is None or not len(partnerships):
        return False, None
    source, target = partnerships["source_id"].astype(str), partnerships["target_id"].astype(str)
    found = ((source == member) & (target == candidate)) | ((source == candidate) & (target == member))
    if not found.any():
        return False, None
    started = (pd.to_datetime(partnerships.loc[found, "started"]).dropna() if "started" in partnerships.columns
               else pd.Series(dtype="datetime64[ns]"))
    return True, (started.min().date().isoformat() if len(started) else None)


def _already_partners(member: str, candidate: str, since: str | None) -> OptionError:
    if since:
        return OptionError("error.outcome_already_partners_since", member_id=member, candidate_id=candidate,
                           since=since)
    return OptionError("error.outcome_already_partners", member_id=member, candidate_id=candidate)


class Outcomes:
    """The outcomes of suggestions and the log of suggestions shown, kept in a workspace.

    Parameters
    ----------
    workspace
        The :class:`~network.store.Workspace` holding them.
    policy
        How long a decline holds (default: the settings' :class:`~network.config.Feedback`, read from the
        environment: ``NETWORK_DECLINE_MONTHS``).
    """

    def __init__(self, workspace: Database, *, policy: Feedback | None = None):
        self.workspace = workspace
        self._policy = policy

    @property
    def policy(self) -> Feedback:
        """How long a decline holds (:class:`~network.config.Feedback`)."""
        return self._policy or load_settings().feedback

    # --- reading ---------------------------------------------------------------------------------------

    def stamp(self) -> int:
        """A number that grows whenever an outcome is recorded (one small query): a cache key for what the outcomes
        change — the partnerships (a partnered pair) and the pairs not to suggest.  Logging the suggestions shown
        leaves it alone (:meth:`shown_stamp`), so showing a list never makes the engine prepare again.

        Examples
        --------
        >>> import tempfile
        >>> from network.store import Workspace
        >>> outcomes = Outcomes(Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db"))
        >>> members = pd.DataFrame({"member_id": ["A", "B"]})
        >>> _ = outcomes.log_shown("A", [("B", 1, 0.5)], actor="kim")
        >>> before = outcomes.stamp()
        >>> _ = outcomes.record("A", "B", "met", actor="kim", members=members, partnerships=members.iloc[0:0])
        >>> before, outcomes.stamp() > before
        (0, True)
        """
        return self._max(t.suggestion_outcomes.c.id)

    def shown_stamp(self) -> int:
        """A number that grows whenever suggestions are logged as shown (:meth:`log_shown`).

        Examples
        --------
        >>> import tempfile
        >>> from network.store import Workspace
        >>> outcomes = Outcomes(Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db"))
        >>> before = outcomes.shown_stamp()
        >>> _ = outcomes.log_shown("A", [("B", 1, 0.5)], actor="kim")
        >>> before, outcomes.shown_stamp() > before
        (0, True)
        """
        return self._max(t.suggestions_shown.c.seq)

    def _max(self, column: sa.Column) -> int:
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.coalesce(sa.func.max(column), 0))).scalar_one())

    def table(self) -> pd.DataFrame:
        """Every outcome, in the order recorded, as a table of :data:`network.feedback.OUTCOME_COLUMNS`."""
        return self._outcomes(None)

    def for_member(self, member_id: str) -> pd.DataFrame:
        """The outcomes of the pairs ``member_id`` is part of, on either side (as recorded), in the order recorded.

        :func:`network.feedback.member_outcomes` gives the latest of each pair, seen from the member.
        """
        return self._outcomes(str(member_id).strip())

    def _outcomes(self, member: str | None) -> pd.DataFrame:
        o = t.suggestion_outcomes.c
        query = sa.select(o.id, o.member_id, o.candidate_id, o.outcome, o.reason, o.recorded_by, o.recorded_at,
                          o.day).order_by(o.id)
        if member is not None:
            query = query.where(sa.or_(o.member_id == member, o.candidate_id == member))
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            rows = connection.execute(query).all()
        if not rows:
            return feedback.empty_outcomes()
        columns = list(zip(*rows))
        return pd.DataFrame({
            "outcome_id": pd.Series([outcome_id(n) for n in columns[0]], dtype=object),
            "member_id": pd.Series(columns[1], dtype=object), "candidate_id": pd.Series(columns[2], dtype=object),
            "outcome": pd.Series(columns[3], dtype=object), "reason": pd.Series(columns[4], dtype=object),
            "recorded_by": pd.Series(columns[5], dtype=object),
            "recorded_at": pd.to_datetime([_aware(v) for v in columns[6]], utc=True).astype("datetime64[ns, UTC]"),
            "day": pd.to_datetime([_date(v) for v in columns[7]]).astype("datetime64[ns]"),
        }, columns=list(feedback.OUTCOME_COLUMNS))

    def shown(self) -> pd.DataFrame:
        """The suggestions shown: one row per member and candidate (:data:`network.feedback.SHOWN_COLUMNS`)."""
        s = t.suggestions_shown.c
        query = sa.select(s.member_id, s.candidate_id, s.rank, s.score, s.first_shown_at, s.last_shown_at,
                          s.shown_by).order_by(s.member_id, s.rank, s.candidate_id)
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            rows = connection.execute(query).all()
        if not rows:
            return feedback.empty_shown()
        columns = list(zip(*rows))
        return pd.DataFrame({
            "member_id": pd.Series(columns[0], dtype=object), "candidate_id": pd.Series(columns[1], dtype=object),
            "rank": pd.array(columns[2], dtype="Int64"),
            "score": pd.Series([math.nan if v is None else float(v) for v in columns[3]], dtype=float),
            "first_shown_at": pd.to_datetime([_aware(v) for v in columns[4]], utc=True).astype("datetime64[ns, UTC]"),
            "last_shown_at": pd.to_datetime([_aware(v) for v in columns[5]], utc=True).astype("datetime64[ns, UTC]"),
            "shown_by": pd.Series(columns[6], dtype=object),
        }, columns=list(feedback.SHOWN_COLUMNS))

    def declined(self, *, today: dt.date | None = None) -> pd.DataFrame:
        """The pairs not to suggest on ``today`` (either direction): :func:`network.feedback.declined_pairs` of the
        stored outcomes with the policy's months.

        Examples
        --------
        >>> import tempfile
        >>> from network.store import Workspace
        >>> outcomes = Outcomes(Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db"), policy=Feedback(decline_months=6))
        >>> members = pd.DataFrame({"member_id": ["A", "B"]})
        >>> _ = outcomes.record("A", "B", "관심 없음", actor="kim", reason="업종이 다름", members=members,
        ...                     partnerships=members.iloc[0:0], today=dt.date(2026, 1, 10))
        >>> outcomes.declined(today=dt.date(2026, 7, 9))[["member_id", "candidate_id", "until"]].values.tolist()
        [['A', 'B', Timestamp('2026-07-10 00:00:00')]]
        """
        return feedback.declined_pairs(self.table(), today=today, months=self.policy.decline_months)

    # --- writing ---------------------------------------------------------------------------------------

    def record(self, member_id: str, candidate_id: str, outcome: str, *, actor: str | None,
               reason: str | None = None, members: pd.DataFrame, partnerships: pd.DataFrame,
               today: dt.date | None = None, now: dt.datetime | None = None) -> Outcome:
        """Record what came of suggesting ``candidate_id`` to ``member_id`` (everything checked first: nothing is
        stored when anything is wrong).

        Parameters
        ----------
        member_id, candidate_id
            The member the suggestion was for and the firm suggested; both must be in ``members``.
        outcome
            A code of :data:`network.feedback.OUTCOMES` or its label in either language (``"협력 성사"``).
        actor
            Who records it (the app checks that they may: staff, or the member's federation leader).
        reason
            Why it was declined (optional).  Only a decline takes a reason: with another outcome it is refused
            rather than stored where nobody would read it.
        members, partnerships
            The data set the suggestion came from (``Workspace.load_with_records()``, whose partnerships hold
            the pairs partnered earlier).  Pairs stored as partnered are refused even when ``partnerships``
            lacks them.
        today
            The Korean calendar day it counts for (default: today in Korea).
        now
            When it is recorded (default: now).

        Raises
        ------
        OptionError
            Every problem at once, in Korean (English with ``message("en")``), naming the ids: a member or
            candidate not in the member list (with the member meant when the value is close to one), the same
            firm twice, an unknown outcome, a pair that is already partners (either direction), a reason for
            an outcome other than a decline or a reason longer than :data:`MAX_REASON` characters.
        StoreError
            If the workspace cannot be written.
        """
        now = _aware(now) if now is not None else _now()
        day = today or feedback.local_day(now).date()
        member, candidate = _clean(member_id), _clean(candidate_id)
        errors: list[NetworkError] = []
        ids = members["member_id"].astype(str).reset_index(drop=True)
        known = set(ids)
        if member not in known:
            errors.append(_unknown(("error.outcome_unknown_member", "error.outcome_unknown_member_suggest"), member,
                                   members.reset_index(drop=True), ids))
        if candidate not in known:
            errors.append(_unknown(("error.outcome_unknown_candidate", "error.outcome_unknown_candidate_suggest"),
                                   candidate, members.reset_index(drop=True), ids))
        if member and member == candidate:
            errors.append(OptionError("error.outcome_same_firm", member_id=member))
        code: str | None = None
        try:
            code = feedback.parse_outcome(outcome)
        except OptionError as err:
            errors.append(err)
        text = _clean(reason) or None
        if text is not None and code is not None and code != "declined":
            errors.append(OptionError("error.outcome_reason_not_declined", outcome=Text(
                ko=feedback.outcome_label(code, "ko"), en=feedback.outcome_label(code, "en"))))
        if text is not None and len(text) > MAX_REASON:
            errors.append(OptionError("error.outcome_reason_too_long", maximum=MAX_REASON))
        pair_known = member in known and candidate in known and member != candidate
        partners, since = _partners_since(partnerships, member, candidate) if pair_known else (False, None)
        if partners:
            errors.append(_already_partners(member, candidate, since))
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            if pair_known and not partners:
                o = t.suggestion_outcomes.c
                stored = connection.execute(sa.select(sa.func.min(o.day)).where(o.outcome == "partnered", sa.or_(
                    sa.and_(o.member_id == member, o.candidate_id == candidate),
                    sa.and_(o.member_id == candidate, o.candidate_id == member)))).scalar()
                if stored is not None:
                    errors.append(_already_partners(member, candidate, _date(stored).isoformat()))
            if errors:
                raise OptionError.combine(errors)
            assert code is not None
            number = int(connection.execute(t.suggestion_outcomes.insert().values(
                member_id=member, candidate_id=candidate, outcome=code, reason=text, recorded_by=actor,
                recorded_at=now, day=day).returning(t.suggestion_outcomes.c.id)).scalar_one())
        return Outcome(outcome_id(number), member, candidate, code, text, actor, now, day)

    def log_shown(self, member_id: str, candidates: Sequence[tuple[str, int, float | None]], actor: str | None, *,
                  now: dt.datetime | None = None) -> int:
        """Log that ``candidates`` were suggested to ``member_id`` (shown on a page): one statement in one short
        transaction, whatever the number of candidates.

        A candidate shown before keeps its first time; its rank, score, last time and who saw it become this
        showing's.  A candidate given twice counts once (its first rank).

        Parameters
        ----------
        member_id
            The member whose suggestions were shown.
        candidates
            ``(candidate_id, rank, score)`` of each suggestion shown (``score`` may be ``None``).
        actor
            Who saw them.
        now
            When (default: now).

        Returns
        -------
        int
            How many suggestions were logged.

        Raises
        ------
        ValueError
            If the member is missing, a candidate is the member itself or a rank is below 1 (a mistake of the
            caller, not of a person).
        StoreError
            If the workspace cannot be written.

        Examples
        --------
        >>> import tempfile
        >>> from network.store import Workspace
        >>> outcomes = Outcomes(Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db"))
        >>> first = dt.datetime(2026, 3, 4, tzinfo=dt.timezone.utc)
        >>> _ = outcomes.log_shown("A", [("B", 1, 0.9), ("C", 2, 0.4)], actor="kim", now=first)
        >>> _ = outcomes.log_shown("A", [("C", 1, 0.7)], actor="lee", now=first + dt.timedelta(days=1))
        >>> outcomes.shown()[["candidate_id", "rank", "shown_by", "first_shown_at", "last_shown_at"]].values.tolist()[1]
        ['C', 1, 'lee', Timestamp('2026-03-04 00:00:00+0000', tz='UTC'), Timestamp('2026-03-05 00:00:00+0000', tz='UTC')]
        """
        member = _clean(member_id)
        if not member:
            raise ValueError("log_shown needs a member_id")
        at = _aware(now) if now is not None else _now()
        rows: dict[str, dict[str, Any]] = {}
        for candidate_id, rank, score in candidates:
            candidate = _clean(candidate_id)
            if not candidate or candidate == member:
                raise ValueError(f"candidate was {candidate_id!r} but is expected to be another member than {member!r}")
            if int(rank) < 1:
                raise ValueError(f"rank was {rank!r} but is expected to be at least 1")
            value = None if score is None or not math.isfinite(float(score)) else float(score)
            rows.setdefault(candidate, {"member_id": member, "candidate_id": candidate, "rank": int(rank),
                                        "score": value, "first_shown_at": at, "last_shown_at": at,
                                        "shown_by": actor})
        if not rows:
            return 0
        s = t.suggestions_shown.c
        seq = sa.select(sa.func.coalesce(sa.func.max(s.seq), 0) + 1).scalar_subquery()
        values = [{**row, "seq": seq} for row in rows.values()]
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            if connection.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as dialect_insert
            else:
                from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
            statement = dialect_insert(t.suggestions_shown).values(values)
            excluded = statement.excluded
            connection.execute(statement.on_conflict_do_update(
                index_elements=[s.member_id, s.candidate_id],
                set_={"rank": excluded.rank, "score": excluded.score, "last_shown_at": excluded.last_shown_at,
                      "shown_by": excluded.shown_by, "seq": excluded.seq}))
        return len(rows)
