"""Tests for network.render.chart: the chart specs name every bar and column, put titles on their axes, and keep
legends inside the chart (the specs are checked as objects; no browser needed)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from network import recommend
from network.render import chart
from network.render.chart import LABEL_LIMIT, LEGEND_WIDTH, ROW_STEP, label_width

#: Names as long as real ones: the brokers and regions whose labels used to be dropped or cut.
NAMES = [f"{prefix}{k:02d}" for k, prefix in enumerate(
    ["(주)가나정밀", "다라전자", "마바화학공업(주)", "사아기계", "자차금속", "(주)한국정밀기계산업", "타파식품", "하늘소프트",
     "경기바이오텍", "서울광학(주)"] * 2)]
SIDO = ["서울특별시", "부산광역시", "대구광역시", "인천광역시", "전남광주통합특별시", "대전광역시", "울산광역시", "세종특별자치시",
        "경기도", "강원특별자치도", "충청북도", "충청남도", "전북특별자치도", "경상북도", "경상남도", "제주특별자치도"]


def _layer(spec: dict, k: int = 0) -> dict:
    return spec["layer"][k] if "layer" in spec else spec


def _draws_every_label(axis: dict, labels: list[str]) -> None:
    assert axis["labelOverlap"] is False  # Vega-Lite's default drops every other overlapping label
    assert axis["labelLimit"] >= max(label_width(name) for name in labels)


def test_label_width_counts_korean_characters_as_a_full_em():
    assert label_width("가나") == 22.0 and label_width("ab") == 13.2
    assert label_width("가", font_size=20) == 20.0


# ----------------------------------------------------------------------------
# bars


@pytest.fixture
def df_brokers() -> pd.DataFrame:
    return pd.DataFrame({"name": NAMES, "betweenness": [0.5 / (k + 1) for k in range(len(NAMES))]})


def test_bars_names_every_bar_with_room_for_each(df_brokers):
    spec = chart.bars(df_brokers, category="name", value="betweenness", category_title="",
                      value_title="매개 중심성", value_format=".3f").to_dict()
    encoding = _layer(spec)["encoding"]
    _draws_every_label(encoding["y"]["axis"], NAMES)
    assert spec["height"] >= ROW_STEP * len(NAMES)
    assert encoding["y"]["sort"] == "-x" and encoding["y"]["field"] == "name"
    assert _layer(spec, 1)["encoding"]["text"]["format"] == ".3f"


def test_bars_axis_titles_on_the_axes_they_describe(df_brokers):
    spec = chart.bars(df_brokers, category="name", value="betweenness", category_title="회원사",
                      value_title="매개 중심성").to_dict()
    encoding = _layer(spec)["encoding"]
    assert (encoding["x"]["field"], encoding["x"]["axis"]["title"]) == ("betweenness", "매개 중심성")  # the value
    assert (encoding["y"]["field"], encoding["y"]["axis"]["title"]) == ("name", "회원사")  # the category
    untitled = chart.bars(df_brokers, category="name", value="betweenness", category_title="", value_title="x")
    assert _layer(untitled.to_dict())["encoding"]["y"]["axis"]["title"] is None  # no empty title taking room


def test_bars_leave_out_missing_values():
    spec = chart.bars(pd.DataFrame({"c": ["a", "b"], "v": [1.0, None]}), category="c", value="v",
                      category_title="", value_title="v").to_dict()
    assert len(spec["datasets"][spec["data"]["name"]]) == 1


# ----------------------------------------------------------------------------
# heatmaps


def test_matrix_heatmap_names_every_row_and_column():
    matrix = pd.DataFrame([[k * j for j in range(len(SIDO))] for k in range(len(SIDO))], index=SIDO, columns=SIDO)
    spec = chart.matrix_heatmap(matrix, value_label="협력").to_dict()
    encoding = _layer(spec)["encoding"]
    _draws_every_label(encoding["x"]["axis"], SIDO)
    _draws_every_label(encoding["y"]["axis"], SIDO)
    assert encoding["x"]["axis"]["labelAngle"] == -45
    assert encoding["x"]["sort"] == encoding["y"]["sort"] == SIDO
    assert spec["height"] >= ROW_STEP * len(SIDO)
    assert encoding["color"]["title"] == "협력"


def test_count_heatmap_titles_on_their_axes_and_every_category_named():
    table = pd.DataFrame({"sido": SIDO[:3] * 7, "category": sorted(["자금", "인력", "판로·수출", "기술", "규제",
                                                                   "원자재·물류", "경영일반"] * 3), "open": range(21)})
    spec = chart.count_heatmap(table, x="category", y="sido", value="open", x_title="분야", y_title="시도",
                               value_label="건").to_dict()
    encoding = _layer(spec)["encoding"]
    assert (encoding["x"]["field"], encoding["x"]["axis"]["title"]) == ("category", "분야")
    assert (encoding["y"]["field"], encoding["y"]["axis"]["title"]) == ("sido", "시도")
    _draws_every_label(encoding["x"]["axis"], table["category"].tolist())


# ----------------------------------------------------------------------------
# stacked bars: the score breakdown and its legend


@pytest.mark.parametrize("language", ["ko", "en"])
def test_stacked_bars_legend_below_and_inside_the_width(language):
    signals = [recommend.signal_label(name, language) for name in recommend.SIGNALS]
    table = pd.DataFrame([{"candidate": f"{rank}. {NAMES[rank]}", "signal": signal, "contribution": 0.1 * rank}
                          for rank in range(1, 11) for signal in signals])
    spec = chart.stacked_bars(table, category="candidate", value="contribution", series="signal", category_title="",
                              value_title="점수", series_title="신호").to_dict()
    legend = spec["encoding"]["color"]["legend"]
    assert legend["orient"] == "bottom" and legend["direction"] == "horizontal"
    assert legend["labelLimit"] == 0  # never cut: the columns make the room
    widest = max(label_width(s) for s in signals)
    assert legend["columns"] >= 1 and legend["columns"] * (widest + 28) <= LEGEND_WIDTH
    assert spec["encoding"]["color"]["sort"] == signals
    assert spec["encoding"]["x"]["axis"]["title"] == "점수" and spec["encoding"]["x"]["stack"] == "zero"
    _draws_every_label(spec["encoding"]["y"]["axis"], table["candidate"].tolist())
    assert spec["encoding"]["y"]["sort"] == list(dict.fromkeys(table["candidate"]))  # in rank order


def test_stacked_bars_legend_columns_follow_the_width():
    table = pd.DataFrame({"c": ["a"] * 4, "s": ["가", "나", "다", "라"], "v": [1, 2, 3, 4]})
    wide = chart.stacked_bars(table, category="c", value="v", series="s", category_title="", value_title="",
                              series_title="").to_dict()
    narrow = chart.stacked_bars(table, category="c", value="v", series="s", category_title="", value_title="",
                                series_title="", legend_width=80).to_dict()
    assert wide["encoding"]["color"]["legend"]["columns"] == 4  # all in one row
    assert narrow["encoding"]["color"]["legend"]["columns"] == 2


def test_label_limit_fits_twenty_korean_characters():
    assert label_width("가" * 20) <= LABEL_LIMIT


def _expressions(spec: object) -> list[str]:
    """Every Vega expression (a condition's ``test``) in a chart's spec."""
    if isinstance(spec, dict):
        return [v for k, v in spec.items() if k == "test" and isinstance(v, str)] + [
            e for v in spec.values() for e in _expressions(v)]
    if isinstance(spec, list):
        return [e for v in spec for e in _expressions(v)]
    return []


def test_an_empty_or_all_missing_heatmap_has_no_nan_in_its_expressions():
    """``nan`` in a Vega expression is read as a signal name: 'Unrecognized signal name: "nan"' in the browser
    (found by the browser harness on members without a region)."""
    empty = pd.DataFrame(index=pd.Index([], name="row"), dtype=float)
    missing = pd.DataFrame({"c": ["a"], "s": ["x"], "n": [float("nan")]})
    for chart_object in (chart.matrix_heatmap(empty),
                         chart.count_heatmap(missing, x="c", y="s", value="n", x_title="", y_title="",
                                             value_label="n")):
        tests = _expressions(chart_object.to_dict())
        assert tests and not any(re.search(r"\bnan\b", t, re.IGNORECASE) for t in tests), tests
