"""The field programme's records: visits, who attended them, and the difficulties raised there.

Visits, ``attendance`` (``visit_id``, ``member_id``) and ``difficulties``
(``difficulty_id``, ``visit_id``, ``member_id``, ``category``, ``text``) are
three tables of a :class:`network.dataset.Dataset`; the functions here join
them the same way for every page and command.  None changes its input.

:func:`with_records` adds what staff recorded in the app (:mod:`network.store.records`) to the imported
tables, so coverage, the planner and every page count a recorded visit at once; the difficulties then
carry their follow-up (:data:`TRACKING_COLUMNS`: status, owner, due date …).  :func:`difficulty_queue`,
:func:`response_times`, :func:`category_region_counts`, :func:`monthly_trend` and
:func:`growing_categories` are the queue and the dashboards.

Examples
--------
>>> visits = pd.DataFrame({"visit_id": ["V1", "V2"], "date": pd.to_datetime(["2025-01-05", "2025-03-01"])})
>>> attendance = pd.DataFrame({"visit_id": ["V1", "V2", "V2"], "member_id": ["a", "a", "b"]})
>>> sorted(visited_member_ids(attendance, visits[visits["visit_id"] == "V2"]))
['a', 'b']
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from network.dataset import Dataset
from network.schema import CLOSED_STATUSES, IMPORTED_STATUS, OPEN_STATUSES

__all__ = [
    "LOCAL_TIMEZONE", "QUEUE_COLUMNS", "RECORDED_DIFFICULTY_COLUMNS", "Guest", "RecordTables", "RECORDED_VISIT_COLUMNS", "TRACKING_COLUMNS",
    "VISITS_ATTENDED_COLUMNS", "attendance_at", "category_region_counts", "difficulties_at", "difficulty_counts",
    "describe_changes", "difficulty_queue", "filter_queue", "growing_categories", "has_follow_up", "latest_month", "open_by_sido", "member_difficulties", "member_labels", "monthly_trend",
    "parse_guests", "response_times", "visit_labels", "visited_member_ids", "visits_attended_table", "with_records",
]

#: A recorded visit's columns: the data set's visits columns, then who recorded it.
RECORDED_VISIT_COLUMNS = ("visit_id", "date", "program", "sido", "sigungu", "address", "lat", "lon", "office",
                          "participants", "sido_code", "sigungu_code", "source_row", "notes", "created_by",
                          "updated_at", "record_version")
#: The follow-up of a difficulty, after the data set's difficulty columns.
TRACKING_COLUMNS = ("member_name", "federation", "channel", "urgency", "status", "owner", "raised_on", "due",
                    "referred_to", "close_reason", "first_response_at", "closed_at", "created_by", "updated_at",
                    "record_version", "import_key", "recorded")
RECORDED_DIFFICULTY_COLUMNS = ("difficulty_id", "visit_id", "member_id", "category", "text", "source_row",
                               *TRACKING_COLUMNS)
#: The queue's columns (:func:`difficulty_queue`).
QUEUE_COLUMNS = ("difficulty_id", "status", "due", "overdue", "days_open", "category", "urgency", "member_id",
                 "member_name", "in_members", "federation", "sido", "sigungu", "office", "owner", "channel",
                 "visit_id", "raised_on", "text", "referred_to", "close_reason", "first_response_at", "closed_at",
                 "recorded", "record_version")
#: Days (raised, answered, closed, overdue) are Korean calendar days.
LOCAL_TIMEZONE = "Asia/Seoul"


@dataclass(frozen=True)
class Guest:
    """A non-member who attended a visit: a name and where they come from (address or 시군구)."""

    name: str
    place: str = ""


@dataclass(frozen=True)
class RecordTables:
    """The field work recorded in the app (:meth:`network.store.records.Records.tables`) as tables shaped like
    the data set's (see :func:`with_records`).

    ``visits`` and ``attendance`` have the columns of the data set's tables plus who recorded them;
    ``difficulties`` has the data set's columns plus the follow-up (:data:`TRACKING_COLUMNS`); ``guests`` lists
    the non-member attendees; ``stamp`` changes whenever a record does.
    """

    visits: pd.DataFrame
    attendance: pd.DataFrame
    difficulties: pd.DataFrame
    guests: pd.DataFrame
    stamp: int = 0

    @classmethod
    def empty(cls) -> RecordTables:
        """No records (e.g. to give a data set without a workspace the follow-up columns).

        Examples
        --------
        >>> len(RecordTables.empty().difficulties), "status" in RecordTables.empty().difficulties.columns
        (0, True)
        """
        return cls(pd.DataFrame(columns=list(RECORDED_VISIT_COLUMNS)),
                   pd.DataFrame(columns=["visit_id", "member_id", "member_name", "source_row"]),
                   pd.DataFrame(columns=list(RECORDED_DIFFICULTY_COLUMNS)),
                   pd.DataFrame(columns=["visit_id", "name", "place", "sigungu_code", "sigungu"]))

VISITS_ATTENDED_COLUMNS = ("visit_id", "date", "program", "sido", "sigungu", "office", "difficulties",
                           "categories")


def attendance_at(attendance: pd.DataFrame, visits: pd.DataFrame) -> pd.DataFrame:
    """The attendance rows of the given visits (e.g. the visits of a time window).

    Examples
    --------
    >>> a = pd.DataFrame({"visit_id": ["V1", "V2"], "member_id": ["a", "b"]})
    >>> attendance_at(a, pd.DataFrame({"visit_id": ["V2"]}))["member_id"].tolist()
    ['b']
    """
    return attendance[attendance["visit_id"].isin(set(visits["visit_id"]))]


def difficulties_at(difficulties: pd.DataFrame, visits: pd.DataFrame) -> pd.DataFrame:
    """The difficulties raised at the given visits.

    Examples
    --------
    >>> d = pd.DataFrame({"visit_id": ["V1", "V2"], "category": ["자금", "인력"]})
    >>> difficulties_at(d, pd.DataFrame({"visit_id": ["V1"]}))["category"].tolist()
    ['자금']
    """
    return difficulties[difficulties["visit_id"].isin(set(visits["visit_id"]))]


def visited_member_ids(attendance: pd.DataFrame, visits: pd.DataFrame | None = None) -> set[str]:
    """Ids of the members who attended any of ``visits`` (any visit at all when ``visits`` is None).

    Examples
    --------
    >>> sorted(visited_member_ids(pd.DataFrame({"visit_id": ["V1", "V1", "V2"], "member_id": ["a", "b", "b"]})))
    ['a', 'b']
    """
    if "member_id" not in attendance.columns:
        return set()
    chosen = attendance if visits is None else attendance_at(attendance, visits)
    return {str(m) for m in chosen["member_id"].dropna()}


def difficulty_counts(difficulties: pd.DataFrame) -> pd.Series:
    """Number of difficulties raised at each visit, indexed by ``visit_id`` (visits without any are absent).

    Examples
    --------
    >>> difficulty_counts(pd.DataFrame({"visit_id": ["V1", "V1", "V2"]})).to_dict()
    {'V1': 2, 'V2': 1}
    """
    return difficulties.groupby("visit_id").size().astype("int64")


def visits_attended_table(visits: pd.DataFrame, attendance: pd.DataFrame, difficulties: pd.DataFrame,
                          member_id: str) -> pd.DataFrame:
    """The visits one member attended, newest first, with the difficulties raised at each.

    Returns
    -------
    pandas.DataFrame
        ``visit_id``, ``date``, ``program``, ``sido``, ``sigungu``, ``office``, ``difficulties``
        (how many were raised at the visit) and ``categories`` (their categories, ``", "``-joined,
        each once).

    Examples
    --------
    >>> v = pd.DataFrame({"visit_id": ["V1", "V2"], "date": pd.to_datetime(["2025-01-05", "2025-03-01"]),
    ...                   "program": ["간담회", "방문상담"]})
    >>> a = pd.DataFrame({"visit_id": ["V1", "V2", "V2"], "member_id": ["a", "a", "b"]})
    >>> d = pd.DataFrame({"visit_id": ["V2", "V2"], "category": ["자금", "자금"]})
    >>> visits_attended_table(v, a, d, "a")[["visit_id", "difficulties", "categories"]].values.tolist()
    [['V2', 2, '자금'], ['V1', 0, '']]
    >>> visits_attended_table(v, a, d.iloc[0:0], "b")[["visit_id", "difficulties", "categories"]].values.tolist()
    [['V2', 0, '']]
    """
    ids = set(attendance.loc[attendance["member_id"] == member_id, "visit_id"])
    out = visits[visits["visit_id"].isin(ids)].copy()
    for column in VISITS_ATTENDED_COLUMNS[:6]:
        if column not in out.columns:
            out[column] = None
    chosen = difficulties_at(difficulties, out)
    out["difficulties"] = out["visit_id"].map(difficulty_counts(chosen)).fillna(0).astype("int64")
    categories = chosen.dropna(subset=["category"]).groupby("visit_id")["category"].agg(
        lambda values: ", ".join(dict.fromkeys(values)))
    out["categories"] = pd.Series([categories.get(v, "") for v in out["visit_id"]], index=out.index, dtype=object)
    out = out.sort_values(["date", "visit_id"], ascending=[False, True], kind="stable")
    return out[list(VISITS_ATTENDED_COLUMNS)].reset_index(drop=True)


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Rows of ``frames`` under ``columns`` (empty frames skipped); the first frame's columns keep their type."""
    kept = [f.reindex(columns=columns) for f in frames if len(f)]
    if not kept:
        return frames[0].reindex(columns=columns).iloc[0:0]
    if len(kept) == 1:
        return kept[0].reset_index(drop=True)
    out = pd.concat(kept, ignore_index=True)
    for column, dtype in frames[0].dtypes.items():
        if column in out.columns:
            # e.g. an integer column that now has a missing value: keep what pandas inferred
            with contextlib.suppress(TypeError, ValueError):
                out[column] = out[column].astype(dtype)
    return out


