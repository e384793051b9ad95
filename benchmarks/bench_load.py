"""Many people at once: N headless-Chromium sessions open the app's main pages together on one server.

Run by hand (never in the unit tests)::

    python benchmarks/bench_load.py                     # N = 1, 5, 10, 20, a fresh server for each N
    python benchmarks/bench_load.py --sessions 10       # one N only
    python benchmarks/bench_load.py --clients protocol  # the server alone: sessions without a browser
    python benchmarks/bench_load.py --clients mixed     # one timed browser among N - 1 sessions without one
    python benchmarks/bench_load.py --cold              # `streamlit run app.py`: nothing warmed at start
    python benchmarks/bench_load.py --returning         # browsers that have been to the app before
    python benchmarks/bench_load.py --reference         # the same, against a bare Streamlit app of the same size
    python benchmarks/bench_load.py --proxy             # behind nginx serving Streamlit's frontend (deploy/nginx.py)
    python benchmarks/bench_load.py --clients mixed --own-core   # the timed browser on a core of its own

For each N it starts the app as the README says (``python app.py``, which opens every page once as soon as the
server answers) on a workspace of its own in a temporary folder (the sample is imported at the first page, as on
a new install), waits until the server says it is warm and the browsers are idle (a new Chromium window loads its
address-bar popup, a web page of its own, in a hidden renderer: a second of CPU that a person's browser spent
long before they open the app), then starts N sessions at the same moment. Each session
opens the overview by its address and then goes to the network, recommendations and coverage pages.

``--clients browser`` (the default): each session is a headless Chromium context (a person's own browser, cold:
nothing cached) that moves between pages through the sidebar, as a person does.  A page is *ready* when its
title is shown and Streamlit's script has finished with nothing left from the previous page (the condition the
browser tests wait on).  The browsers run on the same machine as the server: on 2 cores their own work (the
frontend's JavaScript, deck.gl's WebGL drawn in software without a GPU) competes with the server's.

``--clients mixed``: one browser session is timed while the ``N - 1`` others speak the protocol, all opening the
pages at the same moment (three rounds, each with a new browser): what a person waits for in their own browser
(people's browsers run on their own computers, not on the server) while ``N - 1`` others open the same pages.
With ``--own-core`` the timed browser runs on a core of its own (CPU 1: a person's computer, without a GPU) and
everything else — the server, nginx, the ``N - 1`` protocol sessions and this script — shares the other (CPU 0):
the server has one core instead of two and also carries the load generator, so a wait measured so is longer
than on a two-core server with the browsers elsewhere.

``--clients protocol``: each session speaks Streamlit's protocol over its websocket, as a browser does, and a page
is ready when the server says its script has finished (:func:`app_pages.serve.run_page`): what the server makes
people wait for, without the browsers' drawing.

``--reference``: the sessions visit ``benchmarks/reference_app.py`` instead, a bare Streamlit app with the same
four addresses and titles that sends the same maps, drawing and tables, made once at its start: no sign-in, no
workspace, nothing computed per page.  The app can only be slower; the ratio says how much of a wait is the app's.

``--proxy``: the sessions reach the server through nginx (started by this script, by the current user, in a
temporary folder, with the configuration ``deploy/nginx.py`` prints): nginx serves Streamlit's frontend files,
compressed, and passes everything else to the app, as on a shared server set up as the README says.

Reported per page: the median and the worst time over the sessions and the failures (a page not ready in 60 s,
an exception, an error message, a request to another host); per N: the server's CPU time during the sessions and
its peak resident memory (``VmHWM`` of the server process).
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
#: The pages a session visits, in order: (address, title key in the app's texts).
PAGES = [("overview", "app_title"), ("network", "page_network"), ("recommend", "page_recommend"),
         ("coverage", "page_coverage")]
READY_JS = (
    "(title) => { const app = document.querySelector(\"[data-testid='stApp']\");"
    " const h1 = document.querySelector(\"[data-testid='stMain'] h1\");"
    " return app && h1 && h1.innerText.trim() === title"
    " && app.getAttribute('data-test-script-state') === 'notRunning'"
    " && document.querySelectorAll('[data-stale=\"true\"]').length === 0"
    " && document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0; }"
)
TIMEOUT_MS = 60_000


@dataclass
class Session:
    """What one browser session measured: seconds per page, and what went wrong."""

    times: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    kind: str = ""  # "browser": the timed one among protocol sessions


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process ``pid`` has used so far, in seconds (Linux ``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browsers_cpu_seconds() -> float:
    """CPU time all Chromium processes on the machine have used so far, in seconds."""
    total = 0.0
    for process in Path("/proc").glob("[0-9]*"):
        try:
            if "chromium" in os.readlink(process / "exe"):
                total += cpu_seconds(int(process.name))
        except (OSError, ValueError, IndexError):  # another user's process, or one that ended meanwhile
            continue
    return total


async def browsers_settled(timeout: float = 30.0) -> None:
    """Wait until the browsers are idle (under a tenth of a core over half a second): what Chromium does by itself
    when a window opens (its address-bar popup is a web page of its own, loaded in a hidden renderer: about a
    second of CPU) is done before the people start, as in a person's browser, opened long before the app."""
    deadline = time.perf_counter() + timeout
    used = browsers_cpu_seconds()
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.5)
        now = browsers_cpu_seconds()
        if now - used < 0.05:
            return
        used = now


