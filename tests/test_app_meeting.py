"""The matchmaking meeting page (간담회 기획): staff plan a meeting near an office or a 시군구 and get the invitees on a
map, the pairs with reasons, each invitee's profile and the briefing; bad choices get a clear message."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from network.config import load_settings
from network.store import Workspace
from tests.test_app_access import no_exception, page_text, shown, signed_in_app, text

MEETING = "app_pages/meeting.py"


@pytest.fixture(autouse=True)
def workspace(app_workspace):
    with Workspace(load_settings().workspace_url) as ws:
        yield ws


def _as(workspace: Workspace, role: str, *, federation: str | None = None) -> AppTest:
    return signed_in_app(workspace, role, federation=federation, timeout=180)


_ok = no_exception


def _page(at: AppTest) -> AppTest:
    at.switch_page(MEETING).run()
    return _ok(at)


def test_staff_plan_a_meeting_near_an_office(workspace):
    at = _page(_as(workspace, "staff"))
    office = at.selectbox(key="mt_office").value
    assert shown(at.subheader[0].value).startswith("간담회 기획: ") and office in shown(at.subheader[0].value)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[text("meeting_kpi_invited")] == "20"
    assert int(metrics[text("meeting_kpi_pairs")]) > 0
    assert int(metrics[text("meeting_kpi_cap")]) == 5  # 25 % of 20 seats
    invitees, pairs = at.dataframe[0].value, at.dataframe[1].value
    assert len(invitees) == 20 and invitees.iloc[:, 0].tolist() == list(range(1, 21))
    assert pairs.iloc[:, -1].str.len().min() > 0  # every pair has its reasons
    assert len(at.get("deck_gl_json_chart")) == 1
    # an invitee's profile
    first = at.selectbox(key="mt_profile").value
    assert first in page_text(at)
    # fewer seats, a smaller 교류회 share: the plan follows
    at.number_input(key="mt_seats").set_value(6).run()
    _ok(at)
    assert {m.label: m.value for m in at.metric}[text("meeting_kpi_invited")] == "6"


def test_a_meeting_by_sigungu_and_the_briefing_downloads(workspace):
    at = _page(_as(workspace, "admin"))
    at.segmented_control(key="mt_kind").set_value("sigungu").run()
    _ok(at)
    assert shown(at.subheader[0].value).startswith("간담회 기획: ")
    keys = [b.key for b in at.get("download_button")]
    assert {"mt_xlsx", "mt_pdf", "mt_invitees_csv", "mt_pairs_xlsx", "mt_profiles_csv"} <= set(keys)
    from network import meeting

    # the briefing the buttons build (the same library call, the same plan)
    ds = workspace.load_with_records()
    plan = meeting.plan_meeting(ds, sigungu=at.selectbox(key="mt_sigungu").value,
                                date=dt.date.today() + dt.timedelta(days=14),
                                options=meeting.MeetingOptions(seats=20, radius_km=30))
    book = openpyxl.load_workbook(io.BytesIO(meeting.to_xlsx(plan)))
    assert len(book.sheetnames) == 4


def test_a_radius_with_nobody_says_so(workspace):
    at = _page(_as(workspace, "staff"))
    at.segmented_control(key="mt_kind").set_value("sigungu").run()
    at.number_input(key="mt_radius").set_value(1).run()
    _ok(at)
    shown = page_text(at)
    if not at.error:  # a 시군구 point may lie in a dense town: then a 1 km circle still has members
        pytest.skip("members within 1 km of this 시군구's point")
    assert "반경을 넓혀" in at.error[0].value and "Traceback" not in shown


@pytest.mark.parametrize("role, federation", [("analyst", None), ("leader", "서울")])
def test_only_staff_and_administrators_plan_meetings(workspace, role, federation):
    at = _page(_as(workspace, role, federation=federation))
    assert at.error and at.error[0].value == text("error.permission_denied")
    assert not at.get("deck_gl_json_chart")
