"""Tests for the network measures of network.analysis: member metrics, region summaries, brokers.

Hand-built graphs with hand-worked answers, checked against networkx where networkx is the
reference (betweenness, PageRank, modularity); then the bundled 7,000-member sample once.

The main graph (``bridge``)::

    서울 (11)          경기 (41)
    a ─ b              e ─ f
     \\ /               \\ /
      c ──────────────── d          z (isolated, 경기)

Two triangles joined by the bridge ``c - d``.  Betweenness of ``c`` and ``d``: the 2 × 3
pairs between ``{a, b}`` and ``{d, e, f}`` (resp. ``{a, b, c}`` and ``{e, f}``) over the
6 · 5 / 2 = 15 pairs of other members = 0.4; everyone else 0.
"""

from __future__ import annotations

import random
from pathlib import Path

import igraph
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from network import analysis, graph
from network.dataset import load_dataset

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"


def _bridge_graph(*, bridge_weight: float = 1.0) -> nx.Graph:
    G = nx.Graph()
    attrs = {  # name, federation, sido_code, sido, sigungu, industry
        "a": ("A사", "서울", "11", "서울특별시", "종로구", "25"),
        "b": ("B사", "서울", "11", "서울특별시", "종로구", "26"),
        "c": ("C사", "경기", "11", "서울특별시", "중구", "25"),
        "d": ("D사", "경기", "41", "경기도", "수원시 영통구", "25"),
        "e": ("E사", "경기", None, None, None, "26"),
        "f": ("F사", "경기", "41", "경기도", "수원시 장안구", "25111"),
        "z": ("Z사", "경기", "41", "경기도", "수원시 장안구", "25"),
    }
    for node, (name, federation, sido_code, sido, sigungu, industry) in attrs.items():
        data = {"name": name, "federation": federation, "sido_code": sido_code, "sido": sido,
                "sigungu": sigungu, "industry": industry}
        G.add_node(node, **{k: v for k, v in data.items() if v is not None})
    G.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")], weight=1.0)
    G.add_edge("c", "d", weight=bridge_weight)
    return G


@pytest.fixture
def bridge() -> nx.Graph:
    return _bridge_graph()


@pytest.fixture
def metrics(bridge) -> pd.DataFrame:
    return analysis.member_metrics_table(bridge)


def _by_id(df: pd.DataFrame, column: str) -> dict:
    return dict(zip(df["member_id"], df[column]))


def _snapshot(G: nx.Graph) -> tuple:
    return list(G.nodes(data=True)), list(G.edges(data=True)), dict(G.graph)


def _small_graphs() -> dict[str, nx.Graph]:
    star = nx.star_graph(["h", "1", "2", "3", "4"])  # hub h
    random_graph = nx.gnm_random_graph(40, 70, seed=3)
    nx.set_edge_attributes(random_graph, {e: 1.0 + (i % 3) for i, e in enumerate(random_graph.edges)}, "weight")
    return {"p3": nx.path_graph(["a", "b", "c"]), "star": star, "bridge": _bridge_graph(bridge_weight=3.0),
            "random": random_graph}


SMALL = _small_graphs()


# ----------------------------------------------------------------------------
# member_metrics_table: hand-worked numbers


def test_metrics_columns_and_order(metrics, bridge):
    assert list(metrics.columns) == list(analysis.METRIC_COLUMNS)
    assert metrics["member_id"].tolist() == list(bridge.nodes)
    assert metrics.loc[4, ["name", "federation", "sido", "sigungu", "industry"]].tolist() == [
        "E사", "경기", None, None, "26"]


def test_metrics_p3():
    df = analysis.member_metrics_table(nx.path_graph(["a", "b", "c"]))
    assert df["degree"].tolist() == [1, 2, 1]
    assert df["betweenness"].tolist() == [0.0, 1.0, 0.0]
    assert df["isolated"].tolist() == [False, False, False]


def test_metrics_star():
    df = analysis.member_metrics_table(nx.star_graph(["h", "1", "2", "3", "4"]))
    assert _by_id(df, "degree") == {"h": 4, "1": 1, "2": 1, "3": 1, "4": 1}
    assert _by_id(df, "betweenness") == {"h": 1.0, "1": 0.0, "2": 0.0, "3": 0.0, "4": 0.0}  # 6 of 6 pairs


