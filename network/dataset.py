"""A data set: the six validated tables and the report of what was found, read from files in one call.

:func:`load_dataset` reads up to six files (:mod:`network.io`) and validates
them together (:func:`validate_dataset`): members first, then what refers to
them, so a partnership with an unknown member, an attendee that is not a
member or a difficulty raised at an unknown visit is reported with its row.

Examples
--------
>>> ds = load_dataset({"members": "회원번호,회사명,시도,시군구\\nA1,가나,서울,종로구\\n".encode(),
...                    "visits": "방문번호,일자,시군구,참석기업,애로사항\\nV1,2025-03-04,서울 종로구,A1,자금\\n".encode()})
>>> ds.members[["member_id", "sigungu_code"]].values.tolist()
[['A1', '11110']]
>>> ds.attendance[["visit_id", "member_id"]].values.tolist(), ds.difficulties["category"].tolist()
([['V1', 'A1']], ['자금'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from network import io, schema, validate
from network.errors import DataError, Problem
from network.io import RawTable, Source
from network.validate import ATTENDANCE_COLUMNS, DIFFICULTY_COLUMNS, ValidationReport

__all__ = ["Dataset", "load_dataset", "validate_dataset"]


@dataclass(frozen=True)
class Dataset:
    """The six tables of the data model, validated, and the report.

    Tables that were not given are empty DataFrames with the right columns.
    Every located table has ``sido_code``, ``sido``, ``sigungu_code`` and
    ``sigungu`` with today's codes and names; ``source_row`` is the row in the
    file the value came from.  ``attendance`` says which member attended which
    visit and ``difficulties`` lists each difficulty raised at a visit (with the
    member who raised it when known), whether the files gave them as their own
    tables or as cells of the visits file.
    """

    members: pd.DataFrame
    partnerships: pd.DataFrame
    visits: pd.DataFrame
    offices: pd.DataFrame
    attendance: pd.DataFrame
    difficulties: pd.DataFrame
    report: ValidationReport
    files: dict[str, str] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return ``{name: DataFrame}`` for the six tables, in the order of :data:`network.schema.TABLES`."""
        return {name: getattr(self, name) for name in schema.TABLES}

    @property
    def usable(self) -> bool:
        """Whether there is anything to analyse: at least one valid member."""
        return len(self.members) > 0


def _rejected_ids(rejected: pd.DataFrame, valid: set[str]) -> dict[str, int]:
    """``{id: Excel row}`` of rows rejected from a table whose id is not also among the valid rows."""
    out: dict[str, int] = {}
    if not rejected.empty:
        for key, row in zip(rejected["key"], rejected["row"]):
            if key is not None and key not in valid:
                out.setdefault(key, int(row))
    return out


