"""The network explorer in a real headless Chromium: it draws fast, offline, and safely."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from network.render import network as render_network
from tests import browser

pytestmark = pytest.mark.e2e

XSS_NAMES = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>", "<b>href</b> javascript:alert(1)"]


def _draw(page, html: str, timeout: float = 30_000) -> int:
    """Load a standalone drawing into the page; return vis-network's first-draw time in ms."""
    page.set_content(html, wait_until="load")
    page.wait_for_function("() => document.getElementById('graph').hasAttribute('data-drawn-ms')", timeout=timeout)
    return int(page.get_attribute("#graph", "data-drawn-ms"))


def _random_graph(n: int, seed: int = 1) -> nx.Graph:
    G = nx.gnm_random_graph(n, 2 * n, seed=seed)
    G = nx.relabel_nodes(G, {i: f"m{i:05d}" for i in G})
    rng = np.random.default_rng(seed)
    for node in G:
        G.nodes[node].update(name=f"회사{node}", sido=str(rng.choice(["서울특별시", "경기도", "부산광역시"])),
                             federation="경기", sigungu="수원시 영통구", industry="25")
    return G


@pytest.mark.parametrize("n, budget_ms", [(500, 1500), (2000, 3000)])
def test_large_slices_draw_within_the_time_target(app_page, n, budget_ms):
    G = _random_graph(n)
    drawing = render_network.network_html(G, render_network.layout(G))
    drawn_ms = _draw(app_page, drawing.html)
    browser.wait_for_drawing(app_page, app_page.query_selector("#graph"), f"network_{n}", min_colours=10)
    assert drawn_ms <= budget_ms, f"{n} nodes took {drawn_ms} ms to draw"
    assert app_page.log.foreign == [] and app_page.log.page_errors == []
    print(f"{n} nodes: first draw {drawn_ms} ms, page {len(drawing.html) / 1e6:.2f} MB")


def test_hostile_names_show_as_text_and_run_nothing(app_page):
    dialogs = []
    app_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    G = nx.Graph()
    for i, name in enumerate(XSS_NAMES):
        G.add_node(f"x{i}", name=name, federation=name, sido="서울특별시", sigungu=name, industry_name=name)
    G.add_edges_from([("x0", "x1"), ("x1", "x2")])
    html = render_network.network_html(G, {"x0": (0, 0), "x1": (120, 0), "x2": (240, 0)}).html
    _draw(app_page, html)
    # hover every node: vis-network shows its tooltip
    for i in range(len(XSS_NAMES)):
        point = app_page.evaluate(f"""() => {{
            const p = window.graphNetwork.getPositions([{i}])[{i}];
            const d = window.graphNetwork.canvasToDOM(p);
            const r = document.getElementById('graph').getBoundingClientRect();
            return [r.left + d.x, r.top + d.y]; }}""")
        app_page.mouse.move(point[0], point[1])
        tooltip = app_page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
        app_page.wait_for_function("(name) => document.querySelector('div.vis-tooltip')?.innerText.includes(name)",
                                   arg=XSS_NAMES[i], timeout=10_000)
        assert XSS_NAMES[i] in tooltip.inner_text()
    assert dialogs == []
    assert app_page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert app_page.log.foreign == [] and app_page.log.page_errors == []


def test_network_page_ego_view_from_the_url_and_exports(app_page, tmp_path):
    member = pd.read_csv(browser.ROOT / "data" / "sample" / "members.csv", encoding="utf-8-sig",
                         dtype=str)["member_id"].iloc[0]
    app_page.goto(f"{app_page.base_url}/network?member={member}", wait_until="domcontentloaded")
    browser.wait_for_app(app_page)
    frame_element = app_page.wait_for_selector("iframe", timeout=60_000)
    frame = frame_element.content_frame()
    frame.wait_for_function("() => document.getElementById('graph')?.hasAttribute('data-drawn-ms')",
                            timeout=30_000)
    browser.wait_for_drawing(app_page, frame_element, "network_ego", min_colours=10)
    assert browser.exception_boxes(app_page) == []
    for label, suffix in [("GraphML", "graphml"), ("GEXF", "gexf")]:
        with app_page.expect_download(timeout=30_000) as info:
            app_page.get_by_text(label).first.click()
        path = tmp_path / f"slice.{suffix}"
        info.value.save_as(path)
        H = nx.read_graphml(path) if suffix == "graphml" else nx.read_gexf(path)
        assert member in H and H.number_of_nodes() >= 1
    assert app_page.log.foreign == [], app_page.log.foreign


def test_network_page_above_the_cap_shows_the_region_view(app_page):
    app_page.goto(f"{app_page.base_url}/network", wait_until="domcontentloaded")
    browser.wait_for_app(app_page)
    app_page.wait_for_selector("text=너무 많습니다", timeout=60_000)
    frame = app_page.wait_for_selector("iframe", timeout=60_000).content_frame()
    frame.wait_for_function("() => document.getElementById('graph')?.hasAttribute('data-drawn-ms')",
                            timeout=30_000)
    assert int(frame.get_attribute("#graph", "data-nodes")) == 16  # the 16 시도
    app_page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=30_000)  # arcs on the map
    browser.wait_for_drawing(app_page, app_page.query_selector("[data-testid='stDeckGlJsonChart']"),
                             "network_regions_arcs", min_colours=20)
    assert browser.exception_boxes(app_page) == []
    assert app_page.log.foreign == [], app_page.log.foreign