def with_records(ds: Dataset, records: RecordTables) -> Dataset:
    """The data set with the field work recorded in the app added (visits, attendance, difficulties).

    Imported difficulties get the follow-up columns too: the status their file gave (처리상태; when it gave
    none, ``이력``: imported history, not followed up), the day it was resolved (처리일) as ``closed_at`` and the
    date of their visit as ``raised_on`` — unless someone took one up in the app (then the record replaces it).
    Recorded visits carry ``recorded = True``.  Members and partnerships are the data set's (the same objects).

    Examples
    --------
    >>> from network.dataset import load_dataset
    >>> ds = load_dataset({"members": "회원번호,회사명,시도,시군구\\nA1,가나,서울,종로구\\n".encode(),
    ...                    "visits": "방문번호,일자,시군구,참석기업,애로사항\\nV1,2025-03-04,서울 종로구,A1,자금\\n".encode()})
    >>> empty = RecordTables.empty()
    >>> merged = with_records(ds, empty)
    >>> merged.difficulties[["category", "status", "raised_on"]].values.tolist()
    [['자금', '이력', Timestamp('2025-03-04 00:00:00')]]
    """
    visits_columns = list(dict.fromkeys([*ds.visits.columns, *RECORDED_VISIT_COLUMNS, "recorded"]))
    imported_visits = ds.visits.assign(recorded=False)
    recorded_visits = records.visits.assign(recorded=True)
    visits = _concat([imported_visits, recorded_visits], visits_columns)
    visits["date"] = pd.to_datetime(visits["date"])
    visits["recorded"] = visits["recorded"].astype(bool)
    attendance_columns = list(ds.attendance.columns)
    attendance = _concat([ds.attendance, records.attendance], attendance_columns)

    imported = ds.difficulties.copy()
    adopted = set(records.difficulties["import_key"].dropna()) if len(records.difficulties) else set()
    imported = imported[~imported["difficulty_id"].isin(adopted)]
    dates = ds.visits.set_index("visit_id")["date"] if len(ds.visits) else pd.Series(dtype="datetime64[ns]")
    dates = dates[~dates.index.duplicated()]
    names = ds.members.set_index("member_id")["name"] if "name" in ds.members.columns else pd.Series(dtype=object)
    federations = (ds.members.set_index("member_id")["federation"] if "federation" in ds.members.columns
                   else pd.Series(dtype=object))
    given = imported["status"] if "status" in imported.columns else pd.Series(None, index=imported.index, dtype=object)
    imported["status"] = given.where(given.notna(), IMPORTED_STATUS)
    resolved = (pd.to_datetime(imported["resolved"]) if "resolved" in imported.columns
                else pd.Series(pd.NaT, index=imported.index))
    closed_at = resolved.where(imported["status"].isin(CLOSED_STATUSES)).dt.tz_localize(LOCAL_TIMEZONE).dt.tz_convert("UTC")
    imported = imported.assign(
        member_name=imported["member_id"].map(names), federation=imported["member_id"].map(federations),
        channel="방문", urgency="보통", owner=None,
        raised_on=pd.to_datetime(imported["visit_id"].map(dates.to_dict())).astype("datetime64[ns]"),
        due=pd.NaT, referred_to=None, close_reason=None, first_response_at=pd.NaT, closed_at=closed_at,
        created_by=None, updated_at=pd.NaT, record_version=0, import_key=imported["difficulty_id"], recorded=False)
    difficulty_columns = list(RECORDED_DIFFICULTY_COLUMNS)
    difficulties = _concat([imported, records.difficulties], difficulty_columns)
    for column in ("raised_on", "due"):
        difficulties[column] = pd.to_datetime(difficulties[column])
    for column in ("first_response_at", "closed_at", "updated_at"):
        difficulties[column] = pd.to_datetime(difficulties[column], utc=True)
    difficulties["recorded"] = difficulties["recorded"].astype(bool)
    difficulties["record_version"] = difficulties["record_version"].fillna(0).astype("int64")
    return replace(ds, visits=visits, attendance=attendance, difficulties=difficulties)


