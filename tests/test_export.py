"""Tests for network.export: CSV for Korean Excel, XLSX, and formula-injection safety."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from network import export
from network.export import neutralize_formulas, to_csv_bytes, to_xlsx_bytes, write_table
from network.io import read_table

BOM = b"\xef\xbb\xbf"
DANGEROUS = ["=SUM(A1:A3)", "+82-10-1234-5678", "-2+3", "@cmd", "\tTAB", "\r=1+1", '=HYPERLINK("http://x","y")']
HARMLESS = ["-3", "+1,234.5", "1,234", "-0.5", "가나정밀", "a=b", "", "2024-10-23"]


def _read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _xlsx_rows(data: bytes, sheet: str | int = 0) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    return [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.fixture
def df_members() -> pd.DataFrame:
    return pd.DataFrame({
        "member_id": ["007", "012-34-56789"],
        "name": ["가나정밀", "다라전자"],
        "employees": [12, 30],
        "founded": pd.to_datetime(["2024-10-23", None]),
    })


# ----------------------------------------------------------------------------
# CSV


def test_to_csv_bytes_starts_with_bom_and_round_trips(df_members):
    data = to_csv_bytes(df_members)
    assert data.startswith(BOM)
    assert not data.startswith(BOM + BOM)
    back = _read_csv(data)
    assert back.values.tolist() == [["007", "가나정밀", "12", "2024-10-23"], ["012-34-56789", "다라전자", "30", ""]]
    assert list(back.columns) == ["member_id", "name", "employees", "founded"]


def test_to_csv_bytes_text_is_utf8_with_crlf(df_members):
    text = to_csv_bytes(df_members).decode("utf-8-sig")
    assert text.split("\r\n")[:2] == ["member_id,name,employees,founded", "007,가나정밀,12,2024-10-23"]


def test_to_csv_bytes_korean_headers_read_back_by_read_table():
    df = pd.DataFrame({"회원번호": ["007"], "회사명": ["가나, 주식회사"], "주소": ["서울 종로구\n세종대로 1"]})
    raw = read_table(to_csv_bytes(df), "members")
    assert raw.encoding == "utf-8-sig"
    assert raw.df[["member_id", "name", "address", "source_row"]].values.tolist() == [
        ["007", "가나, 주식회사", "서울 종로구\n세종대로 1", 2]]


@pytest.mark.parametrize("cell", DANGEROUS)
def test_to_csv_bytes_neutralizes_formulas(cell):
    back = _read_csv(to_csv_bytes(pd.DataFrame({"name": [cell]})))
    assert back.loc[0, "name"] == "'" + cell


@pytest.mark.parametrize("cell", HARMLESS)
def test_to_csv_bytes_keeps_plain_text_and_numbers_as_text(cell):
    back = _read_csv(to_csv_bytes(pd.DataFrame({"name": [cell]})))
    assert back.loc[0, "name"] == cell


def test_to_csv_bytes_real_numbers_untouched():
    text = to_csv_bytes(pd.DataFrame({"n": [-3, 5], "x": [-1.5, 2.0]})).decode("utf-8-sig")
    assert text.split("\r\n")[:3] == ["n,x", "-3,-1.5", "5,2.0"]


def test_to_csv_bytes_empty_frame():
    assert to_csv_bytes(pd.DataFrame({"a": [], "회사명": []})) == BOM + "a,회사명\r\n".encode()


# ----------------------------------------------------------------------------
# neutralize_formulas


def test_neutralize_formulas_object_and_string_columns():
    df = pd.DataFrame({
        "object": pd.Series(["=1+1", None, "가"], dtype=object),
        "string": pd.Series(["@x", "-3", None], dtype="string"),
        "number": [-3, 1, 2],
    })
    out = neutralize_formulas(df)
    assert [out["object"][0], out["object"][2]] == ["'=1+1", "가"]
    assert pd.isna(out["object"][1])
    assert out["string"].tolist()[:2] == ["'@x", "-3"]
    assert pd.isna(out["string"].tolist()[2])
    assert out["number"].tolist() == [-3, 1, 2]


def test_neutralize_formulas_does_not_change_input():
    df = pd.DataFrame({"name": ["=1+1"]})
    neutralize_formulas(df)
    assert df.loc[0, "name"] == "=1+1"


# ----------------------------------------------------------------------------
# XLSX


def test_to_xlsx_bytes_several_sheets(df_members):
    data = to_xlsx_bytes({"회원": df_members, "협력": pd.DataFrame({"source_id": ["A"], "target_id": ["B"]})})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["회원", "협력"]
    assert _xlsx_rows(data, "회원") == [
        ["member_id", "name", "employees", "founded"],
        ["007", "가나정밀", 12, "2024-10-23"],
        ["012-34-56789", "다라전자", 30, None],
    ]
    assert _xlsx_rows(data, "협력") == [["source_id", "target_id"], ["A", "B"]]


def test_to_xlsx_bytes_single_frame_and_long_sheet_name():
    assert openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(pd.DataFrame({"a": [1]})))).sheetnames == ["data"]
    long_name = "가" * 40
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({long_name: pd.DataFrame({"a": [1]})})))
    assert book.sheetnames == ["가" * 31]


def test_to_xlsx_bytes_stores_formula_like_text_as_text_without_an_apostrophe():
    """XLSX keeps such text as an inline string, which a spreadsheet never runs (CSV needs the apostrophe)."""
    df = pd.DataFrame({"name": [*DANGEROUS[:4], "-3", "+1,234.5"], "n": [-3, 1, 2, 3, 4, 5]})
    data = to_xlsx_bytes(df)
    rows = _xlsx_rows(data)[1:]
    assert [r[0] for r in rows] == [*DANGEROUS[:4], "-3", "+1,234.5"]
    assert [r[1] for r in rows] == [-3, 1, 2, 3, 4, 5]
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(2, 8))
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and sheet.count('t="inlineStr"') == 2 + 6  # the header and the six texts


def test_to_xlsx_bytes_read_back_by_read_table(df_members):
    raw = read_table(to_xlsx_bytes(df_members), "members")
    assert raw.df[["member_id", "employees", "founded"]].values.tolist() == [
        ["007", "12", "2024-10-23"], ["012-34-56789", "30", None]]


# ----------------------------------------------------------------------------
# write_table


@pytest.mark.parametrize(("suffix", "start"), [(".csv", BOM), (".CSV", BOM), (".xlsx", b"PK\x03\x04")])
def test_write_table_by_suffix(tmp_path, df_members, suffix, start):
    path = write_table(df_members, tmp_path / f"회원{suffix}")
    assert path == tmp_path / f"회원{suffix}"
    assert path.read_bytes().startswith(start)


def test_write_table_accepts_str_path(tmp_path, df_members):
    path = write_table(df_members, str(tmp_path / "m.csv"))
    assert _read_csv(path.read_bytes())["member_id"].tolist() == ["007", "012-34-56789"]


@pytest.mark.parametrize("name", ["m.txt", "m.xls", "m"])
def test_write_table_unknown_suffix_raises(tmp_path, df_members, name):
    with pytest.raises(ValueError, match=r"file suffix was '(\.txt|\.xls|)' but is expected to be in"):
        write_table(df_members, tmp_path / name)
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(("name", "title"), [
    ("visits/2025", "visits_2025"),                 # "/" is forbidden in sheet titles
    ("a\\b?c*d[e]f:g", "a_b_c_d_e_f_g"),             # and so are \ ? * [ ] :
    ("", "data"),
    ("recommendations_012-34-56789:top/10", "recommendations_012-34-56789_to"),  # cleaned, then cut to 31
])
def test_to_xlsx_bytes_cleans_sheet_names_excel_forbids(name, title):
    data = to_xlsx_bytes({name: pd.DataFrame({"회원번호": ["012-34-56789"], "n": [3]})})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [title]
    assert _xlsx_rows(data) == [["회원번호", "n"], ["012-34-56789", 3]]  # and the cells are all there


# ----------------------------------------------------------------------------
# the column-wise CSV is what pandas writes after the per-cell rule


def prepared_cell_by_cell(df: pd.DataFrame) -> pd.DataFrame:
    """The rule applied one cell at a time (the reference): formula-like text gets ', dates become text."""
    out = df.copy()
    for col in out.columns:
        values = out[col]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            out[col] = pd.Series([export._neutralize(v) for v in values], index=values.index, dtype=object)
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d").astype(object)
    return out


