"""Reading the files people really have: Korean Excel and CSV exports.

:func:`read_table` reads one CSV or XLSX file into a :class:`RawTable`: text
cells under the canonical column names, with the Excel row number of each
row.  It detects the encoding (UTF-8, UTF-8 with BOM, CP949/EUC-KR, UTF-16),
the delimiter (``,`` ``;`` tab), a title row above the header, and Korean
header aliases.  :func:`find_table_files` finds the table files of a folder.
Reading and validating a whole data set is :func:`network.dataset.load_dataset`.

A file that cannot be read at all raises :class:`~network.errors.DataError`
with one clear problem; everything else is reported, never raised.

Hostile or oversized files are refused the same way, before they cost much
(the limits are :class:`network.config.Limits`' ``upload_*``).  An XLSX file is a
zip archive: its parts as the archive states them (how many, their unpacked
size, how many times they grow when unpacked: a "zip bomb") are checked before
anything is unpacked, and Python's :mod:`zipfile` never unpacks more than the
stated size (a part that lies about it fails its checksum).  Then the rows of
its sheets and its shared strings are counted in their XML, unpacked a megabyte
at a time, before openpyxl opens it; the sheet's own statement of its size
(``<dimension ref="A1:Z3000000">``) is checked, and rows and cells are counted
again as they are read.  A CSV file is refused when it is larger than the
unpacked limit, or has more rows or cells than the limits, before it is parsed.

Files are read column by column: a CSV file without quotes by pandas' C
reader (which gives the same cells as :mod:`csv`, several times faster), any
other by :mod:`csv`; each column's cells are stripped in one pass.  A 100,000-
member file takes about half a second.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gc
import io as _io
import itertools
import operator
import re
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Union

import numpy as np
import pandas as pd

from network import export, schema, texts
from network.config import SETTINGS, Limits
from network.errors import DataError, Problem
from network.texts import Text

__all__ = ["EXCEL_EPOCH", "NOTE_MARK", "RawTable", "Source", "find_table_files", "read_table"]

Source = Union[str, Path, bytes, IO[bytes]]

#: Excel's day zero for serial dates (the 1900 leap-year bug included).
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
#: The mark that starts every filled cell of a row of explanations right below the header (the second row of
#: the input templates, :mod:`network.templates`): that row is not data and is skipped.
NOTE_MARK = "※"

_HEADER_SEARCH_ROWS = 10
_MB = 1 << 20
_RATIO_FROM = _MB  # a part smaller than this may unpack to any multiple of its size: it stays small


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
    limits: Limits | None = None,
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
    limits
        The ``upload_*`` limits of the file's size, rows and cells (:class:`network.config.Limits`;
        the defaults when not given).

    Returns
    -------
    RawTable

    Raises
    ------
    DataError
        If the file is missing, empty, not CSV/XLSX, in an unknown encoding,
        lacks the sheet asked for, has no recognisable header, lacks a
        required column or has no data row under its header; or if it is past a limit: an XLSX whose parts are too
        many, would unpack too large or grow too many times (a zip bomb), a
        file or sheet with too many rows or cells.  The error names the file
        and what is wrong.

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
    limits = SETTINGS.limits if limits is None else limits
    data, name = _read_bytes(source, file_name)
    if not data.strip():
        raise DataError([Problem("empty_file", file=name)])
    cells: _Cells
    if _is_xlsx(data):
        _check_archive(data, name, limits)
        cells, encoding = _Rows(_xlsx_rows(data, name, sheet, limits)), None
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DataError([Problem("unreadable_file", file=name, params=(("detail", texts.LIBRARY.text("detail.old_excel")),))])
    else:
        if len(data) > limits.upload_max_unpacked_mb * _MB:
            raise DataError([Problem("file_too_large", file=name, params=(
                ("size_mb", len(data) / _MB), ("limit_mb", limits.upload_max_unpacked_mb)))])
        text, encoding = _decode(data, name)
        cells = _csv_cells(text, name, limits)
    return _to_table(cells, spec, name, encoding, xlsx=encoding is None)


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


def _stated_parts(data: bytes) -> int | None:
    """The number of parts a zip archive says it holds (its end record), read before :mod:`zipfile` lists
    them all; ``None`` without an end record, or when the archive is ZIP64 (the count is elsewhere)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if at < 0 or at + 22 > len(data):
        return None
    parts = struct.unpack_from("<H", data, at + 10)[0]
    return None if parts == 0xFFFF else parts


