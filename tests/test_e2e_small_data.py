"""Every page in a real headless Chromium on each small and partial data set (``tests/small_data.py``): members
only, one member, one federation, one 시도, one 시군구, no visits, visits without attendees, no located members.

The sets are imported one after another into the workspace of one server (each becomes the current version; the
signed-in session picks it up on its next page) and every page is opened from the sidebar.  Nothing is asserted
here beyond the page finishing: the harness fails the test on any page error, console error, error element
(a table whose JSON the browser cannot parse, as coverage's ``Infinity`` did) or request off the machine
(:func:`tests.browser.new_problems`).
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from network.store import Workspace
from tests import browser, small_data
from tests.test_e2e_access import PASSWORD, TITLES

pytestmark = pytest.mark.e2e

#: In this order each page is reached from another one (a set ends on the overview, the next starts elsewhere), so
#: every click is a change of address to wait for.
PAGES = ["network", "recommend", "coverage", "analysis", "difficulties", "meeting", "field", "data", "admin",
         "overview"]
TITLES = {**TITLES, "meeting": "간담회 기획"}


@pytest.fixture(scope="module")
def small_app(tmp_path_factory):
    """The app on a workspace of its own, with an administrator (so the sets are shown as a signed-in user sees
    them); the sets are imported by the tests."""
    browser.require_browser()
    folder = tmp_path_factory.mktemp("small-workspace")
    url = f"sqlite:///{folder / 'network.db'}"
    with Workspace(url) as workspace:
        workspace.ensure_sample()
        workspace.accounts.add("admin", "admin", password=PASSWORD)
    server = browser.start_app(tmp_path_factory.mktemp("small-streamlit"), env={"NETWORK_WORKSPACE_DIR": str(folder)})
    server.workspace_url = url
    yield server
    server.stop()


@pytest.fixture(scope="module")
def signed_in(chromium, small_app):
    """One browser tab signed in as the administrator, for every set (each test's problems are its own)."""
    page = browser.new_page(chromium, small_app.url)
    page.set_default_timeout(120_000)
    page.goto(small_app.url, wait_until="domcontentloaded")
    browser.wait_for_app(page, timeout=240_000)
    page.get_by_label("사용자 이름").fill("admin")
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("button", name="로그아웃").wait_for()
    browser.wait_for_app(page, timeout=120_000)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("small-sets")
    return {name: small_data.write(name, base) for name in small_data.SETS}


@pytest.mark.parametrize("name", list(small_data.SETS))
def test_every_page_opens_cleanly_on_small_and_partial_data(name, signed_in, small_app, folders):
    with Workspace(small_app.workspace_url) as workspace:
        assert workspace.import_files(folders[name], note=name).version is not None
    page = signed_in
    for path in PAGES:
        page.locator("[data-testid='stSidebarNav'] a", has_text=TITLES[path]).first.click()
        page.wait_for_url(f"**/{path}" if path != "overview" else lambda url: urlparse(url).path in ("", "/"))
        browser.wait_for_app(page, timeout=120_000)
        assert browser.exception_boxes(page) == [], (name, path)
        assert browser.error_elements(page) == [], (name, path)
