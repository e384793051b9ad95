"""Tests for network.analysis: headline numbers, members per federation and per region."""

from __future__ import annotations

import pandas as pd
import pytest

from network import analysis, regions
from tests.conftest import split_visits


@pytest.fixture
def members() -> pd.DataFrame:
    """Five members: 경기 (3 in 2 교류회), 서울 (1), 제주 (1)."""
    return pd.DataFrame({
        "member_id": ["a", "b", "c", "d", "e"],
        "federation": ["경기", "경기", "경기", "서울", "제주"],
        "group": ["g1", "g1", "g2", "s1", "j1"],
        "sido_code": ["41", "41", "41", "11", "50"],
        "sigungu_code": ["41117", "41117", "41111", "11110", "50110"],
    })


@pytest.fixture
def partnerships() -> pd.DataFrame:
    return pd.DataFrame({"source_id": ["a", "a", "c"], "target_id": ["b", "c", "d"]})


@pytest.fixture
def visits() -> pd.DataFrame:
    """Four visits in three 시군구; ``zz`` is not a member, one visit lists nobody."""
    return pd.DataFrame({
        "visit_id": ["v1", "v2", "v3", "v4"],
        "sigungu_code": ["41117", "41117", "11110", None],
        "member_ids": ["a;b", "b", "d;zz", None],
    })


# ----------------------------------------------------------------------------
# headline


def test_headline_hand_counted(members, partnerships, visits):
    v, attendance, _ = split_visits(visits)
    numbers = analysis.headline(members, partnerships, v, attendance=attendance)
    assert numbers.as_dict() == {
        "members": 5, "federations": 3, "groups": 4, "partnerships": 3, "visits": 4,
        "sigungu_reached": 2, "members_visited": 3,
    }


def test_headline_is_frozen(members, partnerships, visits):
    v, attendance, _ = split_visits(visits)
    numbers = analysis.headline(members, partnerships, v, attendance=attendance)
    with pytest.raises(AttributeError):
        numbers.members = 1  # type: ignore[misc]


def test_headline_of_empty_tables():
    empty = pd.DataFrame()
    assert set(analysis.headline(empty, empty, empty, attendance=empty).as_dict().values()) == {0}


def test_headline_without_optional_columns():
    m = pd.DataFrame({"member_id": ["a", "b"]})
    v = pd.DataFrame({"visit_id": ["v1"]})
    numbers = analysis.headline(m, pd.DataFrame(columns=["source_id", "target_id"]), v,
                                attendance=pd.DataFrame(columns=["visit_id", "member_id"]))
    assert numbers.as_dict() == {
        "members": 2, "federations": 0, "groups": 0, "partnerships": 0, "visits": 1,
        "sigungu_reached": 0, "members_visited": 0,
    }


def test_headline_ignores_missing_federation_and_group():
    m = pd.DataFrame({"member_id": ["a", "b", "c"], "federation": ["경기", None, "경기"],
                      "group": [None, None, "g1"]})
    numbers = analysis.headline(m, pd.DataFrame(), pd.DataFrame(), attendance=pd.DataFrame())
    assert (numbers.members, numbers.federations, numbers.groups) == (3, 1, 1)


# ----------------------------------------------------------------------------
# members_by_federation


def test_members_by_federation_hand_counted(members):
    df = analysis.members_by_federation(members)
    assert list(df.columns) == ["federation", "members", "groups", "members_per_group"]
    assert df.values.tolist() == [["경기", 3, 2, 1.5], ["서울", 1, 1, 1.0], ["제주", 1, 1, 1.0]]


def test_members_by_federation_ties_sorted_by_name():
    m = pd.DataFrame({"federation": ["제주", "강원", "서울", "서울"], "group": ["j", "k", "s1", "s2"]})
    assert analysis.members_by_federation(m)["federation"].tolist() == ["서울", "강원", "제주"]


def test_members_by_federation_rounds_members_per_group():
    m = pd.DataFrame({"federation": ["경기"] * 7, "group": ["a", "a", "a", "b", "b", "c", "c"]})
    assert analysis.members_by_federation(m)["members_per_group"].tolist() == [2.3]


def test_members_by_federation_skips_missing_federation():
    m = pd.DataFrame({"federation": ["경기", None, "경기"], "group": ["a", "b", "a"]})
    assert analysis.members_by_federation(m).values.tolist() == [["경기", 2, 1, 2.0]]


