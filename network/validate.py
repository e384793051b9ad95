"""Checking tables row by row: keep the valid rows, return the rest with reasons.

One ``validate_<table>`` function per table takes the :class:`~network.io.RawTable`
read by :mod:`network.io` and returns typed, normalised rows (today's region
codes filled in), the rejected rows with their original cells, and every
problem (file, Excel row, column as written, value, message).  Checks between
tables (a partnership's members exist …) take the ids of the tables they refer
to; :func:`network.dataset.validate_dataset` runs them in order and collects a
:class:`ValidationReport`.

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

import numpy as np
import pandas as pd

from network import regions, schema
from network.errors import Problem, Severity, problems_table
from network.io import RawTable
from network.texts import Language

__all__ = [
    "ATTENDANCE_COLUMNS",
    "DIFFICULTY_COLUMNS",
    "REJECTED_COLUMNS",
    "ValidationReport",
    "VisitTables",
    "categorise_difficulty",
    "empty_table",
    "ksic_divisions",
    "parse_dates",
    "parse_numbers",
    "raise_participants",
    "split_tags",
    "validate_attendance",
    "validate_difficulties",
    "validate_members",
    "validate_offices",
    "validate_partnerships",
    "validate_visits",
]

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

    def table(self, *, language: Language = "ko", severity: str | None = None) -> pd.DataFrame:
        """All problems (file errors first) as one DataFrame; only ``"error"`` or ``"warning"`` ones if given.

        Examples
        --------
        >>> report = ValidationReport(problems=(Problem("unknown_column", file="m.csv", severity="warning"),))
        >>> len(report.table()), len(report.table(severity="error")), report.table(language="en").loc[0, "message"]
        (1, 0, 'Unrecognised column, kept as it is')
        """
        if severity not in (None, "error", "warning"):
            raise ValueError(f"severity was {severity!r} but is expected to be in [None, 'error', 'warning']")
        if severity is None:
            chosen = [*self.file_errors, *self.problems]
        else:
            chosen = self.errors() if severity == "error" else self.warnings()
        return problems_table(chosen, language=language)

    def summary(self, *, language: Language = "ko", severity: str | None = None, first: int = 5) -> pd.DataFrame:
        """The problems with repeats folded: one line per file, column, severity and message (the value is in the
        message, so different values stay apart) with ``count``, the first ``value`` and the ``first_rows`` (Excel
        rows, at most ``first``, then ``…``); file by file, errors before warnings, each in the order found.  What a
        person reads first (2,729 rows with the same warning are one line); :meth:`table`, the download, keeps
        every row.

        Examples
        --------
        >>> p = [Problem("sido_only", file="m.csv", row=r, column="주소", value="경기도", severity="warning")
        ...      for r in (2, 3, 4)]
        >>> ValidationReport(problems=tuple(p)).summary(language="en", first=2)[["count", "first_rows"]].values.tolist()
        [[3, '2, 3, …']]
        """
        table = self.table(language=language, severity=severity)
        columns = ["severity", "file", "column", "value", "message", "count", "first_rows"]
        if table.empty:
            return pd.DataFrame(columns=columns)
        keys = ["severity", "file", "column", "message"]
        filled = table.assign(file=table["file"].fillna(""), column=table["column"].fillna(""))

        def rows(values: pd.Series) -> str:
            known = values.dropna()
            return ", ".join([str(int(v)) for v in known.head(first)] + (["…"] if len(known) > first else []))

        out = filled.groupby(keys, sort=False, dropna=False).agg(
            value=("value", "first"), count=("code", "size"), first_rows=("row", rows)).reset_index()
        files = {name: i for i, name in enumerate(dict.fromkeys(out["file"]))}
        out = out.assign(_file=out["file"].map(files), _warning=out["severity"] != "error")
        out = out.sort_values(["_file", "_warning"], kind="stable")
        return out[columns].reset_index(drop=True)

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
    return _on_distinct(values, lambda distinct: _parse_numbers(distinct, scale))


def _parse_numbers(values: pd.Series, scale: float) -> tuple[pd.Series, pd.Series]:
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
    return _on_distinct(values, _parse_dates)


def _parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
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

    return _each_distinct(values, one)


# ----------------------------------------------------------------------------
# whole columns, each distinct text once
#
# A column of a real file holds the same text in many rows (a date, a 시군구, a tag list).  The
# helpers below compute a cell-by-cell function once per distinct text and spread the results
# back over the rows, which gives exactly what computing it row by row gives.


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """``(codes, distinct)`` of a column of text: ``distinct.iloc[codes]`` is the column again, with
    ``None`` (last in ``distinct``) for every missing cell; ``None`` when the column is not all text
    (then there is nothing to gain, and numbers such as 1 and 1.0 must not be taken for one value)."""
    if values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return None
    codes, uniques = pd.factorize(values.to_numpy(), use_na_sentinel=True)
    missing = codes < 0
    if missing.any():
        codes = np.where(missing, len(uniques), codes)
        uniques = np.append(uniques.astype(object), np.array([None], dtype=object))
    return codes, pd.Series(uniques, dtype=object, name=values.name)


def _spread(result: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A result computed on the distinct values, back on the rows."""
    out = result.iloc[codes]
    out.index = index
    return out


