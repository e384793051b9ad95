"""Sign-in in a real headless Chromium against a real OpenID provider (oidc-provider-mock on localhost): only the
sign-in page without an account, single sign-on by e-mail, refused identities, a provider that is down or says
no, and the local password sign-in beside it.

The app runs with its own workspace (the bundled sample, an administrator with a password, a 제주 leader and a
disabled account who sign in only by single sign-on) and a secrets file naming the provider as ``[auth.company]``.
"""

from __future__ import annotations

import csv
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from network.store import Workspace
from tests import browser
from tests.test_signon import running_provider

pytestmark = pytest.mark.e2e

TIMEOUT = 60_000  # ms: a cold, busy two-core machine
ROOT = Path(__file__).resolve().parent.parent
ADMIN_PASSWORD = "correct horse battery staple"
SSO_BUTTON = "통합 로그인(SSO)으로 로그인"
USERS = [  # (sub: the button on the provider's page, claims)
    ("leader", {"email": "leader@example.com", "name": "제주 연합회장"}),
    ("gone", {"email": "gone@example.com", "name": "Gone Away"}),
    ("stranger", {"email": "stranger@example.com", "name": "Not Registered"}),
]
NAV_PAGES = ("개요", "네트워크", "협업 추천", "방문 커버리지", "네트워크 분석", "데이터", "관리")


