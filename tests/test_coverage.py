"""Tests for network.coverage and ``python -m network coverage``.

The hand-built federation (distances along a meridian, so that every kilometre is
``Δlat × 111.195``; 1° of latitude on the 6,371.0088 km sphere):

============  =======  ====  ========  =========  ===========================================
member        시군구     fed   industry  Δlat       visits in 2025 (window 2025-01-01 – 12-31)
============  =======  ====  ========  =========  ===========================================
a             11110    서울   25        +0.01      v1, v2
b             11110    서울   26        +0.02      v1
c             11110    경기   25        +0.04      –
d             11110    서울   10        +0.10      –
e             11140    서울   25        +0.01      v3
f             11140    경기   26        +0.02      (v5 in 2024: outside the window)
g             11140    서울   25        +0.00      v3
h             26110    부산   25        +0.00      v6
i             26110    부산   10        +0.01      –
j             26110    부산   25        +0.03      –
============  =======  ====  ========  =========  ===========================================

Δlat is measured from the member's office: 서울사무소 sits on 서울 중구's representative
point, 부산사무소 on 부산 중구's.  ``_members(g_located=False)`` drops g's coordinates: placed
at 중구's representative point, every number stays the same.  v4 (부산 중구, 2025-12-31) has
no attendees.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import network
from network import coverage, export, regions
from network.cli import main
from network.coverage import Window
from network.dataset import load_dataset
from tests.conftest import split_visits

REPO = Path(network.__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "data" / "sample"

JONGNO, SEOUL_JUNG, BUSAN_JUNG = "11110", "11140", "26110"
SEOUL_OFFICE = (37.55795, 126.99294)  # 서울 중구's representative point
BUSAN_OFFICE = (35.10611, 129.03070)  # 부산 중구's representative point
KM_PER_DEGREE = 6371.0088 * math.pi / 180  # 111.195 km


def _members(*, g_located: bool = True) -> pd.DataFrame:
    rows = [
        # id, sigungu, federation, industry, office, Δlat (None: no coordinates)
        ("a", JONGNO, "서울", "25", SEOUL_OFFICE, 0.01),
        ("b", JONGNO, "서울", "26", SEOUL_OFFICE, 0.02),
        ("c", JONGNO, "경기", "25", SEOUL_OFFICE, 0.04),
        ("d", JONGNO, "서울", "10", SEOUL_OFFICE, 0.10),
        ("e", SEOUL_JUNG, "서울", "25", SEOUL_OFFICE, 0.01),
        ("f", SEOUL_JUNG, "경기", "26", SEOUL_OFFICE, 0.02),
        ("g", SEOUL_JUNG, "서울", "25", SEOUL_OFFICE, 0.00 if g_located else None),
        ("h", BUSAN_JUNG, "부산", "25", BUSAN_OFFICE, 0.00),
        ("i", BUSAN_JUNG, "부산", "10", BUSAN_OFFICE, 0.01),
        ("j", BUSAN_JUNG, "부산", "25", BUSAN_OFFICE, 0.03),
    ]
    sido = {"11": "서울특별시", "26": "부산광역시"}
    gu = {JONGNO: "종로구", SEOUL_JUNG: "중구", BUSAN_JUNG: "중구"}
    return pd.DataFrame({
        "member_id": [r[0] for r in rows],
        "name": [f"회사{r[0]}" for r in rows],
        "federation": [r[2] for r in rows],
        "sido_code": [r[1][:2] for r in rows],
        "sido": [sido[r[1][:2]] for r in rows],
        "sigungu_code": [r[1] for r in rows],
        "sigungu": [gu[r[1]] for r in rows],
        "industry": [r[3] for r in rows],
        "lat": [np.nan if r[5] is None else r[4][0] + r[5] for r in rows],
        "lon": [np.nan if r[5] is None else r[4][1] for r in rows],
    })


def _visits() -> pd.DataFrame:
    rows = [
        ("v1", "2025-03-10", "간담회", JONGNO, "서울사무소", "a;b", 5, "자금;인력"),
        ("v2", "2025-06-01", "방문상담", JONGNO, "서울사무소", "a", 1, "자금"),
        ("v3", "2025-09-15", "간담회", SEOUL_JUNG, "서울사무소", "e;g", 4, "판로·수출;기술;자금"),
        ("v4", "2025-12-31", "사업설명회", BUSAN_JUNG, "부산사무소", "", 7, "규제"),
        ("v5", "2024-06-01", "간담회", SEOUL_JUNG, "서울사무소", "f", 2, "인력"),
        ("v6", "2025-11-20", "방문상담", BUSAN_JUNG, "부산사무소", "h", 1, ""),
    ]
    return pd.DataFrame({
        "visit_id": [r[0] for r in rows],
        "date": pd.to_datetime([r[1] for r in rows]),
        "program": [r[2] for r in rows],
        "sido_code": [r[3][:2] for r in rows],
        "sigungu_code": [r[3] for r in rows],
        "office": [r[4] for r in rows],
        "member_ids": [r[5] for r in rows],
        "participants": [r[6] for r in rows],
        "issues": [r[7] for r in rows],
    })


def _tables(raw: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The visits of a hand-built visits frame (default :func:`_visits`) and ``{"attendance": …,
    "difficulties": …}``, the keyword arguments that carry who attended and what was raised."""
    visits, attendance, difficulties = split_visits(_visits() if raw is None else raw)
    return visits, {"attendance": attendance, "difficulties": difficulties}


