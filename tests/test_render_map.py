"""Tests for network.render_map: class breaks, legends and offline pydeck choropleths."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pydeck as pdk
import pytest

from network import regions
from network.render import map as render_map
from network.render.map import NO_DATA, PALETTE, Legend, class_breaks, region_choropleth

MAX_DECK_BYTES = 3_000_000


def _features(deck: pdk.Deck) -> list[dict]:
    return deck.layers[0].data["features"]


def _by_code(deck: pdk.Deck, key: str) -> dict[str, dict]:
    return {f["properties"][key]: f["properties"] for f in _features(deck)}


@pytest.fixture(scope="module")
def sido_map():
    """서울 10, 경기 30 (5 classes: 10–14 … 26–30); every other 시도 has no value."""
    df = pd.DataFrame({"sido_code": ["11", "41"], "members": [10, 30], "groups": [2, np.nan],
                       "note": ["a<b", None]})
    deck, legend = region_choropleth(df, value_column="members", value_label="회원사",
                                     extra_tooltip={"groups": "교류회", "note": "메모"})
    return df, deck, legend


@pytest.fixture(scope="module")
def sigungu_map():
    df = pd.DataFrame({"sigungu_code": ["11110", "41117", "50110"], "members": [1.0, 2.0, np.nan]})
    deck, legend = region_choropleth(df, level="sigungu", value_column="members", value_label="회원사 수")
    return deck, legend, deck.to_json()


# ----------------------------------------------------------------------------
# class_breaks


@pytest.mark.parametrize(
    ("values", "classes", "expected"),
    [
        (list(range(1, 11)), 5, [2.8, 4.6, 6.4, 8.2]),   # quantiles of 1..10
        ([0, 100], 2, [50.0]),
        ([0, 3487, 10000], 2, [3500.0]),                  # rounded to two significant digits
        ([1, 1, 1, 1, 2], 5, [1.2]),                      # repeated quantiles collapse; none at the minimum
        ([0, 0, 0, 1, 2], 5, [0.4, 1.2]),
        ([0, 0, 0, 0, 100], 5, [20.0]),
        ([0.001, 0.002, 0.003], 2, [0.002]),
    ],
)
def test_class_breaks_hand_checked(values, classes, expected):
    assert class_breaks(pd.Series(values), classes=classes).tolist() == pytest.approx(expected)


@pytest.mark.parametrize("values", [[], [7], [3, 3, 3], [np.nan, np.nan], [np.nan, 4, 4, np.inf]])
def test_class_breaks_constant_or_empty_values(values):
    breaks = class_breaks(pd.Series(values, dtype=float))
    assert isinstance(breaks, np.ndarray)
    assert breaks.size == 0


@pytest.mark.parametrize("noise", [[np.nan], [np.nan, np.nan, np.nan], [np.inf, -np.inf]])
def test_class_breaks_ignore_missing_and_infinite(noise):
    values = pd.Series([*range(1, 11), *noise], dtype=float)
    assert class_breaks(values).tolist() == pytest.approx([2.8, 4.6, 6.4, 8.2])


def test_class_breaks_are_sorted_unique_and_inside_the_range():
    values = pd.Series(np.random.default_rng(0).lognormal(3, 1.5, 500))
    breaks = class_breaks(values, classes=7)
    assert 1 <= len(breaks) <= 6
    assert np.all(np.diff(breaks) > 0)
    assert values.min() < breaks.min() and breaks.max() <= values.max()


def test_class_breaks_do_not_change_the_input():
    values = pd.Series([3.0, np.nan, 1.0, 2.0])
    before = values.copy()
    class_breaks(values)
    pd.testing.assert_series_equal(values, before)


# ----------------------------------------------------------------------------
# region_choropleth: the deck


@pytest.mark.parametrize("which", ["sido", "sigungu"])
def test_deck_has_no_basemap(which, sido_map, sigungu_map):
    deck = sido_map[1] if which == "sido" else sigungu_map[0]
    text = deck.to_json() if which == "sido" else sigungu_map[2]
    assert isinstance(deck, pdk.Deck)
    assert deck.map_provider is None
    lowered = text.lower()
    for word in ("carto", "mapbox", "http"):
        assert word not in lowered, word
    style = json.loads(text).get("mapStyle")
    assert style in (None, "", "__MAP_STYLE__")  # pydeck's "no style" sentinel: no URL to fetch


@pytest.mark.parametrize("which", ["sido", "sigungu"])
def test_deck_has_one_geojson_layer(which, sido_map, sigungu_map):
    deck = sido_map[1] if which == "sido" else sigungu_map[0]
    assert len(deck.layers) == 1
    layer = json.loads(deck.to_json() if which == "sido" else sigungu_map[2])["layers"][0]
    assert layer["@@type"] == "GeoJsonLayer"
    assert layer["id"] == f"{which}-choropleth"
    assert layer["pickable"] is True
    assert layer["getFillColor"] == "@@=properties.fill"


def test_sido_features_cover_every_sido(sido_map):
    _, deck, _ = sido_map
    codes = [f["properties"]["sido_code"] for f in _features(deck)]
    assert sorted(codes) == sorted(regions.sido_table()["sido_code"])


def test_sido_values_coloured_by_class(sido_map):
    _, deck, _legend = sido_map
    props = _by_code(deck, "sido_code")
    assert props["11"]["fill"] == [*PALETTE[0], 210]
    assert props["41"]["fill"] == [*PALETTE[4], 210]
    assert props["11"]["value_text"] == "10"
    assert props["41"]["value_text"] == "30"
    assert props["11"]["name"] == "서울특별시"
    assert props["41"]["name"] == "경기도"


def test_sido_without_a_value_gets_no_data_colour(sido_map):
    _, deck, _ = sido_map
    others = [p for code, p in _by_code(deck, "sido_code").items() if code not in ("11", "41")]
    assert others
    for props in others:
        assert props["fill"] == [*NO_DATA, 210]
        assert props["value_text"] == "–"
        assert props["name"]  # Korean name still shown


def test_every_feature_has_fill_value_text_and_korean_name(sido_map, sigungu_map):
    for deck in (sido_map[1], sigungu_map[0]):
        for feature in _features(deck):
            props = feature["properties"]
            assert len(props["fill"]) == 4 and all(0 <= c <= 255 for c in props["fill"])
            assert isinstance(props["value_text"], str) and props["value_text"]
            assert any("\uac00" <= ch <= "\ud7a3" for ch in props["name"]), props["name"]


def test_extra_tooltip_columns_formatted(sido_map):
    _, deck, _ = sido_map
    props = _by_code(deck, "sido_code")
    assert (props["11"]["groups"], props["11"]["note"]) == ("2", "a&lt;b")  # escaped: the tooltip is HTML
    assert (props["41"]["groups"], props["41"]["note"]) == ("–", "–")   # NaN and None
    assert (props["26"]["groups"], props["26"]["note"]) == ("–", "–")   # region not in the frame


def test_tooltip_contains_the_labels(sido_map):
    _, deck, _ = sido_map
    html = deck._tooltip["html"]
    assert "{name}" in html
    assert "회원사: {value_text}" in html
    assert "교류회: {groups}" in html
    assert "메모: {note}" in html


def test_tooltip_label_is_escaped():
    deck, _ = region_choropleth(pd.DataFrame({"sido_code": ["11"], "v": [1]}), value_column="v",
                                value_label="<img src=x onerror=alert(1)>")
    html = deck._tooltip["html"]
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_sigungu_features_named_with_sido(sigungu_map):
    deck, _, _ = sigungu_map
    props = _by_code(deck, "sigungu_code")
    assert set(props) == set(regions.sigungu_table()["sigungu_code"])
    assert props["11110"]["name"] == "서울특별시 종로구"
    assert props["41117"]["name"] == "경기도 수원시 영통구"
    assert props["11110"]["value_text"] == "1"
    assert props["41117"]["value_text"] == "2"


def test_sigungu_nan_value_gets_no_data_colour(sigungu_map):
    deck, _, _ = sigungu_map
    props = _by_code(deck, "sigungu_code")
    assert props["50110"]["fill"] == [*NO_DATA, 210]
    assert props["50110"]["value_text"] == "–"
    assert props["11110"]["fill"] != [*NO_DATA, 210]


def test_sigungu_tooltip_contains_the_label(sigungu_map):
    deck, _, _ = sigungu_map
    assert "회원사 수: {value_text}" in deck._tooltip["html"]


def test_sigungu_deck_is_small_enough_to_send(sigungu_map):
    _, _, text = sigungu_map
    size = len(text.encode("utf-8"))
    assert size < MAX_DECK_BYTES, f"{size:,} bytes"


def test_three_classes_use_light_middle_dark_colours():
    df = pd.DataFrame({"sido_code": ["11", "26", "27", "28", "30"], "v": [0, 0, 0, 1, 2]})
    deck, legend = region_choropleth(df, value_column="v", value_label="v")
    props = _by_code(deck, "sido_code")
    expected = ["#%02x%02x%02x" % PALETTE[k] for k in (0, 2, 4)]
    assert legend.table["color"].tolist() == expected
    assert [props[c]["fill"][:3] for c in ("11", "28", "30")] == [list(PALETTE[k]) for k in (0, 2, 4)]


def test_constant_values_give_one_class():
    deck, legend = region_choropleth(pd.DataFrame({"sido_code": ["11", "41"], "v": [5, 5]}),
                                     value_column="v", value_label="v")
    assert len(legend.table) == 1
    assert legend.table["label"].tolist() == ["5 – 5"]
    props = _by_code(deck, "sido_code")
    assert props["11"]["fill"] == props["41"]["fill"] == [*PALETTE[0], 210]


def test_calls_are_independent():
    """A second map does not carry the first map's values or tooltip columns (no shared state)."""
    region_choropleth(pd.DataFrame({"sido_code": ["11"], "v": [1], "x": ["y"]}), value_column="v",
                      value_label="v", extra_tooltip={"x": "X"})
    deck, _ = region_choropleth(pd.DataFrame({"sido_code": ["41"], "v": [1]}), value_column="v", value_label="v")
    props = _by_code(deck, "sido_code")
    assert "x" not in props["11"]
    assert props["11"]["value_text"] == "–"


