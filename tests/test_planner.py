"""Tests for network.planner: the next-visit planner (maximal covering).

The hand-built line (used by several tests): seven members on the equator at
x = 0, 10, …, 60 km (1° of longitude = 111.195 km on the 6,371.0088 km sphere),
and three sites with a reach of 16 km::

    members   0    1    2    3    4    5    6        (× 10 km)
    site 0              ·----B----·                 at 40 km: members 3, 4, 5
    site 1    ·----A----·                           at 15 km: members 0, 1, 2, 3
    site 2                        ·--C--·           at 60 km: members 5, 6

Greedy picks A (4 members), then B (adds 4, 5), then C (adds 6): site indices
1, 0, 2 with gains 4, 2, 1 and cumulative 4, 6, 7 of 7.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from network import planner, regions
from network.cli import main
from network.dataset import load_dataset
from network.errors import OptionError
from network.planner import (
    PlanOptions,
    candidate_sites,
    coverage_matrix,
    exact_max_cover,
    greedy_max_cover,
    member_weights,
    plan_for_window,
    plan_visits,
)
from network.recommend import haversine_km
from tests.conftest import split_visits

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
KM_PER_DEGREE = 6371.0088 * math.pi / 180  # 111.195 km


def _lon(km: float) -> float:
    return km / KM_PER_DEGREE


def _line_members() -> pd.DataFrame:
    return pd.DataFrame({
        "member_id": [f"m{i}" for i in range(7)],
        "name": [f"회원{i}" for i in range(7)],
        "sido": ["서울특별시"] * 7, "sigungu": ["중구"] * 7, "sigungu_code": ["11140"] * 7,
        "lat": [0.0] * 7, "lon": [_lon(10 * i) for i in range(7)],
    })


def _line_sites() -> pd.DataFrame:
    return pd.DataFrame({
        "site": ["B", "A", "C"], "site_id": ["b", "a", "c"], "lat": [0.0] * 3,
        "lon": [_lon(40), _lon(15), _lon(60)], "office": ["east", "west", "east"],
    })


def _field(visits: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``{"attendance": …, "difficulties": …}`` of a hand-built visits frame with ``member_ids`` and ``issues``."""
    _, attendance, difficulties = split_visits(visits)
    return {"attendance": attendance, "difficulties": difficulties}


def _line_cover() -> sp.csr_matrix:
    m, s = _line_members(), _line_sites()
    return coverage_matrix(s["lat"], s["lon"], m["lat"], m["lon"], radius_km=16)


def _random_cover(rng: np.random.Generator, n_sites: int, n_members: int) -> sp.csr_matrix:
    """Random sets: every site covers each member with its own probability (5–35 %)."""
    p = rng.uniform(0.05, 0.35, size=(n_sites, 1))
    return sp.csr_matrix(rng.random((n_sites, n_members)) < p)


def _naive_greedy(cover, *, k, weights=None, already=None, site_group=None, max_per_group=None):
    """Plain greedy: every step recomputes every site's gain (the reference for the lazy version)."""
    dense = np.asarray(sp.csr_matrix(cover).toarray(), dtype=bool)
    n_sites, n_members = dense.shape
    w = np.ones(n_members) if weights is None else np.asarray(weights, dtype=float)
    covered = np.zeros(n_members, bool) if already is None else np.array(already, dtype=bool)
    group = np.full(n_sites, -1) if site_group is None else np.asarray(site_group)
    used: dict[int, int] = {}
    chosen, gains = [], []
    for _ in range(k):
        best, best_gain = -1, 0.0
        for site in range(n_sites):
            if site in chosen or (group[site] >= 0 and used.get(group[site], 0) >= max_per_group):
                continue
            cols = np.flatnonzero(dense[site])
            gain = float(np.where(covered[cols], 0.0, w[cols]).sum())
            if gain > best_gain:
                best, best_gain = site, gain
        if best < 0:
            break
        chosen.append(best)
        gains.append(best_gain)
        covered |= dense[best]
        if group[best] >= 0:
            used[group[best]] = used.get(group[best], 0) + 1
    return chosen, gains


def _covered_weight(cover, sites, weights=None, already=None) -> float:
    dense = sp.csr_matrix(cover).toarray().astype(bool)
    w = np.ones(dense.shape[1]) if weights is None else np.asarray(weights, dtype=float)
    reached = dense[list(sites)].any(axis=0) if len(sites) else np.zeros(dense.shape[1], bool)
    if already is not None:
        reached &= ~np.asarray(already, dtype=bool)
    return float(w[reached].sum())


def _brute_force_optimum(cover, k, weights=None, already=None, site_group=None, max_per_group=None) -> float:
    n_sites = cover.shape[0]
    best = 0.0
    combos = itertools.chain.from_iterable(itertools.combinations(range(n_sites), r) for r in range(1, k + 1))
    for combo in combos:
        if site_group is not None:
            labels = [site_group[i] for i in combo if site_group[i] >= 0]
            if labels and max(labels.count(g) for g in set(labels)) > max_per_group:
                continue
        best = max(best, _covered_weight(cover, combo, weights, already))
    return best


# ----------------------------------------------------------------------------
# synthetic: the numeric core


def test_greedy_line_hand_computed():
    sites, gains = greedy_max_cover(_line_cover(), k=3)
    assert sites.tolist() == [1, 0, 2]
    assert gains.tolist() == [4.0, 2.0, 1.0]
    assert np.cumsum(gains).tolist() == [4.0, 6.0, 7.0]
    assert sites.dtype == np.int64 and gains.dtype == np.float64


def test_greedy_stops_when_nothing_is_left():
    sites, gains = greedy_max_cover(_line_cover(), k=10)
    assert sites.tolist() == [1, 0, 2]  # all seven members reached after three sites
    empty = sp.csr_matrix((4, 5), dtype=bool)
    sites, gains = greedy_max_cover(empty, k=3)
    assert sites.tolist() == [] and gains.tolist() == []


def test_greedy_tie_break_by_site_index():
    cover = sp.csr_matrix(np.array([[0, 1, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]], dtype=bool))
    # every site covers 2; site 0 first, then sites 1 and 2 both add 1 more … site 1 wins the tie
    sites, gains = greedy_max_cover(cover, k=2)
    assert sites.tolist() == [0, 1]
    assert gains.tolist() == [2.0, 1.0]


