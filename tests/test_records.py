"""Tests for network.store.records: recorded visits and difficulties, their follow-up, history and locking;
with the workspace (imports and rollbacks leave them alone), the access scopes and the due-date settings.

Every test taking ``workspace_url`` runs on an SQLite file and on a database of the throw-away PostgreSQL
cluster the tests start (``tests/database.py``); so does every test on the module-scoped ``shared`` workspace and
``recorded_view`` (one database of each kind for many tests that need no empty one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
import sqlalchemy as sa

from network import fieldwork
from network.access import ROLES, Scope, scoped_dataset
from network.config import DEFAULT_DUE_DAYS, FieldWork, load_settings
from network.errors import NotFoundError, OptionError
from network.store import Workspace
from network.store import tables as t
from network.store.records import (
    CLOSED_STATUSES,
    STATUSES,
    DifficultyInput,
    Guest,
    RecordConflictError,
    Records,
    VisitInput,
    next_statuses,
)
from tests.conftest import raises_message

TODAY = dt.date(2026, 11, 20)
HELD = dt.date(2026, 11, 2)
MEMBERS = pd.DataFrame({"member_id": ["A1", "A2", "B1"], "name": ["서울가", "서울나", "부산가"],
                        "federation": ["서울", "서울", "부산"]})
FIELD_TABLES = (t.field_visits, t.field_visit_firms, t.field_visit_guests, t.field_difficulties, t.field_history)


@pytest.fixture
def workspace(workspace_url):
    with Workspace(workspace_url) as ws:
        yield ws


def _with_accounts(workspace) -> Records:
    """The records, with accounts: kim (staff), boss (admin), lee (a leader), park (a disabled staff account)."""
    accounts = workspace.accounts
    for name, role, federation in (("kim", "staff", None), ("boss", "admin", None), ("lee", "leader", "서울"),
                                   ("park", "staff", None)):
        accounts.add(name, role, federation=federation, email=f"{name}@example.org")  # no password: no hashing
    accounts.disable("park")
    return workspace.records


@pytest.fixture
def records(workspace):
    """An empty workspace's records, with the accounts of :func:`_with_accounts`."""
    return _with_accounts(workspace)