def test_input_not_modified(sido_map):
    df, _, _ = sido_map
    expected = pd.DataFrame({"sido_code": ["11", "41"], "members": [10, 30], "groups": [2, np.nan],
                             "note": ["a<b", None]})
    pd.testing.assert_frame_equal(df, expected)


# ----------------------------------------------------------------------------
# the legend


def test_legend_hand_checked(sido_map):
    _, _, legend = sido_map
    assert isinstance(legend, Legend)
    assert list(legend.table.columns) == ["color", "lower", "upper", "label"]
    assert legend.table["label"].tolist() == ["10 – 14", "14 – 18", "18 – 22", "22 – 26", "26 – 30"]
    assert legend.table["color"].tolist() == ["#%02x%02x%02x" % c for c in PALETTE]
    assert legend.table["lower"].tolist() == [10, 14, 18, 22, 26]
    assert legend.table["upper"].tolist() == [14, 18, 22, 26, 30]


def test_legend_html_escapes_the_title(sido_map):
    _, _, legend = sido_map
    html = legend.html('<script>alert("x")</script> & co')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in html
    assert "10 – 14" in html
    assert "http" not in html  # no external resources


def test_legend_html_escapes_labels():
    legend = Legend(pd.DataFrame({"color": ["#000000"], "lower": [0], "upper": [1], "label": ["<b>x</b>"]}))
    html = legend.html("t")
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