@pytest.mark.parametrize("seed", range(6))
def test_lazy_greedy_equals_naive_greedy(seed):
    rng = np.random.default_rng(seed)
    cover = _random_cover(rng, 50, 400)
    options = [
        {},
        {"weights": rng.integers(0, 5, 400).astype(float)},
        {"weights": rng.random(400), "already": rng.random(400) < 0.3},
        {"site_group": rng.integers(-1, 6, 50), "max_per_group": 2},
    ]
    for kwargs in options:
        sites, gains = greedy_max_cover(cover, k=12, **kwargs)
        naive_sites, naive_gains = _naive_greedy(cover, k=12, **kwargs)
        assert sites.tolist() == naive_sites
        assert gains.tolist() == naive_gains


def test_greedy_against_exact_optimum():
    """Greedy vs the exact optimum (HiGHS MILP) on 30 random instances, 8–15 sites, 20–60 members, k = 3–5.

    Measured (seed 2024): worst ratio 0.9524, mean ratio 0.9966, greedy optimal in 26 of 30; the
    guarantee is 1 − 1/e ≈ 0.632.  The MILP optimum is checked against brute force on every instance.
    """
    rng = np.random.default_rng(2024)
    ratios = []
    for _ in range(30):
        n_sites, n_members, k = int(rng.integers(8, 16)), int(rng.integers(20, 61)), int(rng.integers(3, 6))
        cover = _random_cover(rng, n_sites, n_members)
        weights = rng.integers(1, 4, n_members).astype(float) if rng.random() < 0.5 else None
        sites, gains = greedy_max_cover(cover, k=k, weights=weights)
        best_sites, best = exact_max_cover(cover, k=k, weights=weights)
        assert best == pytest.approx(_brute_force_optimum(cover, k, weights))
        assert best == pytest.approx(_covered_weight(cover, best_sites, weights))
        assert len(best_sites) <= k
        assert gains.sum() == pytest.approx(_covered_weight(cover, sites, weights))
        assert gains.sum() <= best + 1e-9
        assert gains.sum() >= (1 - 1 / math.e) * best
        ratios.append(gains.sum() / best)
    print(f"greedy / optimum over {len(ratios)} instances: worst {min(ratios):.4f}, "
          f"mean {np.mean(ratios):.4f}, optimal in {sum(r == 1 for r in ratios)}")
    assert min(ratios) == pytest.approx(0.9524, abs=1e-4)
    assert np.mean(ratios) == pytest.approx(0.9966, abs=1e-4)
    assert sum(r == 1 for r in ratios) == 26


def test_greedy_is_not_always_optimal():
    # greedy takes the big middle site (4) and then adds 1; the two outer sites cover all 6
    cover = sp.csr_matrix(np.array([[1, 1, 1, 0, 0, 0],
                                    [0, 0, 0, 1, 1, 1],
                                    [0, 1, 1, 1, 1, 0]], dtype=bool))
    sites, gains = greedy_max_cover(cover, k=2)
    assert sites.tolist() == [2, 0]
    assert gains.sum() == 5.0
    best_sites, best = exact_max_cover(cover, k=2)
    assert best_sites.tolist() == [0, 1] and best == 6.0  # a gap of 1/6


def test_already_members_never_count():
    rng = np.random.default_rng(7)
    cover = _random_cover(rng, 20, 100)
    already = rng.random(100) < 0.4
    weights = rng.random(100)
    huge = np.where(already, 1e6, weights)  # already reached: their weight must not matter
    sites, gains = greedy_max_cover(cover, k=5, weights=weights, already=already)
    sites_huge, gains_huge = greedy_max_cover(cover, k=5, weights=huge, already=already)
    assert sites.tolist() == sites_huge.tolist()
    assert gains.tolist() == pytest.approx(gains_huge.tolist())
    assert gains.sum() == pytest.approx(_covered_weight(cover, sites, weights, already))
    _, best = exact_max_cover(cover, k=5, weights=huge, already=already)
    assert best == pytest.approx(_brute_force_optimum(cover, 5, weights, already))
    # everyone already reached: nothing to choose
    assert greedy_max_cover(cover, k=5, already=np.ones(100, bool))[0].tolist() == []
    assert exact_max_cover(cover, k=5, already=np.ones(100, bool))[1] == 0.0


def test_per_group_limit():
    cover = _line_cover()
    group = np.array([0, 1, 0])  # B and C share office 0
    sites, gains = greedy_max_cover(cover, k=3, site_group=group, max_per_group=1)
    assert sites.tolist() == [1, 0]  # C is not allowed after B
    assert gains.tolist() == [4.0, 2.0]
    rng = np.random.default_rng(11)
    for _ in range(5):
        cover = _random_cover(rng, 12, 50)
        group = rng.integers(-1, 3, 12)
        sites, _ = greedy_max_cover(cover, k=5, site_group=group, max_per_group=1)
        best_sites, best = exact_max_cover(cover, k=5, site_group=group, max_per_group=1)
        for chosen in (sites, best_sites):
            labels = group[chosen]
            labels = labels[labels >= 0]
            assert len(labels) == len(set(labels.tolist()))
        assert best == pytest.approx(_brute_force_optimum(cover, 5, site_group=group.tolist(), max_per_group=1))
        assert _covered_weight(cover, sites) >= 0.5 * best  # the partition-matroid guarantee


def test_weights_change_the_choice():
    # site 0 reaches three ordinary members, site 1 two members who raised difficulties
    cover = sp.csr_matrix(np.array([[1, 1, 1, 0, 0], [0, 0, 0, 1, 1]], dtype=bool))
    assert greedy_max_cover(cover, k=1)[0].tolist() == [0]
    weights = np.array([1, 1, 1, 3, 2], dtype=float)
    sites, gains = greedy_max_cover(cover, k=1, weights=weights)
    assert sites.tolist() == [1] and gains.tolist() == [5.0]
    assert exact_max_cover(cover, k=1, weights=weights)[0].tolist() == [1]


def test_core_does_not_change_inputs():
    cover = _line_cover()
    before = cover.copy()
    already = np.array([True, False, False, False, False, False, False])
    weights = np.ones(7)
    greedy_max_cover(cover, k=3, weights=weights, already=already)
    exact_max_cover(cover, k=3, weights=weights, already=already)
    assert (cover != before).nnz == 0
    assert already.tolist() == [True] + [False] * 6
    assert weights.tolist() == [1.0] * 7