def _module_url(request, tmp_path_factory) -> str:
    """A new database for a module-scoped fixture parametrised like ``workspace_url``."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('records') / 'network.db'}"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared(request, tmp_path_factory):
    """One workspace per database for the tests that need no empty one (fewer databases: each costs start-up
    time): they look only at the records they add themselves, and a test of what must change nothing compares
    the stored rows and the stamp before and after.  It starts with a visit and a difficulty."""
    with Workspace(_module_url(request, tmp_path_factory)) as ws:
        records = _with_accounts(ws)
        visit = records.add_visit(_visit(), members=MEMBERS, actor="kim", today=TODAY)
        records.add_difficulty(_difficulty(visit_id=visit.id), members=MEMBERS, actor="kim", today=TODAY)
        yield records


def _visit(**changes) -> VisitInput:
    base = VisitInput(HELD, "간담회", "서울 종로구", office="서울본부", member_ids=("A1", "A2"),
                      guests=(Guest("홍길동", "수원시 영통구"),))
    return replace(base, **changes)


def _difficulty(**changes) -> DifficultyInput:
    base = DifficultyInput("A1", "운전자금 대출 한도가 부족합니다", category="자금", raised_on=HELD)
    return replace(base, **changes)


def _rows(workspace) -> dict[str, int]:
    with workspace.engine.connect() as connection:
        return {table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in FIELD_TABLES}


def _saved(records) -> tuple[dict[str, int], int]:
    """What is stored: rows of each field-work table and the stamp."""
    return _rows(records.workspace), records.stamp()


def _korean(error: BaseException) -> str:
    return error.message("ko")  # type: ignore[attr-defined]


# --- visits ---------------------------------------------------------------------------------------

def test_a_visit_is_recorded_with_its_region_firms_and_guests(records):
    visit = records.add_visit(_visit(notes=" 메모 "), members=MEMBERS, actor="kim", today=TODAY)
    assert (visit.id, visit.date, visit.program, visit.place, visit.office) == (
        "RV-000001", HELD, "간담회", "서울 종로구", "서울본부")
    assert (visit.sido, visit.sido_code, visit.sigungu, visit.sigungu_code) == ("서울특별시", "11", "종로구", "11110")
    assert visit.member_ids == ("A1", "A2") and visit.member_names == ("서울가", "서울나")
    assert visit.guests == (Guest("홍길동", "수원시 영통구"),)
    assert visit.participants == 3  # two firms and a guest, when no number is given
    assert (visit.notes, visit.created_by, visit.updated_by, visit.version) == ("메모", "kim", "kim", 1)
    assert records.visit("RV-000001") == visit == records.visit("rv-1")
    assert _rows(records.workspace) == {"field_visits": 1, "field_visit_firms": 2, "field_visit_guests": 1,
                                        "field_difficulties": 0, "field_history": 1}
    history = records.history(visit.id)
    assert history[["actor", "action"]].values.tolist() == [["kim", "created"]]


def test_a_visit_keeps_the_number_of_participants_given_and_each_firm_once(shared):
    visit = shared.add_visit(_visit(member_ids=("A1", " A1 ", "A2"), participants=12), members=MEMBERS,
                              actor="kim", today=TODAY)
    assert visit.member_ids == ("A1", "A2") and visit.participants == 12


def test_a_visit_on_today_is_allowed(shared):
    assert shared.add_visit(_visit(date=TODAY), members=MEMBERS, actor="kim", today=TODAY).date == TODAY


@pytest.mark.parametrize(("changes", "message"), [
    ({"date": None}, "방문 일자를 입력하세요"),
    ({"date": TODAY + dt.timedelta(days=1)}, r"일자 2026-11-21은 오늘\(2026-11-20\) 이후입니다"),
    ({"program": "워크숍"}, "프로그램의 값 워크숍: 다음 중 하나여야 합니다: 사업설명회, 간담회, 현장상담회, 방문상담, 기타"),
    ({"place": "없는동네"}, "장소 '없는동네'의 시군구를 알 수 없습니다"),
    ({"place": "서울"}, "장소 '서울'의 시군구를 알 수 없습니다: 시도까지만"),
    ({"place": "  "}, r"장소\(주소나 시군구\)를 입력하세요"),
    ({"member_ids": ("A1", "ZZ9")}, "회원 명단에 없는 기업입니다: ZZ9"),
    ({"participants": 2}, r"참석자 수\(2명\)가 입력한 참석 기업·비회원 수\(3명\)보다 적습니다"),
    ({"participants": -1}, r"참석자 수\(-1명\)"),
    ({"guests": (Guest("홍길동", "없는동네"),)}, "비회원 참석자 홍길동의 지역 '없는동네'의 시군구를 알 수 없습니다"),
    ({"notes": "가" * 4001}, "메모가 너무 깁니다 \\(4000자까지\\)"),
])
def test_a_wrong_visit_form_is_refused_and_nothing_is_saved(shared, changes, message):
    before = _saved(shared)
    with raises_message(OptionError, message, language="ko"):
        shared.add_visit(_visit(**changes), members=MEMBERS, actor="kim", today=TODAY)
    assert _saved(shared) == before


def test_every_problem_of_a_visit_form_is_reported_at_once(shared):
    wrong = VisitInput(None, "워크숍", "없는동네", member_ids=("ZZ9",), guests=(Guest("홍길동", "없는동네"),),
                       participants=0)
    before = _saved(shared)
    with pytest.raises(OptionError) as caught:
        shared.add_visit(wrong, members=MEMBERS, actor="kim", today=TODAY)
    message = _korean(caught.value)
    for part in ("방문 일자를 입력하세요", "프로그램의 값 워크숍", "장소 '없는동네'", "회원 명단에 없는 기업입니다: ZZ9",
                 "비회원 참석자 홍길동", "참석자 수(0명)"):
        assert part in message
    assert len(caught.value.parts) == 6
    assert _saved(shared) == before


def test_a_visit_is_corrected_and_the_change_is_in_its_history(shared):
    records = shared
    first = records.add_visit(_visit(), members=MEMBERS, actor="kim", today=TODAY)
    before = _rows(records.workspace)
    changed = records.change_visit(first.id, _visit(program="현장상담회", place="부산 중구", member_ids=("B1",),
                                                    guests=(), participants=5),
                                   version=first.version, members=MEMBERS, actor="boss", today=TODAY)
    assert (changed.version, changed.program, changed.sido, changed.sigungu) == (2, "현장상담회", "부산광역시", "중구")
    assert (changed.member_ids, changed.guests, changed.participants) == (("B1",), (), 5)
    assert (changed.created_by, changed.updated_by) == ("kim", "boss")
    assert records.visit(first.id) == changed
    after = _rows(records.workspace)  # two firms and a guest replaced by one firm; one more line of history
    assert {name: after[name] - before[name] for name in after} == {
        "field_visits": 0, "field_visit_firms": -1, "field_visit_guests": -1, "field_difficulties": 0,
        "field_history": 1}
    history = records.history(first.id)
    assert history[["actor", "action"]].values.tolist() == [["kim", "created"], ["boss", "changed"]]
    assert history["changes"].iloc[1] == {
        "program": ["간담회", "현장상담회"], "place": ["서울 종로구", "부산 중구"], "member_ids": [["A1", "A2"], ["B1"]],
        "guests": [["홍길동 (수원시 영통구)"], []], "participants": [3, 5]}


def test_a_wrong_correction_changes_nothing(shared):
    first = shared.add_visit(_visit(), members=MEMBERS, actor="kim", today=TODAY)
    before = _saved(shared)
    with raises_message(OptionError, "회원 명단에 없는 기업입니다: ZZ9", language="ko"):
        shared.change_visit(first.id, _visit(member_ids=("ZZ9",)), version=1, members=MEMBERS, actor="kim",
                             today=TODAY)
    assert _saved(shared) == before and shared.visit(first.id) == first


def test_two_corrections_of_the_same_visit_version(shared):
    first = shared.add_visit(_visit(), members=MEMBERS, actor="kim", today=TODAY)
    mine = shared.change_visit(first.id, _visit(participants=10), version=1, members=MEMBERS, actor="kim",
                                today=TODAY)
    before = _saved(shared)
    theirs = _visit(notes="늦게 저장한 메모", participants=20)
    with pytest.raises(RecordConflictError) as caught:
        shared.change_visit(first.id, theirs, version=1, members=MEMBERS, actor="boss", today=TODAY)
    assert caught.value.stored == mine and caught.value.stored.participants == 10
    assert caught.value.attempted["notes"] == "늦게 저장한 메모" and caught.value.attempted["participants"] == 20
    assert first.id in _korean(caught.value) and "kim님이" in _korean(caught.value)
    assert _saved(shared) == before and shared.visit(first.id) == mine
    retried = shared.change_visit(first.id, theirs, version=mine.version, members=MEMBERS, actor="boss",
                                   today=TODAY)
    assert (retried.version, retried.participants, retried.notes) == (3, 20, "늦게 저장한 메모")


@pytest.mark.parametrize("record_id", ["RV-000099", "V1", "", "RD-000001", "RV-abc"])
def test_an_unknown_visit_is_not_found(shared, record_id):
    before = _saved(shared)
    with pytest.raises(NotFoundError):
        shared.visit(record_id)
    with pytest.raises(NotFoundError):
        shared.change_visit(record_id, _visit(), version=1, members=MEMBERS, actor="kim", today=TODAY)
    assert _saved(shared) == before


# --- difficulties -----------------------------------------------------------------------------------

def test_a_difficulty_raised_at_a_visit(shared):
    records = shared
    visit = records.add_visit(_visit(), members=MEMBERS, actor="kim", today=TODAY)
    d = records.add_difficulty(_difficulty(visit_id=visit.id, raised_on=None, channel="전화", owner=" KIM "),
                               members=MEMBERS, actor="boss", today=TODAY)
    assert (d.member_id, d.member_name, d.federation, d.visit_id) == ("A1", "서울가", "서울", visit.id)
    assert (d.channel, d.category, d.urgency, d.status, d.owner) == ("방문", "자금", "보통", "접수", "kim")
    assert (d.raised_on, d.due) == (HELD, HELD + dt.timedelta(days=14))  # the visit's day; 자금: 14 days
    assert d.first_response_at is None and d.closed_at is None and d.version == 1 and d.import_key is None
    assert records.difficulty(d.id) == d == records.difficulty(f"rd-{int(d.id.removeprefix('RD-'))}")
    assert records.history(d.id)[["actor", "action"]].values.tolist() == [["boss", "created"]]


def test_a_difficulty_by_phone_is_raised_today_by_default(shared):
    d = shared.add_difficulty(_difficulty(raised_on=None, channel="전화", category="규제"), members=MEMBERS,
                               actor="kim", today=TODAY)
    assert (d.visit_id, d.channel, d.raised_on, d.due) == (None, "전화", TODAY, TODAY + dt.timedelta(days=45))


def test_a_difficulty_at_an_imported_visit_takes_its_date(shared):
    d = shared.add_difficulty(_difficulty(visit_id="V7", raised_on=None), members=MEMBERS, actor="kim",
                               visit_dates={"V7": dt.date(2026, 10, 1)}, today=TODAY)
    assert (d.visit_id, d.raised_on) == ("V7", dt.date(2026, 10, 1))


@pytest.mark.parametrize(("category", "urgency", "days"), [
    ("자금", "보통", 10),
    ("자금", "긴급", 3),   # urgent: at most 3
    ("인력", "보통", 20),  # not in the policy's list: the other categories' days
    ("규제", "긴급", 3),
])
def test_the_due_date_follows_the_policy(shared, category, urgency, days):
    records = Records(shared.workspace, policy=FieldWork(due_days={"자금": 10, "기술": 2}, other_due_days=20,
                                                  urgent_due_days=3))
    d = records.add_difficulty(_difficulty(category=category, urgency=urgency), members=MEMBERS, actor="kim",
                               today=TODAY)
    assert d.due == HELD + dt.timedelta(days=days)


def test_an_urgent_difficulty_keeps_a_shorter_category_time(shared):
    records = Records(shared.workspace, policy=FieldWork(due_days={"기술": 2}, urgent_due_days=3))
    d = records.add_difficulty(_difficulty(category="기술", urgency="긴급"), members=MEMBERS, actor="kim",
                               today=TODAY)
    assert d.due == HELD + dt.timedelta(days=2)


def test_a_due_date_given_is_kept(shared):
    d = shared.add_difficulty(_difficulty(due=HELD), members=MEMBERS, actor="kim", today=TODAY)
    assert d.due == HELD  # due the day it was raised is allowed


@pytest.mark.parametrize(("changes", "message"), [
    ({"member_id": ""}, "애로사항을 말한 기업을 고르세요"),
    ({"member_id": "ZZ9"}, "회원 명단에 없는 기업입니다: ZZ9"),
    ({"text": "   "}, "애로 내용을 입력하세요"),
    ({"text": "가" * 4001}, r"애로 내용이 너무 깁니다 \(4000자까지\)"),
    ({"category": "세금"}, "분야의 값 세금: 다음 중 하나여야 합니다: 자금, 인력"),
    ({"urgency": "매우"}, "긴급도의 값 매우"),
    ({"channel": "팩스"}, "접수 경로의 값 팩스"),
    ({"due": HELD - dt.timedelta(days=1)}, "처리 기한 2026-11-01이 접수일 2026-11-02보다 앞섭니다"),
    ({"raised_on": TODAY + dt.timedelta(days=1)}, r"일자 2026-11-21은 오늘\(2026-11-20\) 이후입니다"),
    ({"owner": "lee"}, "담당자 lee는 사용 중인 직원 계정이 아닙니다"),     # a leader
    ({"owner": "park"}, "담당자 park은 사용 중인 직원 계정이 아닙니다"),   # a disabled staff account
    ({"owner": "nobody"}, "담당자 nobody는 사용 중인 직원 계정이 아닙니다"),
    ({"visit_id": "RV-000099"}, "방문 RV-000099가 없습니다"),
    ({"visit_id": "V9"}, "방문 V9가 없습니다"),  # an imported visit not among visit_dates
])
def test_a_wrong_difficulty_form_is_refused_and_nothing_is_saved(shared, changes, message):
    before = _saved(shared)
    with raises_message(OptionError, message, language="ko"):
        shared.add_difficulty(_difficulty(**changes), members=MEMBERS, actor="kim", visit_dates={"V1": HELD},
                                 today=TODAY)
    assert _saved(shared) == before


def test_every_problem_of_a_difficulty_form_is_reported_at_once(shared):
    wrong = DifficultyInput("ZZ9", "", category="세금", visit_id="RV-000099", raised_on=HELD,
                            due=HELD - dt.timedelta(days=3), owner="lee")
    before = _saved(shared)
    with pytest.raises(OptionError) as caught:
        shared.add_difficulty(wrong, members=MEMBERS, actor="kim", today=TODAY)
    message = _korean(caught.value)
    for part in ("회원 명단에 없는 기업입니다: ZZ9", "애로 내용을 입력하세요", "분야의 값 세금", "방문 RV-000099가 없습니다",
                 "담당자 lee는", "처리 기한 2026-10-30"):
        assert part in message
    assert len(caught.value.parts) == 6
    assert _saved(shared) == before


def test_a_visit_id_written_otherwise_is_stored_as_the_visits_id(shared):
    visit = shared.add_visit(_visit(), members=MEMBERS, actor="kim", today=TODAY)
    typed = f"rv-{int(visit.id.removeprefix('RV-'))}"  # e.g. rv-1: found as the visit RV-000001
    d = shared.add_difficulty(_difficulty(visit_id=typed), members=MEMBERS, actor="kim", today=TODAY)
    assert d.visit_id == visit.id


# --- status, owner, notes ---------------------------------------------------------------------------

def _new(records, **changes):
    return records.add_difficulty(_difficulty(**changes), members=MEMBERS, actor="kim", today=TODAY)


AT = dt.datetime(2026, 11, 21, 1, 0, tzinfo=dt.timezone.utc)


def _at(hours: int) -> dt.datetime:
    return AT + dt.timedelta(hours=hours)


@pytest.mark.parametrize(("status", "allowed"), [
    ("접수", ("검토", "조치중", "해결", "이관", "종결")),
    ("조치중", ("접수", "검토", "해결", "이관", "종결")),
    ("이력", STATUSES),  # an imported one may be taken up in any status
    *[(closed, ("조치중",)) for closed in CLOSED_STATUSES],
])
def test_next_statuses(status, allowed):
    assert next_statuses(status) == allowed


def test_the_first_response_is_the_first_status_change_or_note_not_an_assignment(shared):
    d = _new(shared)
    d = shared.update_difficulty(d.id, version=d.version, actor="boss", owner="kim", now=_at(0))
    assert d.owner == "kim" and d.first_response_at is None
    d = shared.update_difficulty(d.id, version=d.version, actor="kim", due=TODAY, now=_at(1))
    assert d.due == TODAY and d.first_response_at is None  # nor a new due date
    d = shared.update_difficulty(d.id, version=d.version, actor="kim", note="전화로 상황 확인", now=_at(2))
    assert d.first_response_at == _at(2) and d.status == "접수"
    d = shared.update_difficulty(d.id, version=d.version, actor="kim", status="검토", now=_at(3))
    assert d.first_response_at == _at(2)  # stays the first


def test_a_status_change_is_a_first_response(shared):
    d = _new(shared)
    d = shared.update_difficulty(d.id, version=d.version, actor="kim", status="조치중", now=_at(5))
    assert (d.status, d.first_response_at, d.closed_at, d.version) == ("조치중", _at(5), None, 2)


def test_referral_needs_the_body_and_closing_needs_a_reason(shared):
    d = _new(shared)
    before = _saved(shared)
    with raises_message(OptionError, "이관할 기관을 입력하세요", language="ko"):
        shared.update_difficulty(d.id, version=1, actor="kim", status="이관")
    with raises_message(OptionError, "이관할 기관을 입력하세요", language="ko"):
        shared.update_difficulty(d.id, version=1, actor="kim", status="이관", referred_to="  ")
    with raises_message(OptionError, "종결 사유를 입력하세요", language="ko"):
        shared.update_difficulty(d.id, version=1, actor="kim", status="종결")
    assert _saved(shared) == before and shared.difficulty(d.id) == d
    referred = shared.update_difficulty(d.id, version=1, actor="kim", status="이관", referred_to="고용노동부",
                                         now=_at(1))
    assert (referred.status, referred.referred_to, referred.closed_at) == ("이관", "고용노동부", _at(1))


def test_a_closed_difficulty_can_only_be_reopened(shared):
    d = _new(shared)
    d = shared.update_difficulty(d.id, version=d.version, actor="kim", status="해결", now=_at(1))
    assert (d.closed_at, d.first_response_at) == (_at(1), _at(1))
    for status in ("접수", "검토", "이관", "종결"):
        with raises_message(OptionError, "'해결' 상태에서", language="ko"):
            shared.update_difficulty(d.id, version=d.version, actor="kim", status=status, referred_to="x",
                                      close_reason="x")
    assert shared.difficulty(d.id) == d
    reopened = shared.update_difficulty(d.id, version=d.version, actor="kim", status="조치중", now=_at(2))
    assert (reopened.status, reopened.closed_at, reopened.first_response_at) == ("조치중", None, _at(1))
    closed = shared.update_difficulty(d.id, version=reopened.version, actor="kim", status="종결",
                                       close_reason="폐업", now=_at(3))
    assert (closed.status, closed.close_reason, closed.closed_at) == ("종결", "폐업", _at(3))


def test_a_closed_difficulty_may_still_get_a_note_or_an_owner(shared):
    d = _new(shared)
    d = shared.update_difficulty(d.id, version=d.version, actor="kim", status="해결", now=_at(1))
    d = shared.update_difficulty(d.id, version=d.version, actor="kim", note="결과 통보", owner="boss", now=_at(2))
    assert (d.status, d.owner, d.closed_at) == ("해결", "boss", _at(1))


def test_every_change_is_in_the_history_with_who_and_what(shared):
    d = _new(shared, owner="kim")
    d = shared.update_difficulty(d.id, version=d.version, actor="boss", owner="boss", now=_at(0))
    d = shared.update_difficulty(d.id, version=d.version, actor="boss", note="  현장 확인  ", now=_at(1))
    d = shared.update_difficulty(d.id, version=d.version, actor="boss", status="이관", referred_to="KOTRA",
                                  note="수출 상담으로 이관", now=_at(2))
    d = shared.update_difficulty(d.id, version=d.version, actor="kim", category="판로·수출", due=TODAY,
                                  urgency="긴급", text="수출 판로", now=_at(3))
    history = shared.history(d.id)
    assert history[["actor", "action", "note"]].values.tolist() == [
        ["kim", "created", ""], ["boss", "assigned", ""], ["boss", "note", "현장 확인"],
        ["boss", "status", "수출 상담으로 이관"], ["kim", "changed", ""]]
    assert history["changes"].tolist() == [
        {}, {"owner": ["kim", "boss"]}, {}, {"status": ["접수", "이관"], "referred_to": [None, "KOTRA"]},
        {"category": ["자금", "판로·수출"], "text": ["운전자금 대출 한도가 부족합니다", "수출 판로"],
         "urgency": ["보통", "긴급"], "due": ["2026-11-16", "2026-11-20"]}]
    assert history["at"].tolist()[1:] == [_at(0), _at(1), _at(2), _at(3)]
    assert d.version == 5


def test_a_save_that_changes_nothing_is_not_a_change(shared):
    d = _new(shared, owner="kim")
    before = _saved(shared)
    same = shared.update_difficulty(d.id, version=d.version, actor="kim", owner="KIM", status="접수", note="  ")
    assert same == d and _saved(shared) == before


def test_the_owner_can_be_removed(shared):
    d = _new(shared, owner="kim")
    d = shared.update_difficulty(d.id, version=d.version, actor="kim", owner="")
    assert d.owner is None and shared.history(d.id)["changes"].iloc[-1] == {"owner": ["kim", None]}


def test_every_problem_of_an_update_is_reported_at_once_and_nothing_changes(shared):
    d = _new(shared)
    before = _saved(shared)
    with pytest.raises(OptionError) as caught:
        shared.update_difficulty(d.id, version=d.version, actor="kim", status="종결", owner="lee",
                                  due=HELD - dt.timedelta(days=1), category="세금", text=" ", urgency="매우")
    message = _korean(caught.value)
    for part in ("종결 사유를 입력하세요", "담당자 lee는", "처리 기한 2026-11-01", "분야의 값 세금", "애로 내용을 입력하세요",
                 "긴급도의 값 매우"):
        assert part in message
    assert len(caught.value.parts) == 6
    assert _saved(shared) == before and shared.difficulty(d.id) == d


def test_a_too_long_note_is_reported_with_the_other_problems(shared):
    d = _new(shared)
    with pytest.raises(OptionError) as caught:
        shared.update_difficulty(d.id, version=d.version, actor="kim", status="이관", note="가" * 4001)
    assert "이관할 기관을 입력하세요" in _korean(caught.value) and "4000자까지" in _korean(caught.value)


def test_a_too_long_note_alone_is_refused(shared):
    d = _new(shared)
    before = _saved(shared)
    with raises_message(OptionError, r"조치 내용이 너무 깁니다 \(4000자까지\)", language="ko"):
        shared.update_difficulty(d.id, version=d.version, actor="kim", note="가" * 4001)
    assert _saved(shared) == before


# --- optimistic locking -----------------------------------------------------------------------------

def test_two_updates_from_the_same_version(shared):
    d = _new(shared)
    first = shared.update_difficulty(d.id, version=1, actor="kim", status="검토", note="서류 검토", now=_at(1))
    before = _saved(shared)
    with pytest.raises(RecordConflictError) as caught:
        shared.update_difficulty(d.id, version=1, actor="boss", status="조치중", owner="boss", note="바로 조치",
                                  now=_at(2))
    conflict = caught.value
    assert conflict.stored == first and (conflict.stored.status, conflict.stored.version) == ("검토", 2)
    assert {k: conflict.attempted[k] for k in ("status", "owner", "note")} == {
        "status": "조치중", "owner": "boss", "note": "바로 조치"}
    assert d.id in _korean(conflict) and "kim님이" in _korean(conflict)
    assert _saved(shared) == before and shared.difficulty(d.id) == first
    retried = shared.update_difficulty(d.id, version=first.version, actor="boss", status="조치중", owner="boss",
                                        note="바로 조치", now=_at(2))
    assert (retried.status, retried.owner, retried.version, retried.first_response_at) == (
        "조치중", "boss", 3, _at(1))


def test_a_version_from_the_future_is_a_conflict_too(shared):
    d = _new(shared)
    with pytest.raises(RecordConflictError):
        shared.update_difficulty(d.id, version=7, actor="kim", status="검토")
    assert shared.difficulty(d.id) == d


# --- assigning several at once ------------------------------------------------------------------------

def test_assign_gives_several_difficulties_to_one_owner(shared):
    a, b, c = _new(shared), _new(shared, member_id="A2"), _new(shared, member_id="B1", owner="kim")
    before_stamp = shared.stamp()
    out = shared.assign([a.id, b.id, c.id], " Boss ", actor="kim")
    assert [(d.id, d.owner, d.version) for d in out] == [(a.id, "boss", 2), (b.id, "boss", 2), (c.id, "boss", 2)]
    assert all(d.first_response_at is None for d in out)  # an assignment is not an answer
    assert shared.history(a.id)[["actor", "action"]].values.tolist()[-1] == ["kim", "assigned"]
    assert shared.history(c.id)["changes"].iloc[-1] == {"owner": ["kim", "boss"]}
    assert shared.stamp() > before_stamp
    again = shared.assign([a.id], "boss", actor="kim")  # already theirs: nothing changes
    assert again[0].version == 2 and len(shared.history(a.id)) == 2


@pytest.mark.parametrize(("ids", "owner", "error"), [
    (["a", "b"], "lee", OptionError),
    (["a", "b"], "park", OptionError),
    (["a", "b"], "", OptionError),
    (["a", "RD-999999"], "kim", NotFoundError),  # all or none: a is not given to kim either
    (["a", "D404"], "kim", NotFoundError),
])
def test_assign_is_all_or_nothing(shared, ids, owner, error):
    made = {"a": _new(shared), "b": _new(shared, member_id="A2")}
    before = _saved(shared)
    with pytest.raises(error):
        shared.assign([made[i].id if i in made else i for i in ids], owner, actor="boss")
    assert _saved(shared) == before
    assert [shared.difficulty(d.id) for d in made.values()] == list(made.values())


# --- reading ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("record_id", ["RD-000042", "D1", "RV-000001", "", "RD-x"])
def test_an_unknown_difficulty_is_not_found(shared, record_id):
    before = _saved(shared)
    with pytest.raises(NotFoundError):
        shared.difficulty(record_id)
    with pytest.raises(NotFoundError):
        shared.update_difficulty(record_id, version=1, actor="kim", status="검토")
    with pytest.raises(NotFoundError):
        shared.assign([record_id], "kim", actor="boss")
    assert shared.find_imported(record_id) is None
    assert _saved(shared) == before


def test_the_stamp_grows_with_every_change(records):
    stamps = [records.stamp()]
    visit = records.add_visit(_visit(), members=MEMBERS, actor="kim", today=TODAY)
    stamps.append(records.stamp())
    d = _new(records, visit_id=visit.id)
    stamps.append(records.stamp())
    records.update_difficulty(d.id, version=d.version, actor="kim", note="확인")
    stamps.append(records.stamp())
    assert stamps == sorted(set(stamps)) and stamps[0] == 0
    assert records.tables().stamp == stamps[-1]


def test_tables_shape_the_records_like_the_data_set(records):
    visit = records.add_visit(_visit(), members=MEMBERS, actor="kim", today=TODAY)
    d = _new(records, visit_id=visit.id, owner="kim")
    d = records.update_difficulty(d.id, version=d.version, actor="kim", status="해결", now=_at(1))
    tables = records.tables()
    assert list(tables.visits.columns) == list(fieldwork.RECORDED_VISIT_COLUMNS)
    assert list(tables.difficulties.columns) == list(fieldwork.RECORDED_DIFFICULTY_COLUMNS)
    assert tables.visits[["visit_id", "date", "program", "sigungu", "office", "participants", "record_version"]
                         ].values.tolist() == [["RV-000001", pd.Timestamp(HELD), "간담회", "종로구", "서울본부", 3, 1]]
    assert tables.attendance[["visit_id", "member_id", "member_name"]].values.tolist() == [
        ["RV-000001", "A1", "서울가"], ["RV-000001", "A2", "서울나"]]
    assert tables.guests[["visit_id", "name", "sigungu"]].values.tolist() == [["RV-000001", "홍길동", "수원시 영통구"]]
    row = tables.difficulties.iloc[0]
    assert (row["difficulty_id"], row["visit_id"], row["status"], row["owner"], row["raised_on"], row["due"],
            row["closed_at"], row["record_version"], row["recorded"]) == (
        "RD-000001", "RV-000001", "해결", "kim", pd.Timestamp(HELD), pd.Timestamp("2026-11-16"), _at(1), 2, True)


def test_the_default_records_of_a_workspace_use_the_settings_policy(shared):
    workspace = shared.workspace
    assert isinstance(workspace.records, Records)
    assert workspace.records.policy == FieldWork() and workspace.records.workspace is workspace


# --- with the workspace: imports, rollbacks, the imported difficulties --------------------------------

WS_MEMBERS = ("회원번호,회사명,연합회,시도,시군구\n"
              "A1,서울가,서울,서울,종로구\nA2,서울나,서울,서울,중구\nB1,부산가,부산,부산,중구\n")
WS_VISITS = "방문번호,일자,프로그램,시도,시군구,지역본부\nV1,2026-10-05,간담회,서울,종로구,서울본부\n"
WS_ATTENDANCE = "방문번호,회원번호\nV1,A1\nV1,B1\n"
WS_DIFFICULTIES = ("애로번호,방문번호,회원번호,애로유형,애로내용\n"
                   "D1,V1,A1,자금,보증 한도 부족\nD2,V1,B1,인력,외국인 근로자 배정\n")


def _import_and_record(records: Records) -> Records:
    """Version 1 imported, then a recorded visit of A2 (RV-000001) and A2's difficulty raised there (RD-000001)."""
    ws = records.workspace
    ws.import_files({"members": WS_MEMBERS.encode(), "visits": WS_VISITS.encode(),
                     "attendance": WS_ATTENDANCE.encode(), "difficulties": WS_DIFFICULTIES.encode()})
    members = ws.load().members
    visit = records.add_visit(_visit(member_ids=("A2",), guests=()), members=members, actor="kim", today=TODAY)
    records.add_difficulty(_difficulty(member_id="A2", visit_id=visit.id, text="서울나의 사정", raised_on=None),
                           members=members, actor="kim", today=TODAY)
    return records


