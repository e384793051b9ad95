"""The recommendations page records what came of a suggestion: who may, what it changes (a declined firm is not
suggested again, a partnered one becomes a partner), what each role sees of the outcomes, and the panel that
scores the suggestions shown."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from network import access
from network.config import load_settings
from network.store import Workspace
from tests.test_app_access import no_exception, page_text, shown, signed_in_app, text

RECOMMEND = "app_pages/recommend.py"
REASON = "이미 같은 업체와 거래 중이라 관심 없음"


@pytest.fixture(autouse=True)
def workspace(app_workspace):
    with Workspace(load_settings().workspace_url) as ws:
        yield ws


def _as(workspace: Workspace, role: str, *, federation: str | None = None) -> AppTest:
    return signed_in_app(workspace, role, federation=federation, name=f"{role}{federation or ''}1", timeout=180)


_ok = no_exception


def _page(at: AppTest, member: str | None = None) -> AppTest:
    at.switch_page(RECOMMEND).run()
    _ok(at)
    if member is not None:
        at.selectbox(key="rec_member").set_value(member).run()
    return _ok(at)


def _suggested(at: AppTest) -> list[str]:
    return at.dataframe[0].value[text("col_candidate")].tolist()


def _record(at: AppTest, candidate: str, outcome: str, reason: str = "") -> AppTest:
    at.selectbox(key="rec_outcome_candidate").set_value(candidate)
    at.radio(key="rec_outcome_choice").set_value(outcome)
    at.text_input(key="rec_outcome_reason").set_value(reason)
    buttons = at.get("form_submit_button")
    assert len(buttons) == 1
    buttons[0].click().run()
    return _ok(at)


def test_staff_decline_a_suggestion_then_it_is_not_suggested_again(workspace):
    at = _page(_as(workspace, "staff"))
    member = at.selectbox(key="rec_member").value
    first = at.selectbox(key="rec_outcome_candidate").options[0]
    candidate_id = first.split(" · ")[-1]
    name = first.split(" · ")[0]
    assert name in _suggested(at)
    _record(at, candidate_id, "declined", REASON)
    assert any(name in shown(s.value) and "관심 없음" in shown(s.value) for s in at.success)
    assert name not in _suggested(at)  # not suggested again (for 12 months by default)
    table = page_text(at)
    assert REASON in table and "staff1" in table
    stored = workspace.outcomes.table()
    assert stored[["member_id", "candidate_id", "outcome", "reason", "recorded_by"]].values.tolist() == [
        [member, candidate_id, "declined", REASON, "staff1"]]
    # the other way round too: the declined firm is not offered this member either
    at.selectbox(key="rec_member").set_value(candidate_id).run()
    _ok(at)
    assert workspace.load().members.set_index("member_id").loc[member, "name"] not in _suggested(at)


def test_a_partnered_suggestion_becomes_a_partnership_dated_today(workspace):
    at = _page(_as(workspace, "admin"))
    member = at.selectbox(key="rec_member").value
    candidate_id = at.selectbox(key="rec_outcome_candidate").options[0].split(" · ")[-1]
    _record(at, candidate_id, "partnered")
    partnerships = workspace.load_with_records().partnerships
    added = partnerships[partnerships["recorded"]]
    assert added[["source_id", "target_id"]].values.tolist() == [[member, candidate_id]]
    assert added["started"].iloc[0].date() == workspace.outcomes.table()["day"].iloc[0].date()
    # a partner now: never suggested, and recording it again is refused with a clear message and nothing stored
    assert candidate_id not in [o.split(" · ")[-1] for o in at.selectbox(key="rec_outcome_candidate").options]
    from network.errors import OptionError

    with pytest.raises(OptionError, match="이미 협력"):
        workspace.outcomes.record(member, candidate_id, "met", actor="x", members=workspace.load().members,
                                  partnerships=workspace.load_with_records().partnerships)
    assert len(workspace.outcomes.table()) == 1


def test_reason_for_an_outcome_other_than_declined_is_refused_and_nothing_is_stored(workspace):
    at = _page(_as(workspace, "staff"))
    candidate_id = at.selectbox(key="rec_outcome_candidate").options[0].split(" · ")[-1]
    _record(at, candidate_id, "met", "좋은 만남")
    assert at.error and "관심 없음" in at.error[0].value
    assert workspace.outcomes.table().empty


def test_a_leader_records_for_their_own_members_and_sees_other_federations_by_stand_in(workspace):
    members = workspace.load().members
    federations = members["federation"].value_counts().index
    own, other = federations[0], federations[1]
    member = members.loc[members["federation"] == own, "member_id"].iloc[0]
    outsider = members.loc[members["federation"] == other, "member_id"].iloc[0]
    # staff declined, for the leader's member, a firm of another federation
    workspace.outcomes.record(member, outsider, "declined", actor="staff9", reason=REASON, members=members,
                              partnerships=workspace.load_with_records().partnerships)
    at = _page(_as(workspace, "leader", federation=own), member)
    shown = page_text(at)
    stand_in = access.stand_in_id(outsider)
    assert stand_in in shown and outsider not in shown  # the real id never reaches the page
    assert REASON in shown  # their own member's reason
    # the form records for their own member, with the firm's real id in the workspace
    candidate = at.selectbox(key="rec_outcome_candidate").options[0].split(" · ")[-1]
    _record(at, candidate, "introduced")
    stored = workspace.outcomes.table()
    assert stored["member_id"].tolist()[-1] == member and stored["recorded_by"].tolist()[-1] == f"leader{own}1"
    assert not stored["candidate_id"].tolist()[-1].startswith("외부-")
    # the other federation's leader sees the decline about their firm, but not the reason given against it
    theirs = _page(_as(workspace, "leader", federation=other), outsider)
    assert "관심 없음" in page_text(theirs) and REASON not in page_text(theirs)
    # and may not record for a member of another federation: their picker only has their own members
    assert not any(member in option for option in theirs.selectbox(key="rec_member").options)


def test_an_analyst_sees_outcomes_without_reasons_and_cannot_record(workspace):
    members = workspace.load()
    member = members.members["member_id"].iloc[0]
    staff = _page(_as(workspace, "staff"), member)
    candidate_id = staff.selectbox(key="rec_outcome_candidate").options[0].split(" · ")[-1]
    _record(staff, candidate_id, "declined", REASON)
    at = _page(_as(workspace, "analyst"), member)
    assert not at.get("form_submit_button")
    shown = page_text(at)
    assert "관심 없음" in shown and REASON not in shown


def test_the_panel_scores_the_suggestions_shown(workspace):
    at = _page(_as(workspace, "staff"))
    shown = workspace.outcomes.shown()
    assert len(shown) == 10 and set(shown["shown_by"]) == {"staff1"}
    candidate_id = at.selectbox(key="rec_outcome_candidate").options[0].split(" · ")[-1]
    _record(at, candidate_id, "introduced")
    tables = {frame.value.columns[0]: frame.value for frame in at.dataframe}
    counts = tables[text("col_measure")].set_index(text("col_measure"))[text("col_count")]
    assert counts.iloc[0] == 10 and counts.iloc[1] == 1  # shown, acted on


def test_the_member_detail_of_the_network_page_records_an_outcome(workspace):
    at = _as(workspace, "staff")
    at.switch_page("app_pages/network.py").run()
    member = workspace.load().members["member_id"].iloc[3]
    at.selectbox(key="net_member").set_value(member).run()
    _ok(at)
    candidate = at.selectbox(key="net_outcome_candidate").options[0].split(" · ")[-1]
    at.selectbox(key="net_outcome_candidate").set_value(candidate)
    at.radio(key="net_outcome_choice").set_value("met")
    [button] = at.get("form_submit_button")
    button.click().run()
    _ok(at)
    assert any("만남" in s.value for s in at.success)
    assert workspace.outcomes.table()[["member_id", "candidate_id", "outcome"]].values.tolist() == [
        [member, candidate, "met"]]