# ----------------------------------------------------------------------------
# errors


@pytest.mark.parametrize("level", ["emd", "SIDO", "", "시도"])
def test_bad_level(level):
    df = pd.DataFrame({"sido_code": ["11"], "v": [1]})
    with pytest.raises(ValueError, match=r"level was .* but is expected to be in \['sido', 'sigungu'\]"):
        region_choropleth(df, level=level, value_column="v", value_label="v")


@pytest.mark.parametrize(
    ("df", "level"),
    [
        (pd.DataFrame({"sido_code": ["11"]}), "sido"),                 # no value column
        (pd.DataFrame({"code": ["11"], "v": [1]}), "sido"),             # no code column
        (pd.DataFrame({"sido_code": ["11"], "v": [1]}), "sigungu"),     # codes of the other level
    ],
)
def test_missing_columns(df, level):
    with pytest.raises(ValueError, match="df_values needs the columns"):
        region_choropleth(df, level=level, value_column="v", value_label="v")


def test_boundaries_are_read_once():
    render_map._boundaries.cache_clear()
    region_choropleth(pd.DataFrame({"sido_code": ["11"], "v": [1]}), value_column="v", value_label="v")
    region_choropleth(pd.DataFrame({"sido_code": ["11"], "v": [2]}), value_column="v", value_label="v")
    assert render_map._boundaries.cache_info().hits >= 1
