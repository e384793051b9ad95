"""Tests for network.fieldwork's recorded field work: with_records, the difficulty queue and the dashboards.

Pure pandas: a small imported data set and hand-built :class:`RecordTables` (the store side is
``tests/test_records.py``).  Every expected number is counted by hand in the comments.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from network import fieldwork
from network.dataset import load_dataset
from network.fieldwork import RecordTables

MEMBERS = ("회원번호,회사명,연합회,시도,시군구\n"
           "A1,서울가,서울,서울,종로구\n"
           "A2,서울나,서울,서울,중구\n"
           "B1,부산가,부산,부산,중구\n")
VISITS = ("방문번호,일자,프로그램,시도,시군구,지역본부\n"
          "V1,2026-01-05,간담회,서울,종로구,서울본부\n"
          "V2,2026-02-10,방문상담,부산,중구,부산본부\n")
ATTENDANCE = "방문번호,회원번호\nV1,A1\nV1,A2\nV2,B1\n"
DIFFICULTIES = ("애로번호,방문번호,회원번호,애로유형,애로내용\n"
                "D1,V1,A1,자금,운전자금이 모자랍니다\n"
                "D2,V2,B1,인력,사람을 구하기 어렵습니다\n")
TODAY = dt.date(2026, 4, 1)


def _utc(text: str | None) -> pd.Timestamp:
    """A moment at 03:00 UTC (noon in Korea): the same calendar day wherever it is read."""
    return pd.Timestamp(f"{text} 03:00", tz="UTC") if text else pd.NaT


def _recorded_difficulty(number: int, member_id: str, category: str, status: str, raised: str, due: str, *,
                         visit_id: str | None = None, member_name: str | None = None,
                         federation: str | None = None, first_response: str | None = None,
                         closed: str | None = None, import_key: str | None = None) -> dict:
    return {"difficulty_id": f"RD-{number:06d}", "visit_id": visit_id, "member_id": member_id, "category": category,
            "text": f"기록 {number}", "source_row": None, "member_name": member_name, "federation": federation,
            "channel": "방문" if visit_id else "전화", "urgency": "보통", "status": status, "owner": "kim",
            "raised_on": pd.Timestamp(raised), "due": pd.Timestamp(due), "referred_to": None,
            "close_reason": None, "first_response_at": _utc(first_response), "closed_at": _utc(closed),
            "created_by": "kim", "updated_at": _utc(raised), "record_version": 2, "import_key": import_key,
            "recorded": True}


def _records() -> RecordTables:
    visits = pd.DataFrame([{
        "visit_id": "RV-000001", "date": pd.Timestamp("2026-03-02"), "program": "현장상담회", "sido": "경기도",
        "sigungu": "수원시 영통구", "address": "수원시 영통구", "lat": np.nan, "lon": np.nan, "office": "경기본부",
        "participants": 4, "sido_code": "41", "sigungu_code": "41117", "source_row": None, "notes": "",
        "created_by": "kim", "updated_at": _utc("2026-03-02"), "record_version": 1}],
        columns=list(fieldwork.RECORDED_VISIT_COLUMNS))
    attendance = pd.DataFrame({"visit_id": ["RV-000001"], "member_id": ["A2"], "member_name": ["서울나"],
                               "source_row": pd.array([None], dtype="Int64")})
    difficulties = pd.DataFrame([
        # overdue (due 03-16 < 04-01); a note answered it on 03-06 (4 days)
        _recorded_difficulty(1, "A2", "자금", "접수", "2026-03-02", "2026-03-16", visit_id="RV-000001",
                             member_name="서울나", federation="서울", first_response="2026-03-06"),
        # open, due later; answered after 2 days
        _recorded_difficulty(2, "A1", "인력", "조치중", "2026-03-20", "2026-04-19", member_name="서울가",
                             federation="서울", first_response="2026-03-22"),
        # a firm that left the member list: its stored name and federation; answered after 2, solved after 10 days
        _recorded_difficulty(3, "ZZ", "규제", "해결", "2026-03-01", "2026-04-15", visit_id="RV-000001",
                             member_name="떠난회사", federation="서울", first_response="2026-03-03",
                             closed="2026-03-11"),
        # the imported D2, taken up in the app: overdue (due 03-12); answered after 5 days
        _recorded_difficulty(4, "B1", "인력", "검토", "2026-02-10", "2026-03-12", visit_id="V2",
                             member_name="부산가", federation="부산", first_response="2026-02-15",
                             import_key="D2"),
    ], columns=list(fieldwork.RECORDED_DIFFICULTY_COLUMNS))
    guests = pd.DataFrame({"visit_id": ["RV-000001"], "name": ["홍길동"], "place": ["수원시 영통구"],
                           "sigungu_code": ["41117"], "sigungu": ["수원시 영통구"]})
    return RecordTables(visits=visits, attendance=attendance, difficulties=difficulties, guests=guests, stamp=9)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset({"members": MEMBERS.encode(), "visits": VISITS.encode(), "attendance": ATTENDANCE.encode(),
                         "difficulties": DIFFICULTIES.encode()})


@pytest.fixture(scope="module")
def merged(dataset):
    return fieldwork.with_records(dataset, _records())


@pytest.fixture(scope="module")
def queue(merged):
    return fieldwork.difficulty_queue(merged, today=TODAY)


def _plain(values: pd.Series) -> list:
    """The values with every kind of missing value as ``None``."""
    return [None if pd.isna(v) else v for v in values]


def _sido(dataset, member_id: str) -> str:
    return dataset.members.set_index("member_id").loc[member_id, "sido"]


# --- with_records -----------------------------------------------------------------------------------

def test_with_records_adds_recorded_visits_and_attendance(dataset, merged):
    assert merged.visits["visit_id"].tolist() == ["V1", "V2", "RV-000001"]
    assert merged.visits["recorded"].tolist() == [False, False, True]
    assert merged.visits["date"].tolist() == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-02-10"),
                                              pd.Timestamp("2026-03-02")]
    assert merged.attendance[["visit_id", "member_id"]].values.tolist() == [
        ["V1", "A1"], ["V1", "A2"], ["V2", "B1"], ["RV-000001", "A2"]]
    assert list(merged.attendance.columns) == list(dataset.attendance.columns)
    assert merged.members is dataset.members and merged.partnerships is dataset.partnerships


def test_with_records_gives_imported_difficulties_the_follow_up_columns(merged):
    d = merged.difficulties
    assert list(d.columns) == list(fieldwork.RECORDED_DIFFICULTY_COLUMNS)
    d1 = d[d["difficulty_id"] == "D1"].iloc[0]
    assert (d1["status"], d1["raised_on"], d1["import_key"], d1["member_name"], d1["federation"], d1["recorded"],
            d1["record_version"]) == ("이력", pd.Timestamp("2026-01-05"), "D1", "서울가", "서울", False, 0)
    assert pd.isna(d1["due"]) and pd.isna(d1["first_response_at"]) and pd.isna(d1["closed_at"])


def test_an_adopted_imported_difficulty_is_replaced_by_its_record(merged):
    d = merged.difficulties
    # D1 imported + 4 recorded; the imported D2 is not there twice (its record RD-000004 continues it)
    assert d["difficulty_id"].tolist() == ["D1", "RD-000001", "RD-000002", "RD-000003", "RD-000004"]
    assert _plain(d["import_key"]) == ["D1", None, None, None, "D2"]
    assert d["recorded"].tolist() == [False, True, True, True, True]
    assert d["record_version"].tolist() == [0, 2, 2, 2, 2]
    assert str(d["first_response_at"].dt.tz) == "UTC" and str(d["raised_on"].dtype) == "datetime64[ns]"


def test_with_records_of_no_records_keeps_the_imported_rows(dataset):
    merged = fieldwork.with_records(dataset, RecordTables.empty())
    assert merged.visits["visit_id"].tolist() == ["V1", "V2"] and not merged.visits["recorded"].any()
    assert merged.difficulties["difficulty_id"].tolist() == ["D1", "D2"]
    assert merged.difficulties["status"].tolist() == ["이력", "이력"]
    assert merged.difficulties["raised_on"].tolist() == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-02-10")]


def test_with_records_does_not_change_its_inputs(dataset):
    before = {name: frame.copy(deep=True) for name, frame in dataset.tables().items()}
    records = _records()
    recorded_before = records.difficulties.copy(deep=True)
    fieldwork.with_records(dataset, records)
    for name, frame in dataset.tables().items():
        pd.testing.assert_frame_equal(frame, before[name])
    pd.testing.assert_frame_equal(records.difficulties, recorded_before)


# --- the queue --------------------------------------------------------------------------------------

def test_the_queue_puts_overdue_first_then_open_then_the_rest_each_by_due_date(queue):
    # overdue: RD4 (due 03-12), RD1 (due 03-16); open: RD2 (due 04-19); closed/history: RD3 (04-15), D1 (none)
    assert queue["difficulty_id"].tolist() == ["RD-000004", "RD-000001", "RD-000002", "RD-000003", "D1"]
    assert queue["overdue"].tolist() == [True, True, False, False, False]
    assert list(queue.columns) == list(fieldwork.QUEUE_COLUMNS)


def test_days_open_runs_to_today_or_to_the_day_it_was_closed(queue):
    # RD4 02-10→04-01: 18 + 31 + 1 = 50; RD1 03-02→04-01: 30; RD2 03-20→04-01: 12;
    # RD3 closed 03-11, raised 03-01: 10; D1 (history, never closed) 01-05→04-01: 26 + 28 + 31 + 1 = 86
    assert queue["days_open"].tolist() == [50, 30, 12, 10, 86]


def test_the_queue_says_where_each_firm_is_and_which_office_held_the_visit(dataset, queue):
    q = queue.set_index("difficulty_id")
    # the office of the visit: RD4 at V2, RD1 and RD3 at RV-000001, D1 at V1; RD2 came by phone
    assert dict(zip(q.index, _plain(q["office"]))) == {
        "RD-000004": "부산본부", "RD-000001": "경기본부", "RD-000002": None, "RD-000003": "경기본부", "D1": "서울본부"}
    # a member's 시도/시군구 come from the member list; a firm that left gets its visit's
    assert q.loc["RD-000001", ["sido", "sigungu"]].tolist() == [_sido(dataset, "A2"), "중구"]
    assert q.loc["RD-000004", ["sido", "sigungu"]].tolist() == [_sido(dataset, "B1"), "중구"]
    assert q.loc["RD-000003", ["sido", "sigungu"]].tolist() == ["경기도", "수원시 영통구"]


def test_a_firm_that_left_the_list_keeps_its_stored_name_and_federation(queue):
    q = queue.set_index("difficulty_id")
    assert q.loc["RD-000003", ["in_members", "member_name", "federation"]].tolist() == [False, "떠난회사", "서울"]
    assert q.drop(index="RD-000003")["in_members"].all()


@pytest.mark.parametrize(("options", "expected"), [
    ({}, ["RD-000004", "RD-000001", "RD-000002", "RD-000003", "D1"]),
    ({"statuses": ("접수",)}, ["RD-000001"]),
    ({"statuses": ("해결", "이력")}, ["RD-000003", "D1"]),
    ({"categories": ("인력",)}, ["RD-000004", "RD-000002"]),
    ({"office": "경기본부"}, ["RD-000001", "RD-000003"]),
    ({"sido": "경기도"}, ["RD-000003"]),
    ({"sigungu": "종로구"}, ["RD-000002", "D1"]),
    ({"federation": "서울"}, ["RD-000001", "RD-000002", "RD-000003", "D1"]),  # RD3 by its stored federation
    ({"federation": "부산"}, ["RD-000004"]),
    ({"overdue_only": True}, ["RD-000004", "RD-000001"]),
    ({"open_only": True}, ["RD-000004", "RD-000001", "RD-000002"]),
    ({"categories": ("자금",), "open_only": True}, ["RD-000001"]),
    ({"office": "없는본부"}, []),
])
def test_queue_filters(merged, options, expected):
    assert fieldwork.difficulty_queue(merged, today=TODAY, **options)["difficulty_id"].tolist() == expected


def test_queue_filter_on_sido_and_sigungu_together(dataset, merged):
    chosen = fieldwork.difficulty_queue(merged, today=TODAY, sido=_sido(dataset, "A2"), sigungu="중구")
    assert chosen["difficulty_id"].tolist() == ["RD-000001"]  # 서울 중구, not 부산 중구


def test_overdue_depends_on_the_day(merged):
    # on 03-14 only RD4 (due 03-12) is late; RD1 is due on 03-16
    early = fieldwork.difficulty_queue(merged, today=dt.date(2026, 3, 14))
    assert early.loc[early["overdue"], "difficulty_id"].tolist() == ["RD-000004"]
    # due today is not overdue
    on_the_day = fieldwork.difficulty_queue(merged, today=dt.date(2026, 3, 12))
    assert not on_the_day["overdue"].any()


def test_the_queue_needs_the_follow_up_columns(dataset):
    with pytest.raises(ValueError, match="with_records"):
        fieldwork.difficulty_queue(dataset)


def test_member_difficulties_newest_first(queue):
    assert fieldwork.member_difficulties(queue, "A1")["difficulty_id"].tolist() == ["RD-000002", "D1"]
    assert fieldwork.member_difficulties(queue, "nobody").empty


# --- dashboards -------------------------------------------------------------------------------------

def test_response_times_by_office(queue):
    table = fieldwork.response_times(queue, "office")
    # only the recorded ones: "-" RD2 (2 days); 경기본부 RD1 (4) and RD3 (2, solved after 10); 부산본부 RD4 (5)
    assert list(table.columns) == ["office", "difficulties", "responded", "median_days_to_response", "resolved",
                                   "median_days_to_resolution"]
    assert table["office"].tolist() == ["-", "경기본부", "부산본부"]
    assert table["difficulties"].tolist() == [1, 2, 1]
    assert table["responded"].tolist() == [1, 2, 1]
    assert table["median_days_to_response"].tolist() == [2.0, 3.0, 5.0]
    assert table["resolved"].tolist() == [0, 1, 0]
    assert table["median_days_to_resolution"].iloc[1] == 10.0
    assert table["median_days_to_resolution"].iloc[[0, 2]].isna().all()


def test_response_times_by_category(queue):
    table = fieldwork.response_times(queue, "category")
    # 규제: RD3 (2 days, solved after 10); 인력: RD2 (2) and RD4 (5) → 3.5; 자금: RD1 (4)
    assert table["category"].tolist() == ["규제", "인력", "자금"]
    assert table["difficulties"].tolist() == [1, 2, 1]
    assert table["median_days_to_response"].tolist() == [2.0, 3.5, 4.0]
    assert table["resolved"].tolist() == [1, 0, 0]
    assert table["median_days_to_resolution"].iloc[0] == 10.0


def test_response_times_count_unanswered_ones_but_not_in_the_median():
    q = pd.DataFrame({
        "category": ["자금", "자금", "자금", "자금"], "recorded": [True, True, True, False],
        "raised_on": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-01-10", "2026-01-01"]),
        # answered after 1 and 9 days, one not yet; the imported one has no dates
        "first_response_at": [_utc("2026-01-02"), _utc("2026-01-10"), pd.NaT, pd.NaT],
        # solved after 20 days; the third was closed (종결) the day it came in: 0 days
        "closed_at": [_utc("2026-01-21"), pd.NaT, _utc("2026-01-10"), pd.NaT],
        "status": ["해결", "조치중", "종결", "이력"]})
    assert fieldwork.response_times(q, "category").values.tolist() == [["자금", 3, 2, 5.0, 2, 10.0]]


def test_category_region_counts_by_sido(dataset, queue):
    table = fieldwork.category_region_counts(queue)
    seoul, busan = _sido(dataset, "A1"), _sido(dataset, "B1")
    rows = {(r.sido, r.category): (r.open, r.resolved, r.history, r.total) for r in table.itertuples()}
    # RD3 (경기도, 규제, 해결); RD4 (부산, 인력, 검토); RD2 (서울, 인력, 조치중); RD1 (서울, 자금, 접수) + D1 (이력)
    assert rows == {("경기도", "규제"): (0, 1, 0, 1), (busan, "인력"): (1, 0, 0, 1), (seoul, "인력"): (1, 0, 0, 1),
                    (seoul, "자금"): (1, 0, 1, 2)}
    assert list(table.columns) == ["sido", "category", "open", "resolved", "history", "total"]


def test_category_region_counts_by_sigungu(dataset, queue):
    table = fieldwork.category_region_counts(queue, level="sigungu")
    seoul, busan = _sido(dataset, "A1"), _sido(dataset, "B1")
    rows = {(r.sido, r.sigungu, r.category): (r.open, r.resolved, r.history) for r in table.itertuples()}
    assert rows == {("경기도", "수원시 영통구", "규제"): (0, 1, 0), (busan, "중구", "인력"): (1, 0, 0),
                    (seoul, "종로구", "인력"): (1, 0, 0), (seoul, "종로구", "자금"): (0, 0, 1),
                    (seoul, "중구", "자금"): (1, 0, 0)}


def test_category_region_counts_put_unknown_regions_under_a_dash():
    q = pd.DataFrame({"sido": [None, "서울"], "category": ["자금", "자금"], "status": ["종결", "이관"]})
    assert fieldwork.category_region_counts(q).values.tolist() == [["-", "자금", 0, 1, 0, 1],
                                                                 ["서울", "자금", 0, 1, 0, 1]]


def test_category_region_counts_refuse_an_unknown_level(queue):
    with pytest.raises(ValueError):
        fieldwork.category_region_counts(queue, level="dong")


def test_monthly_trend_of_the_queue(queue):
    table = fieldwork.monthly_trend(queue)
    # D1 01-05 자금; RD4 02-10 인력; RD3 03-01 규제, RD1 03-02 자금, RD2 03-20 인력
    assert table.values.tolist() == [["2026-01", 0, 0, 1], ["2026-02", 0, 1, 0], ["2026-03", 1, 1, 1]]
    assert list(table.columns) == ["month", "규제", "인력", "자금"]


def test_monthly_trend_fills_months_without_any_across_a_year_end():
    q = pd.DataFrame({"raised_on": pd.to_datetime(["2025-11-03", "2026-02-01", "2026-02-28", None]),
                      "category": ["자금", "인력", "자금", "기술"]})
    assert fieldwork.monthly_trend(q).values.tolist() == [["2025-11", 0, 1], ["2025-12", 0, 0], ["2026-01", 0, 0],
                                                          ["2026-02", 1, 1]]


def test_monthly_trend_of_nothing():
    table = fieldwork.monthly_trend(pd.DataFrame({"raised_on": pd.to_datetime([]), "category": []}))
    assert table.empty and list(table.columns) == ["month"]


def test_growing_categories_compare_the_last_months_with_the_months_before():
    # today 06-15, 3 months: recent 03-15 … 06-15 (both ends in), before 12-15 … 03-14
    q = pd.DataFrame({"raised_on": pd.to_datetime([
        "2026-04-01", "2026-05-01", "2026-06-15", "2026-01-10",   # 자금: 3 recent, 1 before
        "2026-03-15", "2025-12-15", "2026-03-14",                 # 인력: 1 recent, 2 before
        "2026-04-02", "2026-06-01",                               # 기술: 2 recent, 0 before
        "2025-12-14", "2026-06-16"]),                             # 규제: too early, after today
        "category": ["자금"] * 4 + ["인력"] * 3 + ["기술"] * 2 + ["규제"] * 2})
    table = fieldwork.growing_categories(q, today=dt.date(2026, 6, 15))
    assert list(table.columns) == ["category", "recent", "before", "change", "growth"]
    # by change (2, 2, -1), then by recent (3 before 2)
    assert table[["category", "recent", "before", "change"]].values.tolist() == [
        ["자금", 3, 1, 2], ["기술", 2, 0, 2], ["인력", 1, 2, -1]]
    assert table["growth"].iloc[0] == 2.0 and np.isnan(table["growth"].iloc[1]) and table["growth"].iloc[2] == -0.5


def test_growing_categories_over_other_spans():
    q = pd.DataFrame({"raised_on": pd.to_datetime(["2026-05-20", "2026-04-20", "2026-04-10"]),
                      "category": ["자금", "자금", "인력"]})
    # one month: recent 05-15 … 06-15, before 04-15 … 05-14
    table = fieldwork.growing_categories(q, today=dt.date(2026, 6, 15), months=1)
    assert table[["category", "recent", "before", "change"]].values.tolist() == [["자금", 1, 1, 0]]


def test_the_dashboards_of_an_empty_queue(queue):
    empty = queue.iloc[0:0]
    assert fieldwork.response_times(empty, "office").empty
    assert list(fieldwork.response_times(empty, "office").columns)[0] == "office"
    assert fieldwork.category_region_counts(empty).empty
    assert fieldwork.monthly_trend(empty).empty
    assert fieldwork.growing_categories(empty, today=TODAY).empty
    # only imported history: nothing was followed up in the app
    assert fieldwork.response_times(queue[~queue["recorded"]], "category").empty


def test_the_dashboards_do_not_change_the_queue(queue):
    before = queue.copy(deep=True)
    fieldwork.response_times(queue, "office")
    fieldwork.category_region_counts(queue, level="sigungu")
    fieldwork.monthly_trend(queue)
    fieldwork.growing_categories(queue, today=TODAY)
    fieldwork.member_difficulties(queue, "A1")
    pd.testing.assert_frame_equal(queue, before)


def test_imported_statuses_and_resolution_days_come_through_and_none_is_history():
    from network.dataset import load_dataset

    ds = load_dataset({
        "members": "회원번호,회사명,시도,시군구\nA1,가나,서울,종로구\n".encode(),
        "visits": "방문번호,일자,시군구,지역본부\nV1,2025-03-04,서울 종로구,서울본부\n".encode(),
        "difficulties": ("애로번호,방문번호,회원번호,애로유형,애로내용,처리상태,처리일\n"
                         "D1,V1,A1,자금,운전자금,해결,2025-03-20\nD2,V1,A1,인력,채용난,조치중,\n"
                         "D3,V1,A1,기술,인증,,\n").encode()})
    empty = RecordTables.empty()
    merged = fieldwork.with_records(ds, empty).difficulties.set_index("difficulty_id")
    assert merged["status"].to_dict() == {"D1": "해결", "D2": "조치중", "D3": "이력"}
    assert merged.loc["D1", "closed_at"].tz_convert("Asia/Seoul").date() == dt.date(2025, 3, 20)
    assert merged.loc[["D2", "D3"], "closed_at"].isna().all()
    queue = fieldwork.difficulty_queue(fieldwork.with_records(ds, empty), today=dt.date(2025, 4, 1), open_only=True)
    assert queue["difficulty_id"].tolist() == ["D2"]


def test_with_records_on_a_data_set_without_visits():
    """A members-only data set (no visits, so no dates to look up) gets the follow-up columns, not an error."""
    from network.dataset import load_dataset

    ds = load_dataset({"members": "회원번호,회사명\nA,가\n".encode()})
    merged = fieldwork.with_records(ds, RecordTables.empty())
    assert merged.difficulties.empty and str(merged.difficulties["raised_on"].dtype) == "datetime64[ns]"
