"""Tests for network.validate: row checks, Dataset and ValidationReport."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from network.dataset import Dataset, load_dataset, validate_dataset
from network.errors import PROBLEM_COLUMNS
from network.io import read_table
from network.validate import (
    ValidationReport,
    parse_dates,
    parse_numbers,
    split_tags,
    validate_members,
    validate_offices,
    validate_partnerships,
    validate_visits,
)

MEMBERS_HEADER = "회원번호,회사명,시도,시군구,위도,경도,업종코드,종업원수,설립일"
GOOD_MEMBER = "A0,기준,서울,종로구,,,,,"  # Excel row 2 of every members file below


def _members(*rows: str, header: str = MEMBERS_HEADER) -> bytes:
    return "\n".join([header, GOOD_MEMBER, *rows, ""]).encode()


def _validate_members(*rows: str, header: str = MEMBERS_HEADER):
    return validate_members(read_table(_members(*rows, header=header), "members", file_name="m.csv"))


def _one(problems, code):
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, [(p.code, p.row) for p in problems]
    return found[0]


# ----------------------------------------------------------------------------
# cell parsers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-10-23", "2024-10-23"),
        ("2024.10.23", "2024-10-23"),
        ("2024.10.23.", "2024-10-23"),
        ("2024. 10. 23.", "2024-10-23"),
        ("2024/10/23", "2024-10-23"),
        ("20241023", "2024-10-23"),
        ("2024년 10월 23일", "2024-10-23"),
        ("2024-10-23 13:45", "2024-10-23"),
        ("2024-10", "2024-10-01"),
        ("2024", "2024-01-01"),
    ],
)
def test_parse_dates_accepted_formats(text, expected):
    dates, bad = parse_dates(pd.Series([text], dtype=object))
    assert dates.dt.strftime("%Y-%m-%d").tolist() == [expected]
    assert bad.tolist() == [False]


@pytest.mark.parametrize("text", ["2024-02-30", "2024-13-01", "어제", "10/23/2024", "24-10-23"])
def test_parse_dates_bad(text):
    dates, bad = parse_dates(pd.Series([text], dtype=object))
    assert dates.isna().all()
    assert bad.tolist() == [True]


def test_parse_dates_empty_is_not_bad():
    dates, bad = parse_dates(pd.Series([None], dtype=object))
    assert dates.isna().all() and bad.tolist() == [False]


def test_parse_numbers():
    values = pd.Series(["1,234", "1 234", "12명", "3.5", None, "열둘", "-2"], dtype=object)
    numbers, bad = parse_numbers(values)
    assert numbers.tolist()[:4] == [1234.0, 1234.0, 12.0, 3.5]
    assert pd.isna(numbers[4]) and pd.isna(numbers[5])
    assert numbers[6] == -2.0
    assert bad.tolist() == [False, False, False, False, False, True, False]


def test_parse_numbers_scale():
    numbers, _ = parse_numbers(pd.Series(["1.5", "2"], dtype=object), scale=1e6)
    assert numbers.tolist() == [1_500_000.0, 2_000_000.0]


def test_split_tags():
    tags = split_tags(pd.Series(["금형, 도금;금형 | 용접\n열처리", None, " ; "], dtype=object))
    assert tags.tolist() == ["금형;도금;용접;열처리", None, None]


# ----------------------------------------------------------------------------
# members: one bad row after one good row


@pytest.mark.parametrize(
    ("row", "code", "column", "value"),
    [
        (",빈ID,서울,종로구,,,,,", "missing_value", "회원번호", None),
        ("A1,,서울,종로구,,,,,", "missing_value", "회사명", None),
        ("A1,가,,,10.0,10.0,,,", "coordinates_outside_korea", "위도", "10.0"),
        ("A1,가,서울,종로구,37.5,,,,", "coordinates_incomplete", "위도", "37.5"),
        ("A1,가,서울,없는구,,,,,", "unknown_region", "시군구", "없는구"),
        ("A1,가,,중구,,,,,", "ambiguous_region", "시군구", "중구"),
        ("A1,가,서울,종로구,,,,-3,", "negative_number", "종업원수", "-3"),
        ("A1,가,서울,종로구,,,,12.5,", "not_integer", "종업원수", "12.5"),
        ("A1,가,서울,종로구,,,,열둘,", "bad_number", "종업원수", "열둘"),
        ("A1,가,서울,종로구,,,,,2024-02-30", "bad_date", "설립일", "2024-02-30"),
        ("A1,가,서울,종로구,,,,,어제", "bad_date", "설립일", "어제"),
        ("A1,가,서울,종로구,,,,,1850", "date_out_of_range", "설립일", "1850"),
        ("A1,가,서울,종로구,,,2x,,", "bad_industry", "업종코드", "2x"),
    ],
)
def test_validate_members_rejects_bad_row(row, code, column, value):
    valid, rejected, problems = _validate_members(row)
    problem = _one(problems, code)
    assert (problem.severity, problem.row, problem.column, problem.value, problem.file) == (
        "error", 3, column, value, "m.csv")
    assert valid["member_id"].tolist() == ["A0"]
    assert rejected["row"].tolist() == [3]


def test_validate_members_duplicate_id_names_first_row():
    valid, _rejected, problems = _validate_members("A1,가,서울,종로구,,,,,", "A1,나,서울,종로구,,,,,")
    problem = _one(problems, "duplicate_id")
    assert (problem.row, problem.column, problem.value, dict(problem.params)) == (4, "회원번호", "A1", {"first_row": 3})
    assert problem.message("ko") == "중복된 ID입니다 (처음 나온 행: 3)"
    assert valid[["member_id", "name"]].values.tolist() == [["A0", "기준"], ["A1", "가"]]


def test_validate_members_ambiguous_region_lists_candidates():
    _, _, problems = _validate_members("A1,가,,중구,,,,,")
    candidates = dict(_one(problems, "ambiguous_region").params)["candidates"]
    assert "서울특별시 중구" in candidates and "부산광역시 중구" in candidates


def test_validate_members_old_region_name_kept_with_todays_code():
    valid, rejected, problems = _validate_members("A1,가,인천,남구,,,,,")
    problem = _one(problems, "old_region_name")
    assert (problem.severity, problem.row, problem.column, problem.value) == ("warning", 3, "시군구", "남구")
    assert rejected.empty
    row = valid.set_index("member_id").loc["A1"]
    assert (row["sido_code"], row["sido"], row["sigungu_code"], row["sigungu"]) == ("28", "인천광역시", "28177", "미추홀구")


def test_validate_members_swapped_coordinates_corrected():
    valid, _, problems = _validate_members("A1,가,,,126.978,37.5665,,,")
    problem = _one(problems, "coordinates_swapped")
    assert (problem.severity, problem.row, problem.column) == ("warning", 3, "위도")
    row = valid.set_index("member_id").loc["A1"]
    assert (row["lat"], row["lon"]) == (37.5665, 126.978)
    assert row["sigungu_code"] == "11140"  # 서울 중구 (서울시청)


def test_validate_members_region_from_coordinates_when_text_missing():
    valid, _, problems = _validate_members("A1,가,,,37.5665,126.978,,,")
    assert [p for p in problems if p.severity == "error"] == []
    row = valid.set_index("member_id").loc["A1"]
    assert (row["sido_code"], row["sigungu_code"], row["sigungu"]) == ("11", "11140", "중구")


def test_validate_members_region_from_coordinates_when_text_fails():
    valid, _, problems = _validate_members("A1,가,서울,없는구,37.5665,126.978,,,")
    assert _one(problems, "region_from_coordinates").severity == "warning"
    assert valid.set_index("member_id").loc["A1", "sigungu_code"] == "11140"


def test_validate_members_typed_values():
    valid, rejected, _problems = _validate_members(
        "A1,가,경기,수원시 영통구,,,,12명,2024.10.23",
        "A2,나,부산,해운대구,,,,\"1,200\",1998",
    )
    assert rejected.empty
    valid = valid.set_index("member_id")
    assert valid.loc["A1", "employees"] == 12
    assert str(valid["employees"].dtype) == "Int64"
    assert valid.loc["A1", "founded"] == pd.Timestamp("2024-10-23")
    assert valid.loc["A2", "employees"] == 1200
    assert valid.loc["A2", "founded"] == pd.Timestamp("1998-01-01")
    assert valid.loc["A1", "sigungu_code"] == "41117"
    assert valid.loc["A2", "sigungu_code"] == "26350"


def test_validate_members_founded_date_formats():
    written = ["2024-10-23", "2024.10.23", "2024. 10. 23.", "20241023", "2024년 10월 23일", "2024-10", "2024"]
    valid, rejected, problems = _validate_members(*(f"A{i},가,서울,종로구,,,,,{text}" for i, text in enumerate(written, 1)))
    assert problems == [] and rejected.empty
    assert valid["founded"].dt.strftime("%Y-%m-%d").tolist()[1:] == [
        "2024-10-23", "2024-10-23", "2024-10-23", "2024-10-23", "2024-10-23", "2024-10-01", "2024-01-01"]


@pytest.mark.parametrize(("code", "industry", "name"), [
    ("C25", "25", "금속가공제품"), ("25", "25", "금속가공제품"), ("c 25", "25", "금속가공제품"),
    ("C2511", "2511", "금속가공제품"), ("20", "20", "화학물질·화학제품"),
])
def test_validate_members_ksic_code_normalised_and_named(code, industry, name):
    valid, rejected, problems = _validate_members(f"A1,가,서울,종로구,,,{code},,")
    assert [p.code for p in problems] == []
    assert rejected.empty
    row = valid.set_index("member_id").loc["A1"]
    assert row["industry"] == industry
    assert row["industry_name"] == name


def test_validate_members_industry_name_given_is_kept():
    valid, _, problems = _validate_members("A1,가,서울,종로구,,,25,,금형", header=MEMBERS_HEADER.replace("설립일", "업종"))
    assert [p.code for p in problems] == []
    assert valid.set_index("member_id").loc["A1", "industry_name"] == "금형"


def test_validate_members_unknown_ksic_division_is_warning():
    valid, rejected, problems = _validate_members("A1,가,서울,종로구,,,04,,")
    problem = _one(problems, "unknown_industry")
    assert (problem.severity, problem.row, problem.column, problem.value) == ("warning", 3, "업종코드", "04")
    assert rejected.empty
    assert "A1" in valid["member_id"].tolist()


@pytest.mark.parametrize(("header", "cell", "expected"),
                         [("매출액(백만원)", "1.5", 1_500_000.0), ("매출액(억원)", "2", 200_000_000.0),
                          ("매출액", "\"1,234원\"", 1234.0), ("매출액 (천원)", "7", 7000.0)])
def test_validate_members_revenue_scaled_by_header_unit(header, cell, expected):
    raw = read_table(f"회원번호,회사명,{header}\nA1,가,{cell}\n".encode(), "members")
    valid, _, _ = validate_members(raw)
    assert valid.loc[0, "revenue_krw"] == pytest.approx(expected)


def test_validate_members_unknown_column_kept_in_output():
    valid, _, problems = _validate_members("A1,가,서울,종로구,,,,,,메모", header=MEMBERS_HEADER + ",비고")
    assert valid.set_index("member_id").loc["A1", "비고"] == "메모"
    assert _one(problems, "unknown_column").severity == "warning"


def test_validate_members_without_location_columns_warns_once():
    valid, _, problems = validate_members(read_table("회원번호,회사명\nA,가\n".encode(), "members"))
    assert [p.code for p in problems] == ["missing_location"]
    assert valid["sigungu_code"].isna().all()


def test_validate_members_only_row_with_unknown_region():
    valid, rejected, problems = validate_members(read_table(
        "회원번호,회사명,시도,시군구\nA1,가,서울,없는구\n".encode(), "members"))
    assert [p.code for p in problems] == ["unknown_region"]
    assert valid.empty and rejected["row"].tolist() == [2]


def test_validate_members_only_row_with_sido_only():
    valid, _, problems = validate_members(read_table("회원번호,회사명,시도,시군구\nA1,가,서울,\n".encode(), "members"))
    assert [(p.code, p.severity) for p in problems] == [("sido_only", "warning")]
    assert valid.loc[0, "sido_code"] == "11"
    assert pd.isna(valid.loc[0, "sigungu_code"])


def test_validate_members_of_no_rows():
    """A table of no rows (``read_table`` refuses a header-only file, so the table is emptied here)."""
    raw = read_table(_members("A1,가,인천,남구,126.978,37.5665,C25,12,2024.10.23"), "members")
    valid, rejected, problems = validate_members(dataclasses.replace(raw, df=raw.df.iloc[0:0]))
    assert valid.empty and rejected.empty and problems == []


def test_validate_members_does_not_change_raw_table():
    raw = read_table(_members("A1,가,인천,남구,126.978,37.5665,C25,12,2024.10.23"), "members")
    before = raw.df.copy()
    validate_members(raw)
    pd.testing.assert_frame_equal(raw.df, before)


# ----------------------------------------------------------------------------
# rejected rows and the report


@pytest.fixture
def members_with_bad_rows() -> Dataset:
    text = "\n".join([
        "2024 회원 명단",                          # row 1: title
        "회원번호,회사명,시도,시군구,종업원수,비고",  # row 2: header
        "A,가나,서울,종로구,5,",                    # row 3
        "A,중복,서울,종로구,1,",                    # row 4: duplicate id
        "B,,서울,없는구,x,메모",                    # row 5: missing name + unknown region + bad number
        "C,다라,인천,남구,7,",                      # row 6: old name (warning)
        "",
    ])
    return load_dataset({"members": text.encode("cp949")})


def test_rejected_table_columns_then_original_cells(members_with_bad_rows):
    rejected = members_with_bad_rows.report.rejected_table("members")
    assert list(rejected.columns) == ["row", "member_id", "column", "value", "reason",
                                      "회원번호", "회사명", "시도", "시군구", "종업원수", "비고"]
    assert rejected["row"].tolist() == [4, 5, 5, 5]
    assert rejected["member_id"].tolist() == ["A", "B", "B", "B"]
    assert set(rejected.loc[rejected["row"] == 5, "column"]) == {"회사명", "시군구", "종업원수"}
    assert rejected.loc[0, "reason"] == "중복된 ID입니다 (처음 나온 행: 3)"
    assert rejected.loc[1, "비고"] == "메모"


def test_rejected_table_in_english(members_with_bad_rows):
    rejected = members_with_bad_rows.report.rejected_table("members", language="en")
    assert rejected.loc[0, "reason"] == "Duplicate ID (first seen in row 3)"


def test_rejected_table_of_clean_table_is_empty_with_columns(members_with_bad_rows):
    empty = members_with_bad_rows.report.rejected_table("visits")
    assert empty.empty and list(empty.columns) == ["row", "visit_id", "column", "value", "reason"]


def test_nothing_is_lost(members_with_bad_rows):
    ds = members_with_bad_rows
    counts = ds.report.counts["members"]
    assert counts == {"read": 4, "valid": 2, "rejected": 2}
    rejected_rows = ds.report.rejected_table("members")["row"].nunique()
    assert len(ds.members) + rejected_rows == counts["read"]
    assert ds.members["source_row"].tolist() == [3, 6]
    assert ds.report.n_rejected == 2


def test_report_errors_warnings_and_table(members_with_bad_rows):
    report = members_with_bad_rows.report
    assert isinstance(report, ValidationReport)
    assert sorted(p.code for p in report.errors()) == ["bad_number", "duplicate_id", "missing_value", "unknown_region"]
    assert sorted(p.code for p in report.warnings()) == ["old_region_name", "unknown_column"]
    table = report.table(language="en")
    assert list(table.columns) == PROBLEM_COLUMNS
    assert table["row"].tolist() == [2, 4, 5, 5, 5, 6]  # file order, then Excel row
    assert table.loc[table["code"] == "duplicate_id", "message"].item() == "Duplicate ID (first seen in row 3)"


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_message_is_filled_in(members_with_bad_rows, language):
    for problem in members_with_bad_rows.report.problems:
        message = problem.message(language)
        assert message and "{" not in message, (problem.code, message)


def test_dataset_tables_not_given_are_empty_with_columns(members_with_bad_rows):
    tables = members_with_bad_rows.tables()
    assert list(tables) == ["members", "partnerships", "visits", "offices", "attendance", "difficulties"]
    assert tables["partnerships"].empty
    assert list(tables["attendance"].columns) == ["visit_id", "member_id", "source_row"]
    assert list(tables["difficulties"].columns) == ["difficulty_id", "visit_id", "member_id", "category", "text",
                                                    "status", "resolved", "source_row"]
    assert {"source_id", "target_id", "weight"} <= set(tables["partnerships"].columns)
    assert {"visit_id", "date", "sigungu_code"} <= set(tables["visits"].columns)


# ----------------------------------------------------------------------------
# partnerships

MEMBERS_ABC = "회원번호,회사명,시도,시군구\nA,가,서울,종로구\nB,나,서울,강남구\nC,다,부산,해운대구\n"


def _partnerships(*rows: str, members: str | None = MEMBERS_ABC) -> Dataset:
    text = "\n".join(["기업1,기업2,유형,시작일,가중치", *rows, ""])
    sources = {"partnerships": text.encode()}
    if members is not None:
        sources["members"] = members.encode()
    return load_dataset(sources)


@pytest.mark.parametrize(
    ("row", "code", "column", "value"),
    [
        ("A,Z,,,", "unknown_member", "기업2", "Z"),
        ("Z,A,,,", "unknown_member", "기업1", "Z"),
        ("A,A,,,", "self_partnership", "기업2", "A"),
        ("A,C,,,0", "not_positive", "가중치", "0"),
        ("A,C,,,-1", "not_positive", "가중치", "-1"),
        ("A,C,,,많음", "bad_number", "가중치", "많음"),
        (",C,,,", "missing_value", "기업1", None),
        ("A,C,,2024-02-30,", "bad_date", "시작일", "2024-02-30"),
    ],
)
def test_validate_partnerships_rejects_bad_row(row, code, column, value):
    ds = _partnerships("A,B,,,", row)
    problem = _one(ds.report.problems, code)
    assert (problem.severity, problem.row, problem.column, problem.value, problem.file) == (
        "error", 3, column, value, "partnerships.csv")
    assert ds.partnerships[["source_id", "target_id"]].values.tolist() == [["A", "B"]]
    assert ds.report.counts["partnerships"] == {"read": 2, "valid": 1, "rejected": 1}


def test_validate_partnerships_member_rejected_in_members_file():
    members = MEMBERS_ABC + "X,,서울,종로구\n"  # row 5: no name
    ds = _partnerships("A,X,,,", members=members)
    problem = _one(ds.report.problems, "rejected_member")
    assert (problem.severity, problem.row, problem.column, problem.value, dict(problem.params)) == (
        "error", 2, "기업2", "X", {"member_row": 5})
    assert problem.message("en") == "This member was rejected in the members file: X (row 5)"
    assert ds.partnerships.empty


def test_validate_partnerships_duplicate_id_member_still_valid():
    # B is valid (row 3) even though a second B was rejected (row 5)
    ds = _partnerships("A,B,,,", members=MEMBERS_ABC + "B,중복,서울,종로구\n")
    assert [p.code for p in ds.report.problems] == ["duplicate_id"]
    assert [p.code for p in ds.report.problems if p.file == "partnerships.csv"] == []


def test_validate_partnerships_duplicate_pair_merged():
    ds = _partnerships("A,B,공동개발,2021-05-01,1", "B,A,납품,2019-03-01,2", "C,B,,,")
    problem = _one(ds.report.problems, "duplicate_partnership")
    assert (problem.severity, problem.row, problem.column, dict(problem.params)) == (
        "warning", 3, "기업2", {"first_row": 2})
    merged = ds.partnerships.set_index("source_row")
    assert merged.loc[2, ["source_id", "target_id", "kind", "weight"]].tolist() == ["A", "B", "공동개발;납품", 3.0]
    assert merged.loc[2, "started"] == pd.Timestamp("2019-03-01")
    assert merged.loc[4, "weight"] == 1.0  # empty weight means 1
    assert ds.report.counts["partnerships"] == {"read": 3, "valid": 2, "rejected": 0}


def test_validate_partnerships_same_kind_not_repeated():
    ds = _partnerships("A,B,납품,,", "A,B,납품,,")
    assert ds.partnerships[["kind", "weight"]].values.tolist() == [["납품", 2.0]]


def test_validate_partnerships_without_members_skips_member_check():
    raw = read_table("source_id,target_id\nA,Z\n".encode(), "partnerships")
    valid, rejected, problems = validate_partnerships(raw)
    assert problems == [] and rejected.empty
    assert valid[["source_id", "target_id", "weight"]].values.tolist() == [["A", "Z", 1.0]]


def test_validate_partnerships_nothing_lost_except_merged():
    ds = _partnerships("A,B,,,", "B,A,,,", "A,A,,,", "A,Z,,,", "A,C,,,0")
    counts = ds.report.counts["partnerships"]
    merged = len([p for p in ds.report.problems if p.code == "duplicate_partnership"])
    assert counts["valid"] + counts["rejected"] + merged == counts["read"] == 5


# ----------------------------------------------------------------------------
# visits and offices

VISITS_HEADER = "방문번호,일자,시도,시군구,지부,참석기업,참석자수,애로사항"
OFFICES = "지부코드,지부명,시도,시군구\nS1,서울지부,서울,중구\n"


def _visits(*rows: str, members: str | None = MEMBERS_ABC, offices: str | None = None) -> Dataset:
    sources = {"visits": "\n".join([VISITS_HEADER, *rows, ""]).encode()}
    if members is not None:
        sources["members"] = members.encode()
    if offices is not None:
        sources["offices"] = offices.encode()
    return load_dataset(sources)


def _attendees(ds: Dataset, visit: str) -> str:
    """The members attending ``visit``, ``;``-joined (as a visits file writes them)."""
    return ";".join(ds.attendance.loc[ds.attendance["visit_id"] == visit, "member_id"])


def _categories(ds: Dataset, visit: str) -> str:
    """The categories of the difficulties raised at ``visit``, ``;``-joined in the order written."""
    return ";".join(ds.difficulties.loc[ds.difficulties["visit_id"] == visit, "category"])


def test_validate_visits_unknown_attendee_dropped():
    ds = _visits("V1,2024-10-23,서울,종로구,,A;Z;B,,")
    problem = _one(ds.report.problems, "unknown_attendee")
    assert (problem.severity, problem.row, problem.column, problem.value) == ("warning", 2, "참석기업", "Z")
    assert [[_attendees(ds, "V1"), ds.visits.loc[0, "participants"]]] == [["A;B", 2]]


def test_validate_visits_participants_raised_to_attendees():
    ds = _visits("V1,2024-10-23,서울,종로구,,A;B;C,1,")
    problem = _one(ds.report.problems, "participants_below_attendees")
    assert (problem.severity, problem.row, problem.column, problem.value, dict(problem.params)) == (
        "warning", 2, "참석자수", "1", {"attendees": 3})
    assert ds.visits.loc[0, "participants"] == 3


def test_validate_visits_participants_filled_or_kept():
    ds = _visits("V1,2024-10-23,서울,종로구,,A;B,,", "V2,2024-10-24,서울,종로구,,A,40명,")
    assert ds.visits["participants"].tolist() == [2, 40]
    assert str(ds.visits["participants"].dtype) == "Int64"
    assert ds.report.problems == ()


def test_validate_visits_without_attendees_is_valid():
    ds = _visits("V1,2024-10-23,서울,종로구,,,,", "V2,2024-10-24,서울,종로구,,A,,")
    assert ds.visits[["visit_id", "participants"]].values.tolist() == [["V1", 0], ["V2", 1]]
    assert ds.report.problems == ()


def test_validate_visits_without_attendees_or_members_table():
    ds = _visits("V1,2024-10-23,서울,종로구,,,12,", members=None)
    assert ds.visits[["visit_id", "participants"]].values.tolist() == [["V1", 12]]


@pytest.mark.parametrize(("written", "expected"), [
    ("판로", "판로·수출"), ("원자재", "원자재·물류"), ("자금; 인력", "자금;인력"), ("R&D", "기술"),
    ("판로/수출", "판로·수출"),
])
def test_validate_visits_difficulty_aliases(written, expected):
    ds = _visits(f'V1,2024-10-23,서울,종로구,,,,"{written}"')
    assert _categories(ds, "V1") == expected
    assert [p.code for p in ds.report.problems] == []


def test_validate_visits_unknown_difficulty_kept_with_warning():
    ds = _visits("V1,2024-10-23,서울,종로구,,,,판로;날씨")
    problem = _one(ds.report.problems, "unknown_issue_category")
    assert (problem.severity, problem.row, problem.column, problem.value) == ("warning", 2, "애로사항", "날씨")
    assert _categories(ds, "V1") == "판로·수출;날씨"
    assert "자금" in problem.message("ko")


def test_validate_visits_unknown_office_warns_when_offices_given():
    ds = _visits("V1,2024-10-23,서울,종로구,서울지부,,,", "V2,2024-10-23,서울,종로구,S1,,,",
                 "V3,2024-10-23,서울,종로구,없는지부,,,", offices=OFFICES)
    problem = _one(ds.report.problems, "unknown_office")
    assert (problem.severity, problem.row, problem.column, problem.value) == ("warning", 4, "지부", "없는지부")
    assert len(ds.visits) == 3


def test_validate_visits_office_not_checked_without_offices():
    ds = _visits("V1,2024-10-23,서울,종로구,없는지부,,,", members=None)
    assert ds.report.problems == ()


@pytest.mark.parametrize(("row", "code", "column"), [
    ("V1,,서울,종로구,,,,", "missing_value", "일자"),
    ("V1,2024-02-30,서울,종로구,,,,", "bad_date", "일자"),
    ("V1,2024-10-23,서울,종로구,,,-5,", "negative_number", "참석자수"),
])
def test_validate_visits_rejects_bad_row(row, code, column):
    ds = _visits("V0,2024-10-23,서울,종로구,,,,", row, members=None)
    problem = _one(ds.report.problems, code)
    assert (problem.severity, problem.row, problem.column) == ("error", 3, column)
    assert ds.visits["visit_id"].tolist() == ["V0"]


def test_validate_visits_direct_with_member_ids():
    raw = read_table("방문번호,일자,참석기업\nV1,2024-10-23,A;Z\n".encode(), "visits")
    result = validate_visits(raw, member_ids={"A"})
    assert ";".join(result.attendance["member_id"]) == "A"
    assert result.visits["participants"].isna().all()  # as written; raised once all attendees are known
    assert [p.code for p in result.problems] == ["missing_location", "unknown_attendee"]


def test_validate_offices():
    raw = read_table("지부코드,지부명,시도,시군구\nS1,서울지부,서울,중구\nS1,중복,부산,중구\n".encode(), "offices")
    valid, _rejected, problems = validate_offices(raw)
    assert valid[["office_id", "sigungu_code"]].values.tolist() == [["S1", "11140"]]
    assert [(p.code, p.row) for p in problems] == [("duplicate_id", 3)]


def test_validate_dataset_from_raw_tables_orders_problems_by_file():
    raws = {
        "visits": read_table("방문번호,일자\nV1,어제\n".encode(), "visits", file_name="v.csv"),
        "members": read_table("회원번호,회사명\nA,\n".encode(), "members", file_name="m.csv"),
    }
    ds = validate_dataset(raws)
    assert [(p.file, p.code) for p in ds.report.problems if p.severity == "error"] == [
        ("m.csv", "missing_value"), ("v.csv", "bad_date")]
    assert ds.files == {"visits": "v.csv", "members": "m.csv"}


# ----------------------------------------------------------------------------
# whole columns: a text that many rows share gives every row what it gives one row alone

SHARED_ROWS = [  # 시도, 시군구, 위도, 경도, 업종코드, 종업원수, 설립일
    ("서울", "종로구", "", "", "25", "12", "2024-10-23"),
    ("인천", "남구", "", "", "C25", "12명", "2024.10.23"),            # old name (warning)
    ("", "중구", "", "", "", "", ""),                                 # ambiguous
    ("서울", "없는구", "", "", "", "", ""),                             # unknown
    ("충청북두", "", "", "", "", "", ""),                               # unknown, with a suggestion
    ("경기", "수원시", "", "", "99", "1,234", "2024년 3월"),           # city only; unknown division
    ("경기도", "", "", "", "", "", ""),                                 # 시도 only
    ("서울", "종로구", "37.5665", "126.978", "", "", ""),             # point in 중구: mismatch warning
    ("인천", "남구", "127.0", "37.5", "", "", ""),                    # swapped coordinates
    ("", "", "37.5665", "126.978", "", "", ""),                       # the point only
    ("서울", "종로구", "", "", "2x", "x", "어제"),                     # bad industry, number, date
    ("서울", "종로구", "", "", "", "-3", "1850"),                      # negative; date out of range
    ("", "", "", "", "", "", ""),                                     # no location at all
]


def _problems_by_row(problems) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = {}
    for p in problems:
        out.setdefault(p.row, []).append((p.code, p.severity, p.column, p.value, p.params))
    return out


def test_validate_members_shared_texts_give_each_row_its_own_result():
    order = [(i * 5) % len(SHARED_ROWS) for i in range(4 * len(SHARED_ROWS))]  # each row 4 times, mixed
    lines = [",".join([f"M{k}", "회사", *SHARED_ROWS[v]]) for k, v in enumerate(order)]
    valid, rejected, problems = _validate_members(*lines)
    by_row = _problems_by_row(problems)
    valid = valid.set_index("source_row")
    columns = ["sido_code", "sido", "sigungu_code", "sigungu", "lat", "lon", "industry", "employees", "founded"]
    for k, v in enumerate(order):
        alone_valid, _, alone_problems = _validate_members(",".join(["M", "회사", *SHARED_ROWS[v]]))
        row = k + 3  # Excel row: header, the good first member, then these
        assert by_row.get(row, []) == _problems_by_row(alone_problems).get(3, []), (row, SHARED_ROWS[v])
        alone_valid = alone_valid.set_index("source_row")
        assert (row in valid.index) == (3 in alone_valid.index)
        if row in valid.index:
            pd.testing.assert_series_equal(valid.loc[row, columns], alone_valid.loc[3, columns], check_names=False)
    assert rejected["row"].nunique() == sum(1 for v in order if not _validate_members(
        ",".join(["M", "회사", *SHARED_ROWS[v]]))[1].empty)


def test_parsers_on_repeated_values_equal_one_value_at_a_time():
    numbers = ["1,234", "12명", "x", None, np.nan, "3.5", " 7 ", "-2", "1e3"]
    dates = ["2024.10.23", "20241023", "2024년 3월", "어제", None, "2024-02-30", "2024", np.nan, "2024-10-23 13:45"]
    tags = ["금형, 도금;금형", None, " ; ", np.nan, pd.NA, "a|b\nc", "a|b\nc"]
    for values, parse in ((numbers, parse_numbers), (dates, parse_dates)):
        series = pd.Series([values[(i * 4) % len(values)] for i in range(5 * len(values))], dtype=object)
        together = parse(series)
        alone = [parse(series.iloc[[i]]) for i in range(len(series))]
        for k, result in enumerate(together):
            pd.testing.assert_series_equal(result, pd.concat([a[k] for a in alone]))
    series = pd.Series(tags * 3, dtype=object)
    assert split_tags(series).tolist() == [split_tags(pd.Series([v], dtype=object)).iloc[0] for v in series]
    assert split_tags(series).tolist()[:5] == ["금형;도금", None, None, None, "<NA>"]


def test_validate_partnerships_many_repeats_merge_in_row_order():
    ds = _partnerships("A,B,공동개발,2021-05-01,0.1", "B,A,납품,2019-03-01,0.2", "C,B,,,", "A,B,,,0.3",
                       "B,A,납품;수출,2020-01-01,", "B,C,위탁,2018-07-01,2")
    merged = ds.partnerships.set_index("source_row")
    assert merged.loc[2, "weight"] == ((0.1 + 0.2) + 0.3) + 1.0  # added row by row, in order
    assert merged.loc[2, "kind"] == "공동개발;납품;수출"
    assert merged.loc[2, "started"] == pd.Timestamp("2019-03-01")
    assert merged.loc[4, ["kind", "weight", "started"]].tolist() == ["위탁", 3.0, pd.Timestamp("2018-07-01")]
    duplicates = [(p.row, p.value, dict(p.params)) for p in ds.report.problems if p.code == "duplicate_partnership"]
    assert duplicates == [(3, "B–A", {"first_row": 2}), (5, "A–B", {"first_row": 2}), (6, "B–A", {"first_row": 2}),
                          (7, "B–C", {"first_row": 4})]


def test_validate_partnerships_many_rejected_and_unknown_members_name_their_rows():
    members = MEMBERS_ABC + "X,,서울,종로구\nY,,서울,종로구\n"  # rows 5 and 6: no name
    rows = ["A,X,,,", "Y,B,,,", "A,Z,,,", "X,Y,,,", "Z,X,,,", "A,B,,,"] * 3
    ds = _partnerships(*rows, members=members)
    found = [(p.row, p.code, p.column, p.value, dict(p.params)) for p in ds.report.problems
             if p.file == "partnerships.csv" and p.code in ("rejected_member", "unknown_member")]
    expected = []
    for k, row in enumerate(rows):
        source, target = row.split(",")[:2]
        for column, member in (("기업1", source), ("기업2", target)):
            if member in ("X", "Y"):
                expected.append((k + 2, "rejected_member", column, member, {"member_row": 5 if member == "X" else 6}))
            elif member == "Z":
                expected.append((k + 2, "unknown_member", column, member, {}))
    assert sorted(found, key=lambda p: (p[0], p[2])) == sorted(expected, key=lambda p: (p[0], p[2]))
    rejected = ds.report.rejected_table("partnerships")
    assert sorted(set(rejected["row"])) == [k + 2 for k, row in enumerate(rows) if row != "A,B,,,"]
    assert rejected.loc[rejected["row"] == 3, ["source_id", "기업1", "기업2"]].values.tolist()[0] == ["Y", "Y", "B"]


def test_a_difficulties_file_may_say_how_far_each_got_and_when_it_was_resolved():
    from network.dataset import load_dataset

    ds = load_dataset({
        "visits": "방문번호,일자,시군구\nV1,2025-03-04,서울 종로구\n".encode(),
        "difficulties": ("애로번호,방문번호,애로유형,애로내용,처리상태,처리일\n"
                         "D1,V1,자금,운전자금,처리완료,2025-03-20\n"
                         "D2,V1,인력,채용난,진행중,\n"
                         "D3,V1,기술,인증,보류,\n"
                         "D4,V1,규제,인허가,,\n").encode()})
    d = ds.difficulties.set_index("difficulty_id")
    assert d["status"].to_dict() == {"D1": "해결", "D2": "조치중", "D3": None, "D4": None}
    assert str(d.loc["D1", "resolved"])[:10] == "2025-03-20" and d["resolved"].iloc[1:].isna().all()
    [problem] = [p for p in ds.report.problems if p.code == "unknown_status"]
    assert (problem.row, problem.column, problem.value, problem.severity) == (4, "처리상태", "보류", "warning")
    assert "접수, 검토, 조치중, 해결, 이관, 종결" in problem.message()


def test_summary_folds_repeats_and_keeps_errors_first():
    from network.errors import Problem
    from network.validate import ValidationReport

    problems = (
        *[Problem("sido_only", file="m.csv", row=r, column="주소", value="경기도", severity="warning") for r in range(2, 9)],
        Problem("unknown_region", file="m.csv", row=9, column="주소", value="없는시"),
        Problem("sido_only", file="m.csv", row=10, column="주소", value="강원도", severity="warning"),
    )
    summary = ValidationReport(problems=problems).summary(language="en")
    assert summary[["severity", "count", "first_rows"]].values.tolist() == [
        ["error", 1, "9"], ["warning", 7, "2, 3, 4, 5, 6, …"], ["warning", 1, "10"]]
    assert summary["value"].tolist() == ["없는시", "경기도", "강원도"]
    assert ValidationReport(problems=()).summary().empty