def _offices() -> pd.DataFrame:
    return pd.DataFrame({
        "office_id": ["K1", "K2", "K3"],
        "name": ["서울사무소", "부산사무소", "제주사무소"],
        "lat": [SEOUL_OFFICE[0], BUSAN_OFFICE[0], 33.5],
        "lon": [SEOUL_OFFICE[1], BUSAN_OFFICE[1], 126.5],
    })


@pytest.fixture
def members() -> pd.DataFrame:
    return _members()


@pytest.fixture
def visits() -> pd.DataFrame:
    return _tables()[0]


@pytest.fixture
def field() -> dict[str, pd.DataFrame]:
    return _tables()[1]


@pytest.fixture
def offices() -> pd.DataFrame:
    return _offices()


def _rows(table: pd.DataFrame, key: str) -> pd.DataFrame:
    return table.set_index(key)


# ----------------------------------------------------------------------------
# the window


def test_default_window_is_the_last_12_months_ending_at_the_last_visit(visits):
    window = coverage.time_window(visits)
    assert window == Window(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"))
    assert window.label() == "2025-01-01 – 2025-12-31"


@pytest.mark.parametrize(("kwargs", "start", "end"), [
    ({"months": 3}, "2025-10-01", "2025-12-31"),
    ({"months": None}, "2024-06-01", "2025-12-31"),                     # the whole data
    ({"months": 6, "end": "2025-06-15"}, "2024-12-16", "2025-06-15"),
    ({"start": "2024-01-01", "end": "2025-12-31"}, "2024-01-01", "2025-12-31"),
    ({"start": "2025-07-01"}, "2025-07-01", "2025-12-31"),              # end defaults to the last visit
])
def test_explicit_windows(visits, kwargs, start, end):
    assert coverage.time_window(visits, **kwargs) == Window(pd.Timestamp(start), pd.Timestamp(end))


def test_six_months_ending_at_a_month_end_are_whole_months(visits):
    # the last 6 months up to 30 June are January to June; not from 31 December
    window = coverage.time_window(visits, months=6, end="2025-06-30")
    assert window == Window(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))


def test_window_ends_at_the_last_visit_of_the_data_not_today():
    v = pd.DataFrame({"date": pd.to_datetime(["2020-02-29", "2021-06-15"])})
    assert coverage.time_window(v).label() == "2020-06-16 – 2021-06-15"


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"months": 0}, r"months was 0 but is expected to be at least 1"),
    ({"months": -3}, r"months was -3 but is expected to be at least 1"),
    ({"start": "2025-06-02", "end": "2025-06-01"}, r"starts \(2025-06-02\) after it ends \(2025-06-01\)"),
    ({"start": "2026-01-01"}, r"starts \(2026-01-01\) after it ends \(2025-12-31\)"),
])
def test_bad_windows(visits, kwargs, match):
    with pytest.raises(ValueError, match=match):
        coverage.time_window(visits, **kwargs)


def test_select_visits_keeps_both_ends_and_filters_programmes(visits):
    window = Window(pd.Timestamp("2025-03-10"), pd.Timestamp("2025-09-15"))
    assert coverage.select_visits(visits, window)["visit_id"].tolist() == ["v1", "v2", "v3"]
    assert coverage.select_visits(visits, window, programs=["간담회"])["visit_id"].tolist() == ["v1", "v3"]
    assert coverage.select_visits(visits, window, programs=["없는사업"]).empty


# ----------------------------------------------------------------------------
# per member


def test_member_table_by_hand(members, visits, field, offices):
    t = _rows(coverage.member_coverage_table(members, visits, offices, **field), "member_id")
    assert t.index.tolist() == list("abcdefghij")
    assert t["visited"].tolist() == [True, True, False, False, True, False, True, True, False, False]
    assert t["visits"].tolist() == [2, 1, 0, 0, 1, 0, 1, 1, 0, 0]
    # difficulties raised at the visits each member attended: a = v1 (2) + v2 (1); e, g = v3 (3)
    assert t["difficulties"].tolist() == [3, 2, 0, 0, 3, 0, 3, 0, 0, 0]
    last = t["last_visit"]
    assert last[["a", "b", "e", "g", "h"]].tolist() == pd.to_datetime(
        ["2025-06-01", "2025-03-10", "2025-09-15", "2025-09-15", "2025-11-20"]).tolist()
    assert last[["c", "d", "f", "i", "j"]].isna().all()
    assert t["nearest_office"].tolist() == ["서울사무소"] * 7 + ["부산사무소"] * 3
    assert t["office_km"].tolist() == pytest.approx([1.1, 2.2, 4.4, 11.1, 1.1, 2.2, 0.0, 0.0, 1.1, 3.3])
    assert t["location"].tolist() == ["좌표"] * 10
    assert t.loc["a", ["federation", "sido_code", "sigungu_code", "industry"]].tolist() == ["서울", "11", JONGNO, "25"]


def test_distances_follow_the_haversine_along_a_meridian(members, offices):
    # 0.1° of latitude due north of the office: 11.1195 km, rounded to 0.1 km
    visits, field = _tables()
    t = coverage.member_coverage_table(members, visits, offices, **field)
    assert round(0.10 * KM_PER_DEGREE, 4) == 11.1195
    assert t.set_index("member_id").loc["d", "office_km"] == 11.1


