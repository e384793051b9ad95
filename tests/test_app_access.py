"""The app's sign-in and roles with ``AppTest``: demo mode, the sign-in page, idle sessions, and what each role's
pages show (``tests/test_e2e_access.py`` checks the same in a real browser, downloads included)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

from app_pages.common import LAST_SEEN_KEY, USER_KEY
from app_pages.texts import APP as TEXTS
from network.access import stand_in_id
from network.config import load_settings
from network.dataset import load_dataset
from network.store import Workspace
from tests.leaks import found_names, leader_hidden

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
SAMPLE = REPO / "data" / "sample"
PAGES = ["overview", "network", "recommend", "coverage", "field", "difficulties", "analysis", "data"]
PASSWORD = "correct horse battery"
LEADER_FEDERATION = "제주"


def text(key: str, **params: object) -> str:
    """A text as the app shows it in Korean (its values escaped for Markdown, as ``t`` in the app does)."""
    return TEXTS.markdown(key, "ko", **params)


@pytest.fixture(autouse=True)
def workspace(app_workspace):
    """Each test: its own copy of the sample workspace (no account yet: demo mode)."""
    with Workspace(load_settings().workspace_url) as ws:
        yield ws


@pytest.fixture(scope="module")
def sample():
    return load_dataset(SAMPLE)


def _app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["data_table"] = "offices"  # the data page's preview starts small
    return at


def signed_in_app(workspace: Workspace, role: str, *, federation: str | None = None, name: str | None = None,
                  timeout: float = 120) -> AppTest:
    """The app with a new account of ``role`` signed in (``name`` default ``<role>1``), not run yet."""
    name = name or f"{role}1"
    user = workspace.accounts.add(name, role, federation=federation, email=f"{name}@example.com")
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.session_state["data_table"] = "offices"  # the data page's preview starts small
    at.session_state[USER_KEY] = user
    at.session_state[LAST_SEEN_KEY] = time.time()
    return at


def _signed_in(workspace: Workspace, role: str, *, federation: str | None = None) -> AppTest:
    return signed_in_app(workspace, role, federation=federation)


def no_exception(at: AppTest) -> AppTest:
    """``at`` after checking that its run showed no exception box."""
    assert not at.exception, [str(e.value)[:300] for e in at.exception]
    return at


_ok = no_exception


def shown(markdown: object) -> str:
    """What a person reads of a Markdown text the app sent (an alert, a caption, a heading): the backslashes that
    keep values as written (``network.texts.markdown_escape``) and the invisible word joiners that keep addresses
    from becoming links are not shown."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(markdown)).replace("\u2060", "")


def page_text(at: AppTest) -> str:
    """Everything the run sent to the browser: every element's content (as JSON), dataframes as CSV."""
    parts = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and not hasattr(node, "children"):
            parts.append(MessageToJson(proto, ensure_ascii=False))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    parts.extend(frame.value.to_csv() for frame in at.dataframe)
    return "\n".join(parts)


# --- demo mode and the first administrator ----------------------------------------------------------

def test_demo_mode_opens_without_sign_in_and_says_how_to_create_an_administrator():
    at = _ok(_app().run())
    assert text("demo_banner") in [i.value for i in at.info]
    assert at.metric[0].value == "7,000"
    at.switch_page("app_pages/admin.py").run()
    _ok(at)
    assert text("admin_first_intro") in [i.value for i in at.info]


def test_in_demo_mode_an_upload_is_checked_but_not_saved():
    at = _app()
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="data_file_members").set_value(("m.csv", "회원번호,회사명\nA,가\n".encode(), "text/csv")).run()
    _ok(at)
    save = [b for b in at.button if (b.key or "").startswith("data_save_")]
    assert len(save) == 1 and save[0].disabled
    assert text("data_save_needs_admin") in [w.value for w in at.warning]


def test_creating_the_first_administrator_signs_in_and_then_every_session_needs_sign_in(workspace):
    at = _app()
    at.switch_page("app_pages/admin.py").run()
    at.text_input(key="admin_first_username").set_value("boss")
    at.text_input(key="admin_first_password").set_value(PASSWORD)
    at.text_input(key="admin_first_again").set_value(PASSWORD)
    at.button[[b.label for b in at.button].index(text("admin_add_first"))].click().run()
    _ok(at)
    assert at.session_state[USER_KEY].username == "boss"
    assert workspace.accounts.get("boss").role == "admin"
    assert "boss" in " ".join(c.value for c in at.sidebar.caption)

    other = _ok(_app().run())  # another browser: only the sign-in form, nothing of the data
    assert [t.value for t in other.title] == [text("app_title")]
    assert other.button[0].label == text("sign_in") and not other.metric and not other.dataframe
    assert "가온" not in page_text(other)


# --- the sign-in page ---------------------------------------------------------------------------------

def _sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="sign_in_username").set_value(username)
    at.text_input(key="sign_in_password").set_value(password)
    at.button[0].click().run()
    return _ok(at)


