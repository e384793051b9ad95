"""Tests for network.graph: the member graph, region graphs and matrices, the igraph conversion.

The tiny graph used throughout, with every count below worked out by hand::

    서울 (11)          경기 (41)
    a ─ b              e ─ f
     \\ /     bridge    \\ /
      c ───────────────  d          g (isolated, 경기)

Triangles ``a b c`` and ``d e f`` joined by the bridge ``c - d`` (weight 3, all others 1).
"""

from __future__ import annotations

import datetime

import igraph
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from network import graph


@pytest.fixture
def members() -> pd.DataFrame:
    return pd.DataFrame({
        "member_id": ["a", "b", "c", "d", "e", "f", "g"],
        "name": ["가나", "다라", "마바", "사아", "자차", "카타", None],
        "federation": ["서울", "서울", "서울", "경기", "경기", "경기", "경기"],
        "sido_code": ["11", "11", "11", "41", "41", "41", "41"],
        "sido": ["서울특별시", "서울특별시", "서울특별시", "경기도", "경기도", "경기도", "경기도"],
        "sigungu_code": ["11110", "11110", "11140", "41117", "41117", "41111", "41111"],
        "sigungu": ["종로구", "종로구", "중구", "수원시 영통구", "수원시 영통구", "수원시 장안구", "수원시 장안구"],
        "industry": ["25", "26", "25", "25", "26", "25111", "25"],
        "employees": pd.array([10, 20, None, 5, 7, 8, 9], dtype="Int64"),
        "lat": [37.57, 37.57, 37.56, 37.25, 37.25, 37.30, np.nan],
        "source_row": [2, 3, 4, 5, 6, 7, 8],
    })


@pytest.fixture
def partnerships() -> pd.DataFrame:
    return pd.DataFrame({
        "source_id": ["a", "b", "a", "c", "d", "e", "d"],
        "target_id": ["b", "c", "c", "d", "e", "f", "f"],
        "kind": ["공동구매", "기술제휴", None, "공동R&D", "공동구매", "공동구매", "공동마케팅"],
        "started": pd.to_datetime(["2024-01-05", "2023-03-01", "2022-07-10", None,
                                   "2024-02-01", "2024-02-02", "2024-02-03"]),
        "weight": [1.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0],
        "source_row": [2, 3, 4, 5, 6, 7, 8],
    })


@pytest.fixture
def G(members, partnerships) -> nx.Graph:
    return graph.build_graph(members, partnerships)


def _snapshot(G: nx.Graph) -> tuple:
    return list(G.nodes(data=True)), list(G.edges(data=True)), dict(G.graph)


# ----------------------------------------------------------------------------
# build_graph


def test_build_graph_nodes_in_member_order_with_isolated(G):
    assert list(G.nodes) == ["a", "b", "c", "d", "e", "f", "g"]
    assert G.number_of_edges() == 7
    assert G.degree("g") == 0


def test_build_graph_node_attributes_without_missing_values(G):
    assert G.nodes["a"] == {
        "name": "가나", "federation": "서울", "sido_code": "11", "sido": "서울특별시", "sigungu_code": "11110",
        "sigungu": "종로구", "industry": "25", "employees": 10, "lat": 37.57,
    }
    assert "employees" not in G.nodes["c"]  # pd.NA left out
    assert "name" not in G.nodes["g"] and "lat" not in G.nodes["g"]  # None and NaN left out
    assert "source_row" not in G.nodes["a"] and "member_id" not in G.nodes["a"]
    assert type(G.nodes["a"]["employees"]) is int
    assert type(G.nodes["a"]["lat"]) is float


def test_build_graph_edge_attributes(G):
    assert G.edges["a", "b"] == {"kind": "공동구매", "started": datetime.datetime(2024, 1, 5), "weight": 1.0}
    assert G.edges["c", "d"] == {"kind": "공동R&D", "weight": 3.0}  # NaT left out
    assert G.edges["a", "c"] == {"started": datetime.datetime(2022, 7, 10), "weight": 1.0}
    assert G.edges["b", "a"] == G.edges["a", "b"]  # undirected
    assert G.edges["a", "b"]["started"] == pd.Timestamp("2024-01-05")


