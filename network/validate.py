"""Checking tables row by row: keep the valid rows, return the rest with reasons.

:func:`validate_dataset` takes the :class:`~network.io.RawTable` objects read
by :mod:`network.io` and returns a :class:`Dataset`: typed, normalised tables
(today's region codes filled in) plus a :class:`ValidationReport` with every
problem (file, Excel row, column, value, message) and the rejected rows.

Rules, in short: an *error* rejects the row (duplicate id, bad number or date,
coordinates outside Korea, unknown or ambiguous region, partnership with
itself or with an unknown member); a *warning* keeps it (old region name,
swapped coordinates corrected, duplicate partnership merged, unknown attendee
dropped from a visit).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from network import regions, schema
from network.errors import Language, Problem, problems_table
from network.io import RawTable

REJECTED_COLUMNS = ["row", "key", "column", "value", "reason"]
_TAG_SPLIT = re.compile(r"\s*[;,|\n]\s*")
_NUMBER_NOISE = re.compile(r"[,\s]|(원|명|개|건|인|km|㎞)$")


@dataclass(frozen=True)
class ValidationReport:
    """Everything found while validating a data set.

    Attributes
    ----------
    problems
        All problems, errors and warnings, in file and row order.
    rejected
        ``{table: DataFrame}`` of rejected rows: one line per problem with
        ``row``, ``key``, ``column``, ``value``, ``reason`` and then the row's
        original cells, so nothing is lost.
    counts
        ``{table: {"read": n, "valid": n, "rejected": n}}``.
    file_errors
        Problems that stopped a whole file from being read.
    """

    problems: tuple[Problem, ...] = ()
    rejected: dict[str, pd.DataFrame] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    file_errors: tuple[Problem, ...] = ()

    @property
    def n_rejected(self) -> int:
        """Number of rejected rows over all tables."""
        return sum(c["rejected"] for c in self.counts.values())

    def errors(self) -> list[Problem]:
        """Problems with severity ``error`` (incl. file errors)."""
        return [*self.file_errors, *(p for p in self.problems if p.severity == "error")]

    def warnings(self) -> list[Problem]:
        """Problems with severity ``warning``."""
        return [p for p in self.problems if p.severity == "warning"]

    def table(self, *, language: Language = "ko") -> pd.DataFrame:
        """All problems (file errors first) as one DataFrame."""
        return problems_table([*self.file_errors, *self.problems], language=language)

    def rejected_table(self, table: str, *, language: Language = "ko") -> pd.DataFrame:
        """Rejected rows of ``table``: ``row``, the key (``member_id`` …), ``column``, ``value``,
        ``reason`` (in ``language``), then the row's original cells."""
        df = self.rejected.get(table)
        if df is None or df.empty:
            return pd.DataFrame(columns=[schema.TABLES[table].key if c == "key" else c for c in REJECTED_COLUMNS])
        df = df.copy()
        df["reason"] = [p.message(language) for p in df.pop("_problem")]
        df = df[REJECTED_COLUMNS + [c for c in df.columns if c not in REJECTED_COLUMNS]]
        # name the key column after the table's key (member_id …); an original column of
        # that name holds the same values and is dropped
        key = schema.TABLES[table].key
        originals = [c for c in df.columns[len(REJECTED_COLUMNS):] if c != key]
        df = df[REJECTED_COLUMNS + originals].rename(columns={"key": key})
        return df[[*(key if c == "key" else c for c in REJECTED_COLUMNS), *originals]]


