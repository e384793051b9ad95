"""The network page with ``AppTest``: the region view, a federation drawn by 교류회, a click choosing a member
(the address the drawing sets), the isolated members' switch, the partner table, and what a leader's page holds.

``tests/test_e2e_network.py`` clicks the drawing in a real browser.
"""

from __future__ import annotations

import json
import re

import networkx as nx
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from network import analysis, graph
from network.access import stand_in_id
from network.dataset import load_dataset
from network.render import network as render_network
from tests.leaks import found_names, leader_hidden
from tests.test_app import SAMPLE, _app, signed_in, text
from tests.test_app_access import page_text

PAGE = "app_pages/network.py"
FEDERATION = "대구경북"  # 1,260 members in 40 교류회, 200 without a partner inside the federation
TIMEOUT = 180


# each test runs the app on its own copy of the sample workspace (see ``app_workspace`` in conftest)
pytestmark = pytest.mark.usefixtures("app_workspace")


@pytest.fixture(scope="module")
def sample():
    return load_dataset(SAMPLE)


@pytest.fixture(scope="module")
def sample_graph(sample) -> nx.Graph:
    return graph.build_graph(sample.members, sample.partnerships)


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [str(e.value)[:300] for e in at.exception]
    return at


def _drawings(at: AppTest) -> list[str]:
    """The HTML of every drawing on the page (``st.iframe``), in page order."""
    found: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and not hasattr(node, "children"):
            srcdoc = dict((f.name, v) for f, v in proto.ListFields()).get("srcdoc")
            if srcdoc:
                found.append(srcdoc)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def _data(html: str) -> dict:
    raw = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    return json.loads(raw)


def _members(data: dict) -> list[dict]:
    return [n for n in data["nodes"] if isinstance(n["id"], int)]


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def _network_page(*, federation: str | None = FEDERATION, at: AppTest | None = None) -> AppTest:
    at = _app() if at is None else at
    at.switch_page(PAGE).run(timeout=TIMEOUT)
    _ok(at)
    if federation:
        at.selectbox(key="net_federation").set_value(federation).run(timeout=TIMEOUT)
        _ok(at)
    return at


def _click(at: AppTest, member: str) -> AppTest:
    """What a click on ``member`` in the drawing does: the page's address gets ``?member=`` and the page runs."""
    at.query_params["member"] = member
    return _ok(at.run(timeout=TIMEOUT))


# --- the region view ----------------------------------------------------------------------------------------

def test_the_region_view_labels_the_sido_with_their_members(sample):
    at = _network_page(federation=None)
    assert any("너무 많습니다" in w.value for w in at.warning)
    data = _data(_drawings(at)[0])
    nodes = _members(data)
    counts = sample.members["sido"].value_counts()
    assert len(nodes) == 16
    labels = {n["label"].split("\n")[0]: n for n in nodes}
    assert set(labels) == set(counts.index)
    assert labels["경기도"]["label"] == f"경기도\n회원사 {counts['경기도']:,}곳"
    biggest, smallest = counts.idxmax(), counts.idxmin()
    assert labels[biggest]["size"] > labels[smallest]["size"]
    assert all(n["color"] != render_network.OTHER for n in nodes)  # no grey dots
    assert len({e["width"] for e in data["edges"]}) > 5  # the width follows the partnerships

    at.toggle(key="ui_english").set_value(True).run(timeout=TIMEOUT)
    _ok(at)
    english = {n["label"].split("\n")[0] for n in _members(_data(_drawings(at)[0]))}
    assert {"Seoul", "Gyeonggi", "Busan", "Jeju"} <= english


# --- a federation ------------------------------------------------------------------------------------------

def test_a_federation_is_drawn_by_group_with_its_brokers_named(sample, sample_graph):
    at = _network_page()
    captions = _captions(at)
    assert "회원사 1,260곳" in captions
    assert text("net_grouped", by=text("net_by_group"), groups=40) in captions
    assert text("net_click_hint") in captions
    html = _drawings(at)[0]
    data = _data(html)
    nodes = _members(data)
    assert len(nodes) == 1260 and len(data["members"]) == 1260
    named = {data["members"][n["id"]] for n in nodes if n.get("label")}
    assert 5 <= len(named) <= 12
    metrics = analysis.member_metrics_table(sample_graph).set_index("member_id")
    ours = metrics[metrics["federation"] == FEDERATION]["betweenness"]
    assert max(metrics.loc[list(named), "betweenness"]) == ours.max()  # the main broker is named
    notes = [n["label"] for n in data["nodes"] if not isinstance(n["id"], int)]
    groups = set(sample.members.loc[sample.members["federation"] == FEDERATION, "group"])
    assert groups <= set(notes) and "이 보기 안에 협력사가 없는 회원사 200곳" in notes
    assert data["options"]["physics"]["enabled"] is False


