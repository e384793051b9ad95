"""Tests for network.access: what each role may see of the data set and may do."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from network import access, coverage, graph, recommend
from network.access import Scope, scoped_dataset, stand_in_id
from network.dataset import load_dataset
from network.errors import OptionError

MEMBERS = """회원번호,회사명,연합회,시도,시군구,주소,업종코드,종업원수,매출액,제공,필요
A1,서울가,서울,서울,종로구,서울 종로구 종로 1,25,10,1000,금형,판로
A2,서울나,서울,서울,중구,서울 중구 세종대로 2,26,20,2000,,
B1,부산가,부산,부산,중구,부산 중구 중앙대로 3,25,30,3000,도금,자금
B2,부산나,부산,부산,서구,부산 서구 구덕로 4,25,40,4000,,
B3,부산다,부산,부산,동구,부산 동구 중앙대로 5,27,50,5000,,
C1,대구가,대구경북,대구,중구,대구 중구 동성로 6,28,60,6000,,
"""
PARTNERSHIPS = "기업1,기업2\nA1,A2\nA1,B1\nB1,B3\nB3,C1\n"
VISITS = "방문번호,일자,프로그램,시도,시군구\nV1,2025-03-04,간담회,서울,종로구\nV2,2025-04-01,간담회,부산,중구\n"
ATTENDANCE = "방문번호,회원번호\nV1,A1\nV2,B1\n"
DIFFICULTIES = "애로번호,방문번호,회원번호,애로유형,애로내용\nD1,V1,A1,자금,서울가의 사정\nD2,V2,B1,판로,부산가의 사정\nD3,V2,,인력,누구의 사정\n"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset({"members": MEMBERS.encode(), "partnerships": PARTNERSHIPS.encode(),
                         "visits": VISITS.encode(), "attendance": ATTENDANCE.encode(),
                         "difficulties": DIFFICULTIES.encode()})


def _everything_as_text(ds) -> str:
    return "\n".join(frame.astype(str).to_csv() for frame in ds.tables().values())


# --- roles ----------------------------------------------------------------------------------------

def test_what_each_role_may_do():
    rows = {role: (Scope(role, federation="서울" if role == "leader" else None)) for role in access.ROLES}
    assert {r: s.sees_everything for r, s in rows.items()} == {"admin": True, "staff": True, "leader": False,
                                                               "analyst": False}
    assert [r for r, s in rows.items() if s.may_manage_users] == ["admin"]
    assert [r for r, s in rows.items() if s.may_rollback] == ["admin"]
    assert {r: [t for t in ("members", "partnerships", "offices", "visits", "attendance", "difficulties")
                if s.may_import(t)] for r, s in rows.items()} == {
        "admin": ["members", "partnerships", "offices", "visits", "attendance", "difficulties"],
        "staff": ["visits", "attendance", "difficulties"], "leader": [], "analyst": []}


def test_a_scope_is_checked_and_keyed():
    with pytest.raises(OptionError):
        Scope("boss")
    with pytest.raises(OptionError):
        Scope("leader")
    assert Scope("leader", federation="서울").key != Scope("leader", federation="부산").key
    assert Scope("staff", office="서울지부").key == Scope("staff").key == "staff"  # the same data


def test_admin_and_staff_see_the_data_set_itself(dataset):
    assert scoped_dataset(dataset, Scope("admin")) is dataset
    assert scoped_dataset(dataset, Scope("staff", office="x")) is dataset


# --- analyst --------------------------------------------------------------------------------------

def test_an_analyst_sees_everything_but_difficulty_texts_and_contacts(dataset):
    view = scoped_dataset(dataset, Scope("analyst"))
    assert view.members["member_id"].tolist() == dataset.members["member_id"].tolist()
    assert view.members["revenue_krw"].tolist() == dataset.members["revenue_krw"].tolist()
    assert view.members["address"].isna().all()
    assert view.difficulties["text"].isna().all()
    assert view.difficulties["category"].tolist() == dataset.difficulties["category"].tolist()
    assert len(view.partnerships) == len(dataset.partnerships)
    text = _everything_as_text(view)
    assert "사정" not in text and "종로 1" not in text
    assert dataset.difficulties["text"].notna().all()  # the input is not changed


# --- leader ---------------------------------------------------------------------------------------

def test_a_leader_sees_own_members_in_full_and_partners_only_by_their_public_profile(dataset):
    view = scoped_dataset(dataset, Scope("leader", federation="서울"))
    members = view.members.set_index("name")
    assert members.index.tolist() == ["서울가", "서울나", "부산가"]  # B1 is a partner of A1; B2, B3, C1 are not
    own = dataset.members.set_index("name")
    for column in ("member_id", "revenue_krw", "employees", "address", "needs"):
        assert members.loc["서울가", column] == own.loc["서울가", column]
    partner = members.loc["부산가"]
    assert partner["member_id"] == stand_in_id("B1")
    assert (partner["federation"], partner["sigungu"], partner["industry"], partner["offers"]) == \
        ("부산", "중구", "25", "도금")
    for column in ("revenue_krw", "employees", "address", "needs", "lat", "lon", "founded", "joined", "group"):
        assert pd.isna(partner[column]), column


def test_a_leader_never_sees_what_is_only_between_other_federations(dataset):
    view = scoped_dataset(dataset, Scope("leader", federation="서울"))
    pairs = sorted(map(tuple, view.partnerships[["source_id", "target_id"]].values.tolist()))
    assert pairs == sorted([("A1", "A2"), ("A1", stand_in_id("B1"))])
    assert view.attendance[["visit_id", "member_id"]].values.tolist() == [["V1", "A1"]]
    assert view.difficulties["difficulty_id"].tolist() == ["D1"]  # not B1's, not the one nobody claimed
    assert view.visits["visit_id"].tolist() == ["V1"]
    assert not view.report.problems and not view.report.rejected
    text = _everything_as_text(view)
    for hidden in ("B1", "B2", "B3", "C1", "부산나", "부산다", "대구가", "3000", "부산가의 사정", "누구의 사정",
                   "중앙대로"):
        assert hidden not in text, hidden


def test_a_leader_sees_suggested_partners_like_partners(dataset):
    view = scoped_dataset(dataset, Scope("leader", federation="서울"), suggested=["B2", "A2"])
    assert view.members["name"].tolist() == ["서울가", "서울나", "부산가", "부산나"]
    assert view.members.set_index("name").loc["부산나", "member_id"] == stand_in_id("B2")
    assert pd.isna(view.members.set_index("name").loc["부산나", "revenue_krw"])


def test_stand_in_ids_are_stable_distinct_and_do_not_contain_the_id():
    ids = [f"{n:03d}-00-00000" for n in range(500)]
    stand_ins = [stand_in_id(i) for i in ids]
    assert len(set(stand_ins)) == len(ids) and stand_ins == [stand_in_id(i) for i in ids]
    assert not any(i in s or i.replace("-", "") in s for i, s in zip(ids, stand_ins))


def test_the_library_works_on_a_leaders_view_of_the_sample():
    from network.sample import SAMPLE_DIR

    whole = load_dataset(SAMPLE_DIR)
    own = whole.members.loc[whole.members["federation"] == "제주", "member_id"].tolist()
    suggested = recommend.recommend_all(recommend.prepare(whole.members, whole.partnerships), member_ids=own,
                                        reasons=False)["candidate_id"].tolist()
    view = scoped_dataset(whole, Scope("leader", federation="제주"), suggested=suggested)
    others = view.members[view.members["federation"] != "제주"]
    assert len(view.members) - len(others) == len(own) and len(others) > 0
    assert others["revenue_krw"].isna().all() and others["member_id"].str.startswith("외부-").all()
    G = graph.build_graph(view.members, view.partnerships)
    assert G.number_of_nodes() == len(view.members)
    engine = recommend.prepare(view.members, view.partnerships)
    table = recommend.recommend_for_member(engine, own[0])
    assert set(table["candidate_id"]) <= set(view.members["member_id"])
    regions = coverage.region_coverage_table(view.members, view.visits, view.offices, level="sido",
                                             attendance=view.attendance, difficulties=view.difficulties)
    assert int(regions["members"].sum()) == len(view.members)
    hidden = set(whole.members.loc[whole.members["federation"] != "제주", "member_id"])
    assert not hidden & set(view.members["member_id"]) and not hidden & set(view.partnerships["source_id"]) \
        and not hidden & set(view.partnerships["target_id"])


# --- counts of the whole data set -------------------------------------------------------------------

def test_small_counts_of_other_federations_are_suppressed_for_a_leader(dataset):
    leader = access.federation_counts_table(dataset, Scope("leader", federation="대구경북"))
    assert dict(zip(leader["federation"], leader["members"].astype(object).where(leader["members"].notna(), None))) \
        == {"부산": None, "서울": None, "대구경북": 1}  # their own federation in full, even one firm
    staff = access.federation_counts_table(dataset, Scope("staff"))
    assert dict(zip(staff["federation"], staff["members"])) == {"부산": 3, "서울": 2, "대구경북": 1}
    by_sido = access.federation_counts_table(dataset, Scope("analyst"), by="sido")
    assert list(by_sido.columns) == ["federation", "sido_code", "sido", "members"]
    with pytest.raises(OptionError):
        access.federation_counts_table(dataset, Scope("staff"), by="group")


def test_suppress_small_keeps_zero_and_five():
    assert access.suppress_small(np.array([0, 1, 4, 5, 6])).isna().tolist() == [False, True, True, False, False]
    assert access.suppress_small(pd.Series([3, 7]), minimum=8).isna().tolist() == [True, True]


# --- sign-in and sessions -----------------------------------------------------------------------------

def test_sign_in_is_required_once_there_is_an_account_or_real_data():
    assert not access.sign_in_required(accounts=0, real_data=False)
    assert access.sign_in_required(accounts=1, real_data=False)
    assert access.sign_in_required(accounts=0, real_data=True)


def test_a_session_expires_after_the_idle_time():
    assert not access.session_expired(0.0, 30 * 60.0, idle_minutes=30)
    assert access.session_expired(0.0, 30 * 60.0 + 1, idle_minutes=30)
    assert access.session_expired(None, 0.0, idle_minutes=30)
