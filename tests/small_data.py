"""Small and partial data sets, cut from the bundled sample: what a federation or an office uploads on its first
day (members only; one 시도; visits without attendees …), for the tests that run every page and every command on
each of them (``tests/test_small_data.py`` with AppTest and the commands, ``tests/test_e2e_small_data.py`` in
Chromium).

:func:`write` writes one set as CSV files into a folder; :data:`SETS` names them, with what each one is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
Files = dict[str, pd.DataFrame]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _among(files: Files, members: pd.DataFrame, *, visits: bool = True, offices: bool = True) -> Files:
    """``members`` with the partnerships between them and (when asked) the visits they attended, cut to them."""
    ids = set(members["member_id"])
    out: Files = {"members": members}
    partnerships = files["partnerships"]
    out["partnerships"] = partnerships[partnerships["source_id"].isin(ids) & partnerships["target_id"].isin(ids)]
    if visits:
        kept = files["visits"].copy()
        kept["member_ids"] = kept["member_ids"].map(lambda cell: ";".join(m for m in cell.split(";") if m in ids))
        out["visits"] = kept[kept["member_ids"] != ""]
    if offices:
        out["offices"] = files["offices"]
    return out


def members_only(files: Files) -> Files:
    """50 members, nothing else (no partnerships, no visits, no offices)."""
    return {"members": files["members"].head(50)}


def members_and_partnerships(files: Files) -> Files:
    """300 members and the partnerships between them; no visits, no offices."""
    return _among(files, files["members"].head(300), visits=False, offices=False)


def one_member(files: Files) -> Files:
    """A single member, nothing else."""
    return {"members": files["members"].head(1)}


def one_federation(files: Files) -> Files:
    """Every member of one federation (제주), their partnerships and visits, and the offices."""
    members = files["members"]
    return _among(files, members[members["federation"] == "제주"])


def one_sido(files: Files) -> Files:
    """The members in one 시도 (세종특별자치시, one 시군구 of its own), their partnerships and visits."""
    members = files["members"]
    return _among(files, members[members["sido"] == "세종특별자치시"])


def one_sigungu(files: Files) -> Files:
    """The members in one 시군구 (수원시 영통구), their partnerships and visits."""
    members = files["members"]
    return _among(files, members[(members["sido"] == "경기도") & (members["sigungu"] == "수원시 영통구")])


def no_visits(files: Files) -> Files:
    """1,500 members, their partnerships and the offices; no visit yet."""
    return _among(files, files["members"].head(1500), visits=False)


def visits_without_attendees(files: Files) -> Files:
    """1,500 members, their partnerships, the offices and every visit, but no visit names who attended (the
    attendees' column is empty)."""
    return {**_among(files, files["members"].head(1500), visits=False),
            "visits": files["visits"].assign(member_ids="")}


def no_located_members(files: Files) -> Files:
    """400 members with neither a region nor coordinates, their partnerships and visits, and the offices."""
    members = files["members"].head(400).assign(sido="", sigungu="", lat="", lon="")
    return _among(files, members)


SETS: dict[str, Callable[[Files], Files]] = {
    "members_only": members_only,
    "members_and_partnerships": members_and_partnerships,
    "one_member": one_member,
    "one_federation": one_federation,
    "one_sido": one_sido,
    "one_sigungu": one_sigungu,
    "no_visits": no_visits,
    "visits_without_attendees": visits_without_attendees,
    "no_located_members": no_located_members,
}


def write(name: str, folder: Path) -> Path:
    """Write the set ``name`` as CSV files (the sample's headers) into ``folder/name``; the folder."""
    files = {table: _read(table) for table in ("members", "partnerships", "visits", "offices")}
    out = folder / name
    out.mkdir(parents=True, exist_ok=True)
    for table, frame in SETS[name](files).items():
        frame.to_csv(out / f"{table}.csv", index=False, encoding="utf-8-sig")
    return out