def has_follow_up(difficulties: pd.DataFrame) -> bool:
    """Whether a difficulties table has the follow-up columns (:func:`with_records` added them), not only what a
    version holds as imported.

    Examples
    --------
    >>> has_follow_up(RecordTables.empty().difficulties), has_follow_up(pd.DataFrame(columns=["status"]))
    (True, False)
    """
    return set(TRACKING_COLUMNS) <= set(difficulties.columns)


def describe_changes(changes: dict[str, list[object]]) -> str:
    """One record change (:meth:`network.store.records.Records.history`'s ``changes``) in one line.

    Examples
    --------
    >>> describe_changes({"status": ["접수", "검토"], "owner": [None, "lee"]})
    'status: 접수 → 검토; owner: - → lee'
    """
    return "; ".join(f"{name}: {'-' if before is None else before} → {'-' if after is None else after}"
                     for name, (before, after) in changes.items())


def _local_day(moments: pd.Series) -> pd.Series:
    """Moments (UTC) as the Korean calendar day they fell on (midnight, without a time zone)."""
    return pd.to_datetime(moments, utc=True).dt.tz_convert(LOCAL_TIMEZONE).dt.tz_localize(None).dt.normalize()


def _today(today: dt.date | None) -> pd.Timestamp:
    return pd.Timestamp(today or dt.date.today())