@dataclass(frozen=True)
class Dataset:
    """The four tables of the data model, validated, and the report.

    Tables that were not given are empty DataFrames with the right columns.
    Every located table has ``sido_code``, ``sido``, ``sigungu_code`` and
    ``sigungu`` with today's codes and names; ``source_row`` is the row in the
    file the value came from.
    """

    members: pd.DataFrame
    partnerships: pd.DataFrame
    visits: pd.DataFrame
    offices: pd.DataFrame
    report: ValidationReport
    files: dict[str, str] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return ``{name: DataFrame}`` for the four tables."""
        return {"members": self.members, "partnerships": self.partnerships,
                "visits": self.visits, "offices": self.offices}


# ----------------------------------------------------------------------------
# cell parsers (vectorised)


def parse_numbers(values: pd.Series, *, scale: float = 1.0) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written as text: ``1,234``, ``1 234``, ``12명``, ``3.5``.

    Returns
    -------
    (numbers, bad)
        Floats (NaN where empty or unreadable) and a mask of unreadable cells.

    Examples
    --------
    >>> nums, bad = parse_numbers(pd.Series(["1,234", "12명", "x", None]))
    >>> nums.tolist()[:2], bad.tolist()
    ([1234.0, 12.0], [False, False, True, False])
    """
    present = values.notna()
    cleaned = values.where(~present, values.astype(str).str.replace(_NUMBER_NOISE, "", regex=True))
    numbers = pd.to_numeric(cleaned.where(present, None), errors="coerce").astype(float) * scale
    return numbers, present & numbers.isna()


_DATE_SEPARATORS = re.compile(r"\s*(년|월|\.|/|-)\s*")


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse dates as Korean files write them.

    Accepted: ``2024-10-23``, ``2024.10.23``, ``2024. 10. 23.``, ``2024/10/23``,
    ``20241023``, ``2024년 10월 23일``, ``2024-10`` (1st of month), ``2024``
    (1 January), optionally followed by a time, which is dropped.

    Returns
    -------
    (dates, bad)
        ``datetime64`` values (NaT where empty or unreadable) and a mask of
        unreadable cells (including impossible dates such as 2024-02-30).

    Examples
    --------
    >>> d, bad = parse_dates(pd.Series(["2024년 10월 23일", "20241023", "2024.10.23.", "2024-02-30"]))
    >>> d.dt.strftime("%Y-%m-%d").tolist()[:3], bad.tolist()
    (['2024-10-23', '2024-10-23', '2024-10-23'], [False, False, False, True])
    """
    present = values.notna()
    text = values.where(present, "").astype(str).str.strip()
    text = text.str.replace(r"\s+\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", "", regex=True)
    text = text.str.replace(r"일$", "", regex=True)
    text = text.str.replace(_DATE_SEPARATORS, "-", regex=True).str.strip("-")
    parts = text.str.extract(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$")
    compact = text.str.extract(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
    parts = parts.fillna(compact)
    frame = pd.DataFrame({
        "year": pd.to_numeric(parts["y"], errors="coerce"),
        "month": pd.to_numeric(parts["m"], errors="coerce").fillna(1),
        "day": pd.to_numeric(parts["d"], errors="coerce").fillna(1),
    })
    dates = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    ok = frame["year"].notna()
    if ok.any():
        dates[ok] = pd.to_datetime(frame[ok], errors="coerce")
    return dates, present & dates.isna()


def split_tags(values: pd.Series) -> pd.Series:
    """Normalise tag lists: split on ``;`` ``,`` ``|`` or new lines, trim, de-duplicate, join with ``;``.

    Examples
    --------
    >>> split_tags(pd.Series(["금형, 도금;금형", None])).tolist()
    ['금형;도금', None]
    """
    def one(cell: object) -> str | None:
        if cell is None or (isinstance(cell, float) and np.isnan(cell)):
            return None
        tags = [t for t in _TAG_SPLIT.split(str(cell).strip()) if t]
        return ";".join(dict.fromkeys(tags)) or None

    return pd.Series([one(v) for v in values], index=values.index, dtype=object)


@cache
def ksic_divisions() -> pd.DataFrame:
    """KSIC (10th revision) divisions: ``division``, ``section``, ``name_ko``, ``name_en``.

    Examples
    --------
    >>> ksic_divisions().set_index("division").loc["25", "name_ko"]
    '금속가공제품'
    """
    return pd.read_csv(regions.DATA_DIR / "ksic_divisions.csv", dtype=str)


# ----------------------------------------------------------------------------
# table validation


class _Collector:
    """Collects problems for one table and marks rows to reject."""

    def __init__(self, raw: RawTable, key: str):
        self.raw = raw
        self.key = key
        self.problems: list[Problem] = list(raw.problems)
        self.reject = pd.Series(False, index=raw.df.index)
        self.row_problems: list[tuple[object, Problem]] = []

    def add(self, mask: pd.Series, code: str, column: str | None, *, severity: str = "error",
            values: pd.Series | None = None, params: Mapping[str, Sequence] | None = None) -> None:
        """Report ``code`` for every row where ``mask`` is true."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        df = self.raw.df
        cells = values if values is not None else (df[column] if column in df.columns else None)
        for idx in mask[mask].index:
            extra = tuple((k, _plain(v[idx] if isinstance(v, pd.Series) else v)) for k, v in (params or {}).items())
            value = None if cells is None else cells[idx]
            problem = Problem(code, file=self.raw.file, row=int(df.at[idx, "source_row"]),
                              column=self.raw.headers.get(column, column) if column else None,
                              value=None if value is None or value is pd.NA else str(value),
                              severity=severity, params=extra)
            self.problems.append(problem)
            if severity == "error":
                self.row_problems.append((idx, problem))
        if severity == "error":
            self.reject |= mask

    def rejected_frame(self) -> pd.DataFrame:
        df = self.raw.df
        originals = df.drop(columns=["source_row"]).rename(columns=self.raw.headers)
        rows = []
        for idx, problem in self.row_problems:
            line = {"row": problem.row, "key": df.at[idx, self.key] if self.key in df.columns else None,
                    "column": problem.column, "value": problem.value, "_problem": problem}
            for col, val in originals.loc[idx].items():
                if col not in line:
                    line[col] = val
            rows.append(line)
        out = pd.DataFrame(rows)
        if not out.empty:
            out = out.sort_values(["row"], kind="stable").reset_index(drop=True)
        return out