@pytest.fixture
def imported(records):
    """An empty workspace after :func:`_import_and_record`."""
    return _import_and_record(records)


def _frames(records) -> list[pd.DataFrame]:
    tables = records.tables()
    return [tables.visits, tables.attendance, tables.difficulties, tables.guests]


def test_load_with_records_adds_the_recorded_field_work(imported):
    ds = imported.workspace.load_with_records()
    assert ds.visits[["visit_id", "recorded"]].values.tolist() == [["V1", False], ["RV-000001", True]]
    assert ds.attendance[["visit_id", "member_id"]].values.tolist() == [["V1", "A1"], ["V1", "B1"],
                                                                        ["RV-000001", "A2"]]
    assert ds.difficulties[["difficulty_id", "status", "recorded"]].values.tolist() == [
        ["D1", "이력", False], ["D2", "이력", False], ["RD-000001", "접수", True]]


def test_imports_and_rollbacks_leave_the_records_alone(imported):
    ws = imported.workspace
    before, stamp = _frames(imported), imported.stamp()
    ws.import_files({"members": "회원번호,회사명,연합회,시도,시군구\nA1,서울가,서울,서울,종로구\n".encode()})
    ws.rollback(1, actor="boss")
    ws.import_files({"visits": "방문번호,일자,시군구\nV9,2026-09-01,서울 중구\n".encode()})
    for frame, earlier in zip(_frames(imported), before):
        pd.testing.assert_frame_equal(frame, earlier)
    assert imported.stamp() == stamp
    assert ws.load_with_records(1).difficulties["difficulty_id"].tolist()[-1] == "RD-000001"


