"""Slices, layouts, the safe vis-network page and Gephi exports (network.render_network)."""

from __future__ import annotations

import io
import json
import math
import re

import networkx as nx
import numpy as np
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


def _regions() -> nx.Graph:
    R = nx.Graph()
    R.add_node("11", name="서울특별시", members=800)
    R.add_node("26", name="부산광역시", members=380)
    R.add_node("41", name="경기도", members=1459)
    R.add_edge("11", "26", partnerships=12, weight=12.0)
    R.add_edge("11", "41", partnerships=300, weight=300.0)
    R.add_edge("11", "11", partnerships=100, weight=100.0)
    return R


def test_region_view_places_sido_on_the_map():
    drawing = render_network.region_network_html(_regions())
    data = _data(drawing.html)
    positions = {n["label"].split("\n")[0]: (n["x"], n["y"]) for n in data["nodes"]}
    assert positions["부산광역시"][0] > positions["서울특별시"][0]  # east of Seoul
    assert positions["부산광역시"][1] > positions["서울특별시"][1]  # south (screen y grows downwards)
    assert drawing.edges == 2  # the self-loop is not drawn


def test_region_view_labels_sido_with_their_members_and_sizes_them():
    data = _data(render_network.region_network_html(_regions()).html)
    nodes = {n["label"].split("\n")[0]: n for n in data["nodes"]}
    assert nodes["서울특별시"]["label"] == "서울특별시\n회원사 800곳"
    assert nodes["경기도"]["label"] == "경기도\n회원사 1,459곳"
    assert nodes["경기도"]["size"] > nodes["서울특별시"]["size"] > nodes["부산광역시"]["size"]
    assert "지역 안 협력 관계 100건" in nodes["서울특별시"]["title"]
    assert len({n["color"] for n in data["nodes"]}) == 1 and nodes["서울특별시"]["color"] != render_network.OTHER
    # a label is drawn only above about 5 px on screen: the font is at least 13 units and the map fits the frame
    assert nodes["서울특별시"]["font"]["size"] >= 13
    xs, ys = [n["x"] for n in data["nodes"]], [n["y"] for n in data["nodes"]]
    assert max(ys) - min(ys) < 700 and max(xs) - min(xs) < 700
    widths = {(e["from"], e["to"]): e["width"] for e in data["edges"]}
    ids = {name: n["id"] for name, n in nodes.items()}
    assert widths[(ids["서울특별시"], ids["경기도"])] > widths[(ids["서울특별시"], ids["부산광역시"])]
    titles = [e["title"] for e in data["edges"]]
    assert "서울특별시 — 경기도: 협력 관계 300건" in titles


def test_region_view_in_english_uses_english_names():
    data = _data(render_network.region_network_html(_regions(), language="en").html)
    labels = sorted(n["label"] for n in data["nodes"])
    assert labels == ["Busan\n380 members", "Gyeonggi\n1,459 members", "Seoul\n800 members"]


def test_region_view_keeps_discs_apart():
    data = _data(render_network.region_network_html(_regions()).html)
    nodes = data["nodes"]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            assert math.hypot(a["x"] - b["x"], a["y"] - b["y"]) >= a["size"] + b["size"]


# --- a federation: groups (교류회), brokers, the isolated strip -----------------------------------------------