def csv_by_pandas(df: pd.DataFrame) -> bytes:
    return prepared_cell_by_cell(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


AWKWARD_TEXT = [*DANGEROUS, *HARMLESS, " a", "a ", "a,b", 'say "hi"', '"', "a\nb", "a\rb", "\r\n", "x\x00y", "'",
                "-", "+", "=", "-.5", "--1", "가,나", "😀", None]


def awkward_frame(n: int = 120, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    text = np.array(AWKWARD_TEXT, dtype=object)
    return pd.DataFrame({
        "object": pd.Series(rng.choice(np.array([*AWKWARD_TEXT, np.nan], dtype=object), n), dtype=object),
        "str": pd.Series(rng.choice(text, n), dtype="str"),
        "string": pd.Series(rng.choice(text, n), dtype="string"),
        "float": rng.choice([0.0, -0.0, np.nan, 1.5, 1e-5, 1e20, 0.1 + 0.2, np.inf, -np.inf, 5e-324, 123456.789], n),
        "float32": rng.choice(np.array([0.0, np.nan, 0.1, 3.3, -2.5], dtype=np.float32), n),
        "int": rng.integers(-10**12, 10**12, n),
        "uint8": rng.integers(0, 255, n).astype(np.uint8),
        "bool": rng.random(n) > 0.5,
        "date": pd.to_datetime(rng.choice(["2024-10-23", None, "1999-01-01"], n)),
        "회사명": rng.choice(["가나정밀", "(주)다온", "A,B"], n),
    })


@pytest.mark.parametrize("column", [None, *awkward_frame().columns])
def test_to_csv_bytes_equals_pandas_after_the_cell_by_cell_rule(column):
    df = awkward_frame()
    df = df if column is None else df[[column]]
    assert to_csv_bytes(df) == csv_by_pandas(df)


@pytest.mark.parametrize("df", [
    pd.DataFrame({"mixed": pd.Series(["a", 1, 2.5, None, "=x", True, pd.Timestamp("2024-01-02")], dtype=object),
                  "n": range(7)}),
    pd.DataFrame({"Int64": pd.array([1, None, -3], dtype="Int64"), "cat": pd.Categorical(["x", "=y", "z,"])}),
    pd.DataFrame({"": ["", "x", None]}),  # one column: a record of one empty field is written as ""
    pd.DataFrame({"a,b": ["", "x"], 'q"': [1, 2]}),
    pd.DataFrame({1: ["a"], 2: ["b"]}),
    pd.DataFrame({"a": [], "회사명": []}),
    pd.DataFrame({"tz": pd.to_datetime(["2024-10-23 23:30", None]).tz_localize("Asia/Seoul"), "x": [1.0, 2.0]}),
], ids=["mixed object", "extension dtypes", "one empty column", "quoted header", "int labels", "empty",
        "time zone"])
def test_to_csv_bytes_equals_pandas_for_other_frames(df):
    assert to_csv_bytes(df) == csv_by_pandas(df)


def test_to_csv_bytes_in_pieces_equals_one_piece(monkeypatch):
    df = awkward_frame(500, seed=1)
    df["mixed"] = pd.Series([1, "=a", None, "b"] * 125, dtype=object)  # pandas writes those pieces itself
    expected = csv_by_pandas(df)
    monkeypatch.setattr(export, "_CSV_CHUNK_ROWS", 7)
    assert to_csv_bytes(df) == expected


@pytest.mark.parametrize("dtype", [object, "str", "string", pd.StringDtype("python", na_value=np.nan)])
def test_neutralize_formulas_column_wise_equals_the_cell_by_cell_rule(dtype):
    cells = ["=SUM(A1)", "-3", "+1,234.5", "-2+3", "@x", "\tTAB", "가나", "", "-", "1,234", "-0.5", None,
             "'=already"] * 3
    if dtype is object:
        cells += [-3, 2.5, np.nan, pd.NA, True]  # numbers and missing values are left as they are
    df = pd.DataFrame({"text": pd.Series(cells, dtype=dtype), "n": range(len(cells))})
    got = neutralize_formulas(df)["text"]
    expected = pd.Series([export._neutralize(v) for v in df["text"]], dtype=object, name="text")
    pd.testing.assert_series_equal(got, expected)
    assert [type(v) for v in got] == [type(v) for v in expected]


# ----------------------------------------------------------------------------
# write_table in blocks


def test_write_table_of_blocks_equals_the_whole_table(tmp_path):
    df = awkward_frame(300, seed=2)
    blocks = [df.iloc[:100], df.iloc[100:101], df.iloc[101:]]
    write_table(df, tmp_path / "whole.csv")
    write_table(iter(blocks), tmp_path / "blocks.csv")
    assert (tmp_path / "blocks.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes() == csv_by_pandas(df)
    df = df.replace("x\x00y", "xy")  # a cell of a worksheet cannot hold NUL
    write_table([df.iloc[:100], df.iloc[100:]], tmp_path / "blocks.xlsx")
    assert _xlsx_rows((tmp_path / "blocks.xlsx").read_bytes()) == _xlsx_rows(to_xlsx_bytes(df))


def test_write_table_leaves_no_half_written_csv(tmp_path):
    def blocks():
        yield pd.DataFrame({"a": [1]})
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        write_table(blocks(), tmp_path / "t.csv")
    assert not (tmp_path / "t.csv").exists()


# ----------------------------------------------------------------------------
# XLSX streamed: the same cells pandas' to_excel gave (openpyxl), without holding the workbook


def xlsx_by_pandas(df: pd.DataFrame) -> bytes:
    """The reference: what ``to_xlsx_bytes`` wrote before it streamed (pandas + openpyxl, dates as text)."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d").astype(object)
    buffer = io.BytesIO()
    out.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


def _same_cell(ours: object, reference: object) -> bool:
    numbers = (int, float)
    if isinstance(ours, numbers) and isinstance(reference, numbers) and not isinstance(ours, bool):
        return ours == pytest.approx(reference, rel=1e-15, nan_ok=True)  # (Excel keeps no int / float apart)
    if isinstance(ours, str) and isinstance(reference, str):  # openpyxl writes \r raw: XML reads it as \n
        return ours.replace("\r\n", "\n").replace("\r", "\n") == reference
    return ours == reference and type(ours) is type(reference)


def test_to_xlsx_bytes_reads_back_as_pandas_to_excel_did():
    df = awkward_frame(400, seed=3).replace("x\x00y", "xy")  # openpyxl refuses NUL
    ours, reference = _xlsx_rows(to_xlsx_bytes(df)), _xlsx_rows(xlsx_by_pandas(df))
    assert len(ours) == len(reference) == 401
    different = [(r, c, a, b) for r, (row_a, row_b) in enumerate(zip(ours, reference))
                 for c, (a, b) in enumerate(zip(row_a, row_b)) if not _same_cell(a, b)]
    assert different == []


def test_to_xlsx_bytes_cells_of_mixed_columns_by_type():
    when = dt.datetime(2026, 11, 30, 9, 30)
    df = pd.DataFrame({"mixed": pd.Series(["가", 3, 2.5, None, True, dt.date(2026, 11, 30), when, np.inf, np.nan,
                                           pd.NA, "", Path("a")], dtype=object)})
    assert [r[0] for r in _xlsx_rows(to_xlsx_bytes(df))[1:]] == [
        "가", 3, 2.5, None, True, dt.datetime(2026, 11, 30), when, "inf", None, None, None, "a"]


def test_to_xlsx_bytes_keeps_carriage_returns_and_leaves_out_what_xml_cannot_hold():
    df = pd.DataFrame({"t": ["a\r\nb", "x\x00y\x1f", " 앞뒤 공백 ", "<&>\"'"]})
    assert [r[0] for r in _xlsx_rows(to_xlsx_bytes(df))[1:]] == ["a\r\nb", "xy", " 앞뒤 공백 ", "<&>\"'"]


def test_to_xlsx_bytes_header_bold_frozen_and_columns_as_wide_as_their_text():
    df = pd.DataFrame({"회원 ID": ["012-34-56789"], "추천 이유": ["공통 협력사 2곳: 금가계측, 다봉전기 · " * 3], "n": [1]})
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df))).active
    assert ws.freeze_panes == "A2"
    assert [ws.cell(row=1, column=c).font.b for c in (1, 2, 3)] == [True] * 3
    assert not ws.cell(row=2, column=1).font.b
    assert ws.column_dimensions["A"].width == 14 and ws.column_dimensions["B"].width == 60  # capped
    assert ws.column_dimensions["C"].width == 8


def test_to_xlsx_bytes_sheet_titles_stay_distinct_and_empty_frames_have_their_header():
    data = to_xlsx_bytes({"회원": pd.DataFrame({"a": []}), "회원?": pd.DataFrame(), "회원_": pd.DataFrame({"b": [1]})})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["회원", "회원_", "회원__2"]
    assert _xlsx_rows(data, 0) == [["a"]] and _xlsx_rows(data, 1) == [] and _xlsx_rows(data, 2) == [["b"], [1]]


def test_to_xlsx_bytes_is_a_package_of_the_usual_parts():
    with zipfile.ZipFile(io.BytesIO(to_xlsx_bytes({"a": pd.DataFrame({"x": [1]}), "b": pd.DataFrame()}))) as book:
        assert book.testzip() is None
        assert book.namelist() == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                   "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml",
                                   "xl/worksheets/sheet2.xml"]
    assert pd.read_excel(io.BytesIO(to_xlsx_bytes(pd.DataFrame({"x": [1, 2]})))).x.tolist() == [1, 2]


def test_write_table_xlsx_streams_blocks_and_refuses_more_rows_than_a_sheet_holds(tmp_path, monkeypatch):
    blocks = [pd.DataFrame({"n": range(k, k + 3), "t": ["가"] * 3}) for k in (0, 3, 6)]
    path = write_table(iter(blocks), tmp_path / "n.xlsx")
    assert [r[0] for r in _xlsx_rows(path.read_bytes())] == ["n", *range(9)]
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 7)  # the header and six rows
    with pytest.raises(ValueError, match="at most 7 rows"):
        write_table(iter(blocks), tmp_path / "too_many.xlsx")
    assert not (tmp_path / "too_many.xlsx").exists()


def test_write_table_leaves_no_half_written_xlsx(tmp_path):
    def blocks():
        yield pd.DataFrame({"a": [1]})
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        write_table(blocks(), tmp_path / "t.xlsx")
    assert not (tmp_path / "t.xlsx").exists()
