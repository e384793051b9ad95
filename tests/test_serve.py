"""``python app.py``: the server starts with its pages warmed, and :class:`app_pages.serve.Session` runs pages as a
browser session does (the warm-up and the load benchmark use it).

These start a real server (no browser), so they are marked ``e2e`` with the browser tests."""

from __future__ import annotations

import re
import shutil

import pytest

from app_pages import serve
from app_pages.texts import APP
from tests import browser

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def warm_server(tmp_path_factory, sample_workspace):
    """``python app.py`` on a copy of the sample workspace, once it has said that it is warm."""
    folder = tmp_path_factory.mktemp("warm-workspace")
    shutil.copy(sample_workspace, folder / "network.db")
    server = browser.start_app(tmp_path_factory.mktemp("warm-log"), env={"NETWORK_WORKSPACE_DIR": str(folder)},
                               warm=True, timeout=180)
    try:
        browser.wait_until_warm(server, timeout=300)
        yield server
    finally:
        server.stop()


def test_python_app_py_warms_every_page_once_the_server_answers(warm_server):
    log = warm_server.log.read_text()
    said = re.search(r"Warm: (\d+) pages ready in [\d.]+ s(.*)", log)
    assert said, log[-2000:]
    assert int(said.group(1)) == len(serve.WARM_PAGES)
    assert "did not finish cleanly" not in said.group(2), said.group(0)
    assert "Traceback" not in log, log[-3000:]


def test_a_session_moves_between_pages_like_the_sidebar(warm_server):
    with serve.Session(warm_server.url, timeout=120) as session:
        runs = [session.open(page) for page in ("", "network", "recommend", "coverage")]
    assert [run.page for run in runs] == ["overview", "network", "recommend", "coverage"]
    for run in runs:
        assert run.finished, run
        assert run.exceptions == (), run
        assert run.elements > 5, run  # the page's title, numbers, tables … were sent


def test_an_unknown_member_in_the_address_is_no_exception(warm_server):
    # a shared link naming a member that does not exist: the page still runs to its end
    run = serve.run_page(warm_server.url, "network", query="member=NO-SUCH-MEMBER")
    assert run.finished and run.exceptions == (), run


def test_a_stopped_server_ends_the_warm_up_with_a_message(tmp_path):
    said: list[str] = []
    url = f"http://127.0.0.1:{browser.free_port()}"  # nothing listens there
    assert serve.warm(url, ("",), log=said.append) == []
    assert said and "warm-up stopped" in said[0]


def test_the_address_a_server_listens_on_is_reached_from_this_machine(monkeypatch):
    from streamlit import config

    options = {"server.address": "0.0.0.0", "server.port": 8555, "server.baseUrlPath": "/explorer/"}
    monkeypatch.setattr(config, "get_option", options.__getitem__)
    assert serve._server_url() == "http://127.0.0.1:8555/explorer"
    options.update({"server.address": "", "server.baseUrlPath": ""})
    assert serve._server_url() == "http://127.0.0.1:8555"


def test_the_overview_opens_at_its_own_address_too(warm_server):
    with serve.Session(warm_server.url, timeout=120) as session:
        at_root, at_address, nowhere = session.open(""), session.open("overview"), session.open("no-such-page")
    assert not at_root.page_not_found and not at_address.page_not_found  # /overview: a bookmark or a link
    assert at_address.elements == at_root.elements and at_address.exceptions == ()
    # an address of no page: the overview, with a short notice in Korean (not Streamlit's "Page not found")
    assert not nowhere.page_not_found and nowhere.exceptions == ()
    notice = APP.markdown("unknown_address", "ko", address="/no-such-page")
    assert [a for a in nowhere.alerts if a not in at_root.alerts] == [notice]
    assert nowhere.elements == at_root.elements + 1