def _federation(groups: int = 4, size: int = 20, isolated: int = 10) -> nx.Graph:
    """``groups`` 교류회 of ``size`` members, each a ring with chords, neighbouring groups joined by one
    partnership, and ``isolated`` members without a partner."""
    G = nx.Graph()
    for g in range(groups):
        people = [f"g{g}m{i:02d}" for i in range(size)]
        for i, n in enumerate(people):
            G.add_node(n, name=f"회사{g}-{i}", federation="대구경북", group=f"교류회{g:02d}", sido="대구광역시")
            G.add_edge(n, people[(i + 1) % size])
            if i % 5 == 0:
                G.add_edge(n, people[(i + size // 2) % size])
        if g:
            G.add_edge(f"g{g - 1}m00", f"g{g}m00")
    for i in range(isolated):
        G.add_node(f"iso{i:02d}", name=f"혼자{i}", federation="대구경북", group=f"교류회{i % groups:02d}")
    return G


def test_grouped_layout_places_groups_apart_and_members_around_their_centre():
    G = _federation()
    groups = nx.get_node_attributes(G, "group")
    placed = render_network.grouped_layout(G, groups)
    assert set(placed.positions) == set(G)
    coords = np.array(list(placed.positions.values()))
    assert np.isfinite(coords).all()
    assert sorted(placed.sizes.values()) == [20, 20, 20, 20]
    spread = {}
    for key, (cx, cy) in placed.centres.items():
        members = [n for n in G if G.degree(n) and groups[n] == key]
        distances = [math.hypot(placed.positions[n][0] - cx, placed.positions[n][1] - cy) for n in members]
        assert max(distances) <= placed.radii[key]  # inside its disc
        spread[key] = max(distances)
    centres = list(placed.centres.items())
    for i, (a, ca) in enumerate(centres):
        for b, cb in centres[i + 1:]:
            between = math.hypot(ca[0] - cb[0], ca[1] - cb[1])
            assert between > spread[a] + spread[b]  # groups never overlap
            assert between > 2 * max(spread.values())


def test_grouped_layout_gathers_the_isolated_in_a_strip_below():
    G = _federation(isolated=30)
    placed = render_network.grouped_layout(G, nx.get_node_attributes(G, "group"))
    assert sorted(placed.isolated) == [f"iso{i:02d}" for i in range(30)]
    lowest_group = max(placed.positions[n][1] for n in G if G.degree(n))
    strip_y = sorted({placed.positions[n][1] for n in placed.isolated})
    assert placed.strip is not None and lowest_group < placed.strip[1] < strip_y[0]
    assert len(strip_y) <= 3  # a few rows, not scattered along the frame
    xs = [placed.positions[n][0] for n in placed.isolated]
    left = min(c[0] - placed.radii[k] for k, c in placed.centres.items())
    right = max(c[0] + placed.radii[k] for k, c in placed.centres.items())
    assert left - 1 <= min(xs) and max(xs) <= right + 1  # as wide as the groups
    # in group order, then by name
    first_group = sorted((n for n in placed.isolated if G.nodes[n]["group"] == "교류회00"), key=lambda n: G.nodes[n]["name"])
    assert list(placed.isolated[:8]) == first_group and len(first_group) == 8


def test_grouped_layout_is_deterministic_and_handles_edge_cases():
    G = _federation(groups=3, size=8, isolated=2)
    groups = nx.get_node_attributes(G, "group")
    assert render_network.grouped_layout(G, groups) == render_network.grouped_layout(G, groups)
    assert render_network.grouped_layout(nx.Graph()).positions == {}
    lonely = nx.empty_graph(3)
    placed = render_network.grouped_layout(lonely)
    assert placed.isolated == (0, 1, 2) and placed.centres == {} and len(set(placed.positions.values())) == 3
    one = render_network.grouped_layout(G)  # no groups: one disc
    assert list(one.centres) == [None] and one.sizes == {None: 24}


@pytest.mark.parametrize("kwargs, match", [({"spacing": 0}, "spacing and aspect"), ({"aspect": -1}, "aspect")])
def test_grouped_layout_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        render_network.grouped_layout(nx.path_graph(2), **kwargs)


def test_choose_grouping_tries_group_then_federation_then_community(G, metrics):
    by, groups = render_network.choose_grouping(G)
    assert by == "group" and groups["a"] == "g1"
    one_group = G.subgraph("ab").copy()  # one 교류회, one federation: nothing splits it
    assert render_network.choose_grouping(one_group) == (None, {})
    H = G.copy()
    nx.set_node_attributes(H, "g", "group")
    assert render_network.choose_grouping(H)[0] == "federation"
    nx.set_node_attributes(H, "f", "federation")
    by, groups = render_network.choose_grouping(H, metrics)
    assert by == "community" and groups == {"a": 0, "b": 0, "c": 1, "d": 1, "e": None}
    assert render_network.choose_grouping(G, max_groups=2)[0] == "group"  # the isolated member's g3 does not count
    assert render_network.choose_grouping(G.subgraph("abcd"), max_groups=1 + 1)[0] == "group"
    with pytest.raises(ValueError, match="max_groups was 1"):
        render_network.choose_grouping(G, max_groups=1)


def test_top_brokers_by_betweenness(G):
    assert render_network.top_brokers(G, count=2) == ["b", "c"]  # path a-b-c-d: the middle
    metrics = pd.DataFrame({"member_id": list("abcde"), "betweenness": [0.0, 0.2, 0.6, 0.0, 0.0]})
    assert render_network.top_brokers(G, metrics) == ["c", "b"]
    assert render_network.top_brokers(G, metrics, count=0) == []
    with pytest.raises(ValueError, match="count was -1"):
        render_network.top_brokers(G, count=-1)


def test_only_brokers_and_the_chosen_member_are_labelled_in_a_large_drawing():
    G = _federation(groups=4, size=20, isolated=10)
    view = render_network.draw_slice(G, None, Slice(), highlight="g2m03", select=True)
    data = _data(view.drawing.html)
    members = [n for n in data["nodes"] if isinstance(n["id"], int)]
    notes = [n for n in data["nodes"] if not isinstance(n["id"], int)]
    assert view.drawing.nodes == len(members) == 90 and f'data-nodes="{len(members)}"' in view.drawing.html
    names = {data["members"][n["id"]]: n for n in members}
    labelled = {m for m, n in names.items() if n.get("label")}
    assert labelled == set(view.brokers) | {"g2m03"} and 0 < len(view.brokers) <= 12
    assert not view.all_named and view.grouped_by == "group" and view.groups == 4 and view.isolated == 10
    broker = names[view.brokers[0]]
    assert broker["borderWidth"] == 2 and "중개 역할 상위 1위" in broker["title"]
    chosen = names["g2m03"]
    assert chosen is members[-1]  # drawn last, on top
    assert chosen["color"]["border"] == render_network.CHOSEN and chosen["borderWidth"] == 4
    assert chosen["size"] > max(n["size"] for n in members[:-1]) and chosen["title"].startswith("선택한 회원사")
    red = [e for e in data["edges"] if e.get("color", {}).get("color") == render_network.CHOSEN]
    assert len(red) == G.degree("g2m03") == 2
    assert sorted(n["label"] for n in notes) == ["교류회00", "교류회01", "교류회02", "교류회03",
                                                 "이 보기 안에 협력사가 없는 회원사 10곳"]
    assert all(n["shape"] == "text" and n["fixed"] for n in notes)
    # edges stay visible in a dense drawing: wide enough and dark enough
    assert min(e["width"] for e in data["edges"]) >= 1.0
    assert data["options"]["edges"]["color"]["opacity"] >= 0.4


def test_a_small_slice_names_everyone_and_a_neighbourhood_keeps_its_layout(G):
    view = render_network.draw_slice(G, None, Slice(federation="서울"))
    assert view.all_named and {n.get("label") for n in _data(view.drawing.html)["nodes"]} == {"다", "라"}
    ego = render_network.draw_slice(G, None, Slice(ego="b"))
    data = _data(ego.drawing.html)
    assert ego.grouped_by is None and ego.positions == render_network.layout(ego.graph)
    assert {n["label"] for n in data["nodes"]} == {"가", "나", "다"}
    assert data["nodes"][-1]["label"] == "나" and data["nodes"][-1]["borderWidth"] == 4  # the ego, highlighted
    assert "members" not in data  # no click to choose unless asked


def test_a_click_chooses_the_member_on_the_page_and_only_then():
    G = nx.Graph([("A-1", "B-2")])
    plain = render_network.network_html(G, {"A-1": (0, 0), "B-2": (9, 0)})
    assert "members" not in _data(plain.html)
    clickable = render_network.network_html(G, {"A-1": (0, 0), "B-2": (9, 0)}, select=True)
    assert _data(clickable.html)["members"] == ["A-1", "B-2"]
    assert 'searchParams.set("member", member)' in clickable.html and "history.pushState" in clickable.html
    assert "window.parent" in clickable.html and "location.href =" not in clickable.html  # the session stays


def test_exports_are_made_when_asked_for(G):
    view = render_network.draw_slice(G, None, Slice())
    assert view.graph is not None and view.graphml.startswith(b"<?xml") and b"<gexf" in view.gexf
    assert render_network.draw_slice(G, None, Slice(federation="없음")).graphml is None


def test_cap_is_about_three_thousand():
    assert 2000 <= SETTINGS.limits.network_max_nodes <= 5000


_SAME_EVERY_TIME = """
import hashlib, json
import networkx as nx
from network.render import network as render_network
G = nx.Graph()
for g in range(6):
    people = [f"firm-{g}-{i}" for i in range(12)]
    G.add_nodes_from((n, {"group": f"교류회{g}", "federation": "가" if g < 3 else "나"}) for n in people)
    G.add_edges_from(zip(people, people[1:]))
    G.add_edge(people[0], f"firm-{(g + 1) % 6}-5")
G.add_nodes_from(f"lonely-{i}" for i in range(5))
H = render_network.slice_graph(G, spec=render_network.Slice(federation="가"))
view = render_network.draw_slice(G, None, render_network.Slice(federation="가"))
print(list(H)[:3], hashlib.md5(json.dumps(sorted(view.positions.items())).encode()).hexdigest())
"""


def test_a_slice_is_drawn_the_same_in_every_process():
    """Node order (and so every layout) must not follow Python's salted string hashes."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    outputs = {subprocess.run([sys.executable, "-c", _SAME_EVERY_TIME], cwd=root, capture_output=True, text=True,
                              check=True, env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1, outputs
    assert outputs.pop().startswith("['firm-0-0', 'firm-0-1', 'firm-0-2']")


def test_layouts_do_not_depend_on_other_threads_using_random():
    """The app server runs sessions in threads: igraph's process-wide generator must not leak into a layout."""
    import random
    import threading

    G = _federation(groups=3, size=15, isolated=2)
    groups = nx.get_node_attributes(G, "group")
    quiet = render_network.grouped_layout(G, groups), render_network.layout(G)
    stop = threading.Event()

    def noise():
        while not stop.is_set():
            random.random()

    thread = threading.Thread(target=noise)
    thread.start()
    try:
        busy = [(render_network.grouped_layout(G, groups), render_network.layout(G)) for _ in range(3)]
    finally:
        stop.set()
        thread.join()
    assert all(b == quiet for b in busy)
