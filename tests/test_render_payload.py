"""Tests for network.render.payload: nothing the browser parses as JSON carries ``NaN`` or ``Infinity`` — a
table's ``attrs`` (Arrow metadata), a map's deck, a chart's data, the network drawing, a GeoJSON download — and
the pages show tables and charts only through that boundary."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from network.export import to_geojson_bytes
from network.render import chart, payload
from network.render import map as render_map
from network.render import network as render_network

PAGES = Path(__file__).resolve().parent.parent / "app_pages"


def strict(text: str) -> object:
    """``text`` parsed as a browser parses JSON: ``NaN`` and ``Infinity`` refused."""
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} in JSON")

    return json.loads(text, parse_constant=refuse)


def test_finite_replaces_every_non_finite_number_with_none():
    value = {"a": float("inf"), "b": [np.float64("nan"), -np.inf, 1.5, np.float32(2.0)], "c": (1, "x"),
             "d": {"e": float("-inf")}, "f": None, "g": "inf"}
    assert payload.finite(value) == {"a": None, "b": [None, None, 1.5, 2.0], "c": [1, "x"], "d": {"e": None},
                                     "f": None, "g": "inf"}


def test_dumps_writes_valid_json_and_keeps_the_options():
    text = payload.dumps({"z": float("nan"), "a": [float("inf"), "한글"]}, sort_keys=True, ensure_ascii=False,
                         separators=(",", ":"))
    assert text == '{"a":[null,"한글"],"z":null}'
    assert strict(text) == {"a": [None, "한글"], "z": None}


def test_dumps_cleans_what_a_default_serializer_returns():
    class Point:
        def __init__(self, x: float):
            self.x = x

    text = payload.dumps([Point(float("inf")), Point(1.0)], default=lambda o: o.__dict__)
    assert strict(text) == [{"x": None}, {"x": 1.0}]


def test_table_drops_attrs_and_infinite_cells_but_never_changes_the_frame():
    frame = pd.DataFrame({"name": ["a", "b", "c"], "share": [0.5, np.inf, np.nan], "n": [1, 2, 3]})
    frame.attrs["prior_members"] = float("inf")
    shown = payload.table(frame)
    assert shown.attrs == {}
    assert shown["share"].isna().tolist() == [False, True, True]
    assert frame.attrs["prior_members"] == float("inf") and np.isinf(frame.loc[1, "share"])  # the caller's frame
    for value in pa.Table.from_pandas(shown).schema.metadata.values():
        strict(value.decode())
    with pytest.raises(AssertionError, match="Infinity"):  # what the browser was sent before
        for value in pa.Table.from_pandas(frame).schema.metadata.values():
            strict(value.decode())


def test_table_returns_a_clean_frame_itself():
    frame = pd.DataFrame({"n": [1.0, 2.0]})
    assert payload.table(frame) is frame


def test_a_deck_with_missing_and_infinite_numbers_is_valid_json():
    import pydeck as pdk
    from pydeck.bindings.json_tools import default_serialize

    rows = [{"lat": 37.5, "lon": 127.0, "km": float("nan")}, {"lat": 37.6, "lon": 127.1, "km": float("inf")}]
    deck = render_map._deck_class()(layers=[pdk.Layer("ScatterplotLayer", data=rows, get_position=["lon", "lat"])],
                                    map_style=None)
    raw = json.dumps(deck, default=default_serialize)  # what pydeck itself would send
    assert "NaN" in raw and "Infinity" in raw
    data = strict(deck.to_json())["layers"][0]["data"]
    assert [row["km"] for row in data] == [None, None]


def _frames(chart_object) -> list[pd.DataFrame]:
    """Every frame a chart (and its layers) holds: what Streamlit sends as Arrow, ``attrs`` in the metadata."""
    own = [chart_object.data] if isinstance(getattr(chart_object, "data", None), pd.DataFrame) else []
    return own + [f for layer in getattr(chart_object, "layer", []) or [] for f in _frames(layer)]


def test_a_chart_of_a_table_with_infinite_attrs_sends_valid_arrow_metadata():
    table = pd.DataFrame({"region": ["가", "나"], "coverage": [0.5, np.inf]})
    table.attrs["prior_members"] = float("inf")
    frames = _frames(chart.bars(table, category="region", value="coverage", category_title="", value_title="%"))
    assert frames
    for frame in frames:
        for value in pa.Table.from_pandas(frame).schema.metadata.values():
            strict(value.decode())


def test_the_network_drawing_embeds_valid_json():
    import networkx as nx

    graph = nx.Graph()
    graph.add_node("a", name="가", federation="서울", degree=float("nan"))
    graph.add_node("b", name="나", federation="서울", degree=float("inf"))
    graph.add_edge("a", "b", weight=float("nan"))
    drawing = render_network.network_html(graph, {"a": (0.0, float("nan")), "b": (float("inf"), 1.0)})
    data = drawing.html.split('id="graph-data"')[1].split(">", 1)[1].split("</script>")[0]
    strict(data)


def test_a_geojson_download_is_valid_json():
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {"coverage": float("nan"), "prior": float("inf")}}]}
    assert strict(to_geojson_bytes(collection).decode())["features"][0]["properties"] == {"coverage": None,
                                                                                        "prior": None}


def _calls(tree: ast.AST, names: set[str]) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "st"):
            found.append((node.func.attr, node.lineno))
    return found


def test_pages_show_tables_and_streamlit_charts_only_through_the_boundary():
    """``st.dataframe``, ``st.data_editor`` and Streamlit's own charts take a frame with its ``attrs``: a page calls
    ``dataframe`` / ``bar_chart`` in ``app_pages/common.py`` instead, which pass it through ``payload.table``."""
    direct = {"dataframe", "data_editor", "table", "bar_chart", "line_chart", "area_chart", "scatter_chart",
              "map"}
    found = []
    for file in sorted(PAGES.glob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        allowed: set[int] = set()
        if file.name == "common.py":  # the boundary itself
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and node.name in ("dataframe", "bar_chart"):
                    allowed |= {n.lineno for n in ast.walk(node) if hasattr(n, "lineno")}
        found += [f"{file.name}:{line} st.{name}" for name, line in _calls(tree, direct) if line not in allowed]
    assert found == []


def test_table_handles_columns_of_one_name():
    frame = pd.DataFrame([[1.0, np.inf]], columns=["x", "x"])
    shown = payload.table(frame)
    assert shown.iloc[0, 0] == 1.0 and np.isnan(shown.iloc[0, 1]) and np.isinf(frame.iloc[0, 1])