def test_wrong_password_unknown_user_and_disabled_account_are_said_in_korean(workspace):
    workspace.accounts.add("kim", "staff", password=PASSWORD)
    workspace.accounts.add("gone", "staff", password=PASSWORD)
    workspace.accounts.disable("gone")
    at = _ok(_app().run())
    for name, password, message in (("kim", "wrong password!", "아이디 또는 비밀번호가 맞지 않습니다"),
                                    ("nobody", PASSWORD, "아이디 또는 비밀번호가 맞지 않습니다"),
                                    ("gone", PASSWORD, "사용이 중지된 계정입니다. 관리자에게 문의하세요")):
        _sign_in(at, name, password)
        assert [shown(e.value) for e in at.error] == [message]
        assert USER_KEY not in at.session_state
    _sign_in(at, "kim", PASSWORD)
    assert not at.error and at.session_state[USER_KEY].username == "kim"
    assert at.metric[0].value == "7,000"  # the overview, for staff
    log = workspace.audit.table()
    assert log["action"].tolist()[:4] == ["sign_in", "sign_in_failed", "sign_in_failed", "sign_in_failed"]


def test_an_idle_session_is_signed_out(workspace):
    at = _signed_in(workspace, "staff")
    at.session_state[LAST_SEEN_KEY] = time.time() - 31 * 60
    _ok(at.run())
    assert USER_KEY not in at.session_state
    assert text("error.session_expired", minutes=30) in [i.value for i in at.info]
    assert not at.metric
    assert workspace.audit.table()["action"].iloc[0] == "session_expired"


def test_a_disabled_account_is_signed_out_at_its_next_click(workspace):
    at = _ok(_signed_in(workspace, "staff").run())
    assert at.metric
    workspace.accounts.disable("staff1")
    _ok(at.run())
    assert USER_KEY not in at.session_state and not at.metric


def test_sign_out_forgets_the_user(workspace):
    at = _ok(_signed_in(workspace, "analyst").run())
    at.sidebar.button(key="sign_out").click().run()
    _ok(at)
    assert USER_KEY not in at.session_state and not at.metric
    assert workspace.audit.table()["action"].iloc[0] == "sign_out"


# --- what each role sees ---------------------------------------------------------------------------------

def test_a_leader_sees_no_firm_outside_their_scope_on_any_page(workspace, sample):
    hidden_names, other_ids = leader_hidden(sample, LEADER_FEDERATION)
    assert len(hidden_names) > 5000 and len(other_ids) > 6000
    at = _signed_in(workspace, "leader", federation=LEADER_FEDERATION)
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run()
        _ok(at)
        shown = page_text(at)
        leaked = found_names(hidden_names, shown)
        assert not leaked, (page, leaked[:5])
        leaked_ids = [i for i in other_ids if i in shown]
        assert not leaked_ids, (page, leaked_ids[:5])
    at.switch_page("app_pages/overview.py").run()
    assert text("scope_leader_caption", federation=LEADER_FEDERATION) in [c.value for c in at.caption]
    assert at.metric[0].value == "180"  # their own members
    assert text("members_by_federation_sido") in [e.label for e in at.expander]  # every federation, as counts


def test_a_leaders_link_to_another_federations_firm_reveals_nothing(workspace, sample):
    other = sample.members[sample.members["federation"] != LEADER_FEDERATION].iloc[0]
    at = _signed_in(workspace, "leader", federation=LEADER_FEDERATION)
    at.query_params["member"] = other["member_id"]
    at.switch_page("app_pages/network.py").run()
    _ok(at)
    assert [e.value for e in at.error] == ["권한이 없습니다"]
    shown = page_text(at)
    assert other["name"] not in shown and other["member_id"] not in shown
    denied = workspace.audit.table(action="denied")
    assert denied["actor"].tolist() == ["leader1"]
    assert other["member_id"] not in " ".join(denied["detail"].tolist() + denied["target"].tolist())


def test_a_leader_sees_partners_only_by_a_stand_in_id(workspace, sample):
    members = sample.members
    own = members[members["federation"] == LEADER_FEDERATION]
    edges = sample.partnerships
    partner_id = next(t for s, t in zip(edges["source_id"], edges["target_id"])
                      if s in set(own["member_id"]) and t not in set(own["member_id"]))
    at = _signed_in(workspace, "leader", federation=LEADER_FEDERATION)
    at.session_state["data_table"] = "members"
    at.switch_page("app_pages/data.py").run()
    _ok(at)
    shown = [f.value for f in at.dataframe if "회원 ID" in f.value.columns]
    frame = shown[-1].set_index("회원 ID")
    assert stand_in_id(partner_id) in frame.index and partner_id not in frame.index
    assert frame.loc[[stand_in_id(partner_id)], ["매출액(원)", "주소"]].isna().all(axis=None)
    # a leader imports nothing (the map boundary file only changes how this session's maps are drawn)
    assert [u.key for u in at.file_uploader] == ["data_boundaries_0"]
    assert not [b for b in at.button if b.key == "data_rollback"]