def _cellwise(values: pd.Series, func) -> pd.Series:
    """Apply ``func`` to each cell, keeping ``None`` as ``None`` (``Series.map`` turns it into NaN)."""
    return pd.Series([func(None if _missing(v) else v) for v in values], index=values.index, dtype=object)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _plain(value: object) -> object:
    """numpy scalars to Python; whole floats to int (row numbers print as 5, not 5.0)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _check_columns(raw: RawTable, spec: schema.TableSpec, out: pd.DataFrame, c: _Collector) -> None:
    """Parse every known column by its kind; write typed values into ``out``."""
    df = raw.df
    for col in spec.columns:
        if col.name not in df.columns:
            continue
        values = df[col.name]
        if col.kind == "id":
            cleaned = _cellwise(values, lambda v: None if v is None else str(v).strip() or None)
            out[col.name] = cleaned
            if col.required:
                c.add(cleaned.isna(), "missing_value", col.name)
        elif col.kind == "text":
            out[col.name] = values
            if col.required:
                c.add(values.isna(), "missing_value", col.name)
        elif col.kind in ("int", "float"):
            numbers, bad = parse_numbers(values, scale=raw.scales.get(col.name, 1.0))
            c.add(bad, "bad_number", col.name)
            if col.name == "weight":
                c.add(numbers <= 0, "not_positive", col.name)
            else:
                c.add(numbers < 0, "negative_number", col.name)
            if col.kind == "int":
                c.add(numbers.notna() & (numbers != np.round(numbers)), "not_integer", col.name)
                out[col.name] = numbers.where(numbers == np.round(numbers)).astype("Int64")
            else:
                out[col.name] = numbers
        elif col.kind == "date":
            dates, bad = parse_dates(values)
            c.add(bad, "bad_date", col.name)
            out_of_range = (dates.dt.year < 1900) | (dates.dt.year > 2100)
            c.add(out_of_range, "date_out_of_range", col.name)
            out[col.name] = dates.where(~out_of_range)
            if col.required:
                c.add(values.isna(), "missing_value", col.name)
        elif col.kind in ("tags", "ids"):
            out[col.name] = split_tags(values)
        elif col.kind == "industry":
            out[col.name] = _check_industry(values, c, col.name)
        # lat/lon are handled with the location


def _check_industry(values: pd.Series, c: _Collector, column: str) -> pd.Series:
    text = _cellwise(values, lambda v: None if v is None else str(v).strip().upper()).astype("str")
    text = text.where(values.notna(), None)
    digits = text.str.replace(r"^[A-U]\s*", "", regex=True).str.replace(r"[\s.\-]", "", regex=True)
    bad = text.notna() & ~digits.str.fullmatch(r"\d{2,5}").fillna(False).astype(bool)
    c.add(bad, "bad_industry", column)
    known = set(ksic_divisions()["division"])
    unknown = ~bad & digits.notna() & ~digits.str[:2].isin(known)
    c.add(unknown, "unknown_industry", column, severity="warning", values=digits)
    return digits.where(~bad).astype(object)


def _check_location(raw: RawTable, out: pd.DataFrame, c: _Collector) -> None:
    """Fill today's region columns from sido/sigungu/address and/or coordinates."""
    df = raw.df
    index = df.index
    has_text = [col for col in ("sido", "sigungu", "address") if col in df.columns]
    has_coords = "lat" in df.columns and "lon" in df.columns
    if not has_text and not has_coords:
        c.problems.append(Problem("missing_location", file=raw.file, severity="warning"))
        for col in schema.REGION_COLUMNS:
            out[col] = pd.Series(None, index=index, dtype=object)
        out["lat"] = np.nan
        out["lon"] = np.nan
        return

    lat = parse_numbers(df["lat"])[0] if "lat" in df.columns else pd.Series(np.nan, index=index)
    lon = parse_numbers(df["lon"])[0] if "lon" in df.columns else pd.Series(np.nan, index=index)
    for col in ("lat", "lon"):
        if col in df.columns:
            c.add(parse_numbers(df[col])[1], "bad_number", col)
    one_missing = lat.isna() ^ lon.isna()
    c.add(one_missing, "coordinates_incomplete", "lat" if "lat" in df.columns else "lon")
    both = lat.notna() & lon.notna()
    inside = pd.Series(regions.in_korea(lat, lon), index=index)
    swapped = both & ~inside & pd.Series(regions.in_korea(lon, lat), index=index)
    if swapped.any():
        lat, lon = lat.where(~swapped, lon), lon.where(~swapped, lat)
        c.add(swapped, "coordinates_swapped", "lat", severity="warning",
              params={"lat": lat.round(5), "lon": lon.round(5)})
    outside = both & ~swapped & ~inside
    c.add(outside, "coordinates_outside_korea", "lat", params={"lat": lat, "lon": lon})
    good = both & ~outside
    lat, lon = lat.where(good), lon.where(good)
    out["lat"], out["lon"] = lat, lon

    text = regions.normalize_regions(df[has_text]) if has_text else None
    result = pd.DataFrame({col: pd.Series(None, index=index, dtype=object) for col in schema.REGION_COLUMNS})
    given = pd.Series(False, index=index)
    if text is not None:
        given = df[has_text].notna().any(axis=1)
        for col in schema.REGION_COLUMNS:
            result[col] = text[col].where(given, None)

    point = pd.DataFrame({col: pd.Series(None, index=index, dtype=object) for col in schema.REGION_COLUMNS})
    if good.any():
        located = regions.locate_points(lat[good].to_numpy(), lon[good].to_numpy())
        located.index = lat[good].index
        point.loc[good, list(schema.REGION_COLUMNS)] = located[list(schema.REGION_COLUMNS)]
    point_found = point["sigungu_code"].notna()
    c.add(good & ~point_found & ~given, "point_not_in_region", "lat", severity="error",
          params={"lat": lat, "lon": lon})

    text_error = given & (text["severity"] == "error") if text is not None else pd.Series(False, index=index)
    text_ok = given & ~text_error
    # 1. text failed, coordinates work: use the coordinates and say so
    use_point = text_error & point_found
    # 2. text gave only the 시도 or a city with 일반구, and the point lies inside it: the point is finer
    if text is not None:
        coarse = text_ok & (result["sigungu_code"].isna() | result["sigungu_code"].isin(_city_codes()))
        same_area = (point["sido_code"] == result["sido_code"]) & (
            result["sigungu_code"].isna()
            | (_prefix(point["sigungu_code"]) == _prefix(result["sigungu_code"])))
        refine = coarse & point_found & same_area.fillna(False)
    else:
        refine = pd.Series(False, index=index)
    only_point = ~given & point_found
    take = use_point | refine | only_point
    for col in schema.REGION_COLUMNS:
        result.loc[take, col] = point.loc[take, col]
    c.add(use_point, "region_from_coordinates", "sigungu" if "sigungu" in df.columns else "address",
          severity="warning")
    # 3. both given and they disagree: keep the text, warn
    if text is not None:
        disagree = text_ok & ~refine & point_found & result["sigungu_code"].notna() & (
            point["sigungu_code"] != result["sigungu_code"])
        c.add(disagree, "coordinates_region_mismatch", "lat", severity="warning",
              params={"found": _joined(point["sido"], point["sigungu"]),
                      "given": _joined(result["sido"], result["sigungu"])})
        # region problems of the text itself (errors only when the point did not save the row)
        column = "sigungu" if "sigungu" in df.columns else ("address" if "address" in df.columns else "sido")
        shown = pd.Series(None, index=index, dtype=object)
        for col in ("address", "sido", "sigungu"):  # the most specific column wins
            if col in df.columns:
                shown = df[col].where(df[col].notna(), shown)
        matched = text["params"].map(lambda p: dict(p).get("value"))
        shown = matched.where(matched.notna(), shown)
        for code in text["problem"].dropna().unique():
            mask = given & (text["problem"] == code) & ~use_point & ~refine
            severity = "warning" if code in _REGION_WARNINGS else "error"
            if code in ("sido_only", "city_only"):
                mask &= ~refine
            params = text["params"].map(dict)
            keys = sorted({k for d in params[mask] for k in d})
            c.add(mask, code, column, severity=severity, values=shown,
                  params={k: params.map(lambda d, k=k: d.get(k, "")) for k in keys if k != "value"})
    nothing = ~given & ~good & ~(lat.isna() ^ lon.isna()) & ~outside
    c.add(nothing, "no_location", None, severity="warning")
    for col in schema.REGION_COLUMNS:
        out[col] = result[col]