def latest_month(ds: Dataset, *, today: dt.date | None = None) -> str | None:
    """The newest month (``YYYY-MM``, not after ``today``) with a visit or a difficulty raised, or ``None``:
    what a monthly report opens on (today's month may be empty when the data ends earlier).

    Examples
    --------
    >>> from network.dataset import validate_dataset
    >>> from network.io import read_table
    >>> ds = validate_dataset({"members": read_table("회원번호,회사명\\nA,가\\n".encode(), "members"),
    ...                        "visits": read_table("방문번호,일자,참석기업\\nV1,2025-11-03,A\\n".encode(), "visits")})
    >>> latest_month(ds, today=dt.date(2026, 11, 30)), latest_month(ds, today=dt.date(2025, 10, 1))
    ('2025-11', None)
    """
    now = _today(today)
    found = [pd.to_datetime(table[column], errors="coerce")
             for table, column in ((ds.visits, "date"), (ds.difficulties, "raised_on")) if column in table.columns]
    dates = pd.concat(found, ignore_index=True) if found else pd.Series(dtype="datetime64[ns]")
    newest = dates[dates <= now].max()
    return None if pd.isna(newest) else f"{newest:%Y-%m}"


def difficulty_queue(ds: Dataset, *, today: dt.date | None = None, statuses: tuple[str, ...] = (),
                     categories: tuple[str, ...] = (), office: str | None = None, sido: str | None = None,
                     sigungu: str | None = None, federation: str | None = None, overdue_only: bool = False,
                     open_only: bool = False) -> pd.DataFrame:
    """The difficulties to follow up, sorted by due date (overdue first), with where each firm is.

    Parameters
    ----------
    ds
        A data set with the follow-up columns (:func:`with_records`).
    today
        The day that decides what is overdue (default: today).
    statuses, categories
        Only these (empty: all).
    office, sido, sigungu, federation
        Only the difficulties of this office (the visit's), 시도 / 시군구 (the firm's, else the visit's) or
        federation (the firm's).
    overdue_only, open_only
        Only the open difficulties past their due date / only the open ones.

    Returns
    -------
    pandas.DataFrame
        :data:`QUEUE_COLUMNS`.  ``overdue``: open and past its due date; ``days_open``: days since it was
        raised (until it was closed); ``in_members``: the firm is in the current member list.

    Examples
    --------
    >>> from network.dataset import load_dataset
    >>> ds = load_dataset({"members": "회원번호,회사명,시도,시군구\\nA1,가나,서울,종로구\\n".encode(),
    ...                    "visits": ("방문번호,일자,프로그램,시군구,지역본부,참석기업,애로사항\\n"
    ...                               "V1,2025-03-04,방문상담,서울 종로구,서울본부,A1,자금\\n").encode()})
    >>> empty = RecordTables.empty()
    >>> queue = difficulty_queue(with_records(ds, empty), today=dt.date(2026, 1, 1))
    >>> queue[["member_name", "category", "status", "office", "sigungu", "overdue"]].values.tolist()
    [['가나', '자금', '이력', '서울본부', '종로구', False]]
    """
    d = ds.difficulties
    if not has_follow_up(d):
        raise ValueError("difficulty_queue needs the follow-up columns: use with_records first")
    now = _today(today)
    members = ds.members.drop_duplicates("member_id").set_index("member_id")
    visits = ds.visits.drop_duplicates("visit_id").set_index("visit_id") if len(ds.visits) else pd.DataFrame()
    out = d.copy()
    out["in_members"] = out["member_id"].isin(members.index)
    for column in ("sido", "sigungu"):
        from_member = out["member_id"].map(members[column]) if column in members.columns else None
        from_visit = (out["visit_id"].map(visits[column]) if column in visits.columns
                      else pd.Series(None, index=out.index, dtype=object))
        out[column] = from_visit if from_member is None else from_member.where(from_member.notna(), from_visit)
    member_names = out["member_id"].map(members["name"]) if "name" in members.columns else None
    if member_names is not None:
        out["member_name"] = member_names.where(member_names.notna(), out["member_name"])
    if "federation" in members.columns:
        current = out["member_id"].map(members["federation"])
        out["federation"] = current.where(current.notna(), out["federation"])
    out["office"] = (out["visit_id"].map(visits["office"]) if "office" in visits.columns
                     else pd.Series(None, index=out.index, dtype=object))
    is_open = out["status"].isin(OPEN_STATUSES)
    out["overdue"] = (is_open & out["due"].notna() & (out["due"] < now)).astype(bool)
    closed_day = _local_day(out["closed_at"])
    end = closed_day.where(~is_open & closed_day.notna(), now)
    out["days_open"] = (end - out["raised_on"]).dt.days.astype("Int64")
    order = np.where(out["overdue"], 0, np.where(is_open, 1, 2))
    out = out.assign(_order=order).sort_values(["_order", "due", "raised_on", "difficulty_id"],
                                               na_position="last", kind="stable")
    out = out[list(QUEUE_COLUMNS)].reset_index(drop=True)
    return filter_queue(out, statuses=statuses, categories=categories, office=office, sido=sido, sigungu=sigungu,
                        federation=federation, overdue_only=overdue_only, open_only=open_only)


