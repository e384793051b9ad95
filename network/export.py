"""Files for analysts: CSV that opens cleanly in Korean Excel, and XLSX.

CSV is written as UTF-8 *with* a byte-order mark: without it Korean Excel
reads UTF-8 as CP949 and shows mojibake.  Text cells that begin with ``=``,
``+``, ``-``, ``@`` (or a tab / carriage return) are prefixed with an
apostrophe so a spreadsheet shows them as text instead of running them as
formulas (CSV/formula injection).  Numbers, and text that is only a number
(``-3``, ``+1,234.5``), are left alone.

The CSV text is exactly what :meth:`pandas.DataFrame.to_csv` writes (numbers as
``str`` of the value, missing cells empty, the :mod:`csv` module's minimal
quoting), built column-wise: each distinct number is formatted once, and a large
table is written to a file in pieces, so it is never held in memory as one text.

XLSX is streamed the same way: each worksheet's XML is made column-wise, a block
of rows at a time, and written straight into its entry of the zip archive (no
workbook held cell by cell, as openpyxl or xlsxwriter hold them; 70,000 rows of
suggestions in about 2 s).  Text is stored as *inline strings*, a cell type a
spreadsheet shows as text and never runs, so XLSX needs no apostrophe:
``=SUM(A1)`` reads back as itself.  The header row is bold and frozen, and each
column as wide as its header and first rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from itertools import repeat
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from network.render import payload
from network.texts import Language, check_language

__all__ = ["file_stem", "neutralize_formulas", "restore_text", "to_csv_bytes", "to_geojson_bytes", "to_xlsx_bytes",
           "write_table"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")
#: Characters that make the csv module (minimal quoting, ``,`` and ``"\r\n``) put a field in quotes.
_QUOTE_WHEN = (",", '"', "\r", "\n")
_LINE_END = "\r\n"
_BOM = b"\xef\xbb\xbf"
#: Rows formatted at a time when writing CSV (bounds the memory of a large table's text).
_CSV_CHUNK_ROWS = 50_000


def _neutralize(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def restore_text(value: str) -> str:
    """Text as it was before :func:`neutralize_formulas` protected it: ``'=SUM(A1)`` → ``=SUM(A1)``.

    Reading a file this project wrote gives back the values it was given (the importer applies this to
    every text cell); a leading apostrophe before anything else is kept.

    Examples
    --------
    >>> restore_text("'=SUM(A1)"), restore_text("'-3"), restore_text("'가나"), restore_text("-2+3")
    ('=SUM(A1)', "'-3", "'가나", '-2+3')
    """
    rest = value[1:]
    if value[:1] == "'" and rest.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(rest):
        return rest
    return value


def _is_text(values: pd.Series) -> bool:
    """Whether a column holds text (the columns :func:`neutralize_formulas` looks at)."""
    return values.dtype == object or pd.api.types.is_string_dtype(values)


def _formula_positions(values: pd.Series, cells: list) -> np.ndarray:
    """Positions of the cells that :func:`_neutralize` changes, found column-wise.

    Only the cells that start with a formula character are looked at one by one (to tell
    ``-3`` from ``-2+3``); with pandas' string dtype the start is checked by pandas itself.
    """
    if isinstance(values.dtype, pd.StringDtype):
        starts = values.str.startswith(_FORMULA_START).to_numpy(dtype=bool, na_value=False)
    else:
        starts = np.fromiter((isinstance(v, str) and v.startswith(_FORMULA_START) for v in cells),
                             dtype=bool, count=len(cells))
    hits = np.flatnonzero(starts)
    return hits[[not _PLAIN_NUMBER.match(cells[k]) for k in hits.tolist()]] if len(hits) else hits


def neutralize_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy where text cells that a spreadsheet would run as a formula start with ``'``.

    Text columns come back with dtype ``object``; other columns are untouched.

    Examples
    --------
    >>> df = pd.DataFrame({"name": ["=HYPERLINK(\\"x\\")", "가나", "-3", "-2+3"], "n": [-3, 1, 2, 4]})
    >>> neutralize_formulas(df)["name"].tolist()
    ['\\'=HYPERLINK("x")', '가나', '-3', "'-2+3"]
    >>> neutralize_formulas(df)["n"].tolist()
    [-3, 1, 2, 4]
    """
    out = df.copy()
    for col in out.columns:
        values = out[col]
        if _is_text(values):
            cells = list(values)
            for k in _formula_positions(values, cells).tolist():
                cells[k] = "'" + cells[k]
            out[col] = pd.Series(cells, index=values.index, dtype=object)
    return out


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    out = neutralize_formulas(df)
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d").astype(object)
    return out