def test_core_accepts_duplicates_and_explicit_zeros():
    # a stored zero is not coverage and a duplicate entry counts once
    cover = sp.csr_matrix((np.array([1, 1, 0, 1]), (np.array([0, 0, 0, 1]), np.array([0, 0, 1, 2]))), shape=(2, 3))
    sites, gains = greedy_max_cover(cover, k=2)
    assert sites.tolist() == [0, 1] and gains.tolist() == [1.0, 1.0]


# ----------------------------------------------------------------------------
# synthetic: the coverage matrix


def test_coverage_matrix_line():
    assert _line_cover().toarray().astype(int).tolist() == [
        [0, 0, 0, 1, 1, 1, 0],
        [1, 1, 1, 1, 0, 0, 0],
        [0, 0, 0, 0, 0, 1, 1],
    ]


def test_coverage_matrix_equals_brute_force():
    rng = np.random.default_rng(3)
    radius = 30.0
    site_lat, site_lon = rng.uniform(34, 38, 40), rng.uniform(126, 129.5, 40)
    member_lat, member_lon = rng.uniform(34, 38, 3000), rng.uniform(126, 129.5, 3000)
    # members placed on, just inside and just outside the circle of some sites
    bearings = rng.uniform(0, 2 * math.pi, 300)
    around = rng.integers(0, 40, 300)
    offsets = radius + np.tile([-1e-6, 0.0, 1e-6, -1e-9, 1e-9, -1e-3], 50)
    lat0, lon0 = np.radians(site_lat[around]), np.radians(site_lon[around])
    delta = offsets / 6371.0088
    lat1 = np.arcsin(np.sin(lat0) * np.cos(delta) + np.cos(lat0) * np.sin(delta) * np.cos(bearings))
    lon1 = lon0 + np.arctan2(np.sin(bearings) * np.sin(delta) * np.cos(lat0), np.cos(delta) - np.sin(lat0) * np.sin(lat1))
    member_lat = np.concatenate([member_lat, np.degrees(lat1)])
    member_lon = np.concatenate([member_lon, np.degrees(lon1)])
    d = haversine_km(site_lat[:, None], site_lon[:, None], member_lat[None, :], member_lon[None, :])
    near = np.abs(d - radius) < 1e-3
    assert near.sum() >= 250  # the boundary is really exercised
    got = coverage_matrix(site_lat, site_lon, member_lat, member_lon, radius_km=radius)
    assert isinstance(got, sp.csr_matrix) and got.dtype == bool and got.has_sorted_indices
    assert got.shape == (40, 3300)
    assert np.array_equal(got.toarray(), d <= radius)


def test_coverage_matrix_missing_coordinates_never_covered():
    lat = np.array([37.5, np.nan, 37.5, 37.51])
    lon = np.array([127.0, 127.0, np.nan, 127.01])
    got = coverage_matrix([37.5, np.nan], [127.0, 127.0], lat, lon, radius_km=30)
    assert got.toarray().tolist() == [[True, False, False, True], [False, False, False, False]]
    assert coverage_matrix([], [], lat, lon, radius_km=30).shape == (0, 4)


def test_coverage_matrix_huge_radius_covers_the_world():
    got = coverage_matrix([37.5], [127.0], [-37.5, 0.0], [-53.0, 10.0], radius_km=30_000)
    assert got.toarray().tolist() == [[True, True]]


# ----------------------------------------------------------------------------
# synthetic: the DataFrame adapters


def test_plan_visits_line_hand_computed():
    members = _line_members()
    visits = pd.DataFrame({"member_ids": ["m0", None, ""], "issues": ["인력", None, None]})
    plan = plan_visits(members, _line_sites(), **_field(visits), k=3, radius_km=16)
    # m0 was visited: A and B both reach 3 new members, B wins the tie (first in the table)
    assert plan.sites["site"].tolist() == ["B", "A", "C"]
    assert plan.sites["order"].tolist() == [1, 2, 3]
    assert plan.sites["new_members"].tolist() == [3, 2, 1]
    assert plan.sites["new_weight"].tolist() == [3.0, 2.0, 1.0]
    assert plan.sites["cumulative_members"].tolist() == [3, 5, 6]
    assert plan.sites["cumulative_coverage"].tolist() == pytest.approx([4 / 7, 6 / 7, 1.0])
    assert list(plan.sites.columns) == list(planner.PLAN_SITE_COLUMNS)
    assert list(plan.members.columns) == list(planner.PLAN_MEMBER_COLUMNS)
    assert plan.members[["site", "member_id"]].values.tolist() == [
        ["B", "m4"], ["B", "m3"], ["B", "m5"], ["A", "m1"], ["A", "m2"], ["C", "m6"]]
    assert plan.members["km"].round(6).tolist() == [0.0, 10.0, 10.0, 5.0, 5.0, 0.0]
    assert (plan.total_members, plan.visited_before, plan.reached) == (7, 1, 6)
    assert (plan.fallback_members, plan.unlocated_members) == (0, 0)
    assert plan.coverage == 1.0
    with pytest.raises(AttributeError):
        plan.k = 5  # frozen


def test_plan_visits_per_office_limit():
    plan = plan_visits(_line_members(), _line_sites(), k=3, radius_km=16, max_per_office=1)
    assert plan.sites["site"].tolist() == ["A", "B"]
    assert plan.sites["office"].tolist() == ["west", "east"]


def test_plan_visits_weights_change_the_choice():
    members = _line_members()
    sites = _line_sites().iloc[[0, 1]].reset_index(drop=True)  # B (3, 4, 5) and A (0, 1, 2, 3)
    assert plan_visits(members, sites, k=1, radius_km=16).sites["site"].tolist() == ["A"]
    # m4 and m5 raised difficulties at an old visit; only the recent visits count as visited
    old = _field(pd.DataFrame({"member_ids": ["m4;m5"], "issues": ["인력;자금;판로"]}))
    weight = member_weights(members, "difficulties", **old)
    assert weight.tolist() == [1.0, 1.0, 1.0, 1.0, 4.0, 4.0, 1.0]
    plan = plan_visits(members, sites, attendance=old["attendance"].iloc[:0], k=1, radius_km=16, weight=weight)
    assert plan.sites["site"].tolist() == ["B"]
    assert plan.sites["new_weight"].tolist() == [9.0]
    # isolated: m0, m1, m2 have no partner, so A weighs 2 + 2 + 2 + 1 = 7 against B's 3
    partnerships = pd.DataFrame({"source_id": ["m3", "m5"], "target_id": ["m4", "m6"]})
    plan = plan_visits(members, sites, k=1, radius_km=16, weight="isolated", partnerships=partnerships)
    assert plan.sites["site"].tolist() == ["A"] and plan.sites["new_weight"].tolist() == [7.0]
    series = pd.Series([0.0, 0, 0, 0, 1, 1, 0], index=members["member_id"])
    assert plan_visits(members, sites, k=1, radius_km=16, weight=series).sites["site"].tolist() == ["B"]


