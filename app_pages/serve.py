"""Start the app with its caches warm: ``python app.py [streamlit options]``.

``streamlit run app.py`` computes a page's shared results (the member graph and its measures, the suggestion
engine, the coverage tables, the region views) when the first person opens it, so the first visitor after a
start waits for all of that.  ``python app.py`` starts the same server and, as soon as it answers, opens each
page once itself, as a browser session would (Streamlit's own protocol over its websocket), so that work is
done before anyone arrives; the console says when the server is warm.  Only pages an anonymous session may
open are warmed: with accounts (sign-in required) that is the sign-in page, and the imports and the current
version's data set, which do not depend on who signs in.

:class:`Session` is also what ``benchmarks/bench_load.py`` uses to measure the server alone, without a browser.
"""

from __future__ import annotations

import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
#: The pages opened once at start, by their address (the overview is the default page: its address is empty).
WARM_PAGES = ("", "network", "recommend", "coverage", "analysis", "difficulties", "data")


@dataclass(frozen=True)
class PageRun:
    """One run of a page as a session saw it: seconds until Streamlit said the script finished, how many
    elements it sent, the texts of any exception it showed, whether Streamlit said the address named no page
    (it then runs the default page), and the texts of the alerts it showed (as Markdown)."""

    page: str
    seconds: float
    elements: int
    exceptions: tuple[str, ...]
    finished: bool
    page_not_found: bool = False
    alerts: tuple[str, ...] = ()


class Session:
    """A session of the app opened as a browser opens one, speaking Streamlit's protocol over
    ``/_stcore/stream``: :meth:`open` runs a page and waits until its script has finished (the messages a
    browser would draw are counted, not drawn); moving to another page keeps the session, as the sidebar does.

    Examples
    --------
    >>> with Session("http://127.0.0.1:8501") as session:  # doctest: +SKIP
    ...     session.open("network").finished, session.open("coverage").exceptions
    (True, ())
    """

    def __init__(self, url: str, *, timeout: float = 120.0):
        from websockets.sync.client import connect

        self.timeout = timeout
        socket_url = url.replace("http://", "ws://", 1).replace("https://", "wss://", 1).rstrip("/")
        self._socket = connect(f"{socket_url}/_stcore/stream", subprotocols=["streamlit"], open_timeout=timeout,
                               max_size=None).__enter__()  # the connection is closed by close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the session (the server lets it go as when a browser tab is closed)."""
        self._socket.close()

    def open(self, page: str = "", *, query: str = "") -> PageRun:
        """Run ``page`` (its address; ``""`` is the default page) with ``query`` (``lang=en``) and wait until
        Streamlit says the script has finished, or :attr:`timeout` seconds."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        started = time.perf_counter()
        elements, exceptions, alerts, finished, not_found = 0, [], [], False, False
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_name = page
        back.rerun_script.page_script_hash = ""
        self._socket.send(back.SerializeToString())
        deadline = started + self.timeout
        while not finished:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            try:
                data = self._socket.recv(timeout=left)
            except TimeoutError:
                break
            message = ForwardMsg()
            message.ParseFromString(data if isinstance(data, bytes) else data.encode())
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                elements += 1
                element = message.delta.new_element
                if element.WhichOneof("type") == "exception":
                    exceptions.append(element.exception.message)
                elif element.WhichOneof("type") == "alert":
                    alerts.append(element.alert.body)
            elif kind == "page_not_found":
                not_found = True
            elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                finished = True
        return PageRun(page or "overview", time.perf_counter() - started, elements, tuple(exceptions), finished,
                       not_found, tuple(alerts))


def run_page(url: str, page: str = "", *, query: str = "", timeout: float = 120.0) -> PageRun:
    """Open ``page`` of the app at ``url`` in a new :class:`Session`, wait until its script has finished, and
    close the session."""
    with Session(url, timeout=timeout) as session:
        return session.open(page, query=query)


def wait_until_healthy(url: str, *, timeout: float = 120.0) -> bool:
    """Wait until ``url``'s ``/_stcore/health`` answers ``ok`` (``False`` after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url.rstrip('/')}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def warm(url: str, pages: tuple[str, ...] = WARM_PAGES, *, log=print) -> list[PageRun]:
    """Open each of ``pages`` once, one after the other, and say how long the server took to be warm."""
    started = time.perf_counter()
    runs = []
    try:
        with Session(url) as session:
            for page in pages:
                runs.append(session.open(page))
    except OSError as err:  # the server went away (stopped during the warm-up): nothing to warm
        log(f"  warm-up stopped: {err}")
        return runs
    failed = [run for run in runs if run.exceptions or not run.finished]
    log(f"  Warm: {len(runs)} pages ready in {time.perf_counter() - started:.1f} s"
        + (f" ({', '.join(run.page for run in failed)} did not finish cleanly)" if failed else ""))
    return runs


def _server_url() -> str:
    """The address this process's Streamlit server listens on, as seen from this machine."""
    from streamlit import config

    address = config.get_option("server.address") or "127.0.0.1"
    if address in ("0.0.0.0", "::"):
        address = "127.0.0.1"
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"http://{address}:{config.get_option('server.port')}" + (f"/{base}" if base else "")


def _warm_when_up() -> None:
    from streamlit.runtime import Runtime

    while not Runtime.exists():  # the server is being set up by the main thread
        time.sleep(0.1)
    url = _server_url()
    if wait_until_healthy(url):
        warm(url)


def main(argv: list[str] | None = None) -> int:
    """``streamlit run app.py`` with ``argv``'s options, and the pages warmed as soon as the server answers."""
    from streamlit.web import cli

    threading.Thread(target=_warm_when_up, name="warm-at-start", daemon=True).start()
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(["run", str(APP), *args], prog_name="streamlit", standalone_mode=False)
    except SystemExit as done:
        return int(done.code or 0)
    return 0
