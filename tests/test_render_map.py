"""Tests for network.render.map: class breaks, legends, numbers with units, plain-text tooltips, offline pydeck
maps and the coverage map's drill-down into one 시도."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pydeck as pdk
import pytest

from network import regions
from network.render import map as render_map
from network.render.map import (
    NO_DATA,
    NOT_VISITED,
    PALETTE,
    SITE,
    VISITED,
    Legend,
    class_breaks,
    coverage_map,
    fit_view,
    format_value,
    region_choropleth,
)

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
def test_deck_has_the_regions_fill_and_their_outlines(which, sido_map, sigungu_map):
    deck = sido_map[1] if which == "sido" else sigungu_map[0]
    fill, outline = json.loads(deck.to_json() if which == "sido" else sigungu_map[2])["layers"]
    assert (fill["@@type"], fill["id"], fill["pickable"]) == ("GeoJsonLayer", f"{which}-choropleth", True)
    assert fill["getFillColor"] == "@@=properties.fill"
    # outlines drawn as segments, never picked: deck.gl's strokes (a PathLayer) cost a second per map to draw
    # without a GPU, and picking them took longer than deck.gl's 250 ms for a click
    assert fill["stroked"] is False
    assert (outline["@@type"], outline["id"]) == ("LineLayer", f"{which}-choropleth-outline")
    assert outline["pickable"] is False
    assert len(outline["data"]) == len(render_map.outline_segments(deck.layers[0].data))


def test_outline_segments_draw_each_shared_border_once():
    collection = render_map._drawn_collection("sido")
    segments = render_map.outline_segments(collection)
    edges = [(tuple(row["s"]), tuple(row["t"])) for row in segments]
    assert len(set(edges)) == len(edges)
    assert all(source <= target for source, target in edges)  # one direction only: a reversed twin is the same edge
    ring_edges = sum(len(ring) - 1 for f in collection["features"] for polygon in f["geometry"]["coordinates"]
                     for ring in polygon)
    assert len(edges) < 0.9 * ring_edges  # 서울's border with 경기 (and every other one) drawn once, not twice
    seoul = next(f for f in collection["features"] if f["properties"]["sido_code"] == "11")
    seoul_edges = {tuple(sorted((tuple(a), tuple(b)))) for a, b in
                   zip(seoul["geometry"]["coordinates"][0][0], seoul["geometry"]["coordinates"][0][0][1:])}
    assert seoul_edges <= set(edges)


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
    assert (props["11"]["groups"], props["11"]["note"]) == ("2", "a<b")  # as written: the tooltip is plain text
    assert (props["41"]["groups"], props["41"]["note"]) == ("–", "–")   # NaN and None
    assert (props["26"]["groups"], props["26"]["note"]) == ("–", "–")   # region not in the frame


def test_tooltip_is_plain_text_with_every_line(sido_map):
    _, deck, _ = sido_map
    assert deck._tooltip["text"] == "{tip}" and "html" not in deck._tooltip
    props = _by_code(deck, "sido_code")
    assert props["11"]["tip"] == "서울특별시\n회원사: 10\n교류회: 2\n메모: a<b"
    assert props["26"]["tip"] == "부산광역시\n회원사: –\n교류회: –\n메모: –"


def test_tooltip_label_is_shown_as_written_never_as_markup():
    """Streamlit writes a text tooltip with innerText: a label or a value like <img …> is shown, never run."""
    deck, _ = region_choropleth(pd.DataFrame({"sido_code": ["11"], "v": [1]}), value_column="v",
                                value_label="<img src=x onerror=alert(1)>")
    assert "html" not in deck._tooltip
    assert _by_code(deck, "sido_code")["11"]["tip"] == "서울특별시\n<img src=x onerror=alert(1)>: 1"


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
    props = _by_code(deck, "sigungu_code")
    assert props["41117"]["tip"] == "경기도 수원시 영통구\n회원사 수: 2"


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


def test_boundaries_are_read_and_thinned_once():
    render_map._boundaries.cache_clear()
    render_map._drawn_collection.cache_clear()
    first, _ = region_choropleth(pd.DataFrame({"sido_code": ["11"], "v": [1]}), value_column="v", value_label="v")
    second, _ = region_choropleth(pd.DataFrame({"sido_code": ["11"], "v": [2]}), value_column="v", value_label="v")
    assert render_map._drawn_collection.cache_info().hits >= 1
    assert render_map._boundaries.cache_info().misses == 1
    # each map has its own values; what is shared (the parsed boundaries) is not written into
    assert _by_code(first, "sido_code")["11"]["value_text"] == "1"
    assert _by_code(second, "sido_code")["11"]["value_text"] == "2"
    assert all("value_text" not in f["properties"] for f in render_map._drawn_collection("sido")["features"])


# ----------------------------------------------------------------------------
# numbers with their units


@pytest.mark.parametrize(
    ("value", "unit", "language", "expected"),
    [
        (0.1234, "share", "ko", "12.3%"),
        (0.12, "share", "ko", "12%"),                # no trailing .0
        (1.0, "share", "en", "100%"),
        (0.0005, "share", "ko", "0.1%"),
        (1234, "count", "ko", "1,234"),
        (8.26, "count", "ko", "8.3"),                # expected missing members are not whole
        (12.4, "km", "ko", "12 km"),
        (1234.5, "km", "en", "1,234 km"),
        (3.46, "km", "ko", "3.5 km"),
        (45, "days", "ko", "45일"),
        (1234, "days", "en", "1,234 days"),
        (3.456, "rate", "ko", "3.5"),
        (None, "km", "ko", "–"),
        (np.nan, "share", "en", "–"),
        (np.inf, "count", "ko", "–"),
        ("x", "count", "ko", "–"),
    ],
)
def test_format_value_hand_checked(value, unit, language, expected):
    assert format_value(value, unit, language=language) == expected


@pytest.mark.parametrize("unit", ["percent", "", "KM", None])
def test_format_value_bad_unit(unit):
    with pytest.raises(ValueError, match=r"unit was .* but is expected to be in \['count', 'share', 'km', 'days'"):
        format_value(1, unit)


@pytest.mark.parametrize(
    ("metric", "values", "first_label", "last_label"),
    [   # two values: breaks at the 20/40/60/80 % quantiles, rounded to two digits
        ("coverage", [0.1, 0.5], "10 – 18%", "42 – 50%"),
        ("median_office_km", [3.0, 25.0], "3.0 – 7.4 km", "21 – 25 km"),
        ("days_since_visit", [10, 200], "10 – 48일", "160 – 200일"),
        ("members", [1000, 2500], "1,000 – 1,300", "2,200 – 2,500"),
    ],
)
def test_legend_labels_carry_the_unit(metric, values, first_label, last_label):
    _, legend = coverage_map(pd.DataFrame({"sido_code": ["11", "41"], metric: values}), level="sido",
                             metric=metric, metric_label="x")
    labels = legend.table["label"].tolist()
    assert (len(labels), labels[0], labels[-1]) == (5, first_label, last_label)
    assert metric in render_map.METRIC_UNITS


# ----------------------------------------------------------------------------
# tooltips: plain text with units, in every map


MARKUP = ("<b>", "</b>", "<br", "&lt;", "&gt;", "&amp;", "&quot;")


def _tips(deck: pdk.Deck) -> list[str]:
    """The tooltip text of every object a deck can pick (each pickable layer's objects must all have one)."""
    out = []
    for layer in deck.layers:
        if not getattr(layer, "pickable", False):
            continue
        data = layer.data
        rows = [f["properties"] for f in data["features"]] if isinstance(data, dict) else list(data)
        assert all("tip" in row for row in rows), layer.id
        out += [row["tip"] for row in rows]
    return out


def _no_markup(tips: list[str]) -> None:
    for tip in tips:
        assert not any(mark in tip for mark in MARKUP), tip


@pytest.fixture(scope="module")
def gyeongbuk():
    """경상북도's 시군구 with hand-set coverage, members and distances; 안동시 is 47170, 포항시 남구 47111."""
    table = regions.sigungu_table()
    codes = table.loc[table["sido_code"] == "47", "sigungu_code"].tolist()
    cov = pd.DataFrame({"sigungu_code": codes + ["11110"], "sido_code": ["47"] * len(codes) + ["11"]})
    cov["coverage"] = np.linspace(0.05, 0.6, len(cov))
    cov.loc[cov["sigungu_code"] == "47170", "coverage"] = 0.0187
    cov["members"] = 1000 + np.arange(len(cov))
    cov.loc[cov["sigungu_code"] == "47170", "members"] = 1234
    cov["median_office_km"] = 12.4
    cov["days_since_visit"] = 45.0
    return cov


MEMBERS = pd.DataFrame({
    "member_id": ["a", "b", "c", "d", "e"],
    "name": ["<script>alert(1)</script>", "**굵게** [링크](http://x)", "서울상사", "좌표만 경북", "좌표만 서울"],
    "visited": [True, False, True, False, True],
    "sido_code": ["47", "47", "11", None, None],
    "lat": [36.57, 36.01, 37.57, 36.0, 37.55],       # 안동, 포항, 종로; d inside 경북, e in 서울
    "lon": [128.73, 129.34, 126.98, 128.9, 127.0],
})
OFFICES = pd.DataFrame({"name": ["경북북부지부", "서울지역본부"], "sido_code": ["47", "11"],
                        "lat": [36.57, 37.46], "lon": [128.73, 126.90]})
SITES = pd.DataFrame({"order": [1, 2], "site": ["안동시", "종로구"], "sigungu_code": ["47170", "11110"],
                      "lat": [36.57, 37.57], "lon": [128.73, 126.98], "new_members": [1234, 5]})
ARCS = pd.DataFrame({"source": ["11", "11", "47"], "target": ["47", "41", "26"], "partnerships": [1500, 10, 3]})


@pytest.fixture(scope="module")
def drilled(gyeongbuk):
    deck, legend = coverage_map(gyeongbuk, level="sigungu", metric="coverage", metric_label="방문율", sido_code="47",
                                members=MEMBERS, offices=OFFICES, sites=SITES, arcs=ARCS, radius_km=30)
    return deck, legend, {layer.id: layer for layer in deck.layers}


def test_coverage_tooltip_has_units_and_no_markup(drilled):
    deck, _, layers = drilled
    assert deck._tooltip["text"] == "{tip}" and "html" not in deck._tooltip
    props = {f["properties"]["sigungu_code"]: f["properties"] for f in layers["sigungu-choropleth"].data["features"]}
    assert props["47170"]["tip"] == "경상북도 안동시\n방문율: 1.9%\n회원사: 1,234"
    _no_markup(_tips(deck))


@pytest.mark.parametrize(("metric", "line"), [("median_office_km", "거리: 12 km"), ("days_since_visit", "거리: 45일"),
                                              ("members", "거리: 1,234")])
def test_coverage_tooltip_writes_each_metric_with_its_unit(gyeongbuk, metric, line):
    deck, _ = coverage_map(gyeongbuk, metric=metric, metric_label="거리", sido_code="47")
    tip = next(f["properties"]["tip"] for f in deck.layers[2].data["features"]
               if f["properties"]["sigungu_code"] == "47170")
    assert tip.splitlines()[1] == line
    assert "방문율: 1.9%" in tip


def test_member_names_are_shown_as_written(drilled):
    """A name that looks like HTML or Markdown is plain text in the tooltip: shown, never run or rendered."""
    _, _, layers = drilled
    tips = [row["tip"] for row in layers["members"].data]
    assert "<script>alert(1)</script>\n방문함" in tips
    assert "**굵게** [링크](http://x)\n방문 안 함" in tips


def test_point_tooltips_have_units(drilled):
    _, _, layers = drilled
    assert layers["sites"].data[0]["tip"] == "1. 안동시\n새로 닿는 회원사: 1,234\n반경 30 km"
    assert layers["offices"].data[0]["tip"] == "지부: 경북북부지부"
    assert {row["tip"] for row in layers["arcs"].data} == {"서울특별시 — 경상북도\n협력 관계: 1,500",
                                                           "경상북도 — 부산광역시\n협력 관계: 3"}


def test_every_map_has_plain_text_tooltips():
    """Overview choropleth, partners map, meeting map and the national coverage map: a text tooltip, and every
    picked object's text has no markup (Streamlit escapes an html tooltip's values, so markup would show)."""
    choropleth, _ = region_choropleth(pd.DataFrame({"sido_code": ["11"], "members": [1234]}),
                                      value_column="members", value_label="회원사")
    partners = render_map.partners_map({"name": "가<나>", "lat": 37.5, "lon": 127.0},
                                       pd.DataFrame({"candidate_name": ["다&라"], "lat": [37.4], "lon": [127.1],
                                                     "rank": [1], "km": [14.2]}))
    meeting = render_map.meeting_map({"name": "수원", "lat": 37.26, "lon": 127.03},
                                     pd.DataFrame({"order": [1], "member_id": ["A"], "name": ["가"], "lat": [37.3],
                                                   "lon": [127.0], "km": [3.0]}),
                                     pd.DataFrame({"member_id_a": [], "member_id_b": []}), radius_km=20)
    national, _ = coverage_map(pd.DataFrame({"sido_code": ["11"], "coverage": [0.5], "members": [2]}), level="sido",
                               members=MEMBERS, offices=OFFICES, sites=SITES, arcs=ARCS)
    for deck in (choropleth, partners, meeting, national):
        assert deck._tooltip["text"] == "{tip}" and "html" not in deck._tooltip
        tips = _tips(deck)
        assert tips
        _no_markup([tip for tip in tips if "<script>" not in tip])  # the member named <script> is data
    assert _tips(partners) == ["1. 다&라 (14 km)", "가<나>"]
    assert _tips(meeting) == ["1. 가 (3.0 km)", "수원"]


# ----------------------------------------------------------------------------
# the drill-down into one 시도


def test_drilled_layers_in_drawing_order(drilled):
    deck, _, _ = drilled
    assert [layer.id for layer in deck.layers] == ["sido-context", "sido-context-outline", "sigungu-choropleth",
                                                   "sigungu-choropleth-outline", "arcs", "members", "site-radius",
                                                   "sites", "offices", "labels"]


def test_drilled_choropleth_has_only_the_sido(drilled):
    _, _, layers = drilled
    features = layers["sigungu-choropleth"].data["features"]
    table = regions.sigungu_table()
    assert sorted(f["properties"]["sigungu_code"] for f in features) == sorted(
        table.loc[table["sido_code"] == "47", "sigungu_code"])


def test_other_sido_are_grey_context(drilled):
    _, _, layers = drilled
    context = layers["sido-context"]
    codes = sorted(f["properties"]["sido_code"] for f in context.data["features"])
    assert codes == sorted(set(regions.sido_table()["sido_code"]) - {"47"})
    assert context.get_fill_color == [*render_map.CONTEXT_FILL, 255]
    assert layers["sido-context-outline"].get_color == [*render_map.CONTEXT_LINE, 255]
    assert context.auto_highlight is False
    daegu = next(f for f in context.data["features"] if f["properties"]["sido_code"] == "27")
    assert daegu["properties"]["tip"] == "대구광역시\n누르면 이 시도를 봅니다"  # a click there drills into it


def _visible_bounds(view: dict, width: int, height: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) that deck.gl shows for ``view`` on a ``width`` × ``height`` px map."""
    world = 512 * 2 ** view["zoom"]
    centre_y = render_map._mercator_y(view["latitude"])
    half_x, half_y = width / 2 / world, height / 2 / world
    return (view["longitude"] - half_x * 360, render_map._latitude(centre_y + half_y),
            view["longitude"] + half_x * 360, render_map._latitude(centre_y - half_y))


def _mercator_area(bounds) -> float:
    west, south, east, north = bounds
    return (east - west) / 360 * (render_map._mercator_y(south) - render_map._mercator_y(north))


def main_land(sido_code: str) -> tuple[float, float, float, float]:
    """The bounds of the largest polygon of each of the 시도's 시군구 (울릉도, not 독도)."""
    import shapely

    parts = []
    for feature in json.loads(regions.boundaries_path("sigungu").read_text(encoding="utf-8"))["features"]:
        if feature["properties"]["sido_code"] == sido_code:
            shape = shapely.geometry.shape(feature["geometry"])
            parts.append(max(getattr(shape, "geoms", [shape]), key=lambda part: part.area))
    return shapely.union_all(parts).bounds


def test_drilled_view_fits_the_sido(drilled):
    import shapely

    deck, _, _ = drilled
    view = {"latitude": deck.initial_view_state.latitude, "longitude": deck.initial_view_state.longitude,
            "zoom": deck.initial_view_state.zoom}
    sido = main_land("47")
    assert sido[2] == pytest.approx(130.92, abs=0.01)  # 울릉도's east coast
    for width in (900, 1000):  # the size it was fitted for, and the app's map at a 1440 px wide window
        shown = shapely.box(*_visible_bounds(view, width, 600))
        assert shown.contains(shapely.box(*sido))
        assert _mercator_area(sido) / _mercator_area(shown.bounds) > 0.5  # the 시도 fills the map
        assert shown.contains(shapely.Point(130.87, 37.50))       # 울릉도 is in view,
        assert not shown.contains(shapely.Point(131.87, 37.24))   # 독도 (drawn) does not shrink it
    assert deck.initial_view_state.min_zoom <= view["zoom"] <= deck.initial_view_state.max_zoom


@pytest.mark.parametrize("code", ["50", "28", "12", "11"])
def test_island_sido_are_fitted_to_their_main_land(code):
    """제주 without 추자도 widening it, 인천 with 옹진군's 백령도 (its largest island), 전남광주, 서울."""
    import shapely

    cov = pd.DataFrame({"sigungu_code": regions.sigungu_table()["sigungu_code"], "coverage": 0.5})
    deck, _ = coverage_map(cov, sido_code=code)
    view = {"latitude": deck.initial_view_state.latitude, "longitude": deck.initial_view_state.longitude,
            "zoom": deck.initial_view_state.zoom}
    shown = shapely.box(*_visible_bounds(view, 900, 600))
    assert shown.contains(shapely.box(*main_land(code)))
    assert _mercator_area(main_land(code)) / _mercator_area(shown.bounds) > 0.4


@pytest.mark.parametrize("bounds", [(126.0, 37.0, 127.0, 38.0), (124.6, 33.1, 131.9, 38.6), (129.0, 35.0, 129.1, 35.05)])
@pytest.mark.parametrize(("width", "height"), [(900, 600), (400, 800)])
def test_fit_view_contains_the_bounds_and_touches_one_side(bounds, width, height):
    import shapely

    view = fit_view(bounds, width=width, height=height, padding=0.05)
    shown = _visible_bounds(view, width, height)
    assert shapely.box(*shown).contains(shapely.box(*bounds))
    x_share = (bounds[2] - bounds[0]) / (shown[2] - shown[0])
    y_share = ((render_map._mercator_y(bounds[1]) - render_map._mercator_y(bounds[3]))
               / (render_map._mercator_y(shown[1]) - render_map._mercator_y(shown[3])))
    assert max(x_share, y_share) == pytest.approx(0.9, abs=0.002)  # 5 % free on each side of the tighter axis


def test_points_are_those_of_the_sido(drilled):
    """Members and offices by their 시도 code, or where it is unknown by their point; sites by their 시군구."""
    _, _, layers = drilled
    assert sorted(row["tip"].split("\n")[0] for row in layers["members"].data) == [
        "**굵게** [링크](http://x)", "<script>alert(1)</script>", "좌표만 경북"]
    assert [row["tip"] for row in layers["offices"].data] == ["지부: 경북북부지부"]
    assert [row["tip"].split("\n")[0] for row in layers["sites"].data] == ["1. 안동시"]
    assert len(layers["site-radius"].data) == 1


def test_national_map_keeps_every_point(gyeongbuk):
    deck, _ = coverage_map(gyeongbuk, members=MEMBERS, offices=OFFICES, sites=SITES)
    layers = {layer.id: layer for layer in deck.layers}
    assert (len(layers["members"].data), len(layers["offices"].data), len(layers["sites"].data)) == (5, 2, 2)
    assert "labels" not in layers and "sido-context" not in layers
    view = deck.initial_view_state
    assert (view.latitude, view.longitude, view.zoom) == (35.9, 127.8, 5.6)


def test_labels_are_the_korean_sigungu_names(drilled):
    import shapely

    _, _, layers = drilled
    labels = layers["labels"]
    assert labels.type == "TextLayer" and labels.pickable is False
    names = {row["label"] for row in labels.data}
    assert {"안동시", "울릉군", "남구", "북구", "경주시"} <= names and len(labels.data) == 23
    polygons = {f["properties"]["sigungu"]: shapely.geometry.shape(f["geometry"])
                for f in layers["sigungu-choropleth"].data["features"]}
    andong = next(row for row in labels.data if row["label"] == "안동시")
    assert polygons["안동시"].contains(shapely.Point(andong["lon"], andong["lat"]))


def test_labels_draw_offline_with_korean_glyphs(drilled):
    """deck.gl draws the label font atlas from a font family on the machine: the JSON names local fonts only and
    lists every character of the labels (its default set is ASCII, which has no Korean)."""
    deck, _, _ = drilled
    layer = next(layer for layer in json.loads(deck.to_json())["layers"] if layer["@@type"] == "TextLayer")
    assert layer["fontFamily"].startswith('"Noto Sans CJK KR"') and layer["fontFamily"].endswith("sans-serif")
    assert set("".join(row["label"] for row in deck.layers[-1].data)) <= set(layer["characterSet"])
    assert "안" in layer["characterSet"]
    assert layer["getText"] == "@@=label" and layer["sizeUnits"] == "pixels" and layer["getSize"] >= 12
    assert layer["fontSettings"]["sdf"] is True and layer["outlineWidth"] > 0  # a white halo: legible on any fill
    text = json.dumps(layer).lower()
    assert "http" not in text and "url(" not in text and ".woff" not in text


def test_drilling_into_a_sido_at_the_sido_level(gyeongbuk):
    cov = pd.DataFrame({"sido_code": ["47", "11"], "coverage": [0.2, 0.4]})
    deck, _ = coverage_map(cov, level="sido", sido_code="47")
    layers = {layer.id: layer for layer in deck.layers}
    assert [f["properties"]["sido_code"] for f in layers["sido-choropleth"].data["features"]] == ["47"]
    assert [row["label"] for row in layers["labels"].data] == ["경상북도"]


def test_drilled_deck_stays_small_and_offline(drilled):
    deck, _, _ = drilled
    text = deck.to_json()
    assert len(text.encode("utf-8")) < 1_500_000
    assert "carto" not in text.lower() and "mapbox" not in text.lower()


# ----------------------------------------------------------------------------
# colours that every reader tells apart


def _simulate(color: tuple[int, int, int], kind: str) -> np.ndarray:
    """``color`` as a person with protanopia or deuteranopia sees it (Machado et al. 2009, severity 1)."""
    matrices = {
        "protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
        "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    }
    linear = (np.asarray(color) / 255.0) ** 2.2
    seen = np.clip(np.asarray(matrices[kind]) @ linear, 0, 1)
    return seen ** (1 / 2.2) * 255


def test_visited_and_not_visited_are_blue_and_orange():
    assert VISITED[2] > max(VISITED[:2])                        # blue
    assert NOT_VISITED[0] > NOT_VISITED[1] > NOT_VISITED[2]     # orange, not red
    assert NOT_VISITED[1] > 100                                 # (red would have almost no green)


@pytest.mark.parametrize("kind", ["protan", "deutan"])
@pytest.mark.parametrize(("a", "b"), [(VISITED, NOT_VISITED), (VISITED, SITE), (NOT_VISITED, SITE)])
def test_point_colours_stay_apart_for_red_green_colour_blindness(kind, a, b):
    assert np.linalg.norm(_simulate(a, kind) - _simulate(b, kind)) > 60


def test_member_dots_use_the_colours(drilled):
    _, _, layers = drilled
    colours = {row["tip"].split("\n")[1]: tuple(row["c"]) for row in layers["members"].data}
    assert colours == {"방문함": VISITED, "방문 안 함": NOT_VISITED}


def test_legend_lists_the_point_symbols(drilled):
    _, legend, _ = drilled
    assert legend.points.values.tolist() == [
        ["#0072b2", "방문함"], ["#e69f00", "방문 안 함"], ["#212121", "지부"], ["#aa3377", "방문 후보지 (반경 30 km)"],
        ["#2c7fb8", "시도 간 협력 관계 (굵기: 건수)"]]
    html = legend.html("방문율")
    assert "border-radius:50%" in html and "방문 후보지 (반경 30 km)" in html and "http" not in html


def test_legend_in_english():
    _, legend = coverage_map(pd.DataFrame({"sido_code": ["11", "41"], "days_since_visit": [3.0, 400.0]}),
                             level="sido", metric="days_since_visit", metric_label="Days",
                             offices=OFFICES, language="en")
    assert legend.table["label"].tolist()[0].endswith(" days")
    assert legend.points["label"].tolist() == ["office"]


# --- what the maps draw: islets left out, every region and 독도 kept -------------------------------------

def _vertices(features: list[dict]) -> int:
    return sum(len(ring) for f in features for part in f["geometry"]["coordinates"] for ring in part)


@pytest.mark.parametrize("level", ["sido", "sigungu"])
def test_maps_draw_every_region_with_fewer_vertices(level):
    bundled = json.loads(regions.boundaries_path(level).read_text(encoding="utf-8"))["features"]
    deck, _ = region_choropleth(pd.DataFrame({f"{level}_code": [], "v": []}), level=level, value_column="v", value_label="v")
    drawn = _features(deck)
    key = f"{level}_code"
    assert [f["properties"][key] for f in drawn] == [f["properties"][key] for f in bundled]
    assert all(f["geometry"]["coordinates"] for f in drawn)
    assert _vertices(drawn) < 0.7 * sum(len(ring) for f in bundled for part in
                                        (f["geometry"]["coordinates"] if f["geometry"]["type"] == "MultiPolygon"
                                         else [f["geometry"]["coordinates"]]) for ring in part)


def test_dokdo_is_drawn():
    import shapely

    deck, _ = region_choropleth(pd.DataFrame({"sigungu_code": [], "v": []}), level="sigungu", value_column="v",
                                value_label="v")
    ulleung = next(f for f in _features(deck) if f["properties"]["sigungu"] == "울릉군")
    rocks = [shapely.geometry.shape({"type": "Polygon", "coordinates": part})
             for part in ulleung["geometry"]["coordinates"] if part[0][0][0] > 131.8]
    assert len(rocks) == 2  # 동도 and 서도
    assert any(rock.buffer(0.01).contains(shapely.geometry.Point(131.8695, 37.2413)) for rock in rocks)


def test_drop_islets_keeps_the_largest_part_and_leaves_its_input_unchanged():
    def square(x: float, d: float) -> list:
        return [[[x, 36.0], [x + d, 36.0], [x + d, 36.0 + d], [x, 36.0 + d], [x, 36.0]]]

    tiny = {"type": "Feature", "properties": {"n": 1},
            "geometry": {"type": "MultiPolygon", "coordinates": [square(127.0, 0.0001), square(128.0, 0.0002)]}}
    point = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [127.0, 36.0]}}
    collection = {"type": "FeatureCollection", "features": [tiny, point]}
    before = json.dumps(collection)
    kept = render_map.drop_islets(collection)
    assert kept["features"][0]["geometry"]["coordinates"] == [square(128.0, 0.0002)]  # the larger of two specks
    assert kept["features"][1] == point
    assert json.dumps(collection) == before
    # 0.1° × 0.1° at 36°N is about 100 km²; 0.001° × 0.001° about 0.01 km²
    big = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": square(127.0, 0.1)}}
    speck = {"type": "Feature", "properties": {},
             "geometry": {"type": "MultiPolygon", "coordinates": [square(127.0, 0.1), square(127.5, 0.001)]}}
    assert len(render_map.drop_islets({"features": [speck]})["features"][0]["geometry"]["coordinates"]) == 1
    assert render_map.drop_islets({"features": [big]})["features"][0]["geometry"]["coordinates"] == [square(127.0, 0.1)]
    assert len(render_map.drop_islets({"features": [speck]}, min_km2=0.001)["features"][0]["geometry"]
               ["coordinates"]) == 2
