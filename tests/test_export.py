"""Tests for network.export: CSV for Korean Excel, XLSX, and formula-injection safety."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

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


def test_to_xlsx_bytes_neutralizes_formulas():
    df = pd.DataFrame({"name": [*DANGEROUS[:4], "-3", "+1,234.5"], "n": [-3, 1, 2, 3, 4, 5]})
    data = to_xlsx_bytes(df)
    rows = _xlsx_rows(data)[1:]
    assert [r[0] for r in rows] == ["'" + c for c in DANGEROUS[:4]] + ["-3", "+1,234.5"]
    assert [r[1] for r in rows] == [-3, 1, 2, 3, 4, 5]
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert all(ws.cell(row=r, column=1).data_type != "f" for r in range(2, 8))


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