def test_metrics_bridge_degrees_and_betweenness(metrics):
    assert _by_id(metrics, "degree") == {"a": 2, "b": 2, "c": 3, "d": 3, "e": 2, "f": 2, "z": 0}
    assert _by_id(metrics, "betweenness") == pytest.approx(
        {"a": 0, "b": 0, "c": 0.4, "d": 0.4, "e": 0, "f": 0, "z": 0}, abs=1e-12)


def test_metrics_weighted_degree():
    df = analysis.member_metrics_table(_bridge_graph(bridge_weight=3.0))
    assert _by_id(df, "weighted_degree") == {"a": 2.0, "b": 2.0, "c": 5.0, "d": 5.0, "e": 2.0, "f": 2.0, "z": 0.0}


def test_metrics_isolated_flag(metrics):
    assert metrics.loc[metrics["isolated"], "member_id"].tolist() == ["z"]


def test_metrics_partner_regions_count_distinct_sido(metrics):
    # c: a, b (11), d (41) -> 2; d: c (11), e (unknown, not counted), f (41) -> 2; e: d, f (41) -> 1
    assert _by_id(metrics, "partner_regions") == {"a": 1, "b": 1, "c": 2, "d": 2, "e": 1, "f": 1, "z": 0}


def test_metrics_partner_industries_count_ksic_divisions(metrics):
    # e: d (25), f (25111, division 25) -> 1; d: c (25), e (26), f (25) -> 2; b: a (25), c (25) -> 1
    assert _by_id(metrics, "partner_industries") == {"a": 2, "b": 1, "c": 2, "d": 2, "e": 1, "f": 2, "z": 0}
    star = nx.star_graph(["h", "1", "2", "3"])
    nx.set_node_attributes(star, {"1": "10", "2": "25", "3": "10"}, "industry")
    assert _by_id(analysis.member_metrics_table(star), "partner_industries") == {"h": 2, "1": 0, "2": 0, "3": 0}


def test_metrics_communities_split_the_triangles(metrics):
    labels = _by_id(metrics, "community")
    assert labels["a"] == labels["b"] == labels["c"] == 0  # equal sizes: the first member's community first
    assert labels["d"] == labels["e"] == labels["f"] == 1
    assert labels["z"] == -1
    assert metrics.attrs["communities"] == 2
    # by hand: 2 * (3/7 - (7/14)**2) = 5/14
    assert metrics.attrs["modularity"] == pytest.approx(5 / 14)


def test_metrics_modularity_matches_networkx():
    G = SMALL["random"]
    df = analysis.member_metrics_table(G)
    connected = df[~df["isolated"]]
    communities = [set(group["member_id"]) for _, group in connected.groupby("community")]
    communities += [{n} for n in df.loc[df["isolated"], "member_id"]]
    assert df.attrs["modularity"] == pytest.approx(nx.community.modularity(G, communities, weight="weight"))
    assert df.attrs["modularity"] > 0.3


@pytest.mark.parametrize("name", list(SMALL))
def test_metrics_betweenness_matches_networkx(name):
    G = SMALL[name]
    df = analysis.member_metrics_table(G)
    expected = nx.betweenness_centrality(G, normalized=True)
    assert _by_id(df, "betweenness") == pytest.approx(expected, abs=1e-12)
    assert df.attrs["betweenness_sampled"] is False
    assert df.attrs["betweenness_samples"] is None


