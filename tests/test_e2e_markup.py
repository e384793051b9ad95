"""User text never becomes markup, in a real headless Chromium: the hostile data set of ``test_app_markup`` (names,
groups, industries, tags, partnership kinds and an office name that are Markdown images and links, bare URLs,
emphasis, headings, formulas, Streamlit icons and colours, HTML) shown on every page and in the standalone HTML
drawing: no element is made from it, no request leaves the machine, and the values read as written."""

from __future__ import annotations

import pytest

from network.store import Workspace
from tests import browser
from tests.test_app_markup import PAYLOADS, hostile_data
from tests.test_e2e_access import PASSWORD, go_to, sign_in

pytestmark = pytest.mark.e2e

PAGES = ["overview", "network", "recommend", "coverage", "difficulties", "analysis", "data", "field"]
#: Elements a payload would make anywhere (in the page and in every frame).
MADE = "img[src*='evil'], a[href*='evil']:not([href^='#']), script[src*='evil'], .katex"
#: What a Markdown text of the app may hold around a value (its paragraphs, the heading of st.title / st.subheader,
#: a heading's anchor and its icon); a payload rendered as markup would add anything else (a link, an image,
#: emphasis, code, a formula, an icon, a coloured span, a list).
ALLOWED = ("div, p, [data-testid='stHeadingWithActionElements'] > :is(h1, h2, h3, h4, h5, h6), span[data-heading-text], "
           "span[data-testid='stHeaderActionElements'], a[href^='#'], svg, path, line")
FIND = """(allowed) => [...document.querySelectorAll("[data-testid='stMarkdownContainer']")]
  .filter(box => /XX|evil/.test(box.textContent))
  .flatMap(box => [...box.querySelectorAll('*')].filter(e => !e.matches(allowed)).map(e => e.outerHTML.slice(0, 200)))"""


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    browser.require_browser()
    data, carriers = hostile_data(tmp_path_factory.mktemp("hostile-data"))
    folder = tmp_path_factory.mktemp("hostile-workspace")
    with Workspace(f"sqlite:///{folder / 'network.db'}") as workspace:
        workspace.ensure_sample()
        assert workspace.import_files(data, note="hostile").version is not None
        workspace.accounts.add("admin", "admin", password=PASSWORD)
    server = browser.start_app(tmp_path_factory.mktemp("hostile-streamlit"), env={"NETWORK_WORKSPACE_DIR": str(folder)})
    server.carriers = carriers
    yield server
    server.stop()


@pytest.fixture
def page(chromium, hostile_app):
    page = browser.new_page(chromium, hostile_app.url)
    page.set_default_timeout(60_000)
    yield page
    page.context.close()


def made_from_payloads(page) -> list[str]:
    """Elements of the page (and its frames) that a payload made: links, images and formulas anywhere, and any
    element but the allowed ones inside a Markdown text that carries a payload's marker."""
    found = []
    for frame in page.frames:
        try:
            found += [e.evaluate("e => e.outerHTML")[:200] for e in frame.query_selector_all(MADE)]
            found += frame.evaluate(FIND, ALLOWED)
        except Exception:  # a frame that went away meanwhile
            continue
    return found


def test_every_page_shows_the_payloads_as_text(page, hostile_app, tmp_path):
    sign_in(page, "admin")
    seen_as_written = set()
    for path in PAGES:
        go_to(page, path)
        if path == "network":  # the member's neighbourhood and detail: its name in headings and the drawing
            box = page.locator("[data-testid='stSelectbox']", has_text="회원사 (선택하면").first
            box.locator("input").fill(hostile_app.carriers["image"])
            box.locator("input").press("Enter")
            page.wait_for_selector("[data-testid='stDownloadButton'] button:has-text('HTML')", timeout=120_000)
            browser.wait_for_app(page, timeout=120_000)
        assert browser.exception_boxes(page) == [], path
        assert made_from_payloads(page) == [], path
        text = page.inner_text("body").replace("\u2060", "")  # the word joiner keeps addresses from linking
        seen_as_written |= {what for what, payload in PAYLOADS.items() if payload in text}
        if path == "network":  # the standalone drawing, opened in the browser as a file
            with page.expect_download(timeout=120_000) as info:
                page.locator("[data-testid='stDownloadButton'] button", has_text="HTML").first.click()
            drawing = tmp_path / "network.html"
            info.value.save_as(drawing)
            standalone = browser.new_page(page.context.browser, hostile_app.url)
            try:
                standalone.set_content(drawing.read_text(encoding="utf-8"), wait_until="load")
                standalone.wait_for_selector("canvas", timeout=60_000)
                assert made_from_payloads(standalone) == []
                assert standalone.log.foreign == [], standalone.log.foreign
            finally:
                standalone.context.close()
    assert page.log.foreign == [], f"requests left the machine: {page.log.foreign}"
    assert page.log.page_errors == [], page.log.page_errors
    # the values were on the pages, read as written: the member's name (its heading on the network and
    # recommendations pages) and a tag (its offers)
    assert {"image", "formula"} <= seen_as_written, seen_as_written