_REGION_WARNINGS = ("old_region_name", "sido_only", "city_only", "region_from_address")


def _prefix(codes: pd.Series) -> pd.Series:
    """The first four digits of 시군구 codes (a city and its 구 share them); ``None`` stays ``None``."""
    return pd.Series([None if _missing(c) else str(c)[:4] for c in codes], index=codes.index, dtype=object)


def _joined(left: pd.Series, right: pd.Series) -> pd.Series:
    """``left + " " + right`` cell by cell, whatever the dtypes, ``None`` where either is missing."""
    return pd.Series([None if _missing(a) or _missing(b) else f"{a} {b}" for a, b in zip(left, right)],
                     index=left.index, dtype=object)


@cache
def _city_codes() -> frozenset[str]:
    table = regions.sigungu_table(include_cities=True)
    return frozenset(table.loc[table["level"] == "city", "sigungu_code"])


def _duplicates(values: pd.Series, c: _Collector, column: str) -> None:
    """Reject second and later rows with the same id; name the first row."""
    present = values.notna()
    dup = present & values.duplicated(keep="first")
    if dup.any():
        first_row = values[present & ~values.duplicated(keep="first")]
        first = pd.Series(c.raw.df.loc[first_row.index, "source_row"].to_numpy(), index=first_row.to_numpy())
        c.add(dup, "duplicate_id", column, params={"first_row": values.map(first)})