def test_a_difficulty_of_a_firm_that_left_the_list_keeps_its_data(imported):
    ws = imported.workspace
    ws.import_files({"members": "회원번호,회사명,연합회,시도,시군구\nA1,서울가,서울,서울,종로구\nB1,부산가,부산,부산,중구\n"
                    .encode()})
    queue = fieldwork.difficulty_queue(ws.load_with_records(), today=TODAY)
    row = queue.set_index("difficulty_id").loc["RD-000001"]
    assert (row["in_members"], row["member_name"], row["federation"], row["sigungu"], row["office"]) == (
        False, "서울나", "서울", "종로구", "서울본부")  # 시군구 and office from the recorded visit
    assert imported.difficulty("RD-000001").member_name == "서울나"


def test_adopting_an_imported_difficulty_once(imported):
    ws = imported.workspace
    row = ws.load_with_records().difficulties.set_index("difficulty_id", drop=False).loc["D2"]
    adopted = imported.adopt(row, actor="kim")
    assert (adopted.import_key, adopted.member_id, adopted.member_name, adopted.federation, adopted.visit_id) == (
        "D2", "B1", "부산가", "부산", "V1")
    assert (adopted.category, adopted.text, adopted.status, adopted.raised_on) == (
        "인력", "외국인 근로자 배정", "접수", dt.date(2026, 10, 5))
    assert adopted.due == dt.date(2026, 10, 5) + dt.timedelta(days=DEFAULT_DUE_DAYS["인력"])
    stamp = imported.stamp()
    assert imported.adopt(row, actor="boss") == adopted and imported.stamp() == stamp  # the same record again
    assert imported.find_imported("D2") == adopted == imported.difficulty("D2")
    assert imported.history("D2")[["actor", "action", "note"]].values.tolist() == [["kim", "adopted", "D2"]]
    merged = ws.load_with_records().difficulties
    assert merged["difficulty_id"].tolist() == ["D1", "RD-000001", adopted.id]  # D2 once, as its record
    assert merged.set_index("difficulty_id").loc[adopted.id, "import_key"] == "D2"
    followed = imported.update_difficulty("D2", version=adopted.version, actor="kim", status="검토")
    assert followed.id == adopted.id and followed.status == "검토"


