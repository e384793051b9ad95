"""The 네트워크 분석 page (AppTest): its numbers say which period they cover, and its charts name every bar."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.test_app import SAMPLE, _app, text
from tests.test_app_access import shown

PAGE = "app_pages/analysis.py"


# each test runs the app on its own copy of the sample workspace (see ``app_workspace`` in conftest)
pytestmark = pytest.mark.usefixtures("app_workspace")


@pytest.fixture(scope="module")
def sample_started() -> pd.Series:
    partnerships = pd.read_csv(SAMPLE / "partnerships.csv", encoding="utf-8-sig", dtype=str)
    return pd.to_datetime(partnerships["started"])


def _page(*, english: bool = False):
    at = _app()
    at.switch_page(PAGE)
    if english:
        at.session_state["ui_english"] = True
    at.run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def test_the_numbers_say_the_period_and_version_they_cover(sample_started):
    at = _page()
    metrics = {m.label: m.value for m in at.metric}
    partnerships = pd.read_csv(SAMPLE / "partnerships.csv", encoding="utf-8-sig", dtype=str)
    assert metrics[text("kpi_partnerships")] == f"{len(partnerships):,}"
    assert int(metrics[text("ana_kpi_isolated")].replace(",", "")) > 0
    assert {text("kpi_members"), text("ana_kpi_communities"), text("ana_kpi_modularity")} <= set(metrics)
    period = [shown(c.value) for c in at.caption if shown(c.value).startswith("기간:")]
    assert len(period) == 1, [c.value for c in at.caption]
    first, last = f"{sample_started.min():%Y-%m-%d}", f"{sample_started.max():%Y-%m-%d}"
    assert f"{first} ~ {last}에 시작한 협력 관계" in period[0] and "버전 1 (" in period[0]


def test_the_period_in_english():
    at = _page(english=True)
    assert any(shown(c.value).startswith("Period: partnerships started 2015-01-01 to 2025-12-30 · version 1")
               for c in at.caption), [c.value for c in at.caption]


def test_brokers_and_isolated_bars_name_every_bar_with_titles_on_their_axes():
    at = _page()
    charts = _charts(at)
    by_value = {}
    for spec in charts:
        layer = spec["layer"][0] if "layer" in spec else spec
        by_value[layer["encoding"]["x"]["field"]] = (spec, layer["encoding"])
    spec, encoding = by_value["betweenness"]  # the brokers
    assert encoding["x"]["axis"]["title"] == text("col_betweenness")  # on the value axis, not on the names
    assert encoding["y"]["field"] == "name" and encoding["y"]["axis"]["title"] is None
    assert encoding["y"]["axis"]["labelOverlap"] is False
    assert len(at.dataframe[0].value) == 20 and spec["height"] >= 22 * 20  # a row of room for each broker's name
    _, encoding = by_value["members"]  # members without a partner, per federation
    assert encoding["x"]["axis"]["title"] == text("col_members") and encoding["y"]["axis"]["labelOverlap"] is False
    _, encoding = by_value["column"]  # the region matrix
    assert encoding["x"]["axis"]["labelOverlap"] is False and encoding["y"]["axis"]["labelOverlap"] is False