def _finish(raw: RawTable, spec: schema.TableSpec, out: pd.DataFrame, c: _Collector) -> tuple[pd.DataFrame, pd.DataFrame]:
    extra = [col for col in raw.df.columns if col not in out.columns and col not in {x.name for x in spec.columns}]
    for col in extra:
        out[col] = raw.df[col]
    out["source_row"] = raw.df["source_row"]
    valid = out[~c.reject].reset_index(drop=True)
    return valid, c.rejected_frame()


def _empty(spec: schema.TableSpec) -> pd.DataFrame:
    cols = [col.name for col in spec.columns]
    if spec.has_location:
        cols += [c for c in schema.REGION_COLUMNS if c not in cols]
    return pd.DataFrame(columns=[*cols, "source_row"])


def _validate_located(raw: RawTable, spec: schema.TableSpec) -> tuple[pd.DataFrame, pd.DataFrame, _Collector]:
    c = _Collector(raw, spec.key)
    out = pd.DataFrame(index=raw.df.index)
    if raw.df.empty:  # a header and no rows: nothing to check
        for col in _empty(spec).columns:
            out[col] = pd.Series(dtype=object)
        return out, c.reject, c
    _check_columns(raw, spec, out, c)
    _duplicates(out[spec.key], c, spec.key)
    if spec.has_location:
        _check_location(raw, out, c)
    return out, c.reject, c