# ----------------------------------------------------------------------------
# CSV, column-wise


def _text_fields(values: pd.Series, *, neutralize: bool) -> list[str] | None:
    """CSV fields of a text column: missing cells empty, formulas neutralised, quoted where needed.

    ``None`` when a cell is neither text nor missing (pandas then formats the piece).
    """
    cells = values.to_numpy(dtype=object).tolist()
    try:  # str.startswith also checks that every cell is text (a TypeError otherwise)
        starts = list(map(str.startswith, cells, repeat(_FORMULA_START)))
    except TypeError:  # missing cells (or other values): missing ones are written empty
        missing = pd.isna(values.to_numpy(dtype=object))
        for k in np.flatnonzero(missing).tolist():
            cells[k] = ""
        try:
            starts = list(map(str.startswith, cells, repeat(_FORMULA_START)))
        except TypeError:
            return None
    if neutralize and any(starts):
        for k in np.flatnonzero(starts).tolist():
            if not _PLAIN_NUMBER.match(cells[k]):
                cells[k] = "'" + cells[k]
    joined = "".join(cells)
    quote = [ch for ch in _QUOTE_WHEN if ch in joined]
    if quote:
        special = np.zeros(len(cells), dtype=bool)
        for ch in quote:
            special |= np.fromiter(map(str.__contains__, cells, repeat(ch)), dtype=bool, count=len(cells))
        if '"' in quote:
            cells = ['"' + c.replace('"', '""') + '"' if s else c for c, s in zip(cells, special.tolist())]
        else:
            cells = ['"' + c + '"' if s else c for c, s in zip(cells, special.tolist())]
    return cells


def _float_fields(array: np.ndarray) -> list[str]:
    """``str`` of each number (what pandas writes), formatted once per distinct value; NaN empty."""
    array = np.ascontiguousarray(array)
    codes, distinct = pd.factorize(array.view(f"i{array.dtype.itemsize}"))  # by bits: -0.0 stays -0.0
    numbers = np.asarray(distinct).view(array.dtype)
    text = numbers.astype(str).astype(object)
    text[np.isnan(numbers)] = ""
    return text[codes].tolist()


def _csv_fields(values: pd.Series) -> list[str] | None:
    """The CSV fields of one column as :func:`_prepare` and pandas make them, or ``None`` when its type
    is left to pandas."""
    dtype = values.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return _text_fields(values.dt.strftime("%Y-%m-%d").astype(object), neutralize=False)
    if isinstance(dtype, pd.StringDtype) or pd.api.types.is_object_dtype(dtype):
        return _text_fields(values, neutralize=True)
    if not isinstance(dtype, np.dtype):
        return None
    array = values.to_numpy()
    if dtype.kind == "f" and dtype.itemsize in (4, 8):
        return _float_fields(array)
    if dtype.kind in "iu":
        return array.astype(str).tolist()
    if dtype.kind == "b":
        return np.where(array, "True", "False").tolist()
    return None


def _csv_columns_handled(df: pd.DataFrame) -> bool:
    columns = df.columns
    return (not isinstance(columns, pd.MultiIndex) and len(columns) > 0 and columns.is_unique
            and all(isinstance(c, str) for c in columns))


