"""The coverage page's drill-down in a real headless Chromium at 1440 × 900, as the federation leaders tried it
(issue 15): a click on a 시도 drills in, the view is fitted to it, its 시군구 are named, tooltips are plain text
with units, and nothing is requested from any other host."""

from __future__ import annotations

import json
import math
import os
import re
import shutil

import pytest

from network.render import map as render_map
from tests import browser
from tests.test_e2e_app import assert_clean, open_page
from tests.test_render_map import main_land

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 1440, 900
DOCS = browser.ROOT / "docs" / "screenshots"
CHART = "[data-testid='stDeckGlJsonChart']"
VIEW = re.compile(rb'\{"initialViewState":(\{[^{}]*\})')
LAYER_ID = re.compile(rb'"id":"([a-z-]+)"')


@pytest.fixture
def app_page(chromium, warm_app_server):
    """A page of the size the leaders used; ``page.decks`` collects every map the server sends: its view
    (deck.gl's ``initialViewState``) and its layers' ids."""
    page = browser.new_page(chromium, warm_app_server.url, width=WIDTH, height=HEIGHT)
    page.decks = []

    def received(payload):
        data = payload if isinstance(payload, bytes) else payload.encode()
        for found in VIEW.finditer(data):
            page.decks.append({"view": json.loads(found.group(1)),
                               "layers": {m.decode() for m in LAYER_ID.findall(data[found.end():])}})

    page.on("websocket", lambda ws: ws.on("framereceived", received))
    yield page
    page.context.close()


def _deck(page, layer: str, *, after: int = 0) -> dict:
    """The newest map sent after the first ``after`` that has ``layer`` (waits for it)."""
    def newest():
        page.evaluate("0")  # a round trip: Playwright hands over the frames received meanwhile
        return next((deck for deck in reversed(page.decks[after:]) if layer in deck["layers"]), None)

    return browser.wait_until(newest, timeout=60, message=f"a map with the layer {layer}")


def _drawn_map(page, name: str):
    page.wait_for_selector(f"{CHART} canvas", timeout=60_000)
    chart = page.query_selector(CHART)
    chart.scroll_into_view_if_needed()
    browser.wait_for_drawing(page, chart, name, min_colours=5)
    return chart


def _pixel(view: dict, box: dict, lat: float, lon: float) -> tuple[float, float]:
    """Where deck.gl draws (lat, lon) on the page for ``view`` in the chart's ``box``."""
    world = 512 * 2 ** view["zoom"]
    x = box["width"] / 2 + (lon - view["longitude"]) / 360 * world
    y = box["height"] / 2 + (render_map._mercator_y(lat) - render_map._mercator_y(view["latitude"])) * world
    return box["x"] + x, box["y"] + y


def _visible_area(view: dict, box: dict) -> tuple[float, float, float, float]:
    world = 512 * 2 ** view["zoom"]
    y0 = render_map._mercator_y(view["latitude"])
    half_x, half_y = box["width"] / 2 / world, box["height"] / 2 / world
    return (view["longitude"] - half_x * 360, render_map._latitude(y0 + half_y),
            view["longitude"] + half_x * 360, render_map._latitude(y0 - half_y))


def _tooltip(page, x: float, y: float) -> str:
    """Hover (x, y) and return the text of deck.gl's tooltip."""
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    tip = page.wait_for_selector(".deck-tooltip", state="visible", timeout=15_000)
    return tip.inner_text()


def _drill_box(page):
    return page.locator("[data-testid='stSelectbox']", has_text="시도 선택").first


def _level(page, name: str) -> None:
    page.locator("[data-testid='stButtonGroup'] button").filter(has_text=re.compile(f"^{name}$")).first.click()
    browser.wait_for_app(page)


def _dark_grey_pixels(png) -> int:
    """Pixels of the labels' near-black text (the regions are blue-green or grey, never near-black)."""
    import numpy as np
    from PIL import Image

    with Image.open(png) as image:
        pixels = np.asarray(image.convert("RGB")).astype(int)
    brightest, darkest = pixels.max(axis=2), pixels.min(axis=2)
    return int(((brightest < 80) & (brightest - darkest < 20)).sum())


