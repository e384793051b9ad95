"""Tests for network.recommend: tiny graphs with hand-worked answers, networkx as the reference, the sample."""

from __future__ import annotations

import math
import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from network import texts
from network.dataset import load_dataset
from network.errors import InsufficientDataError, NotFoundError, OptionError
from network.recommend import (
    DEFAULT_WEIGHTS,
    MIN_HUB_DEGREE,
    SCOPES,
    SIGNALS,
    Options,
    Weights,
    candidate_signals,
    explain,
    filter_table,
    haversine_km,
    iter_recommend_all,
    prepare,
    recommend_all,
    recommend_for_member,
    score_members,
    shared_partners,
    signal_label,
)
from network.texts import particle
from tests.conftest import raises_message

STRUCTURAL = ["common_neighbours", "adamic_adar", "resource_allocation"]
ALL_PAIRS = Options(hub_quantile=None, neighbours=0, scope="all")


# ----------------------------------------------------------------------------
# helpers


def frames(G: nx.Graph, **columns) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Members (``member_id = str(node)``, a name per node) and partnerships of ``G``."""
    df_members = pd.DataFrame({"member_id": [str(v) for v in G.nodes], "name": [f"회사{v}" for v in G.nodes],
                               **columns})
    edges = list(G.edges)
    df_partnerships = pd.DataFrame({"source_id": pd.Series([str(u) for u, _ in edges], dtype=object),
                                    "target_id": pd.Series([str(v) for _, v in edges], dtype=object)})
    return df_members, df_partnerships


def engine_of(G: nx.Graph, **columns):
    return prepare(*frames(G, **columns))


def all_candidates(engine, options: Options = ALL_PAIRS) -> pd.DataFrame:
    return candidate_signals(engine, np.arange(engine.n), options)


def pairs_of(engine, table: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(engine.ids[table["row"].to_numpy()].tolist(), engine.ids[table["col"].to_numpy()].tolist()))


def distance_two_pairs(G: nx.Graph) -> set[tuple[str, str]]:
    """Ordered pairs of distinct, non-adjacent nodes with at least one common neighbour."""
    out = set()
    for u in G:
        for w in G[u]:
            for v in G[w]:
                if v != u and not G.has_edge(u, v):
                    out.add((str(u), str(v)))
    return out


def k5_minus_edge() -> nx.Graph:
    G = nx.complete_graph(5)
    G.remove_edge(0, 1)
    return G


def bowtie() -> nx.Graph:
    """Two triangles sharing node 2."""
    return nx.Graph([(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (2, 4)])


def with_isolated() -> nx.Graph:
    G = nx.path_graph(4)
    G.add_nodes_from([10, 11, 12])
    G.add_edge(20, 21)
    return G


GRAPHS = {
    "K5 minus an edge": k5_minus_edge,
    "P4": lambda: nx.path_graph(4),
    "star": lambda: nx.star_graph(5),
    "two triangles sharing a node": bowtie,
    "G(60, 0.1)": lambda: nx.gnp_random_graph(60, 0.1, seed=7),
    "isolated nodes": with_isolated,
    "K5": lambda: nx.complete_graph(5),
}


def partner_sets(df_partnerships: pd.DataFrame) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s, t in zip(df_partnerships["source_id"], df_partnerships["target_id"]):
        if s != t:
            out.setdefault(s, set()).add(t)
            out.setdefault(t, set()).add(s)
    return out


def tag_set(cell) -> set[str]:
    return {t.strip() for t in cell.split(";") if t.strip()} if isinstance(cell, str) else set()


# ----------------------------------------------------------------------------
# the sample (loaded once)


@pytest.fixture(scope="module")
def sample():
    return load_dataset("data/sample")


@pytest.fixture(scope="module")
def df_members(sample) -> pd.DataFrame:
    return sample.members


@pytest.fixture(scope="module")
def df_partnerships(sample) -> pd.DataFrame:
    return sample.partnerships


@pytest.fixture(scope="module")
def engine(df_members, df_partnerships):
    return prepare(df_members, df_partnerships)


@pytest.fixture(scope="module")
def partners(df_partnerships) -> dict[str, set[str]]:
    return partner_sets(df_partnerships)


@pytest.fixture(scope="module")
def some_ids(df_members) -> list[str]:
    return df_members["member_id"].sample(300, random_state=1).tolist()


@pytest.fixture(scope="module")
def table_all(engine) -> pd.DataFrame:
    """Default recommendations for every member of the sample."""
    return recommend_all(engine)


@pytest.fixture(scope="module")
def table_part(table_all) -> pd.DataFrame:
    """The default suggestions of the first 1,500 members by id (for the slower per-row checks)."""
    first = np.sort(table_all["member_id"].unique())[:1500]
    return table_all[table_all["member_id"].isin(first)].reset_index(drop=True)


@pytest.fixture(scope="module")
def hub_neighbour_table(engine) -> pd.DataFrame:
    """Suggestions (hubs allowed as shared partners) for partners of hubs, so hubs show up in reasons."""
    degree = engine.degree
    cap = max(float(np.quantile(degree, 0.999)), MIN_HUB_DEGREE)
    hubs = np.flatnonzero(degree > cap)
    assert len(hubs) > 0
    around = np.unique(np.concatenate([engine.A[h].indices for h in hubs]))
    ids = engine.ids[around][:300].tolist()
    return recommend_all(engine, member_ids=ids, options=Options(hub_quantile=None))


# ----------------------------------------------------------------------------
# structural signals equal networkx's


@pytest.mark.parametrize("name", list(GRAPHS))
def test_structural_signals_match_networkx(name):
    G = GRAPHS[name]()
    engine = engine_of(G)
    pairs = all_candidates(engine)
    ebunch = [(int(engine.ids[r]), int(engine.ids[c])) for r, c in zip(pairs["row"], pairs["col"])]
    aa = {(u, v): p for u, v, p in nx.adamic_adar_index(G, list(ebunch))}
    ra = {(u, v): p for u, v, p in nx.resource_allocation_index(G, list(ebunch))}
    cn = {(u, v): len(list(nx.common_neighbors(G, u, v))) for u, v in ebunch}
    assert len(aa) == len(ra) == len(ebunch)
    for (u, v), got_aa, got_ra, got_cn in zip(ebunch, pairs["adamic_adar"], pairs["resource_allocation"],
                                               pairs["common_neighbours"]):
        assert got_aa == pytest.approx(aa[u, v], rel=1e-12), (u, v)
        assert got_ra == pytest.approx(ra[u, v], rel=1e-12), (u, v)
        assert got_cn == cn[u, v], (u, v)


@pytest.mark.parametrize("name", list(GRAPHS))
def test_candidates_are_exactly_the_distance_two_pairs(name):
    G = GRAPHS[name]()
    engine = engine_of(G)
    pairs = all_candidates(engine)
    found = pairs_of(engine, pairs)
    assert distance_two_pairs(G) <= found
    for u, v in found:
        assert u != v
        assert not G.has_edge(int(u), int(v))
    # without groups or coordinates, shared partners are the only source of candidates
    assert found == distance_two_pairs(G)
    assert len(found) == len(pairs)  # no pair twice


def test_k5_minus_an_edge_by_hand():
    engine = engine_of(k5_minus_edge())
    pairs = all_candidates(engine)
    assert sorted(pairs_of(engine, pairs)) == [("0", "1"), ("1", "0")]
    # shared partners 2, 3, 4, each with 4 partners
    assert pairs["common_neighbours"].tolist() == [3.0, 3.0]
    assert pairs["adamic_adar"].tolist() == pytest.approx([3 / math.log(4)] * 2, rel=1e-12)
    assert pairs["resource_allocation"].tolist() == pytest.approx([0.75, 0.75], rel=1e-12)


def test_p4_by_hand():
    engine = engine_of(nx.path_graph(4))
    pairs = all_candidates(engine).sort_values(["row", "col"])
    assert sorted(pairs_of(engine, pairs)) == [("0", "2"), ("1", "3"), ("2", "0"), ("3", "1")]
    assert pairs["adamic_adar"].tolist() == pytest.approx([1 / math.log(2)] * 4, rel=1e-12)
    assert pairs["resource_allocation"].tolist() == pytest.approx([0.5] * 4, rel=1e-12)


def test_star_by_hand():
    engine = engine_of(nx.star_graph(4))  # centre 0, leaves 1-4
    pairs = all_candidates(engine)
    assert len(pairs) == 4 * 3
    assert set(pairs["row"]) == {1, 2, 3, 4}
    assert pairs["common_neighbours"].tolist() == [1.0] * 12
    assert pairs["adamic_adar"].tolist() == pytest.approx([1 / math.log(4)] * 12, rel=1e-12)
    assert pairs["resource_allocation"].tolist() == pytest.approx([0.25] * 12, rel=1e-12)


def test_isolated_members_get_no_structural_candidates():
    engine = engine_of(with_isolated())
    pairs = candidate_signals(engine, [engine.position("10"), engine.position("20")], ALL_PAIRS)
    assert pairs.empty
    assert recommend_for_member(engine, "11", options=Options(hub_quantile=None)).empty


def test_candidate_signals_of_no_rows_is_empty():
    engine = engine_of(nx.path_graph(3))
    pairs = candidate_signals(engine, np.array([], dtype=np.int64), ALL_PAIRS)
    assert pairs.empty
    assert {"row", "col", "km", *SIGNALS} <= set(pairs.columns)


def test_shared_partners_lowest_degree_first():
    # 0 and 1 share 2 (degree 3) and 3 (degree 2)
    G = nx.Graph([(0, 2), (1, 2), (2, 4), (0, 3), (1, 3)])
    engine = engine_of(G)
    assert engine.ids[shared_partners(engine, engine.position("0"), engine.position("1"))].tolist() == ["3", "2"]
    assert len(shared_partners(engine, engine.position("4"), engine.position("3"))) == 0


# ----------------------------------------------------------------------------
# never the member itself, never an existing partner


def tiny_attributed(G: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``G`` with everyone in one 교류회, federation and 시도, a few km apart."""
    n = G.number_of_nodes()
    return frames(G, group=["서울01교류회"] * n, federation=["서울"] * n, sido_code=["11"] * n,
                  lat=[37.50 + 0.01 * k for k in range(n)], lon=[127.00] * n)