def test_plan_visits_same_visits_difficulties_is_unweighted():
    members = _line_members()
    field = _field(pd.DataFrame({"member_ids": ["m4;m5"], "issues": ["인력;자금;판로"]}))
    weighted = plan_visits(members, _line_sites(), **field, k=3, radius_km=16, weight="difficulties")
    plain = plan_visits(members, _line_sites(), **field, k=3, radius_km=16)
    pd.testing.assert_frame_equal(weighted.sites, plain.sites)


def test_member_weights_difficulties_by_who_raised_them():
    """A difficulty with a known raiser counts for that member only; one without counts for every attendee.

    ========  =========  ==========================================  =================
    visit     attended   difficulties (raiser)                       weights it adds
    ========  =========  ==========================================  =================
    V1        a, b, c    자금 (b), 인력 (b), 기술 (b), 판로 (?)        b +3; a, b, c +1
    V2        a, d       규제 (?), 자금 (?), 인력 (d)                  a, d +2; d +1
    V3        e          –                                           –
    V4        a          기술 (x, not a member)                      nobody
    ========  =========  ==========================================  =================

    a = 1 + 1 + 2 = 4, b = 1 + 3 + 1 = 5, c = 1 + 1 = 2, d = 1 + 2 + 1 = 4, e = 1, f (never there) = 1.
    """
    members = pd.DataFrame({"member_id": ["c", "a", "f", "b", "e", "d"]})
    attendance = pd.DataFrame({"visit_id": ["V1", "V1", "V1", "V2", "V2", "V3", "V4"],
                               "member_id": ["a", "b", "c", "a", "d", "e", "a"]})
    difficulties = pd.DataFrame({
        "difficulty_id": [f"D{i}" for i in range(1, 9)],
        "visit_id": ["V1", "V1", "V1", "V1", "V2", "V2", "V2", "V4"],
        "member_id": ["b", "b", "b", None, None, None, "d", "x"],
        "category": ["자금", "인력", "기술", "판로·수출", "규제", "자금", "인력", "기술"],
        "text": [""] * 8,
    })
    weight = member_weights(members, "difficulties", attendance=attendance, difficulties=difficulties)
    assert weight.index.tolist() == ["c", "a", "f", "b", "e", "d"] and weight.index.name == "member_id"
    assert weight.to_dict() == {"a": 4.0, "b": 5.0, "c": 2.0, "d": 4.0, "e": 1.0, "f": 1.0}
    # the same difficulties with every raiser unknown count for every attendee of their visit
    unknown = difficulties.assign(member_id=None)
    weight = member_weights(members, "difficulties", attendance=attendance, difficulties=unknown)
    assert weight.to_dict() == {"a": 1 + 4 + 3 + 1, "b": 1 + 4, "c": 1 + 4, "d": 1 + 3, "e": 1.0, "f": 1.0}


