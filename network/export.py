"""Files for analysts: CSV that opens cleanly in Korean Excel, and XLSX.

CSV is written as UTF-8 *with* a byte-order mark: without it Korean Excel
reads UTF-8 as CP949 and shows mojibake.  Text cells that begin with ``=``,
``+``, ``-``, ``@`` (or a tab / carriage return) are prefixed with an
apostrophe so a spreadsheet shows them as text instead of running them as
formulas (CSV/formula injection).  Numbers, and text that is only a number
(``-3``, ``+1,234.5``), are left alone.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

__all__ = ["neutralize_formulas", "to_csv_bytes", "to_geojson_bytes", "to_xlsx_bytes", "write_table"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


def _neutralize(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralize_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy where text cells that a spreadsheet would run as a formula start with ``'``.

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
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            out[col] = pd.Series([_neutralize(v) for v in values], index=values.index, dtype=object)
    return out


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    out = neutralize_formulas(df)
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d").astype(object)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """Return ``df`` as CSV bytes in UTF-8 with BOM, injection-safe, dates as ``YYYY-MM-DD``.

    Examples
    --------
    >>> data = to_csv_bytes(pd.DataFrame({"회사명": ["가나"]}))
    >>> data[:3] == b"\\xef\\xbb\\xbf", data.decode("utf-8-sig").splitlines()
    (True, ['회사명', '가나'])
    """
    return _prepare(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


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


def write_table(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` to ``path`` as CSV (UTF-8 with BOM) or XLSX, chosen by the suffix.

    Raises
    ------
    ValueError
        If the suffix is neither ``.csv`` nor ``.xlsx``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_bytes(to_csv_bytes(df))
    elif suffix == ".xlsx":
        path.write_bytes(to_xlsx_bytes(df))
    else:
        raise ValueError(f"file suffix was {suffix!r} but is expected to be in ['.csv', '.xlsx']")
    return path
