"""Tests for network.io: reading Korean CSV/XLSX files into RawTable, and load_dataset."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import io
import struct
import time
import tracemalloc
import zipfile
import zlib

import pandas as pd
import pytest

import network.io
from network.config import Limits
from network.dataset import load_dataset
from network.errors import DataError
from network.io import RawTable, find_table_files, read_table

MEMBERS_TEXT = "회원번호,회사명\n007,가나\n012-34-56789,다라\n"


def _cells(raw: RawTable, *columns: str) -> list[list[object]]:
    return raw.df[list(columns)].values.tolist()


def _codes(err: pytest.ExceptionInfo[DataError]) -> list[str]:
    return [p.code for p in err.value.problems]


# ----------------------------------------------------------------------------
# encodings and delimiters


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (MEMBERS_TEXT.encode("utf-8"), "utf-8"),
        (MEMBERS_TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (MEMBERS_TEXT.encode("cp949"), "cp949"),
        (MEMBERS_TEXT.replace(",", "\t").replace("\n", "\r\n").encode("utf-16"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "cp949", "utf-16-excel-unicode-text"],
)
def test_read_table_detects_encoding(data, encoding):
    raw = read_table(data, "members", file_name="m.csv")
    assert raw.encoding == encoding
    assert _cells(raw, "member_id", "name", "source_row") == [["007", "가나", 2], ["012-34-56789", "다라", 3]]
    assert raw.problems == ()


def test_read_table_bom_does_not_stick_to_first_header():
    raw = read_table("회원번호,회사명\nA,가\n".encode("utf-8-sig"), "members")
    assert raw.headers == {"member_id": "회원번호", "name": "회사명"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_read_table_detects_delimiter(delimiter):
    text = delimiter.join(["회원번호", "회사명", "시도"]) + "\n" + delimiter.join(["007", "가나", "서울"]) + "\n"
    raw = read_table(text.encode(), "members")
    assert _cells(raw, "member_id", "name", "sido") == [["007", "가나", "서울"]]


def test_read_table_semicolon_file_keeps_thousands_commas():
    raw = read_table("회원번호;회사명;매출액\n007;가나;1,234\n".encode(), "members")
    assert _cells(raw, "member_id", "revenue_krw") == [["007", "1,234"]]


def test_read_table_tab_file_keeps_commas_in_cells():
    raw = read_table("회원번호\t회사명\t주소\n007\t가나, 주식회사\t서울, 종로구\n".encode(), "members")
    assert _cells(raw, "name", "address") == [["가나, 주식회사", "서울, 종로구"]]


def test_read_table_quoted_cells_with_comma_and_newline_keep_excel_rows():
    text = '회사명,회원번호,주소\n"가나, 주식회사",001,"서울 종로구\n세종대로 1"\n다라,002,부산\n'
    raw = read_table(text.encode(), "members")
    assert _cells(raw, "name", "member_id", "address", "source_row") == [
        ["가나, 주식회사", "001", "서울 종로구\n세종대로 1", 2],
        ["다라", "002", "부산", 3],  # Excel shows the multi-line cell as one row
    ]


# ----------------------------------------------------------------------------
# header row, row numbers, aliases


def test_read_table_title_and_blank_row_above_header_shift_rows():
    # row 1 title, row 2 blank, row 3 header, rows 4-5 data, row 6 blank, row 7 data
    text = "2024년 회원 명단,,\n,,\n회원번호,회사명,시도\n001,가나,서울\n002,다라,부산\n,,\n003,마바,대구\n"
    raw = read_table(text.encode("cp949"), "members")
    assert _cells(raw, "member_id", "source_row") == [["001", 4], ["002", 5], ["003", 7]]


def test_read_table_title_row_single_cell():
    text = "2024년 회원 명단\n작성일: 2024-10-23\n\n회원번호,회사명\n001,가나\n"
    raw = read_table(text.encode("utf-8-sig"), "members")
    assert _cells(raw, "member_id", "source_row") == [["001", 5]]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("회사명", "name"), ("기업명", "name"), ("업체명", "name"), ("상호", "name"),
        ("회원번호", "member_id"), ("사업자등록번호", "member_id"),
        ("시·도", "sido"), ("시·군·구", "sigungu"), ("소재지", "address"),
        ("위도", "lat"), ("경도", "lon"),
        ("종업원수", "employees"), ("상시근로자수", "employees"),
        ("매출액(백만원)", "revenue_krw"), ("회 사 명", "name"), ("Member_ID", "member_id"),
    ],
)
def test_read_table_recognises_korean_header_alias(header, column):
    others = [h for h, c in (("회원번호", "member_id"), ("회사명", "name")) if c != column]
    raw = read_table((",".join([header, *others]) + "\n" + ",".join(["x"] + ["y"] * len(others)) + "\n").encode(),
                     "members")
    assert raw.headers[column] == header
    assert raw.df.loc[0, column] == "x"
    assert raw.problems == ()


def test_read_table_revenue_unit_becomes_scale():
    raw = read_table("회원번호,회사명,매출액(백만원)\n1,가,12\n".encode(), "members")
    assert raw.scales == {"revenue_krw": 1e6}
    assert raw.df.loc[0, "revenue_krw"] == "12"  # scaled during validation, not reading


@pytest.mark.parametrize("member_id", ["007", "012-34-56789", "0001234"])
def test_read_table_keeps_leading_zeros(member_id):
    raw = read_table(f"회원번호,회사명\n{member_id},가\n".encode(), "members")
    assert raw.df.loc[0, "member_id"] == member_id


def test_read_table_unknown_column_kept_with_warning():
    raw = read_table("회원번호,회사명,비고\n001,가,메모\n".encode(), "members", file_name="m.csv")
    assert raw.df.loc[0, "비고"] == "메모"
    [problem] = raw.problems
    assert (problem.code, problem.severity, problem.row, problem.column, problem.file) == (
        "unknown_column", "warning", 1, "비고", "m.csv")


def test_read_table_duplicate_column_first_wins_with_warning():
    raw = read_table("회원번호,회사명,기업명\n001,가나,다라\n".encode(), "members")
    assert raw.df.loc[0, "name"] == "가나"
    assert "기업명" not in raw.df.columns
    [problem] = raw.problems
    assert (problem.code, problem.severity, problem.column, dict(problem.params)) == (
        "duplicate_column", "warning", "기업명", {"other": "회사명"})


def test_read_table_empty_cells_are_none_and_blank_rows_skipped():
    raw = read_table("회원번호,회사명,시도\n001,가,\n,,\n002,  ,서울\n".encode(), "members")
    assert _cells(raw, "member_id", "name", "sido", "source_row") == [
        ["001", "가", None, 2], ["002", None, "서울", 4]]


def test_read_table_file_object_takes_its_name():
    upload = io.BytesIO(MEMBERS_TEXT.encode())
    upload.name = "/uploads/회원명단.csv"
    assert read_table(upload, "members").file == "회원명단.csv"


def test_read_table_path(tmp_path):
    path = tmp_path / "회원.csv"
    path.write_bytes(MEMBERS_TEXT.encode("cp949"))
    raw = read_table(path, "members")
    assert raw.file == "회원.csv"
    assert raw.table == "members"
    assert len(raw.df) == 2


@pytest.mark.parametrize("data", ["회원번호,회사명\n".encode(), "회원번호,회사명\n,\n\n,,\n".encode("cp949")],
                         ids=["header", "header-and-blank-rows"])
def test_read_table_header_only_says_no_rows_were_found(data):
    with pytest.raises(DataError) as err:
        read_table(data, "members", file_name="회원.csv")
    assert _codes(err) == ["no_rows"]
    problem = err.value.problems[0]
    assert (problem.file, problem.row, problem.severity) == ("회원.csv", 1, "error")
    assert "데이터 행이 없습니다" in problem.message("ko") and "no rows were found" in problem.message("en")


def test_read_table_header_only_workbook_says_no_rows_were_found(make_xlsx):
    with pytest.raises(DataError) as err:
        read_table(make_xlsx({"회원": [["회원번호", "회사명"]]}), "members", file_name="회원.xlsx")
    assert _codes(err) == ["no_rows"]


def test_read_table_unknown_table_name_raises():
    with pytest.raises(ValueError, match="table was 'member' but is expected to be in"):
        read_table(MEMBERS_TEXT.encode(), "member")


# ----------------------------------------------------------------------------
# XLSX


@pytest.fixture
def book(make_xlsx) -> bytes:
    return make_xlsx({
        "회원": [["회원번호", "회사명"], ["007", "가나"]],
        "방문": [["방문번호", "일자"], ["V1", "2024-10-23"]],
        "제목있음": [["2024년 회원 명단"], [], ["회원번호", "회사명"], ["A", "다라"]],
    })


def test_read_table_xlsx_first_sheet_by_default(book):
    raw = read_table(book, "members")
    assert raw.encoding is None
    assert _cells(raw, "member_id", "name", "source_row") == [["007", "가나", 2]]


@pytest.mark.parametrize("sheet", ["방문", 1], ids=["by-name", "by-index"])
def test_read_table_xlsx_chosen_sheet(book, sheet):
    raw = read_table(book, "visits", sheet=sheet)
    assert _cells(raw, "visit_id", "date", "source_row") == [["V1", "2024-10-23", 2]]


def test_read_table_xlsx_title_row_keeps_excel_rows(book):
    raw = read_table(book, "members", sheet="제목있음")
    assert _cells(raw, "member_id", "source_row") == [["A", 4]]


@pytest.mark.parametrize("sheet", ["없는시트", 7])
def test_read_table_xlsx_wrong_sheet_lists_sheets(book, sheet):
    with pytest.raises(DataError, match="회원, 방문, 제목있음") as err:
        read_table(book, "members", sheet=sheet, file_name="book.xlsx")
    [problem] = err.value.problems
    assert problem.code == "sheet_not_found"
    assert problem.file == "book.xlsx"
    assert "No sheet" in problem.message("en")


def test_read_table_xlsx_dates_and_serial_numbers(make_xlsx):
    data = make_xlsx({"s": [
        ["회원번호", "회사명", "설립일", "가입일"],
        ["1", "가", dt.datetime(2024, 10, 23), 45588],
        ["2", "나", 1998, dt.datetime(2020, 1, 2, 13, 30)],
        ["3", "다", dt.date(2001, 2, 3), 45588.0],
    ]})
    raw = read_table(data, "members")
    assert _cells(raw, "founded", "joined") == [
        ["2024-10-23", "2024-10-23"],   # datetime cell; serial 45588 is 2024-10-23
        ["1998", "2020-01-02 13:30:00"],  # a year stays a year
        ["2001-02-03", "2024-10-23"],
    ]


def test_read_table_xlsx_numbers_print_like_excel(make_xlsx):
    data = make_xlsx({"s": [
        ["회원번호", "회사명", "종업원수", "매출액", "위도"],
        [12, "가", 12.0, 1.5, 37.5665],
        [7.0, "나", 30, 45588, 35],
    ]})
    raw = read_table(data, "members")
    assert _cells(raw, "member_id", "employees", "revenue_krw", "lat") == [
        ["12", "12", "1.5", "37.5665"],
        ["7", "30", "45588", "35"],  # not a date column: serial-like numbers stay numbers
    ]


def test_read_table_xlsx_serial_date_only_in_date_columns(make_xlsx):
    data = make_xlsx({"s": [["방문번호", "일자", "참석자수"], [45588, 45588, 45588]]})
    raw = read_table(data, "visits")
    assert _cells(raw, "visit_id", "date", "participants") == [["45588", "2024-10-23", "45588"]]


# ----------------------------------------------------------------------------
# plain CSV files are read by pandas' C reader: exactly the cells csv.reader gives

AWKWARD_CSV = [
    # title, blank lines, short and long rows, blank-looking rows, cells to strip
    "2024 회원 명단\n\n회원번호,회사명,시도,비고\n001, 가 ,서울\n,,\n  ,\u3000,\n002,나,경기,메모,넘침\n\n003,다\n",
    "회원번호;회사명;매출액\r\n007;가나;1,234\r\n\r\n008;다라;\r\n",  # Windows line ends, ';'
    "회원번호\t회사명\t비고\n\t\n009\t마바\t\x1c\x0b#\n010\t'사'\tNA\n",  # odd characters stay as written
    "회원번호,회사명\n010,사아",  # no final line break
]


@pytest.mark.parametrize("text", AWKWARD_CSV)
def test_read_table_quick_csv_reading_equals_csv_module(text, monkeypatch):
    data = text.encode()
    simple, used = network.io._simple_csv, []
    monkeypatch.setattr(network.io, "_simple_csv", lambda *args: used.append(simple(*args)) or used[-1])
    quick = read_table(data, "members", file_name="m.csv")
    assert used and used[0] is not None  # the quick way was taken
    monkeypatch.setattr(network.io, "_simple_csv", lambda *args: None)  # csv.reader only
    slow = read_table(data, "members", file_name="m.csv")
    pd.testing.assert_frame_equal(quick.df, slow.df)
    assert [type(v) for v in quick.df.to_numpy().ravel()] == [type(v) for v in slow.df.to_numpy().ravel()]
    assert (quick.headers, quick.problems) == (slow.headers, slow.problems)


def test_read_table_quick_csv_reading_cells_and_rows():
    raw = read_table(AWKWARD_CSV[0].encode(), "members")
    assert _cells(raw, "member_id", "name", "sido", "비고", "source_row") == [
        ["001", "가", "서울", None, 4], ["002", "나", "경기", "메모", 7], ["003", "다", None, None, 9]]


@pytest.mark.parametrize("text", ['회원번호,회사명\n"1",가\n', "회원번호,회사명\r1,가\n", "\ufeff회원번호,회사명\n1,가\n",
                                  "회원번호,회사명\n1,가\x00\n"],
                         ids=["quotes", "lone-carriage-return", "byte-order-mark", "nul"])
def test_quick_csv_reading_leaves_other_files_to_csv_module(text):
    assert network.io._simple_csv(text, ",", "m.csv", Limits()) is None


def test_quick_csv_reading_takes_plain_files():
    columns = network.io._simple_csv("회원번호,회사명\n1\n\n2,가,x\n", ",", "m.csv", Limits())
    assert columns is not None and len(columns) == 4
    assert [columns.row(i) for i in range(4)] == [["회원번호", "회사명", ""], ["1", "", ""], ["", "", ""], ["2", "가", "x"]]


def test_read_table_quoted_file_leaves_garbage_collection_on():
    assert gc.isenabled()
    raw = read_table('회원번호,회사명\n1,"가,나"\n'.encode(), "members")
    assert _cells(raw, "name") == [["가,나"]] and gc.isenabled()


def test_read_table_xlsx_column_conversion_cell_by_cell(make_xlsx):
    """Whole XLSX columns convert each cell as _cell_text does alone (text, numbers, dates, blanks)."""
    cells = ["  가  ", 12, 12.5, 45588, True, dt.datetime(2024, 1, 2, 3, 4), dt.date(2023, 5, 6), "", None, " 1998 "]
    data = make_xlsx({"s": [["회원번호", "회사명", "가입일"], *[[str(i), "x", cell] for i, cell in enumerate(cells)]]})
    raw = read_table(data, "members")
    expected = [network.io._cell_text(cell, kind="date", xlsx=True) for cell in cells]
    assert raw.df["joined"].tolist() == expected
    assert raw.df["source_row"].tolist() == list(range(2, 2 + len(cells)))


# ----------------------------------------------------------------------------
# files that cannot be read


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"  \r\n \n\t\n", "empty_file"),
        (",,,\n,,\n".encode(), "empty_file"),
        (b"\x00\x01\x02\x03\x04binary", "unreadable_file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "unreadable_file"),
        (_zip_bytes(), "unreadable_file"),
        (b"\x80\x80\xff\xfe\xfd,abc\n", "unknown_encoding"),
        ("a,b,c\n1,2,3\n".encode(), "no_header"),
    ],
    ids=["empty", "whitespace", "only-delimiters", "binary", "old-xls", "zip-not-xlsx", "bad-encoding",
         "no-header"],
)
def test_read_table_unreadable_raises_data_error(data, code):
    with pytest.raises(DataError) as err:
        read_table(data, "members", file_name="bad.csv")
    assert _codes(err) == [code]
    assert err.value.problems[0].file == "bad.csv"
    assert err.value.problems[0].severity == "error"


def test_read_table_old_xls_says_save_as_xlsx():
    with pytest.raises(DataError, match=r"\.xlsx"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "members")


def test_read_table_missing_path_raises(tmp_path):
    with pytest.raises(DataError, match="파일을 찾을 수 없습니다") as err:
        read_table(tmp_path / "없음.csv", "members")
    assert _codes(err) == ["file_not_found"]
    assert err.value.problems[0].file == "없음.csv"


def test_read_table_no_header_names_expected_columns():
    with pytest.raises(DataError) as err:
        read_table("a,b,c\n1,2,3\n".encode(), "members")
    message = err.value.problems[0].message("en")
    assert "Member ID" in message and "Company name" in message  # labels people know, not internal names
    assert "member_id" not in message
    assert "회원 ID, 회사명" in err.value.problems[0].message("ko")


def test_read_table_missing_required_column_named():
    with pytest.raises(DataError) as err:
        read_table("회사명,시도\n가나,서울\n".encode(), "members", file_name="m.csv")
    [problem] = err.value.problems
    assert (problem.code, problem.column, problem.row) == ("missing_column", None, 1)  # not in the file
    assert problem.message("ko").startswith("필수 열 회원 ID가 없습니다")  # the label, with the right particle
    assert "회원번호" in problem.message("ko")  # the recognised names are listed


@pytest.mark.parametrize("language", ["ko", "en"])
def test_read_table_missing_column_message_names_the_column(language):
    with pytest.raises(DataError) as err:
        read_table("회사명,시도\n가나,서울\n".encode(), "members")
    message = err.value.problems[0].message(language)
    assert {"ko": "회원 ID", "en": "Member ID"}[language] in message
    assert "member_id" not in message  # never the internal column key
    assert "{" not in message


def test_read_table_missing_both_required_columns_of_visits():
    with pytest.raises(DataError) as err:
        read_table("프로그램,시도,시군구\n간담회,서울,종로구\n".encode(), "visits")
    assert sorted((p.code, p.message("ko")) for p in err.value.problems) == [
        ("missing_column", "필수 열 방문 ID가 없습니다 (인식하는 머리글: 방문id, 방문번호, 행사id, 행사번호, 일련번호, 번호)"),
        ("missing_column", "필수 열 일자가 없습니다 (인식하는 머리글: 일자, 날짜, 방문일, 방문일자, 개최일, 개최일자)")]


# ----------------------------------------------------------------------------
# find_table_files and load_dataset


def test_find_table_files_prefers_csv_and_ignores_others(tmp_path):
    (tmp_path / "members.csv").write_bytes(MEMBERS_TEXT.encode())
    (tmp_path / "members.xlsx").write_bytes(b"PK")
    (tmp_path / "visits.xlsx").write_bytes(b"PK")
    (tmp_path / "notes.csv").write_bytes(b"x")
    assert find_table_files(tmp_path) == {"members": tmp_path / "members.csv", "visits": tmp_path / "visits.xlsx"}


def test_load_dataset_directory(tmp_path, make_xlsx):
    (tmp_path / "members.csv").write_bytes("회원번호,회사명,시도,시군구\nA,가나,서울,종로구\nB,다라,서울,강남구\n"
                                           .encode("cp949"))
    (tmp_path / "partnerships.xlsx").write_bytes(make_xlsx({"p": [["기업1", "기업2"], ["A", "B"]]}))
    ds = load_dataset(tmp_path)
    assert ds.members["member_id"].tolist() == ["A", "B"]
    assert ds.members["sigungu_code"].tolist() == ["11110", "11680"]
    assert ds.partnerships[["source_id", "target_id"]].values.tolist() == [["A", "B"]]
    assert ds.files == {"members": "members.csv", "partnerships": "partnerships.xlsx"}
    assert ds.report.file_errors == ()


def test_load_dataset_directory_without_tables_raises(tmp_path):
    with pytest.raises(DataError) as err:
        load_dataset(tmp_path)
    assert _codes(err) == ["file_not_found"]


def test_load_dataset_mapping_of_bytes_names_files_by_table():
    ds = load_dataset({"members": "회원번호,회사명,시도,시군구\nA,가,서울,종로구\n".encode()})
    assert ds.files == {"members": "members.csv"}
    assert ds.report.counts == {"members": {"read": 1, "valid": 1, "rejected": 0}}


def test_load_dataset_unreadable_file_does_not_stop_others(tmp_path):
    (tmp_path / "members.csv").write_bytes("회원번호,회사명,시도,시군구\nA,가,서울,종로구\n".encode())
    (tmp_path / "visits.csv").write_bytes(b"\x00\x01\x02garbage")
    ds = load_dataset(tmp_path)
    assert ds.members["member_id"].tolist() == ["A"]
    assert [(p.code, p.file) for p in ds.report.file_errors] == [("unreadable_file", "visits.csv")]
    assert ds.visits.empty
    assert "visits" not in ds.report.counts


def test_load_dataset_missing_path_in_mapping(tmp_path):
    members = tmp_path / "m.csv"
    members.write_bytes("회원번호,회사명,시도,시군구\nA,가,서울,종로구\n".encode())
    ds = load_dataset({"members": members, "partnerships": tmp_path / "없음.csv"})
    assert len(ds.members) == 1
    assert [(p.code, p.file) for p in ds.report.file_errors] == [("file_not_found", "없음.csv")]
    assert [p.code for p in ds.report.errors()] == ["file_not_found"]


def test_load_dataset_unknown_table_raises():
    with pytest.raises(ValueError, match="table was 'member'"):
        load_dataset({"member": MEMBERS_TEXT.encode()})


def test_load_dataset_xlsx_sheet(make_xlsx, tmp_path):
    path = tmp_path / "members.xlsx"
    path.write_bytes(make_xlsx({"표지": [["안내"]], "회원": [["회원번호", "회사명", "시도", "시군구"],
                                                           ["007", "가", "서울", "종로구"]]}))
    ds = load_dataset({"members": path}, sheet="회원")
    assert ds.members["member_id"].tolist() == ["007"]


def test_a_file_this_project_exported_reads_back_to_the_same_text():
    """Export protects formula-like text with an apostrophe (for Excel); reading it back removes it again."""
    from network.export import to_csv_bytes, to_xlsx_bytes

    names = ["=HYPERLINK(\"http://x\")", "+82 상사", "-2+3", "@회사", "-3", "'가나", "보통회사"]
    frame = pd.DataFrame({"회원번호": [f"M{k}" for k in range(len(names))], "회사명": names})
    for data in (to_csv_bytes(frame), to_xlsx_bytes(frame)):
        raw = read_table(data, "members")
        assert raw.df["name"].tolist() == names


# ----------------------------------------------------------------------------
# hostile and oversized files: refused before they cost much (Limits.upload_*)

SHEET_PART = "xl/worksheets/sheet1.xml"
_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = b"</sheetData></worksheet>"


def _text_row(*values: str) -> bytes:
    return b"<row>" + b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % v.encode() for v in values) + b"</row>"


def _deflate(data: bytes, *, final: bool, level: int = 9) -> bytes:
    """A raw deflate stream of ``data``; one that is not ``final`` ends on a full flush, so streams
    packed this way can be put one after the other (the same packed chunk repeated unpacks to the
    chunk repeated: how a zip bomb is made without ever holding what it unpacks to)."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def _workbook_parts() -> list[tuple[str, bytes]]:
    """The parts of a workbook of one sheet, as openpyxl writes it."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["회원번호", "회사명"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def _zip(parts: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive of already deflated parts: ``(name, deflate stream, CRC-32, unpacked size as stated)``."""
    out, directory = bytearray(), bytearray()
    for name, packed, crc, size in parts:
        encoded = name.encode()
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(packed), size,
                                 len(encoded), 0, 0, 0, 0, 0, len(out)) + encoded
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(packed), size, len(encoded),
                           0) + encoded + packed
    return bytes(out + directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts),
                                               len(directory), len(out), 0))


