"""Tests for network.dataset: the six tables validated together, attendance and difficulties from any source."""

from __future__ import annotations

import pandas as pd
import pytest

from network.cli.check import write_outputs
from network.dataset import Dataset, load_dataset

MEMBERS = "회원번호,회사명,시도,시군구\nA,가나정밀,서울,종로구\nB,다라전자,서울,중구\nC,마바화학,경기,수원시 영통구\n"
VISITS = ("방문번호,일자,프로그램,시도,시군구,참석기업,참석자수,애로사항\n"
          "V1,2025-03-04,간담회,서울,종로구,A;B,12,판로;자금\n"         # row 2: a session
          "V2,2025-03-05,방문상담,경기,수원시 영통구,C,1,인력\n"          # row 3: one firm, one participant
          "V3,2025-03-06,간담회,서울,중구,,,\n")                         # row 4: nobody listed yet
DIFFICULTIES = ("애로번호,방문번호,회원번호,애로유형,애로내용\n"
                "D1,V1,A,판로,수출 바이어를 찾기 어렵다\n"                 # row 2
                "D2,V1,,원자재,원자재 가격 상승\n"                          # row 3: raiser not known
                "D3,V9,B,자금,운전자금 부족\n"                              # row 4: unknown visit → rejected
                "D4,V3,Z,규제,인증 절차가 길다\n"                           # row 5: unknown member → kept, raiser empty
                "D5,V3,B,,\n"                                                # row 6: nothing said → rejected
                "D6,V3,B,날씨,장마로 납기 지연\n")                          # row 7: unknown category, kept


def _load(**files: str) -> Dataset:
    return load_dataset({table: text.encode() for table, text in files.items()})


def _problems(ds: Dataset, code: str) -> list[tuple]:
    return [(p.file, p.row, p.column, p.value, p.severity) for p in ds.report.problems if p.code == code]


def test_visit_cells_become_attendance_and_difficulties():
    ds = _load(members=MEMBERS, visits=VISITS)
    assert "member_ids" not in ds.visits.columns and "issues" not in ds.visits.columns
    assert ds.attendance[["visit_id", "member_id", "source_row"]].values.tolist() == [
        ["V1", "A", 2], ["V1", "B", 2], ["V2", "C", 3]]
    assert ds.difficulties[["difficulty_id", "visit_id", "member_id", "category", "text"]].values.tolist() == [
        ["V1#1", "V1", None, "판로·수출", "판로"],
        ["V1#2", "V1", None, "자금", "자금"],
        ["V2#1", "V2", "C", "인력", "인력"],   # the only participant was C: the difficulty is C's
    ]
    assert ds.visits["participants"].tolist() == [12, 1, 0]
    assert ds.report.problems == ()


def test_difficulties_file_with_korean_headers():
    ds = _load(members=MEMBERS, visits=VISITS, difficulties=DIFFICULTIES)
    own = ds.difficulties[ds.difficulties["difficulty_id"].str.startswith("D")]
    assert own[["difficulty_id", "visit_id", "member_id", "category", "text"]].values.tolist() == [
        ["D1", "V1", "A", "판로·수출", "수출 바이어를 찾기 어렵다"],
        ["D2", "V1", None, "원자재·물류", "원자재 가격 상승"],
        ["D4", "V3", None, "규제", "인증 절차가 길다"],
        ["D6", "V3", "B", "날씨", "장마로 납기 지연"],
    ]
    assert _problems(ds, "unknown_visit") == [("difficulties.csv", 4, "방문번호", "V9", "error")]
    assert _problems(ds, "unknown_raiser") == [("difficulties.csv", 5, "회원번호", "Z", "warning")]
    assert _problems(ds, "no_difficulty") == [("difficulties.csv", 6, "애로내용", None, "error")]
    assert _problems(ds, "unknown_issue_category") == [("difficulties.csv", 7, "애로유형", "날씨", "warning")]
    assert ds.report.counts["difficulties"] == {"read": 6, "valid": 4, "rejected": 2}
    rejected = ds.report.rejected_table("difficulties")
    assert rejected[["row", "difficulty_id", "column"]].values.tolist() == [[4, "D3", "방문번호"], [6, "D5", "애로내용"]]
    assert rejected["value"].iloc[0] == "V9" and pd.isna(rejected["value"].iloc[1])
    assert rejected["애로내용"].iloc[0] == "운전자금 부족"  # the original cells are kept


def test_a_difficulties_file_replaces_the_cell_of_the_visits_it_covers():
    ds = _load(members=MEMBERS, visits=VISITS, difficulties=DIFFICULTIES)
    assert set(ds.difficulties.loc[ds.difficulties["visit_id"] == "V1", "difficulty_id"]) == {"D1", "D2"}
    assert ds.difficulties.loc[ds.difficulties["visit_id"] == "V2", "difficulty_id"].tolist() == ["V2#1"]
    assert _problems(ds, "difficulties_given_twice") == [("visits.csv", 2, "애로사항", "V1", "warning")]
    assert "V1" in ds.report.problems[0].message("ko") or any(
        "애로사항 파일" in p.message("ko") for p in ds.report.problems if p.code == "difficulties_given_twice")


