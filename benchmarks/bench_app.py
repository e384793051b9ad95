"""How long people wait for the app: the first page on a freshly started server, and a new browser session's
first page once the server is running (both in headless Chromium, until Streamlit's script has finished and
the map is painted).

Run by hand (never in timed unit tests): ``python benchmarks/bench_app.py [--sessions 5] [--cold]``. It starts
the app as the README says, ``python app.py`` (``--cold``: ``streamlit run app.py``, nothing warmed at start), on
a workspace in a temporary folder (first start: the sample is imported, as a new install does), waits until the
server says it is warm (``--cold``: until it answers), opens the overview once (the first person on the fresh
server), then in new browser contexts (new sessions).
Needs Debian's Chromium (``/usr/bin/chromium``) and Playwright.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def open_overview(browser_instance, url: str, browser_module) -> tuple[float, float]:
    """Seconds until the page is ready (script finished, the numbers shown) and until the map is painted."""
    context = browser_instance.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    browser_module.wait_for_app(page)
    page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
    ready = time.perf_counter() - started
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
    browser_module.wait_for_drawing(page, page.query_selector("[data-testid='stDeckGlJsonChart']"),
                                    "bench_overview", min_colours=20)
    painted = time.perf_counter() - started
    context.close()
    return ready, painted


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests import browser

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5, help="new sessions to time after the first")
    parser.add_argument("--cold", action="store_true", help="start with `streamlit run app.py` (nothing warmed)")
    args = parser.parse_args()
    os.environ["NETWORK_WORKSPACE_DIR"] = tempfile.mkdtemp(prefix="rcn-bench-")
    os.chdir(ROOT)
    started = time.perf_counter()
    server = browser.start_app(Path(tempfile.mkdtemp()), warm=not args.cold, timeout=180)
    healthy = time.perf_counter() - started
    warm = float("nan") if args.cold else browser.wait_until_warm(server) + healthy
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_FLAGS,
                                                  headless=True)
            first = open_overview(chromium, server.url, browser)
            later = [open_overview(chromium, server.url, browser) for _ in range(args.sessions)]
            chromium.close()
    finally:
        server.stop()
    print("| what | page ready (script done, numbers shown) | map painted (WebGL) |")
    print("|---|---:|---:|")
    print(f"| server start until healthy | {healthy:.1f} s | |")
    if not args.cold:
        print(f"| server start until it says it is warm (`python app.py`) | {warm:.1f} s | |")
    print(f"| first page on the fresh server ({'nothing warmed: the sample is imported first' if args.cold else 'warm'}) "
          f"| {first[0]:.1f} s | {first[1]:.1f} s |")
    print(f"| first page of a new browser session, server running (median of {len(later)}) | "
          f"{statistics.median(r for r, _ in later):.2f} s | {statistics.median(p for _, p in later):.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
