"""The field-work pages with ``AppTest``: 현장 기록 (record a visit and its difficulties, correct a visit) and
애로사항 (the queue, status changes and their locking, assignment, the dashboards), for each role."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.common import LAST_SEEN_KEY, USER_KEY
from network import fieldwork
from network.config import load_settings
from network.store import Workspace
from network.store.records import DifficultyInput, VisitInput
from tests.test_app_access import page_text, shown, text

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
FIELD, QUEUE = "app_pages/field.py", "app_pages/difficulties.py"
SECRET = "대표가 털어놓은 운전자금 사정이 급합니다"


@pytest.fixture(autouse=True)
def workspace(app_workspace):
    with Workspace(load_settings().workspace_url) as ws:
        yield ws


@pytest.fixture()
def members(workspace):
    return workspace.load().members


def _as(workspace: Workspace, role: str, *, federation: str | None = None, office: str | None = None) -> AppTest:
    name = f"{role}1"
    user = workspace.accounts.add(name, role, federation=federation, office=office, email=f"{name}@example.com")
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[USER_KEY] = user
    at.session_state[LAST_SEEN_KEY] = time.time()
    return at


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [str(e.value)[:300] for e in at.exception]
    return at


def _errors(at: AppTest) -> list[str]:
    return [shown(e.value) for e in at.error]


def _submit(at: AppTest) -> AppTest:
    buttons = at.get("form_submit_button")
    assert len(buttons) == 1
    buttons[0].click().run()
    return _ok(at)


def _record_visit(at: AppTest, place: str, firms: list[str]) -> AppTest:
    at.switch_page(FIELD).run()
    _ok(at)
    at.text_input(key="fv_place").set_value(place)
    at.multiselect(key="fv_firms").set_value(firms)
    return _submit(at)


def test_staff_record_a_visit_then_its_difficulty_with_the_suggested_category(workspace, members):
    firms = members["member_id"].iloc[:2].tolist()
    at = _as(workspace, "staff", office="서울지역본부")
    before = workspace.load_with_records()
    _record_visit(at, "수원시 영통구", firms)
    assert not _errors(at)
    visit = workspace.records.visit("RV-000001")
    assert visit.member_ids == tuple(sorted(firms)) and visit.sigungu == "수원시 영통구"
    assert visit.created_by == "staff1" and visit.participants == 2
    assert [s.value for s in at.success] == [text("field_visit_saved", id="RV-000001", sigungu="수원시 영통구",
                                                  firms=2)]
    # the form moves on to the visit's difficulties, with the visit chosen and its firms first
    assert at.session_state["field_mode"] == "difficulty"
    assert at.selectbox(key="fd_visit").value == "RV-000001"
    labels = fieldwork.member_labels(members)
    assert set(at.selectbox(key="fd_member").options[:2]) == {labels[f] for f in firms}
    at.text_area(key="fd_text").set_value("외국인 근로자 고용허가 인원이 부족해 채용이 어렵습니다").run()
    _ok(at)
    assert at.segmented_control(key="fd_category").value == "인력"  # suggested as the text was entered
    assert any(c.value.startswith("제안 분야: 인력") for c in at.caption)
    at.selectbox(key="fd_member").set_value(firms[0]).run()
    at.button(key="fd_save").click().run()
    _ok(at)
    assert not _errors(at)
    saved = workspace.records.difficulty("RD-000001")
    assert (saved.member_id, saved.visit_id, saved.category, saved.status, saved.raised_on) == (
        firms[0], "RV-000001", "인력", "접수", dt.date.today())
    assert saved.due == dt.date.today() + dt.timedelta(days=30)
    assert at.text_area(key="fd_text").value == ""  # ready for the next one
    # the recorded visit counts at once on the other pages, without an import
    after = workspace.load_with_records()
    assert len(after.visits) == len(before.visits) + 1
    at.switch_page("app_pages/overview.py").run()
    visits = {m.label: m.value for m in _ok(at).metric}[text("kpi_visits")]
    assert visits == f"{len(after.visits):,}"


def test_a_wrong_visit_says_every_problem_in_korean_and_saves_nothing(workspace, members):
    at = _as(workspace, "staff")
    stamp = workspace.records.stamp()
    at.switch_page(FIELD).run()
    at.text_input(key="fv_place").set_value("없는동네 어딘가")
    at.multiselect(key="fv_firms").set_value(members["member_id"].iloc[:3].tolist())
    at.number_input(key="fv_participants").set_value(1)
    _submit(at)
    [message] = _errors(at)
    assert "장소 '없는동네 어딘가'의 시군구를 알 수 없습니다" in message
    assert "참석자 수(1명)가 입력한 참석 기업·비회원 수(3명)보다 적습니다" in message
    assert workspace.records.stamp() == stamp
    assert at.text_input(key="fv_place").value == "없는동네 어딘가"  # nothing the person typed is lost


def test_a_difficulty_without_firm_or_text_is_refused_on_the_form(workspace):
    at = _as(workspace, "staff")
    at.switch_page(FIELD).run()
    at.segmented_control(key="field_mode").set_value("difficulty").run()
    at.button(key="fd_save").click().run()
    [message] = _errors(_ok(at))
    assert text("error.difficulty_no_firm") in message and text("error.difficulty_no_text") in message
    assert workspace.records.stamp() == 0


def test_a_visit_is_corrected_and_every_change_is_kept(workspace, members):
    firms = members["member_id"].iloc[:2].tolist()
    at = _as(workspace, "staff")
    _record_visit(at, "수원시 영통구", firms)
    at.segmented_control(key="field_mode").set_value("correct").run()
    _ok(at)
    at.text_input(key="fc_RV-000001_place").set_value("화성시 동탄")
    _submit(at)
    assert not _errors(at)
    assert workspace.records.visit("RV-000001").sigungu.startswith("화성시")
    history = workspace.records.history("RV-000001")
    assert history["action"].tolist() == ["created", "changed"]
    assert history["changes"].iloc[1]["place"] == ["수원시 영통구", "화성시 동탄"]
    assert history["actor"].tolist() == ["staff1", "staff1"]


def _recorded_difficulty(workspace: Workspace, members, *, text: str = SECRET, owner: str | None = None):
    visit = workspace.records.add_visit(VisitInput(dt.date.today(), "방문상담", "서울 종로구",
                                                   member_ids=(members["member_id"].iloc[0],)),
                                        members=members, actor="staff1")
    return workspace.records.add_difficulty(DifficultyInput(members["member_id"].iloc[0], text, visit_id=visit.id,
                                                            owner=owner), members=members, actor="staff1")


def test_staff_follow_a_difficulty_to_solved_and_the_history_shows_it(workspace, members):
    at = _as(workspace, "staff")
    made = _recorded_difficulty(workspace, members)
    at.switch_page(QUEUE).run()
    _ok(at)
    at.selectbox(key="dq_pick").set_value(made.id).run()
    _ok(at)
    assert SECRET in page_text(at)
    at.selectbox(key=f"dq_e_status_{made.id}").set_value("해결")
    at.text_area(key=f"dq_e_note_{made.id}").set_value("정책자금 안내 후 대출 실행")
    _submit(at)
    assert not _errors(at)
    done = workspace.records.difficulty(made.id)
    assert done.status == "해결" and done.closed_at is not None and done.first_response_at is not None
    history = workspace.records.history(made.id)
    assert history["action"].tolist() == ["created", "status"]
    assert history["note"].iloc[1] == "정책자금 안내 후 대출 실행" and history["actor"].iloc[1] == "staff1"


def test_two_people_saving_the_same_difficulty_the_second_sees_both_and_loses_nothing(workspace, members):
    at = _as(workspace, "staff")
    made = _recorded_difficulty(workspace, members)
    at.switch_page(QUEUE).run()
    at.selectbox(key="dq_pick").set_value(made.id).run()
    _ok(at)
    # meanwhile someone else moves it to 검토
    workspace.records.update_difficulty(made.id, version=made.version, actor="kim", status="검토")
    at.selectbox(key=f"dq_e_status_{made.id}").set_value("조치중")
    at.text_area(key=f"dq_e_note_{made.id}").set_value("현장 확인 예정")
    _submit(at)
    assert any("먼저 저장했습니다" in e for e in _errors(at))
    both = [f.value for f in at.dataframe if text("field_conflict_saved") in f.value.columns]
    assert both and "검토" in both[0][text("field_conflict_saved")].tolist()
    assert "조치중" in both[0][text("field_conflict_yours")].tolist()
    assert workspace.records.difficulty(made.id).status == "검토"  # the first save stands
    assert at.text_area(key=f"dq_e_note_{made.id}").value == "현장 확인 예정"  # the second person's text is kept
    _submit(at)  # saving again, having seen both, is deliberate
    assert not _errors(at)
    assert workspace.records.difficulty(made.id).status == "조치중"


def test_imported_difficulties_are_in_the_queue_as_history_and_can_be_taken_up(workspace):
    workspace.accounts.add("owner1", "staff", email="owner1@example.com")
    at = _as(workspace, "staff")
    at.switch_page(QUEUE).run()
    _ok(at)
    at.multiselect(key="dq_status").set_value(["이력"]).run()
    imported = workspace.load_with_records().difficulties
    shown = {m.label: m.value for m in _ok(at).metric}
    assert shown[text("dq_kpi_shown")] == f"{len(imported):,}"
    first = imported["difficulty_id"].iloc[0]
    at.multiselect(key="dq_assign_ids").set_value([first])
    at.selectbox(key="dq_assign_owner").set_value("owner1").run()
    at.button(key="dq_assign_button").click().run()
    _ok(at)
    taken = workspace.records.find_imported(first)
    assert taken is not None and taken.owner == "owner1" and taken.status == "접수"
    assert len(workspace.load_with_records().difficulties) == len(imported)  # replaced, not added


def test_the_dashboards_show_counts_charts_and_speed(workspace, members):
    made = _recorded_difficulty(workspace, members)
    workspace.records.update_difficulty(made.id, version=made.version, actor="staff1", status="해결")
    at = _as(workspace, "staff")
    at.switch_page(QUEUE).run()
    _ok(at)
    assert len(at.get("vega_lite_chart")) >= 4 and len(at.get("deck_gl_json_chart")) == 1
    assert text("dq_response_title") in page_text(at)


def test_a_leader_reads_only_their_federations_difficulties_and_cannot_record(workspace, members):
    own = members[members["federation"] == "제주"]
    other = members[members["federation"] != "제주"]
    staff_visit = workspace.records.add_visit(
        VisitInput(dt.date.today(), "간담회", "제주시", member_ids=(own["member_id"].iloc[0], other["member_id"].iloc[0])),
        members=members, actor="staff1")
    mine = workspace.records.add_difficulty(DifficultyInput(own["member_id"].iloc[0], "제주 기업 판로 애로",
                                                            visit_id=staff_visit.id), members=members, actor="s")
    workspace.records.add_difficulty(DifficultyInput(other["member_id"].iloc[0], SECRET, visit_id=staff_visit.id),
                                     members=members, actor="s")
    at = _as(workspace, "leader", federation="제주")
    at.switch_page(FIELD).run()
    assert _errors(_ok(at)) == ["권한이 없습니다"] and not at.get("form_submit_button")
    at.switch_page(QUEUE).run()
    _ok(at)
    at.selectbox(key="dq_pick").set_value(mine.id).run()
    shown = page_text(_ok(at))
    assert "제주 기업 판로 애로" in shown and SECRET not in shown and other["name"].iloc[0] not in shown
    assert not at.get("form_submit_button")  # reads, does not change
    assert text("dq_other_federations") in shown


def test_an_analyst_sees_counts_and_categories_never_the_texts(workspace, members):
    _recorded_difficulty(workspace, members)
    at = _as(workspace, "analyst")
    at.switch_page(QUEUE).run()
    shown = page_text(_ok(at))
    assert SECRET not in shown
    assert not [s for s in at.selectbox if s.key == "dq_pick"]  # no queue: counts only
    assert "자금" in shown


def test_the_months_report_shows_its_numbers_and_offers_xlsx_and_pdf(workspace, members):
    from network import report

    _recorded_difficulty(workspace, members)  # the month's only visit and difficulty (the sample ends in 2025)
    at = _as(workspace, "staff")
    at.switch_page(QUEUE).run()
    _ok(at)
    expected = report.monthly_report(workspace.load_with_records(), dt.date.today().strftime("%Y-%m"))
    assert (expected.numbers()["visits"], expected.numbers()["raised"]) == (1, 1)
    shown = {m.label: m.value for m in at.metric}
    assert shown[text("report.row.visits")] == f"{expected.numbers()['visits']:,}"
    assert shown[text("report.row.raised")] == f"{expected.numbers()['raised']:,}"
    keys = {b.key for b in at.get("download_button")}
    assert {"dq_report_xlsx", "dq_report_pdf"} <= keys
