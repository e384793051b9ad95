"""The browser harness catches what Streamlit's exception box does not show: a page that sends a table whose
``attrs`` hold ``Infinity`` (coverage did, on a members-only upload) gets a red ``SyntaxError`` element and a
console error, and :func:`tests.browser.new_problems` reports both; the app's own boundary
(:func:`network.render.payload.table`) sends the same table cleanly."""

from __future__ import annotations

import pytest

from tests import browser

pytestmark = pytest.mark.e2e

SCRIPT = '''
import pandas as pd
import streamlit as st

from network.render import payload

table = pd.DataFrame({"region": ["가", "나"], "coverage": [0.5, 0.25]})
table.attrs["prior_members"] = float("inf")  # as network.coverage sets it when the regions do not differ
st.write("ready")
st.dataframe(payload.table(table) if st.query_params.get("safe") else table)
'''


@pytest.fixture(scope="module")
def infinity_app(tmp_path_factory):
    browser.require_browser()
    folder = tmp_path_factory.mktemp("infinity")
    (folder / "infinity.py").write_text(SCRIPT, encoding="utf-8")
    server = browser.start_app(folder, script=str(folder / "infinity.py"))
    yield server
    server.stop()


def open_table(chromium, server, query: str = ""):
    page = browser.new_page(chromium, server.url)
    page.goto(f"{server.url}/{query}", wait_until="domcontentloaded")
    browser.wait_for_app(page)
    page.get_by_text("ready").wait_for()
    browser.wait_until(lambda: page.query_selector("[data-testid='stDataFrame'], [data-testid='stErrorElementStack']"),
                       message="the table or its error drawn")
    return page


def test_the_harness_reports_a_table_the_browser_cannot_parse(chromium, infinity_app):
    page = open_table(chromium, infinity_app)
    browser.wait_until(lambda: page.log.console_errors and browser.error_elements(page),
                       message="the console error logged and the error element drawn")
    problems = browser.new_problems()
    assert any("console error: SyntaxError" in p and "Infinity" in p for p in problems), problems
    assert any("error element: SyntaxError" in p for p in problems), problems
    assert browser.exception_boxes(page) == []  # what the harness looked at before: it saw nothing
    page.context.close()


def test_the_same_table_through_the_boundary_is_clean(chromium, infinity_app):
    page = open_table(chromium, infinity_app, "?safe=1")
    page.wait_for_selector("[data-testid='stDataFrame']")
    assert browser.error_elements(page) == [] and page.log.console_errors == []
    page.context.close()
