"""Where the field programme has and has not reached federation members.

Visits (사업설명회, 간담회, 현장상담회, one-firm consultations), who attended
them (``attendance``) and the difficulties raised there (``difficulties``) are
the tables of :mod:`network.fieldwork`.  For a time window (default: the last 12 months of the data) and
optional filters, this module counts per 시도 or 시군구: members, members
visited, coverage, visits, participants, visits per 100 members, difficulties
raised by category, days since the last visit and the median distance from the
members to their nearest office; per member and per office likewise.

The under-served ranking does not fool itself with small numbers: each region's
coverage is shrunk towards the overall rate by **empirical Bayes** (a beta prior
fitted to the regions by the method of moments), so a 3-member 시군구 with no
visit is not ranked above a 300-member one with 2 % coverage; regions are then
ranked by the members they miss compared with the overall rate,
``members × (overall − shrunk rate)``, and each row says why in words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from network import fieldwork, regions, texts
from network.regions import haversine_km
from network.schema import ISSUE_CATEGORIES
from network.texts import Language

__all__ = [
    "LEVELS",
    "MAP_METRICS",
    "Window",
    "headline",
    "member_coverage_table",
    "no_underserved_reason",
    "office_coverage_table",
    "region_coverage_table",
    "select_visits",
    "time_window",
    "underserved_table",
]

LEVELS = ("sido", "sigungu")
#: Columns of :func:`region_coverage_table` that a map can colour by (the first is the default).
MAP_METRICS = ("coverage", "missing_members", "members", "visited", "visits_per_100", "difficulties",
               "median_office_km", "days_since_visit")


@dataclass(frozen=True)
class Window:
    """A time window of visits, both ends included."""

    start: pd.Timestamp
    end: pd.Timestamp

    def label(self) -> str:
        """``2024-12-01 – 2025-11-30``."""
        return f"{self.start.date()} – {self.end.date()}"


def time_window(visits: pd.DataFrame, *, months: int | None = 12, start=None, end=None) -> Window:
    """The window to count visits in: given dates, or the last ``months`` of the data.

    Examples
    --------
    >>> v = pd.DataFrame({"date": pd.to_datetime(["2024-10-23", "2025-12-31"])})
    >>> time_window(v, months=12).label()
    '2025-01-01 – 2025-12-31'
    >>> time_window(v, months=None).label()
    '2024-10-23 – 2025-12-31'
    """
    dates = pd.to_datetime(visits["date"]) if "date" in visits.columns and len(visits) else pd.Series(dtype="datetime64[ns]")
    last = dates.max() if len(dates) else pd.Timestamp.today().normalize()
    first = dates.min() if len(dates) else last
    end = pd.Timestamp(end) if end is not None else last
    if start is not None:
        start = pd.Timestamp(start)
    elif months is None:
        start = first
    else:
        if months < 1:
            raise ValueError(f"months was {months} but is expected to be at least 1")
        start = end + pd.Timedelta(days=1) - pd.DateOffset(months=months)  # whole months up to ``end``
    if start > end:
        raise ValueError(f"the window starts ({start.date()}) after it ends ({end.date()})")
    return Window(start.normalize(), end.normalize())


def select_visits(visits: pd.DataFrame, window: Window, *, programs=None) -> pd.DataFrame:
    """Visits inside ``window`` (and of the given programme types).

    Examples
    --------
    >>> v = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-06-01"]), "program": ["간담회", "방문상담"]})
    >>> len(select_visits(v, Window(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")), programs=["간담회"]))
    1
    """
    if visits.empty:
        return visits
    dates = pd.to_datetime(visits["date"])
    keep = (dates >= window.start) & (dates <= window.end)
    if programs:
        keep &= visits["program"].isin(list(programs))
    return visits[keep]


def member_coverage_table(
    members: pd.DataFrame,
    visits: pd.DataFrame,
    offices: pd.DataFrame | None = None,
    *,
    attendance: pd.DataFrame,
    difficulties: pd.DataFrame,
    window: Window | None = None,
    programs=None,
) -> pd.DataFrame:
    """Per member: visited in the window, how often, when last, nearest office and distance.

    Members without coordinates are placed at their 시군구's representative point
    (``location`` says ``"시군구 중심"``) so that distances can still be given.

    Returns
    -------
    pandas.DataFrame
        ``member_id``, ``name``, ``federation``, ``sido_code``, ``sido``, ``sigungu_code``,
        ``sigungu``, ``industry``, ``visited``, ``visits``, ``last_visit``, ``difficulties``
        (difficulties raised at the visits the member attended), ``nearest_office``, ``office_km``,
        ``location`` (``"좌표"``, ``"시군구 중심"`` or ``""``) and the member's own coordinates,
        ``lat``, ``lon`` (NaN when it has none; for a map of members).

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "lat": [37.5, 35.1], "lon": [127.0, 129.0]})
    >>> v = pd.DataFrame({"visit_id": ["v1"], "date": pd.to_datetime(["2025-03-01"])})
    >>> a = pd.DataFrame({"visit_id": ["v1"], "member_id": ["a"]})
    >>> d = pd.DataFrame({"visit_id": ["v1", "v1"], "category": ["자금", "인력"]})
    >>> o = pd.DataFrame({"name": ["서울"], "lat": [37.5], "lon": [127.0]})
    >>> t = member_coverage_table(m, v, o, attendance=a, difficulties=d)
    >>> t[["member_id", "visited", "visits", "difficulties", "office_km"]].values.tolist()
    [['a', True, 1, 2, 0.0], ['b', False, 0, 0, 321.4]]
    """
    window = window or time_window(visits)
    chosen = select_visits(visits, window, programs=programs)
    out = pd.DataFrame({"member_id": members["member_id"].to_numpy()})
    for col in ("name", "federation", "sido_code", "sido", "sigungu_code", "sigungu", "industry"):
        out[col] = members[col].to_numpy() if col in members.columns else None
    raised = fieldwork.difficulty_counts(fieldwork.difficulties_at(difficulties, chosen))
    log = fieldwork.attendance_at(attendance, chosen)[["visit_id", "member_id"]].drop_duplicates()
    dates = pd.DataFrame({"visit_id": chosen["visit_id"].to_numpy(),
                          "date": pd.to_datetime(chosen["date"]).to_numpy()})
    log = log.merge(dates, on="visit_id", how="left")
    log["difficulties"] = log["visit_id"].map(raised.to_dict()).fillna(0).astype("int64")
    stats = log.groupby("member_id").agg(visits=("date", "size"), last_visit=("date", "max"),
                                         difficulties=("difficulties", "sum"))
    out["visits"] = out["member_id"].map(stats["visits"]).fillna(0).astype(int)
    out["visited"] = out["visits"] > 0
    # through a dict: an empty datetime Series as the mapper would turn the column into floats
    out["last_visit"] = pd.to_datetime(out["member_id"].map(stats["last_visit"].to_dict()))
    out["difficulties"] = out["member_id"].map(stats["difficulties"]).fillna(0).astype(int)
    lat, lon, fallback = regions.member_points(members)
    out["nearest_office"], out["office_km"] = None, np.nan
    if offices is not None and len(offices):
        o_lat = pd.to_numeric(offices["lat"], errors="coerce").to_numpy(float)
        o_lon = pd.to_numeric(offices["lon"], errors="coerce").to_numpy(float)
        d = haversine_km(lat[:, None], lon[:, None], o_lat[None, :], o_lon[None, :])
        located = np.isfinite(lat) & np.isfinite(lon)
        best = np.where(located, np.nanargmin(np.where(np.isnan(d), np.inf, d), axis=1), -1)
        names = offices["name"].to_numpy()
        out["nearest_office"] = np.where(located, names[np.maximum(best, 0)], None)
        out["office_km"] = np.where(located, np.round(d[np.arange(len(out)), np.maximum(best, 0)], 1), np.nan)
    out["location"] = np.where(fallback, "시군구 중심", np.where(np.isfinite(lat), "좌표", ""))
    out["lat"], out["lon"] = np.where(fallback, np.nan, lat), np.where(fallback, np.nan, lon)
    return out


def _shrink(visited: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Empirical-Bayes rates: beta prior with the overall mean, variance from the spread between regions."""
    total_n = n.sum()
    p = visited.sum() / total_n if total_n else 0.0
    has = n > 0
    if has.sum() < 2 or p in (0.0, 1.0):
        return np.where(has, visited / np.maximum(n, 1), p), p, np.inf
    # method of moments (as DerSimonian–Laird): the spread of the rates beyond binomial noise
    nk = n[has]
    rates = visited[has] / nk
    spread = np.sum(nk * (rates - p) ** 2)
    expected = (len(nk) - 1) * p * (1 - p)
    between = (spread - expected) / (total_n - np.sum(nk**2) / total_n)
    if between <= 0:  # the regions differ no more than chance: everyone gets the overall rate
        return np.where(has, p, p), p, np.inf
    strength = max(p * (1 - p) / between - 1.0, 1.0)  # α + β: the prior is worth this many members
    alpha, beta = p * strength, (1 - p) * strength
    return (visited + alpha) / (n + alpha + beta), p, strength


def region_coverage_table(
    members: pd.DataFrame,
    visits: pd.DataFrame,
    offices: pd.DataFrame | None = None,
    *,
    attendance: pd.DataFrame,
    difficulties: pd.DataFrame,
    level: str = "sigungu",
    window: Window | None = None,
    programs=None,
    federation: str | None = None,
    industry: str | None = None,
    language: Language = "ko",
) -> pd.DataFrame:
    """Coverage per 시도 or 시군구 in a window, with the under-served ranking.

    Parameters
    ----------
    members, visits, offices
        Validated tables (``offices`` for distances; may be ``None``).
    attendance, difficulties
        Who attended which visit, and the difficulties raised (:class:`network.dataset.Dataset`).
    level
        ``"sido"`` or ``"sigungu"``.
    window
        Visits counted (default :func:`time_window`: the last 12 months of the data).
    programs
        Programme types to count (default all).
    federation, industry
        Count only members of this federation / KSIC division (first two digits).
    language
        Language of ``reason``.

    Returns
    -------
    pandas.DataFrame
        One row per region (every region of the level, zero where no members):
        codes and names, ``members``, ``visited``, ``coverage`` (share), ``visits`` (held
        in the region), ``participants``, ``visits_per_100``, ``difficulties`` and one
        ``difficulties_<category>`` column per category, ``last_visit``,
        ``days_since_visit``, ``median_office_km``, ``shrunk_coverage``,
        ``missing_members`` (``members × max(0, overall − shrunk)``), ``rank`` (1 = most
        under-served; regions without members are not ranked) and ``reason``.
        ``attrs``: ``overall_coverage`` (of the members with a known region, what each region is compared
        with), ``prior_members`` (the prior's weight), ``window``, ``members_total`` and ``visited_total`` (every
        member counted, a region known or not), ``unlocated_members`` (those without a known region, in
        no row) and ``visits_with_attendees`` (visits of the window that name at least one attendee).

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": list("abc"), "sido_code": ["11", "11", "26"],
    ...                   "sigungu_code": ["11110", "11110", "26110"]})
    >>> v = pd.DataFrame({"visit_id": ["v"], "date": pd.to_datetime(["2025-01-01"]), "sido_code": ["11"],
    ...                   "sigungu_code": ["11110"], "participants": [3]})
    >>> a = pd.DataFrame({"visit_id": ["v"], "member_id": ["a"]})
    >>> d = pd.DataFrame({"visit_id": ["v"], "category": ["자금"]})
    >>> t = region_coverage_table(m, v, attendance=a, difficulties=d, level="sido")
    >>> t.set_index("sido_code").loc[["11", "26"], ["members", "visited", "visits", "participants"]].values.tolist()
    [[2, 1, 1, 3], [1, 0, 0, 0]]
    """
    if level not in LEVELS:
        raise ValueError(f"level was {level!r} but is expected to be in {list(LEVELS)}")
    window = window or time_window(visits)
    key = f"{level}_code"
    per_member = member_coverage_table(members, visits, offices, attendance=attendance, difficulties=difficulties,
                                       window=window, programs=programs)
    if federation:
        per_member = per_member[per_member["federation"] == federation]
    if industry:
        per_member = per_member[per_member["industry"].astype(str).str[:2] == str(industry)[:2]]
    base = (regions.sido_table()[["sido_code", "sido"]] if level == "sido"
            else regions.sigungu_table()[["sido_code", "sido", "sigungu_code", "sigungu"]])
    out = base.copy()
    grouped = per_member.groupby(key)
    out["members"] = out[key].map(grouped.size()).fillna(0).astype(int)
    out["visited"] = out[key].map(grouped["visited"].sum()).fillna(0).astype(int)
    out["coverage"] = np.where(out["members"] > 0, out["visited"] / out["members"].clip(lower=1), np.nan)
    chosen = select_visits(visits, window, programs=programs)
    v = chosen.groupby(key) if len(chosen) and key in chosen.columns else None
    out["visits"] = out[key].map(v.size()).fillna(0).astype(int) if v is not None else 0
    participants = (pd.to_numeric(chosen["participants"], errors="coerce").groupby(chosen[key]).sum()
                    if v is not None and "participants" in chosen.columns else pd.Series(dtype=float))
    out["participants"] = out[key].map(participants).fillna(0).astype(int)
    out["visits_per_100"] = np.where(out["members"] > 0, 100 * out["visits"] / out["members"].clip(lower=1), np.nan)
    raised = fieldwork.difficulties_at(difficulties, chosen)
    region_of = pd.Series(chosen[key].to_numpy(), index=chosen["visit_id"].to_numpy()) if key in chosen else None
    issues = pd.DataFrame({key: raised["visit_id"].map(region_of) if region_of is not None else None,
                           "category": raised["category"].fillna("")})
    issues = issues[issues[key].notna()]
    counts = issues.groupby([key, "category"]).size().unstack(fill_value=0) if len(issues) else pd.DataFrame()
    out["difficulties"] = out[key].map(counts.sum(axis=1)).fillna(0).astype(int) if len(counts) else 0
    for cat in ISSUE_CATEGORIES:
        out[f"difficulties_{cat}"] = (out[key].map(counts[cat]).fillna(0).astype(int)
                                      if cat in counts.columns else 0)
    last = pd.to_datetime(chosen["date"]).groupby(chosen[key]).max() if v is not None else pd.Series(dtype=object)
    out["last_visit"] = out[key].map(last)
    out["days_since_visit"] = (window.end - pd.to_datetime(out["last_visit"])).dt.days
    out["median_office_km"] = out[key].map(grouped["office_km"].median()).round(1)
    shrunk, overall, strength = _shrink(out["visited"].to_numpy(float), out["members"].to_numpy(float))
    out["shrunk_coverage"] = np.where(out["members"] > 0, shrunk, np.nan)
    out["missing_members"] = np.where(out["members"] > 0,
                                      out["members"] * np.clip(overall - out["shrunk_coverage"], 0, None), 0.0).round(1)
    ranked = out[out["members"] > 0].sort_values(["missing_members", "members", key],
                                                 ascending=[False, False, True], kind="stable")
    out["rank"] = out[key].map(pd.Series(np.arange(1, len(ranked) + 1), index=ranked[key])).astype("Int64")
    out["reason"] = [_reason(r, overall, language, level) for r in out.to_dict("records")]
    out = out.sort_values(["rank", key], na_position="last", kind="stable").reset_index(drop=True)
    located = per_member[key].notna() if key in per_member.columns else pd.Series(False, index=per_member.index)
    out.attrs.update({"overall_coverage": overall, "prior_members": strength, "window": window.label(),
                      "level": level, "members_total": len(per_member),
                      "visited_total": int(per_member["visited"].sum()) if len(per_member) else 0,
                      "unlocated_members": int((~located).sum()),
                      "visits_with_attendees": int(fieldwork.attendance_at(attendance, chosen)["visit_id"].nunique())})
    return out


def _reason(row: dict, overall: float, language: Language, level: str) -> str:
    """Why a region ranks where it does, in words (see :func:`region_coverage_table`)."""
    if not row["members"]:
        return ""
    cov = row["coverage"] if np.isfinite(row["coverage"]) else 0.0
    parts = [texts.t("reason.coverage.share", language, members=row["members"], coverage=cov, overall=overall)]
    if np.isfinite(row.get("median_office_km", np.nan)):
        parts.append(texts.t("reason.coverage.office_km", language, km=row["median_office_km"]))
    if row["visits"] == 0:
        parts.append(texts.t("reason.coverage.no_visit", language))
    elif np.isfinite(row.get("days_since_visit", np.nan)):
        parts.append(texts.t("reason.coverage.last_visit", language, days=int(row["days_since_visit"])))
    if row["missing_members"] >= 1:
        parts.append(texts.t("reason.coverage.missing", language, missing=row["missing_members"]))
    return ", ".join(parts)


def underserved_table(coverage: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` most under-served regions of a :func:`region_coverage_table`, with their reasons.

    Examples
    --------
    >>> t = pd.DataFrame({"rank": [2, 1, None], "missing_members": [1.0, 5.0, 0.0], "reason": ["b", "a", ""]})
    >>> underserved_table(t, n=5)["reason"].tolist()
    ['a', 'b']
    """
    ranked = coverage[coverage["rank"].notna() & (coverage["missing_members"] > 0)]
    return ranked.sort_values("rank", kind="stable").head(n).reset_index(drop=True)


def headline(coverage: pd.DataFrame, *, whole: bool = True) -> tuple[int, int, float | None]:
    """The members counted, those visited and their share, of a :func:`region_coverage_table`: what the coverage
    page and the ``coverage`` command lead with.

    ``whole``: every member counts, a region known or not (the table's ``attrs``); otherwise the rows' sums (a
    table cut to one 시도).  The share is ``None`` when it cannot be measured: no member, or visits were held in
    the window but none names its attendees (0% would say nobody was visited, which nobody knows).

    Examples
    --------
    >>> t = pd.DataFrame({"members": [3, 1], "visited": [1, 0], "visits": [2, 0]})
    >>> t.attrs.update(members_total=5, visited_total=1, visits_with_attendees=2)
    >>> headline(t), headline(t, whole=False)
    ((5, 1, 0.2), (4, 1, 0.25))
    >>> t.attrs.update(visited_total=0, visits_with_attendees=0)
    >>> headline(t)
    (5, 0, None)
    """
    if whole:
        members, visited = int(coverage.attrs["members_total"]), int(coverage.attrs["visited_total"])
    else:
        members, visited = int(coverage["members"].sum()), int(coverage["visited"].sum())
    unnamed = int(coverage["visits"].sum()) > 0 and not coverage.attrs.get("visits_with_attendees", 1)
    return members, visited, None if not members or unnamed else visited / members


def no_underserved_reason(coverage: pd.DataFrame, language: Language = "ko") -> str:
    """Why :func:`underserved_table` of a :func:`region_coverage_table` has no row, in words.

    No member has a known region; or nobody was visited in the window (no visits, or visits that name no
    attendee); or only one region has members; or every region is at or above the overall rate.

    Examples
    --------
    >>> t = pd.DataFrame({"members": [3, 0], "visited": [0, 0], "visits": [2, 0]})
    >>> t.attrs.update(overall_coverage=0.0, visits_with_attendees=0)
    >>> no_underserved_reason(t, "en")
    'Visits were held in the window (2), but none names the members who attended, so coverage cannot be measured.'
    """
    members = coverage["members"]
    overall = float(coverage.attrs.get("overall_coverage", 0.0))
    if not members.sum():
        return texts.t("coverage.none.no_regions", language)
    if overall == 0.0:
        visits = int(coverage["visits"].sum())
        if visits and not coverage.attrs.get("visits_with_attendees", 1):
            return texts.t("coverage.none.no_attendees", language, visits=visits)
        return texts.t("coverage.none.no_visits", language)
    if int((members > 0).sum()) == 1:
        return texts.t("coverage.none.one_region", language)
    return texts.t("coverage.none.all_at_rate", language, overall=overall)


def office_coverage_table(members: pd.DataFrame, visits: pd.DataFrame, offices: pd.DataFrame, *,
                          attendance: pd.DataFrame, difficulties: pd.DataFrame, window: Window | None = None,
                          programs=None, federation: str | None = None, sido_code: str | None = None) -> pd.DataFrame:
    """Per office: members in its catchment (nearest office), their visited share, and visits it ran.

    With ``federation`` and/or ``sido_code`` only those members are counted, and only the offices that are
    nearest to one of them or (with ``sido_code``) located in the 시도 are listed.  An office that is nearest to
    no member and ran no visit in the window is not listed.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "lat": [37.5, 37.6], "lon": [127.0, 127.0]})
    >>> o = pd.DataFrame({"office_id": ["K1"], "name": ["서울"], "lat": [37.5], "lon": [127.0]})
    >>> v = pd.DataFrame({"visit_id": ["v"], "date": pd.to_datetime(["2025-01-01"]), "office": ["서울"]})
    >>> a = pd.DataFrame({"visit_id": ["v"], "member_id": ["a"]})
    >>> d = pd.DataFrame({"visit_id": [], "category": []})
    >>> t = office_coverage_table(m, v, o, attendance=a, difficulties=d)
    >>> t[["office", "members", "visited", "coverage", "visits_run"]].values.tolist()
    [['서울', 2, 1, 0.5, 1]]
    >>> m["sido_code"], o["sido_code"] = ["11", "11"], ["11"]
    >>> len(office_coverage_table(m, v, o, attendance=a, difficulties=d, sido_code="26"))
    0
    """
    scoped = federation is not None or sido_code is not None
    if federation is not None:
        members = members[members["federation"] == federation] if "federation" in members.columns else members[:0]
    if sido_code is not None:
        members = members[members["sido_code"] == sido_code] if "sido_code" in members.columns else members[:0]
    window = window or time_window(visits)
    per_member = member_coverage_table(members, visits, offices, attendance=attendance, difficulties=difficulties,
                                       window=window, programs=programs)
    chosen = select_visits(visits, window, programs=programs)
    grouped = per_member.groupby("nearest_office")
    out = pd.DataFrame({"office_id": offices.get("office_id", pd.Series([None] * len(offices))).to_numpy(),
                        "office": offices["name"].to_numpy()})
    out["members"] = out["office"].map(grouped.size()).fillna(0).astype(int)
    out["visited"] = out["office"].map(grouped["visited"].sum()).fillna(0).astype(int)
    out["coverage"] = np.where(out["members"] > 0, out["visited"] / out["members"].clip(lower=1), np.nan)
    out["median_km"] = out["office"].map(grouped["office_km"].median()).round(1)
    ran = chosen.groupby("office").size() if len(chosen) and "office" in chosen.columns else pd.Series(dtype=int)
    by_id = ran.reindex(out["office_id"]).to_numpy() if len(ran) else np.zeros(len(out))
    by_name = ran.reindex(out["office"]).to_numpy() if len(ran) else np.zeros(len(out))
    out["visits_run"] = np.nan_to_num(by_name, nan=0).astype(int) + np.nan_to_num(by_id, nan=0).astype(int)
    if scoped:
        located = (offices["sido_code"] == sido_code).to_numpy() if sido_code is not None and "sido_code" in \
            offices.columns else np.zeros(len(offices), dtype=bool)
        out = out[(out["members"] > 0).to_numpy() | located]
    out = out[(out["members"] > 0) | (out["visits_run"] > 0)]  # an office with neither has nothing to show
    return out.sort_values(["coverage", "members"], ascending=[True, False], kind="stable").reset_index(drop=True)