def filter_queue(queue: pd.DataFrame, *, statuses: tuple[str, ...] = (), categories: tuple[str, ...] = (),
                 office: str | None = None, sido: str | None = None, sigungu: str | None = None,
                 federation: str | None = None, overdue_only: bool = False, open_only: bool = False
                 ) -> pd.DataFrame:
    """The rows of a queue (:func:`difficulty_queue`) that match every filter given, in the queue's order
    (what the app does to the queue it built once, on each change of a filter).

    Examples
    --------
    >>> q = pd.DataFrame({"status": ["접수", "해결", "조치중"], "category": ["자금", "자금", "인력"],
    ...                   "overdue": [True, False, False], "office": ["서울", "서울", "부산"]})
    >>> filter_queue(q, categories=("자금",), open_only=True).index.tolist()
    [0]
    >>> len(filter_queue(q, office="부산")), len(filter_queue(q, overdue_only=True))
    (1, 1)
    """
    keep = pd.Series(True, index=queue.index)
    if statuses:
        keep &= queue["status"].isin(statuses)
    if categories:
        keep &= queue["category"].isin(categories)
    for column, value in (("office", office), ("sido", sido), ("sigungu", sigungu), ("federation", federation)):
        if value:
            keep &= queue[column] == value
    if overdue_only:
        keep &= queue["overdue"].astype(bool)
    if open_only:
        keep &= queue["status"].isin(OPEN_STATUSES)
    return queue[keep.fillna(False).astype(bool)].reset_index(drop=True)