def test_adopting_an_imported_difficulty_without_firm_or_text(imported):
    ws = imported.workspace
    ws.import_files({"difficulties": "애로번호,방문번호,회원번호,애로유형,애로내용\nD3,V1,,규제,\n".encode()})
    row = ws.load_with_records().difficulties.set_index("difficulty_id", drop=False).loc["D3"]
    adopted = imported.adopt(row, actor="kim")
    assert "nan" not in (adopted.member_id, adopted.member_name, adopted.federation, adopted.text)


# --- who sees what ----------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def recorded_view(request, tmp_path_factory):
    """After :func:`_import_and_record`: A2 left the member list, its RD-000001 was closed with a reason, and B1
    (부산) raised RD-000002; the data set with the records (the tests only read it)."""
    with Workspace(_module_url(request, tmp_path_factory)) as ws:
        records = _import_and_record(_with_accounts(ws))
        ws.import_files({"members": "회원번호,회사명,연합회,시도,시군구\nA1,서울가,서울,서울,종로구\nB1,부산가,부산,부산,중구\n"
                        .encode()})
        records.update_difficulty("RD-000001", version=1, actor="kim", status="종결", close_reason="대표 개인 사정")
        records.add_difficulty(_difficulty(member_id="B1", text="부산가의 사정", category="기술"), members=MEMBERS,
                               actor="kim", today=TODAY)
        yield ws.load_with_records()


