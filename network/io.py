"""Reading the files people really have: Korean Excel and CSV exports.

:func:`read_table` reads one CSV or XLSX file into a :class:`RawTable`: text
cells under the canonical column names, with the Excel row number of each
row.  It detects the encoding (UTF-8, UTF-8 with BOM, CP949/EUC-KR, UTF-16),
the delimiter (``,`` ``;`` tab), a title row above the header, and Korean
header aliases.  :func:`find_table_files` finds the table files of a folder.
Reading and validating a whole data set is :func:`network.dataset.load_dataset`.

A file that cannot be read at all raises :class:`~network.errors.DataError`
with one clear problem; everything else is reported, never raised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io as _io
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Union

import pandas as pd

from network import schema, texts
from network.errors import DataError, Problem
from network.texts import Text

__all__ = ["EXCEL_EPOCH", "RawTable", "Source", "find_table_files", "read_table"]

Source = Union[str, Path, bytes, IO[bytes]]

#: Excel's day zero for serial dates (the 1900 leap-year bug included).
EXCEL_EPOCH = dt.datetime(1899, 12, 30)

_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class RawTable:
    """One table as read from a file, before validation.

    Attributes
    ----------
    table
        A table of :data:`network.schema.TABLES` (``members``, ``visits`` …).
    file
        The file name shown in messages.
    df
        Text cells (``None`` for empty) under canonical column names, plus
        unrecognised columns under their original names, and ``source_row``:
        the row number as Excel shows it (header row = 1 when it is the first row).
    headers
        ``{canonical or kept name: header as written in the file}``.
    scales
        Unit factors read from headers, e.g. ``{"revenue_krw": 1e6}`` for ``매출액(백만원)``.
    encoding
        The text encoding detected (``None`` for XLSX).
    problems
        Warnings about the file (unrecognised or repeated columns).
    """

    table: str
    file: str
    df: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    encoding: str | None = None
    problems: tuple[Problem, ...] = ()


def read_table(
    source: Source,
    table: str,
    *,
    sheet: str | int | None = None,
    file_name: str | None = None,
) -> RawTable:
    """Read one CSV or XLSX file as a table of the data model.

    Parameters
    ----------
    source
        A path, the file's bytes, or a binary file object (a Streamlit upload).
    table
        Which table of :data:`network.schema.TABLES` the file holds (``members``, ``visits`` …).
    sheet
        For XLSX, the sheet name or 0-based index; the first sheet by default.
    file_name
        Name used in messages; defaults to the path's name or the object's ``name``.

    Returns
    -------
    RawTable

    Raises
    ------
    DataError
        If the file is missing, empty, not CSV/XLSX, in an unknown encoding,
        lacks the sheet asked for, has no recognisable header, or lacks a
        required column.  The error names the file and what is wrong.

    Examples
    --------
    >>> raw = read_table("회사명,회원번호\\n가나다,007\\n".encode("cp949"), "members", file_name="m.csv")
    >>> raw.df[["member_id", "name", "source_row"]].values.tolist()
    [['007', '가나다', 2]]
    >>> raw.encoding
    'cp949'
    """
    if table not in schema.TABLES:
        raise ValueError(f"table was {table!r} but is expected to be in {list(schema.TABLES)}")
    spec = schema.TABLES[table]
    data, name = _read_bytes(source, file_name)
    if not data.strip():
        raise DataError([Problem("empty_file", file=name)])
    if _is_xlsx(data):
        rows, encoding = _xlsx_rows(data, name, sheet), None
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DataError([Problem("unreadable_file", file=name, params=(("detail", texts.LIBRARY.text("detail.old_excel")),))])
    else:
        text, encoding = _decode(data, name)
        rows = _csv_rows(text)
    return _to_table(rows, spec, name, encoding, xlsx=encoding is None)


def _read_bytes(source: Source, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = file_name or path.name
        if not path.is_file():
            raise DataError([Problem("file_not_found", file=name, value=str(path))])
        return path.read_bytes(), name
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), file_name or "data"
    name = file_name or Path(getattr(source, "name", "data")).name
    data = source.getvalue() if hasattr(source, "getvalue") else source.read()
    return bytes(data), name


def _is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise DataError([Problem("unreadable_file", file=name, params=(("detail", texts.LIBRARY.text("detail.binary")),))])
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", data[3:], "utf-8")]
    else:
        candidates = [("utf-8", data, "utf-8"), ("cp949", data, "cp949")]
    for label, payload, codec in candidates:
        try:
            return payload.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise DataError([Problem("unknown_encoding", file=name)])


def _csv_rows(text: str) -> list[tuple[int, list[object]]]:
    sample = "\n".join(text.splitlines()[:20])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        delimiter = max(",;\t", key=first.count)
    reader = csv.reader(_io.StringIO(text), delimiter=delimiter)
    return [(number, list(row)) for number, row in enumerate(reader, start=1)]


def _xlsx_rows(data: bytes, name: str, sheet: str | int | None) -> list[tuple[int, list[object]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(_io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or non-Excel zip: openpyxl raises many kinds
        raise DataError([Problem("unreadable_file", file=name, params=(("detail", type(exc).__name__),))]) from exc
    try:
        names = book.sheetnames
        if sheet is None:
            ws = book.worksheets[0]
        elif isinstance(sheet, int) and 0 <= sheet < len(names):
            ws = book.worksheets[sheet]
        elif isinstance(sheet, str) and sheet in names:
            ws = book[sheet]
        else:
            raise DataError([Problem("sheet_not_found", file=name, value=str(sheet),
                                     params=(("sheet", sheet), ("sheets", ", ".join(names))))])
        return [(number, list(row)) for number, row in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def _cell_text(value: object, *, kind: str | None, xlsx: bool) -> str | None:
    """One cell as text; XLSX numbers and dates become the text a person would type."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        is_year = isinstance(value, int) and 1900 <= value <= 2100
        if kind == "date" and xlsx and not is_year and 1 <= value < 2958466:  # an Excel serial date
            return (EXCEL_EPOCH + dt.timedelta(days=float(value))).date().isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    text = str(value).strip()
    return text or None