def test_the_isolated_members_can_be_hidden_and_the_switch_says_how_many():
    at = _network_page()
    switch = at.toggle(key="net_hide_isolated")
    assert switch.label == text("net_hide_isolated", count=200) and not switch.disabled
    switch.set_value(True).run(timeout=TIMEOUT)
    _ok(at)
    assert "회원사 1,060곳" in _captions(at)
    data = _data(_drawings(at)[0])
    assert len(_members(data)) == 1060
    assert not any("협력사가 없는 회원사" in n["label"] for n in data["nodes"] if not isinstance(n["id"], int))


def test_a_click_on_a_whole_federation_highlights_the_member_and_keeps_the_view(sample_graph):
    at = _network_page()
    first = _data(_drawings(at)[0])
    broker = next(first["members"][n["id"]] for n in _members(first) if n.get("label"))
    _click(at, broker)
    assert at.selectbox(key="net_member").value == broker
    assert at.segmented_control(key="net_hops").value == 0  # the whole view, highlighted
    assert "회원사 1,260곳" in _captions(at)
    data = _data(_drawings(at)[0])
    chosen = _members(data)[-1]
    assert data["members"][chosen["id"]] == broker
    assert chosen["color"]["border"] == render_network.CHOSEN and chosen["label"] == sample_graph.nodes[broker]["name"]
    assert text("net_details", name=sample_graph.nodes[broker]["name"]) in [s.value for s in at.subheader]

    other = next(m for m in first["members"] if m != broker and sample_graph.degree(m))
    _click(at, other)  # another click: the highlight moves, the view stays
    assert at.selectbox(key="net_member").value == other and at.segmented_control(key="net_hops").value == 0
    data = _data(_drawings(at)[0])
    assert data["members"][_members(data)[-1]["id"]] == other and len(_members(data)) == 1260


def test_a_click_in_a_neighbourhood_moves_it(sample_graph):
    at = _network_page(federation=None)
    start = next(n for n in sample_graph if sample_graph.degree(n) >= 3)
    at.selectbox(key="net_member").set_value(start).run(timeout=TIMEOUT)
    _ok(at)
    assert at.query_params["member"] in (start, [start])
    partner = next(iter(sample_graph[start]))
    _click(at, partner)
    assert at.selectbox(key="net_member").value == partner and at.segmented_control(key="net_hops").value == 1
    data = _data(_drawings(at)[0])
    assert sorted(data["members"]) == sorted([partner, *sample_graph[partner]])  # its neighbourhood now


# --- the member in detail ----------------------------------------------------------------------------------

def test_the_partner_table_shows_each_partnerships_kind_and_start(sample, sample_graph):
    member = max(sample_graph, key=sample_graph.degree)
    at = _app()
    at.query_params["member"] = member
    _network_page(federation=None, at=at)
    expected = analysis.partners_table(sample_graph, member)
    kind, started = text("column.kind"), text("column.started")
    assert (kind, started) == ("유형", "시작일")
    shown = next(f.value for f in at.dataframe if kind in f.value.columns and started in f.value.columns)
    assert len(shown) == len(expected) == sample_graph.degree(member)
    assert shown[kind].tolist() == expected["kind"].tolist()
    assert pd.to_datetime(shown[started]).tolist() == pd.to_datetime(expected["started"]).tolist()
    element = next(f for f in at.dataframe if kind in f.value.columns and started in f.value.columns)
    assert '"format":"YYYY-MM-DD"' in element.proto.columns.replace(" ", "")  # a date, not "… 00:00:00"
    edges = sample.partnerships
    mine = edges[(edges["source_id"] == member) | (edges["target_id"] == member)]
    assert set(shown[kind]) == set(mine["kind"])


# --- a federation leader -----------------------------------------------------------------------------------

def _leaks(shown: str, hidden_names: set[str], other_ids: set[str]) -> list[str]:
    """Real ids of other federations' firms (registration numbers, as the sample writes them) and hidden names
    that ``shown`` holds."""
    ids = set(re.findall(r"\d{3}-\d{2}-\d{5}", shown)) & other_ids
    assert all(re.fullmatch(r"\d{3}-\d{2}-\d{5}", i) for i in other_ids)  # so the search above finds them all
    return sorted(ids) + found_names(hidden_names, shown)


def test_a_leaders_network_page_holds_no_other_federations_ids_or_hidden_names(sample):
    federation = "제주"
    hidden_names, other_ids = leader_hidden(sample, federation)
    at = signed_in(_app(role=None), "leader", federation=federation)
    at = _network_page(federation=None, at=at)
    html = _drawings(at)[0]
    data = _data(html)
    outside = [m for m in data["members"] if m.startswith("외부-")]
    assert outside, "the leader's partners in other federations are drawn, under stand-in ids"
    assert not _leaks(page_text(at) + html, hidden_names, other_ids)

    # a click on an outside partner chooses it by its stand-in id: the address never holds a real id
    _click(at, outside[0])
    assert at.selectbox(key="net_member").value == outside[0]
    assert not _leaks(page_text(at) + _drawings(at)[0], hidden_names, other_ids)
    real = next(i for i in other_ids if stand_in_id(i) == outside[0])
    assert _leaks(f"링크 {real}", hidden_names, other_ids) == [real]  # the check finds a real id where there is one
    assert real not in str(dict(at.query_params)) and at.query_params["member"] in (outside[0], [outside[0]])