def validate_members(raw: RawTable) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Validate a members table; return ``(valid, rejected, problems)``.

    Examples
    --------
    >>> from network.io import read_table
    >>> raw = read_table("member_id,name,sido,sigungu\\nA,가,서울,종로구\\nA,나,서울,중구\\n".encode(), "members")
    >>> valid, rejected, problems = validate_members(raw)
    >>> len(valid), problems[0].code, problems[0].row
    (1, 'duplicate_id', 3)
    """
    spec = schema.MEMBERS
    out, _, c = _validate_located(raw, spec)
    if "industry" in out.columns:
        names = ksic_divisions().set_index("division")["name_ko"]
        guess = out["industry"].str[:2].map(names)
        out["industry_name"] = out["industry_name"].fillna(guess) if "industry_name" in out.columns else guess
    valid, rejected = _finish(raw, spec, out, c)
    return valid, rejected, c.problems


def validate_offices(raw: RawTable) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Validate an offices table; return ``(valid, rejected, problems)``.

    Examples
    --------
    >>> from network.io import read_table
    >>> raw = read_table("office_id,name,sido,sigungu\\nK1,서울지역본부,서울,금천구\\n".encode(), "offices")
    >>> validate_offices(raw)[0]["sigungu_code"].tolist()
    ['11545']
    """
    out, _, c = _validate_located(raw, schema.OFFICES)
    valid, rejected = _finish(raw, schema.OFFICES, out, c)
    return valid, rejected, c.problems