def validate_dataset(raws: Mapping[str, RawTable], *, file_errors: Sequence[Problem] = ()) -> Dataset:
    """Validate up to six tables together (members first, then what refers to them).

    Attendance and difficulties come from the visits file's cells (``참석기업``, ``애로사항``)
    and from their own files; both are combined.  When a difficulties file lists a visit's
    difficulties, that visit's ``애로사항`` cell is not used (a warning says so).  A member named
    on a difficulty counts as attending its visit.  A difficulty raised at a one-firm consultation
    (방문상담) that one member attended is that member's.  Every visit has at least as many
    participants as attending members (:func:`network.validate.raise_participants`).

    Parameters
    ----------
    raws
        ``{table name: RawTable}`` as read by :func:`network.io.read_table`.
    file_errors
        Problems of files that could not be read; kept in the report.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> from network.io import read_table
    >>> raws = {"members": read_table("member_id,name,sido,sigungu\\nA,가,서울,종로구\\n".encode(), "members"),
    ...         "partnerships": read_table("source_id,target_id\\nA,Z\\n".encode(), "partnerships")}
    >>> ds = validate_dataset(raws)
    >>> len(ds.members), len(ds.partnerships), ds.report.problems[0].code
    (1, 0, 'unknown_member')
    """
    problems: list[Problem] = []
    rejected: dict[str, pd.DataFrame] = {}
    counts: dict[str, dict[str, int]] = {}
    tables = {name: validate.empty_table(spec) for name, spec in schema.TABLES.items()}

    def record(name: str, raw: RawTable, valid: pd.DataFrame, rej: pd.DataFrame, probs: list[Problem]) -> None:
        tables[name] = valid
        rejected[name] = rej
        problems.extend(probs)
        n_rej = int(rej["row"].nunique()) if not rej.empty else 0
        counts[name] = {"read": len(raw.df), "valid": len(valid), "rejected": n_rej}

    member_ids: set[str] | None = None
    rejected_members: dict[str, int] = {}
    if "members" in raws:
        record("members", raws["members"], *validate.validate_members(raws["members"]))
        member_ids = set(tables["members"]["member_id"])
        rejected_members = _rejected_ids(rejected["members"], member_ids)
    if "offices" in raws:
        record("offices", raws["offices"], *validate.validate_offices(raws["offices"]))
    if "partnerships" in raws:
        record("partnerships", raws["partnerships"], *validate.validate_partnerships(
            raws["partnerships"], member_ids=member_ids, rejected_members=rejected_members))

    cell_attendance = tables["attendance"]
    cell_difficulties = tables["difficulties"]
    visit_ids: set[str] | None = None
    rejected_visits: dict[str, int] = {}
    if "visits" in raws:
        result = validate.validate_visits(raws["visits"], member_ids=member_ids,
                                          offices=tables["offices"] if "offices" in raws else None)
        record("visits", raws["visits"], result.visits, result.rejected, result.problems)
        cell_attendance, cell_difficulties = result.attendance, result.difficulties
        visit_ids = set(result.visits["visit_id"])
        rejected_visits = _rejected_ids(result.rejected, visit_ids)
    file_attendance = tables["attendance"]
    if "attendance" in raws:
        valid, rej, probs = validate.validate_attendance(
            raws["attendance"], visit_ids=visit_ids, rejected_visits=rejected_visits, member_ids=member_ids,
            rejected_members=rejected_members)
        record("attendance", raws["attendance"], valid, rej, probs)
        file_attendance = valid
    file_difficulties = tables["difficulties"]
    if "difficulties" in raws:
        valid, rej, probs = validate.validate_difficulties(
            raws["difficulties"], visit_ids=visit_ids, rejected_visits=rejected_visits, member_ids=member_ids)
        record("difficulties", raws["difficulties"], valid, rej, probs)
        file_difficulties = valid

    # difficulties: a visit's own file rows win over its 애로사항 cell
    covered = set(file_difficulties["visit_id"])
    twice = cell_difficulties[cell_difficulties["visit_id"].isin(covered)]
    if len(twice) and "visits" in raws:
        raw = raws["visits"]
        for visit, row in twice.drop_duplicates("visit_id")[["visit_id", "source_row"]].itertuples(index=False):
            problems.append(Problem("difficulties_given_twice", file=raw.file, row=int(row),
                                    column=raw.headers.get("issues"), value=str(visit), severity="warning"))
    difficulties = pd.concat([cell_difficulties[~cell_difficulties["visit_id"].isin(covered)], file_difficulties],
                             ignore_index=True)
    # attendance: the visits file's cells, the attendance file, and whoever raised a difficulty
    raisers = difficulties.loc[difficulties["member_id"].notna(), ["visit_id", "member_id", "source_row"]]
    attendance = (pd.concat([cell_attendance, file_attendance, raisers], ignore_index=True)
                  .drop_duplicates(["visit_id", "member_id"]).reset_index(drop=True))
    if "visits" in raws:
        raw = raws["visits"]
        tables["visits"], more = validate.raise_participants(
            tables["visits"], attendance, file=raw.file,
            column=raw.headers.get("participants", raw.headers.get("member_ids")))
        problems.extend(more)
    difficulties = _attribute_sole_attendee(difficulties, tables["visits"], attendance)
    tables["attendance"] = attendance[ATTENDANCE_COLUMNS].astype({"source_row": "int64"})
    tables["difficulties"] = difficulties.reindex(columns=DIFFICULTY_COLUMNS).astype({"source_row": "int64"})

    for name in schema.TABLES:  # every table has every column of the model (None when not given)
        for col in validate.empty_table(schema.TABLES[name]).columns:
            if col not in tables[name].columns:
                tables[name][col] = pd.Series([None] * len(tables[name]), index=tables[name].index, dtype=object)
    order = {name: i for i, name in enumerate(schema.TABLES)}
    file_order = {raw.file: order[name] for name, raw in raws.items()}
    problems.sort(key=lambda p: (file_order.get(p.file, 9), p.row or 0))
    report = ValidationReport(tuple(problems), rejected, counts, tuple(file_errors))
    files = {name: raw.file for name, raw in raws.items()}
    return Dataset(**{name: tables[name] for name in schema.TABLES}, report=report, files=files)