def _on_distinct(values: pd.Series, func):
    """``func(values)``, for a ``func`` that works cell by cell and returns a tuple of Series,
    computed on the distinct texts only."""
    distinct = _distinct(values)
    if distinct is None:
        return func(values)
    codes, uniques = distinct
    return tuple(_spread(result, codes, values.index) for result in func(uniques))


def _each_distinct(values: pd.Series, func) -> pd.Series:
    """``func`` of each cell as it is (an object Series), called once per distinct text; a missing
    cell is given to ``func`` as it is (``None``, NaN or ``pd.NA``)."""
    if len(values) == 0 or pd.api.types.infer_dtype(values, skipna=True) != "string":
        return pd.Series([func(v) for v in values], index=values.index, dtype=object)
    cells = values.to_numpy(dtype=object)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        results[i] = func(value)
    out = results[codes]  # code -1 (missing) takes the spare last slot, filled just below
    for at in np.flatnonzero(codes < 0):
        out[at] = func(cells[at])
    return pd.Series(out, index=values.index, dtype=object)


class _Distinct:
    """The distinct values of an object column of hashable values, to map a function over them once.

    ``_Distinct(values).map(func)`` equals ``values.map(func)``, dtype included (pandas infers it from
    the results, and the distinct values give the same kinds of results as all rows do).
    """

    def __init__(self, values: pd.Series):
        self.values = values
        self.codes: np.ndarray | None = None
        cells = values.to_numpy()
        if values.dtype != object or pd.isna(cells).any():  # NaN and None would be taken for one value
            return
        try:
            self.codes, uniques = pd.factorize(cells, use_na_sentinel=False)
        except TypeError:  # an unhashable value
            return
        self.uniques = pd.Series(uniques, dtype=object, name=values.name)

    def map(self, func) -> pd.Series:
        if self.codes is None:
            return self.values.map(func)
        return _spread(self.uniques.map(func), self.codes, self.values.index)


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

    def add(self, mask: pd.Series, code: str, column: str | None, *, severity: Severity = "error",
            values: pd.Series | None = None, params: Mapping[str, Sequence] | None = None) -> None:
        """Report ``code`` for every row where ``mask`` is true."""
        mask = mask.fillna(False).astype(bool)
        flags = mask.to_numpy()
        if not flags.any():
            return
        df = self.raw.df
        positions = np.flatnonzero(flags)
        labels = mask.index[positions]
        cells = values if values is not None else (df[column] if column in df.columns else None)
        rows = _scalars(df["source_row"], mask.index, positions, labels)
        shown = [None] * len(positions) if cells is None else _scalars(cells, mask.index, positions, labels)
        extras = [
            [(key, _plain(v)) for v in _scalars(value, mask.index, positions, labels)]
            if isinstance(value, pd.Series) else [(key, _plain(value))] * len(positions)
            for key, value in (params or {}).items()
        ]
        written = self.raw.headers.get(column, column) if column else None
        found = [
            Problem(code, file=self.raw.file, row=int(row), column=written,
                    value=None if value is None or value is pd.NA else str(value),
                    severity=severity, params=tuple(extra))
            for row, value, *extra in zip(rows, shown, *extras)
        ] if extras else [
            Problem(code, file=self.raw.file, row=int(row), column=written,
                    value=None if value is None or value is pd.NA else str(value), severity=severity)
            for row, value in zip(rows, shown)
        ]
        self.problems.extend(found)
        if severity == "error":
            self.row_problems.extend(zip(labels, found))
            self.reject |= mask

    def rejected_frame(self) -> pd.DataFrame:
        df = self.raw.df
        originals = df.drop(columns=["source_row"]).rename(columns=self.raw.headers)
        labels = pd.Index([idx for idx, _ in self.row_problems], dtype=df.index.dtype)
        positions = df.index.get_indexer(labels)
        if (positions < 0).any():
            raise KeyError(labels[positions < 0][0])
        keys = (_scalars(df[self.key], df.index, positions, labels) if self.key in df.columns
                else [None] * len(labels))
        names = list(originals.columns)
        if all(pd.api.types.is_object_dtype(dtype) for dtype in originals.dtypes):  # as read: cells as they are
            cells = originals.iloc[positions].to_numpy().tolist() if names else [[] for _ in labels]
        else:
            cells = [list(originals.loc[idx]) for idx in labels]
        rows = []
        for (_, problem), key, row_cells in zip(self.row_problems, keys, cells):
            line = {"row": problem.row, "key": key, "column": problem.column, "value": problem.value,
                    "_problem": problem}
            for col, val in zip(names, row_cells):
                if col not in line:
                    line[col] = val
            rows.append(line)
        out = pd.DataFrame(rows)
        if not out.empty:
            out = out.sort_values(["row"], kind="stable").reset_index(drop=True)
        return out


