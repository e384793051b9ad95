"""The coverage page's drill-down into one 시도 and its federation filter (AppTest): every table, the numbers and
the map show the chosen 시도 (and federation) only, and a click on the map drills in."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from network import coverage
from network.dataset import load_dataset
from tests.test_app import SAMPLE, _app, _frame_with, _metrics, text

PAGE = "app_pages/coverage.py"
GYEONGBUK = "47"
FEDERATION = "대구경북"


# each test runs the app on its own copy of the sample workspace (see ``app_workspace`` in conftest)
pytestmark = pytest.mark.usefixtures("app_workspace")


@pytest.fixture(scope="module")
def sample():
    return load_dataset(SAMPLE)


@pytest.fixture(scope="module")
def per_member(sample):
    """Every member with its nearest office and whether it was visited, for the page's default window."""
    return coverage.member_coverage_table(sample.members, sample.visits, sample.offices,
                                          attendance=sample.attendance, difficulties=sample.difficulties)


def _coverage_page() -> AppTest:
    at = _app()
    at.switch_page(PAGE).run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _spec(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def _layers(at: AppTest) -> dict[str, dict]:
    return {layer["id"]: layer for layer in _spec(at)["layers"]}


def _underserved(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def _offices(at: AppTest) -> pd.DataFrame:
    return _frame_with(at, text("col_visits_run"))


def _expected_offices(sample, per_member, *, sido: str | None = None, federation: str | None = None) -> dict:
    """{office: members counted}: the offices nearest to the chosen members, and with a 시도 also those in it."""
    chosen = per_member
    if sido:
        chosen = chosen[chosen["sido_code"] == sido]
    if federation:
        chosen = chosen[chosen["federation"] == federation]
    counts = chosen.groupby("nearest_office").size().to_dict()
    located = sample.offices.loc[sample.offices["sido_code"] == sido, "name"] if sido else sample.offices["name"]
    return {name: counts.get(name, 0) for name in {*counts, *located}}


def _click(at: AppTest, layer_id: str, code_key: str, code: str) -> AppTest:
    """What the browser sends when a region is clicked: the map's selection, the feature as the object.

    AppTest has no map selection of its own, so the selection is added to the widget states of one run."""
    chart = at.get("deck_gl_json_chart")[0]
    features = _layers(at)[layer_id]["data"]["features"]
    index, feature = next((i, f) for i, f in enumerate(features) if f["properties"][code_key] == code)
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = chart.proto.id
    state.string_value = json.dumps({"selection": {"indices": {layer_id: [index]},
                                                   "objects": {layer_id: [feature]}}})
    at._run(states, timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_choosing_gyeongbuk_filters_every_table_and_the_map(sample, per_member):
    at = _coverage_page()
    at.segmented_control(key="cov_level").set_value("sido").run(timeout=120)
    at.selectbox(key="cov_drill").set_value(GYEONGBUK).run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert at.segmented_control(key="cov_level").value == "sigungu"  # a chosen 시도 is shown by its 시군구

    underserved = _underserved(at)
    assert len(underserved) > 0 and set(underserved[text("col_sido")]) == {"경상북도"}
    assert underserved[text("col_rank")].is_monotonic_increasing  # the national ranks, in order

    offices = _offices(at)
    expected = _expected_offices(sample, per_member, sido=GYEONGBUK)
    assert dict(zip(offices[text("col_office")], offices[text("col_members")])) == expected
    assert sum(expected.values()) == int((sample.members["sido_code"] == GYEONGBUK).sum())

    in_sido = per_member[per_member["sido_code"] == GYEONGBUK]
    assert _metrics(at)[text("cov_kpi_visited")] == f"{int(in_sido['visited'].sum()):,}"
    assert _metrics(at)[text("cov_kpi_coverage")] == f"{in_sido['visited'].mean():.1%}"
    assert text("cov_scope", scope="경상북도") in [c.value for c in at.caption]

    layers = _layers(at)
    assert list(layers) == ["sido-context", "sido-context-outline", "sigungu-choropleth", "sigungu-choropleth-outline",
                            "site-radius", "sites", "offices", "labels"]
    assert {f["properties"]["sido_code"] for f in layers["sigungu-choropleth"]["data"]["features"]} == {GYEONGBUK}
    assert "경상북도" not in {f["properties"]["sido"] for f in layers["sido-context"]["data"]["features"]}
    assert {"안동시", "울릉군"} <= {row["label"] for row in layers["labels"]["data"]}
    view = _spec(at)["initialViewState"]
    assert 36.0 < view["latitude"] < 37.2 and 128.8 < view["longitude"] < 130.3 and 6.8 < view["zoom"] < 7.6

    at.selectbox(key="cov_drill").set_value("").run(timeout=120)  # back to all of Korea
    assert not at.exception
    assert len(set(_underserved(at)[text("col_sido")])) > 1
    assert "sido-context" not in _layers(at) and "labels" not in _layers(at)


def test_the_federation_filters_every_table(sample, per_member):
    at = _coverage_page()
    at.selectbox(key="cov_federation").set_value(FEDERATION).run(timeout=120)
    at.toggle(key="cov_show_members").set_value(True).run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    ours = per_member[per_member["federation"] == FEDERATION]
    assert _metrics(at)[text("cov_kpi_visited")] == f"{int(ours['visited'].sum()):,}"
    assert dict(zip(_offices(at)[text("col_office")], _offices(at)[text("col_members")])) == {
        k: v for k, v in _expected_offices(sample, per_member, federation=FEDERATION).items() if v}
    assert _underserved(at)[text("col_members")].max() <= len(ours)
    assert len(_layers(at)["members"]["data"]) == int(ours["lat"].notna().sum())

    at.selectbox(key="cov_drill").set_value(GYEONGBUK).run(timeout=120)  # both: 대구경북's members in 경상북도
    assert not at.exception, [e.value for e in at.exception]
    both = ours[ours["sido_code"] == GYEONGBUK]
    offices = _offices(at)
    assert dict(zip(offices[text("col_office")], offices[text("col_members")])) == _expected_offices(
        sample, per_member, sido=GYEONGBUK, federation=FEDERATION)
    assert int(offices[text("col_members")].sum()) == len(both)
    assert _metrics(at)[text("cov_kpi_visited")] == f"{int(both['visited'].sum()):,}"
    assert len(_layers(at)["members"]["data"]) == int(both["lat"].notna().sum())
    assert set(_underserved(at)[text("col_sido")]) == {"경상북도"}
    assert text("cov_scope", scope=f"경상북도 · {FEDERATION}") in [c.value for c in at.caption]


def test_clicking_a_sido_on_the_map_drills_in():
    at = _coverage_page()
    at.segmented_control(key="cov_level").set_value("sido").run(timeout=120)
    key = at.get("deck_gl_json_chart")[0].proto.id
    _click(at, "sido-choropleth", "sido_code", GYEONGBUK)
    assert at.selectbox(key="cov_drill").value == GYEONGBUK
    assert at.segmented_control(key="cov_level").value == "sigungu"
    assert set(_underserved(at)[text("col_sido")]) == {"경상북도"}
    assert at.get("deck_gl_json_chart")[0].proto.id != key  # a new map: the click is not left selected

    _click(at, "sido-context", "sido_code", "27")  # a grey neighbour: 대구광역시
    assert at.selectbox(key="cov_drill").value == "27"
    assert set(_underserved(at)[text("col_sido")]) == {"대구광역시"}


def test_clicking_a_sigungu_of_the_national_map_drills_into_its_sido():
    at = _coverage_page()
    _click(at, "sigungu-choropleth", "sigungu_code", "47170")  # 안동시
    assert at.selectbox(key="cov_drill").value == GYEONGBUK
    assert {f["properties"]["sido_code"] for f in _layers(at)["sigungu-choropleth"]["data"]["features"]} == {
        GYEONGBUK}


def test_map_defaults_members_off_and_plain_text_tooltips():
    at = _coverage_page()
    assert at.toggle(key="cov_show_members").value is False
    assert "members" not in _layers(at)
    chart = at.get("deck_gl_json_chart")[0]
    assert json.loads(chart.proto.tooltip)["text"] == "{tip}"
    features = _layers(at)["sigungu-choropleth"]["data"]["features"]
    tips = [f["properties"]["tip"] for f in features]
    assert all("<" not in tip and "&lt;" not in tip for tip in tips)
    assert any(line.startswith(f"{text('col_coverage')}: ") and line.endswith("%") for tip in tips
               for line in tip.splitlines())
    assert text("cov_map_click") in [c.value for c in at.caption]


def test_an_upload_with_only_the_required_columns_can_be_drilled_into():
    """Members without region, federation or coordinates: every table of a chosen 시도 is empty, nothing fails."""
    from tests.test_app import _use_upload

    at = _app(table="offices")
    _use_upload(at, "m.csv", "member_id,name\nA1,가나\nA2,다라\n".encode())
    at.switch_page(PAGE).run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert _metrics(at)[text("cov_kpi_coverage")] == "0.0%"
    at.selectbox(key="cov_drill").set_value(GYEONGBUK).run(timeout=120)
    at.toggle(key="cov_show_members").set_value(True).run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert "labels" in _layers(at)