@pytest.mark.parametrize("name", list(SMALL))
def test_metrics_pagerank_matches_networkx(name):
    G = SMALL[name]
    df = analysis.member_metrics_table(G)
    assert _by_id(df, "pagerank") == pytest.approx(nx.pagerank(G, weight="weight", tol=1e-10, max_iter=10_000), abs=1e-6)
    assert df["pagerank"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize("name", list(SMALL))
def test_metrics_degrees_match_networkx(name):
    G = SMALL[name]
    df = analysis.member_metrics_table(G)
    assert _by_id(df, "degree") == dict(G.degree())
    assert _by_id(df, "weighted_degree") == pytest.approx(dict(G.degree(weight="weight")))


# ----------------------------------------------------------------------------
# member_metrics_table: sampled betweenness, seeds, global state


def test_sampled_betweenness_matches_networkx_estimate():
    G = SMALL["random"]
    df = analysis.member_metrics_table(G, max_exact_nodes=10, samples=12, seed=7)
    assert df.attrs["betweenness_sampled"] is True
    assert df.attrs["betweenness_samples"] == 12
    expected = nx.betweenness_centrality(G, k=12, seed=7, normalized=True)
    assert _by_id(df, "betweenness") == pytest.approx(expected, abs=1e-12)


def test_sampled_betweenness_on_request():
    df = analysis.member_metrics_table(SMALL["random"], betweenness="sampled", samples=5)
    assert df.attrs["betweenness_sampled"] is True


def test_sampled_betweenness_with_samples_covering_all_members_is_exact(bridge):
    df = analysis.member_metrics_table(bridge, betweenness="sampled", samples=7)
    assert df.attrs["betweenness_sampled"] is False
    assert _by_id(df, "betweenness")["c"] == pytest.approx(0.4)


def test_exact_betweenness_on_request():
    df = analysis.member_metrics_table(SMALL["random"], betweenness="exact", max_exact_nodes=0)
    assert df.attrs["betweenness_sampled"] is False


def test_metrics_same_seed_same_table():
    G = nx.connected_caveman_graph(6, 5)
    first = analysis.member_metrics_table(G, seed=3, betweenness="sampled", samples=10)
    second = analysis.member_metrics_table(G, seed=3, betweenness="sampled", samples=10)
    pd.testing.assert_frame_equal(first, second)
    assert first.attrs == second.attrs
    assert first["community"].nunique() == 6  # the six caves


def test_metrics_leave_igraph_and_random_generators_as_they_were(bridge):
    random.seed(5)
    before = igraph.Graph.Erdos_Renyi(n=30, p=0.2).get_edgelist()
    expected_next = random.random()

    random.seed(5)
    analysis.member_metrics_table(bridge)  # must draw nothing from the global generator
    assert igraph.Graph.Erdos_Renyi(n=30, p=0.2).get_edgelist() == before  # igraph uses `random` again
    assert random.random() == expected_next


def test_metrics_do_not_change_G(bridge):
    before = _snapshot(bridge)
    analysis.member_metrics_table(bridge, betweenness="sampled", samples=3)
    assert _snapshot(bridge) == before


# ----------------------------------------------------------------------------
# member_metrics_table: edge cases and errors


def test_metrics_empty_graph():
    df = analysis.member_metrics_table(nx.Graph())
    assert df.empty
    assert list(df.columns) == list(analysis.METRIC_COLUMNS)
    assert df.attrs["communities"] == 0


def test_metrics_graph_without_edges():
    G = nx.Graph()
    G.add_nodes_from(["a", "b", "c", "d"])
    df = analysis.member_metrics_table(G)
    assert df["community"].tolist() == [-1, -1, -1, -1]
    assert df["isolated"].all()
    assert df["pagerank"].tolist() == pytest.approx([0.25] * 4)
    assert np.isnan(df.attrs["modularity"])
    assert df.attrs["communities"] == 0


def test_metrics_dtypes(metrics):
    assert metrics["degree"].dtype == np.int64
    assert metrics["community"].dtype == np.int64
    assert metrics["partner_regions"].dtype == np.int64
    assert metrics["isolated"].dtype == bool
    assert metrics["betweenness"].dtype == float


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"betweenness": "fast"}, r"betweenness was 'fast' but is expected to be in \['auto', 'exact', 'sampled'\]"),
    ({"samples": 1}, "samples was 1 but is expected to be an integer of at least 2"),
    ({"samples": 2.5}, "samples was 2.5"),
    ({"max_exact_nodes": -1}, "max_exact_nodes was -1"),
])
def test_metrics_bad_options(bridge, kwargs, message):
    with pytest.raises(ValueError, match=message):
        analysis.member_metrics_table(bridge, **kwargs)