def test_clicking_a_sido_drills_in_with_a_fitted_view_labels_and_plain_tooltips(app_page):
    page = app_page
    open_page(page, "coverage")
    sent = len(page.decks)
    _level(page, "시도")
    national = _deck(page, "sido-choropleth", after=sent)["view"]
    browser.wait_for_app(page)
    chart = _drawn_map(page, "coverage_sido_level")
    box = chart.bounding_box()

    # the national tooltip: plain text, coverage as a percentage
    x, y = _pixel(national, box, 36.75, 128.75)  # 경상북도, west of its centre (its hole is 대구)
    text = _tooltip(page, x, y)
    assert text.splitlines()[0] == "경상북도"
    assert re.search(r"방문율: \d+(\.\d)?%", text) and re.search(r"회원사: [\d,]+", text), text
    assert "<" not in text and "&lt;" not in text and "&amp;" not in text

    sent = len(page.decks)
    page.mouse.click(x, y)  # a real click: deck.gl reports it only when picking takes less than 250 ms
    browser.wait_until(lambda: "경상북도" in _drill_box(page).locator("input").input_value(),
                       timeout=60, message="the click drilled into 경상북도")
    view = _deck(page, "sido-context", after=sent)["view"]
    browser.wait_for_app(page)
    chart = _drawn_map(page, "coverage_drill_chart")
    box = chart.bounding_box()
    assert view != national

    # the view is the 시도 (each 시군구's main land: 울릉도 in, the islet 독도 may be out) and little else
    import shapely

    sido = main_land("47")
    shown = _visible_area(view, box)
    assert shapely.box(*shown).contains(shapely.box(*sido)), (shown, sido)
    share = ((sido[2] - sido[0]) * (render_map._mercator_y(sido[1]) - render_map._mercator_y(sido[3]))
             / ((shown[2] - shown[0]) * (render_map._mercator_y(shown[1]) - render_map._mercator_y(shown[3]))))
    assert share > 0.5, share

    # a 시군구's tooltip: its name and the values with their units, no markup
    text = _tooltip(page, *_pixel(view, box, 36.62, 128.62))  # 안동시
    assert text.splitlines()[0] == "경상북도 안동시", text
    assert re.search(r"방문율: \d+(\.\d)?%", text) and "<" not in text and "&lt;" not in text
    # a grey neighbour is named too
    text = _tooltip(page, *_pixel(view, box, 37.1, 127.8))  # 충청북도, west of 경북
    assert text.splitlines()[0] == "충청북도", text

    page.mouse.move(box["x"] + box["width"] / 2, box["y"] - 40)  # off the map: its tooltip goes
    page.wait_for_selector(".deck-tooltip", state="hidden", timeout=15_000)
    _drill_box(page).evaluate("box => box.scrollIntoView({block: 'start'})")  # the choice and the whole map
    browser.wait_for_drawing(page, chart, "coverage_drill_chart", min_colours=5)
    shot = browser.screenshot(page, "coverage_drill_after")
    if os.environ.get("UPDATE_DOC_SCREENSHOTS"):  # the README's picture, refreshed only when asked for
        shutil.copy(shot, DOCS / "coverage_drill_after.png")

    # the labels are drawn: near-black text appears once the offices (also near-black) are hidden
    page.locator("[data-testid='stCheckbox']", has_text="지부").first.click()
    browser.wait_for_app(page)
    chart = _drawn_map(page, "coverage_drill_no_offices")
    shot = browser.wait_until(
        lambda: (lambda png: png if _dark_grey_pixels(png) > 400 else None)(
            browser.screenshot(page, "coverage_drill_labels", element=chart)),
        timeout=30, message="the 시군구 labels drawn")
    assert _dark_grey_pixels(shot) > 400

    # back to all of Korea, and a second click on the same 시도 drills in again
    _drill_box(page).locator("input").click()
    page.keyboard.type("전국")
    page.get_by_role("option", name="전국").click()
    browser.wait_for_app(page)
    sent = len(page.decks)
    _level(page, "시도")
    _deck(page, "sido-choropleth", after=sent)
    browser.wait_for_app(page)
    chart = _drawn_map(page, "coverage_sido_again")
    page.mouse.click(*_pixel(national, chart.bounding_box(), 36.75, 128.75))
    browser.wait_until(lambda: "경상북도" in _drill_box(page).locator("input").input_value(),
                       timeout=60, message="the second click drilled in")
    browser.wait_for_app(page)
    assert_clean(page)
    assert not any(math.isnan(v) for v in page.decks[-1]["view"].values() if isinstance(v, float))
