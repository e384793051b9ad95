"""Real-browser test harness: the app under ``streamlit run`` and Debian's Chromium via Playwright.

Used by every ``test_e2e_*.py`` file through the fixtures in ``tests/conftest.py``:

* ``app_server`` starts ``streamlit run app.py`` on a free local port and waits for
  ``/_stcore/health``;
* ``browser`` launches ``/usr/bin/chromium`` headless (never a downloaded browser);
* ``app_page`` opens a page that records every request and console error, and
  blocks (and records) any request to a host other than the app's own, so a test
  can assert that nothing leaves the machine.

After every test, the harness fails it on anything a watched page did wrong
(:func:`new_problems`): an uncaught error in any frame, a console error that
:data:`ALLOWED_CONSOLE_ERRORS` or the test (:meth:`PageLog.allow`) does not explain,
a request off the machine, a local HTTP error, or an element a component drew to
say it failed (:data:`ERROR_ELEMENTS`: the red box of a table whose JSON the
browser could not parse is one), not only Streamlit's exception box.

Without Chromium the tests skip with a reason; in CI (``CI=true``) that is a failure.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def require_browser() -> None:
    """Skip (locally) or fail (in CI) when Chromium or Playwright is missing."""
    problems = []
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        problems.append(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("Playwright is not installed (pip install -r requirements-dev.txt)")
    if problems:
        message = "; ".join(problems)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests cannot run in CI: {message}")
        pytest.skip(f"browser tests skipped: {message}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A running ``streamlit run app.py``."""

    url: str
    process: subprocess.Popen
    log: Path
    log_file: object = None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        if self.log_file is not None:
            self.log_file.close()


