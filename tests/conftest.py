"""Shared fixtures: tiny hand-built files and frames."""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager

import pytest


@pytest.fixture
def members_csv_text() -> str:
    """A small members file with Korean headers: every row valid."""
    return (
        "회원번호,회사명,지역연합회,교류회,시도,시군구,업종코드,종업원수\n"
        "012-34-56789,가나정밀,경기,수원1교류회,경기도,수원시 영통구,25,12\n"
        "000-11-22222,다라전자,서울,서울1교류회,서울,강남구,26,30\n"
        "000-11-33333,마바화학,인천·부천·김포,인천1교류회,인천,미추홀구,20,5\n"
    )


@pytest.fixture
def make_xlsx():
    """Return a builder of XLSX bytes from ``{sheet name: rows}``; sheets keep the given order."""
    import io

    import openpyxl

    def build(sheets: dict[str, list[list[object]]]) -> bytes:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for name, rows in sheets.items():
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    return build


# --- real-browser harness (see tests/browser.py) --------------------------------------------

@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """``streamlit run app.py`` on a free local port, for the whole test session."""
    from tests import browser

    browser.require_browser()
    server = browser.start_app(tmp_path_factory.mktemp("streamlit"))
    yield server
    server.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, keep what the page showed (screenshot, text) and the server's last log lines."""
    outcome = yield
    report = outcome.get_result()
    page = getattr(item, "funcargs", {}).get("app_page")
    if report.when != "call" or not report.failed or page is None:
        return
    from tests import browser

    try:
        shot = browser.screenshot(page, f"failed_{item.name}")
        text = page.inner_text("body")[:4000]
    except Exception as error:  # the page may be gone; the report must still be written
        shot, text = None, f"(page not readable: {error})"
    server = item.funcargs.get("app_server")
    log = server.log.read_text(errors="replace")[-3000:] if server is not None and server.log.exists() else ""
    report.sections.append(("page when the test failed", f"screenshot: {shot}\n{text}\n--- server log ---\n{log}"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """A browser test fails on anything its pages did wrong that it did not check itself
    (:func:`tests.browser.new_problems`): page errors, console errors, error elements, requests off the machine."""
    browser = sys.modules.get("tests.browser")
    if browser is not None:
        browser.forget_earlier_problems()  # an earlier test's pages, after it ended, are not this test's
    outcome = yield
    browser = sys.modules.get("tests.browser")
    if browser is None or not browser.WATCHED:
        return
    problems = browser.new_problems()
    if problems and outcome.excinfo is None:
        outcome.force_exception(AssertionError("the page did something wrong:\n" + "\n".join(problems)))


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium driven by Playwright (no downloaded browser)."""
    from tests import browser

    browser.require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_FLAGS,
                                              headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def warm_app_server(chromium, app_server):
    """``app_server`` after its first page has finished once: on a cold, busy server the first run (imports, the
    workspace created and loaded, the caches filled) may take far longer than a test's own waits, which are
    for what a person waits on a warm server. Waits on the app's own signal, never a fixed sleep."""
    from tests import browser

    page = browser.new_page(chromium, app_server.url)
    try:
        page.goto(f"{app_server.url}/", wait_until="domcontentloaded", timeout=240_000)
        browser.wait_for_app(page, timeout=240_000)
    finally:
        page.context.close()
    return app_server


@pytest.fixture
def app_page(chromium, warm_app_server, tmp_path):
    """A fresh browser page on the warmed server; ``page.log`` records requests, blocked foreign requests and
    errors."""
    from tests import browser

    page = browser.new_page(chromium, warm_app_server.url)
    yield page
    page.context.close()


# --- errors ---------------------------------------------------------------------------------------

@contextmanager
def raises_message(kind: type[Exception], pattern: str, *, language: str = "en"):
    """Like ``pytest.raises(kind, match=pattern)``, matching the library error's message in ``language``."""
    with pytest.raises(kind) as info:
        yield info
    message = info.value.message(language)
    assert re.search(pattern, message), f"{pattern!r} not found in {message!r}"


# --- visits written the old way -------------------------------------------------------------------

def split_visits(visits):
    """``(visits, attendance, difficulties)`` from a hand-built visits frame that lists attendees in
    ``member_ids`` and difficulty categories in ``issues`` (``;``-joined), as a visits file writes them.

    Visits without ``visit_id`` are numbered ``v0, v1, …``; each difficulty's raiser is unknown.
    """
    import pandas as pd

    out = visits.copy()
    if "visit_id" not in out.columns:
        out["visit_id"] = [f"v{i}" for i in range(len(out))]
    def cells(column):
        values = out[column] if column in out.columns else pd.Series([None] * len(out), index=out.index)
        return [[x.strip() for x in str(v).split(";") if x.strip()] if isinstance(v, str) else []
                for v in values]
    attendance = pd.DataFrame([(v, m) for v, ms in zip(out["visit_id"], cells("member_ids")) for m in ms],
                              columns=["visit_id", "member_id"], dtype=object)
    difficulties = pd.DataFrame(
        [(f"{v}#{k}", v, None, c, c) for v, cs in zip(out["visit_id"], cells("issues")) for k, c in enumerate(cs, 1)],
        columns=["difficulty_id", "visit_id", "member_id", "category", "text"], dtype=object)
    return out.drop(columns=[c for c in ("member_ids", "issues") if c in out.columns]), attendance, difficulties


# --- the workspace: never the developer's own, a real PostgreSQL when there is one ----------------------

@pytest.fixture(scope="session", autouse=True)
def _workspace_of_the_tests(tmp_path_factory):
    """Every test (and every app or command it starts) uses a workspace in a temporary folder."""
    import os

    folder = tmp_path_factory.mktemp("workspace")
    saved = {k: os.environ.get(k) for k in ("NETWORK_WORKSPACE_DIR", "DATABASE_URL")}
    os.environ["NETWORK_WORKSPACE_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    yield folder
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def sample_workspace(tmp_path_factory):
    """A workspace file holding the bundled sample as version 1, made once per session (copy it before use)."""
    import sqlite3

    from network.store import Workspace

    path = tmp_path_factory.mktemp("sample-workspace") / "network.db"
    with Workspace(f"sqlite:///{path}") as workspace:
        workspace.ensure_sample()
    with sqlite3.connect(path) as connection:  # everything into the main file, so a copy is complete
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def app_workspace(sample_workspace, tmp_path, monkeypatch):
    """The folder of a workspace for one AppTest: its own copy of the sample (what one test saves, the next never
    sees), used by the app through ``NETWORK_WORKSPACE_DIR``, with Streamlit's caches empty before and after."""
    import shutil

    import streamlit as st

    shutil.copy(sample_workspace, tmp_path / "network.db")
    monkeypatch.setenv("NETWORK_WORKSPACE_DIR", str(tmp_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def postgres_server():
    """A throw-away PostgreSQL cluster (Debian's ``postgresql``) on localhost, for the whole session."""
    import shutil
    import tempfile
    from pathlib import Path

    from tests import database

    # directly under /tmp: pytest's own temporary folders are closed to the unprivileged server user
    folder = Path(tempfile.mkdtemp(prefix="rcn-postgres-"))
    try:
        server = database.start_postgres(folder)
        yield server
        server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace_url(request, tmp_path):
    """An empty workspace database: an SQLite file, and a new database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'network.db'}"
    server = request.getfixturevalue("postgres_server")
    return server.new_database()