def test_member_without_coordinates_is_placed_at_its_sigungu_centre(visits, field, offices):
    centre = regions.sigungu_table().set_index("sigungu_code").loc[SEOUL_JUNG, ["lat", "lon"]].tolist()
    assert centre == pytest.approx(list(SEOUL_OFFICE))  # so g is 0 km from 서울사무소
    t = coverage.member_coverage_table(_members(g_located=False), visits, offices, **field).set_index("member_id")
    assert t.loc["g", ["location", "nearest_office", "office_km"]].tolist() == ["시군구 중심", "서울사무소", 0.0]
    assert t.loc["e", ["location", "nearest_office", "office_km"]].tolist() == ["좌표", "서울사무소", 1.1]
    # the member's own coordinates: none for g (the 시군구 centre is only for distances)
    assert np.isnan(t.loc["g", "lat"]) and np.isnan(t.loc["g", "lon"])
    assert t.loc["e", ["lat", "lon"]].tolist() == pytest.approx([SEOUL_OFFICE[0] + 0.01, SEOUL_OFFICE[1]])


@pytest.mark.parametrize("level", ["sido", "sigungu"])
def test_region_table_is_the_same_with_a_member_at_its_sigungu_centre(members, visits, field, offices, level):
    located = coverage.region_coverage_table(members, visits, offices, **field, level=level)
    centred = coverage.region_coverage_table(_members(g_located=False), visits, offices, **field, level=level)
    pd.testing.assert_frame_equal(centred, located)


def test_member_without_coordinates_or_known_sigungu_has_no_distance(offices):
    m = pd.DataFrame({"member_id": ["x", "y"], "sigungu_code": ["99999", BUSAN_JUNG],
                      "lat": [np.nan, np.nan], "lon": [np.nan, np.nan]})
    visits, field = _tables()
    t = coverage.member_coverage_table(m, visits, offices, **field).set_index("member_id")
    assert t.loc["x", "location"] == ""
    assert pd.isna(t.loc["x", "nearest_office"])
    assert np.isnan(t.loc["x", "office_km"])
    assert t.loc["y", ["location", "nearest_office", "office_km"]].tolist() == ["시군구 중심", "부산사무소", 0.0]


def test_member_table_without_offices_has_no_distances(members, visits, field):
    t = coverage.member_coverage_table(members, visits, **field)
    assert t["nearest_office"].isna().all()
    assert t["office_km"].isna().all()
    assert t["visits"].sum() == 6


@pytest.mark.parametrize("empty", ["", None, np.nan, ";"])
def test_visit_without_attendees_visits_no_member(empty):
    v = pd.DataFrame({"visit_id": ["v"], "date": pd.to_datetime(["2025-01-01"]), "sido_code": ["26"],
                      "sigungu_code": [BUSAN_JUNG], "member_ids": [empty], "participants": [7], "issues": ["규제"]})
    v, field = _tables(v)
    m = _members()
    assert not coverage.member_coverage_table(m, v, **field)["visited"].any()
    row = _rows(coverage.region_coverage_table(m, v, **field, level="sigungu"), "sigungu_code").loc[BUSAN_JUNG]
    assert row[["members", "visited", "visits", "participants", "difficulties_규제"]].tolist() == [3, 0, 1, 7, 1]


# ----------------------------------------------------------------------------
# per region, by hand

SIGUNGU_BY_HAND = {
    #            members visited visits participants difficulties last visit  days median km
    JONGNO:     (4, 2, 2, 6, 3, "2025-06-01", 213, 3.3),   # (2.2 + 4.4) / 2
    SEOUL_JUNG: (3, 2, 1, 4, 3, "2025-09-15", 107, 1.1),   # v5 is outside the window; g at 0.0 km
    BUSAN_JUNG: (3, 1, 2, 8, 1, "2025-12-31", 0, 1.1),     # v4 has no attendees but counts
}
SIDO_BY_HAND = {
    "11": (7, 4, 3, 10, 6, "2025-09-15", 107, 2.2),        # 0, 1.1, 1.1, [2.2], 2.2, 4.4, 11.1
    "26": (3, 1, 2, 8, 1, "2025-12-31", 0, 1.1),
}
COUNT_COLUMNS = ["members", "visited", "visits", "participants", "difficulties"]


@pytest.mark.parametrize(("level", "expected"), [("sigungu", SIGUNGU_BY_HAND), ("sido", SIDO_BY_HAND)])
def test_region_table_by_hand(members, visits, field, offices, level, expected):
    t = _rows(coverage.region_coverage_table(members, visits, offices, **field, level=level), f"{level}_code")
    for code, (n, visited, n_visits, participants, difficulties, last, days, km) in expected.items():
        row = t.loc[code]
        assert row[COUNT_COLUMNS].tolist() == [n, visited, n_visits, participants, difficulties], code
        assert row["coverage"] == pytest.approx(visited / n)
        assert row["visits_per_100"] == pytest.approx(100 * n_visits / n)
        assert row["last_visit"] == pd.Timestamp(last)
        assert row["days_since_visit"] == days
        assert row["median_office_km"] == pytest.approx(km)
    assert t.attrs["overall_coverage"] == pytest.approx(5 / 10)
    assert t.attrs["window"] == "2025-01-01 – 2025-12-31"
    assert t.attrs["level"] == level