@pytest.mark.parametrize("scope", SCOPES)
def test_tiny_graph_never_recommends_self_or_partners(scope):
    engine = prepare(*tiny_attributed(k5_minus_edge()))
    table = recommend_all(engine, options=Options(scope=scope))
    # every other pair is already linked: only 0 ↔ 1 is left
    assert list(zip(table["member_id"], table["candidate_id"])) == [("0", "1"), ("1", "0")]


@pytest.mark.parametrize("scope", SCOPES)
def test_sample_never_recommends_self_or_partners(engine, partners, some_ids, scope):
    table = recommend_all(engine, member_ids=some_ids, options=Options(scope=scope))
    assert len(table) > 0
    assert set(table["member_id"]) <= set(some_ids)
    for member, candidate in zip(table["member_id"], table["candidate_id"]):
        assert member != candidate
        assert candidate not in partners.get(member, set())


def test_sample_all_members_never_self_or_partners(table_all, partners):
    pairs = pd.Series(list(zip(table_all["member_id"], table_all["candidate_id"])))
    assert not (table_all["member_id"] == table_all["candidate_id"]).any()
    linked = pairs.map(lambda mc: mc[1] in partners.get(mc[0], set()))
    assert not linked.any()


# ----------------------------------------------------------------------------
# determinism and ties


def test_same_inputs_give_identical_tables(df_members, df_partnerships, some_ids):
    first = recommend_all(prepare(df_members, df_partnerships), member_ids=some_ids)
    second = recommend_all(prepare(df_members.copy(), df_partnerships.copy()), member_ids=some_ids)
    pd.testing.assert_frame_equal(first, second)


def test_same_inputs_give_identical_tables_tiny():
    G = nx.gnp_random_graph(40, 0.12, seed=3)
    first = recommend_all(engine_of(G), options=Options(hub_quantile=None))
    second = recommend_all(engine_of(G), options=Options(hub_quantile=None))
    pd.testing.assert_frame_equal(first, second)
    assert len(first) > 0


def test_ties_are_broken_by_candidate_id():
    # x - h, and h - d, b, c: three candidates of x with one shared partner each; the
    # members table is not in id order, so the order must come from the ids
    df_m = pd.DataFrame({"member_id": ["x", "h", "d", "b", "c"], "name": ["엑스", "허브", "디", "비", "씨"]})
    df_p = pd.DataFrame({"source_id": ["x", "h", "h", "h"], "target_id": ["h", "d", "b", "c"]})
    engine = prepare(df_m, df_p)
    table = recommend_for_member(engine, "x", weights=Weights.only("common_neighbours"),
                                 options=Options(hub_quantile=None))
    assert table["candidate_id"].tolist() == ["b", "c", "d"]
    assert table["rank"].tolist() == [1, 2, 3]
    assert table["score"].tolist() == [1.0, 1.0, 1.0]
    top2 = recommend_for_member(engine, "x", weights=Weights.only("common_neighbours"),
                                options=Options(hub_quantile=None, top=2))
    assert top2["candidate_id"].tolist() == ["b", "c"]