def test_build_graph_skips_unknown_missing_and_self_partnerships(members):
    p = pd.DataFrame({"source_id": ["a", "a", "zz", None, "b"], "target_id": ["b", "a", "c", "c", "yy"]})
    G = graph.build_graph(members, p)
    assert list(G.edges) == [("a", "b")]
    assert G.number_of_nodes() == 7


def test_build_graph_weight_defaults_to_one(members):
    p = pd.DataFrame({"source_id": ["a", "c"], "target_id": ["b", "d"], "weight": [np.nan, 2.5]})
    G = graph.build_graph(members, p)
    assert list(G.edges(data="weight")) == [("a", "b", 1.0), ("c", "d", 2.5)]
    G = graph.build_graph(members, p.drop(columns="weight"))
    assert list(G.edges(data=True)) == [("a", "b", {"weight": 1.0}), ("c", "d", {"weight": 1.0})]


def test_build_graph_without_partnerships(members):
    G = graph.build_graph(members, pd.DataFrame(columns=["source_id", "target_id"]))
    assert G.number_of_nodes() == 7 and G.number_of_edges() == 0


def test_build_graph_members_with_ids_only():
    G = graph.build_graph(pd.DataFrame({"member_id": [1, 2, 3]}),
                          pd.DataFrame({"source_id": [1, 2], "target_id": ["2", 3]}))
    assert list(G.nodes(data=True)) == [("1", {}), ("2", {}), ("3", {})]  # ids are text
    assert list(G.edges) == [("1", "2"), ("2", "3")]


def test_build_graph_empty_members():
    G = graph.build_graph(pd.DataFrame(columns=["member_id"]), pd.DataFrame(columns=["source_id", "target_id"]))
    assert G.number_of_nodes() == 0


def test_build_graph_does_not_change_inputs(members, partnerships):
    m, p = members.copy(deep=True), partnerships.copy(deep=True)
    graph.build_graph(members, partnerships)
    pd.testing.assert_frame_equal(members, m)
    pd.testing.assert_frame_equal(partnerships, p)


def test_build_graph_returns_independent_graphs(members, partnerships):
    G1 = graph.build_graph(members, partnerships)
    G1.nodes["a"]["name"] = "changed"
    G2 = graph.build_graph(members, partnerships)
    assert G2.nodes["a"]["name"] == "가나"


@pytest.mark.parametrize(("table", "column"), [("members", "member_id"), ("partnerships", "source_id"),
                                               ("partnerships", "target_id")])
def test_build_graph_missing_column_raises(members, partnerships, table, column):
    tables = {"members": members, "partnerships": partnerships}
    tables[table] = tables[table].drop(columns=column)
    with pytest.raises(ValueError, match=rf"{table} has no column \['{column}'\]"):
        graph.build_graph(tables["members"], tables["partnerships"])


@pytest.mark.parametrize("ids", [["a", "a", "b"], ["a", None, "b"]])
def test_build_graph_bad_member_ids_raise(ids):
    with pytest.raises(ValueError, match="member_id must be present and unique"):
        graph.build_graph(pd.DataFrame({"member_id": ids}), pd.DataFrame(columns=["source_id", "target_id"]))


# ----------------------------------------------------------------------------
# to_igraph


def test_to_igraph_keeps_node_order_and_weights(G):
    g = graph.to_igraph(G)
    assert g.vs["name"] == list(G.nodes)
    assert not g.is_directed()
    assert g.vcount() == 7 and g.ecount() == 7
    assert sorted(g.vs["name"][i] for i in g.neighbors("c")) == ["a", "b", "d"]
    bridge = g.es[g.get_eid(g.vs.find(name="c").index, g.vs.find(name="d").index)]
    assert bridge["weight"] == 3.0
    assert g.degree() == [d for _, d in G.degree()]


def test_to_igraph_empty_graph():
    g = graph.to_igraph(nx.Graph())
    assert isinstance(g, igraph.Graph) and g.vcount() == 0