@pytest.mark.parametrize(("level", "code", "expected"), [
    ("sigungu", JONGNO, {"자금": 2, "인력": 1}),
    ("sigungu", SEOUL_JUNG, {"판로·수출": 1, "기술": 1, "자금": 1}),  # v5's 인력 is outside the window
    ("sigungu", BUSAN_JUNG, {"규제": 1}),
    ("sido", "11", {"자금": 3, "인력": 1, "판로·수출": 1, "기술": 1}),
])
def test_difficulties_by_category(members, visits, field, level, code, expected):
    row = _rows(coverage.region_coverage_table(members, visits, **field, level=level), f"{level}_code").loc[code]
    categories = ["자금", "인력", "판로·수출", "기술", "규제", "원자재·물류", "경영일반"]
    assert {c: row[f"difficulties_{c}"] for c in categories} == {c: expected.get(c, 0) for c in categories}
    assert row["difficulties"] == sum(expected.values())


@pytest.mark.parametrize(("level", "visit_region", "member_region", "unchanged"), [
    ("sigungu", BUSAN_JUNG, JONGNO, {"자금": 2, "인력": 1}),
    ("sido", "26", "11", {"자금": 3, "인력": 1, "판로·수출": 1, "기술": 1}),
])
def test_difficulty_counts_in_the_region_of_its_visit_not_of_its_member(members, offices, level, visit_region,
                                                                        member_region, unchanged):
    # a (종로구) and e (서울 중구) attend v7 in 부산 중구: a raises 원자재·물류, someone raises 자금;
    # a also raised 경영일반 at v8 in 부산 중구 in 2024, outside the window (2025-01-01 – 2025-12-31)
    extra = pd.DataFrame({
        "visit_id": ["v7", "v8"], "date": pd.to_datetime(["2025-08-01", "2024-05-01"]),
        "program": ["간담회", "방문상담"], "sido_code": ["26", "26"], "sigungu_code": [BUSAN_JUNG, BUSAN_JUNG],
        "office": ["부산사무소", "부산사무소"], "member_ids": ["a;e", "a"], "participants": [2, 1],
        "issues": ["자금", ""],
    })
    visits, field = _tables(pd.concat([_visits(), extra], ignore_index=True))
    raised_by_a = pd.DataFrame({"difficulty_id": ["v7#a", "v8#a"], "visit_id": ["v7", "v8"], "member_id": ["a", "a"],
                                "category": ["원자재·물류", "경영일반"], "text": ["원자재 값", "후계"]})
    field["difficulties"] = pd.concat([field["difficulties"], raised_by_a], ignore_index=True)
    t = _rows(coverage.region_coverage_table(members, visits, offices, **field, level=level), f"{level}_code")
    categories = ["자금", "인력", "판로·수출", "기술", "규제", "원자재·물류", "경영일반"]
    expected = {
        visit_region: {"규제": 1, "원자재·물류": 1, "자금": 1},  # v4's 규제 and v7's two; not v8's 경영일반
        member_region: unchanged,                            # as without v7: a's 원자재·물류 is not counted here
    }
    for code, counts in expected.items():
        row = t.loc[code]
        assert {c: row[f"difficulties_{c}"] for c in categories} == {c: counts.get(c, 0) for c in categories}, code
        assert row["difficulties"] == sum(counts.values()), code
    assert t["difficulties"].sum() == 6 + 1 + 2  # v1–v4 in the window, v7; nothing from v5 or v8
    assert t["difficulties_경영일반"].sum() == 0


@pytest.mark.parametrize(("level", "n_regions"), [("sido", 16), ("sigungu", 256)])
def test_every_region_is_listed_and_regions_without_members_are_not_ranked(members, visits, field, offices, level,
                                                                           n_regions):
    t = coverage.region_coverage_table(members, visits, offices, **field, level=level)
    assert len(t) == n_regions
    assert t[f"{level}_code"].is_unique
    empty = t[t["members"] == 0]
    assert len(empty) == n_regions - (3 if level == "sigungu" else 2)
    assert empty["rank"].isna().all()
    assert empty["coverage"].isna().all()
    assert empty["shrunk_coverage"].isna().all()
    assert (empty["missing_members"] == 0).all()
    assert (empty["reason"] == "").all()
    assert (empty["visits"] == 0).all()
    assert empty["days_since_visit"].isna().all()
    # ranked regions first, in rank order
    assert t["rank"].head(n_regions - len(empty)).tolist() == list(range(1, n_regions - len(empty) + 1))


def test_regions_differing_no_more_than_chance_all_get_the_overall_rate(members, visits, field, offices):
    # rates 2/4, 2/3, 1/3 around 5/10: Σ n (r − p)² = 0 + 3/36 + 3/36 = 1/6 < (3 − 1) · ¼ expected by chance
    t = _rows(coverage.region_coverage_table(members, visits, offices, **field, level="sigungu"), "sigungu_code")
    ranked = t.loc[[JONGNO, SEOUL_JUNG, BUSAN_JUNG]]
    assert ranked["shrunk_coverage"].tolist() == pytest.approx([0.5, 0.5, 0.5])
    assert ranked["missing_members"].tolist() == [0.0, 0.0, 0.0]
    assert t.attrs["prior_members"] == math.inf
    # ties broken by size, then code
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert coverage.underserved_table(t.reset_index()).empty