@pytest.mark.parametrize("bad", [nx.DiGraph([("a", "b")]), nx.MultiGraph([("a", "b")])])
def test_metrics_reject_directed_and_multigraphs(bad):
    with pytest.raises(TypeError, match="undirected networkx.Graph"):
        analysis.member_metrics_table(bad)


# ----------------------------------------------------------------------------
# top_brokers_table, isolated_members_table


def test_top_brokers_table(metrics):
    top = analysis.top_brokers_table(metrics)
    assert top["member_id"].tolist() == ["c", "d"]  # equal betweenness and degree: by member_id; zeros left out
    assert list(top.columns) == list(metrics.columns)
    assert analysis.top_brokers_table(metrics, n=1)["member_id"].tolist() == ["c"]
    assert analysis.top_brokers_table(metrics, n=0).empty


def test_top_brokers_table_orders_by_betweenness():
    df = analysis.member_metrics_table(nx.path_graph([f"n{i}" for i in range(6)]))
    # P6: n2, n3 lie on 6 of the 10 pairs of others, n1, n4 on 4
    assert analysis.top_brokers_table(df)["member_id"].tolist() == ["n2", "n3", "n1", "n4"]


@pytest.mark.parametrize("n", [-1, 2.5, True])
def test_top_brokers_table_bad_n(metrics, n):
    with pytest.raises(ValueError, match="n was"):
        analysis.top_brokers_table(metrics, n=n)


def test_isolated_members_table(metrics):
    df = analysis.isolated_members_table(metrics)
    assert df.values.tolist() == [["z", "Z사", "경기", "경기도", "수원시 장안구", "25"]]
    assert list(df.columns) == ["member_id", "name", "federation", "sido", "sigungu", "industry"]


def test_isolated_members_table_sorted():
    G = nx.Graph()
    G.add_nodes_from([("x", {"name": "나", "federation": "서울"}), ("y", {"name": "가", "federation": "경기"}),
                      ("w", {"name": "가", "federation": "서울"})])
    df = analysis.isolated_members_table(analysis.member_metrics_table(G))
    assert df["member_id"].tolist() == ["y", "w", "x"]


@pytest.mark.parametrize("func", [analysis.top_brokers_table, analysis.isolated_members_table])
def test_helpers_need_metrics_columns(func):
    with pytest.raises(ValueError, match="metrics has no column"):
        func(pd.DataFrame({"member_id": ["a"]}))


def test_helpers_do_not_change_metrics(metrics):
    before = metrics.copy(deep=True)
    analysis.top_brokers_table(metrics)
    analysis.isolated_members_table(metrics)
    pd.testing.assert_frame_equal(metrics, before)


# ----------------------------------------------------------------------------
# region_summary_table


def test_region_summary_sido_by_hand(bridge, metrics):
    df = analysis.region_summary_table(bridge, metrics=metrics)
    assert list(df.columns) == ["sido_code", "sido", "members", "partnerships_inside", "partnerships_outside",
                                "density", "isolated_share", "top_brokers"]
    # 11: a, b, c -> inside a-b, b-c, a-c; outside c-d; 3 of 3 pairs; broker c
    # 41: d, f, z (e's region is unknown) -> inside d-f; outside c-d, d-e, e-f; 1 of 3 pairs; z isolated
    assert df.values.tolist() == [
        ["11", "서울특별시", 3, 3, 1, 1.0, 0.0, "C사"],
        ["41", "경기도", 3, 1, 3, pytest.approx(1 / 3), pytest.approx(1 / 3), "D사"],
    ]


def test_region_summary_federation_by_hand(bridge, metrics):
    df = analysis.region_summary_table(bridge, level="federation", metrics=metrics)
    # 경기: c, d, e, f, z -> inside c-d, d-e, e-f, d-f (4 of 10 pairs); outside a-c, b-c; z isolated
    # 서울: a, b -> inside a-b; outside a-c, b-c; no broker
    assert df.values.tolist() == [
        ["경기", 5, 4, 2, 0.4, 0.2, "C사; D사"],
        ["서울", 2, 1, 2, 1.0, 0.0, ""],
    ]


