"""Summary figures of a data set: headline numbers and members per federation and per region.

Every function takes validated tables (see :mod:`network.validate`) and
returns plain numbers or a DataFrame; none changes its input.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from network import regions


@dataclass(frozen=True)
class Headline:
    """Headline numbers of a data set."""

    members: int
    federations: int
    groups: int
    partnerships: int
    visits: int
    sigungu_reached: int
    members_visited: int

    def as_dict(self) -> dict[str, int]:
        """Return the numbers as a dict."""
        return asdict(self)


def headline(members: pd.DataFrame, partnerships: pd.DataFrame, visits: pd.DataFrame) -> Headline:
    """Count members, federations, 교류회, partnerships, visits, 시군구 reached and members visited.

    A 시군구 is *reached* when at least one visit took place there.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "federation": ["경기", "경기"], "group": ["g1", "g2"]})
    >>> v = pd.DataFrame({"visit_id": ["v1"], "sigungu_code": ["41117"], "member_ids": ["a"]})
    >>> headline(m, pd.DataFrame(columns=["source_id"]), v).as_dict()["sigungu_reached"]
    1
    """
    def distinct(df: pd.DataFrame, column: str) -> int:
        return int(df[column].dropna().nunique()) if column in df.columns else 0

    visited = visited_member_ids(visits)
    known = set(members["member_id"]) if "member_id" in members.columns else set()
    return Headline(
        members=len(members),
        federations=distinct(members, "federation"),
        groups=distinct(members, "group"),
        partnerships=len(partnerships),
        visits=len(visits),
        sigungu_reached=distinct(visits, "sigungu_code"),
        members_visited=len(visited & known),
    )


def visited_member_ids(visits: pd.DataFrame) -> set[str]:
    """Ids of all members listed as attending any visit.

    Examples
    --------
    >>> sorted(visited_member_ids(pd.DataFrame({"member_ids": ["a;b", None, "b"]})))
    ['a', 'b']
    """
    if "member_ids" not in visits.columns:
        return set()
    return {m for cell in visits["member_ids"].dropna() for m in str(cell).split(";") if m}


def members_by_federation(members: pd.DataFrame) -> pd.DataFrame:
    """Members and 교류회 per federation, largest first.

    Returns
    -------
    pandas.DataFrame
        ``federation``, ``members``, ``groups``, ``members_per_group``.

    Examples
    --------
    >>> m = pd.DataFrame({"federation": ["경기", "경기", "제주"], "group": ["a", "b", "c"]})
    >>> members_by_federation(m).values.tolist()
    [['경기', 2, 2, 1.0], ['제주', 1, 1, 1.0]]
    """
    if "federation" not in members.columns or members.empty:
        return pd.DataFrame(columns=["federation", "members", "groups", "members_per_group"])
    groups = members["group"] if "group" in members.columns else pd.Series(None, index=members.index)
    out = (members.assign(group=groups).groupby("federation", dropna=True)
           .agg(members=("federation", "size"), groups=("group", "nunique")).reset_index())
    out["members_per_group"] = (out["members"] / out["groups"].where(out["groups"] > 0)).round(1)
    return out.sort_values(["members", "federation"], ascending=[False, True]).reset_index(drop=True)


def members_by_region(members: pd.DataFrame, *, level: str = "sido") -> pd.DataFrame:
    """Members per 시도 or 시군구, every region listed (zero where none).

    Parameters
    ----------
    members
        Validated members with ``sido_code`` / ``sigungu_code``.
    level
        ``"sido"`` or ``"sigungu"``.

    Returns
    -------
    pandas.DataFrame
        ``sido_code``, ``sido`` (and ``sigungu_code``, ``sigungu``), ``members``, ``share`` (of all
        members with a known region), sorted by code.

    Examples
    --------
    >>> m = pd.DataFrame({"sido_code": ["11", "11", "41"], "sigungu_code": ["11110", "11140", "41117"]})
    >>> df = members_by_region(m)
    >>> df.set_index("sido_code").loc[["11", "41", "50"], "members"].tolist()
    [2, 1, 0]
    """
    if level not in ("sido", "sigungu"):
        raise ValueError(f"level was {level!r} but is expected to be in ['sido', 'sigungu']")
    if level == "sido":
        table = regions.sido_table()[["sido_code", "sido"]]
    else:
        table = regions.sigungu_table()[["sido_code", "sido", "sigungu_code", "sigungu"]]
    key = f"{level}_code"
    counts = members[key].value_counts() if key in members.columns else pd.Series(dtype=int)
    out = table.copy()
    out["members"] = out[key].map(counts).fillna(0).astype(int)
    total = out["members"].sum()
    out["share"] = (out["members"] / total).round(4) if total else 0.0
    return out.sort_values(key).reset_index(drop=True)