def test_reason_in_korean(members, visits, field, offices):
    t = _rows(coverage.region_coverage_table(members, visits, offices, **field, level="sigungu"), "sigungu_code")
    reason = t.loc[JONGNO, "reason"]
    for part in ("회원사 4곳", "50% 방문", "전체 50%", "가장 가까운 지부까지 3 km", "마지막 방문 213일 전"):
        assert part in reason
    assert "기간 중 방문 없음" not in reason
    assert "회원사 3곳 중 67% 방문" in t.loc[SEOUL_JUNG, "reason"]


def test_reason_in_english(members, visits, field, offices):
    t = _rows(coverage.region_coverage_table(members, visits, offices, **field, level="sido", language="en"), "sido_code")
    assert t.loc["11", "reason"] == "7 members, 57% visited vs 50% overall, nearest office 2 km, last visit 107 days ago"
    only_briefings = _rows(coverage.region_coverage_table(members, visits, offices, **field, level="sido", language="en",
                                                          programs=["사업설명회"]), "sido_code")
    assert "no visit in the window" in only_briefings.loc["11", "reason"]


def test_region_without_visit_says_so(members, visits, field, offices):
    t = _rows(coverage.region_coverage_table(members, visits, offices, **field, level="sigungu", programs=["사업설명회"]),
              "sigungu_code")
    assert "기간 중 방문 없음" in t.loc[JONGNO, "reason"]
    assert "마지막 방문" not in t.loc[JONGNO, "reason"]
    assert t.loc[BUSAN_JUNG, "reason"].endswith("마지막 방문 0일 전")


def test_region_table_without_offices(members, visits, field):
    t = _rows(coverage.region_coverage_table(members, visits, **field, level="sigungu"), "sigungu_code")
    assert t.loc[[JONGNO, SEOUL_JUNG, BUSAN_JUNG], "median_office_km"].isna().all()
    assert "km" not in t.loc[JONGNO, "reason"]


# ----------------------------------------------------------------------------
# filters


FILTERS = [
    # (keyword arguments, {sigungu: (members, visited, visits, participants)}, overall coverage)
    ({}, {JONGNO: (4, 2, 2, 6), SEOUL_JUNG: (3, 2, 1, 4), BUSAN_JUNG: (3, 1, 2, 8)}, 5 / 10),
    ({"programs": ["간담회"]}, {JONGNO: (4, 2, 1, 5), SEOUL_JUNG: (3, 2, 1, 4), BUSAN_JUNG: (3, 0, 0, 0)}, 4 / 10),
    ({"programs": ["방문상담", "사업설명회"]},
     {JONGNO: (4, 1, 1, 1), SEOUL_JUNG: (3, 0, 0, 0), BUSAN_JUNG: (3, 1, 2, 8)}, 2 / 10),
    # members filtered; visits held in the region stay
    ({"federation": "서울"}, {JONGNO: (3, 2, 2, 6), SEOUL_JUNG: (2, 2, 1, 4), BUSAN_JUNG: (0, 0, 2, 8)}, 4 / 5),
    ({"federation": "부산"}, {JONGNO: (0, 0, 2, 6), SEOUL_JUNG: (0, 0, 1, 4), BUSAN_JUNG: (3, 1, 2, 8)}, 1 / 3),
    ({"industry": "25"}, {JONGNO: (2, 1, 2, 6), SEOUL_JUNG: (2, 2, 1, 4), BUSAN_JUNG: (2, 1, 2, 8)}, 4 / 6),
    ({"industry": "25999"}, {JONGNO: (2, 1, 2, 6), SEOUL_JUNG: (2, 2, 1, 4), BUSAN_JUNG: (2, 1, 2, 8)}, 4 / 6),
    ({"federation": "서울", "industry": "25"},
     {JONGNO: (1, 1, 2, 6), SEOUL_JUNG: (2, 2, 1, 4), BUSAN_JUNG: (0, 0, 2, 8)}, 3 / 3),
    # an explicit window that takes in v5 (f, 인력) and drops v4, v6 (부산)
    ({"window": Window(pd.Timestamp("2024-01-01"), pd.Timestamp("2025-09-30"))},
     {JONGNO: (4, 2, 2, 6), SEOUL_JUNG: (3, 3, 2, 6), BUSAN_JUNG: (3, 0, 0, 0)}, 5 / 10),
]


@pytest.mark.parametrize(("kwargs", "expected", "overall"), FILTERS)
def test_filters_change_the_counts(members, visits, field, offices, kwargs, expected, overall):
    t = _rows(coverage.region_coverage_table(members, visits, offices, **field, level="sigungu", **kwargs), "sigungu_code")
    got = {code: tuple(t.loc[code, ["members", "visited", "visits", "participants"]]) for code in expected}
    assert got == expected
    assert t.attrs["overall_coverage"] == pytest.approx(overall)
    for code, (n, *_) in expected.items():
        assert pd.isna(t.loc[code, "rank"]) == (n == 0)


def test_explicit_window_is_reported_and_used_for_days_since(members, visits, field, offices):
    window = coverage.time_window(visits, start="2024-01-01", end="2025-09-30")
    t = _rows(coverage.region_coverage_table(members, visits, offices, **field, level="sigungu", window=window),
              "sigungu_code")
    assert t.attrs["window"] == "2024-01-01 – 2025-09-30"
    assert t.loc[SEOUL_JUNG, "difficulties_인력"] == 1
    assert t.loc[SEOUL_JUNG, "days_since_visit"] == 15  # 2025-09-15 → 2025-09-30
    assert pd.isna(t.loc[BUSAN_JUNG, "last_visit"])