def sample_names() -> list[str]:
    """A few member names of the bundled sample (the first two of every federation)."""
    with (ROOT / "data" / "sample" / "members.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    names: dict[str, list[str]] = {}
    for row in rows:
        names.setdefault(row["federation"], []).append(row["name"])
    return [name for federation in sorted(names) for name in names[federation][:2]]


@dataclass
class SignOnApp:
    server: browser.AppServer
    provider: str
    workspace_url: str

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def log(self) -> Path:
        return self.server.log


def write_secrets(path: Path, metadata_url: str) -> Path:
    """The ``secrets.toml`` an administrator writes (see the README), with the test provider's address."""
    path.write_text(
        "[auth]\n"
        'redirect_uri = "http://localhost:{port}/oauth2callback"\n'  # Streamlit fills in its own port
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        "\n"
        "[auth.company]\n"
        'client_id = "rcn-explorer"\n'
        'client_secret = "any secret: the test provider accepts every client"\n'
        f'server_metadata_url = "{metadata_url}"\n',
        encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sso_workspace(tmp_path_factory) -> tuple[Path, str]:
    """A workspace with the sample and three accounts: its folder and URL."""
    folder = tmp_path_factory.mktemp("sso_workspace")
    url = f"sqlite:///{folder / 'network.db'}"
    with Workspace(url) as ws:
        ws.current_or_sample()
        ws.accounts.add("admin", "admin", password=ADMIN_PASSWORD)
        ws.accounts.add("jeju", "leader", federation="제주", email="leader@example.com")  # single sign-on only
        ws.accounts.add("gone", "analyst", email="gone@example.com")
        ws.accounts.disable("gone")
    return folder, url


@pytest.fixture(scope="module")
def app_server(chromium, sso_workspace, tmp_path_factory) -> Iterator[SignOnApp]:
    """The app with single sign-on against a running provider.  (Named like the conftest's fixture so that a
    failing test reports this server's log with its screenshot.)"""
    folder, url = sso_workspace
    logs = tmp_path_factory.mktemp("sso_app")
    with running_provider(USERS, log=logs / "provider.log") as provider:
        secrets_file = write_secrets(logs / "secrets.toml", provider + "/.well-known/openid-configuration")
        server = browser.start_app(logs, env={"NETWORK_WORKSPACE_DIR": str(folder)},
                                   args=("--secrets.files", str(secrets_file)), host="localhost")
        try:
            yield SignOnApp(server, provider, url)
        finally:
            server.stop()


@pytest.fixture
def app_page(chromium, app_server) -> Iterator:
    """A fresh browser (no cookie of an earlier test); requests off the machine are blocked and recorded (the
    provider's pages ask a CDN for their style sheet)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.set_default_navigation_timeout(TIMEOUT)
    page.log = browser.PageLog()
    page.log.allow(r"cdn\.jsdelivr\.net/npm/@picocss/", why="the mock identity provider's own pages ask a CDN for "
                   "their style sheet; the request is blocked (recorded as off the machine) and its failure logged")
    page.log.allow(r"^Failed to load resource: net::ERR_FAILED", r"cdn\.jsdelivr\.net/npm/@picocss/",
                   why="the same blocked style sheet, as the console reports it")
    browser.watch_page(page, page.log)
    yield page
    context.close()


# --- helpers -------------------------------------------------------------------------------------------------

def open_app(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    browser.wait_for_app(page, timeout=TIMEOUT)


def expect_visible(page, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text(text, exact=False).first).to_be_visible(timeout=TIMEOUT)


def expect_sign_in_page(page) -> None:
    """The sign-in page and nothing else: its form and button, no other page in the navigation, no data."""
    page.get_by_role("button", name=SSO_BUTTON).wait_for(timeout=TIMEOUT)
    page.get_by_label("사용자 이름").wait_for(timeout=TIMEOUT)
    browser.wait_for_app(page, timeout=TIMEOUT)
    assert not set(nav_links(page)) & set(NAV_PAGES), nav_links(page)
    body = page.inner_text("body")
    shown = [name for name in sample_names() if name in body]
    assert shown == [], f"member names on the sign-in page: {shown}"
    assert browser.exception_boxes(page) == []


def sign_in_with_provider(page, app: SignOnApp, *, sub: str | None = None, deny: bool = False) -> None:
    """Click single sign-on, then on the provider's page the predefined user ``sub`` (or "Deny"), and wait to be
    back in the app with its script finished."""
    page.get_by_role("button", name=SSO_BUTTON).click()
    page.wait_for_url(f"{app.provider}/oauth2/authorize?**")
    if deny:
        page.get_by_role("button", name="Deny").click()
    else:
        page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(f"{app.url}/**")
    browser.wait_for_app(page, timeout=TIMEOUT)


def audit_entries(app: SignOnApp, action: str) -> list[tuple[str | None, str]]:
    with Workspace(app.workspace_url) as ws:
        table = ws.audit.table(action=action)
    return list(zip(table["actor"], table["detail"]))


def nav_links(page) -> list[str]:
    """The page names in the sidebar navigation (each link's text without its icon's name)."""
    return [link.inner_text().strip().splitlines()[-1].strip()
            for link in page.query_selector_all("[data-testid='stSidebarNavLink']")]


def sidebar(page) -> str:
    return page.inner_text("[data-testid='stSidebar']")


# --- tests ---------------------------------------------------------------------------------------------------

def test_without_sign_in_only_the_sign_in_page_opens(app_page, app_server):
    open_app(app_page, app_server.url)
    expect_sign_in_page(app_page)
    expect_visible(app_page, "통합 로그인을 거부했거나 마치지 못하면 이 화면으로 돌아옵니다")
    for path in ("overview", "network", "data", "admin"):  # not even by its address
        open_app(app_page, f"{app_server.url}/{path}")
        expect_sign_in_page(app_page)
    browser.screenshot(app_page, "sign_in")


def test_leader_signs_in_by_single_sign_on_and_out_again(app_page, app_server):
    open_app(app_page, app_server.url)
    sign_in_with_provider(app_page, app_server, sub="leader")
    expect_visible(app_page, "제주 회원사는 모든 항목이")  # the overview, scoped to the leader's federation
    app_page.wait_for_selector("[data-testid='stMetricValue']", timeout=TIMEOUT)
    browser.wait_for_app(app_page, timeout=TIMEOUT)
    assert "jeju (연합회장 · 제주)" in sidebar(app_page)
    links = nav_links(app_page)
    assert "개요" in links and "데이터" in links and "관리" not in links, links
    assert browser.exception_boxes(app_page) == []
    assert ("jeju", "single sign-on") in audit_entries(app_server, "sign_in")
    browser.screenshot(app_page, "sign_in_sso_leader")

    # sign out: the provider's end-session page, then back to the sign-in page, signed out there too
    app_page.locator("[data-testid='stSidebar']").get_by_role("button", name="로그아웃").click()
    app_page.wait_for_url(f"{app_server.provider}/oauth2/end_session?**")
    app_page.get_by_role("button", name="End session").click()
    app_page.wait_for_url(f"{app_server.url}/**")
    browser.wait_for_app(app_page, timeout=TIMEOUT)
    expect_sign_in_page(app_page)
    assert "_streamlit_user" not in {c["name"] for c in app_page.context.cookies()}
    assert ("jeju", "") in audit_entries(app_server, "sign_out")
    open_app(app_page, app_server.url)  # a new visit does not sign in again by itself
    expect_sign_in_page(app_page)


def test_an_e_mail_without_account_is_refused(app_page, app_server):
    open_app(app_page, app_server.url)
    sign_in_with_provider(app_page, app_server, sub="stranger")
    expect_visible(app_page, "stranger@example.com 계정이 이 작업공간에 없습니다. 관리자에게 등록을 요청하세요")
    app_page.get_by_role("button", name="다른 계정으로 로그인").wait_for(timeout=TIMEOUT)
    assert "로그아웃" not in sidebar(app_page)
    body = app_page.inner_text("body")
    assert [name for name in sample_names() if name in body] == []
    assert not set(nav_links(app_page)) & set(NAV_PAGES), nav_links(app_page)
    assert ("stranger@example.com", "single sign-on: no account") in audit_entries(app_server, "sign_in_failed")


def test_a_disabled_account_is_refused(app_page, app_server):
    open_app(app_page, app_server.url)
    sign_in_with_provider(app_page, app_server, sub="gone")
    expect_visible(app_page, "사용이 중지된 계정입니다. 관리자에게 문의하세요")
    assert "로그아웃" not in sidebar(app_page)
    body = app_page.inner_text("body")
    assert [name for name in sample_names() if name in body] == []
    assert ("gone", "single sign-on: disabled") in audit_entries(app_server, "sign_in_failed")


def test_deny_at_the_provider_comes_back_to_sign_in_and_is_audited(app_page, app_server):
    open_app(app_page, app_server.url)
    sign_in_with_provider(app_page, app_server, deny=True)
    expect_sign_in_page(app_page)
    # Streamlit only logs the provider's answer; the app's log handler writes it to the audit log
    browser.wait_until(lambda: (None, "single sign-on: provider answered access_denied")
                       in audit_entries(app_server, "sign_in_failed"),
                       timeout=30, message="the denied sign-in in the audit log")


def test_local_sign_in_beside_single_sign_on(app_page, app_server):
    open_app(app_page, app_server.url)
    form = app_page.locator("[data-testid='stForm']")
    form.get_by_label("사용자 이름").fill("admin")
    form.get_by_label("비밀번호").fill("not the password at all")
    form.locator("[data-testid='stFormSubmitButton'] button").click()
    expect_visible(app_page, "아이디 또는 비밀번호가 맞지 않습니다")
    browser.wait_for_app(app_page, timeout=TIMEOUT)
    assert "로그아웃" not in sidebar(app_page)

    form.get_by_label("사용자 이름").fill("admin")
    form.get_by_label("비밀번호").fill(ADMIN_PASSWORD)
    form.locator("[data-testid='stFormSubmitButton'] button").click()
    app_page.locator("[data-testid='stSidebarNavLink']", has_text="관리").wait_for(timeout=TIMEOUT)
    browser.wait_for_app(app_page, timeout=TIMEOUT)
    assert "admin (관리자)" in sidebar(app_page)
    assert browser.exception_boxes(app_page) == []


def test_provider_down_is_said_on_the_sign_in_page_and_audited(app_page, sso_workspace, tmp_path):
    """A second server of the same workspace whose provider does not answer (nothing listens on its port)."""
    folder, url = sso_workspace
    secrets_file = write_secrets(tmp_path / "secrets.toml",
                                 f"http://localhost:{browser.free_port()}/.well-known/openid-configuration")
    server = browser.start_app(tmp_path, env={"NETWORK_WORKSPACE_DIR": str(folder)},
                               args=("--secrets.files", str(secrets_file)), host="localhost")
    try:
        open_app(app_page, server.url)
        expect_sign_in_page(app_page)
        app_page.get_by_role("button", name=SSO_BUTTON).click()
        expect_visible(app_page, "통합 로그인 서버에 연결할 수 없습니다. 잠시 뒤 다시 하거나 관리자에게 문의하세요")
        browser.wait_for_app(app_page, timeout=TIMEOUT)
        assert app_page.url.startswith(server.url)  # still the app: no bare "Authentication error" page
        assert "Authentication error" not in app_page.inner_text("body")
        expect_sign_in_page(app_page)
        with Workspace(url) as ws:
            details = ws.audit.table(action="sign_in_failed")["detail"].tolist()
        assert "single sign-on: provider unreachable" in details
    finally:
        app_page.log.allow(r"^Failed to load resource: net::ERR_CONNECTION_REFUSED", r"/_stcore/",
                           why="this test stops its own server while its page is still open")
        server.stop()