def member_difficulties(queue: pd.DataFrame, member_id: str) -> pd.DataFrame:
    """One firm's difficulties from :func:`difficulty_queue`, newest first.

    Examples
    --------
    >>> q = pd.DataFrame({"member_id": ["A", "B", "A"], "raised_on": pd.to_datetime(["2026-01-01", "2026-02-01",
    ...                   "2026-03-01"]), "difficulty_id": ["1", "2", "3"]})
    >>> member_difficulties(q, "A")["difficulty_id"].tolist()
    ['3', '1']
    """
    mine = queue[queue["member_id"] == member_id]
    return mine.sort_values(["raised_on", "difficulty_id"], ascending=[False, True], kind="stable").reset_index(
        drop=True)


def response_times(queue: pd.DataFrame, by: str) -> pd.DataFrame:
    """Median days to the first response and to resolution of the recorded difficulties, per ``by``.

    Only difficulties followed up in the app count (imported history has no response dates).

    Returns
    -------
    pandas.DataFrame
        ``by``, ``difficulties``, ``responded``, ``median_days_to_response``, ``resolved`` and
        ``median_days_to_resolution`` (resolved: 해결, 이관 or 종결).

    Examples
    --------
    >>> q = pd.DataFrame({"category": ["자금", "자금"], "recorded": [True, True],
    ...     "raised_on": pd.to_datetime(["2026-01-01", "2026-01-01"]),
    ...     "first_response_at": pd.to_datetime(["2026-01-03", "2026-01-05"], utc=True),
    ...     "closed_at": pd.to_datetime(["2026-01-11", None], utc=True), "status": ["해결", "조치중"]})
    >>> response_times(q, "category").values.tolist()
    [['자금', 2, 2, 3.0, 1, 10.0]]
    """
    recorded = queue[queue["recorded"].astype(bool)].copy()
    raised = pd.to_datetime(recorded["raised_on"])
    first = _local_day(recorded["first_response_at"])
    closed = _local_day(recorded["closed_at"])
    recorded["_response"] = (first - raised).dt.days.clip(lower=0)
    recorded["_resolution"] = (closed - raised).dt.days.clip(lower=0).where(recorded["status"].isin(CLOSED_STATUSES))
    recorded[by] = recorded[by].fillna("-")
    grouped = recorded.groupby(by, sort=True)
    out = pd.DataFrame({
        "difficulties": grouped.size(),
        "responded": grouped["_response"].count(),
        "median_days_to_response": grouped["_response"].median(),
        "resolved": grouped["_resolution"].count(),
        "median_days_to_resolution": grouped["_resolution"].median(),
    }).reset_index()
    for column in ("difficulties", "responded", "resolved"):
        out[column] = out[column].astype("int64")
    return out