@pytest.mark.parametrize("level", ["x", "sgg", "SIDO", ""])
def test_bad_level(members, visits, field, level):
    with pytest.raises(ValueError, match=rf"level was '{level}' but is expected to be in \['sido', 'sigungu'\]"):
        coverage.region_coverage_table(members, visits, **field, level=level)


def test_inputs_are_not_changed(members, visits, field, offices):
    coverage.region_coverage_table(members, visits, offices, **field, level="sido", federation="서울")
    coverage.office_coverage_table(members, visits, offices, **field)
    pd.testing.assert_frame_equal(members, _members())
    expected_visits, expected_field = _tables()
    pd.testing.assert_frame_equal(visits, expected_visits)
    for name, table in field.items():
        pd.testing.assert_frame_equal(table, expected_field[name])
    pd.testing.assert_frame_equal(offices, _offices())


# ----------------------------------------------------------------------------
# the under-served ranking: empirical Bayes


def _counted(counts: dict[str, tuple[int, int]], *,
             date: str = "2025-06-01") -> tuple[pd.DataFrame, pd.DataFrame, dict[str, pd.DataFrame]]:
    """Members without coordinates, ``n`` per 시군구, the first ``k`` of them visited once on ``date``
    (members, visits and the attendance / difficulties keyword arguments, as :func:`_tables`)."""
    m_rows, v_rows = [], []
    for code, (n, k) in counts.items():
        ids = [f"{code}-{i:03d}" for i in range(n)]
        m_rows += [(i, code[:2], code) for i in ids]
        if k:
            v_rows.append((f"v{code}", date, code[:2], code, ";".join(ids[:k]), k))
    m = pd.DataFrame(m_rows, columns=["member_id", "sido_code", "sigungu_code"])
    v = pd.DataFrame(v_rows, columns=["visit_id", "date", "sido_code", "sigungu_code", "member_ids", "participants"])
    v["date"] = pd.to_datetime(v["date"])
    return m, *_tables(v)


def test_shrinkage_by_hand():
    # p = 10/40 = ¼; Σ n (r − p)² = 20·0.15² + 20·0.15² = 0.9; chance: (2 − 1)·p(1 − p) = 0.1875;
    # between-region variance = (0.9 − 0.1875) / (40 − 800/40) = 0.035625;
    # prior strength α + β = 0.1875 / 0.035625 − 1 = 81/19, α = 81/76, β = 243/76;
    # shrunk = (k + α) / (n + 81/19): 233/1844 and 689/1844; missing = 20 · (¼ − 233/1844) = 4560/1844 ≈ 2.47
    m, v, field = _counted({JONGNO: (20, 2), SEOUL_JUNG: (20, 8)})
    t = _rows(coverage.region_coverage_table(m, v, **field, level="sigungu"), "sigungu_code")
    assert t.attrs["overall_coverage"] == pytest.approx(0.25)
    assert t.attrs["prior_members"] == pytest.approx(81 / 19)
    assert t.loc[JONGNO, "shrunk_coverage"] == pytest.approx(233 / 1844)
    assert t.loc[SEOUL_JUNG, "shrunk_coverage"] == pytest.approx(689 / 1844)
    assert t.loc[JONGNO, "missing_members"] == pytest.approx(2.5)  # 2.47 rounded to 0.1
    assert t.loc[SEOUL_JUNG, "missing_members"] == 0.0
    assert t.loc[[JONGNO, SEOUL_JUNG], "rank"].tolist() == [1, 2]
    assert "전체 방문율이면 2곳 더 방문" in t.loc[JONGNO, "reason"]
    assert "회원사 20곳 중 10% 방문 (전체 25%)" in t.loc[JONGNO, "reason"]


def test_prior_is_worth_at_least_one_member():
    # 0/10 and 10/10: between-region variance 0.475 > p(1 − p), so α + β is floored at 1 (α = β = ½)
    m, v, field = _counted({JONGNO: (10, 0), SEOUL_JUNG: (10, 10)})
    t = _rows(coverage.region_coverage_table(m, v, **field, level="sigungu"), "sigungu_code")
    assert t.attrs["prior_members"] == 1.0
    assert t.loc[[JONGNO, SEOUL_JUNG], "shrunk_coverage"].tolist() == pytest.approx([0.5 / 11, 10.5 / 11])


@pytest.fixture
def small_and_large():
    """2 members, none visited; 200 with 5 % visited; 200 with 45 %: overall 100/402 ≈ 25 %."""
    return _counted({JONGNO: (2, 0), SEOUL_JUNG: (200, 10), BUSAN_JUNG: (200, 90)})


def test_small_region_with_nothing_ranks_below_large_region_with_little(small_and_large):
    m, v, field = small_and_large
    t = _rows(coverage.region_coverage_table(m, v, **field, level="sigungu"), "sigungu_code")
    assert t.attrs["overall_coverage"] == pytest.approx(100 / 402)
    assert t.loc[SEOUL_JUNG, "rank"] == 1
    assert t.loc[JONGNO, "rank"] == 2
    assert t.loc[BUSAN_JUNG, "rank"] == 3
    assert t.loc[SEOUL_JUNG, "missing_members"] > 30  # ≈ 200 · (0.249 − 0.05)
    assert t.loc[JONGNO, "missing_members"] < 2 * 100 / 402