def test_who_raised_a_difficulty_attended_its_visit():
    ds = _load(members=MEMBERS, visits=VISITS, difficulties=DIFFICULTIES)
    v3 = ds.attendance.loc[ds.attendance["visit_id"] == "V3", "member_id"].tolist()
    assert v3 == ["B"]                                    # B raised D6 at V3
    assert ds.visits.set_index("visit_id").loc["V3", "participants"] == 1
    assert _problems(ds, "participants_below_attendees") == []  # V3's participants were empty, not too few


def test_attendance_file_adds_attendees_and_raises_participants():
    attendance = "방문번호,회원번호\nV1,C\nV1,A\nV9,A\nV2,Q\n"
    ds = _load(members=MEMBERS, visits=VISITS.replace(",12,", ",2,"), attendance=attendance)
    assert ds.attendance.loc[ds.attendance["visit_id"] == "V1", "member_id"].tolist() == ["A", "B", "C"]
    assert _problems(ds, "duplicate_attendance") == []  # V1/A is in the visits file's cell, not twice in this file
    assert _problems(ds, "unknown_visit") == [("attendance.csv", 4, "방문번호", "V9", "error")]
    assert _problems(ds, "unknown_member") == [("attendance.csv", 5, "회원번호", "Q", "error")]
    assert _problems(ds, "participants_below_attendees") == [("visits.csv", 2, "참석자수", "2", "warning")]
    assert ds.visits.set_index("visit_id").loc["V1", "participants"] == 3


def test_attendance_at_a_rejected_visit_names_its_row():
    visits = VISITS + "V4,어제,간담회,서울,종로구,,,\n"
    ds = _load(members=MEMBERS, visits=visits, attendance="방문번호,회원번호\nV4,A\n")
    [problem] = [p for p in ds.report.problems if p.code == "rejected_visit"]
    assert (problem.file, problem.row, problem.value) == ("attendance.csv", 2, "V4")
    assert "방문 파일 5행" in problem.message("ko")


def test_written_tables_read_back_the_same(tmp_path):
    first = _load(members=MEMBERS, visits=VISITS, difficulties=DIFFICULTIES)
    write_outputs(first, tmp_path)
    assert {p.name for p in tmp_path.glob("*.csv")} >= {"members.csv", "visits.csv", "attendance.csv",
                                                        "difficulties.csv"}
    again = load_dataset(tmp_path)
    for name in ("visits", "attendance", "difficulties"):
        keep = [c for c in first.tables()[name].columns if c != "source_row"]
        left = first.tables()[name][keep].astype(str).reset_index(drop=True)
        right = again.tables()[name][keep].astype(str).reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, check_dtype=False)
    assert [p.code for p in again.report.problems if p.severity == "error"] == []


def test_sample_attendance_and_difficulties():
    ds = load_dataset("data/sample")
    assert len(ds.attendance) == ds.attendance[["visit_id", "member_id"]].drop_duplicates().shape[0]
    assert set(ds.attendance["visit_id"]) <= set(ds.visits["visit_id"])
    assert set(ds.difficulties["visit_id"]) <= set(ds.visits["visit_id"])
    sessions = ds.visits.loc[ds.visits["program"] != "방문상담", "visit_id"]
    assert ds.difficulties["visit_id"].isin(set(sessions)).sum() == 588  # the README's programme figure
    consultations = ds.difficulties[~ds.difficulties["visit_id"].isin(set(sessions))]
    assert consultations["member_id"].notna().all()  # a one-firm consultation's difficulty is that firm's


@pytest.mark.parametrize("table", ["attendance", "difficulties"])
def test_a_file_of_the_new_tables_without_visits_is_read(table):
    text = {"attendance": "방문번호,회원번호\nV1,A\n", "difficulties": "방문번호,애로유형\nV1,자금\n"}[table]
    ds = _load(members=MEMBERS, **{table: text})
    assert len(ds.tables()[table]) == 1  # nothing to check the visit against: kept


def test_standard_public_data_headers_and_a_second_address_column():
    """소재지도로명주소 / 소재지지번주소 / 시군명 (the public-data standard) are recognised; the 지번 address fills the rows
    whose 도로명 address is empty instead of being dropped."""
    ds = load_dataset({"members": (
        "회원번호,회사명,시군명,소재지도로명주소,소재지지번주소\n"
        "A1,가나,성남시,,경기도 성남시 분당구 정자동 1\n"
        "A2,다라,,(우)46985 부산광역시 사상구 학감대로242,부산광역시 사상구 감전동 138-8\n"
        "A3,마바,,,\n").encode()})
    placed = ds.members.set_index("member_id")
    assert placed.loc["A1", ["sido", "sigungu"]].tolist() == ["경기도", "성남시 분당구"]
    assert placed.loc["A1", "address"] == "경기도 성남시 분당구 정자동 1"
    assert placed.loc["A2", "sigungu"] == "사상구" and placed.loc["A2", "address"].startswith("(우)46985")
    assert [(p.code, p.row) for p in ds.report.problems] == [("no_location", 4)]