def category_region_counts(queue: pd.DataFrame, *, level: str = "sido") -> pd.DataFrame:
    """Open and resolved difficulties per region (``level``: ``sido`` or ``sigungu``) and category.

    Returns
    -------
    pandas.DataFrame
        ``sido`` (and ``sigungu``), ``category``, ``open``, ``resolved``, ``history`` (imported, not followed
        up) and ``total``.

    Examples
    --------
    >>> q = pd.DataFrame({"sido": ["서울", "서울", "부산"], "category": ["자금", "자금", "인력"],
    ...                   "status": ["접수", "해결", "이력"]})
    >>> category_region_counts(q).values.tolist()
    [['부산', '인력', 0, 0, 1, 1], ['서울', '자금', 1, 1, 0, 2]]
    """
    if level not in ("sido", "sigungu"):
        raise ValueError(f"level must be 'sido' or 'sigungu', not {level!r}")
    keys = ["sido"] if level == "sido" else ["sido", "sigungu"]
    frame = queue.assign(open=queue["status"].isin(OPEN_STATUSES).astype("int64"),
                         resolved=queue["status"].isin(CLOSED_STATUSES).astype("int64"),
                         history=(queue["status"] == IMPORTED_STATUS).astype("int64"))
    frame[keys] = frame[keys].fillna("-")
    out = frame.groupby([*keys, "category"], sort=True)[["open", "resolved", "history"]].sum().reset_index()
    out["total"] = out["open"] + out["resolved"] + out["history"]
    return out


def monthly_trend(queue: pd.DataFrame) -> pd.DataFrame:
    """Difficulties raised per month and category (months without any are 0).

    Examples
    --------
    >>> q = pd.DataFrame({"raised_on": pd.to_datetime(["2026-01-05", "2026-03-01"]), "category": ["자금", "인력"]})
    >>> monthly_trend(q).values.tolist()
    [['2026-01', 0, 1], ['2026-02', 0, 0], ['2026-03', 1, 0]]
    """
    dated = queue.dropna(subset=["raised_on"])
    if dated.empty:
        return pd.DataFrame(columns=["month"])
    months = pd.to_datetime(dated["raised_on"]).dt.to_period("M")
    table = pd.crosstab(months, dated["category"])
    full = pd.period_range(months.min(), months.max(), freq="M")
    table = table.reindex(full, fill_value=0)
    table.index = table.index.astype(str)
    table.index.name = "month"
    table.columns.name = None
    return table.reset_index()


def growing_categories(queue: pd.DataFrame, *, today: dt.date | None = None, months: int = 3) -> pd.DataFrame:
    """Categories by how much they grew: difficulties raised in the last ``months`` months against the
    ``months`` before, fastest-growing first.

    Returns
    -------
    pandas.DataFrame
        ``category``, ``recent``, ``before``, ``change`` (recent − before) and ``growth`` (change / before;
        missing when there were none before).

    Examples
    --------
    >>> q = pd.DataFrame({"raised_on": pd.to_datetime(["2026-05-01", "2026-05-02", "2026-02-01", "2026-02-03"]),
    ...                   "category": ["자금", "자금", "자금", "인력"]})
    >>> growing_categories(q, today=dt.date(2026, 6, 1)).values.tolist()
    [['자금', 2, 1, 1, 1.0], ['인력', 0, 1, -1, -1.0]]
    """
    now = _today(today)
    start_recent = now - pd.DateOffset(months=months)
    start_before = start_recent - pd.DateOffset(months=months)
    raised = pd.to_datetime(queue["raised_on"])
    recent = queue[(raised >= start_recent) & (raised <= now)]["category"].value_counts()
    before = queue[(raised >= start_before) & (raised < start_recent)]["category"].value_counts()
    out = pd.DataFrame({"recent": recent, "before": before}).fillna(0).astype("int64")
    out.index.name = "category"
    out["change"] = out["recent"] - out["before"]
    out["growth"] = (out["change"] / out["before"].replace(0, np.nan)).astype("float64")
    out = out.reset_index().sort_values(["change", "recent", "category"], ascending=[False, False, True],
                                        kind="stable")
    return out.reset_index(drop=True)