def test_shrunk_rates_lie_between_the_raw_rate_and_the_overall_rate(small_and_large):
    m, v, field = small_and_large
    t = _rows(coverage.region_coverage_table(m, v, **field, level="sigungu"), "sigungu_code")
    p = t.attrs["overall_coverage"]
    rows = t.loc[[JONGNO, SEOUL_JUNG, BUSAN_JUNG]]
    low = np.minimum(rows["coverage"], p)
    high = np.maximum(rows["coverage"], p)
    assert ((rows["shrunk_coverage"] >= low) & (rows["shrunk_coverage"] <= high)).all()
    # (k + p·s) / (n + s) moves the fraction s / (n + s) of the way from k/n to p (s: the prior's members)
    s = t.attrs["prior_members"]
    assert 1 <= s < 200
    pulled = (rows["shrunk_coverage"] - rows["coverage"]) / (p - rows["coverage"])
    assert pulled.tolist() == pytest.approx((s / (rows["members"] + s)).tolist())
    assert pulled[JONGNO] > 10 * pulled[SEOUL_JUNG]  # the 2-member region moves most


def test_ranking_follows_missing_members_against_the_formula(small_and_large):
    m, v, field = small_and_large
    t = _rows(coverage.region_coverage_table(m, v, **field, level="sigungu"), "sigungu_code")
    rows = t.loc[[JONGNO, SEOUL_JUNG, BUSAN_JUNG]]
    p = t.attrs["overall_coverage"]
    expected = (rows["members"] * np.clip(p - rows["shrunk_coverage"], 0, None)).round(1)
    assert rows["missing_members"].tolist() == pytest.approx(expected.tolist())
    # the reason of a region with no visit
    assert "기간 중 방문 없음" in rows.loc[JONGNO, "reason"]
    assert "회원사 2곳 중 0% 방문 (전체 25%)" in rows.loc[JONGNO, "reason"]


def test_underserved_table(small_and_large):
    m, v, field = small_and_large
    t = coverage.region_coverage_table(m, v, **field, level="sigungu")
    top = coverage.underserved_table(t)
    assert top["sigungu_code"].tolist() == [SEOUL_JUNG, JONGNO]  # 부산 중구 is above the overall rate
    assert top["rank"].tolist() == [1, 2]
    assert (top["reason"] != "").all()
    assert coverage.underserved_table(t, n=1)["sigungu_code"].tolist() == [SEOUL_JUNG]


def test_single_region_is_not_shrunk():
    m, v, field = _counted({JONGNO: (4, 1)})
    t = _rows(coverage.region_coverage_table(m, v, **field, level="sigungu"), "sigungu_code")
    assert t.loc[JONGNO, "shrunk_coverage"] == pytest.approx(0.25)
    assert t.loc[JONGNO, "missing_members"] == 0.0
    assert t.loc[JONGNO, "rank"] == 1


# ----------------------------------------------------------------------------
# offices


def test_office_table_by_hand(members, visits, field, offices):
    t = _rows(coverage.office_coverage_table(members, visits, offices, **field), "office")
    # lowest coverage first; 제주사무소 is nearest to no member and ran no visit: not listed
    assert t.index.tolist() == ["부산사무소", "서울사무소"]
    assert t["office_id"].tolist() == ["K2", "K1"]
    assert t["members"].tolist() == [3, 7]
    assert t["visited"].tolist() == [1, 4]
    assert t["coverage"].tolist() == pytest.approx([1 / 3, 4 / 7])
    assert t["median_km"].tolist() == pytest.approx([1.1, 2.2])
    assert t["visits_run"].tolist() == [2, 3]  # v5 (서울, 2024) is outside the window


def test_an_office_without_members_is_listed_when_it_ran_visits(members, visits, field, offices):
    v = visits.assign(office=["제주사무소"] * len(visits))
    t = _rows(coverage.office_coverage_table(members, v, offices, **field), "office")
    assert t.loc["제주사무소", "members"] == 0 and t.loc["제주사무소", "visits_run"] > 0
    assert np.isnan(t.loc["제주사무소", "coverage"])


def test_office_visits_counted_by_id_or_name(members, visits, field, offices):
    v = visits.assign(office=["서울사무소", "K1", "K1", "K2", "K1", "부산사무소"])
    t = _rows(coverage.office_coverage_table(members, v, offices, **field, programs=["간담회", "방문상담"]), "office")
    assert t.loc["서울사무소", "visits_run"] == 3  # v1, v2, v3
    assert t.loc["부산사무소", "visits_run"] == 1  # v6 (v4 is a 사업설명회)
    assert t.loc["서울사무소", "visited"] == 4


# ----------------------------------------------------------------------------
# GeoJSON


