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
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from itertools import repeat
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["neutralize_formulas", "restore_text", "to_csv_bytes", "to_geojson_bytes", "to_xlsx_bytes", "write_table"]

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

    Parameters
    ----------
    sheets
        A DataFrame, or ``{sheet name: DataFrame}`` (names cut to Excel's 31 characters).

    Examples
    --------
    >>> data = to_xlsx_bytes({"회원": pd.DataFrame({"a": [1]})})
    >>> data[:2]
    b'PK'
    """
    if isinstance(sheets, pd.DataFrame):
        sheets = {"data": sheets}
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            title = re.sub(r"[\\/?*\[\]:]", "_", str(name))[:31] or "data"  # characters Excel forbids
            _prepare(frame).to_excel(writer, sheet_name=title, index=False)
    return buffer.getvalue()


def to_geojson_bytes(collection: dict) -> bytes:
    """A GeoJSON FeatureCollection as UTF-8 bytes (Korean kept readable).

    Examples
    --------
    >>> to_geojson_bytes({"type": "FeatureCollection", "features": []})
    b'{"type":"FeatureCollection","features":[]}'
    """
    import json

    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_table(df: pd.DataFrame | Iterable[pd.DataFrame], path: str | Path) -> Path:
    """Write ``df`` to ``path`` as CSV (UTF-8 with BOM) or XLSX, chosen by the suffix.

    ``df`` may also be an iterable of DataFrames with the same columns and dtypes (a large table
    made in blocks): they are written one after another, exactly as their concatenation would be.
    A CSV is written piece by piece, so its text is never in memory as a whole.

    Raises
    ------
    ValueError
        If the suffix is neither ``.csv`` nor ``.xlsx``.
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
        table = df if isinstance(df, pd.DataFrame) else pd.concat(list(frames), ignore_index=True)
        path.write_bytes(to_xlsx_bytes(table))
    else:
        raise ValueError(f"file suffix was {suffix!r} but is expected to be in ['.csv', '.xlsx']")
    return path