def member_labels(members: pd.DataFrame) -> dict[str, str]:
    """``{member id: "name · id"}``: what a type-ahead choice of firms shows (it finds a firm by its name, its
    id or its 사업자번호, whichever the person types).

    Examples
    --------
    >>> member_labels(pd.DataFrame({"member_id": ["123-45-67890"], "name": ["가나정밀"]}))
    {'123-45-67890': '가나정밀 · 123-45-67890'}
    """
    names = members["name"] if "name" in members.columns else pd.Series("", index=members.index)
    return {str(m): f"{n} · {m}" if isinstance(n, str) and n else str(m)
            for m, n in zip(members["member_id"], names)}


def visit_labels(visits: pd.DataFrame, *, limit: int | None = None) -> dict[str, str]:
    """``{visit id: "id · date · programme · 시군구"}`` of ``visits``, newest first (at most ``limit``).

    Examples
    --------
    >>> v = pd.DataFrame({"visit_id": ["V1", "RV-000001"], "date": pd.to_datetime(["2025-01-02", "2026-11-20"]),
    ...                   "program": ["간담회", "현장상담회"], "sigungu": ["종로구", None]})
    >>> list(visit_labels(v).values())
    ['RV-000001 · 2026-11-20 · 현장상담회', 'V1 · 2025-01-02 · 간담회 · 종로구']
    """
    ordered = visits.sort_values(["date", "visit_id"], ascending=[False, False], kind="stable")
    if limit is not None:
        ordered = ordered.head(limit)
    out: dict[str, str] = {}
    for row in ordered.itertuples(index=False):
        parts = [str(row.visit_id), pd.Timestamp(row.date).strftime("%Y-%m-%d") if pd.notna(row.date) else ""]
        parts += [str(getattr(row, c)) for c in ("program", "sigungu")
                  if c in visits.columns and isinstance(getattr(row, c), str) and getattr(row, c)]
        out[str(row.visit_id)] = " · ".join(p for p in parts if p)
    return out


def parse_guests(text: str) -> tuple[Guest, ...]:
    """Non-member attendees typed one per line as ``name, 시군구`` (the place may be left out).

    Examples
    --------
    >>> parse_guests("김철수, 수원시 영통구\\n\\n이영희")
    (Guest(name='김철수', place='수원시 영통구'), Guest(name='이영희', place=''))
    """
    guests = []
    for line in (text or "").splitlines():
        name, _, place = line.partition(",")
        if name.strip():
            guests.append(Guest(name.strip(), place.strip()))
    return tuple(guests)


def open_by_sido(queue: pd.DataFrame) -> pd.DataFrame:
    """Open, resolved and all difficulties per 시도 with its code (for a map).

    Examples
    --------
    >>> q = pd.DataFrame({"sido": ["서울특별시", "서울특별시", None], "status": ["접수", "해결", "접수"]})
    >>> open_by_sido(q).values.tolist()
    [['11', '서울특별시', 1, 1, 2]]
    """
    from network.regions import sido_table

    codes = dict(zip(sido_table()["sido"], sido_table()["sido_code"]))
    located = queue.dropna(subset=["sido"])
    out = located.assign(open=located["status"].isin(OPEN_STATUSES).astype("int64"),
                         resolved=located["status"].isin(CLOSED_STATUSES).astype("int64"),
                         total=1).groupby("sido", sort=True)[["open", "resolved", "total"]].sum().reset_index()
    out.insert(0, "sido_code", out["sido"].map(codes))
    return out.dropna(subset=["sido_code"]).reset_index(drop=True)