def test_coverage_geojson_for_qgis(members, visits, field, offices):
    from network import geo

    t = coverage.region_coverage_table(members, visits, offices, **field, level="sido")
    raw = export.to_geojson_bytes(geo.feature_collection(geo.coverage_frame(t, level="sido")))
    fc = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    assert fc["type"] == "FeatureCollection"
    props = {f["properties"]["sido_code"]: f["properties"] for f in fc["features"]}
    assert props["11"]["members"] == 7
    assert props["11"]["coverage"] == pytest.approx(4 / 7)
    assert props["11"]["rank"] == 1
    assert props["11"]["last_visit"] == "2025-09-15"
    assert props["11"]["days_since_visit"] == 107
    assert props["26"]["rank"] == 2
    empty = next(p for code, p in props.items() if code not in ("11", "26"))
    assert empty["members"] == 0
    assert empty["coverage"] is None
    assert empty["rank"] is None
    assert empty["last_visit"] is None


def _no_constant(name: str):
    raise AssertionError(f"{name} is not JSON")


# ----------------------------------------------------------------------------
# the committed sample and the command line


@pytest.fixture(scope="module")
def ds():
    return load_dataset(SAMPLE_DIR)


def test_sample_totals(ds):
    field = {"attendance": ds.attendance, "difficulties": ds.difficulties}
    t = coverage.region_coverage_table(ds.members, ds.visits, ds.offices, **field, level="sigungu")
    assert t["members"].sum() == 7000
    window = coverage.time_window(ds.visits)
    inside = ds.visits[(ds.visits["date"] >= window.start) & (ds.visits["date"] <= window.end)]
    attended = set(ds.attendance.loc[ds.attendance["visit_id"].isin(inside["visit_id"]), "member_id"].dropna())
    share = ds.members["member_id"].isin(attended).mean()
    assert t.attrs["overall_coverage"] == pytest.approx(share)
    assert t["visited"].sum() == ds.members["member_id"].isin(attended).sum()
    assert t["visits"].sum() == len(inside)
    sido = coverage.region_coverage_table(ds.members, ds.visits, ds.offices, **field, level="sido")
    assert sido["members"].sum() == 7000
    assert sido["visited"].sum() == t["visited"].sum()
    assert sido.attrs["overall_coverage"] == pytest.approx(share)


def test_cli_sido_csv(tmp_path, capsys):
    out = tmp_path / "x.csv"
    assert main(["coverage", "--data", str(SAMPLE_DIR), "--level", "sido", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(out, encoding="utf-8-sig", dtype={"sido_code": str})
    assert len(table) == 16
    assert table["sido_code"].is_unique
    assert table["members"].sum() == 7000
    for col in ("visited", "coverage", "visits", "participants", "visits_per_100", "days_since_visit",
                "median_office_km", "shrunk_coverage", "missing_members", "rank", "reason"):
        assert col in table.columns
    printed = capsys.readouterr().out
    assert "방문이 가장 부족한 곳:" in printed
    top = table[table["missing_members"] > 0].sort_values("rank").head(5)
    assert len(top) >= 1
    for row in top.itertuples():
        assert f"{int(row.rank)}. {row.sido}: {row.reason}" in printed


def test_cli_sigungu_geojson(tmp_path, capsys):
    out = tmp_path / "x.geojson"
    assert main(["coverage", "--data", str(SAMPLE_DIR), "--level", "sigungu", "--months", "12",
                 "--out", str(out)]) == 0
    fc = json.loads(out.read_bytes().decode("utf-8"), parse_constant=_no_constant)
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 256
    props = [f["properties"] for f in fc["features"]]
    for key in ("members", "coverage", "rank", "reason", "sigungu_code"):
        assert all(key in p for p in props), key
    assert sum(p["members"] for p in props) == 7000
    assert any(p["rank"] == 1 for p in props)
    assert "방문이 가장 부족한 곳:" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["--level", "sido", "--out", "x.txt"],
    ["--level", "sido", "--out", "x"],
    ["--level", "x", "--out", "x.csv"],
    ["--months", "0", "--out", "x.csv"],
])
def test_cli_bad_arguments_exit_2(tmp_path, capsys, argv):
    args = ["coverage", "--data", str(SAMPLE_DIR), *argv[:-1], str(tmp_path / argv[-1])]
    with pytest.raises(SystemExit) as excinfo:
        main(args)
    assert excinfo.value.code == 2
    assert "--" in capsys.readouterr().err
    assert not (tmp_path / argv[-1]).exists()


@pytest.mark.parametrize(("name", "share"), [("visits_without_attendees", None), ("no_located_members", 114 / 400),
                                             ("members_only", 0.0)])
def test_the_headline_counts_every_member_and_says_when_it_cannot_be_measured(tmp_path, name, share):
    """Members without a region still count (they are in no row); visits that name no attendee leave the share
    unknown (``None``), not 0% as if nobody had been visited."""
    from network.dataset import load_dataset
    from tests import small_data

    ds = load_dataset(small_data.write(name, tmp_path))
    table = coverage.region_coverage_table(ds.members, ds.visits, ds.offices, attendance=ds.attendance,
                                           difficulties=ds.difficulties, level="sigungu")
    members, visited, got = coverage.headline(table)
    assert members == len(ds.members) and visited == round((share or 0.0) * members)
    assert got == pytest.approx(share) if share is not None else got is None
    if name == "no_located_members":
        assert table.attrs["unlocated_members"] == 400 and int(table["members"].sum()) == 0
        assert coverage.no_underserved_reason(table, "en").startswith("No member has a known 시도")
    if name == "visits_without_attendees":
        assert "none names the members who attended" in coverage.no_underserved_reason(table, "en")