def _check_archive(data: bytes, name: str, limits: Limits) -> None:
    """Refuse an XLSX file (a zip archive) before openpyxl opens it: before anything is unpacked, when it has
    too many parts, would unpack too large in all, or has a part larger than 1 MB that would grow more than
    ``upload_max_ratio`` times; then when a sheet has more rows than ``upload_max_rows`` (openpyxl parses
    the whole of a sheet that does not state its size as it opens the file), or the shared strings are
    more than ``upload_max_cells`` (openpyxl holds them all)."""

    def refuse(code: str, **params: object) -> DataError:
        return DataError([Problem(code, file=name, params=tuple(params.items()))])

    stated = _stated_parts(data)
    if stated is not None and stated > limits.upload_max_entries:
        raise refuse("archive_too_many_parts", parts=stated, limit=limits.upload_max_entries)
    try:
        with zipfile.ZipFile(_io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > limits.upload_max_entries:
                raise refuse("archive_too_many_parts", parts=len(parts), limit=limits.upload_max_entries)
            unpacked = sum(part.file_size for part in parts)
            if unpacked > limits.upload_max_unpacked_mb * _MB:
                raise refuse("archive_too_large", size_mb=unpacked / _MB, limit_mb=limits.upload_max_unpacked_mb)
            for part in parts:
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size > _RATIO_FROM and ratio > limits.upload_max_ratio:
                    raise refuse("archive_ratio", part=part.filename, ratio=ratio, limit=limits.upload_max_ratio)
            for part_name, kind in _typed_parts(archive):
                if kind == _WORKSHEET:
                    with archive.open(part_name) as source:
                        rows = _count_tags(source, _ROW_TAG, limits.upload_max_rows)
                    if rows > limits.upload_max_rows:
                        raise _too_many_rows(name, rows, limits)
                elif kind == _SHARED_STRINGS:
                    with archive.open(part_name) as source:
                        strings = _count_tags(source, _STRING_TAG, limits.upload_max_cells)
                    if strings > limits.upload_max_cells:
                        raise _too_many_cells(name, strings, limits)
    except (DataError, MemoryError):
        raise
    except Exception as exc:  # a damaged archive or part (one longer than it says fails its checksum)
        raise DataError([Problem("unreadable_file", file=name, params=(("detail", type(exc).__name__),))]) from exc


_OVERRIDE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Override\b[^>]*>")
_ATTRIBUTE = re.compile(rb'\b(PartName|ContentType)\s*=\s*"([^"]*)"')
_WORKSHEET = b"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_SHARED_STRINGS = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_STRING_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _typed_parts(archive: zipfile.ZipFile) -> list[tuple[str, bytes]]:
    """``(part, content type)`` of the parts an XLSX archive's ``[Content_Types].xml`` names."""
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        return []
    found = []
    for tag in _OVERRIDE.findall(archive.read("[Content_Types].xml")):
        attributes = dict(_ATTRIBUTE.findall(tag))
        part = attributes.get(b"PartName", b"").decode("utf-8", "replace").lstrip("/")
        if part in names:
            found.append((part, attributes.get(b"ContentType", b"")))
    return found


def _count_tags(source: IO[bytes], tag: re.Pattern[bytes], limit: int) -> int:
    """The elements ``tag`` finds in an XML part, counted as it is unpacked a megabyte at a time (a million
    rows in about a second, where openpyxl takes half a minute to read them); the count stops past ``limit``."""
    count, rest = 0, b""
    for chunk in iter(functools.partial(source.read, _MB), b""):
        data = rest + chunk
        cut = data.rfind(b"<")  # a tag may go on in the next chunk; one that ends before the last "<" cannot
        if cut < 0:
            cut = len(data)
        count += len(tag.findall(data, 0, cut))
        rest = data[cut:]
        if count > limit:
            return count
    return count + len(tag.findall(rest))


def _too_many_rows(name: str, rows: int, limits: Limits) -> DataError:
    return DataError([Problem("too_many_rows", file=name, params=(("rows", rows), ("limit", limits.upload_max_rows)))])


def _too_many_cells(name: str, cells: int, limits: Limits) -> DataError:
    return DataError([Problem("too_many_cells", file=name,
                              params=(("cells", cells), ("limit", limits.upload_max_cells)))])


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


class _Cells:
    """The cells of a file as read, before the header is known: rows numbered from 1 as in Excel.

    A cell a row does not have (the row is shorter than others) is ``None`` or ``""``; both read
    as an empty cell.
    """

    def __len__(self) -> int:
        raise NotImplementedError

    def row(self, at: int) -> list[object]:
        """The cells of the row at 0-based position ``at``."""
        raise NotImplementedError

    def column(self, pos: int, start: int) -> Sequence[object]:
        """Cell ``pos`` of every row from position ``start`` on."""
        raise NotImplementedError


class _Rows(_Cells):
    """Cells held row by row (``csv.reader``, openpyxl)."""

    def __init__(self, rows: Sequence[Sequence[object]]):
        self.rows = rows
        self._below: tuple[int, Sequence[Sequence[object]], int] | None = None  # (start, rows from it, shortest)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, at: int) -> list[object]:
        return list(self.rows[at])

    def column(self, pos: int, start: int) -> Sequence[object]:
        if self._below is None or self._below[0] != start:
            rows = self.rows[start:] if start else self.rows
            self._below = (start, rows, min(map(len, rows), default=0))
        _, rows, shortest = self._below
        if pos < shortest:  # every row has the cell
            return list(map(operator.itemgetter(pos), rows))
        return [row[pos] if pos < len(row) else None for row in rows]


class _Columns(_Cells):
    """Cells held column by column (the text of each cell; ``""`` where a row is short)."""

    def __init__(self, columns: list[list[str]], n: int):
        self.columns = columns
        self.n = n

    def __len__(self) -> int:
        return self.n

    def row(self, at: int) -> list[object]:
        return [column[at] for column in self.columns]

    def column(self, pos: int, start: int) -> Sequence[object]:
        if pos >= len(self.columns):
            return [None] * (self.n - start)
        return self.columns[pos][start:] if start else self.columns[pos]


def _first_lines(text: str, n: int) -> list[str]:
    """``text.splitlines()[:n]`` without splitting a whole large file."""
    size = 4096
    while True:
        lines = text[:size].splitlines()
        if len(lines) > n or size >= len(text):
            return lines[:n]
        size *= 4


def _csv_cells(text: str, name: str, limits: Limits) -> _Cells:
    sample = "\n".join(_first_lines(text, 20))
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = _first_lines(text, 1)[0] if text else ""
        delimiter = max(",;\t", key=first.count)
    columns = _simple_csv(text, delimiter, name, limits)
    if columns is not None:
        return columns
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter)  # csv reads every line ending
    collecting = gc.isenabled()
    gc.disable()  # lists of text only, no cycles: collecting garbage while they pile up is wasted time
    try:
        rows = list(itertools.islice(reader, limits.upload_max_rows + 1))  # one more tells "too many"
    finally:
        if collecting:
            gc.enable()
    if len(rows) > limits.upload_max_rows:
        raise _too_many_rows(name, len(rows), limits)
    cells = sum(map(len, rows))
    if cells > limits.upload_max_cells:
        raise _too_many_cells(name, cells, limits)
    return _Rows(rows)