def test_members_by_federation_without_groups():
    df = analysis.members_by_federation(pd.DataFrame({"federation": ["경기", "경기"]}))
    assert df[["federation", "members", "groups"]].values.tolist() == [["경기", 2, 0]]
    assert df["members_per_group"].isna().all()


@pytest.mark.parametrize("frame", [pd.DataFrame(), pd.DataFrame({"member_id": ["a"]}),
                                   pd.DataFrame(columns=["federation", "group"])])
def test_members_by_federation_empty(frame):
    df = analysis.members_by_federation(frame)
    assert df.empty
    assert list(df.columns) == ["federation", "members", "groups", "members_per_group"]


# ----------------------------------------------------------------------------
# members_by_region


def test_members_by_sido_hand_counted(members):
    df = analysis.members_by_region(members, level="sido")
    assert list(df.columns) == ["sido_code", "sido", "members", "share"]
    assert df["sido_code"].tolist() == sorted(regions.sido_table()["sido_code"])  # every 시도, by code
    nonzero = df[df["members"] > 0]
    assert nonzero[["sido_code", "sido", "members", "share"]].values.tolist() == [
        ["11", "서울특별시", 1, 0.2], ["41", "경기도", 3, 0.6], ["50", "제주특별자치도", 1, 0.2]]
    assert df["members"].sum() == 5
    assert (df.loc[df["members"] == 0, "share"] == 0).all()


def test_members_by_sido_is_the_default_level(members):
    pd.testing.assert_frame_equal(analysis.members_by_region(members),
                                  analysis.members_by_region(members, level="sido"))


def test_members_by_sigungu_hand_counted(members):
    df = analysis.members_by_region(members, level="sigungu")
    assert list(df.columns) == ["sido_code", "sido", "sigungu_code", "sigungu", "members", "share"]
    assert len(df) == len(regions.sigungu_table())  # every 시군구 listed
    assert df["sigungu_code"].is_monotonic_increasing
    nonzero = df[df["members"] > 0].set_index("sigungu_code")
    assert nonzero["members"].to_dict() == {"11110": 1, "41111": 1, "41117": 2, "50110": 1}
    assert nonzero.loc["41117", "sigungu"] == "수원시 영통구"
    assert nonzero["share"].to_dict() == {"11110": 0.2, "41111": 0.2, "41117": 0.4, "50110": 0.2}


def test_members_by_region_share_is_of_members_with_a_region():
    m = pd.DataFrame({"sido_code": ["11", "11", "41", None]})
    df = analysis.members_by_region(m).set_index("sido_code")
    assert df.loc[["11", "41"], "members"].tolist() == [2, 1]
    assert df.loc[["11", "41"], "share"].tolist() == [pytest.approx(0.6667), pytest.approx(0.3333)]


def test_members_by_region_rounds_share_to_four_places():
    m = pd.DataFrame({"sido_code": ["11"] + ["41"] * 6})
    assert analysis.members_by_region(m).set_index("sido_code").loc["11", "share"] == 0.1429


@pytest.mark.parametrize("level", ["sido", "sigungu"])
@pytest.mark.parametrize("frame", [pd.DataFrame({"member_id": ["a"]}), pd.DataFrame({"sido_code": [],
                                                                                    "sigungu_code": []})])
def test_members_by_region_without_regions_lists_zeros(frame, level):
    df = analysis.members_by_region(frame, level=level)
    assert len(df) == len(regions.sido_table() if level == "sido" else regions.sigungu_table())
    assert (df["members"] == 0).all()
    assert (df["share"] == 0).all()


@pytest.mark.parametrize("level", ["emd", "SIDO", "", None, "시도"])
def test_members_by_region_bad_level(members, level):
    with pytest.raises(ValueError, match=r"level was .* but is expected to be in \['sido', 'sigungu'\]"):
        analysis.members_by_region(members, level=level)


# ----------------------------------------------------------------------------
# inputs are not changed


def test_inputs_not_modified(members, partnerships, visits):
    before = [df.copy(deep=True) for df in (members, partnerships, visits)]
    v, attendance, _ = split_visits(visits)
    analysis.headline(members, partnerships, v, attendance=attendance)
    analysis.members_by_federation(members)
    analysis.members_by_region(members, level="sido")
    analysis.members_by_region(members, level="sigungu")
    for df, original in zip((members, partnerships, visits), before):
        pd.testing.assert_frame_equal(df, original)


def test_region_tables_not_shared(members):
    """Changing a returned table does not change the next result (no cached frame is handed out)."""
    first = analysis.members_by_region(members)
    first.loc[:, "members"] = 99
    assert analysis.members_by_region(members)["members"].sum() == 5