def _window_visits(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """A visits frame from ``(visit_id, date, member_ids, issues)`` rows, in the old one-table form."""
    return pd.DataFrame({
        "visit_id": [r[0] for r in rows], "date": pd.to_datetime([r[1] for r in rows]), "program": ["간담회"] * len(rows),
        "member_ids": [r[2] for r in rows], "issues": [r[3] for r in rows],
    })


def test_plan_for_window_weighs_difficulties_raised_before_the_window():
    """m4 and m5 raised three difficulties at V_old (2023), outside the 12-month window 2024-06-02 – 2025-06-01;
    m0 attended V_new inside it.  Sites are the members' own places, reaching their neighbours (10 km) at 16 km.

    Unweighted: the sites at m2 … m5 each reach three members not visited lately; m2's comes first.
    Weighted: m4 and m5 weigh 1 + 3 = 4, so the site at m4 (m3, m4, m5: 1 + 4 + 4 = 9) beats m2's (3).
    Weights from the window alone, or V_old counting as visited, would give the unweighted plan.
    """
    members = _line_members()
    visits, attendance, difficulties = split_visits(_window_visits(
        ("V_old", "2023-03-01", "m4;m5", "인력;자금;판로·수출"),
        ("V_new", "2025-06-01", "m0", ""),
    ))
    options = {"sites": 1, "radius_km": 16, "candidates": "members"}
    plain = plan_for_window(members, visits, None, None, attendance=attendance, difficulties=difficulties,
                            options=PlanOptions(**options))
    weighted = plan_for_window(members, visits, None, None, attendance=attendance, difficulties=difficulties,
                               options=PlanOptions(**options, weight="difficulties"))
    assert plain.window == weighted.window == "2024-06-02 – 2025-06-01"
    assert plain.visited_before == weighted.visited_before == 1  # only m0: V_old is outside the window
    assert plain.coverage_before == pytest.approx(1 / 7)
    assert plain.sites[["site_id", "new_members", "new_weight"]].values.tolist() == [["m2", 3, 3.0]]
    assert weighted.sites[["site_id", "new_members", "new_weight"]].values.tolist() == [["m4", 3, 9.0]]
    assert weighted.members.set_index("member_id")["weight"].to_dict() == {"m4": 4.0, "m3": 1.0, "m5": 4.0}
    # the same result by hand: weights from all visits, visited from the window's attendance only
    weight = member_weights(members, "difficulties", attendance=attendance, difficulties=difficulties)
    by_hand = plan_visits(members, candidate_sites(members, None, kind="members"),
                          attendance=attendance[attendance["visit_id"] == "V_new"], k=1, radius_km=16, weight=weight,
                          seats=PlanOptions().seats_per_visit)
    pd.testing.assert_frame_equal(weighted.sites, by_hand.sites)


@pytest.mark.parametrize(("kwargs", "option"), [
    ({"sites": 0}, "sites"),
    ({"sites": 2.5}, "sites"),
    ({"radius_km": 0}, "radius_km"),
    ({"radius_km": -1.0}, "radius_km"),
    ({"months": 0}, "months"),
    ({"max_per_office": -1}, "max_per_office"),
    ({"candidates": "x"}, "candidates"),
    ({"weight": "x"}, "weight"),
])
def test_plan_options_reject_bad_values(kwargs, option):
    with pytest.raises(OptionError) as err:
        PlanOptions(**kwargs)
    message = err.value.message("en")
    assert message.startswith(f"{option} was ")
    assert isinstance(err.value, ValueError)


def test_plan_options_report_every_bad_value_at_once():
    with pytest.raises(OptionError) as err:
        PlanOptions(sites=0, radius_km=0, months=0, max_per_office=-1, candidates="x", weight="x")
    message = err.value.message("en")
    for option in ("sites", "radius_km", "months", "max_per_office", "candidates", "weight"):
        assert f"{option} was " in message, option
    assert len(err.value.parts) == 6


def test_plan_options_max_per_office_zero_means_no_limit():
    assert PlanOptions().max_per_office == 0 and PlanOptions().max_per_office_or_none is None
    assert PlanOptions(max_per_office=0).max_per_office_or_none is None
    assert PlanOptions(max_per_office=1).max_per_office_or_none == 1
    # two offices on the line: m0 … m3 are nearer the west one, m4 … m6 the east one
    members = _line_members()
    offices = pd.DataFrame({"office_id": ["W", "E"], "name": ["west", "east"], "lat": [0.0, 0.0],
                            "lon": [_lon(0), _lon(60)]})
    visits, attendance, difficulties = split_visits(_window_visits(("V1", "2025-06-01", "", "")))

    def plan(max_per_office):
        return plan_for_window(members, visits, offices, None, attendance=attendance, difficulties=difficulties,
                               options=PlanOptions(sites=3, radius_km=16, candidates="members",
                                                   max_per_office=max_per_office)).sites

    # no limit: m1 (m0, m1, m2), m4 (m3, m4, m5), m5 (m6): two sites of the east office
    unlimited = plan(0)
    assert unlimited[["site_id", "office", "new_members"]].values.tolist() == [
        ["m1", "west", 3], ["m4", "east", 3], ["m5", "east", 1]]
    # one site per office: m6 is left out
    limited = plan(1)
    assert limited[["site_id", "office", "new_members"]].values.tolist() == [["m1", "west", 3], ["m4", "east", 3]]
    assert limited["office"].is_unique


def test_plan_visits_location_fallback_and_unlocated():
    members = _line_members()
    members.loc[6, ["lat", "lon"]] = np.nan  # m6 falls back to 서울 중구's representative point
    members.loc[5, ["lat", "lon", "sigungu_code"]] = [np.nan, np.nan, None]  # m5 cannot be placed
    point = regions.sigungu_table().set_index("sigungu_code").loc["11140", ["lat", "lon"]]
    sites = pd.concat([_line_sites(), pd.DataFrame({"site": ["서울 중구"], "lat": [point["lat"]],
                                                    "lon": [point["lon"]]})], ignore_index=True)
    plan = plan_visits(members, sites, k=4, radius_km=16)
    assert (plan.fallback_members, plan.unlocated_members) == (1, 1)
    assert "m5" not in set(plan.members["member_id"])
    row = plan.members.set_index("member_id").loc["m6"]
    assert row["site"] == "서울 중구" and row["km"] == pytest.approx(0.0) and bool(row["location_fallback"])
    assert plan.sites["cumulative_coverage"].iloc[-1] == pytest.approx(6 / 7)


def test_plan_visits_visits_without_attendees():
    visits = pd.DataFrame({"member_ids": [None, "", "unknown-id"], "issues": [None, "인력", ""]})
    plan = plan_visits(_line_members(), _line_sites(), **_field(visits), k=3, radius_km=16, weight="difficulties")
    assert plan.visited_before == 0
    assert plan.sites["new_members"].tolist() == [4, 2, 1]


def test_plan_visits_empty_inputs():
    plan = plan_visits(_line_members().iloc[:0], _line_sites(), k=3)
    assert plan.sites.empty and plan.members.empty and plan.coverage == 0.0
    plan = plan_visits(_line_members(), _line_sites().iloc[:0], k=3)
    assert plan.sites.empty and plan.total_members == 7


def test_adapters_do_not_change_inputs():
    members, sites = _line_members(), _line_sites()
    members.loc[6, ["lat", "lon"]] = np.nan
    field = _field(pd.DataFrame({"member_ids": ["m0"], "issues": ["인력"]}))
    attendance, difficulties = field["attendance"], field["difficulties"]
    copies = [df.copy() for df in (members, sites, attendance, difficulties)]
    plan_visits(members, sites, **field, k=2, radius_km=16, weight="difficulties", max_per_office=1)
    member_weights(members, "difficulties", **field)
    candidate_sites(members, None, kind="members")
    for df, copy in zip((members, sites, attendance, difficulties), copies):
        pd.testing.assert_frame_equal(df, copy)


def test_candidate_sites_kinds():
    members = _line_members()
    offices = pd.DataFrame({"office_id": ["W", "E"], "name": ["서쪽사무소", "동쪽사무소"], "sido": ["서울특별시"] * 2,
                            "sigungu_code": ["11140"] * 2, "sigungu": ["중구"] * 2,
                            "lat": [0.0, 0.0], "lon": [_lon(0), _lon(60)]})
    df = candidate_sites(members, offices, kind="members")
    assert list(df.columns) == list(planner.SITE_COLUMNS)
    assert df["site_id"].tolist() == members["member_id"].tolist()
    assert df["office"].tolist() == ["서쪽사무소"] * 4 + ["동쪽사무소"] * 3  # m3 at 30 km: nearer the west
    df = candidate_sites(members, offices, kind="offices")
    assert df["site"].tolist() == ["서쪽사무소", "동쪽사무소"] and df["office"].tolist() == df["site"].tolist()
    df = candidate_sites(members, offices)
    assert df["site"].tolist() == ["서울특별시 중구"] and df["site_id"].tolist() == ["11140"]
    assert candidate_sites(members, None)["office"].tolist() == [None]


def test_candidate_sites_subsample_is_deterministic():
    members = _line_members()
    a = candidate_sites(members, None, kind="members", max_sites=3)
    b = candidate_sites(members, None, kind="members", max_sites=3)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 3 and a["site_id"].is_monotonic_increasing
    assert len(candidate_sites(members, None, kind="members", max_sites=100)) == 7


# ----------------------------------------------------------------------------
# real-world: the committed sample


@pytest.fixture(scope="module")
def ds():
    return load_dataset(SAMPLE_DIR)


@pytest.fixture(scope="module")
def sample_plan(ds):
    sites = candidate_sites(ds.members, ds.offices)
    return sites, plan_visits(ds.members, sites, attendance=ds.attendance, k=10, radius_km=30.0)


def test_sample_candidate_sites(ds, sample_plan):
    sites, _ = sample_plan
    assert len(sites) == ds.members["sigungu_code"].nunique()
    assert sites["site_id"].is_unique and sites["office"].notna().all()
    assert set(sites["office"]) <= set(ds.offices["name"])


def test_sample_plan(ds, sample_plan):
    _, plan = sample_plan
    df = plan.sites
    assert len(df) == 10 and df["order"].tolist() == list(range(1, 11))
    assert (np.diff(df["new_members"]) <= 0).all()
    assert (np.diff(df["cumulative_coverage"]) >= 0).all() and df["cumulative_coverage"].iloc[-1] <= 1
    assert df["cumulative_members"].iloc[-1] == plan.reached == len(plan.members)
    visited = set(ds.attendance["member_id"].dropna())
    assert plan.visited_before == len(visited & set(ds.members["member_id"]))
    assert df["cumulative_coverage"].iloc[-1] == pytest.approx((plan.visited_before + plan.reached) / 7000)
    members = plan.members
    assert members["member_id"].is_unique
    assert not set(members["member_id"]) & visited
    assert members.groupby("order").size().tolist() == df["new_members"].tolist()
    located = ds.members.set_index("member_id").loc[members["member_id"]]
    at = df.set_index("order").loc[members["order"]]
    km = haversine_km(at["lat"].to_numpy(), at["lon"].to_numpy(), located["lat"].to_numpy(), located["lon"].to_numpy())
    assert (km <= 30.0).all()
    assert km == pytest.approx(members["km"].to_numpy())


def test_sample_plan_with_office_limit(ds, sample_plan):
    sites, plan = sample_plan
    limited = plan_visits(ds.members, sites, attendance=ds.attendance, k=10, radius_km=30.0, max_per_office=1)
    assert limited.sites["office"].is_unique
    assert limited.reached <= plan.reached


def test_cli_plan_equals_plan_for_window(ds, tmp_path, capsys):
    """``python -m network plan`` and the app both plan with :func:`plan_for_window`: the same sites."""
    out = tmp_path / "X.csv"
    assert main(["plan", "--data", str(SAMPLE_DIR), "--visits", "10", "--radius-km", "30",
                 "--candidates", "members", "--out", str(out)]) == 0
    cli_sites = pd.read_csv(out, encoding="utf-8-sig", dtype={"site_id": str})
    cli_members = pd.read_csv(tmp_path / "X_members.csv", encoding="utf-8-sig", dtype={"member_id": str})
    plan = plan_for_window(ds.members, ds.visits, ds.offices, ds.partnerships, attendance=ds.attendance,
                           difficulties=ds.difficulties,
                           options=PlanOptions(sites=10, radius_km=30, candidates="members"))
    assert len(plan.sites) == 10
    assert cli_sites["site_id"].tolist() == plan.sites["site_id"].tolist()
    assert cli_sites["new_members"].tolist() == plan.sites["new_members"].tolist()
    assert set(cli_members["member_id"]) == set(plan.members["member_id"])
    printed = capsys.readouterr().out
    assert plan.window in printed


# ----------------------------------------------------------------------------
# errors


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"k": 0}, r"k was 0 but is expected to be an integer >= 1"),
    ({"k": 2.5}, r"k was 2.5"),
    ({"radius_km": 0}, r"radius_km was 0 but is expected to be a number > 0"),
    ({"radius_km": -5.0}, r"radius_km was -5.0"),
    ({"radius_km": float("nan")}, r"radius_km was nan"),
    ({"weight": "richest"}, r"weight was 'richest' but is expected to be .*\['underserved', 'difficulties', 'isolated'\]"),
    ({"weight": "isolated"}, r"weight was 'isolated' but partnerships is None"),
    ({"weight": "difficulties"}, r"weight was 'difficulties' but attendance or difficulties is None"),
    ({"weight": pd.Series([1.0], index=["m0"])}, r"weight Series lacks 6 member\(s\)"),
    ({"weight": pd.Series([-1.0] * 7, index=[f"m{i}" for i in range(7)])}, r"not finite numbers >= 0"),
    ({"max_per_office": 0}, r"max_per_office was 0"),
])
def test_plan_visits_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plan_visits(_line_members(), _line_sites(), **kwargs)