def test_an_analyst_never_sees_difficulty_texts_or_addresses(workspace):
    secret_text, address = "대표가 털어놓은 자금 사정", "서울 종로구 비밀로 12"
    workspace.import_files({
        "members": f"회원번호,회사명,연합회,시도,시군구,주소\nA1,가나정밀,서울,서울,종로구,{address}\nA2,다라,서울,서울,중구,\n"
                   .encode(),
        "visits": "방문번호,일자,프로그램,시도,시군구,참석기업\nV1,2025-03-04,방문상담,서울,종로구,A1\n".encode(),
        "difficulties": f"애로번호,방문번호,회원번호,애로유형,애로내용\nD1,V1,A1,자금,{secret_text}\n".encode()})
    at = _signed_in(workspace, "analyst")
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run()
        assert secret_text not in page_text(_ok(at)) and address not in page_text(at), page
    for table in ("members", "difficulties"):
        at.segmented_control(key="data_table").set_value(table).run()
        shown = page_text(_ok(at))
        assert secret_text not in shown and address not in shown, table
        assert "가나정밀" in shown or table == "difficulties"  # the rest is there
    assert "자금" in shown  # the category is
    assert [u.key for u in at.file_uploader] == ["data_boundaries_0"]  # nothing to import, only map boundaries
    assert not [t for t in at.toggle if t.key == "data_show_report"]  # reports repeat the rows as written


def test_staff_import_field_work_only_and_cannot_roll_back(workspace):
    at = _signed_in(workspace, "staff")
    at.switch_page("app_pages/data.py").run()
    _ok(at)
    assert [u.key for u in at.file_uploader] == ["data_file_visits", "data_file_attendance", "data_file_difficulties",
                                                 "data_boundaries_0"]
    assert not [b for b in at.button if b.key == "data_rollback"]


def test_only_an_administrator_reaches_the_admin_page(workspace):
    for role, federation in (("staff", None), ("analyst", None), ("leader", LEADER_FEDERATION)):
        at = _signed_in(workspace, role, federation=federation)
        at.switch_page("app_pages/admin.py").run()
        _ok(at)
        assert not [t for t in at.title if t.value == text("page_admin")], role
        assert "admin1" not in page_text(at)


def test_xsrf_and_cors_protection_stay_on():
    import tomllib

    server = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8")).get("server", {})
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True


def test_the_administrator_adds_disables_and_resets_accounts_and_reads_the_audit_log(workspace):
    at = _signed_in(workspace, "admin")
    at.switch_page("app_pages/admin.py").run()
    _ok(at)
    assert text("page_admin") in [t.value for t in at.title]
    def add(again: str) -> None:
        at.text_input(key="admin_new_username").set_value("jeju")
        at.selectbox(key="admin_new_role").set_value("leader")
        at.text_input(key="admin_new_federation").set_value("제주")
        at.text_input(key="admin_new_password").set_value(PASSWORD)
        at.text_input(key="admin_new_again").set_value(again)
        [b for b in at.button if b.label == text("admin_add")][0].click().run()

    add(PASSWORD + "x")
    assert [e.value for e in _ok(at).error] == ["두 비밀번호가 서로 다릅니다"]
    add(PASSWORD)
    _ok(at)
    assert text("admin_added", username="jeju") in [s.value for s in at.success]
    assert workspace.accounts.get("jeju").federation == "제주"

    at.selectbox(key="admin_user").set_value("jeju").run()
    at.button(key="admin_disable_jeju").click().run()
    assert workspace.accounts.get("jeju").disabled
    at.button(key="admin_enable_jeju").click().run()
    assert not workspace.accounts.get("jeju").disabled
    at.selectbox(key="admin_user").set_value("admin1").run()
    assert _ok(at).button(key="admin_disable_admin1").disabled  # not one's own account

    users = [f.value for f in at.dataframe if text("col_username") in f.value.columns][0]
    assert users[text("col_username")].tolist() == ["admin1", "jeju"]
    log = [f.value for f in at.dataframe if text("col_audit_action") in f.value.columns][0]
    assert log[text("col_audit_action")].tolist()[:3] == ["사용자 재개", "사용자 중지", "사용자 추가"]
    added = log[log[text("col_audit_action")] == "사용자 추가"]
    assert added[text("col_audit_detail")].tolist() == ["연합회장, 연합회 제주", "관리자"]  # "leader, federation=제주"
    details = " ".join(log[text("col_audit_detail")].dropna())
    assert not any(word in details for word in ("password", "federation=", "members:")), details  # in words
    assert PASSWORD not in page_text(at)
    at.selectbox(key="admin_what").set_value("user_disabled").run()
    log = [f.value for f in _ok(at).dataframe if text("col_audit_action") in f.value.columns][0]
    assert log[[text("col_audit_actor"), text("col_audit_target")]].values.tolist() == [["admin1", "jeju"]]