def validate_partnerships(
    raw: RawTable, *, member_ids: set[str] | None = None, rejected_members: Mapping[str, int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Validate partnerships; merge duplicate pairs; check members exist.

    Parameters
    ----------
    raw
        The table as read.
    member_ids
        Ids of valid members; ``None`` skips the check (no members table).
    rejected_members
        ``{member_id: row}`` of members rejected in the members file, to say why.

    Examples
    --------
    >>> from network.io import read_table
    >>> raw = read_table("source_id,target_id,weight\\nA,B,1\\nB,A,2\\nA,A,1\\n".encode(), "partnerships")
    >>> valid, rejected, problems = validate_partnerships(raw)
    >>> valid[["source_id", "target_id", "weight"]].values.tolist()
    [['A', 'B', 3.0]]
    >>> sorted(p.code for p in problems)
    ['duplicate_partnership', 'self_partnership']
    """
    spec = schema.PARTNERSHIPS
    c = _Collector(raw, spec.key)
    out = pd.DataFrame(index=raw.df.index)
    _check_columns(raw, spec, out, c)
    src, dst = out["source_id"], out["target_id"]
    c.add(src.notna() & (src == dst), "self_partnership", "target_id")
    if member_ids is not None:
        rejected_members = rejected_members or {}
        for col in ("source_id", "target_id"):
            unknown = out[col].notna() & ~out[col].isin(member_ids)
            was_rejected = unknown & out[col].isin(set(rejected_members))
            c.add(was_rejected, "rejected_member", col,
                  params={"member_row": out[col].map(rejected_members)})
            c.add(unknown & ~was_rejected, "unknown_member", col)
    if "weight" not in out.columns:
        out["weight"] = 1.0
    out["weight"] = out["weight"].fillna(1.0)
    # duplicate pairs (either direction) among rows that are otherwise fine: merge into the first
    ok = ~c.reject
    pair = pd.Series(
        [None if _missing(a) or _missing(b) else tuple(sorted((a, b))) for a, b in zip(src, dst)],
        index=out.index, dtype=object)
    dup = ok & pair.notna() & pair.where(ok).duplicated(keep="first")
    if dup.any():
        first_idx = pair[ok & ~dup].reset_index().set_index(0)["index"]
        target = pair[dup].map(first_idx)
        c.add(dup, "duplicate_partnership", "target_id", severity="warning",
              values=src + "–" + dst, params={"first_row": target.map(raw.df["source_row"])})
        for idx, first in target.items():
            out.at[first, "weight"] += out.at[idx, "weight"]
            if "started" in out.columns and pd.notna(out.at[idx, "started"]):
                out.at[first, "started"] = min(d for d in (out.at[first, "started"], out.at[idx, "started"])
                                               if pd.notna(d))
            if "kind" in out.columns and out.at[idx, "kind"] is not None:
                kinds = [k for k in (out.at[first, "kind"], out.at[idx, "kind"]) if k]
                out.at[first, "kind"] = ";".join(dict.fromkeys(";".join(kinds).split(";")))
    keep = ~c.reject & ~dup
    extra = [col for col in raw.df.columns if col not in out.columns and col not in {x.name for x in spec.columns}]
    for col in extra:
        out[col] = raw.df[col]
    out["source_row"] = raw.df["source_row"]
    return out[keep].reset_index(drop=True), c.rejected_frame(), c.problems


def validate_visits(
    raw: RawTable, *, member_ids: set[str] | None = None, offices: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Validate visits: dates, attendees, difficulty categories, offices.

    Unknown attendees are dropped from the visit with a warning; the number
    of participants is at least the number of listed attendees; difficulty
    categories are mapped to :data:`network.schema.ISSUE_CATEGORIES`.

    Examples
    --------
    >>> from network.io import read_table
    >>> raw = read_table("visit_id,date,sido,sigungu,member_ids,issues\\n"
    ...                  "V1,2025.3.4,경기,화성시 봉담읍,A;X,판로;원자재\\n".encode(), "visits")
    >>> valid, _, problems = validate_visits(raw, member_ids={"A"})
    >>> valid[["member_ids", "participants", "issues", "sigungu"]].values.tolist()
    [['A', 1, '판로·수출;원자재·물류', '화성시 효행구']]
    >>> [p.code for p in problems]
    ['unknown_attendee']
    """
    spec = schema.VISITS
    out, _, c = _validate_located(raw, spec)
    if "member_ids" in out.columns and member_ids is not None:
        def known(cell):
            if cell is None:
                return None, []
            ids = cell.split(";")
            return ";".join(i for i in ids if i in member_ids) or None, [i for i in ids if i not in member_ids]
        pairs = _cellwise(out["member_ids"], known)
        unknown = _cellwise(pairs, lambda p: ";".join(p[1]))
        c.add(unknown != "", "unknown_attendee", "member_ids", severity="warning", values=unknown)
        out["member_ids"] = _cellwise(pairs, lambda p: p[0])
    attendees = (_cellwise(out["member_ids"], lambda s: 0 if s is None else len(s.split(";"))).astype(int)
                 if "member_ids" in out.columns else pd.Series(0, index=out.index))
    if "participants" in out.columns:
        below = out["participants"].notna() & (out["participants"] < attendees)
        c.add(below, "participants_below_attendees", "participants", severity="warning",
              values=out["participants"], params={"attendees": attendees})
        out["participants"] = out["participants"].where(~below, attendees).fillna(attendees).astype("Int64")
    else:
        out["participants"] = attendees.astype("Int64")
    if "issues" in out.columns:
        def categorise(cell):
            if cell is None:
                return None, []
            mapped, unknown = [], []
            for tag in cell.split(";"):
                key = re.sub(r"\s+", "", tag).lower()
                if key in schema.ISSUE_ALIASES:
                    mapped.append(schema.ISSUE_ALIASES[key])
                else:
                    mapped.append(tag)
                    unknown.append(tag)
            return ";".join(mapped), unknown
        raw_issues = _cellwise(raw.df["issues"], lambda v: None if v is None else ";".join(
            t for t in _TAG_SPLIT.split(str(v).strip()) if t) or None)
        pairs = _cellwise(raw_issues, categorise)
        unknown = _cellwise(pairs, lambda p: ";".join(p[1]))
        c.add(unknown != "", "unknown_issue_category", "issues", severity="warning", values=unknown,
              params={"allowed": ", ".join(schema.ISSUE_CATEGORIES)})
        out["issues"] = _cellwise(pairs, lambda p: p[0])
    if "office" in out.columns and offices is not None and not offices.empty:
        names = set(offices["office_id"]) | set(offices["name"])
        c.add(out["office"].notna() & ~out["office"].isin(names), "unknown_office", "office", severity="warning")
    valid, rejected = _finish(raw, spec, out, c)
    return valid, rejected, c.problems


def validate_dataset(raws: Mapping[str, RawTable], *, file_errors: Sequence[Problem] = ()) -> Dataset:
    """Validate up to four tables together (members first, then what refers to them).

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
    tables = {name: _empty(spec) for name, spec in schema.TABLES.items()}

    def record(name: str, raw: RawTable, result: tuple[pd.DataFrame, pd.DataFrame, list[Problem]]) -> None:
        valid, rej, probs = result
        tables[name] = valid
        rejected[name] = rej
        problems.extend(probs)
        n_rej = int(rej["row"].nunique()) if not rej.empty else 0
        counts[name] = {"read": len(raw.df), "valid": len(valid), "rejected": n_rej}

    member_ids: set[str] | None = None
    rejected_members: dict[str, int] = {}
    if "members" in raws:
        record("members", raws["members"], validate_members(raws["members"]))
        member_ids = set(tables["members"]["member_id"])
        rej = rejected["members"]
        if not rej.empty:
            for key, row in zip(rej["key"], rej["row"]):
                if key is not None and key not in member_ids:
                    rejected_members.setdefault(key, int(row))
    if "offices" in raws:
        record("offices", raws["offices"], validate_offices(raws["offices"]))
    if "partnerships" in raws:
        record("partnerships", raws["partnerships"],
               validate_partnerships(raws["partnerships"], member_ids=member_ids, rejected_members=rejected_members))
    if "visits" in raws:
        record("visits", raws["visits"], validate_visits(
            raws["visits"], member_ids=member_ids, offices=tables["offices"] if "offices" in raws else None))
    for name, spec in schema.TABLES.items():  # every table has every column of the model (None when not given)
        for col in _empty(spec).columns:
            if col not in tables[name].columns:
                tables[name][col] = pd.Series([None] * len(tables[name]), index=tables[name].index, dtype=object)
    order = {name: i for i, name in enumerate(schema.TABLES)}
    file_order = {raw.file: order[name] for name, raw in raws.items()}
    problems.sort(key=lambda p: (file_order.get(p.file, 9), p.row or 0))
    report = ValidationReport(tuple(problems), rejected, counts, tuple(file_errors))
    files = {name: raw.file for name, raw in raws.items()}
    return Dataset(tables["members"], tables["partnerships"], tables["visits"], tables["offices"], report, files)


def table_path_hint(path: str | Path) -> str:
    """Return the table a file name suggests (``회원.xlsx`` → ``members``), or ``""``.

    Examples
    --------
    >>> table_path_hint("2025_회원명단.xlsx"), table_path_hint("visits.csv")
    ('members', 'visits')
    """
    name = Path(path).stem.lower()
    hints = {"members": ("member", "회원", "기업", "업체"), "partnerships": ("partner", "협력", "제휴", "관계"),
             "visits": ("visit", "방문", "행사", "상담"), "offices": ("office", "지부", "본부")}
    for table, words in hints.items():
        if any(w in name for w in words):
            return table
    return ""