def test_plan_visits_reports_every_problem_at_once():
    with pytest.raises(ValueError, match=r"k was 0.*radius_km was -1.*weight was 'x'"):
        plan_visits(_line_members(), _line_sites(), k=0, radius_km=-1, weight="x")


def test_plan_visits_bad_tables():
    with pytest.raises(ValueError, match=r"sites lacks column\(s\) \['lat'\]"):
        plan_visits(_line_members(), _line_sites().drop(columns="lat"))
    with pytest.raises(ValueError, match=r"sites lacks column\(s\) \['office'\]"):
        plan_visits(_line_members(), _line_sites().drop(columns="office"), max_per_office=1)
    with pytest.raises(ValueError, match=r"duplicate member_id values, e.g. \['m0', 'm1'"):
        plan_visits(pd.concat([_line_members()] * 2), _line_sites())
    empty = _field(pd.DataFrame({"member_ids": [], "issues": []}))
    with pytest.raises(ValueError, match=r"attendance lacks column\(s\) \['member_id'\]"):
        plan_visits(_line_members(), _line_sites(), attendance=pd.DataFrame({"visit_id": []}),
                    difficulties=empty["difficulties"], weight="difficulties")
    with pytest.raises(ValueError, match=r"difficulties lacks column\(s\) \['member_id'\]"):
        plan_visits(_line_members(), _line_sites(), attendance=empty["attendance"],
                    difficulties=pd.DataFrame({"visit_id": []}), weight="difficulties")


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"k": 0}, r"k was 0"),
    ({"site_group": [0, 0, 1]}, r"site_group is given but max_per_group was None"),
    ({"max_per_group": 1}, r"site_group is None but max_per_group was 1"),
    ({"site_group": [0, 0, 1], "max_per_group": 0}, r"max_per_group was 0"),
    ({"site_group": [0, 1], "max_per_group": 1}, r"site_group has 2 values but cover has 3 sites"),
    ({"site_group": ["a", "b", "c"], "max_per_group": 1}, r"site_group is expected to hold integers"),
    ({"weights": [1.0] * 6}, r"weights has 6 values but cover has 7 members"),
    ({"weights": [1.0] * 6 + [-1.0]}, r"weights are expected to be finite numbers >= 0"),
    ({"already": [True] * 3}, r"already has 3 values"),
])
@pytest.mark.parametrize("solver", [greedy_max_cover, exact_max_cover])
def test_core_bad_arguments(solver, kwargs, match):
    kwargs = {"k": 2, **kwargs}
    with pytest.raises(ValueError, match=match):
        solver(_line_cover(), **kwargs)