def test_ties_survive_float_noise():
    # a (and f1-f4) share six partners of degree 6 with x: RA = 6 × 1/6 = 0.9999999999999999 in floats;
    # b shares two partners of degree 2: RA = 1/2 + 1/2 = 1.0 exactly. Equal scores: order by id.
    ws = [f"w{k}" for k in range(1, 7)]
    fs = [f"f{k}" for k in range(1, 5)]
    edges = ([("x", w) for w in ws] + [("a", w) for w in ws] + [(f, w) for f in fs for w in ws]
             + [("x", "v1"), ("x", "v2"), ("b", "v1"), ("b", "v2")])
    df_m = pd.DataFrame({"member_id": ["x", "b", "a", *ws, *fs, "v1", "v2"]})
    df_p = pd.DataFrame(edges, columns=["source_id", "target_id"])
    table = recommend_for_member(prepare(df_m, df_p), "x", weights=Weights.only("resource_allocation"),
                                 options=Options(hub_quantile=None))
    assert table["candidate_id"].tolist() == ["a", "b", "f1", "f2", "f3", "f4"]
    assert table["score"].tolist() == pytest.approx([1.0] * 6, rel=1e-12)


def test_score_members_ranks_by_score():
    # a - b, a - c, b - d, c - d: d shares b and c with a
    df_m = pd.DataFrame({"member_id": list("abcde")})
    df_p = pd.DataFrame({"source_id": ["a", "a", "b", "c", "d"], "target_id": ["b", "c", "d", "d", "e"]})
    engine = prepare(df_m, df_p)
    top = score_members(engine, [engine.position("b")], weights=Weights.only("common_neighbours"),
                        options=Options(hub_quantile=None))
    # b's partners a, d; distance 2: c (via a and d) 2, e (via d) 1
    assert engine.ids[top["col"]].tolist() == ["c", "e"]
    assert top["score"].tolist() == [2.0, 1.0]
    assert top["rank"].tolist() == [1, 2]


# ----------------------------------------------------------------------------
# scope and distance


SCOPE_COLUMNS = {"group": ["federation", "group"], "federation": ["federation"], "sido": ["sido_code"]}


@pytest.mark.parametrize("scope", ["group", "federation", "sido"])
def test_every_suggestion_is_in_scope(engine, df_members, some_ids, scope):
    table = recommend_all(engine, member_ids=some_ids, options=Options(scope=scope))
    assert len(table) > 0
    by_id = df_members.set_index("member_id")
    for column in SCOPE_COLUMNS[scope]:
        mine = by_id.loc[table["member_id"], column].to_numpy()
        theirs = by_id.loc[table["candidate_id"], column].to_numpy()
        assert (mine == theirs).all(), column


def test_scope_all_reaches_across_federations(engine, df_members, some_ids):
    rows = np.array([engine.position(m) for m in some_ids[:100]])
    federation = df_members.set_index("member_id")["federation"]
    counts = {}
    for scope in ("all", "federation"):
        pairs = candidate_signals(engine, rows, Options(scope=scope))
        crossing = (federation.loc[engine.ids[pairs["row"]]].to_numpy()
                    != federation.loc[engine.ids[pairs["col"]]].to_numpy())
        counts[scope] = int(crossing.sum())
    assert counts == {"all": counts["all"], "federation": 0}
    assert counts["all"] > 0