def peak_memory_mb(pid: int) -> float:
    """The peak resident memory of process ``pid`` so far, in MB (Linux ``VmHWM``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def open_page(page, url: str, path: str, title: str) -> None:
    """Open ``path`` (the overview by its address, the others by the sidebar) and wait until it is ready."""
    if path == "overview":
        await page.goto(f"{url}/", wait_until="domcontentloaded", timeout=TIMEOUT_MS)
    else:
        await page.click(f"[data-testid='stSidebarNav'] a[href*='/{path}']", timeout=TIMEOUT_MS)
    await page.wait_for_function(READY_JS, arg=title, timeout=TIMEOUT_MS, polling=100)


async def visit(browser, url: str, titles: dict[str, str], start: asyncio.Event, *, ready: asyncio.Event,
                returning: bool = False) -> Session:
    """One person: the overview by its address, then the other pages by the sidebar.  A ``returning`` person's
    browser has been to the app before (the four pages opened once before the start): it has Streamlit's
    JavaScript in its cache, as a daily user's browser does (the files' names carry a hash and may be kept
    for a year)."""
    session = Session()
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    page = await context.new_page()
    host = urlparse(url).hostname

    def outside(request) -> None:
        if urlparse(request.url).hostname not in (host, None, ""):
            session.failures.append(f"request to another host: {request.url}")

    async def route(route):
        if urlparse(route.request.url).hostname in (host, None, ""):
            await route.continue_()
        else:
            session.failures.append(f"request to another host: {route.request.url}")
            await route.abort()

    if returning:  # routing would turn the browser's cache off: requests to other hosts are only recorded
        page.on("request", outside)
        for path, title_key in PAGES:
            await open_page(page, url, path, titles[title_key])
    else:
        await page.route("**/*", route)
    ready.set()
    await start.wait()
    for path, title_key in PAGES:
        started = time.perf_counter()
        try:
            await open_page(page, url, path, titles[title_key])
        except Exception as err:  # a timeout or a closed page: counted, the session goes on
            session.failures.append(f"{path}: {type(err).__name__}: {str(err).splitlines()[0]}")
            continue
        session.times[path] = time.perf_counter() - started
        boxes = await page.query_selector_all("[data-testid='stException'], [data-testid='stAlertContentError']")
        if boxes:
            session.failures.append(f"{path}: {len(boxes)} error box(es)")
    await context.close()
    return session


def visit_by_protocol(url: str, start: threading.Event) -> Session:
    """One session without a browser: the pages one after the other in one session, as the sidebar moves."""
    from app_pages.serve import Session as ProtocolSession

    session = Session()
    start.wait()
    try:
        with ProtocolSession(url, timeout=TIMEOUT_MS / 1000) as protocol:
            for path, _ in PAGES:
                run = protocol.open("" if path == "overview" else path)
                if not run.finished:
                    session.failures.append(f"{path}: not finished in {TIMEOUT_MS / 1000:.0f} s")
                    break
                session.times[path] = run.seconds
                if run.exceptions:
                    session.failures.append(f"{path}: {len(run.exceptions)} exception(s): {run.exceptions[0][:200]}")
    except OSError as err:
        session.failures.append(f"overview: {type(err).__name__}: {err}")
    return session


def run_mixed(n: int, url: str, titles: dict[str, str], rounds: int = 3, *, returning: bool = False,
              executable: str | None = None) -> tuple[list[Session], float]:
    """One timed browser session and ``n - 1`` protocol sessions, all opening the pages at the same moment;
    ``rounds`` times, each with a new browser context: what a person with their own browser waits for while
    ``n - 1`` others open the same pages.  ``executable``: see :func:`run`."""
    timed: list[Session] = []
    others: list[Session] = []
    started = time.perf_counter()
    for _ in range(rounds):
        start = threading.Event()
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(n - 1, 1)) as pool:
            busy = [pool.submit(visit_by_protocol, url, start) for _ in range(n - 1)]
            timed.extend(asyncio.run(run(1, url, titles, start_with=start, returning=returning,
                                         executable=executable))[0])
            others.extend(future.result() for future in busy)
    for session in timed:
        session.kind = "browser"
    return timed + others, time.perf_counter() - started


def run_protocol(n: int, url: str) -> tuple[list[Session], float]:
    """``n`` protocol sessions started together, each in its own thread."""
    start = threading.Event()
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(visit_by_protocol, url, start) for _ in range(n)]
        started = time.perf_counter()
        start.set()
        sessions = [future.result() for future in futures]
    return sessions, time.perf_counter() - started


#: ``--own-core``: the CPU of the timed browser, and the one everything else shares.
BROWSER_CPU, SERVER_CPU = 1, 0


def pin(pid: int, cpu: int) -> None:
    """Run every thread of process ``pid`` and of the processes it has started (nginx's worker) on ``cpu`` only;
    threads and processes started later inherit it."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):  # a process that ended meanwhile
            continue
    family, added = {pid}, True
    while added:
        children = {child for child, parent in parents.items() if parent in family} - family
        family |= children
        added = bool(children)
    for member in family:
        for task in Path(f"/proc/{member}/task").iterdir():
            os.sched_setaffinity(int(task.name), {cpu})


def chromium_on(cpu: int) -> str:
    """An executable that starts Debian's Chromium (and so all its processes) on ``cpu`` only."""
    from tests import browser as harness

    wrapper = Path(tempfile.mkdtemp(prefix="rcn-load-chromium-")) / "chromium"
    wrapper.write_text(f'#!/bin/sh\nexec taskset -c {cpu} {harness.CHROMIUM} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return str(wrapper)


async def run(n: int, url: str, titles: dict[str, str], *, start_with: threading.Event | None = None,
              returning: bool = False, executable: str | None = None) -> tuple[list[Session], float]:
    """``n`` browser sessions started together (once every one is ready to: a returning browser has been to the
    app first); their results and the wall time until the last one finished.  ``start_with`` is set when they
    start (other sessions wait on it); ``executable`` starts Chromium instead of Debian's own (:func:`chromium_on`)."""
    from playwright.async_api import async_playwright

    from tests import browser as harness

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=executable or harness.CHROMIUM,
                                                    args=harness.CHROMIUM_FLAGS, headless=True)
        start = asyncio.Event()
        ready = [asyncio.Event() for _ in range(n)]
        tasks = [asyncio.create_task(visit(chromium, url, titles, start, ready=event, returning=returning))
                 for event in ready]
        for event in ready:
            await event.wait()
        await browsers_settled()
        started = time.perf_counter()
        start.set()
        if start_with is not None:
            start_with.set()
        sessions = await asyncio.gather(*tasks)
        wall = time.perf_counter() - started
        await chromium.close()
    return sessions, wall


def measure(n: int, *, clients: str, cold: bool, returning: bool, reference: bool = False,
            proxy: bool = False, own_core: bool = False) -> dict[str, object]:
    """Start a fresh server (and wait until it is warm), then ``n`` sessions at once; stop the server.  With
    ``reference`` the server runs ``benchmarks/reference_app.py``, warmed by one protocol session; with ``proxy``
    the sessions go through nginx (:mod:`deploy.nginx`); with ``own_core`` (mixed clients) the timed browser has a
    core of its own and the rest shares the other."""
    from app_pages.texts import APP
    from deploy import nginx
    from tests import browser as harness

    titles = {key: APP.t(key, "ko") for _, key in PAGES}
    env = {"NETWORK_WORKSPACE_DIR": tempfile.mkdtemp(prefix="rcn-load-")}
    started = time.perf_counter()
    log = Path(tempfile.mkdtemp(prefix="rcn-load-log-"))
    if reference:
        server = harness.start_app(log, env=env, timeout=180, script="benchmarks/reference_app.py")
    else:
        server = harness.start_app(log, env=env, timeout=180, warm=not cold)
    front = None
    try:
        url = server.url
        if proxy:
            port = harness.free_port()
            front = nginx.start_standalone(Path(tempfile.mkdtemp(prefix="rcn-load-nginx-")), port=port,
                                           app=server.url.removeprefix("http://"))
            url = f"http://127.0.0.1:{port}"
        if own_core:
            for pid in (server.process.pid, os.getpid(), *([front.pid] if front is not None else [])):
                pin(pid, SERVER_CPU)
        if reference:  # its content is made by the first run: made before the sessions, as the app's warm-up does
            from app_pages.serve import run_page

            run_page(server.url, "", timeout=300)
            warm = time.perf_counter() - started
        else:
            warm = float("nan") if cold else harness.wait_until_warm(server) + time.perf_counter() - started
        cpu_before = cpu_seconds(server.process.pid)
        if clients == "protocol":
            sessions, wall = run_protocol(n, url)
        elif clients == "mixed":
            sessions, wall = run_mixed(n, url, titles, returning=returning,
                                       executable=chromium_on(BROWSER_CPU) if own_core else None)
        else:
            sessions, wall = asyncio.run(run(n, url, titles, returning=returning))
        cpu = cpu_seconds(server.process.pid) - cpu_before
        memory = peak_memory_mb(server.process.pid)
    finally:
        if front is not None:
            front.terminate()
            front.wait(timeout=15)
        server.stop()
    return {"n": n, "warm": warm, "sessions": sessions, "wall": wall, "cpu": cpu,
            "memory": memory}


def report(result: dict[str, object]) -> list[str]:
    """Markdown table rows for one N: one row per page (and kind of session, when mixed)."""
    sessions: list[Session] = result["sessions"]  # type: ignore[assignment]
    groups = [("", sessions)]
    if any(s.kind for s in sessions):
        groups = [("Chromium, timed: ", [s for s in sessions if s.kind]),
                  ("the others, no browser: ", [s for s in sessions if not s.kind])]
    rows = []
    for label, group in groups:
        for path, _ in PAGES:
            times = [s.times[path] for s in group if path in s.times]
            failed = sum(1 for s in group for f in s.failures if f.startswith(f"{path}:"))
            median = f"{statistics.median(times):.2f} s" if times else "–"
            worst = f"{max(times):.2f} s" if times else "–"
            rows.append(f"| {result['n']} | {label}{path} | {median} | {worst} | {failed} |")
    return rows


def main() -> int:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, action="append",
                        help="sessions at once (repeatable; default 1, 5, 10 and 20)")
    parser.add_argument("--clients", choices=("browser", "protocol", "mixed"), default="browser",
                        help="headless Chromium (default), sessions without a browser (the server alone), or one "
                             "timed Chromium session while the others go round the pages without a browser")
    parser.add_argument("--cold", action="store_true", help="start with `streamlit run app.py` (nothing warmed)")
    parser.add_argument("--reference", action="store_true",
                        help="visit the bare reference app (benchmarks/reference_app.py) instead of the app")
    parser.add_argument("--returning", action="store_true",
                        help="browsers that have been to the app before (its JavaScript in their cache)")
    parser.add_argument("--proxy", action="store_true",
                        help="reach the server through nginx serving Streamlit's frontend (deploy/nginx.py)")
    parser.add_argument("--own-core", action="store_true",
                        help="with --clients mixed: the timed browser on a core of its own, the rest on the other")
    args = parser.parse_args()
    if args.own_core and (args.clients != "mixed" or len(os.sched_getaffinity(0)) < 2):
        parser.error("--own-core needs --clients mixed and two CPUs")
    counts = args.sessions or [1, 5, 10, 20]
    os.chdir(ROOT)
    results = [measure(n, clients=args.clients, cold=args.cold, returning=args.returning, reference=args.reference,
                       proxy=args.proxy, own_core=args.own_core)
               for n in counts]
    start = ("streamlit run benchmarks/reference_app.py (the reference)" if args.reference
             else "streamlit run app.py" if args.cold else "python app.py (warm)")
    print(f"clients: {args.clients}{' (returning browsers)' if args.returning else ''}; start: {start}"
          f"{'; behind nginx' if args.proxy else ''}"
          f"{f'; the timed browser on CPU {BROWSER_CPU}, the rest on CPU {SERVER_CPU}' if args.own_core else ''}")
    print("| sessions at once | page | median | worst | failures |")
    print("|---:|---|---:|---:|---:|")
    for result in results:
        print("\n".join(report(result)))
    print()
    print("| sessions at once | server warm after its start | all sessions done | "
          "server CPU time during the sessions | server peak memory | failures |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        failures = [f for s in r["sessions"] for f in s.failures]  # type: ignore[attr-defined]
        print(f"| {r['n']} | {r['warm']:.1f} s | {r['wall']:.1f} s | "
              f"{r['cpu']:.1f} s | {r['memory']:.0f} MB | {len(failures)} |")
        for failure in failures[:10]:
            print(f"  - {failure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