def test_a_leader_sees_only_the_difficulties_of_their_federation(recorded_view):
    view = scoped_dataset(recorded_view, Scope("leader", federation="서울"))
    # D1 (A1), and RD-000001 of A2, which left the list but was recorded as 서울's
    assert view.difficulties["difficulty_id"].tolist() == ["D1", "RD-000001"]
    assert "부산가의 사정" not in view.difficulties["text"].tolist()
    assert view.visits["visit_id"].tolist() == ["V1", "RV-000001"]
    busan = scoped_dataset(recorded_view, Scope("leader", federation="부산"))
    assert busan.difficulties["difficulty_id"].tolist() == ["D2", "RD-000002"]


def test_an_analyst_sees_categories_and_statuses_but_not_what_firms_confided(recorded_view):
    view = scoped_dataset(recorded_view, Scope("analyst"))
    assert view.difficulties["text"].isna().all() and view.difficulties["close_reason"].isna().all()
    for column in ("difficulty_id", "category", "status", "owner"):
        assert view.difficulties[column].tolist() == recorded_view.difficulties[column].tolist()
    everything = view.difficulties.astype(str).to_csv()
    assert "사정" not in everything and "배정" not in everything
    assert recorded_view.difficulties["close_reason"].notna().any()  # the input is not changed