def _scalars(series: pd.Series, index: pd.Index, positions: np.ndarray, labels: pd.Index) -> list:
    """``[series[label] for label in labels]`` (the same scalars), where ``labels`` are ``index[positions]``."""
    if not series.index.equals(index):
        positions = series.index.get_indexer(labels)
        if (positions < 0).any():
            raise KeyError(labels[positions < 0][0])
    if isinstance(series.dtype, np.dtype) and series.dtype.kind not in "mM":
        return list(series.to_numpy()[positions])  # numpy scalars, as ``series[label]`` gives them
    array = series.array  # Timestamps, pd.NA, …: one by one, as ``series[label]`` gives them
    return [array[at] for at in positions]


def _cellwise(values: pd.Series, func) -> pd.Series:
    """Apply ``func`` to each cell, keeping ``None`` as ``None`` (``Series.map`` turns it into NaN);
    once per distinct text."""
    return _each_distinct(values, lambda v: func(None if _missing(v) else v))


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
            cleaned = _clean_ids(values)
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


def _clean_id(value: object) -> str | None:
    return None if value is None else str(value).strip() or None


def _clean_ids(values: pd.Series) -> pd.Series:
    """``_cellwise(values, _clean_id)``: ids are mostly distinct, so cell by cell, text the quick way."""
    return pd.Series([(v.strip() or None) if type(v) is str else _clean_id(None if _missing(v) else v)
                      for v in values], index=values.index, dtype=object)


def _check_industry(values: pd.Series, c: _Collector, column: str) -> pd.Series:
    digits, bad, unknown = _on_distinct(values, _industry_codes)
    c.add(bad, "bad_industry", column)
    c.add(unknown, "unknown_industry", column, severity="warning", values=digits)
    return digits.where(~bad).astype(object)