def _csv_header(df: pd.DataFrame) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=_LINE_END).writerow(list(df.columns))
    return buffer.getvalue()


def _csv_rows(df: pd.DataFrame) -> str:
    """The rows of ``df`` as CSV text (no header), each line ending in ``\\r\\n``."""
    if len(df) == 0:
        return ""
    fields = [_csv_fields(df.iloc[:, j]) for j in range(df.shape[1])]
    if any(f is None for f in fields):  # a type the column-wise path does not know: pandas writes this piece
        return _prepare(df).to_csv(index=False, header=False, lineterminator=_LINE_END)
    # (the csv module writes a record of one empty field as "")
    lines = (['""' if f == "" else f for f in fields[0] or []] if len(fields) == 1
             else list(map(",".join, zip(*fields))))
    lines.append("")  # each line ends in \r\n
    return _LINE_END.join(lines)


def _csv_pieces(frames: Iterable[pd.DataFrame]) -> Iterator[str]:
    """CSV text of the frames one after the other (header from the first), in pieces of bounded size."""
    header = True
    for df in frames:
        if not _csv_columns_handled(df):
            yield _prepare(df).to_csv(index=False, header=header, lineterminator=_LINE_END)
            header = False
            continue
        if header:
            yield _csv_header(df)
            header = False
        for start in range(0, len(df), _CSV_CHUNK_ROWS):
            yield _csv_rows(df.iloc[start:start + _CSV_CHUNK_ROWS])


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """Return ``df`` as CSV bytes in UTF-8 with BOM, injection-safe, dates as ``YYYY-MM-DD``.

    Examples
    --------
    >>> data = to_csv_bytes(pd.DataFrame({"회사명": ["가나"]}))
    >>> data[:3] == b"\\xef\\xbb\\xbf", data.decode("utf-8-sig").splitlines()
    (True, ['회사명', '가나'])
    """
    return b"".join([_BOM, *(piece.encode("utf-8") for piece in _csv_pieces([df]))])


def to_xlsx_bytes(sheets: pd.DataFrame | dict[str, pd.DataFrame]) -> bytes:
    """Return one or more DataFrames as an XLSX workbook (one sheet each), injection-safe.

    The sheets are written as :func:`write_table` writes one (streamed, column-wise): text as
    inline strings, never a formula, so ``=SUM(A1)`` reads back as that text.

    Parameters
    ----------
    sheets
        A DataFrame, or ``{sheet name: DataFrame}`` (names cut to Excel's 31 characters).

    Examples
    --------
    >>> import openpyxl
    >>> data = to_xlsx_bytes({"회원": pd.DataFrame({"회사명": ["=1+1", "가나"], "n": [1, 2.5]})})
    >>> [list(row) for row in openpyxl.load_workbook(io.BytesIO(data))["회원"].values]
    [['회사명', 'n'], ['=1+1', 1.0], ['가나', 2.5]]
    """
    if isinstance(sheets, pd.DataFrame):
        sheets = {"data": sheets}
    buffer = io.BytesIO()
    _write_workbook(buffer, {name: [frame] for name, frame in sheets.items()})
    return buffer.getvalue()


# ----------------------------------------------------------------------------
# XLSX, streamed: each sheet's XML made column-wise, a block of rows at a time, straight into its zip entry

#: Rows of a worksheet Excel can hold (the header is one of them).
XLSX_MAX_ROWS = 1_048_576
_XLSX_CHUNK_ROWS = 2_000
#: Characters XML 1.0 cannot hold (a worksheet cell cannot either): left out of a cell's text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SPECIAL = ("&", "<", ">", "\r")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_HEADER_STYLE, _DATE_STYLE, _DATETIME_STYLE = 1, 2, 3
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="2"><font><sz val="11"/>'
    '<name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
    '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>'
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>")