def _simple_csv(text: str, delimiter: str, name: str, limits: Limits) -> _Columns | None:
    """Read a CSV file without quotes with pandas' C reader: the same cells as ``csv.reader`` gives
    (short rows padded with ``""``), several times faster.  ``None`` when the file has anything that
    the two might read differently (quotes, a lone carriage return, NUL, a byte-order mark, a cell
    longer than ``csv``'s limit) or pandas cannot read it; then ``csv.reader`` reads it.  Its rows (its
    lines) and cells (rows × the widest row) are counted before anything is split or parsed."""
    if '"' in text or "\x00" in text or text.startswith("\ufeff") or text.count("\r") != text.count("\r\n"):
        return None
    n = text.count("\n") + (not text.endswith("\n"))  # csv.reader: a final line break ends the last row, starts none
    if n > limits.upload_max_rows:
        raise _too_many_rows(name, n, limits)
    lines = text.split("\n")
    width = max(line.count(delimiter) for line in lines) + 1
    del lines
    if n * width > limits.upload_max_cells:
        raise _too_many_cells(name, n * width, limits)
    try:
        frame = pd.read_csv(_io.StringIO(text), sep=delimiter, header=None, names=range(width), index_col=False,
                            dtype=object, na_filter=False, quoting=csv.QUOTE_NONE, skip_blank_lines=False,
                            engine="c")
    except Exception:  # anything pandas' reader does not take: csv.reader decides
        return None
    if len(frame) != n:
        return None
    columns = [frame[pos].tolist() for pos in range(width)]
    if len(text) > csv.field_size_limit() and any(max(map(len, column), default=0) > csv.field_size_limit()
                                                   for column in columns):
        return None
    return _Columns(columns, len(frame))


