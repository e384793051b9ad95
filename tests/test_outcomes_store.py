"""Tests for network.store.outcomes: outcomes of suggestions and the log of suggestions shown, kept in the
workspace; with the workspace (load_with_records, imports and rollbacks) and the migration that adds them.

Every test taking ``workspace_url`` (directly or through ``outcomes``) runs on an SQLite file and on a database of
the throw-away PostgreSQL cluster the tests start (``tests/database.py``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from network import feedback
from network.config import Feedback
from network.errors import OptionError
from network.store import Workspace
from network.store import tables as t
from network.store.outcomes import MAX_REASON, Outcome, Outcomes
from tests.conftest import raises_message

MEMBERS_CSV = ("회원번호,회사명,연합회,시도,시군구\n"
               "A1,가나정밀,서울,서울,종로구\nA2,다라전자,서울,서울,중구\nB1,마바화학,부산,부산,중구\n"
               "B2,사아기계,부산,부산,해운대구\n")
PARTNERSHIPS_CSV = "기업1,기업2,시작일\nA1,B1,2021-05-01\n"
# (with a visit: fieldwork.with_records fails on a data set without visits under pandas 3, not a matter of outcomes)
VISITS_CSV = "방문번호,일자,프로그램,시도,시군구,참석기업\nV1,2026-02-05,간담회,서울,종로구,A1\n"
FILES = {"members": MEMBERS_CSV.encode(), "partnerships": PARTNERSHIPS_CSV.encode(), "visits": VISITS_CSV.encode()}
DAY = dt.date(2026, 3, 4)
AT = dt.datetime(2026, 3, 4, 2, 0, tzinfo=dt.timezone.utc)  # 11:00 in Korea


@pytest.fixture
def workspace(workspace_url):
    with Workspace(workspace_url) as ws:
        ws.import_files(FILES)
        yield ws


@pytest.fixture
def outcomes(workspace) -> Outcomes:
    return workspace.outcomes


def _record(outcomes: Outcomes, member: str, candidate: str, outcome: str, **options) -> Outcome:
    ds = outcomes.workspace.load_with_records()
    options = {"actor": "kim", "today": DAY, "now": AT, **options}
    return outcomes.record(member, candidate, outcome, members=ds.members, partnerships=ds.partnerships, **options)


def _stored(outcomes: Outcomes) -> tuple[int, int, int]:
    """Rows of the two tables and the stamp."""
    with outcomes.workspace.engine.connect() as connection:
        counts = [connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                  for table in (t.suggestion_outcomes, t.suggestions_shown)]
    return counts[0], counts[1], outcomes.stamp()


# --- recording ---------------------------------------------------------------------------------------

def test_an_outcome_is_stored_with_who_and_when(outcomes):
    done = _record(outcomes, "A1", "A2", "만남")
    assert done == Outcome("SO-000001", "A1", "A2", "met", None, "kim", AT, DAY)
    table = outcomes.table()
    assert list(table.columns) == list(feedback.OUTCOME_COLUMNS)
    assert table.astype(object).where(table.notna(), None).values.tolist() == [
        ["SO-000001", "A1", "A2", "met", None, "kim", pd.Timestamp(AT), pd.Timestamp(DAY)]]
    assert table.dtypes.astype(str).to_dict() == feedback.empty_outcomes().dtypes.astype(str).to_dict()


def test_a_decline_keeps_its_reason_and_the_ids_are_stripped(outcomes):
    done = _record(outcomes, " A1 ", "B2", "관심없음", reason="  이미 거래처가 있음 ")
    assert (done.member_id, done.candidate_id, done.outcome, done.reason) == ("A1", "B2", "declined", "이미 거래처가 있음")
    assert outcomes.table()["reason"].tolist() == ["이미 거래처가 있음"]


def test_the_day_is_the_korean_calendar_day_of_the_moment_recorded(outcomes):
    late = dt.datetime(2026, 3, 4, 15, 30, tzinfo=dt.timezone.utc)  # 00:30 on 03-05 in Korea
    assert _record(outcomes, "A1", "A2", "met", today=None, now=late).day == dt.date(2026, 3, 5)


def test_a_pair_can_move_on_from_introduced_to_met_to_partnered(outcomes):
    for outcome in ("introduced", "met", "partnered"):
        _record(outcomes, "A1", "A2", outcome)
    assert outcomes.table()["outcome"].tolist() == ["introduced", "met", "partnered"]


@pytest.mark.parametrize(("member", "candidate", "outcome", "reason", "message"), [
    ("Z9", "A2", "met", None, r"The member is not in the member list: 'Z9'$"),
    ("A1", "Z9", "met", None, r"The suggested firm is not in the member list: 'Z9'$"),
    ("B22", "A2", "met", None, r"'B22' — did you mean 'B2'\?"),
    ("A1", "다라전자", "met", None, r"'다라전자' — did you mean 'A2 \(다라전자\)'\?"),
    ("", "A2", "met", None, r"The member is not in the member list: ''"),
    ("A1", "A1", "met", None, r"The member and the suggested firm are the same: A1"),
    ("A1", "A2", "좋음", None, r"Unknown outcome: '좋음'"),
    ("A1", "B1", "met", None, r"A1 and B1 are already partners \(since 2021-05-01\)"),
    ("B1", "A1", "declined", None, r"B1 and A1 are already partners \(since 2021-05-01\)"),
    ("A1", "A2", "met", "만났음", r"Only a decline takes a reason \(the outcome given: met\)"),
    ("A1", "A2", "declined", "가" * (MAX_REASON + 1), r"The reason is too long \(at most 1000 characters\)"),
])
def test_a_wrong_outcome_is_refused_and_nothing_is_stored(outcomes, member, candidate, outcome, reason, message):
    before = _stored(outcomes)
    with raises_message(OptionError, message):
        _record(outcomes, member, candidate, outcome, reason=reason)
    assert _stored(outcomes) == before


def test_the_messages_are_korean_and_name_the_ids(outcomes):
    with raises_message(OptionError, "^회원 명단에 없는 회원사입니다: 'Z9'; 추천된 기업이 회원 명단에 없습니다: 'A11'"
                                     " — A1을 뜻하셨나요\\?; 알 수 없는 추천 결과입니다: '좋음'", language="ko"):
        _record(outcomes, "Z9", "A11", "좋음")
    with raises_message(OptionError, "^A1과 B1은 이미 협력 관계입니다 \\(2021-05-01부터\\)", language="ko"):
        _record(outcomes, "A1", "B1", "소개함")
    with raises_message(OptionError, "^사유는 '관심 없음'에만 적을 수 있습니다 \\(기록하려는 결과: 협력 성사\\)",
                        language="ko"):
        _record(outcomes, "A1", "A2", "partnered", reason="좋음")


def test_every_problem_is_said_at_once(outcomes):
    with pytest.raises(OptionError) as info:
        _record(outcomes, "Z9", "Z9", "maybe", reason="x")
    assert [key for key, _ in info.value.parts] == [
        "error.outcome_unknown_member", "error.outcome_unknown_candidate", "error.outcome_same_firm",
        "error.outcome_unknown"]
    assert outcomes.table().empty


def test_a_pair_partnered_before_is_already_partners_in_either_direction(outcomes):
    _record(outcomes, "A1", "A2", "partnered")
    before = _stored(outcomes)
    with raises_message(OptionError, r"A2 and A1 are already partners \(since 2026-03-04\)"):
        _record(outcomes, "A2", "A1", "met")  # load_with_records holds the partnered pair
    members = outcomes.workspace.load().members  # the version as imported, without the partnered outcome
    with raises_message(OptionError, r"A1 and A2 are already partners \(since 2026-03-04\)"):
        outcomes.record("A1", "A2", "partnered", actor="kim", members=members,
                        partnerships=outcomes.workspace.load().partnerships)
    assert _stored(outcomes) == before


def test_partners_without_a_start_date_are_refused_without_one(workspace):
    workspace.import_files({"partnerships": "기업1,기업2\nA2,B2\n".encode()})
    with raises_message(OptionError, r"^A2 and B2 are already partners: no outcome is recorded for partners$"):
        _record(workspace.outcomes, "A2", "B2", "met")


def test_for_member_gives_the_pairs_on_either_side(outcomes):
    _record(outcomes, "A1", "A2", "introduced")
    _record(outcomes, "B2", "A1", "declined")
    _record(outcomes, "A2", "B2", "met")
    assert outcomes.for_member("A1")[["outcome_id", "member_id", "candidate_id"]].values.tolist() == [
        ["SO-000001", "A1", "A2"], ["SO-000002", "B2", "A1"]]
    assert outcomes.for_member("Z9").empty and list(outcomes.for_member("Z9").columns) == list(feedback.OUTCOME_COLUMNS)


def test_declined_uses_the_policy(workspace):
    outcomes = Outcomes(workspace, policy=Feedback(decline_months=3))
    _record(outcomes, "A1", "B2", "declined", today=dt.date(2026, 1, 10))
    assert outcomes.declined(today=dt.date(2026, 4, 9))[["member_id", "candidate_id"]].values.tolist() == [["A1", "B2"]]
    assert outcomes.declined(today=dt.date(2026, 4, 10)).empty
    assert workspace.outcomes.policy == Feedback()  # the settings' (NETWORK_DECLINE_MONTHS unset)


def test_the_default_policy_comes_from_the_environment(workspace, monkeypatch):
    monkeypatch.setenv("NETWORK_DECLINE_MONTHS", "2")
    assert workspace.outcomes.policy.decline_months == 2


# --- the suggestions shown ---------------------------------------------------------------------------

def test_log_shown_keeps_one_row_per_pair_with_the_first_and_the_last_time(outcomes):
    first, later = AT, AT + dt.timedelta(days=2)
    assert outcomes.log_shown("A1", [("A2", 1, 0.9), ("B2", 2, 0.5)], "kim", now=first) == 2
    assert outcomes.log_shown("A1", [("B2", 1, 0.7), ("B1", 2, None)], "lee", now=later) == 2
    shown = outcomes.shown()
    assert list(shown.columns) == list(feedback.SHOWN_COLUMNS)
    rows = shown.astype(object).where(shown.notna(), None).values.tolist()
    assert rows == [
        ["A1", "A2", 1, 0.9, pd.Timestamp(first), pd.Timestamp(first), "kim"],
        ["A1", "B2", 1, 0.7, pd.Timestamp(first), pd.Timestamp(later), "lee"],   # first kept, the rest is the last's
        ["A1", "B1", 2, None, pd.Timestamp(later), pd.Timestamp(later), "lee"],
    ]
    assert shown.dtypes.astype(str).to_dict() == feedback.empty_shown().dtypes.astype(str).to_dict()


def test_log_shown_counts_a_candidate_given_twice_once(outcomes):
    assert outcomes.log_shown("A1", [("A2", 1, 0.9), ("A2", 3, 0.1), ("B2", 2, float("nan"))], "kim") == 2
    shown = outcomes.shown()
    assert shown[["candidate_id", "rank"]].values.tolist() == [["A2", 1], ["B2", 2]]
    assert shown["score"].isna().tolist() == [False, True]


def test_log_shown_of_many_candidates_is_one_statement(outcomes):
    statements = []

    def seen(connection, cursor, statement, *args):
        statements.append(statement)

    engine = outcomes.workspace.engine
    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        outcomes.log_shown("A1", [(f"C{n}", n, 1.0 / n) for n in range(1, 201)], "kim")
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    writes = [s for s in statements if "suggestions_shown" in s]
    assert len(writes) == 1 and "ON CONFLICT" in writes[0].upper()
    assert len(outcomes.shown()) == 200


@pytest.mark.parametrize(("member", "candidates", "message"), [
    ("", [("A2", 1, 0.5)], "needs a member_id"),
    ("A1", [("A1", 1, 0.5)], "another member than 'A1'"),
    ("A1", [("", 1, 0.5)], "another member"),
    ("A1", [("A2", 0, 0.5)], "rank was 0"),
])
def test_log_shown_refuses_a_callers_mistake(outcomes, member, candidates, message):
    before = _stored(outcomes)
    with pytest.raises(ValueError, match=message):
        outcomes.log_shown(member, candidates, "kim")
    assert _stored(outcomes) == before


def test_log_shown_of_nothing_writes_nothing(outcomes):
    before = _stored(outcomes)
    assert outcomes.log_shown("A1", [], "kim") == 0
    assert _stored(outcomes) == before


def test_the_stamps_change_with_every_outcome_and_every_logging(outcomes):
    """``stamp`` follows the outcomes (what changes the engine), ``shown_stamp`` the log of suggestions shown."""
    stamps = [(outcomes.stamp(), outcomes.shown_stamp())]
    outcomes.log_shown("A1", [("A2", 1, 0.9)], "kim", now=AT)
    stamps.append((outcomes.stamp(), outcomes.shown_stamp()))
    outcomes.log_shown("A1", [("A2", 1, 0.9)], "kim", now=AT)  # the same again, even at the same moment
    stamps.append((outcomes.stamp(), outcomes.shown_stamp()))
    _record(outcomes, "A1", "A2", "introduced")
    stamps.append((outcomes.stamp(), outcomes.shown_stamp()))
    outcomes.log_shown("B2", [("A2", 1, 0.3)], "lee")
    stamps.append((outcomes.stamp(), outcomes.shown_stamp()))
    recorded, logged = zip(*stamps)
    assert recorded == (0, 0, 0, 1, 1)  # only the outcome moved it
    assert logged[0] == 0 and logged[1] < logged[2] == logged[3] < logged[4]  # every logging moved the other
    outcomes.table(), outcomes.shown(), outcomes.declined()  # reading changes nothing
    assert (outcomes.stamp(), outcomes.shown_stamp()) == stamps[-1]


# --- with the workspace ------------------------------------------------------------------------------

def test_load_with_records_has_the_partnered_pair_dated_that_day(outcomes):
    _record(outcomes, "A2", "B2", "partnered")
    _record(outcomes, "A1", "A2", "met")
    _record(outcomes, "B2", "A1", "declined")
    p = outcomes.workspace.load_with_records().partnerships
    assert p[["source_id", "target_id", "started", "recorded"]].values.tolist() == [
        ["A1", "B1", pd.Timestamp("2021-05-01"), False], ["A2", "B2", pd.Timestamp(DAY), True]]
    assert len(outcomes.workspace.load().partnerships) == 1  # the version itself is not changed


def test_imports_and_rollbacks_leave_the_outcomes_alone_and_an_imported_pair_is_not_doubled(outcomes):
    ws = outcomes.workspace
    _record(outcomes, "A2", "B2", "partnered")
    outcomes.log_shown("A1", [("A2", 1, 0.9)], "kim")
    before, stamp = (outcomes.table(), outcomes.shown()), outcomes.stamp()
    ws.import_files({"partnerships": "기업1,기업2,시작일\nA1,B1,2021-05-01\nB2,A2,2026-03-10\n".encode()})
    p = ws.load_with_records().partnerships
    assert p[["source_id", "target_id", "started", "recorded"]].values.tolist() == [
        ["A1", "B1", pd.Timestamp("2021-05-01"), False], ["B2", "A2", pd.Timestamp("2026-03-10"), False]]
    ws.rollback(1)
    assert ws.load_with_records().partnerships["recorded"].tolist() == [False, True]
    pd.testing.assert_frame_equal(outcomes.table(), before[0])
    pd.testing.assert_frame_equal(outcomes.shown(), before[1])
    assert outcomes.stamp() == stamp


def test_a_partnered_firm_that_left_the_member_list_is_left_out_of_the_partnerships(outcomes):
    ws = outcomes.workspace
    _record(outcomes, "A2", "B2", "partnered")
    ws.import_files({"members": MEMBERS_CSV.replace("B2,사아기계,부산,부산,해운대구\n", "").encode()})
    assert not ws.load_with_records().partnerships["recorded"].any()
    assert outcomes.table()["candidate_id"].tolist() == ["B2"]  # the outcome itself is kept


# --- the migration -----------------------------------------------------------------------------------

def test_a_workspace_at_0003_with_data_and_field_work_is_upgraded(workspace_url):
    """A workspace made by the program before outcomes existed (revision 0003), with a version and a recorded visit,
    is upgraded when opened: the new tables appear empty, everything else is as it was, and outcomes can be recorded;
    the downgrade removes them again."""
    from alembic import command

    from network.store.records import Records, VisitInput
    from network.store.workspace import _alembic_config

    engine = sa.create_engine(workspace_url)
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "0003")
            connection.execute(t.workspace_state.insert().values(id=1, current_version=None,
                                                                 updated_at=dt.datetime.now(dt.timezone.utc)))
        old = Workspace.__new__(Workspace)  # the workspace as the previous program used it: no migration
        old.url, old.engine, old.revision = workspace_url, engine, "0003"
        old.import_files(FILES)
        members = old.load().members
        Records(old).add_visit(VisitInput(DAY, "간담회", "서울 종로구", member_ids=("A1",)), members=members,
                               actor="kim", today=DAY)
        assert not {"suggestion_outcomes", "suggestions_shown"} & set(sa.inspect(engine).get_table_names())
        with Workspace(workspace_url) as ws:
            assert ws.revision == "0005"  # 0004 (outcomes) and 0005 (the suggestion model of each version)
            with engine.connect() as connection:
                assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0005"
            ds = ws.load_with_records()
            assert ds.members["member_id"].tolist() == ["A1", "A2", "B1", "B2"]
            assert ds.visits["visit_id"].tolist() == ["V1", "RV-000001"]
            assert ds.partnerships["recorded"].tolist() == [False]
            assert ws.outcomes.table().empty and ws.outcomes.shown().empty and ws.outcomes.stamp() == 0
            _record(ws.outcomes, "A1", "A2", "partnered")
            ws.outcomes.log_shown("A1", [("A2", 1, 0.5)], "kim")
            assert ws.load_with_records().partnerships["recorded"].tolist() == [False, True]
            assert ws.suggestion_model().decision in ("fitted", "fallback", "default")
        with engine.begin() as connection:
            command.downgrade(_alembic_config(connection), "0003")
        assert not {"suggestion_outcomes", "suggestions_shown", "suggestion_models"} & set(
            sa.inspect(engine).get_table_names())
        assert "field_visits" in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()
