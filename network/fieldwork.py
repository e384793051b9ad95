"""The field programme's records: visits, who attended them, and the difficulties raised there.

Visits, ``attendance`` (``visit_id``, ``member_id``) and ``difficulties``
(``difficulty_id``, ``visit_id``, ``member_id``, ``category``, ``text``) are
three tables of a :class:`network.dataset.Dataset`; the functions here join
them the same way for every page and command.  None changes its input.

Examples
--------
>>> visits = pd.DataFrame({"visit_id": ["V1", "V2"], "date": pd.to_datetime(["2025-01-05", "2025-03-01"])})
>>> attendance = pd.DataFrame({"visit_id": ["V1", "V2", "V2"], "member_id": ["a", "a", "b"]})
>>> sorted(visited_member_ids(attendance, visits[visits["visit_id"] == "V2"]))
['a', 'b']
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "VISITS_ATTENDED_COLUMNS", "attendance_at", "difficulties_at", "difficulty_counts", "visited_member_ids",
    "visits_attended_table",
]

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
    out["categories"] = out["visit_id"].map(categories).fillna("")
    out = out.sort_values(["date", "visit_id"], ascending=[False, True], kind="stable")
    return out[list(VISITS_ATTENDED_COLUMNS)].reset_index(drop=True)