@pytest.mark.parametrize(("args", "kwargs", "match"), [
    (([0], [0], [0], [0]), {"radius_km": 0}, r"radius_km was 0"),
    (([0, 1], [0], [0], [0]), {"radius_km": 1}, r"site_lat has 2 values but site_lon has 1"),
    (([0], [0], [0], [0, 1]), {"radius_km": 1}, r"member_lat has 1 values but member_lon has 2"),
])
def test_coverage_matrix_bad_arguments(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        coverage_matrix(*args, **kwargs)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"kind": "villages"}, r"kind was 'villages' but is expected to be in \['sigungu', 'members', 'offices'\]"),
    ({"kind": "offices"}, r"kind was 'offices' but offices is None"),
    ({"kind": "members", "max_sites": 0}, r"max_sites was 0"),
])
def test_candidate_sites_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        candidate_sites(_line_members(), None, **kwargs)


def test_member_weights_bad_arguments():
    with pytest.raises(ValueError, match=r"weight was None but is expected to be in \['underserved', 'difficulties', 'isolated'\]"):
        member_weights(_line_members(), None)
    with pytest.raises(ValueError, match=r"partnerships is None"):
        member_weights(_line_members(), "isolated")


# ----------------------------------------------------------------------------
# seats: a visit takes at most so many firms (issue 15: the planner staff can believe)


def _assigned_value(cover, sites, weights, capacity) -> float:
    """The best weight ``sites`` can take with ``capacity`` seats each (a max-weight assignment, by MILP)."""
    if len(sites) == 0:
        return 0.0
    sub = sp.csr_matrix(cover)[np.asarray(sites)]
    return exact_max_cover(sub, k=len(sites), weights=weights, capacity=capacity)[1]


def test_greedy_with_seats_against_the_exact_optimum():
    """Greedy with seats vs the exact capacitated optimum (HiGHS MILP) on 30 random instances,
    8–15 sites, 20–60 members, k = 2–4, 2–8 seats.

    Measured (seed 15): worst ratio 0.8889, mean 0.9874, optimal in 24 of 30.  Every site takes at most its
    seats, and what greedy reports is what its sites really take.
    """
    rng = np.random.default_rng(15)
    ratios = []
    for _ in range(30):
        n_sites, n_members = int(rng.integers(8, 16)), int(rng.integers(20, 61))
        k, seats = int(rng.integers(2, 5)), int(rng.integers(2, 9))
        cover = _random_cover(rng, n_sites, n_members)
        weights = rng.integers(1, 4, n_members).astype(float) if rng.random() < 0.5 else None
        _, gains, taken = planner._greedy(cover, k=k, weights=weights, already=None, site_group=None,
                                          max_per_group=None, capacity=seats, preference=None)
        best_sites, best = exact_max_cover(cover, k=k, weights=weights, capacity=seats)
        assert all(len(t) <= seats for t in taken)
        assert len(np.unique(np.concatenate(taken))) == sum(len(t) for t in taken)  # each member once
        w = np.ones(n_members) if weights is None else weights
        assert gains.tolist() == pytest.approx([w[t].sum() for t in taken])
        assert gains.sum() <= best + 1e-9
        assert best == pytest.approx(_assigned_value(cover, best_sites, weights, seats))
        ratios.append(gains.sum() / best)
    print(f"greedy with seats / optimum over {len(ratios)} instances: worst {min(ratios):.4f}, "
          f"mean {np.mean(ratios):.4f}, optimal in {sum(r == pytest.approx(1) for r in ratios)}")
    assert min(ratios) == pytest.approx(0.8889, abs=1e-4)
    assert np.mean(ratios) == pytest.approx(0.9874, abs=1e-4)


def test_seats_take_the_heaviest_then_the_nearest():
    # one site at 4 km reaching m0 (4 km) and m1 (6 km): with one seat it takes the nearer of equal weights, m0
    members, sites = _line_members(), pd.DataFrame({"site": ["A"], "lat": [0.0], "lon": [_lon(4)]})
    plan = plan_visits(members, sites, k=1, radius_km=12, seats=1)
    assert plan.members["member_id"].tolist() == ["m0"]
    assert plan.sites[["reachable_members", "seats", "new_members"]].values.tolist() == [[2, 1, 1]]
    heavier = pd.Series([1.0, 5.0, 1, 1, 1, 1, 1], index=members["member_id"])
    assert plan_visits(members, sites, k=1, radius_km=12, seats=1, weight=heavier).members["member_id"].tolist() \
        == ["m1"]
    # the member left behind is still there for the next visit
    twice = plan_visits(members, pd.DataFrame({"site": ["A", "A2"], "lat": [0.0, 0.0], "lon": [_lon(4)] * 2}),
                        k=2, radius_km=12, seats=1)
    assert twice.members["member_id"].tolist() == ["m0", "m1"] and twice.reached == 2


def test_the_sample_plan_is_honest_about_seats_and_says_why(ds):
    """A briefing takes 40 firms: ten visits reach at most 400 members (they reached 1,510 from one site before)."""
    plan = plan_for_window(ds.members, ds.visits, ds.offices, ds.partnerships,
                           attendance=ds.attendance, difficulties=ds.difficulties, options=PlanOptions())
    assert plan.seats == 40 and len(plan.sites) == 10
    assert (plan.sites["new_members"] <= 40).all() and plan.reached <= 40 * len(plan.sites)
    assert plan.reached == len(plan.members) == plan.sites["new_members"].sum()
    assert plan.coverage - plan.coverage_before == pytest.approx(plan.reached / 7000)
    assert (plan.sites["reachable_members"] >= plan.sites["new_members"]).all()
    first = plan.sites.iloc[0]
    assert first["reason"].startswith(f"반경 30 km 안 미방문 {first['reachable_members']:,}곳 중 40곳 초대 (좌석 40); ")
    assert "방문율" in first["reason"] and "(전체 " in first["reason"]
    consult = plan_for_window(ds.members, ds.visits, ds.offices, ds.partnerships,
                              attendance=ds.attendance, difficulties=ds.difficulties,
                              options=PlanOptions(visit_program="현장상담회"))
    assert consult.seats == 10 and consult.reached <= 100
    unlimited = plan_for_window(ds.members, ds.visits, ds.offices, ds.partnerships,
                                attendance=ds.attendance, difficulties=ds.difficulties,
                                options=PlanOptions(seats=0), language="en")
    assert unlimited.seats is None and unlimited.reached > plan.reached
    assert unlimited.sites["reason"].iloc[0].startswith("invites the ")