def _column_letter(j: int) -> str:
    """Excel's name of the ``j``-th column (0-based): 0 → ``A``, 26 → ``AA``."""
    letters = ""
    j += 1
    while j:
        j, rest = divmod(j - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(cells: list[str]) -> list[str]:
    """Cell texts escaped for XML (``\\r`` kept as ``&#13;``), characters XML cannot hold left out."""
    joined = "".join(cells)
    if _XML_ILLEGAL.search(joined):
        cells = [_XML_ILLEGAL.sub("", c) for c in cells]
    if any(ch in joined for ch in _XML_SPECIAL):
        cells = [c.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
                 for c in cells]
    return cells


def _text_cell(ref: str, text: str, style: int = 0) -> str:
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _excel_serial(value: dt.date) -> float:
    """Days since Excel's epoch (1899-12-30), the fraction of a day for the time."""
    if isinstance(value, dt.datetime):
        delta = value - _EXCEL_EPOCH
        return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return float((value - _EXCEL_EPOCH.date()).days)


def _object_cell(ref: str, value: object) -> str:
    """One cell of a column of mixed values, by the value's type ('' for a missing value)."""
    if isinstance(value, str):
        return _text_cell(ref, _xml_text([value])[0]) if value else ""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, np.integer)):
        return f'<c r="{ref}"><v>{int(value)}</v></c>'
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if number != number:
            return ""
        return f'<c r="{ref}"><v>{number!r}</v></c>' if np.isfinite(number) else _text_cell(ref, str(number))
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return f'<c r="{ref}" s="{_DATETIME_STYLE}"><v>{_excel_serial(value)!r}</v></c>'
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f'<c r="{ref}" s="{_DATE_STYLE}"><v>{_excel_serial(value)!r}</v></c>'
    return _text_cell(ref, _xml_text([str(value)])[0])


def _xlsx_column(values: pd.Series, letter: str, rows: list[str]) -> list[str]:
    """The XML of one column's cells in the rows numbered ``rows`` ('' for an empty cell).

    Dates become ``YYYY-MM-DD`` text (as in the CSV); text is written as inline strings, which a
    spreadsheet never runs as a formula; missing values and empty text leave the cell empty.
    """
    dtype = values.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        values = values.dt.strftime("%Y-%m-%d").astype(object)
        dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        array = values.to_numpy()
        if dtype.kind == "b":
            return [f'<c r="{letter}{r}" t="b"><v>{v}</v></c>' for r, v in zip(rows, array.astype(np.int8).tolist())]
        return [f'<c r="{letter}{r}"><v>{v}</v></c>' for r, v in zip(rows, array.astype(str).tolist())]
    if isinstance(dtype, np.dtype) and dtype.kind == "f" and dtype.itemsize in (4, 8):
        array = values.to_numpy()
        if np.isfinite(array).all():
            return [f'<c r="{letter}{r}"><v>{v}</v></c>' for r, v in zip(rows, _float_fields(array))]
    cells = values.to_numpy(dtype=object)
    missing = pd.isna(cells)
    present = cells[~missing] if missing.any() else cells
    if all(type(c) is str for c in present.tolist()):
        text = _xml_text(["" if m else c for c, m in zip(cells.tolist(), missing.tolist())])
        return [f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>' if v else ""
                for r, v in zip(rows, text)]
    return [_object_cell(letter + r, v) for r, v in zip(rows, cells.tolist())]


def _display_width(text: str) -> int:
    """How wide ``text`` shows in a spreadsheet's cells: wide (Korean) characters count two."""
    return len(text) + sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


def _column_widths(frame: pd.DataFrame) -> list[float]:
    """Widths that show each column's header and its first rows (8 to 60 characters)."""
    widths = []
    for j in range(frame.shape[1]):
        sample = [str(v) for v in frame.iloc[:100, j].dropna().tolist()]
        widest = max(map(_display_width, [str(frame.columns[j]), *sample]))
        widths.append(float(min(max(widest + 2, 8), 60)))
    return widths