def test_region_summary_sigungu_codes():
    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "11110", "b": "11110", "c": "11140"}, "sigungu_code")
    nx.set_node_attributes(G, {"a": "종로구", "b": "종로구", "c": "중구"}, "sigungu")
    nx.set_node_attributes(G, {"a": "11", "b": "11", "c": "11"}, "sido_code")
    nx.set_node_attributes(G, "서울특별시", "sido")
    df = analysis.region_summary_table(G, level="sigungu")
    assert list(df.columns[:4]) == ["sido_code", "sido", "sigungu_code", "sigungu"]
    assert df[["sigungu_code", "sigungu", "members", "partnerships_inside", "partnerships_outside"]].values.tolist() == [
        ["11110", "종로구", 2, 1, 1], ["11140", "중구", 1, 0, 1]]
    assert np.isnan(df.loc[1, "density"])
    assert df["top_brokers"].tolist() == ["b", ""]  # no name: the member_id


def test_region_summary_keeps_three_brokers():
    G = nx.path_graph([f"n{i}" for i in range(6)])
    nx.set_node_attributes(G, "경기", "federation")
    df = analysis.region_summary_table(G, level="federation")
    assert df.loc[0, "top_brokers"] == "n2; n3; n1"


def test_region_summary_computes_metrics_when_not_given(bridge, metrics):
    pd.testing.assert_frame_equal(analysis.region_summary_table(bridge),
                                  analysis.region_summary_table(bridge, metrics=metrics))


def test_region_summary_does_not_change_inputs(bridge, metrics):
    before, metrics_before = _snapshot(bridge), metrics.copy(deep=True)
    analysis.region_summary_table(bridge, level="federation", metrics=metrics)
    assert _snapshot(bridge) == before
    pd.testing.assert_frame_equal(metrics, metrics_before)


def test_region_summary_without_regions():
    df = analysis.region_summary_table(nx.Graph([("a", "b")]))
    assert df.empty and "top_brokers" in df.columns


def test_region_summary_bad_level(bridge):
    with pytest.raises(ValueError, match=r"level was 'dong' but is expected to be in \['sido', 'sigungu', 'federation'\]"):
        analysis.region_summary_table(bridge, level="dong")


def test_region_summary_bad_metrics(bridge):
    with pytest.raises(ValueError, match=r"metrics has no column \['betweenness'\]"):
        analysis.region_summary_table(bridge, metrics=pd.DataFrame({"member_id": ["a"]}))


# ----------------------------------------------------------------------------
# the bundled 7,000-member sample


@pytest.fixture(scope="module")
def sample():
    dataset = load_dataset(SAMPLE_DIR)
    G = graph.build_graph(dataset.members, dataset.partnerships)
    return dataset, G, analysis.member_metrics_table(G)


def test_sample_graph(sample):
    dataset, G, _ = sample
    assert G.number_of_nodes() == len(dataset.members) == 7000
    assert G.number_of_edges() == len(dataset.partnerships)


def test_sample_metrics(sample):
    _, G, metrics = sample
    assert len(metrics) == 7000
    assert metrics.attrs["betweenness_sampled"] is False
    assert metrics.attrs["modularity"] > 0.3
    assert metrics["degree"].sum() == 2 * G.number_of_edges()
    assert metrics["pagerank"].sum() == pytest.approx(1.0)
    assert (metrics["community"] == -1).sum() == metrics["isolated"].sum() > 0
    assert metrics["partner_regions"].between(0, 17).all()
    assert 0 < len(analysis.top_brokers_table(metrics)) <= 20


def test_sample_region_summary_adds_up(sample):
    _, G, metrics = sample
    for level in ("sido", "sigungu", "federation"):
        df = analysis.region_summary_table(G, level=level, metrics=metrics)
        assert df["members"].sum() == 7000, level
        # every partnership is inside one region or counted once at each of its two ends
        assert df["partnerships_inside"].sum() + df["partnerships_outside"].sum() / 2 == G.number_of_edges()
    matrix = graph.region_matrix_table(G)
    assert np.trace(matrix.to_numpy()) + np.triu(matrix.to_numpy(), 1).sum() == G.number_of_edges()