def test_targeting_the_underserved_ranking(ds):
    """Weighted by the under-served ranking, the plan goes where the ranking points: most of the members it
    invites live in ranked 시군구 and the first sites' reasons name a rank."""
    from network import coverage

    options = PlanOptions(weight="underserved")
    plan = plan_for_window(ds.members, ds.visits, ds.offices, ds.partnerships,
                           attendance=ds.attendance, difficulties=ds.difficulties, options=options)
    window = coverage.time_window(ds.visits, months=options.months)
    table = coverage.region_coverage_table(ds.members, ds.visits, ds.offices,
                                           attendance=ds.attendance, difficulties=ds.difficulties,
                                           level="sigungu", window=window)
    gap = member_weights(ds.members, "underserved", coverage_table=table)
    invited = plan.members["member_id"]
    assert (gap.reindex(invited) > 0).mean() > 0.9
    plain = plan_for_window(ds.members, ds.visits, ds.offices, ds.partnerships,
                            attendance=ds.attendance, difficulties=ds.difficulties, options=PlanOptions())
    assert gap.reindex(invited).sum() > gap.reindex(plain.members["member_id"]).sum()
    assert "방문 부족" in plan.sites["reason"].iloc[0]


def test_a_plan_for_one_sido_and_one_federation_stays_inside(ds):
    plan = plan_for_window(ds.members, ds.visits, ds.offices, ds.partnerships,
                           attendance=ds.attendance, difficulties=ds.difficulties,
                           options=PlanOptions(sido="47", sites=5))
    members = ds.members.set_index("member_id")
    assert (members.loc[plan.members["member_id"], "sido_code"] == "47").all()
    assert (plan.sites["sido"] == "경상북도").all()
    assert plan.total_members == int((ds.members["sido_code"] == "47").sum())
    federation = ds.members["federation"].iloc[0]
    plan = plan_for_window(ds.members, ds.visits, ds.offices, ds.partnerships,
                           attendance=ds.attendance, difficulties=ds.difficulties,
                           options=PlanOptions(federation=federation, sites=3))
    assert (members.loc[plan.members["member_id"], "federation"] == federation).all()


@pytest.mark.parametrize(("kwargs", "shown"), [
    ({"visit_program": "박람회"}, "visit_program"),
    ({"seats": -1}, "seats"),
    ({"sido": "99"}, "sido"),
])
def test_plan_options_reject_unknown_programmes_seats_and_sido(kwargs, shown):
    with pytest.raises(OptionError, match=shown):
        PlanOptions(**kwargs)


def test_every_programme_has_seats():
    from network.config import DEFAULT_PROGRAM_SEATS
    from network.schema import PROGRAMS

    assert set(DEFAULT_PROGRAM_SEATS) == set(PROGRAMS)


def test_plan_visits_rejects_bad_seats_and_an_underserved_weight_without_the_ranking():
    with pytest.raises(ValueError, match="seats was 0"):
        plan_visits(_line_members(), pd.DataFrame({"site": ["A"], "lat": [0.0], "lon": [0.0]}), seats=0)
    with pytest.raises(ValueError, match="coverage_table is None"):
        plan_visits(_line_members(), pd.DataFrame({"site": ["A"], "lat": [0.0], "lon": [0.0]}), weight="underserved")


# ----------------------------------------------------------------------------
# small and partial data: the plan says why it is shorter than asked (VisitPlan.notes)


@pytest.fixture(scope="module")
def small_sets(tmp_path_factory):
    from tests import small_data

    base = tmp_path_factory.mktemp("small-plans")
    return lambda name: load_dataset(small_data.write(name, base))


def _plan(ds, **options):
    return plan_for_window(ds.members, ds.visits, ds.offices, ds.partnerships, attendance=ds.attendance,
                           difficulties=ds.difficulties, options=PlanOptions(**options), language="en")


def test_with_no_visits_the_under_served_weight_counts_members_instead(small_sets):
    ds = small_sets("no_visits")
    plan = _plan(ds, weight="underserved", sites=5)
    assert len(plan.sites) == 5 and plan.reached > 0  # not "0 visits reach 0 members"
    assert plan.notes[0].startswith("No region is below the overall rate")
    counted = _plan(ds, weight=None, sites=5)
    assert plan.sites["site"].tolist() == counted.sites["site"].tolist()


def test_a_single_region_counts_members_instead_too(small_sets):
    plan = _plan(small_sets("one_sigungu"), weight="underserved", sites=3)
    assert plan.reached > 0 and any(n.startswith("No region is below") for n in plan.notes)


def test_members_without_a_location_are_said_to_be_unreachable(small_sets):
    plan = _plan(small_sets("no_located_members"), sites=5)
    assert len(plan.sites) == 0 and plan.unlocated_members == 400
    assert plan.notes == ("400 of the 400 members have neither coordinates nor a 시군구, so no visit can reach "
                          "them. Fill in the 시도 and 시군구 or the coordinates in the members file.",)


def test_fewer_sites_than_asked_says_why(small_sets):
    plan = _plan(small_sets("one_federation"), sites=10, weight=None)  # 제주: two 시군구 centres
    assert 0 < len(plan.sites) < 10
    assert any(n.startswith("10 sites were asked for, but only") for n in plan.notes), plan.notes


def test_a_plan_of_what_was_asked_has_no_note(small_sets):
    assert _plan(small_sets("no_visits"), sites=3, weight=None).notes == ()


def test_an_empty_scope_says_there_are_no_members(small_sets):
    plan = _plan(small_sets("one_sido"), sites=3, sido="11")  # the set is 세종's: no member in 서울
    assert plan.notes == ("There are no members in the chosen 시도 or federation, so no site can be planned.",)