def _sheet_head(frame: pd.DataFrame, *, selected: bool) -> str:
    """The worksheet's XML up to its first row: the header frozen, the columns as wide as their text."""
    widths = "".join(f'<col min="{j}" max="{j}" width="{w}" customWidth="1"/>'
                     for j, w in enumerate(_column_widths(frame), start=1))
    tab = ' tabSelected="1"' if selected else ""
    cols = f"<cols>{widths}</cols>" if widths else ""
    return (f'{_XML_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheetViews><sheetView{tab} '
            'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>{cols}'
            "<sheetData>")


def _sheet_rows(frame: pd.DataFrame, first: int) -> str:
    """The rows of ``frame`` as worksheet XML, the first numbered ``first``."""
    rows = [str(r) for r in range(first, first + len(frame))]
    fields = [_xlsx_column(frame.iloc[:, j], _column_letter(j), rows) for j in range(frame.shape[1])]
    return "".join([f'<row r="{r}">{"".join(cells)}</row>' for r, cells in zip(rows, zip(*fields))])


def _write_sheet(handle: IO[bytes], frames: Iterable[pd.DataFrame], *, selected: bool) -> None:
    """One worksheet: the header of the first frame, then the rows of every frame, a block at a time."""
    row = 1
    for frame in frames:
        if row == 1:
            header = [str(c) for c in frame.columns]
            handle.write(_sheet_head(frame, selected=selected).encode("utf-8", "replace"))
            cells = _xml_text(header)
            handle.write(("<row r=\"1\">" + "".join(_text_cell(f"{_column_letter(j)}1", c, _HEADER_STYLE)
                                                 for j, c in enumerate(cells) if c) + "</row>").encode("utf-8", "replace"))
            row = 2
        if row - 1 + len(frame) > XLSX_MAX_ROWS:
            raise ValueError(f"a worksheet holds at most {XLSX_MAX_ROWS:,} rows; this table has more")
        for start in range(0, len(frame), _XLSX_CHUNK_ROWS):
            piece = frame.iloc[start:start + _XLSX_CHUNK_ROWS]
            handle.write(_sheet_rows(piece, row).encode("utf-8", "replace"))
            row += len(piece)
    if row == 1:  # no frame at all: an empty sheet
        handle.write(_sheet_head(pd.DataFrame(), selected=selected).encode("utf-8"))
    handle.write(b'</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                 b'footer="0.3"/></worksheet>')


def _sheet_titles(names: Iterable[object]) -> list[str]:
    """Sheet titles Excel accepts: forbidden characters replaced, at most 31 characters, no two alike."""
    titles: list[str] = []
    for name in names:
        title = re.sub(r"[\\/?*\[\]:]", "_", str(name)).strip("'")[:31] or "data"
        base, n = title, 2
        while title.casefold() in {t.casefold() for t in titles}:
            title = f"{base[:31 - len(str(n)) - 1]}_{n}"
            n += 1
        titles.append(title)
    return titles


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _write_workbook(handle: IO[bytes], sheets: dict[str, Iterable[pd.DataFrame]]) -> None:
    """Write an XLSX workbook of ``{sheet name: frames}`` to ``handle``, each sheet streamed into its zip entry."""
    titles = _sheet_titles(sheets)
    n = len(titles)
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for k in range(1, n + 1))
    parts = {
        "[Content_Types].xml": (
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>'),
        "_rels/.rels": (
            f'{_XML_HEAD}<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><bookViews><workbookView xWindow="240" '
            'yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews><sheets>'
            + "".join(f'<sheet name="{_attribute(title)}" sheetId="{k}" r:id="rId{k}"/>'
                      for k, title in enumerate(titles, start=1))
            + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML_HEAD}<Relationships xmlns="{_PACKAGE_RELS}">'
            + "".join(f'<Relationship Id="rId{k}" Type="{_RELS}/worksheet" Target="worksheets/sheet{k}.xml"/>'
                      for k in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_RELS}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": _STYLES,
    }
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            with book.open(name, "w") as part:
                part.write(text.encode("utf-8"))
        for k, frames in enumerate(sheets.values(), start=1):
            with book.open(f"xl/worksheets/sheet{k}.xml", "w") as part:
                _write_sheet(part, frames, selected=k == 1)


# ----------------------------------------------------------------------------
# file names

#: Revised Romanization of Korean, letter by letter: initial consonants, vowels, final consonants.
_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_VOWELS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu",
           "eu", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t")
#: What may not stand in a file name part (separators, shell and Windows specials, spaces, the middle dot).
_NAME_UNSAFE = re.compile(r'[\s\\/:*?"<>|·ㆍ・.,;_]+')


def _romanized(text: str) -> str:
    """``text`` with Hangul syllables in the Revised Romanization, letter by letter (no sound changes)."""
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_INITIALS[code // 588] + _VOWELS[code % 588 // 28] + _FINALS[code % 28])
        else:
            out.append(ch)
    return "".join(out)


def file_stem(name: str, *filters: object, day: dt.date | str, language: Language = "ko") -> str:
    """A download's file name without its suffix: ``name``, the filters in use and the day, joined by ``_``.

    Filters that are ``None`` or empty are left out.  In English, Korean filter values are romanised
    (Revised Romanization, letter by letter) and lower-cased, so the name reads in any file browser.

    Parameters
    ----------
    name
        What the file holds, in ``language`` (``추천`` / ``recommendations``).
    *filters
        The filters in use (a federation, a 시도, a KSIC code …).
    day
        The day the file is made (``YYYY-MM-DD``).

    Examples
    --------
    >>> file_stem("추천", "경기", None, day=dt.date(2026, 11, 30))
    '추천_경기_2026-11-30'
    >>> file_stem("recommendations", "인천·부천·김포", "25", day="2026-11-30", language="en")
    'recommendations_incheon-bucheon-gimpo_25_2026-11-30'
    """
    parts = [name]
    for value in filters:
        text = "" if value is None else str(value).strip()
        if check_language(language) != "ko":
            text = _romanized(text).lower()
        text = _NAME_UNSAFE.sub("-", text).strip("-")
        if text:
            parts.append(text)
    parts.append(pd.Timestamp(day).strftime("%Y-%m-%d"))
    return "_".join(parts)


def to_geojson_bytes(collection: dict) -> bytes:
    """A GeoJSON FeatureCollection as UTF-8 bytes (Korean kept readable).

    Examples
    --------
    >>> to_geojson_bytes({"type": "FeatureCollection", "features": []})
    b'{"type":"FeatureCollection","features":[]}'
    """
    return payload.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_table(df: pd.DataFrame | Iterable[pd.DataFrame], path: str | Path) -> Path:
    """Write ``df`` to ``path`` as CSV (UTF-8 with BOM) or XLSX, chosen by the suffix.

    ``df`` may also be an iterable of DataFrames with the same columns and dtypes (a large table
    made in blocks): they are written one after another, exactly as their concatenation would be.
    Both kinds are written piece by piece, so the file is never in memory as a whole; a file that
    could not be finished is removed.

    Raises
    ------
    ValueError
        If the suffix is neither ``.csv`` nor ``.xlsx``, or an XLSX table has more rows than a
        worksheet holds (:data:`XLSX_MAX_ROWS`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    frames: Iterable[pd.DataFrame] = [df] if isinstance(df, pd.DataFrame) else df
    if suffix == ".csv":
        try:
            with path.open("wb") as handle:
                handle.write(_BOM)
                for piece in _csv_pieces(frames):
                    handle.write(piece.encode("utf-8"))
        except BaseException:
            path.unlink(missing_ok=True)  # no half-written file
            raise
    elif suffix == ".xlsx":
        try:
            with path.open("wb") as handle:
                _write_workbook(handle, {"data": frames})
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    else:
        raise ValueError(f"file suffix was {suffix!r} but is expected to be in ['.csv', '.xlsx']")
    return path