@pytest.mark.parametrize("role", ["admin", "staff"])
def test_staff_see_every_difficulty(recorded_view, role):
    assert scoped_dataset(recorded_view, Scope(role)) is recorded_view
    assert recorded_view.difficulties["difficulty_id"].tolist() == ["D1", "D2", "RD-000001", "RD-000002"]


def test_only_admin_and_staff_may_record():
    scopes = {role: Scope(role, federation="서울" if role == "leader" else None) for role in ROLES}
    assert [role for role, scope in scopes.items() if scope.may_record] == ["admin", "staff"]


# --- the due-date settings --------------------------------------------------------------------------

def test_days_to_answer():
    policy = FieldWork()
    assert {c: policy.days_to_answer(c, urgent=False) for c in DEFAULT_DUE_DAYS} == DEFAULT_DUE_DAYS
    assert policy.days_to_answer("규제", urgent=True) == 7 and policy.days_to_answer("자금", urgent=True) == 7
    assert policy.days_to_answer(None, urgent=False) == 30 == policy.days_to_answer("그밖", urgent=False)
    assert FieldWork(urgent_due_days=20).days_to_answer("자금", urgent=True) == 14  # never later than usual


@pytest.mark.parametrize("options", [{"due_days": {"자금": 0}}, {"other_due_days": 0}, {"urgent_due_days": -1}])
def test_a_field_work_policy_is_checked(options):
    with pytest.raises(OptionError, match="1 이상이어야 합니다"):
        FieldWork(**options)


def test_due_days_from_the_environment():
    settings = load_settings({"NETWORK_DUE_DAYS": " 자금=7, 규제 = 60 ,"})
    assert settings.field_work.due_days == {**DEFAULT_DUE_DAYS, "자금": 7, "규제": 60}
    assert load_settings({}).field_work == FieldWork()


@pytest.mark.parametrize("value", ["자금=0", "자금=abc", "자금", "=5", "자금=-3", "자금=7,인력="])
def test_a_bad_due_days_setting_is_refused(value):
    with raises_message(OptionError, "NETWORK_DUE_DAYS", language="ko"):
        load_settings({"NETWORK_DUE_DAYS": value})


def test_due_days_come_from_the_environment_when_the_records_are_opened(workspace, monkeypatch):
    monkeypatch.setenv("NETWORK_DUE_DAYS", "자금=3")
    assert workspace.records.policy.days_to_answer("자금", urgent=False) == 3
    monkeypatch.delenv("NETWORK_DUE_DAYS")
    assert workspace.records.policy.days_to_answer("자금", urgent=False) != 3