@pytest.mark.parametrize("max_km", [3.0, 15.0])
def test_every_suggestion_is_within_max_km(engine, df_members, some_ids, max_km):
    table = recommend_all(engine, member_ids=some_ids, options=Options(max_km=max_km))
    assert len(table) > 0
    by_id = df_members.set_index("member_id")
    a = by_id.loc[table["member_id"], ["lat", "lon"]].to_numpy()
    b = by_id.loc[table["candidate_id"], ["lat", "lon"]].to_numpy()
    km = haversine_km(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    assert (km <= max_km + 1e-9).all()
    assert np.allclose(table["km"], np.round(km, 1), atol=0.051)


def test_group_scope_keys_groups_by_federation():
    # the same 교류회 name in two federations is two different groups
    df_m = pd.DataFrame({"member_id": list("abc"), "group": ["1교류회"] * 3, "federation": ["서울", "서울", "경기"],
                         "lat": [37.50, 37.51, 37.52], "lon": [127.0] * 3})
    engine = prepare(df_m, pd.DataFrame({"source_id": [], "target_id": []}))
    pairs = candidate_signals(engine, [0], Options(scope="group"))
    assert engine.ids[pairs["col"]].tolist() == ["b"]
    everyone = candidate_signals(engine, [0], Options(scope="all")).set_index("col")
    assert everyone.loc[2, "same_group"] == 0.0
    assert everyone.loc[1, "same_group"] == 1.0


def test_haversine_by_hand():
    # one degree of latitude along a meridian is 2πR/360
    assert float(haversine_km(37.0, 127.0, 38.0, 127.0)) == pytest.approx(2 * math.pi * 6371.0088 / 360, rel=1e-12)
    assert float(haversine_km(37.0, 127.0, 37.0, 127.0)) == 0.0
    assert np.isnan(haversine_km(np.nan, 127.0, 37.0, 127.0))


# ----------------------------------------------------------------------------
# reasons


KO_SHARED = re.compile(r"^공통 협력사 (\d+)곳: (.+?)(?: 외 (\d+)곳)?$")
EN_SHARED = re.compile(r"^(\d+) shared partner\(s\): (.+?)(?: and (\d+) more)?$")
KO_TAGS = re.compile(r"^(.+)([이가]) (.+) 제공 → (.+) 필요$")


def check_shared_partner_reasons(table, df_members, partners, *, language="ko"):
    """Every listed name is a real shared partner, N is the true count, hubs are marked by the rule."""
    id_of = dict(zip(df_members["name"], df_members["member_id"]))
    degree = {m: len(p) for m, p in partners.items()}
    all_degrees = np.array([degree.get(m, 0) for m in df_members["member_id"]])
    cap = max(float(np.quantile(all_degrees, 0.999)), MIN_HUB_DEGREE)
    pattern, hub_mark = (KO_SHARED, " (허브)") if language == "ko" else (EN_SHARED, " (hub)")
    checked = hubs_seen = 0
    for member, candidate, reasons, cn in zip(table["member_id"], table["candidate_id"], table["reasons"],
                                              table["common_neighbours"]):
        shared = partners.get(member, set()) & partners.get(candidate, set())
        found = [m for m in (pattern.match(part) for part in reasons.split(" · ")) if m]
        if not shared:
            assert not found, reasons
            continue
        assert len(found) == 1, reasons
        count, listed, more = int(found[0].group(1)), found[0].group(2).split(", "), found[0].group(3)
        assert count == len(shared), reasons
        assert cn <= count
        assert len(listed) == min(3, count)
        assert int(more or 0) == count - len(listed)
        listed_ids = []
        for name in listed:
            marked = name.endswith(hub_mark)
            partner = id_of[name.removesuffix(hub_mark)]
            assert partner in shared, (member, candidate, name)
            assert marked == (degree[partner] > cap), (name, degree[partner], cap)
            hubs_seen += marked
            listed_ids.append(partner)
        # the most selective shared partners (lowest degree, then id) are the ones named
        expected = sorted(shared, key=lambda m: (degree[m], m))[: len(listed)]
        assert listed_ids == expected
        checked += 1
    return checked, hubs_seen


def test_reasons_name_real_shared_partners(table_part, df_members, partners):
    positive = table_part[table_part["common_neighbours"] > 0]
    assert len(positive) > 1000
    checked, _ = check_shared_partner_reasons(table_part, df_members, partners)
    assert checked >= len(positive)


def test_reasons_mark_hubs_only_above_the_cap(hub_neighbour_table, df_members, partners):
    checked, hubs_seen = check_shared_partner_reasons(hub_neighbour_table, df_members, partners)
    assert checked > 0
    assert hubs_seen > 0  # the case is exercised: some reasons do name a hub


def test_reasons_in_english(engine, df_members, partners, some_ids):
    table = recommend_all(engine, member_ids=some_ids[:100], language="en")
    assert len(table) > 0
    text = " ".join(table["reasons"])
    for korean in ("공통 협력사", "점수 구성", "업종 궁합", "제공 →", "같은 교류회", "(허브)", "거리 "):
        assert korean not in text
    assert "shared partner(s)" in text and "score: " in text and "km apart" in text
    checked, _ = check_shared_partner_reasons(table, df_members, partners, language="en")
    assert checked > 0


def test_tag_reasons_only_when_offered_and_needed(table_part, df_members):
    offers = dict(zip(df_members["member_id"], df_members["offers"].map(tag_set)))
    needs = dict(zip(df_members["member_id"], df_members["needs"].map(tag_set)))
    id_of = dict(zip(df_members["name"], df_members["member_id"]))
    seen = 0
    for member, candidate, reasons, tags in zip(table_part["member_id"], table_part["candidate_id"],
                                                table_part["reasons"], table_part["tags"]):
        found = [m for m in (KO_TAGS.match(part) for part in reasons.split(" · ")) if m]
        directions = set()
        for match in found:
            giver, taker = id_of[match.group(1)], id_of[match.group(4)]
            assert {giver, taker} == {member, candidate}, reasons
            assert match.group(2) == particle(match.group(1), "이/가"), reasons  # 이 after a consonant, else 가
            listed = match.group(3).split(", ")
            matched = offers[giver] & needs[taker]
            assert set(listed) <= matched, (reasons, matched)
            assert len(listed) == min(3, len(matched))
            directions.add((giver, taker))
            seen += 1
        # and the other way round: a match in either direction is always stated
        for giver, taker in ((member, candidate), (candidate, member)):
            assert ((giver, taker) in directions) == bool(offers[giver] & needs[taker]), reasons
        assert tags == len(offers[member] & needs[candidate]) + len(offers[candidate] & needs[member])
    assert seen > 0


def test_shares_sum_to_100_for_positive_scores(table_all):
    shares = table_all[[f"share_{name}" for name in SIGNALS]].to_numpy()
    positive = table_all["score"].to_numpy() > 0
    assert positive.all()  # only suggestions with evidence are shown
    sums = shares.sum(axis=1)
    off = np.abs(sums - 100.0) > 0.5
    first = table_all[off].head(1)[["member_id", "candidate_id", "industry", "share_industry"]].to_dict("records")
    assert not off.any(), f"{off.sum()} of {len(sums)} suggestions have shares summing to {sums[off].min()}–" \
                          f"{sums[off].max()} %, e.g. {first}"


def test_shares_by_hand():
    # a's only candidate c: one shared partner b (degree 2) → CN 1, RA 0.5
    df_m = pd.DataFrame({"member_id": list("abc"), "name": ["가", "나", "다"]})
    df_p = pd.DataFrame({"source_id": ["a", "b"], "target_id": ["b", "c"]})
    table = recommend_for_member(prepare(df_m, df_p), "a", weights=Weights(common_neighbours=1.0,
                                                                           resource_allocation=2.0),
                                 options=Options(hub_quantile=None))
    assert table["candidate_id"].tolist() == ["c"]
    assert table["score"].tolist() == [2.0]
    assert table["share_common_neighbours"].tolist() == [50.0]
    assert table["share_resource_allocation"].tolist() == [50.0]
    assert table["reasons"].tolist() == ["공통 협력사 1곳: 나 · 점수 구성: 공통 협력사 수 50%, 공통 협력사(자원 배분) 50%"]


def test_result_columns(table_all):
    expected = (["member_id", "member_name", "rank", "candidate_id", "candidate_name", "score", "reasons"]
                + list(SIGNALS) + ["km"] + [f"share_{name}" for name in SIGNALS])
    assert table_all.columns.tolist() == expected
    assert table_all.groupby("member_id")["rank"].apply(lambda r: r.tolist() == list(range(1, len(r) + 1))).all()


def test_industry_fit_reason_states_the_count_and_the_factor():
    """b (25) and c (26) are not partners; three partnerships join 25 and 26 among four, so the reason says
    3 existing partnerships and lift (3 + 5) / (4 × 2 × 1/3 × 1/3 + 5) = 1.36 → 1.4×."""
    df_m = pd.DataFrame({"member_id": list("abcdef"), "name": ["가", "나", "다", "라", "마", "바"],
                         "industry": ["25", "25", "26", "26", "10", "10"],
                         "lat": [37.50, 37.51, 37.52, 37.53, 37.54, 37.55], "lon": [127.0] * 6})  # all near
    df_p = pd.DataFrame({"source_id": ["a", "b", "a", "e"], "target_id": ["c", "d", "d", "f"]})
    engine = prepare(df_m, df_p)
    table = recommend_for_member(engine, "b", weights=Weights.only("industry"), options=Options(neighbours=5))
    row = table.set_index("candidate_id").loc["c"]
    assert row["industry"] == pytest.approx(math.log(8 / (8 / 9 + 5)))
    assert "업종 궁합: 금속가공제품 ↔ 전자부품·컴퓨터·영상·음향·통신장비 (기존 협력 3건, 우연의 1.4배)" in row["reasons"]
    english = recommend_for_member(engine, "b", weights=Weights.only("industry"), options=Options(neighbours=5),
                                   language="en").set_index("candidate_id").loc["c", "reasons"]
    assert "(3 existing partnerships, 1.4× chance)" in english


def test_explain_tags_particle_follows_the_name():
    df_m = pd.DataFrame({"member_id": ["a", "b"], "name": ["한빛정밀", "(주)다온"], "offers": ["금형", "설계"],
                         "needs": ["설계", "금형"]})
    engine = prepare(df_m, pd.DataFrame({"source_id": [], "target_id": []}))
    signals = pd.DataFrame({"km": [np.nan], "same_group": [0.0], "industry": [0.0]})
    assert explain(engine, np.array([0]), np.array([1]), signals, np.zeros((1, len(SIGNALS)))) == [
        "한빛정밀이 금형 제공 → (주)다온 필요 · (주)다온이 설계 제공 → 한빛정밀 필요"]


def test_explain_tags_by_hand():
    df_m = pd.DataFrame({"member_id": ["a", "b"], "name": ["가나", "다라"], "offers": ["금형;도금", "설계"],
                         "needs": ["설계", "금형"]})
    engine = prepare(df_m, pd.DataFrame({"source_id": [], "target_id": []}))
    signals = pd.DataFrame({"km": [np.nan], "same_group": [0.0], "industry": [0.0]})
    assert explain(engine, np.array([0]), np.array([1]), signals, np.zeros((1, len(SIGNALS)))) == [
        "가나가 금형 제공 → 다라 필요 · 다라가 설계 제공 → 가나 필요"]
    assert explain(engine, np.array([0]), np.array([1]), signals, np.zeros((1, len(SIGNALS))), language="en") == [
        "가나 offers 금형, which 다라 needs · 다라 offers 설계, which 가나 needs"]


# ----------------------------------------------------------------------------
# bad arguments


def test_unknown_member_raises(engine):
    with pytest.raises(NotFoundError, match="NO-SUCH-ID"):
        recommend_for_member(engine, "NO-SUCH-ID")
    with pytest.raises(NotFoundError, match="NO-SUCH-ID"):
        recommend_all(engine, member_ids=["NO-SUCH-ID"])


def test_unknown_member_raises_on_tiny_graph():
    engine = engine_of(nx.path_graph(3))
    with pytest.raises(NotFoundError, match="'3'"):
        recommend_for_member(engine, "3")
    with raises_message(NotFoundError, "Unknown member"):
        engine.position("x")


@pytest.mark.parametrize("df_m", [pd.DataFrame({"member_id": pd.Series([], dtype=object)}), pd.DataFrame(),
                                  pd.DataFrame({"name": ["가"]})], ids=["no rows", "no columns", "no member_id"])
def test_prepare_without_members_raises(df_m):
    with raises_message(InsufficientDataError, "no members"):
        prepare(df_m, pd.DataFrame({"source_id": ["a"], "target_id": ["b"]}))


def test_no_partnerships_still_recommends_by_attributes():
    # a, b, c share a 교류회; d is elsewhere but needs what a offers
    df_m = pd.DataFrame({
        "member_id": list("abcd"), "name": ["가", "나", "다", "라"], "group": ["g1", "g1", "g1", "g2"],
        "federation": ["서울", "서울", "서울", "경기"], "sido_code": ["11", "11", "11", "41"],
        "offers": ["금형", None, None, None], "needs": [None, None, None, "금형"],
        "lat": [37.50, 37.51, 37.52, 37.49], "lon": [127.0, 127.0, 127.0, 127.0],
    })
    df_p = pd.DataFrame({"source_id": pd.Series([], dtype=object), "target_id": pd.Series([], dtype=object)})
    engine = prepare(df_m, df_p)
    assert engine.A.nnz == 0
    table = recommend_for_member(engine, "a")
    assert table["candidate_id"].tolist() == ["b", "c", "d"]
    same = DEFAULT_WEIGHTS.same_group + DEFAULT_WEIGHTS.same_federation
    assert table["score"].tolist() == pytest.approx([same, same, DEFAULT_WEIGHTS.tags], rel=1e-9)
    assert "같은 교류회(g1)" in table["reasons"][0]
    assert "가가 금형 제공 → 라 필요" in table["reasons"][2]
    assert (table["common_neighbours"] == 0).all()
    # and d, in another 교류회, is still offered a by the tags
    assert recommend_for_member(engine, "d")["candidate_id"].tolist() == ["a"]
    assert recommend_for_member(engine, "d", options=Options(scope="federation")).empty


@pytest.mark.parametrize("changes, shown", [
    ({"scope": "x"}, "'x'"), ({"top": 0}, "top was 0"), ({"max_km": -1}, "max_km was -1"),
    ({"max_km": 0}, "max_km was 0"), ({"hub_quantile": 0}, "hub_quantile was 0"),
    ({"hub_quantile": 1.5}, "hub_quantile was 1.5"), ({"diversity_cap": 0}, "diversity_cap was 0"),
])
def test_bad_options_raise(changes, shown):
    with raises_message(OptionError, re.escape(shown)):
        Options(**changes)


def test_bad_signal_raises():
    with pytest.raises(ValueError, match="'nope'"):
        Weights.only("nope")


# ----------------------------------------------------------------------------
# diversity


def test_diversity_cap_is_respected_on_the_sample(engine, table_all):
    capped = recommend_all(engine, options=Options(diversity_cap=5), reasons=False)
    assert capped["candidate_id"].value_counts().max() <= 5
    assert table_all["candidate_id"].value_counts().max() > 5  # the cap does lower the maximum
    assert (capped.groupby("member_id").size() <= 10).all()
    for member, candidate in zip(capped["member_id"], capped["candidate_id"]):
        assert member != candidate


def test_diversity_cap_keeps_full_lists_when_room(engine, table_all):
    capped = recommend_all(engine, options=Options(diversity_cap=20), reasons=False)
    assert capped["candidate_id"].value_counts().max() <= 20
    full = table_all.groupby("member_id").size()
    got = capped.groupby("member_id").size().reindex(full.index, fill_value=0)
    assert (got[full == 10] == 10).all()


def test_diversity_cap_by_hand():
    # 8 members, one 교류회, no partnerships: everyone is a candidate of everyone (same score)
    n = 8
    df_m = pd.DataFrame({"member_id": [f"m{k}" for k in range(n)], "group": ["g"] * n})
    engine = prepare(df_m, pd.DataFrame({"source_id": [], "target_id": []}))
    plain = recommend_all(engine, options=Options(top=3))
    assert plain["candidate_id"].value_counts().to_dict() == {"m0": 7, "m1": 7, "m2": 7, "m3": 3}
    capped = recommend_all(engine, options=Options(top=3, diversity_cap=3))
    assert (capped["candidate_id"].value_counts() == 3).all()
    assert (capped.groupby("member_id").size() == 3).all()
    assert capped.groupby("member_id")["rank"].apply(list).map(lambda r: r == [1, 2, 3]).all()


# ----------------------------------------------------------------------------
# hubs


def test_hub_above_cap_is_not_a_shared_partner():
    engine = engine_of(nx.star_graph(30))  # centre 0 with 30 partners: above MIN_HUB_DEGREE
    leaves = np.arange(1, 31)
    capped = candidate_signals(engine, leaves, Options(neighbours=0, hub_quantile=0.999))
    assert capped.empty or (capped["common_neighbours"] == 0).all()
    assert recommend_for_member(engine, "1").empty
    free = candidate_signals(engine, leaves, Options(neighbours=0, hub_quantile=None))
    assert len(free) == 30 * 29
    assert (free["common_neighbours"] == 1).all()
    assert free["resource_allocation"].to_numpy() == pytest.approx(np.full(30 * 29, 1 / 30), rel=1e-12)


def test_small_star_centre_is_not_a_hub():
    # 10 partners is below MIN_HUB_DEGREE: the centre stays a shared partner even with a quantile
    engine = engine_of(nx.star_graph(10))
    pairs = candidate_signals(engine, np.arange(1, 11), Options(neighbours=0, hub_quantile=0.5))
    assert len(pairs) == 10 * 9
    assert (pairs["common_neighbours"] == 1).all()
    reasons = recommend_for_member(engine, "1", options=Options(hub_quantile=None))["reasons"]
    assert reasons.str.startswith("공통 협력사 1곳: 회사0 ·").all()


def test_hub_is_marked_in_reasons():
    engine = engine_of(nx.star_graph(30))
    table = recommend_for_member(engine, "1", options=Options(hub_quantile=None))
    assert table["candidate_id"].tolist() == ["10", "11", "12", "13", "14", "15", "16", "17", "18", "19"]
    assert table["reasons"].str.startswith("공통 협력사 1곳: 회사0 (허브) ·").all()
    english = recommend_for_member(engine, "1", options=Options(hub_quantile=None), language="en")
    assert english["reasons"].str.startswith("1 shared partner(s): 회사0 (hub) ·").all()


# ----------------------------------------------------------------------------
# filter_table


def test_filter_table_by_hand():
    df_m = pd.DataFrame({"member_id": list("abc"), "federation": ["서울", "경기", "경기"],
                         "sido_code": ["11", "41", "41"], "sido": ["서울특별시", "경기도", "경기도"],
                         "industry": ["10", "26", "261"]})
    table = pd.DataFrame({"member_id": list("aabbc"), "rank": [1, 2, 1, 2, 1], "candidate_id": list("bcaca")})
    assert filter_table(table, df_m, federation="경기")["member_id"].tolist() == ["b", "b", "c"]
    assert filter_table(table, df_m, sido="11")["member_id"].tolist() == ["a", "a"]
    assert filter_table(table, df_m, sido="서울특별시")["member_id"].tolist() == ["a", "a"]
    assert filter_table(table, df_m, industry="26")["member_id"].tolist() == ["b", "b", "c"]
    assert filter_table(table, df_m, federation="경기", industry="10").empty
    pd.testing.assert_frame_equal(filter_table(table, df_m), table)


def test_filter_table_on_the_sample(table_all, df_members):
    by_id = df_members.set_index("member_id")
    seoul = filter_table(table_all, df_members, federation="서울")
    assert len(seoul) > 0
    assert (by_id.loc[seoul["member_id"], "federation"] == "서울").all()
    assert len(seoul) == (by_id.loc[table_all["member_id"], "federation"] == "서울").sum()
    by_code = filter_table(table_all, df_members, sido="11")
    by_name = filter_table(table_all, df_members, sido="서울특별시")
    assert len(by_code) > 0
    pd.testing.assert_frame_equal(by_code, by_name)
    food = filter_table(table_all, df_members, industry="10")
    assert len(food) > 0
    assert by_id.loc[food["member_id"], "industry"].str.startswith("10").all()
    assert len(food) == by_id.loc[table_all["member_id"], "industry"].str.startswith("10").sum()


# ----------------------------------------------------------------------------
# the column-wise machinery gives what the pair-by-pair rules give


def explain_pair_by_pair(engine, rows, cols, signals: pd.DataFrame, share: np.ndarray, language="ko") -> list[str]:
    """The reasons made one pair at a time with texts.t, as explain() describes them (the reference)."""
    hub_cap = max(float(np.quantile(engine.degree, 0.999)), MIN_HUB_DEGREE)
    labels = [signal_label(name, language) for name in SIGNALS]
    km, same_group, industry = (signals[c].to_numpy() for c in ("km", "same_group", "industry"))
    out = []
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist())):
        parts = []
        shared = sorted(set(engine.A[i].indices.tolist()) & set(engine.A[j].indices.tolist()),
                        key=lambda w: (engine.degree[w], engine.ids[w]))
        if shared:
            named = [texts.t("reason.hub", language, name=engine.names[w]) if engine.degree[w] > hub_cap
                     else engine.names[w] for w in shared[:3]]
            more = len(shared) - len(named)
            parts.append(texts.t("reason.shared_partners_more" if more > 0 else "reason.shared_partners", language,
                           count=len(shared), names=", ".join(named), more=more))
        di, dj = engine.division[i], engine.division[j]
        if di >= 0 and dj >= 0 and industry[k] > 0:
            pair = f"{engine.division_names.get(int(di), di)} ↔ {engine.division_names.get(int(dj), dj)}"
            parts.append(texts.t("reason.industry", language, pair=pair, count=int(engine.pair_counts[di, dj]),
                           lift=math.exp(industry[k])))
        for giver, taker in ((i, j), (j, i)):
            both = engine.offers_bits[giver] & engine.needs_bits[taker]
            tags = [engine.vocabulary[p] for p in range(len(engine.vocabulary))
                    if int(both[p // 64]) >> (p % 64) & 1]
            if tags:
                parts.append(texts.t("reason.tags", language, giver=engine.names[giver], tags=", ".join(tags[:3]),
                               taker=engine.names[taker]))
        if np.isfinite(km[k]):
            parts.append(texts.t("reason.distance", language, km=km[k]))
        if same_group[k]:
            parts.append(texts.t("reason.same_group", language, group=engine.group_names[engine.group[i]]))
        shares = sorted(((labels[s], v) for s, v in enumerate(share[k]) if abs(v) >= 5), key=lambda x: -abs(x[1]))
        if shares:
            parts.append(texts.t("reason.score", language, shares=", ".join(f"{label} {v:.0f}%" for label, v in shares)))
        out.append(" · ".join(parts))
    return out


def awkward_evidence(engine, k: int, seed: int):
    """Random pairs of the sample with signals and shares that reach every branch (NaN, ties, signs, 5 %)."""
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, engine.n, k)
    # half of the pairs at distance two, so that shared partners (and hubs) are common
    two_hop = (engine.A[rows[: k // 2]] @ engine.A).tocsr()
    cols = rng.integers(0, engine.n, k)
    for r in range(k // 2):
        found = two_hop.indices[two_hop.indptr[r]:two_hop.indptr[r + 1]]
        if len(found):
            cols[r] = found[rng.integers(len(found))]
    signals = pd.DataFrame({"km": np.where(rng.random(k) < 0.2, np.nan, rng.random(k) * 80),
                            "same_group": rng.choice([0.0, 1.0, np.nan], k), "industry": rng.normal(0, 1, k)})
    share = rng.choice([0.0, 5.0, -5.0, 4.999, 5.5, 6.5, -0.4, np.nan, 100.0, 2.5e6, -33.3, 0.5, 12.5], (k, 8))
    return rows, cols, signals, share


@pytest.mark.parametrize("language", ["ko", "en"])
def test_explain_equals_the_pair_by_pair_reasons(engine, language):
    rows, cols, signals, share = awkward_evidence(engine, 1500, seed=5)
    expected = explain_pair_by_pair(engine, rows, cols, signals, share, language)
    assert explain(engine, rows, cols, signals, share, language=language) == expected
    assert sum("허브" in r or "(hub)" in r for r in expected) > 0  # hubs are among the shared partners
    assert explain(engine, rows[:1], cols[:1], signals[:1], share[:1], language=language) == expected[:1]
    assert explain(engine, rows[:0], cols[:0], signals[:0], share[:0], language=language) == []


def test_explain_row_by_row_when_a_template_cannot_be_filled_column_wise(engine, monkeypatch):
    import network.recommend as rec

    rows, cols, signals, share = awkward_evidence(engine, 300, seed=9)
    expected = explain_pair_by_pair(engine, rows, cols, signals, share)
    monkeypatch.setattr(rec, "_template", lambda *args, **kwargs: None)  # as if every template needed its values
    assert explain(engine, rows, cols, signals, share) == expected


def test_template_slots_and_their_formats():
    import network.recommend as rec

    assert rec._template("reason.distance", "ko", ["km"]) == ["거리 ", ("km", ".0f"), " km"]
    assert rec._template("reason.tags", "ko", ["giver", "tags", "taker"]) is None  # a particle needs the name
    assert rec._template("reason.tags", "en", ["giver", "tags", "taker"]) == [
        "", ("giver", ""), " offers ", ("tags", ""), ", which ", ("taker", ""), " needs"]
    pieces = rec._template("reason.tags", "ko", ["giver", "tags", "taker"], samples={"giver": "가나"})
    assert pieces == ["", ("giver", ""), "가 ", ("tags", ""), " 제공 → ", ("taker", ""), " 필요"]
    km = np.array([0.4, 0.5, 1.5, 2.5, -0.3, 12.49, np.nan])
    assert rec._render("reason.distance", "en", {"km": km}, len(km)).tolist() == [
        texts.t("reason.distance", "en", km=v) for v in km]


@pytest.mark.parametrize("values", [
    np.array([3.0, -0.0, 0.0, 1.5, 3.0, -2.0]), np.array([0.1 + 0.2, 0.3, 0.3, 1e-300, -1e300]),
    np.array([5, 3, 5, -1, 0]), np.array([2.0, np.nan, 1.0, np.nan]), np.array([], dtype=float)])
def test_dense_rank_is_the_inverse_of_unique(values):
    import network.recommend as rec

    assert rec._dense_rank(values).tolist() == np.unique(values, return_inverse=True)[1].ravel().tolist()


def diversify_one_by_one(ranked: pd.DataFrame, n: int, top: int, cap: int) -> pd.DataFrame:
    """The diversity re-ranking as first written: members by best score, each candidate while it has room."""
    rows, cols = ranked["row"].to_numpy(), ranked["col"].to_numpy()
    best = pd.Series(ranked["score"].to_numpy()).groupby(rows).transform("max").to_numpy()
    order = np.lexsort((ranked["rank"].to_numpy(), rows, -best))
    used, taken, chosen = np.zeros(n, dtype=np.int64), {}, []
    for k in order.tolist():
        row, col = int(rows[k]), int(cols[k])
        if taken.get(row, 0) >= top or used[col] >= cap:
            continue
        used[col] += 1
        taken[row] = taken.get(row, 0) + 1
        chosen.append(k)
    out = ranked.iloc[np.sort(np.array(chosen, dtype=np.int64))].copy()
    out = out.sort_values(["row", "rank"], kind="stable")
    out["rank"] = out.groupby("row").cumcount() + 1
    return out.reset_index(drop=True)


@pytest.mark.parametrize(("top", "cap"), [(10, 20), (10, 3), (3, 1), (1, 2)])
def test_diversify_equals_the_one_by_one_rule(engine, some_ids, top, cap):
    import network.recommend as rec

    rows = np.array([engine.position(m) for m in some_ids + some_ids[:5]])  # a member twice, too
    ranked = score_members(engine, rows, keep=3 * top)
    ranked = ranked[ranked["score"] > 0].reset_index(drop=True)
    expected = diversify_one_by_one(ranked, engine.n, top, cap)
    got = rec._diversify({c: ranked[c].to_numpy() for c in ranked.columns}, engine, top=top, cap=cap)
    pd.testing.assert_frame_equal(pd.DataFrame(got), expected)


def test_iter_recommend_all_gives_the_table_in_blocks(engine, some_ids, tmp_path):
    from network.export import write_table

    options = Options(diversity_cap=4)
    whole = recommend_all(engine, member_ids=some_ids, options=options, language="en")
    blocks = list(iter_recommend_all(engine, member_ids=some_ids, options=options, language="en", block_rows=777))
    assert len(blocks) == -(-len(whole) // 777)
    assert all(block["reasons"].dtype == object for block in blocks)
    glued = pd.concat(blocks, ignore_index=True)
    pd.testing.assert_frame_equal(glued.astype(whole.dtypes.to_dict()), whole)
    write_table(iter_recommend_all(engine, member_ids=some_ids, options=options, language="en"), tmp_path / "a.csv")
    write_table(whole, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_iter_recommend_all_without_suggestions_gives_one_empty_block():
    engine = engine_of(nx.empty_graph(3))
    blocks = list(iter_recommend_all(engine, options=Options(neighbours=0)))
    assert len(blocks) == 1 and blocks[0].empty
    assert blocks[0].columns.tolist()[:7] == ["member_id", "member_name", "rank", "candidate_id", "candidate_name",
                                              "score", "reasons"]
    with raises_message(OptionError, "block_rows"):
        iter_recommend_all(engine, block_rows=0)


def test_prepare_reads_each_distinct_industry_and_tag_cell_the_same_way():
    # unknown or odd industry codes are division -1 (a missing one next to known ones too); tags are split on
    # ";" and stripped, whatever else a cell holds counts as no tags
    df_m = pd.DataFrame({"member_id": list("abcdefg"), "industry": ["10", None, "ab", 25, "1", "261", "10"],
                         "offers": [" 금형; 도금 ;", None, 3, " ", "도금;금형", "금형;;설계", " 금형; 도금 ;"],
                         "needs": [None, "설계", None, None, None, None, "금형"]})
    engine = prepare(df_m, pd.DataFrame({"source_id": [], "target_id": []}))
    assert engine.division.tolist() == [10, -1, -1, -1, -1, 26, 10]
    assert engine.vocabulary == ("금형", "도금", "설계")
    assert [int(w[0]) for w in engine.offers_bits] == [0b011, 0, 0, 0, 0b011, 0b101, 0b011]
    assert [int(w[0]) for w in engine.needs_bits] == [0, 0b100, 0, 0, 0, 0, 0b001]


# ----------------------------------------------------------------------------
# an empty list always comes with its reason


def test_no_suggestions_reason_names_the_cause():
    from network.recommend import no_suggestions_reason

    members = pd.DataFrame({
        "member_id": ["a", "b", "c", "d"], "name": ["가나", "다라", "마바", "사아"],
        "group": ["g1", "g1", None, None], "federation": ["서울", "서울", "부산", None],
        "sido": ["서울", "서울", "부산", None], "sigungu": ["종로구", "종로구", "해운대구", None],
    })
    engine = prepare(members, pd.DataFrame({"source_id": ["a"], "target_id": ["b"]}))
    reason = lambda member, **kw: no_suggestions_reason(engine, member, language="en", **kw)  # noqa: E731
    assert reason("a", weights=Weights()).startswith("Every weight is 0")
    assert reason("a", options=Options(max_km=1)) == "No candidate within 1 km. Raise the maximum distance."
    assert reason("c", options=Options(scope="group")) == (
        "No other member within the scope (same 교류회). Widen the scope.")
    # d has no partner, no 교류회, no industry, no offers or needs and no location: nothing to go on
    text = reason("d", weights=Weights.only("tags"))
    assert "사아 (d)" in text and "partners, a 교류회, an industry code, offers and needs, a location" in text
    korean = no_suggestions_reason(engine, "d", weights=Weights.only("tags"))
    assert "사아(d)에게는" in korean and "협력사, 교류회, 업종, 제공·필요, 위치" in korean
    everyone = prepare(members.head(2), pd.DataFrame({"source_id": ["a"], "target_id": ["b"]}))
    assert no_suggestions_reason(everyone, "a", language="en").startswith("There is no other member to suggest")
    with pytest.raises(NotFoundError):
        no_suggestions_reason(engine, "zz")


def test_partial_attributes_drop_the_signal_for_those_members_only():
    """Half the members without an industry code, offers/needs or a location: no error, and their pairs simply
    get no industry, tag or distance evidence."""
    sample = load_dataset("data/sample")
    members = sample.members.copy()
    half = members.index % 2 == 0
    for column in ("industry", "offers", "needs", "lat", "lon", "sigungu_code", "sido_code"):
        members.loc[half, column] = None
    engine = prepare(members, sample.partnerships)
    table = recommend_all(engine, options=Options(top=5))
    assert table["member_id"].nunique() > 0.95 * len(members)
    without = set(members.loc[half, "member_id"])
    theirs = table[table["member_id"].isin(without)]
    assert (theirs["industry"] == 0).all() and (theirs["tags"] == 0).all()


def test_declined_pairs_are_not_suggested_either_way():
    sample = load_dataset("data/sample")
    engine = prepare(sample.members, sample.partnerships)
    member = sample.members["member_id"].iloc[100]
    first = recommend_for_member(engine, member, options=Options(top=5))
    declined_candidate = first["candidate_id"].iloc[0]
    declined = pd.DataFrame({"member_id": [declined_candidate, "unknown"], "candidate_id": [member, member]})
    blocked = prepare(sample.members, sample.partnerships, declined=declined)
    after = recommend_for_member(blocked, member, options=Options(top=5))
    assert declined_candidate not in after["candidate_id"].tolist()
    assert after["candidate_id"].tolist()[:4] == first["candidate_id"].tolist()[1:]  # the others move up
    back = recommend_for_member(blocked, declined_candidate, options=Options(top=50))
    assert member not in back["candidate_id"].tolist()
    everyone = recommend_all(blocked, options=Options(top=10))
    pairs = set(zip(everyone["member_id"], everyone["candidate_id"]))
    assert (member, declined_candidate) not in pairs and (declined_candidate, member) not in pairs
    assert prepare(sample.members, sample.partnerships, declined=declined.iloc[:0]).declined is None


def test_score_members_many_ranks_like_score_members():
    sample = load_dataset("data/sample")
    engine = prepare(sample.members, sample.partnerships)
    rows = np.arange(0, 7000, 37)
    sets = [DEFAULT_WEIGHTS, Weights.only("adamic_adar"), Weights.only("same_group"), Weights()]
    from network.recommend import score_members_many

    for weights, many in zip(sets, score_members_many(engine, rows, sets, options=Options(top=10))):
        one = score_members(engine, rows, weights=weights, options=Options(top=10))
        columns = ["row", "col", "score", "rank"]
        assert many[columns].reset_index(drop=True).equals(one[columns].reset_index(drop=True)), weights