def xlsx_with_sheet(pieces: list[tuple[bytes, int]], *, stated: int | None = None, level: int = 9) -> bytes:
    """An XLSX file whose sheet is ``pieces`` unpacked one after the other, each ``(bytes, times)``, without
    holding the sheet in memory; its size as the archive states it is ``stated`` (default: the true size)."""
    packed, crc, size = bytearray(), 0, 0
    for k, (piece, times) in enumerate(pieces):
        once = _deflate(piece, final=k == len(pieces) - 1, level=level)
        packed += once * times
        for _ in range(times):
            crc = zlib.crc32(piece, crc)
        size += len(piece) * times
    parts = [(name, _deflate(data, final=True), zlib.crc32(data), len(data))
             for name, data in _workbook_parts() if name != SHEET_PART]
    return _zip([*parts, (SHEET_PART, bytes(packed), crc, size if stated is None else stated)])


@functools.cache
def zip_bomb_xlsx(*, stated: int | None = None) -> bytes:
    """About 2 MB of XLSX whose sheet unpacks to 2 GiB of one row repeated (a zip bomb)."""
    row = _text_row("A1", "가" * 2000)
    chunk = row * (32 * 2**20 // len(row))
    head = _SHEET_HEAD + _text_row("회원번호", "회사명")
    return xlsx_with_sheet([(head, 1), (chunk, 2**31 // len(chunk)), (_SHEET_TAIL, 1)], stated=stated)


@functools.cache
def many_rows_xlsx(rows: int = 1_200_000) -> bytes:
    """An XLSX file of ``rows`` members in a sheet that states no size (8 MB for 1,200,000 rows: as
    compressible as a real sheet, so its parts pass the archive's checks)."""
    body = b"".join(b"<row><c><v>%d</v></c><c><v>%d</v></c></row>" % (k, k * 7) for k in range(rows))
    return xlsx_with_sheet([(_SHEET_HEAD + _text_row("회원번호", "회사명"), 1), (body, 1), (_SHEET_TAIL, 1)], level=1)


def _refusal(data: bytes, limits: Limits | None = None, name: str = "hostile.xlsx") -> tuple[str, dict, str, str]:
    """The one problem a refused file gets: code, params, Korean and English message with the file."""
    with pytest.raises(DataError) as err:
        read_table(data, "members", file_name=name, limits=limits)
    [problem] = err.value.problems
    assert problem.file == name and problem.row is None and problem.severity == "error"
    return problem.code, dict(problem.params), err.value.message("ko"), err.value.message("en")


def test_read_table_refuses_a_zip_bomb_before_unpacking_it():
    data = zip_bomb_xlsx()
    assert len(data) < 3 * 2**20
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # a genuine archive that unpacks to 2 GiB
        assert archive.getinfo(SHEET_PART).file_size > 2**31 - 2**26
    tracemalloc.start()
    started = time.perf_counter()
    try:
        code, params, ko, en = _refusal(data, name="회원명단.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 16 * 2**20  # nothing was unpacked
    assert code == "archive_too_large" and params["limit_mb"] == 500
    assert ko == "회원명단.xlsx: XLSX 파일의 압축을 풀면 2,048 MB가 되어 열지 않았습니다 (한도 500 MB). 파일을 나눠 올려 주세요"
    assert en.startswith("회원명단.xlsx: Unpacked, the XLSX file would take 2,048 MB (limit 500 MB)")


def test_read_table_refuses_a_part_that_grows_too_many_times():
    code, params, ko, _ = _refusal(zip_bomb_xlsx(), Limits(upload_max_unpacked_mb=4096))
    assert code == "archive_ratio" and params["part"] == SHEET_PART and params["ratio"] > 500
    assert "xl/worksheets/sheet1.xml이 압축을 풀면" in ko and "압축 폭탄일 수 있어 열지 않았습니다" in ko


def test_read_table_a_part_that_hides_its_size_fails_its_checksum():
    """A sheet stating 10 kB that really unpacks to 2 GiB: zipfile stops at the stated size, and the
    checksum tells the file is damaged; memory stays small."""
    data = zip_bomb_xlsx(stated=10_000)
    tracemalloc.start()
    try:
        code, params, ko, _ = _refusal(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == "unreadable_file" and params["detail"] == "BadZipFile"
    assert peak < 16 * 2**20
    assert ko.startswith("hostile.xlsx: 파일을 읽을 수 없습니다")


def test_read_table_refuses_an_archive_of_too_many_parts(make_xlsx):
    data = make_xlsx({"회원": [["회원번호", "회사명"], ["1", "가"]]})
    code, params, ko, _ = _refusal(data, Limits(upload_max_entries=3))
    assert code == "archive_too_many_parts" and params["limit"] == 3 and params["parts"] > 3
    assert "XLSX 파일 안에 든 항목이" in ko


def test_read_table_refuses_an_archive_stating_too_many_parts():
    """The count in the archive's end record is read before zipfile lists the parts one by one."""
    parts = [(f"x/{k}.xml", _deflate(b"", final=True), 0, 0) for k in range(1500)]
    code, params, _, _ = _refusal(_zip(parts))
    assert (code, params["parts"], params["limit"]) == ("archive_too_many_parts", 1500, 1000)


def _with_dimension(ref: str, rows: list[list[object]], make_xlsx) -> bytes:
    """An XLSX file of ``rows`` whose sheet states its size as ``ref`` (``<dimension ref="…"/>``)."""
    data = make_xlsx({"회원": rows})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            part = source.read(name)
            if name == SHEET_PART:
                start = part.index(b"<dimension ref=")
                part = part[:start] + b'<dimension ref="%s"/>' % ref.encode() + part[part.index(b"/>", start) + 2:]
            target.writestr(name, part)
    return out.getvalue()


def test_read_table_refuses_a_sheet_declaring_millions_of_rows(make_xlsx):
    data = _with_dimension("A1:Z3000000", [["회원번호", "회사명"], ["1", "가"]], make_xlsx)
    started = time.perf_counter()
    code, params, ko, en = _refusal(data, name="m.xlsx")
    assert time.perf_counter() - started < 2
    assert (code, params) == ("too_many_rows_declared", {"rows": 3_000_000, "limit": 1_000_000})
    assert ko == ("m.xlsx: 시트가 스스로 3,000,000행이라고 밝히고 있어(A1:Z3000000) 읽지 않았습니다 (한도 1,000,000행). "
                  "빈 행을 지우거나 파일을 나눠 올려 주세요")
    assert en.startswith("m.xlsx: The sheet declares 3,000,000 rows (A1:Z3000000), more than the limit of 1,000,000")


def test_read_table_refuses_a_sheet_declaring_too_many_cells(make_xlsx):
    data = _with_dimension("A1:XFD100000", [["회원번호", "회사명"], ["1", "가"]], make_xlsx)
    code, params, _, _ = _refusal(data)
    assert (code, params) == ("too_many_cells", {"cells": 16384 * 100_000, "limit": 20_000_000})


def test_read_table_counts_the_rows_of_a_sheet_before_opening_it(make_xlsx):
    rows = [["회원번호", "회사명"], *[[str(k), "가"] for k in range(29)]]
    for data in (make_xlsx({"회원": rows}), _with_dimension("A1", rows, make_xlsx)):  # stating its size or not
        assert _refusal(data, Limits(upload_max_rows=20))[:2] == ("too_many_rows", {"rows": 30, "limit": 20})
        assert len(read_table(data, "members", limits=Limits(upload_max_rows=30)).df) == 29


def test_read_table_counts_rows_and_cells_as_it_reads_a_sheet():
    """Row numbers may jump (``<row r="5000">``): the rows in between are read as blank rows and counted as
    rows (with no cells)."""
    jump = _text_row("2", "나").replace(b"<row>", b'<row r="5000">')
    data = xlsx_with_sheet([(_SHEET_HEAD + _text_row("회원번호", "회사명") + _text_row("1", "가") + jump, 1),
                            (_SHEET_TAIL, 1)])
    assert _refusal(data, Limits(upload_max_rows=100))[:2] == ("too_many_rows", {"rows": 101, "limit": 100})
    assert _refusal(data, Limits(upload_max_cells=5))[:2] == ("too_many_cells", {"cells": 6, "limit": 5})
    assert _cells(read_table(data, "members"), "member_id", "source_row") == [["1", 2], ["2", 5000]]


def test_read_table_counts_the_shared_strings_before_opening_a_file(make_xlsx):
    """openpyxl holds every shared string of a workbook: more of them than cells allowed are refused."""
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"".join(b"<si><t>%d</t></si>" % k for k in range(5000)) + b"</sst>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_xlsx({"회원": [["회원번호", "회사명"], ["1", "가"]]}))) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            part = source.read(name)
            if name == "[Content_Types].xml":
                part = part.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif name == "xl/_rels/workbook.xml.rels":
                part = part.replace(b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            target.writestr(name, part)
        target.writestr("xl/sharedStrings.xml", strings)
    data = out.getvalue()
    assert _refusal(data, Limits(upload_max_cells=1000))[:2] == ("too_many_cells", {"cells": 5000, "limit": 1000})
    assert len(read_table(data, "members").df) == 1  # (a workbook openpyxl reads)


def test_read_table_reads_the_rows_a_sheet_has_not_the_size_it_states(make_xlsx):
    """Some programs state ``A1`` whatever the size; openpyxl would read that one cell only."""
    data = _with_dimension("A1", [["회원번호", "회사명"], ["1", "가"], ["2", "나"]], make_xlsx)
    assert _cells(read_table(data, "members"), "member_id", "name") == [["1", "가"], ["2", "나"]]


def test_read_table_refuses_an_xlsx_of_millions_of_rows_before_parsing_it():
    data = many_rows_xlsx()  # 1,200,000 rows, no stated size: openpyxl would parse them all to open it
    started = time.perf_counter()
    code, params, ko, _ = _refusal(data, name="m.xlsx")
    assert time.perf_counter() - started < 5
    assert code == "too_many_rows" and params["limit"] == 1_000_000 and params["rows"] > 1_000_000
    assert ko.startswith("m.xlsx: 행이 너무 많아 읽지 않았습니다: ")


def test_read_table_refuses_a_csv_of_too_many_rows_before_parsing_it():
    data = "회원번호,회사명\n".encode() + b"1,a\n" * 1_000_000  # 4 MB: 1,000,001 lines
    started = time.perf_counter()
    code, params, ko, en = _refusal(data, name="m.csv")
    assert time.perf_counter() - started < 2
    assert (code, params) == ("too_many_rows", {"rows": 1_000_001, "limit": 1_000_000})
    assert ko == "m.csv: 행이 너무 많아 읽지 않았습니다: 1,000,001행 이상 (한도 1,000,000행). 빈 행을 지우거나 파일을 나눠 올려 주세요"
    assert en == ("m.csv: Too many rows, the file was not read: 1,000,001 or more (limit 1,000,000). Delete empty "
                  "rows or split the file")


@pytest.mark.parametrize(("text", "rows"), [("회원번호,회사명\n" + "1,가\n" * 30, 21),
                                            ('회원번호,회사명\n' + '"1","가\n나"\n' * 30, 21),
                                            ("회원번호,회사명\r" + "1,가\r" * 30, 21)],
                         ids=["plain-counted-before-parsing", "quoted-counted-while-parsing", "lone-carriage-returns"])
def test_read_table_refuses_a_csv_of_too_many_rows(text, rows):
    code, params, _, _ = _refusal(text.encode(), Limits(upload_max_rows=20), name="m.csv")
    assert code == "too_many_rows" and params["limit"] == 20
    assert params["rows"] == (31 if text.count("\n") == 31 else rows)  # a plain file's count is exact


def test_read_table_refuses_a_csv_of_too_many_cells():
    wide = "회원번호,회사명" + ",x" * 98 + "\n" + "1,가\n" * 9  # 10 rows, the widest of 100 cells
    assert _refusal(wide.encode(), Limits(upload_max_cells=999), name="m.csv")[:2] == (
        "too_many_cells", {"cells": 1000, "limit": 999})
    assert _refusal(('"회원번호",회사명\n' + "1,가\n" * 9).encode(), Limits(upload_max_cells=19), name="m.csv")[:2] == (
        "too_many_cells", {"cells": 20, "limit": 19})


def test_read_table_refuses_a_csv_larger_than_the_unpacked_limit():
    data = "회원번호,회사명\n".encode() + b"12345678,a\n" * 110_000  # 1.2 MB
    code, params, ko, _ = _refusal(data, Limits(upload_max_unpacked_mb=1), name="m.csv")
    assert code == "file_too_large" and params["limit_mb"] == 1
    assert ko == "m.csv: 파일이 1 MB로 너무 커서 읽지 않았습니다 (한도 1 MB). 파일을 나눠 올려 주세요"


def test_load_dataset_reports_a_refused_file_like_an_unreadable_one(tmp_path):
    """What ``python -m network check`` prints: the refusal is a file error, the other files are read."""
    (tmp_path / "members.csv").write_bytes("회원번호,회사명,시도,시군구\nA,가,서울,종로구\n".encode())
    (tmp_path / "partnerships.xlsx").write_bytes(zip_bomb_xlsx())
    ds = load_dataset(tmp_path)
    assert ds.members["member_id"].tolist() == ["A"]
    assert [(p.code, p.file) for p in ds.report.file_errors] == [("archive_too_large", "partnerships.xlsx")]
    assert [p.code for p in ds.report.errors()] == ["archive_too_large"]


def test_read_table_reads_a_csv_with_lone_carriage_returns():
    """Old Mac line endings (CR only) go to the csv module, which reads every line ending."""
    assert _cells(read_table("회원번호,회사명\r1,가\r2,나\r".encode(), "members"), "member_id", "name") == [
        ["1", "가"], ["2", "나"]]
