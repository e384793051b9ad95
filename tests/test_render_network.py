"""Slices, layouts, the safe vis-network page and Gephi exports (network.render_network)."""

from __future__ import annotations

import io
import json
import re

import networkx as nx
import pandas as pd
import pytest

from network.config import SETTINGS
from network.render import network as render_network
from network.render.network import Slice, network_html, slice_graph


@pytest.fixture
def G() -> nx.Graph:
    G = nx.Graph()
    people = {
        "a": dict(name="가", federation="경기", sido_code="41", sido="경기도", group="g1", industry="25"),
        "b": dict(name="나", federation="경기", sido_code="41", sido="경기도", group="g1", industry="30"),
        "c": dict(name="다", federation="서울", sido_code="11", sido="서울특별시", group="g2", industry="25"),
        "d": dict(name="라", federation="서울", sido_code="11", sido="서울특별시", group="g2", industry="26"),
        "e": dict(name="마", federation="제주", sido_code="50", sido="제주특별자치도", group="g3", industry="10"),
    }
    for n, data in people.items():
        G.add_node(n, **data)
    G.add_edges_from([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": 1.0}), ("c", "d", {"weight": 1.0})])
    return G


@pytest.fixture
def metrics() -> pd.DataFrame:
    return pd.DataFrame({"member_id": list("abcde"), "community": [0, 0, 1, 1, -1],
                         "partner_regions": [1, 2, 2, 1, 0]})


@pytest.mark.parametrize("spec, expected", [
    (Slice(), "abcde"),
    (Slice(federation="경기"), "ab"),
    (Slice(sido="11"), "cd"),
    (Slice(industry="25"), "ac"),
    (Slice(group="g2"), "cd"),
    (Slice(min_degree=2), "bc"),
    (Slice(ego="a", hops=1), "ab"),
    (Slice(ego="a", hops=2), "abc"),
    (Slice(community=1), "cd"),
    (Slice(bridges_only=True), "bc"),
    (Slice(federation="경기", ego="c", hops=2), "ab"),
])
def test_slices(G, metrics, spec, expected):
    assert "".join(sorted(slice_graph(G, metrics, spec))) == expected


def test_slice_does_not_change_the_graph_and_keeps_attributes(G, metrics):
    H = slice_graph(G, metrics, Slice(federation="경기"))
    H.nodes["a"]["name"] = "changed"
    assert G.nodes["a"]["name"] == "가" and H["a"]["b"]["weight"] == 2.0


@pytest.mark.parametrize("spec, match", [(Slice(ego="zz"), "zz"), (Slice(hops=3), "hops was 3")])
def test_bad_slices(G, spec, match):
    with pytest.raises(ValueError, match=match):
        slice_graph(G, spec=spec)


def test_layout_is_deterministic_and_covers_every_node(G):
    first, second = render_network.layout(G), render_network.layout(G)
    assert first == second and set(first) == set(G)
    assert render_network.layout(nx.Graph()) == {}


def _data(html: str) -> dict:
    raw = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    return json.loads(raw)


def test_html_nodes_edges_colours_sizes_and_offline(G, metrics):
    drawing = network_html(G, render_network.layout(G), color_by="federation", metrics=metrics,
                           suggested=[("a", "d")])
    data = _data(drawing.html)
    assert [n["id"] for n in data["nodes"]] == list(range(5))  # integer ids, never names
    assert {n["label"] for n in data["nodes"]} == {"가", "나", "다", "라", "마"}
    assert data["options"]["physics"]["enabled"] is False
    sizes = {n["label"]: n["size"] for n in data["nodes"]}
    assert sizes["나"] > sizes["가"] > sizes["마"]  # by degree
    dashed = [e for e in data["edges"] if e.get("dashes")]
    assert len(dashed) == 1 and drawing.edges == 4
    assert [name for name, _ in drawing.legend][:2] == ["경기", "서울"]
    # vis-network is inlined: nothing is loaded from elsewhere (the browser test checks the requests)
    assert not re.search(r'(src|href)\s*=\s*["\']?https?:', drawing.html) and "<link" not in drawing.html


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>",
                                  "a & b \" ' href"])
def test_hostile_text_is_escaped_everywhere(name):
    G = nx.Graph()
    G.add_node(0, name=name, federation=name, sido=name, sigungu=name)
    html = network_html(G, {0: (0, 0)}, color_by="federation").html
    data_part = html.split('id="graph-data" type="application/json">')[1].split("</script>")[0]
    assert "<" not in data_part and ">" not in data_part
    assert _data(html)["nodes"][0]["label"] == name  # the text survives, as text
    legend = html.split('<div id="legend">')[1].split("</div>")[0]
    assert "<img" not in legend and "<script" not in legend


def test_bad_colour_choice(G):
    with pytest.raises(ValueError, match="color_by was 'x'"):
        network_html(G, color_by="x")


def test_graphml_and_gexf_round_trip_with_positions_and_attributes(G):
    positions = render_network.layout(G)
    H = nx.read_graphml(io.BytesIO(render_network.graphml_bytes(G, positions)))
    assert set(H) == set(G) and H.nodes["a"]["name"] == "가"
    assert H.nodes["a"]["x"] == pytest.approx(positions["a"][0])
    X = nx.read_gexf(io.BytesIO(render_network.gexf_bytes(G, positions)))
    assert X.number_of_edges() == 3 and X.nodes["c"]["federation"] == "서울"


def test_region_view_places_sido_on_the_map():
    R = nx.Graph()
    R.add_node("11", name="서울특별시", members=800)
    R.add_node("26", name="부산광역시", members=380)
    R.add_edge("11", "26", partnerships=12, weight=12.0)
    R.add_edge("11", "11", partnerships=100, weight=100.0)
    drawing = render_network.region_network_html(R)
    data = _data(drawing.html)
    positions = {n["label"].split(" ")[0]: (n["x"], n["y"]) for n in data["nodes"]}
    assert positions["부산광역시"][0] > positions["서울특별시"][0]  # east of Seoul
    assert positions["부산광역시"][1] > positions["서울특별시"][1]  # south (screen y grows downwards)
    assert drawing.edges == 1  # the self-loop is not drawn


def test_cap_is_about_three_thousand():
    assert 2000 <= SETTINGS.limits.network_max_nodes <= 5000