def _industry_codes(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """KSIC codes as digits, which cells are not a code, and which codes are of no known division."""
    text = _cellwise(values, lambda v: None if v is None else str(v).strip().upper()).astype("str")
    text = text.where(values.notna(), None)
    digits = text.str.replace(r"^[A-U]\s*", "", regex=True).str.replace(r"[\s.\-]", "", regex=True)
    bad = text.notna() & ~digits.str.fullmatch(r"\d{2,5}").fillna(False).astype(bool)
    known = set(ksic_divisions()["division"])
    unknown = ~bad & digits.notna() & ~digits.str[:2].isin(known)
    return digits, bad, unknown


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

    parsed = {col: parse_numbers(df[col]) for col in ("lat", "lon") if col in df.columns}
    lat = parsed["lat"][0] if "lat" in parsed else pd.Series(np.nan, index=index)
    lon = parsed["lon"][0] if "lon" in parsed else pd.Series(np.nan, index=index)
    for col, (_, bad) in parsed.items():
        c.add(bad, "bad_number", col)
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
        disagree = (text_ok & ~refine & point_found & result["sigungu_code"].notna() & (
            point["sigungu_code"] != result["sigungu_code"])).fillna(False).astype(bool)
        c.add(disagree, "coordinates_region_mismatch", "lat", severity="warning",  # (only those rows are looked up)
              params={"found": _joined(point.loc[disagree, "sido"], point.loc[disagree, "sigungu"]),
                      "given": _joined(result.loc[disagree, "sido"], result.loc[disagree, "sigungu"])})
        # region problems of the text itself (errors only when the point did not save the row)
        column = "sigungu" if "sigungu" in df.columns else ("address" if "address" in df.columns else "sido")
        shown = pd.Series(None, index=index, dtype=object)
        for col in ("address", "sido", "sigungu"):  # the most specific column wins
            if col in df.columns:
                shown = df[col].where(df[col].notna(), shown)
        region_params = _Distinct(text["params"])  # few distinct places: each one's parameters once
        matched = region_params.map(lambda p: dict(p).get("value"))
        shown = matched.where(matched.notna(), shown)
        for code in text["problem"].dropna().unique():
            mask = given & (text["problem"] == code) & ~use_point & ~refine
            severity: Severity = "warning" if code in _REGION_WARNINGS else "error"
            if code in ("sido_only", "city_only"):
                mask &= ~refine
            keys = sorted({k for p in text.loc[mask, "params"] for k, _ in p})
            c.add(mask, code, column, severity=severity, values=shown,
                  params={k: region_params.map(lambda p, k=k: dict(p).get(k, "")) for k in keys if k != "value"})
    nothing = ~given & ~good & ~(lat.isna() ^ lon.isna()) & ~outside
    c.add(nothing, "no_location", None, severity="warning")
    for col in schema.REGION_COLUMNS:
        out[col] = result[col]


_REGION_WARNINGS = ("old_region_name", "sido_only", "city_only", "region_split", "region_from_address")


def _prefix(codes: pd.Series) -> pd.Series:
    """The first four digits of 시군구 codes (a city and its 구 share them); ``None`` stays ``None``."""
    return _cellwise(codes, lambda c: None if c is None else str(c)[:4])


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


def empty_table(spec: schema.TableSpec) -> pd.DataFrame:
    """A table of the data model with no rows: the columns its validated rows have.

    Examples
    --------
    >>> list(empty_table(schema.ATTENDANCE).columns)
    ['visit_id', 'member_id', 'source_row']
    >>> "member_ids" in empty_table(schema.VISITS).columns, "sigungu_code" in empty_table(schema.VISITS).columns
    (False, True)
    """
    if spec.name == "attendance":
        return pd.DataFrame(columns=ATTENDANCE_COLUMNS)
    if spec.name == "difficulties":
        return pd.DataFrame(columns=DIFFICULTY_COLUMNS)
    cols = list(spec.kept)
    if spec.has_location:
        cols += [c for c in schema.REGION_COLUMNS if c not in cols]
    return pd.DataFrame(columns=[*cols, "source_row"])


def _validate_located(raw: RawTable, spec: schema.TableSpec) -> tuple[pd.DataFrame, pd.DataFrame, _Collector]:
    c = _Collector(raw, spec.key)
    out = pd.DataFrame(index=raw.df.index)
    if raw.df.empty:  # a header and no rows: nothing to check
        for col in [*empty_table(spec).columns, *(c.name for c in spec.columns if c.moves_to)]:
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
    ids = _IdPairs(src, dst)
    c.add(src.notna() & (src == dst), "self_partnership", "target_id")
    if member_ids is not None:
        rejected_members = rejected_members or {}
        known, was = ids.isin(member_ids), ids.isin(set(rejected_members))
        for side, col in enumerate(("source_id", "target_id")):
            unknown = out[col].notna() & ~known[side]
            was_rejected = unknown & was[side]
            c.add(was_rejected, "rejected_member", col,  # (only those rows are looked up)
                  params={"member_row": out.loc[was_rejected, col].map(rejected_members)})
            c.add(unknown & ~was_rejected, "unknown_member", col)
    if "weight" not in out.columns:
        out["weight"] = 1.0
    out["weight"] = out["weight"].fillna(1.0)
    # duplicate pairs (either direction) among rows that are otherwise fine: merge into the first
    ok = ~c.reject
    pair = ids.pairs()  # the same number for A–B and B–A; -1 when either is missing
    dup = ok & (pair >= 0) & pair.where(ok, -1).duplicated(keep="first")
    if dup.any():
        first = (ok & ~dup & (pair >= 0)).to_numpy()
        first_idx = pd.Series(out.index[first], index=pair.to_numpy()[first])
        target = pair[dup].map(first_idx)
        c.add(dup, "duplicate_partnership", "target_id", severity="warning",
              values=src[dup] + "–" + dst[dup], params={"first_row": target.map(raw.df["source_row"])})
        _merge_duplicates(out, out.index.get_indexer(target.index), out.index.get_indexer(target.to_numpy()))
    keep = ~c.reject & ~dup
    extra = [col for col in raw.df.columns if col not in out.columns and col not in {x.name for x in spec.columns}]
    for col in extra:
        out[col] = raw.df[col]
    out["source_row"] = raw.df["source_row"]
    return out[keep].reset_index(drop=True), c.rejected_frame(), c.problems


class _IdPairs:
    """The two member ids of each partnership, numbered together (each distinct id once)."""

    def __init__(self, src: pd.Series, dst: pd.Series):
        n = len(src)
        self.index = src.index
        codes, self.uniques = pd.factorize(
            np.concatenate([src.to_numpy(dtype=object), dst.to_numpy(dtype=object)]), use_na_sentinel=True)
        self.codes = (codes[:n].astype(np.int64), codes[n:].astype(np.int64))  # -1: missing

    def isin(self, ids: set[str]) -> tuple[pd.Series, pd.Series]:
        """``(src.isin(ids), dst.isin(ids))``, looking each distinct id up once."""
        found = np.append(pd.Series(self.uniques, dtype=object).isin(ids).to_numpy(), False)
        source, target = (pd.Series(found[codes], index=self.index) for codes in self.codes)
        return source, target

    def pairs(self) -> pd.Series:
        """One number per unordered pair of ids (A–B and B–A alike), ``-1`` where either id is missing."""
        a, b = self.codes
        pair = np.minimum(a, b) * (len(self.uniques) + 1) + np.maximum(a, b)
        return pd.Series(np.where((a >= 0) & (b >= 0), pair, -1), index=self.index)


def _merge_duplicates(out: pd.DataFrame, repeats: np.ndarray, firsts: np.ndarray) -> None:
    """Merge each repeated partnership (position in ``repeats``) into its first row (``firsts``), in row
    order: weights add up, the earliest start date and every kind (``;``-joined) are kept."""
    weight = out["weight"].to_numpy(copy=True)
    for idx, first in zip(repeats, firsts):
        weight[first] += weight[idx]
    out["weight"] = weight
    if "started" in out.columns:
        started = out["started"].to_numpy(copy=True)
        for idx, first in zip(repeats, firsts):
            if not np.isnat(started[idx]):
                started[first] = started[idx] if np.isnat(started[first]) else min(started[first], started[idx])
        out["started"] = started
    if "kind" in out.columns:
        kind = out["kind"].to_numpy(dtype=object, copy=True)
        for idx, first in zip(repeats, firsts):
            if kind[idx] is not None:
                kinds = [k for k in (kind[first], kind[idx]) if k]
                kind[first] = ";".join(dict.fromkeys(";".join(kinds).split(";")))
        out["kind"] = pd.Series(kind, index=out.index, dtype=object)


@dataclass(frozen=True)
class VisitTables:
    """What a visits file holds once validated: the visits, who attended, and the difficulties raised.

    Attributes
    ----------
    visits
        Valid visits, without the ``member_ids`` and ``issues`` cells (moved to the other two tables).
    attendance
        ``visit_id``, ``member_id``, ``source_row``: one row per known member listed in ``참석기업``.
    difficulties
        ``difficulty_id`` (``<visit_id>#<n>``), ``visit_id``, ``member_id`` (``None``: the file does not
        say), ``category`` (mapped to :data:`network.schema.ISSUE_CATEGORIES`, or as written when unknown),
        ``text`` (the entry as written), ``source_row``: one row per entry of ``애로사항``.
    rejected
        Rejected visit rows with their reasons and original cells.
    problems
        Every problem found.
    """

    visits: pd.DataFrame
    attendance: pd.DataFrame
    difficulties: pd.DataFrame
    rejected: pd.DataFrame
    problems: list[Problem]


ATTENDANCE_COLUMNS = ["visit_id", "member_id", "source_row"]
DIFFICULTY_COLUMNS = ["difficulty_id", "visit_id", "member_id", "category", "text", "status", "resolved",
                      "source_row"]


def categorise_difficulty(text: object) -> tuple[str | None, bool]:
    """The category of a difficulty as written, and whether it is a known one.

    Other spellings are mapped (``판로`` → ``판로·수출``); an unknown word is kept as written.

    Examples
    --------
    >>> categorise_difficulty("원자재"), categorise_difficulty("날씨"), categorise_difficulty(None)
    (('원자재·물류', True), ('날씨', False), (None, True))
    """
    if _missing(text) or not str(text).strip():
        return None, True
    key = re.sub(r"\s+", "", str(text)).lower()
    if key in schema.ISSUE_ALIASES:
        return schema.ISSUE_ALIASES[key], True
    return str(text).strip(), False


def validate_visits(
    raw: RawTable, *, member_ids: set[str] | None = None, offices: pd.DataFrame | None = None,
) -> VisitTables:
    """Validate visits: dates, places, offices; move attendees and difficulties into their own tables.

    The ``참석기업`` cell (``member_ids``) becomes rows of ``attendance``; members not in
    ``member_ids`` are dropped with a warning.  Each entry of the ``애로사항`` cell (``issues``)
    becomes a row of ``difficulties``, its category mapped to
    :data:`network.schema.ISSUE_CATEGORIES` (an unknown one is kept as written, with a warning).
    ``participants`` stays as written (empty when not given): attendees may also come from other
    files, so :func:`raise_participants` is applied once all are known
    (:func:`network.dataset.validate_dataset` does).

    Examples
    --------
    >>> from network.io import read_table
    >>> raw = read_table("visit_id,date,sido,sigungu,member_ids,issues\\n"
    ...                  "V1,2025.3.4,경기,화성시 봉담읍,A;X,판로;원자재\\n".encode(), "visits")
    >>> result = validate_visits(raw, member_ids={"A"})
    >>> result.visits[["visit_id", "sigungu"]].values.tolist()
    [['V1', '화성시 효행구']]
    >>> result.attendance[["visit_id", "member_id"]].values.tolist()
    [['V1', 'A']]
    >>> result.difficulties[["difficulty_id", "category", "text"]].values.tolist()
    [['V1#1', '판로·수출', '판로'], ['V1#2', '원자재·물류', '원자재']]
    >>> [p.code for p in result.problems]
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
    if "participants" not in out.columns:
        out["participants"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    if "issues" in raw.df.columns:
        entries = _cellwise(raw.df["issues"], _issue_entries)  # (lists shared by equal cells, only read)
        unknown = _cellwise(raw.df["issues"], lambda v: ";".join(
            t for t in _issue_entries(v) if not categorise_difficulty(t)[1]))
        c.add(unknown != "", "unknown_issue_category", "issues", severity="warning", values=unknown,
              params={"allowed": ", ".join(schema.ISSUE_CATEGORIES)})
        out["issues"] = entries
    if "office" in out.columns and offices is not None and not offices.empty:
        names = set(offices["office_id"]) | set(offices["name"])
        c.add(out["office"].notna() & ~out["office"].isin(names), "unknown_office", "office", severity="warning")
    valid, rejected = _finish(raw, spec, out, c)
    attendance = _attendance_from_cells(valid)
    difficulties = _difficulties_from_cells(valid)
    visits = valid.drop(columns=[col for col in ("member_ids", "issues") if col in valid.columns])
    visits["participants"] = visits["participants"].astype("Int64")
    return VisitTables(visits, attendance, difficulties, rejected, c.problems)


def _issue_entries(cell: object) -> list[str]:
    """The difficulties written in one ``애로사항`` cell."""
    return [] if cell is None else [t for t in _TAG_SPLIT.split(str(cell).strip()) if t]


def _attendance_from_cells(valid: pd.DataFrame) -> pd.DataFrame:
    rows = []
    if "member_ids" in valid.columns:
        for visit, cell, row in zip(valid["visit_id"], valid["member_ids"], valid["source_row"]):
            if not _missing(cell):
                rows += [(visit, m, int(row)) for m in dict.fromkeys(str(cell).split(";")) if m]
    return pd.DataFrame(rows, columns=ATTENDANCE_COLUMNS).astype({"source_row": "int64"})


def _difficulties_from_cells(valid: pd.DataFrame) -> pd.DataFrame:
    rows = []
    categories: dict[str, str | None] = {}  # each distinct entry categorised once
    if "issues" in valid.columns:
        for visit, tags, row in zip(valid["visit_id"], valid["issues"], valid["source_row"]):
            for k, tag in enumerate(tags if isinstance(tags, list) else [], start=1):
                if tag not in categories:
                    categories[tag] = categorise_difficulty(tag)[0]
                rows.append((f"{visit}#{k}", visit, None, categories[tag], tag, None, None, int(row)))
    return pd.DataFrame(rows, columns=DIFFICULTY_COLUMNS).astype({"source_row": "int64"})


def raise_participants(visits: pd.DataFrame, attendance: pd.DataFrame, *, file: str,
                       column: str | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Make every visit's ``participants`` at least its number of attending members.

    An empty ``participants`` becomes the number of attending members; one that is smaller is
    raised to it, with a ``participants_below_attendees`` warning on the visit's row.

    Returns
    -------
    (visits, problems)
        A new visits table and the warnings.

    Examples
    --------
    >>> v = pd.DataFrame({"visit_id": ["V1", "V2"], "participants": pd.array([1, None], dtype="Int64"),
    ...                   "source_row": [2, 3]})
    >>> a = pd.DataFrame({"visit_id": ["V1", "V1", "V2"], "member_id": ["A", "B", "A"]})
    >>> fixed, problems = raise_participants(v, a, file="v.csv", column="참석자수")
    >>> fixed["participants"].tolist(), [(p.row, p.value) for p in problems]
    ([2, 1], [(2, '1')])
    """
    out = visits.copy()
    counts = attendance.groupby("visit_id").size() if len(attendance) else pd.Series(dtype="int64")
    attendees = out["visit_id"].map(counts).fillna(0).astype("int64")
    given = pd.array(out["participants"], dtype="Int64")
    below = (pd.Series(given, index=out.index) < attendees).fillna(False).astype(bool)
    problems = [Problem("participants_below_attendees", file=file, row=int(row), column=column, value=str(value),
                        severity="warning", params=(("attendees", int(n)),))
                for row, value, n in zip(out.loc[below, "source_row"], pd.Series(given, index=out.index)[below],
                                         attendees[below])]
    filled = pd.Series(given, index=out.index).where(~below, attendees).fillna(attendees)
    out["participants"] = filled.astype("Int64")
    return out, problems


def _reference_checks(c: _Collector, out: pd.DataFrame, column: str, known: set[str] | None,
                      rejected: Mapping[str, int] | None, *, unknown_code: str, rejected_code: str,
                      row_param: str, severity: Severity = "error") -> pd.Series:
    """Report ids of ``column`` that are not in ``known`` (naming the row where a rejected one was); the mask."""
    if known is None or column not in out.columns:
        return pd.Series(False, index=out.index)
    rejected = rejected or {}
    unknown = out[column].notna() & ~out[column].isin(known)
    was_rejected = unknown & out[column].isin(set(rejected))
    c.add(was_rejected, rejected_code, column, severity=severity, params={row_param: out[column].map(rejected)})
    c.add(unknown & ~was_rejected, unknown_code, column, severity=severity)
    return unknown


def validate_attendance(
    raw: RawTable, *, visit_ids: set[str] | None = None, rejected_visits: Mapping[str, int] | None = None,
    member_ids: set[str] | None = None, rejected_members: Mapping[str, int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Validate an attendance table (one row per member at a visit); return ``(valid, rejected, problems)``.

    A row naming a visit or a member that is not known (or was rejected in its own file) is rejected;
    the same member listed twice for a visit is dropped with a warning.

    Examples
    --------
    >>> from network.io import read_table
    >>> raw = read_table("방문번호,회원번호\\nV1,A\\nV1,A\\nV9,A\\n".encode(), "attendance")
    >>> valid, rejected, problems = validate_attendance(raw, visit_ids={"V1"}, member_ids={"A"})
    >>> valid[["visit_id", "member_id"]].values.tolist(), [(p.row, p.code) for p in problems]
    ([['V1', 'A']], [(4, 'unknown_visit'), (3, 'duplicate_attendance')])
    """
    spec = schema.ATTENDANCE
    c = _Collector(raw, spec.key)
    out = pd.DataFrame(index=raw.df.index)
    _check_columns(raw, spec, out, c)
    _reference_checks(c, out, "visit_id", visit_ids, rejected_visits, unknown_code="unknown_visit",
                      rejected_code="rejected_visit", row_param="visit_row")
    _reference_checks(c, out, "member_id", member_ids, rejected_members, unknown_code="unknown_member",
                      rejected_code="rejected_member", row_param="member_row")
    pair = out["visit_id"].astype(object) + "\x1f" + out["member_id"].astype(object)
    twice = ~c.reject & pair.notna() & pair.where(~c.reject).duplicated(keep="first")
    c.add(twice, "duplicate_attendance", "member_id", severity="warning")
    out["source_row"] = raw.df["source_row"]
    valid = out[~c.reject & ~twice].reset_index(drop=True)
    return valid[ATTENDANCE_COLUMNS], c.rejected_frame(), c.problems


def validate_difficulties(
    raw: RawTable, *, visit_ids: set[str] | None = None, rejected_visits: Mapping[str, int] | None = None,
    member_ids: set[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Validate a difficulties table (one row per difficulty raised); return ``(valid, rejected, problems)``.

    Headers: 애로번호 (``difficulty_id``; made up as ``<visit_id>#<n>`` when missing), 방문번호
    (``visit_id``, required), 회원번호 (``member_id``: who raised it, may be empty), 애로유형
    (``category``), 애로내용 (``text``, kept as written), 처리상태 (``status``: one of
    :data:`network.schema.DIFFICULTY_STATUSES` or another spelling of one) and 처리일 (``resolved``).  A row is
    rejected when its visit is unknown, its id repeats an earlier one, or both category and text are empty.
    An unknown member is left empty with a warning (the difficulty is kept); an unknown category is kept as
    written; an unknown status is left empty with a warning (the difficulty is then imported history).

    Examples
    --------
    >>> from network.io import read_table
    >>> raw = read_table("방문번호,회원번호,애로유형,애로내용\\nV1,A,판로,수출 바이어 발굴\\nV1,Z,,인력난\\n".encode(),
    ...                  "difficulties")
    >>> valid, _, problems = validate_difficulties(raw, visit_ids={"V1"}, member_ids={"A"})
    >>> valid[["difficulty_id", "member_id", "category", "text"]].values.tolist()
    [['V1#1', 'A', '판로·수출', '수출 바이어 발굴'], ['V1#2', None, None, '인력난']]
    >>> [p.code for p in problems]
    ['unknown_raiser']
    """
    spec = schema.DIFFICULTIES
    c = _Collector(raw, spec.key)
    out = pd.DataFrame(index=raw.df.index)
    _check_columns(raw, spec, out, c)
    for col in ("difficulty_id", "member_id", "category", "text", "status", "resolved"):
        if col not in out.columns:
            out[col] = pd.Series(None, index=out.index, dtype=object)
    _duplicates(out["difficulty_id"], c, "difficulty_id")
    _reference_checks(c, out, "visit_id", visit_ids, rejected_visits, unknown_code="unknown_visit",
                      rejected_code="rejected_visit", row_param="visit_row")
    if member_ids is not None:
        stranger = out["member_id"].notna() & ~out["member_id"].isin(member_ids)
        c.add(stranger, "unknown_raiser", "member_id", severity="warning")
        out["member_id"] = out["member_id"].where(~stranger, None)
    given = [col for col in ("text", "category") if col in raw.df.columns]
    c.add(out["category"].isna() & out["text"].isna(), "no_difficulty", given[0] if given else None)
    mapped = _cellwise(out["category"], categorise_difficulty)
    known = _cellwise(mapped, lambda m: m[1]).astype(bool)
    c.add(~known, "unknown_issue_category", "category", severity="warning",
          params={"allowed": ", ".join(schema.ISSUE_CATEGORIES)})
    out["category"] = _cellwise(mapped, lambda m: m[0])
    status = _cellwise(out["status"], lambda v: None if _missing(v) or not str(v).strip() else
                       schema.STATUS_ALIASES.get(re.sub(r"[\s_\-]+", "", str(v)).lower(), ""))
    c.add(status == "", "unknown_status", "status", severity="warning",
          params={"allowed": ", ".join(schema.DIFFICULTY_STATUSES)})
    out["status"] = status.where(status != "", None)
    out["source_row"] = raw.df["source_row"]
    valid = out[~c.reject].reset_index(drop=True)
    number = valid.groupby("visit_id").cumcount() + 1
    made_up = valid["visit_id"].astype(str) + "#" + number.astype(str)
    valid["difficulty_id"] = valid["difficulty_id"].where(valid["difficulty_id"].notna(), made_up)
    return valid[DIFFICULTY_COLUMNS], c.rejected_frame(), c.problems