def _find_header(rows: list[tuple[int, list[object]]], spec: schema.TableSpec) -> int | None:
    lookup = schema.header_lookup(spec)
    required = set(spec.required)
    for i, (_, row) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        found = {lookup.get(schema.normalize_header(c)[0]) for c in row if c is not None and str(c).strip()}
        found.discard(None)
        if found & required or len(found) >= 2:
            return i
    return None


def _to_table(rows: list[tuple[int, list[object]]], spec: schema.TableSpec, name: str,
              encoding: str | None, *, xlsx: bool) -> RawTable:
    rows = [(n, r) for n, r in rows if any(c is not None and str(c).strip() for c in r)]
    if not rows:
        raise DataError([Problem("empty_file", file=name)])
    header_at = _find_header(rows, spec)
    if header_at is None:
        labels = [schema.column_text(spec.name, c) for c in spec.required]
        expected = Text(ko=", ".join(label.ko for label in labels), en=", ".join(label.en for label in labels))
        raise DataError([Problem("no_header", file=name, row=rows[0][0], params=(("expected", expected),))])
    header_row_number, header = rows[header_at]
    lookup = schema.header_lookup(spec)
    problems: list[Problem] = []
    columns: list[tuple[int, str]] = []  # (position, output name)
    headers: dict[str, str] = {}
    scales: dict[str, float] = {}
    for pos, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        written = str(cell).strip()
        key, scale = schema.normalize_header(written)
        canonical = lookup.get(key)
        if canonical is None:
            if written in headers:
                continue
            problems.append(Problem("unknown_column", file=name, row=header_row_number, column=written,
                                    severity="warning"))
            columns.append((pos, written))
            headers[written] = written
            continue
        if canonical in headers:
            problems.append(Problem("duplicate_column", file=name, row=header_row_number, column=written,
                                    severity="warning", params=(("other", headers[canonical]),)))
            continue
        columns.append((pos, canonical))
        headers[canonical] = written
        if scale != 1.0:
            scales[canonical] = scale
    missing = [c for c in spec.required if c not in headers]
    if missing:
        raise DataError([
            Problem("missing_column", file=name, row=header_row_number,
                    params=(("label", schema.column_text(spec.name, c)),
                            ("aliases", ", ".join(spec.column(c).aliases[:6]))))
            for c in missing
        ])
    kinds = {c.name: c.kind for c in spec.columns}
    records = []
    numbers = []
    for number, row in rows[header_at + 1:]:
        cells = [_cell_text(row[pos] if pos < len(row) else None, kind=kinds.get(col), xlsx=xlsx)
                 for pos, col in columns]
        if all(c is None for c in cells):
            continue
        records.append(cells)
        numbers.append(number)
    df = pd.DataFrame(records, columns=[col for _, col in columns], dtype=object)
    for col in df.columns:
        df[col] = df[col].astype(object)
    df["source_row"] = pd.Series(numbers, dtype="int64")
    return RawTable(spec.name, name, df, headers, scales, encoding, tuple(problems))


def find_table_files(directory: str | Path) -> dict[str, Path]:
    """Return the table files in a directory: ``members.csv``, ``partnerships.xlsx`` ….

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "members.csv").write_text("member_id,name\\n"), (folder / "visits.xlsx").write_bytes(b"")
    >>> sorted(find_table_files(folder))
    ['members', 'visits']
    """
    directory = Path(directory)
    found: dict[str, Path] = {}
    for table in schema.TABLES:
        for suffix in (".csv", ".xlsx"):
            path = directory / f"{table}{suffix}"
            if path.is_file():
                found[table] = path
                break
    return found