def start_app(log_dir: Path, *, timeout: float = 90.0, env: dict[str, str] | None = None,
              args: tuple[str, ...] = (), host: str = "127.0.0.1", warm: bool = False,
              script: str = "app.py") -> AppServer:
    """Start the app on a free port and wait until ``/_stcore/health`` answers ``ok``.

    ``env`` is added to the environment (e.g. another ``NETWORK_WORKSPACE_DIR``), ``args`` to the command line
    (e.g. ``--secrets.files``), and ``host`` is how the returned URL names the server (single sign-on needs
    the host of its redirect address).  ``warm`` starts it as ``python app.py`` (the pages warmed at start, see
    :func:`wait_until_warm`) instead of ``streamlit run app.py``; ``script`` runs another Streamlit script instead of
    the app (the harness's own tests)."""
    port = free_port()
    log = log_dir / f"streamlit-{port}.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    log_file = log.open("w")
    process = subprocess.Popen(
        [sys.executable, *(["app.py"] if warm else ["-m", "streamlit", "run", script]), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         *args],
        cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
    )
    url = f"http://{host}:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log_file.close()
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return AppServer(url, process, log, log_file)
        except OSError:
            time.sleep(0.3)
    process.kill()
    process.wait(timeout=15)
    log_file.close()
    raise RuntimeError(f"streamlit did not become healthy in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def wait_until_warm(server: AppServer, *, timeout: float = 180.0) -> float:
    """Wait until a server started with ``warm=True`` says its pages are warm; the seconds that took."""
    started = time.monotonic()
    while "Warm:" not in server.log.read_text():
        if server.process.poll() is not None or time.monotonic() - started > timeout:
            raise RuntimeError(f"the server did not get warm:\n{server.log.read_text()[-3000:]}")
        time.sleep(0.2)
    return time.monotonic() - started


#: Console errors that are not the app's own, each with the reason: ``(message pattern, address pattern, why)``.
#: The address is the page's or, for a resource that failed to load, the resource's.
ALLOWED_CONSOLE_ERRORS: tuple[tuple[str, str, str], ...] = (
    (r"^Failed to load resource: the server responded with a status of 404", r"/_stcore/(health|host-config)$",
     "Streamlit's frontend, opened at /<page>, probes /<page>/_stcore/health and /<page>/_stcore/host-config "
     "(404) to find its base path before it asks /_stcore/…"),
    (r"^uncaught: ResizeObserver loop completed with undelivered notifications", r"",
     "Chromium's notice that a resize observer's callback changed the layout within the same frame (Streamlit's "
     "own widgets on a narrow page): the remaining notifications come in the next frame, nothing fails"),
)
#: Elements a component draws when it failed (React's error boundary around every element, and the elements
#: that catch their own errors), besides Streamlit's exception box for a Python exception.
ERROR_ELEMENTS = ("stException", "stErrorElementStack", "stDownloadButtonError", "stMermaidError",
                  "stEChartsChartError")
#: Run in every frame before the page's own scripts: errors a frame's script leaves uncaught (the network
#: drawing's iframe too) and unhandled promise rejections are logged, so the console sees them.
REPORT_UNCAUGHT = """
window.addEventListener("error", (e) => console.error("uncaught: " + (e.message || e.type)));
window.addEventListener("unhandledrejection", (e) => console.error("unhandled rejection: " + e.reason));
"""


@dataclass
class PageLog:
    """What a page did: every request, requests to other hosts (blocked), console errors (with the address each
    came from), page errors, local responses with an HTTP error status.

    A test that makes an error on purpose says so: :meth:`allow`."""

    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    console_addresses: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # local responses with an HTTP error status
    allowed: list[tuple[str, str, str]] = field(default_factory=list)
    reported: int = 0  # problems already reported (see problems())

    def allow(self, message: str, address: str = "", *, why: str) -> None:
        """Console errors matching ``message`` (a pattern) from an address matching ``address``, and HTTP error
        responses and blocked requests off the machine matching ``message``, are expected by the test (``why``
        says why)."""
        self.allowed.append((message, address, why))

    def _explained(self, text: str, address: str) -> bool:
        return any(re.search(m, text) and re.search(a, address)
                   for m, a, _ in (*ALLOWED_CONSOLE_ERRORS, *self.allowed))

    def problems(self) -> list[str]:
        """Everything this page did wrong: uncaught errors, console errors nobody explained, requests that would
        have left the machine, local HTTP errors that are not Streamlit's base-path probes."""
        found = [f"page error: {e}" for e in self.page_errors]
        found += [f"console error: {text[:500]} (at {address})"
                  for text, address in zip(self.console_errors, self.console_addresses)
                  if not self._explained(text, address)]
        found += [f"request off the machine: {url}" for url in self.foreign
                  if not any(re.search(m, url) for m, _, _ in self.allowed)]
        found += [f"HTTP error: {line}" for line in self.failed
                  if not re.search(r" /?.*/_stcore/(health|host-config)$", line)
                  and not any(re.search(m, line) for m, _, _ in self.allowed)]
        return found


#: Every page :func:`watch_page` watches, for :func:`new_problems` (the test harness checks them after each test).
WATCHED: list = []


def watch_page(page, log: PageLog) -> None:
    """Record requests and errors of ``page``; abort any request that would leave the machine."""

    def route(route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        log.requests.append(url)
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            log.foreign.append(url)
            route.abort()

    def console(message) -> None:
        if message.type == "error":
            log.console_errors.append(message.text)
            log.console_addresses.append((message.location or {}).get("url", "") or page.url)

    page.add_init_script(REPORT_UNCAUGHT)
    page.route("**/*", route)
    page.on("response", lambda r: log.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", console)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    WATCHED.append((page, log))


def error_elements(page) -> list[str]:
    """The texts of every error element on the page (:data:`ERROR_ELEMENTS`): there must be none."""
    selector = ", ".join(f"[data-testid='{name}']" for name in ERROR_ELEMENTS)
    whole = "e => (e.closest(\"[data-testid='stAlertContainer']\") || e).innerText"  # the error's name and message too
    return [el.evaluate(whole)[:500] for el in page.query_selector_all(selector)]


def forget_earlier_problems() -> None:
    """Count what the watched pages did so far as reported, and stop watching closed pages: what a page logs after
    its own test ended (its server stopping under it, in the teardown) is not the next test's fault."""
    for _page, log in WATCHED:
        log.reported = len(log.problems())
    WATCHED[:] = [(p, log) for p, log in WATCHED if not p.is_closed()]


def new_problems() -> list[str]:
    """What the watched pages did wrong that was not reported before: :meth:`PageLog.problems` and, on the pages
    still open, :func:`error_elements`.  The harness calls it after every browser test and fails the test on any
    (``pytest_runtest_call`` in ``tests/conftest.py``)."""
    found = []
    for page, log in WATCHED:
        problems = log.problems()
        found += [f"{page.url}: {p}" for p in problems[log.reported:]]
        log.reported = len(problems)
        if not page.is_closed():
            with contextlib.suppress(Exception):  # navigating or closing: what it logged was checked above
                found += [f"{page.url}: error element: {text}" for text in error_elements(page)]
    WATCHED[:] = [(p, log) for p, log in WATCHED if not p.is_closed()]
    return found


def new_page(chromium, base_url: str, *, width: int = 1400, height: int = 1000, is_mobile: bool = False):
    """A page in a fresh browser context (its own cookies), watched by :func:`watch_page`: ``page.log`` records
    requests, blocked foreign requests and errors; ``page.base_url`` is the app's address.  A phone is
    ``width=390, height=844, is_mobile=True`` (touch, a device scale of 3)."""
    phone = {"is_mobile": True, "has_touch": True, "device_scale_factor": 3} if is_mobile else {}
    context = chromium.new_context(viewport={"width": width, "height": height}, accept_downloads=True, **phone)
    page = context.new_page()
    page.log = PageLog()
    watch_page(page, page.log)
    page.base_url = base_url
    return page


def wait_for_app(page, *, timeout: float = 60_000) -> None:
    """Wait until the Streamlit script has finished running and no element is left from an earlier run.

    As Streamlit's own browser tests do: the app reports ``notRunning`` and no element is marked stale
    (an element shown by the previous run that this run has not confirmed yet); and no element is still a
    skeleton (a widget whose code the browser is still loading, e.g. the first text input).
    """
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(
        "() => { const app = document.querySelector(\"[data-testid='stApp']\");"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
        " && document.querySelectorAll('[data-stale=\"true\"]').length === 0"
        " && document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0; }",
        timeout=timeout,
    )


def wait_until(condition, *, timeout: float = 30.0, interval: float = 0.2, message: str = "condition"):
    """Poll ``condition()`` until it returns something truthy (returned) or ``timeout`` seconds pass (fails).

    For what the page cannot signal itself, such as a canvas that WebGL has finished painting.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} not met within {timeout:.0f} s")
        time.sleep(interval)


def wait_for_drawing(page, element, name: str, *, min_colours: int = 20, timeout: float = 30.0) -> Path:
    """Screenshot ``element`` until it shows more than ``min_colours`` colours (a painted map or graph, not a
    blank canvas) and return the screenshot; fail after ``timeout`` seconds."""
    def painted():
        shot = screenshot(page, name, element=element)
        return shot if distinct_colours(shot) > min_colours else None

    return wait_until(painted, timeout=timeout, message=f"{name} painted with more than {min_colours} colours")


def exception_boxes(page) -> list[str]:
    """Texts of Streamlit exception boxes on the page (there must be none)."""
    return [el.inner_text() for el in page.query_selector_all("[data-testid='stException']")]


def screenshot(page, name: str, *, element=None) -> Path:
    """Save a screenshot under ``tests/screenshots/`` (git-ignored) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    (element or page).screenshot(path=str(path))
    return path


def distinct_colours(png: Path) -> int:
    """How many distinct colours an image has (a blank canvas has one or two)."""
    from PIL import Image

    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    return len(colours or [])