def _attribute_sole_attendee(difficulties: pd.DataFrame, visits: pd.DataFrame,
                             attendance: pd.DataFrame) -> pd.DataFrame:
    """Difficulties without a member, raised at a one-firm consultation (:data:`network.schema.ONE_FIRM_PROGRAMS`)
    that one member attended, are that member's."""
    if difficulties.empty or visits.empty or attendance.empty or "program" not in visits.columns:
        return difficulties
    per_visit = attendance.groupby("visit_id")["member_id"]
    sole = per_visit.first()[per_visit.size() == 1]
    one_firm = visits.loc[visits["program"].isin(schema.ONE_FIRM_PROGRAMS), "visit_id"]
    sole = sole[sole.index.isin(set(one_firm))]
    out = difficulties.copy()
    unknown = out["member_id"].isna()
    out.loc[unknown, "member_id"] = out.loc[unknown, "visit_id"].map(sole)
    out["member_id"] = out["member_id"].astype(object).where(out["member_id"].notna(), None)
    return out


def load_dataset(
    sources: str | Path | Mapping[str, Source],
    *,
    sheet: str | int | None = None,
) -> Dataset:
    """Read and validate up to six tables; return a :class:`Dataset`.

    Parameters
    ----------
    sources
        A directory holding ``members.csv`` / ``.xlsx`` and optionally ``partnerships``,
        ``visits``, ``offices``, ``attendance``, ``difficulties``; or a mapping from table
        name to a path, bytes or file object.
    sheet
        Sheet of each XLSX file to read (first sheet by default).

    Returns
    -------
    Dataset
        Valid rows of every table, rejected rows and all problems.  Files that
        could not be read at all appear in ``dataset.report.file_errors``.

    Raises
    ------
    DataError
        If ``sources`` is a directory without any table file.

    Examples
    --------
    >>> ds = load_dataset({"members": "member_id,name,sido,sigungu\\nA1,가나,서울,종로구\\n".encode()})
    >>> ds.members[["member_id", "sigungu_code"]].values.tolist()
    [['A1', '11110']]
    """
    if isinstance(sources, (str, Path)):
        files: Mapping[str, Source] = io.find_table_files(sources)
        if not files:
            raise DataError([Problem("file_not_found", file=f"{Path(sources)}/members.csv", value=str(sources))])
    else:
        files = sources
    raws: dict[str, RawTable] = {}
    file_errors: list[Problem] = []
    for table, source in files.items():
        if table not in schema.TABLES:
            raise ValueError(f"table was {table!r} but is expected to be in {list(schema.TABLES)}")
        try:
            raws[table] = io.read_table(source, table, sheet=sheet,
                                        file_name=None if not isinstance(source, bytes) else f"{table}.csv")
        except DataError as err:
            file_errors.extend(err.problems)
    return validate_dataset(raws, file_errors=file_errors)