@pytest.mark.parametrize("bad", [nx.DiGraph([(1, 2)]), nx.MultiGraph([(1, 2)])])
def test_to_igraph_rejects_directed_and_multigraphs(bad):
    with pytest.raises(TypeError, match="undirected networkx.Graph"):
        graph.to_igraph(bad)


# ----------------------------------------------------------------------------
# region_graph and region_matrix_table


def test_region_graph_sido_counts(G):
    R = graph.region_graph(G, level="sido")
    assert list(R.nodes(data=True)) == [("11", {"name": "서울특별시", "members": 3}),
                                        ("41", {"name": "경기도", "members": 4})]
    assert R.edges["11", "11"] == {"partnerships": 3, "weight": 3.0}  # a-b, b-c, a-c
    assert R.edges["41", "41"] == {"partnerships": 3, "weight": 3.0}  # d-e, e-f, d-f
    assert R.edges["11", "41"] == {"partnerships": 1, "weight": 3.0}  # the bridge
    assert sum(n for _, _, n in R.edges(data="partnerships")) == G.number_of_edges()


def test_region_graph_federation_counts(members, partnerships):
    members = members.assign(federation=["서울", "서울", "경기", "경기", "경기", "경기", "경기"])
    R = graph.region_graph(graph.build_graph(members, partnerships), level="federation")
    assert dict(R.nodes(data="members")) == {"경기": 5, "서울": 2}
    assert dict(R.nodes(data="name")) == {"경기": "경기", "서울": "서울"}
    assert R.edges["서울", "서울"]["partnerships"] == 1  # a-b
    assert R.edges["경기", "경기"]["partnerships"] == 4  # c-d, d-e, e-f, d-f
    assert R.edges["서울", "경기"] == {"partnerships": 2, "weight": 2.0}  # a-c, b-c


def test_region_graph_sigungu_names_include_sido(G):
    R = graph.region_graph(G, level="sigungu")
    assert list(R.nodes) == ["11110", "11140", "41111", "41117"]
    assert R.nodes["41117"] == {"name": "경기도 수원시 영통구", "members": 2}
    assert R.edges["11110", "11140"]["partnerships"] == 2  # a-c, b-c
    assert R.edges["11110", "11110"]["partnerships"] == 1  # a-b
    assert not R.has_edge("11140", "11140")


def test_region_graph_leaves_out_unknown_regions(members, partnerships):
    members = members.assign(sido_code=["11", "11", None, "41", "41", "41", "41"])
    R = graph.region_graph(graph.build_graph(members, partnerships))
    assert dict(R.nodes(data="members")) == {"11": 2, "41": 4}
    assert R.edges["11", "11"]["partnerships"] == 1  # only a-b: c's region is unknown
    assert not R.has_edge("11", "41")


def test_region_graph_without_regions():
    R = graph.region_graph(nx.Graph([("a", "b")]))
    assert R.number_of_nodes() == 0 and R.number_of_edges() == 0


def test_region_graph_does_not_change_G(G):
    before = _snapshot(G)
    graph.region_graph(G)
    graph.region_matrix_table(G, level="federation")
    assert _snapshot(G) == before


def test_region_matrix_table_counts(G):
    df = graph.region_matrix_table(G)
    assert list(df.index) == list(df.columns) == ["서울특별시", "경기도"]
    assert df.values.tolist() == [[3, 1], [1, 3]]
    assert df.index.name == "sido"
    assert (df.dtypes == np.int64).all()


def test_region_matrix_table_weights(G):
    df = graph.region_matrix_table(G, value="weight")
    assert df.values.tolist() == [[3.0, 3.0], [3.0, 3.0]]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"level": "dong"}, r"level was 'dong' but is expected to be in \['sido', 'sigungu', 'federation'\]"),
    ({"value": "count"}, r"value was 'count' but is expected to be in \['partnerships', 'weight'\]"),
])
def test_region_matrix_table_bad_options(G, kwargs, message):
    with pytest.raises(ValueError, match=message):
        graph.region_matrix_table(G, **kwargs)


def test_region_graph_bad_level(G):
    with pytest.raises(ValueError, match="level was 'gu'"):
        graph.region_graph(G, level="gu")