def _xlsx_rows(data: bytes, name: str, sheet: str | int | None, limits: Limits) -> list[list[object]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(_io.BytesIO(data), read_only=True, data_only=True)
    except MemoryError:
        raise
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
        return _sheet_rows(ws, name, limits)
    except (DataError, MemoryError):
        raise
    except Exception as exc:  # a damaged sheet: broken XML, a part that fails its checksum (it is longer than it says)
        raise DataError([Problem("unreadable_file", file=name, params=(("detail", type(exc).__name__),))]) from exc
    finally:
        book.close()


def _sheet_rows(ws: object, name: str, limits: Limits) -> list[list[object]]:
    """The rows of a sheet opened read-only, refused past the limits: by the size the sheet states
    (``<dimension ref="A1:Z3000000">``), then by counting rows and cells as they are read.

    The rows are read as they are in the file, neither padded to the stated size nor cut at it (openpyxl
    does both when a sheet states one; some programs state ``A1`` whatever the size)."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    if not isinstance(ws, ReadOnlyWorksheet):  # a chart sheet asked for by name: no cells
        raise DataError([Problem("unreadable_file", file=name, params=(("detail", type(ws).__name__),))])
    stated_rows, stated_columns = ws.max_row or 0, ws.max_column or 0
    if stated_rows > limits.upload_max_rows:
        raise DataError([Problem("too_many_rows_declared", file=name, value=ws.calculate_dimension(),
                                 params=(("rows", stated_rows), ("limit", limits.upload_max_rows)))])
    if stated_rows * stated_columns > limits.upload_max_cells:
        raise _too_many_cells(name, stated_rows * stated_columns, limits)
    ws.reset_dimensions()
    rows: list[list[object]] = []
    cells = 0
    for row in ws.iter_rows(values_only=True):  # type: ignore[misc]  # (the stubs give it Worksheet's self)
        if len(rows) == limits.upload_max_rows:
            raise _too_many_rows(name, len(rows) + 1, limits)
        cells += len(row)
        if cells > limits.upload_max_cells:
            raise _too_many_cells(name, cells, limits)
        rows.append(list(row))
    return rows


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


def _is_blank(row: list[object]) -> bool:
    return not any(c is not None and str(c).strip() for c in row)


def _is_note_row(row: list[object]) -> bool:
    """Whether every filled cell of ``row`` starts with :data:`NOTE_MARK` (a template's row of explanations)."""
    filled = [str(c).strip() for c in row if c is not None and str(c).strip()]
    return bool(filled) and all(c.startswith(NOTE_MARK) for c in filled)


def _column_text(cells: Sequence[object], *, kind: str | None, xlsx: bool) -> np.ndarray:
    """:func:`_cell_text` of a whole column, as an object array.

    CSV cells are all text: they are stripped and an empty one becomes ``None`` (what
    :func:`_cell_text` does to text) with no function call per cell.  XLSX cells of other types
    (numbers, dates, booleans) go through :func:`_cell_text` one by one.  Text that starts with the
    apostrophe :func:`network.export.neutralize_formulas` puts before a formula gets it removed
    (:func:`network.export.restore_text`), so a file exported here reads back to the same values.
    """
    out = np.empty(len(cells), dtype=object)
    if xlsx:
        out[:] = [(c.strip() or None) if type(c) is str else _cell_text(c, kind=kind, xlsx=True) for c in cells]
    else:
        try:
            out[:] = [c.strip() or None for c in cells]  # type: ignore[attr-defined]
        except AttributeError:  # a short row's None
            out[:] = [None if c is None else _cell_text(c, kind=kind, xlsx=False) for c in cells]
    for k, value in enumerate(out):  # a file this project wrote: its formula protection comes off again
        if type(value) is str and value[:1] == "'":
            out[k] = export.restore_text(value)
    return out


def _to_table(cells: _Cells, spec: schema.TableSpec, name: str, encoding: str | None, *, xlsx: bool) -> RawTable:
    # blank rows do not count when looking for the header; only the first few are looked at
    head: list[tuple[int, list[object]]] = []  # the first non-blank rows: (Excel row number, cells)
    positions: list[int] = []  # their positions in ``cells``
    for at in range(len(cells)):
        row = cells.row(at)
        if not _is_blank(row):
            head.append((at + 1, row))
            positions.append(at)
            if len(head) == _HEADER_SEARCH_ROWS:
                break
    if not head:
        raise DataError([Problem("empty_file", file=name)])
    header_at = _find_header(head, spec)
    if header_at is None:
        labels = [schema.column_text(spec.name, c) for c in spec.required]
        expected = Text(ko=", ".join(label.ko for label in labels), en=", ".join(label.en for label in labels))
        raise DataError([Problem("no_header", file=name, row=head[0][0], params=(("expected", expected),))])
    header_row_number, header = head[header_at]
    lookup = schema.header_lookup(spec)
    problems: list[Problem] = []
    columns: list[tuple[int, str]] = []  # (position, output name)
    fallbacks: list[int] = []  # positions of further address columns
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
            if canonical == "address":  # 도로명주소 and 지번주소: the second fills the rows where the first is empty
                fallbacks.append(pos)
                continue
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
    # the data: every row below the header whose cells (in the columns kept) are not all empty;
    # blank rows are among those, so they need no test of their own
    start = positions[header_at] + 1
    if start < len(cells) and _is_note_row(cells.row(start)):
        start += 1  # the explanations under a template's header (network.templates)
    values = [_column_text(cells.column(pos, start), kind=kinds.get(col), xlsx=xlsx) for pos, col in columns]
    empty = np.logical_and.reduce([pd.isna(column) for column in values])  # (cells are text or None)
    keep = np.flatnonzero(~empty)
    numbers = np.arange(start + 1, len(cells) + 1, dtype=np.int64)[keep]
    if len(keep) < len(empty):
        values = [column[keep] for column in values]
    if not len(keep):  # a header and nothing under it: not "no problems", and never an empty table saved
        raise DataError([Problem("no_rows", file=name, row=header_row_number)])
    df = pd.DataFrame(dict(enumerate(values)), index=pd.RangeIndex(len(keep)), dtype=object)
    df.columns = [col for _, col in columns]
    for pos in fallbacks:
        extra = _column_text(cells.column(pos, start), kind="text", xlsx=xlsx)[keep]
        df["address"] = df["address"].where(df["address"].notna(), pd.Series(extra, index=df.index, dtype=object))
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
