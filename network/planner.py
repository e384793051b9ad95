"""Next-visit planner: choose K visit sites that reach the most members not yet visited.

A *site* is a place where the federation could hold its next visits (a 시군구
centre, a member's location or an office's city); it *reaches* every member
within ``radius_km`` of it (great-circle distance).  The planner solves the
maximal covering location problem (Church & ReVelle 1974): pick ``k`` sites so
that the members reached, and not visited before, weigh as much as possible.

Two layers, as in spopt's coverage models:

* a pure numeric core on a sparse *coverage matrix* (sites × members):
  :func:`coverage_matrix` builds it from coordinates, :func:`greedy_max_cover`
  solves the problem greedily with lazy evaluation, :func:`exact_max_cover`
  solves it exactly as a mixed-integer programme (for checks and small cases);
* DataFrame adapters: :func:`candidate_sites` builds the candidate sites,
  :func:`member_weights` weighs members, and :func:`plan_visits` validates
  the tables, computes weights and distances, calls the core and returns a
  :class:`VisitPlan`.

The objective is monotone and submodular, so the greedy choice reaches at
least ``1 − 1/e ≈ 63 %`` of the optimum (Nemhauser, Wolsey & Fisher 1978); on
30 small random instances in the tests (≤ 15 sites, ≤ 60 members, k = 3–5,
checked against :func:`exact_max_cover`) it reaches 99.7 % of the optimum on
average and never less than 95.2 %.  With a limit of sites per office (a
partition matroid) the guarantee is ``1/2`` (Fisher, Nemhauser & Wolsey 1978).

References
----------
.. [1] R. Church and C. ReVelle, "The maximal covering location problem",
   *Papers of the Regional Science Association* 32 (1974), 101–118.
.. [2] G. L. Nemhauser, L. A. Wolsey and M. L. Fisher, "An analysis of
   approximations for maximizing submodular set functions—I",
   *Mathematical Programming* 14 (1978), 265–294.
.. [3] M. L. Fisher, G. L. Nemhauser and L. A. Wolsey, "An analysis of
   approximations for maximizing submodular set functions—II",
   *Mathematical Programming Study* 8 (1978), 73–87.
.. [4] M. Minoux, "Accelerated greedy algorithms for maximizing submodular
   set functions", *Optimization Techniques*, LNCIS 7 (1978), 234–243.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from network import fieldwork, regions, texts
from network.config import SETTINGS, Defaults, Limits
from network.errors import OptionError
from network.regions import haversine_km
from network.schema import PROGRAMS
from network.texts import Language

__all__ = [
    "EARTH_RADIUS_KM",
    "PLAN_MEMBER_COLUMNS",
    "PLAN_SITE_COLUMNS",
    "PlanOptions",
    "SITE_COLUMNS",
    "SITE_KINDS",
    "VisitPlan",
    "WEIGHTS",
    "candidate_sites",
    "coverage_matrix",
    "exact_max_cover",
    "greedy_max_cover",
    "member_weights",
    "nearest_office",
    "pair_km",
    "plan_for_window",
    "plan_visits",
]

#: Where candidate sites can come from (see :func:`candidate_sites`).
SITE_KINDS: tuple[str, ...] = ("sigungu", "members", "offices")
#: Named member weights of :func:`plan_visits`.
WEIGHTS: tuple[str, ...] = ("underserved", "difficulties", "isolated")

#: Sites per k-d tree search in :func:`coverage_matrix`.
_SITE_BLOCK = 512

#: Mean Earth radius in km, the one :func:`network.regions.haversine_km` uses.
EARTH_RADIUS_KM = 6371.0088

SITE_COLUMNS: tuple[str, ...] = ("site", "site_id", "lat", "lon", "sido", "sigungu_code", "sigungu", "office")
PLAN_SITE_COLUMNS: tuple[str, ...] = (
    "order", "site", "site_id", "sido", "sigungu", "office", "lat", "lon", "reachable_members", "seats",
    "new_members", "new_weight", "cumulative_members", "cumulative_coverage", "reason",
)
PLAN_MEMBER_COLUMNS: tuple[str, ...] = (
    "order", "site", "site_id", "member_id", "name", "sido", "sigungu", "km", "weight", "location_fallback",
)


# ----------------------------------------------------------------------------
# numeric core


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _positive(value: object) -> bool:
    return (isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
            and math.isfinite(value) and bool(value > 0))


def coverage_matrix(site_lat, site_lon, member_lat, member_lon, *, radius_km: float) -> sp.csr_matrix:
    """Which members each site reaches: a boolean sparse matrix (sites × members).

    Entry ``(i, j)`` is true when member ``j`` lies within ``radius_km`` of site
    ``i`` by :func:`~network.regions.haversine_km` (the boundary included).
    Sites or members with a missing (NaN) coordinate reach / are reached by
    nothing.

    No dense sites × members distance matrix is built: both point sets go into
    k-d trees (:class:`scipy.spatial.cKDTree`) on the unit sphere in 3-D,
    where the straight-line (chord) distance is an exact increasing function
    of the great-circle distance, so one search with a slightly enlarged chord
    radius finds every candidate pair without any projection error; each
    candidate pair is then confirmed with the haversine distance.

    Parameters
    ----------
    site_lat, site_lon
        Site coordinates in degrees (same length).
    member_lat, member_lon
        Member coordinates in degrees (same length).
    radius_km
        The reach of a site in km (> 0).

    Returns
    -------
    scipy.sparse.csr_matrix
        Shape ``(sites, members)``, dtype ``bool``, sorted indices.

    Raises
    ------
    ValueError
        When ``radius_km`` is not a positive number or the coordinate arrays
        differ in length.

    Examples
    --------
    Two sites on the equator, 0.2° (22.2 km) apart, and three members:

    >>> m = coverage_matrix([0, 0], [0, 0.2], [0, 0, 0], [0.1, 0.25, float("nan")], radius_km=12)
    >>> m.toarray().tolist()
    [[True, False, False], [True, True, False]]
    """
    site_lat, site_lon, member_lat, member_lon = (
        np.asarray(v, dtype=float).ravel() for v in (site_lat, site_lon, member_lat, member_lon))
    problems = []
    if not _positive(radius_km):
        problems.append(f"radius_km was {radius_km!r} but is expected to be a number > 0")
    if len(site_lat) != len(site_lon):
        problems.append(f"site_lat has {len(site_lat)} values but site_lon has {len(site_lon)}")
    if len(member_lat) != len(member_lon):
        problems.append(f"member_lat has {len(member_lat)} values but member_lon has {len(member_lon)}")
    if problems:
        raise ValueError("; ".join(problems))
    from scipy.spatial import cKDTree

    shape = (len(site_lat), len(member_lat))
    site_ok = np.flatnonzero(np.isfinite(site_lat) & np.isfinite(site_lon))
    member_ok = np.flatnonzero(np.isfinite(member_lat) & np.isfinite(member_lon))
    if len(site_ok) == 0 or len(member_ok) == 0:
        return sp.csr_matrix(shape, dtype=bool)  # type: ignore[arg-type]  # scipy-stubs: (M, N) form is float64-only
    # the radius as a chord of the unit sphere; pairs within a hair of it are decided by haversine
    chord = 2 * math.sin(min(float(radius_km) / (2 * EARTH_RADIUS_KM), math.pi / 2))
    outer, inner = chord * (1 + 1e-9) + 1e-15, chord * (1 - 1e-7)
    site_xyz = _unit_xyz(site_lat[site_ok], site_lon[site_ok])
    member_tree = cKDTree(_unit_xyz(member_lat[member_ok], member_lon[member_ok]))
    row_parts: list[np.ndarray] = []
    col_parts: list[np.ndarray] = []
    for start in range(0, len(site_ok), _SITE_BLOCK):  # blocks of sites bound the memory of the pair list
        pairs = cKDTree(site_xyz[start:start + _SITE_BLOCK]).sparse_distance_matrix(
            member_tree, outer, output_type="ndarray")
        r, c = site_ok[start + pairs["i"]], member_ok[pairs["j"]]
        near = np.flatnonzero(pairs["v"] > inner)
        far = haversine_km(site_lat[r[near]], site_lon[r[near]], member_lat[c[near]], member_lon[c[near]]) > radius_km
        keep = np.ones(len(r), dtype=bool)
        keep[near[far]] = False
        row_parts.append(r[keep].astype(np.int64))
        col_parts.append(c[keep].astype(np.int64))
    rows, cols = np.concatenate(row_parts), np.concatenate(col_parts)
    out = sp.csr_matrix((np.ones(len(rows), dtype=bool), (rows, cols)), shape=shape)
    out.sum_duplicates()
    out.sort_indices()
    return out


def pair_km(cover: sp.spmatrix | sp.sparray, site_lat, site_lon, member_lat, member_lon) -> sp.csr_matrix:
    """The km between each site and each member it covers: ``cover``'s entries, as distances.

    Used as :func:`greedy_max_cover`'s ``preference`` so that a visit with limited seats
    invites the nearest members first.  A distance of 0 is stored as an explicit entry.

    Examples
    --------
    >>> cover = coverage_matrix([0], [0], [0, 0], [0, 0.1], radius_km=12)
    >>> pair_km(cover, [0], [0], [0, 0], [0, 0.1]).toarray().round(1).tolist()
    [[0.0, 11.1]]
    """
    matrix = _as_cover(cover)
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    site_lat, site_lon, member_lat, member_lon = (np.asarray(v, dtype=float).ravel()
                                                  for v in (site_lat, site_lon, member_lat, member_lon))
    km = haversine_km(site_lat[rows], site_lon[rows], member_lat[matrix.indices], member_lon[matrix.indices])
    return sp.csr_matrix((np.asarray(km, dtype=float), matrix.indices.copy(), matrix.indptr.copy()),
                         shape=matrix.shape)


def greedy_max_cover(
    cover: sp.spmatrix | sp.sparray,
    *,
    k: int,
    weights=None,
    already=None,
    site_group=None,
    max_per_group: int | None = None,
    capacity: int | None = None,
    preference: sp.spmatrix | sp.sparray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Choose up to ``k`` sites greedily, each time the one that adds the most weight.

    The weight of a choice of sites is the total weight of the members that at
    least one chosen site covers and that were not ``already`` reached.  At
    each step the site with the largest marginal gain is chosen (the smallest
    site index among equal gains).  Gains only shrink as members get covered
    (the objective is submodular), so the search is *lazy* (Minoux 1978): a
    max-heap keeps an upper bound of every site's gain and only the top site's
    gain is recomputed; when it is still on top, it is the best site.  The
    result equals the plain greedy choice; it is within ``1 − 1/e`` of the
    optimum (``1/2`` with a per-group limit).

    With a ``capacity`` (the seats of a visit) a site takes at most that many of the
    members it covers: the heaviest not yet reached, among equal weights those with
    the smallest ``preference`` (e.g. the nearest), then the lowest index.  Its gain
    is their weight, which still only shrinks as members get reached, so the lazy
    search stays exact for this greedy rule.

    Parameters
    ----------
    cover
        Sites × members, nonzero where the site covers the member (e.g. from
        :func:`coverage_matrix`). Not changed.
    k
        The number of sites to choose (≥ 1).
    weights
        One non-negative weight per member (default: 1 each).
    already
        Boolean mask of members already reached (visited); they count for nothing.
    site_group
        One integer label per site (e.g. its office); a negative label means
        no group (no limit). Needs ``max_per_group``.
    max_per_group
        At most this many chosen sites per group (≥ 1). Needs ``site_group``.
    capacity
        At most this many members per site (≥ 1); ``None``: no limit.
    preference
        Sites × members with the same nonzero pattern as ``cover`` (e.g. the km of
        :func:`pair_km`): among members of equal weight a site takes the smallest first.

    Returns
    -------
    sites : numpy.ndarray
        The chosen site indices in the order of choice (int64). Fewer than
        ``k`` when no remaining (allowed) site adds anything.
    gains : numpy.ndarray
        The weight each chosen site added (float64), non-increasing.

    Raises
    ------
    ValueError
        When ``k`` < 1, an array has the wrong length, a weight is negative
        or not finite, only one of ``site_group`` and ``max_per_group`` is given,
        ``capacity`` < 1, or ``preference`` does not match ``cover``.

    Examples
    --------
    Three sites over seven members on a line: site 1 covers 0–3, site 0
    covers 3–5, site 2 covers 5–6.

    >>> cover = sp.csr_matrix(np.array([[0, 0, 0, 1, 1, 1, 0],
    ...                                 [1, 1, 1, 1, 0, 0, 0],
    ...                                 [0, 0, 0, 0, 0, 1, 1]], dtype=bool))
    >>> sites, gains = greedy_max_cover(cover, k=3)
    >>> sites.tolist(), gains.tolist()
    ([1, 0, 2], [4.0, 2.0, 1.0])
    >>> greedy_max_cover(cover, k=3, already=np.array([1, 1, 1, 1, 0, 0, 0], dtype=bool))[0].tolist()
    [0, 2]

    With two seats per visit, the first site takes two of its four members:

    >>> greedy_max_cover(cover, k=3, capacity=2)[1].tolist()
    [2.0, 2.0, 2.0]
    """
    sites, gains, _ = _greedy(cover, k=k, weights=weights, already=already, site_group=site_group,
                              max_per_group=max_per_group, capacity=capacity, preference=preference)
    return sites, gains


def _greedy(cover, *, k, weights, already, site_group, max_per_group, capacity, preference
            ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """:func:`greedy_max_cover`, and the members each chosen site takes (column indices)."""
    matrix, w, covered, group, limit = _check_core(cover, k, weights, already, site_group, max_per_group)
    seats, order = _check_capacity(matrix, capacity, preference)
    indptr, indices = matrix.indptr, matrix.indices

    def take(site: int) -> np.ndarray:
        """The members ``site`` would take now (all it reaches without a capacity)."""
        start, end = indptr[site], indptr[site + 1]
        free = ~covered[indices[start:end]]
        cols = indices[start:end][free]
        if seats is None or len(cols) <= seats:
            return cols
        best = np.lexsort((cols, order[start:end][free], -w[cols]))[:seats]
        return cols[best]

    def gain(site: int) -> float:
        if seats is not None:
            return float(w[take(site)].sum())
        cols = indices[indptr[site]:indptr[site + 1]]
        # same-length masked sum: never larger than an earlier bound of the same site
        return float(np.where(covered[cols], 0.0, w[cols]).sum())

    # first upper bounds in one product, enlarged a hair so rounding never makes them too small
    bounds = matrix @ np.where(covered, 0.0, w)
    bounds = bounds * (1 + 1e-9) + 1e-300
    heap = [(-float(b), int(i)) for i, b in enumerate(bounds) if b > 1e-300]
    heapq.heapify(heap)
    fresh_at = np.full(matrix.shape[0], -1, dtype=np.int64)  # step at which a site's bound is exact
    used = np.zeros(int(group.max(initial=-1)) + 1, dtype=np.int64)
    chosen: list[int] = []
    gains: list[float] = []
    taken: list[np.ndarray] = []
    while heap and len(chosen) < k:
        neg_bound, site = heap[0]
        if group[site] >= 0 and used[group[site]] >= limit:
            heapq.heappop(heap)  # its group is full: never allowed again
            continue
        if fresh_at[site] == len(chosen):
            heapq.heappop(heap)
            chosen.append(site)
            gains.append(-neg_bound)
            taken.append(take(site))
            covered[taken[-1]] = True
            if group[site] >= 0:
                used[group[site]] += 1
            continue
        value = gain(site)
        fresh_at[site] = len(chosen)
        if value > 0:
            heapq.heapreplace(heap, (-value, site))
        else:
            heapq.heappop(heap)  # adds nothing now, so nothing later either
    return np.asarray(chosen, dtype=np.int64), np.asarray(gains, dtype=float), taken


def _check_capacity(matrix: sp.csr_matrix, capacity, preference) -> tuple[int | None, np.ndarray]:
    """The seats (``None``: no limit) and one preference per stored entry of ``matrix`` (0 when not given)."""
    problems = []
    if capacity is not None and not (_is_int(capacity) and capacity >= 1):
        problems.append(f"capacity was {capacity!r} but is expected to be None or an integer >= 1")
    order = np.zeros(matrix.nnz)
    if preference is not None:
        pref = sp.csr_matrix(preference, dtype=float, copy=True)
        pref.sort_indices()
        if pref.shape != matrix.shape or not (np.array_equal(pref.indptr, matrix.indptr)
                                              and np.array_equal(pref.indices, matrix.indices)):
            problems.append("preference is expected to have the same shape and entries as cover")
        else:
            order = pref.data
    if problems:
        raise ValueError("; ".join(problems))
    return (None if capacity is None else int(capacity)), order


def exact_max_cover(
    cover: sp.spmatrix | sp.sparray,
    *,
    k: int,
    weights=None,
    already=None,
    site_group=None,
    max_per_group: int | None = None,
    capacity: int | None = None,
) -> tuple[np.ndarray, float]:
    """Choose up to ``k`` sites that cover the most weight: the exact optimum.

    Solves the maximal covering location problem as a mixed-integer programme
    with :func:`scipy.optimize.milp` (the HiGHS solver inside SciPy, so no
    extra dependency)::

        maximise    Σ_j w_j y_j
        subject to  y_j ≤ Σ_{i covers j} x_i   for every member j
                    Σ_i x_i ≤ k
                    Σ_{i in g} x_i ≤ max_per_group   for every group g
                    x_i ∈ {0, 1},  0 ≤ y_j ≤ 1

    With a ``capacity`` each member is assigned to one chosen site that covers it
    (``z_ij``), and a site takes at most ``capacity`` members::

        maximise    Σ_ij w_j z_ij
        subject to  Σ_i z_ij ≤ 1   for every member j
                    Σ_j z_ij ≤ capacity · x_i   for every site i
                    Σ_i x_i ≤ k  (and the group limits),  x_i ∈ {0, 1},  0 ≤ z_ij ≤ 1

    Only members with a positive weight that are not ``already`` reached and
    that some site covers become variables.  The time grows quickly with the
    size: meant for checking :func:`greedy_max_cover` and for small cases
    (tens of sites, hundreds of members).

    Parameters
    ----------
    cover, k, weights, already, site_group, max_per_group, capacity
        As in :func:`greedy_max_cover`.

    Returns
    -------
    sites : numpy.ndarray
        The chosen site indices, ascending (int64); at most ``k``, and possibly
        including sites that add nothing when fewer would do.
    value : float
        The weight they cover.

    Raises
    ------
    ValueError
        As :func:`greedy_max_cover`.
    RuntimeError
        When the solver does not report an optimum.

    Examples
    --------
    Greedy takes the big middle site first and then needs two more; the
    optimum is the two outer sites:

    >>> cover = sp.csr_matrix(np.array([[1, 1, 1, 0, 0, 0],
    ...                                 [0, 0, 0, 1, 1, 1],
    ...                                 [0, 1, 1, 1, 1, 0]], dtype=bool))
    >>> greedy_max_cover(cover, k=2)[1].sum()
    np.float64(5.0)
    >>> sites, value = exact_max_cover(cover, k=2)
    >>> sites.tolist(), value
    ([0, 1], 6.0)
    >>> exact_max_cover(cover, k=2, capacity=2)[1]
    4.0
    """
    matrix, w, covered, group, limit = _check_core(cover, k, weights, already, site_group, max_per_group)
    seats, _ = _check_capacity(matrix, capacity, None)
    n_sites = matrix.shape[0]
    effective = np.where(covered, 0.0, w)
    reachable = np.asarray(matrix.sum(axis=0)).ravel() > 0  # _check_core stores only True entries
    members = np.flatnonzero(reachable & (effective > 0))
    if n_sites == 0 or len(members) == 0:
        return np.zeros(0, dtype=np.int64), 0.0
    if seats is not None:
        return _exact_with_seats(matrix[:, members], effective[members], k, group, limit, seats)
    from scipy.optimize import Bounds, LinearConstraint, milp

    sub = matrix[:, members].astype(float).tocsc()
    n_members = len(members)
    objective = np.concatenate([np.zeros(n_sites), -effective[members]])
    constraints = [
        LinearConstraint(sp.hstack([-sub.T, sp.identity(n_members)], format="csr"), -np.inf, 0.0),
        LinearConstraint(np.concatenate([np.ones(n_sites), np.zeros(n_members)])[None, :], -np.inf, k),
    ]
    a_group = _group_rows(group, n_sites + n_members, n_sites)
    if a_group is not None:
        constraints.append(LinearConstraint(a_group, -np.inf, limit))
    result = milp(objective, constraints=constraints,
                  integrality=np.concatenate([np.ones(n_sites), np.zeros(n_members)]), bounds=Bounds(0, 1),
                  options={"mip_rel_gap": 0.0})
    if result.status != 0 or result.x is None:
        raise RuntimeError(f"the MILP solver did not find an optimum: {result.message}")
    sites = np.flatnonzero(result.x[:n_sites] > 0.5).astype(np.int64)
    reached = np.zeros(matrix.shape[1], dtype=bool)
    reached[matrix[sites].indices] = True
    return sites, float(effective[reached].sum())


def _group_rows(group: np.ndarray, n_columns: int, n_sites: int) -> sp.csr_matrix | None:
    """One row per site group over the first ``n_sites`` of ``n_columns`` variables (None without groups)."""
    groups = np.unique(group[group >= 0])
    if not len(groups):
        return None
    rows = np.searchsorted(groups, group[group >= 0])
    cols = np.flatnonzero(group >= 0)
    return sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(groups), n_columns))


def _exact_with_seats(sub: sp.csr_matrix, w: np.ndarray, k: int, group: np.ndarray, limit: int,
                      seats: int) -> tuple[np.ndarray, float]:
    """:func:`exact_max_cover` with a capacity: sites ``x_i`` and one assignment ``z_e`` per covered pair."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    pairs = sub.tocoo()
    site_of, member_of = pairs.row.astype(np.int64), pairs.col.astype(np.int64)
    n_sites, n_pairs = sub.shape[0], len(site_of)
    n = n_sites + n_pairs
    pair_cols = n_sites + np.arange(n_pairs)
    once = sp.csr_matrix((np.ones(n_pairs), (member_of, pair_cols)), shape=(sub.shape[1], n))
    seat_rows = sp.csr_matrix((np.concatenate([np.ones(n_pairs), np.full(n_sites, -float(seats))]),
                               (np.concatenate([site_of, np.arange(n_sites)]),
                                np.concatenate([pair_cols, np.arange(n_sites)]))), shape=(n_sites, n))
    constraints = [LinearConstraint(once, -np.inf, 1.0), LinearConstraint(seat_rows, -np.inf, 0.0),
                   LinearConstraint(np.concatenate([np.ones(n_sites), np.zeros(n_pairs)])[None, :], -np.inf, k)]
    groups = _group_rows(group, n, n_sites)
    if groups is not None:
        constraints.append(LinearConstraint(groups, -np.inf, limit))
    objective = np.concatenate([np.zeros(n_sites), -w[member_of]])
    result = milp(objective, constraints=constraints,
                  integrality=np.concatenate([np.ones(n_sites), np.zeros(n_pairs)]), bounds=Bounds(0, 1),
                  options={"mip_rel_gap": 0.0})
    if result.status != 0 or result.x is None:
        raise RuntimeError(f"the MILP solver did not find an optimum: {result.message}")
    return np.flatnonzero(result.x[:n_sites] > 0.5).astype(np.int64), float(-result.fun)


# ----------------------------------------------------------------------------
# DataFrame adapters


@dataclass(frozen=True)
class VisitPlan:
    """The result of :func:`plan_visits`.

    Attributes
    ----------
    sites
        The chosen sites in order of choice: ``order`` (1, 2, …), ``site``,
        ``site_id``, ``sido``, ``sigungu``, ``office``, ``lat``, ``lon``,
        ``new_members`` (members newly reached by this site: not visited
        before, not reached by an earlier site), ``new_weight`` (their total
        weight, what the planner maximises), ``cumulative_members`` (members
        newly reached by the plan so far) and ``cumulative_coverage`` (share
        of all members visited before or reached so far).
    members
        Every newly reached member once, under the first site that reaches
        it: ``order``, ``site``, ``site_id``, ``member_id``, ``name``,
        ``sido``, ``sigungu``, ``km`` (to the site), ``weight`` and
        ``location_fallback`` (True when the member's location is its
        시군구's representative point).
    total_members
        Members in the table.
    visited_before
        Members listed as attending any of the visits given.
    reached
        Members newly reached by the plan.
    fallback_members
        Members without coordinates placed at their 시군구's representative point.
    unlocated_members
        Members with neither coordinates nor a known 시군구 (never reached).
    k, radius_km
        The options used.
    seats
        Members one visit takes at most (``None``: no limit); ``reached ≤ seats × len(sites)``.
    window
        The time window whose visits counted as visited (``2025-01-01 – 2025-12-31``), when
        planned by :func:`plan_for_window`.
    notes
        Sentences (in the plan's language) that say why the plan is shorter than asked, reaches nobody, or
        weighs members otherwise than asked: members no visit can reach (no location), no candidate site
        left that reaches anyone new, no region behind the overall rate (the under-served weight then
        counts members instead).  Empty when the plan is what was asked for.
    """

    sites: pd.DataFrame
    members: pd.DataFrame
    total_members: int
    visited_before: int
    reached: int
    fallback_members: int
    unlocated_members: int
    k: int
    radius_km: float
    seats: int | None = None
    window: str = ""
    notes: tuple[str, ...] = ()

    @property
    def coverage(self) -> float:
        """Share of all members visited before or reached by the plan (0 when there are no members)."""
        return (self.visited_before + self.reached) / self.total_members if self.total_members else 0.0

    @property
    def coverage_before(self) -> float:
        """Share of all members visited before the plan (0 when there are no members)."""
        return self.visited_before / self.total_members if self.total_members else 0.0


@dataclass(frozen=True)
class PlanOptions:
    """What a person chooses when planning the next visits (the app's planner and ``python -m network plan``).

    Parameters
    ----------
    sites
        How many sites to choose (K, at least 1).
    radius_km
        The reach of a visit in km (> 0).
    months
        Members who attended a visit in the last this many months of the data count as visited.
    programs
        Only visits of these programme types count (empty: all).
    candidates
        Where sites may be: ``"sigungu"`` (시군구 centres), ``"members"`` or ``"offices"``.
    weight
        ``None`` (count members), ``"underserved"`` (target the under-served ranking: each member weighs
        its 시군구's shrunk gap to the national coverage, so regions ranked high come first and regions at
        or above the overall rate count for nothing), ``"difficulties"`` (favour members who raised
        difficulties at any visit, earlier ones included) or ``"isolated"`` (favour members without partners).
    max_per_office
        At most this many sites per office; 0 means no limit.
    visit_program
        The programme of the visits planned (사업설명회, 간담회, 현장상담회, 방문상담); it sets the seats of a
        visit (:attr:`network.config.Defaults.program_seats`: a briefing takes 40 firms, an on-site
        consultation 10).
    seats
        Firms one visit takes, overriding the programme's; 0 means no limit.
    sido
        Plan only in this 시도 (its code, e.g. ``"47"``): its members and sites.
    federation
        Plan only for the members of this federation.

    Raises
    ------
    OptionError
        Listing every value that is not allowed.

    Examples
    --------
    >>> PlanOptions(sites=5, max_per_office=0).max_per_office_or_none is None
    True
    >>> PlanOptions().seats_per_visit, PlanOptions(visit_program="현장상담회").seats_per_visit
    (40, 10)
    >>> PlanOptions(seats=25).seats_per_visit, PlanOptions(seats=0).seats_per_visit is None
    (25, True)
    >>> PlanOptions(sites=0).sites
    Traceback (most recent call last):
    ...
    network.errors.OptionError: sites의 값 0: 1 이상이어야 합니다
    """

    sites: int = 10
    radius_km: float = 30.0
    months: int = 12
    programs: tuple[str, ...] = ()
    candidates: str = "sigungu"
    weight: str | None = None
    max_per_office: int = 0
    visit_program: str | None = SETTINGS.defaults.plan_program
    seats: int | None = None
    sido: str | None = None
    federation: str | None = None

    def __post_init__(self) -> None:
        problems = []
        for name, value, minimum in (("sites", self.sites, 1), ("months", self.months, 1),
                                     ("max_per_office", self.max_per_office, 0),
                                     *((("seats", self.seats, 0),) if self.seats is not None else ())):
            if not _is_int(value) or value < minimum:
                problems.append(OptionError("error.option_at_least", option=name, value=value, minimum=minimum))
        if self.visit_program is not None and self.visit_program not in PROGRAMS:
            problems.append(OptionError("error.option_choice", option="visit_program", value=self.visit_program,
                                        allowed=", ".join(PROGRAMS)))
        if self.sido is not None and self.sido not in set(regions.sido_table()["sido_code"]):
            problems.append(OptionError("error.option_choice", option="sido", value=self.sido,
                                        allowed=", ".join(regions.sido_table()["sido_code"])))
        if not _positive(self.radius_km):
            problems.append(OptionError("error.option_positive", option="radius_km", value=self.radius_km))
        if self.candidates not in SITE_KINDS:
            problems.append(OptionError("error.option_choice", option="candidates", value=self.candidates,
                                        allowed=", ".join(SITE_KINDS)))
        if self.weight is not None and self.weight not in WEIGHTS:
            problems.append(OptionError("error.option_choice", option="weight", value=self.weight,
                                        allowed=", ".join(WEIGHTS)))
        if problems:
            raise OptionError.combine(problems)

    @property
    def max_per_office_or_none(self) -> int | None:
        """``max_per_office`` as :func:`plan_visits` takes it (``None``: no limit)."""
        return self.max_per_office or None

    def seats_for(self, defaults: Defaults = SETTINGS.defaults) -> int | None:
        """Firms one visit takes: ``seats``, else the programme's seats in ``defaults`` (``None``: no limit)."""
        if self.seats is not None:
            return self.seats or None
        return defaults.seats_for(self.visit_program)

    @property
    def seats_per_visit(self) -> int | None:
        """:meth:`seats_for` with the default settings."""
        return self.seats_for()


def plan_for_window(
    members: pd.DataFrame,
    visits: pd.DataFrame,
    offices: pd.DataFrame | None,
    partnerships: pd.DataFrame | None,
    *,
    attendance: pd.DataFrame,
    difficulties: pd.DataFrame,
    options: PlanOptions = PlanOptions(),
    limits: Limits = SETTINGS.limits,
    defaults: Defaults = SETTINGS.defaults,
    language: Language = "ko",
) -> VisitPlan:
    """Plan the next visits as a person asks for them: the one way the app and the command line plan.

    Members who attended a visit (of ``options.programs``) in the last ``options.months`` of the
    data count as visited; candidate sites are :func:`candidate_sites` of ``options.candidates``
    (at most ``limits.planner_candidate_sites`` of them); a visit takes at most
    ``options.seats_for(defaults)`` members, the nearest first; with ``weight="difficulties"`` members
    are weighed by the difficulties they raised at *any* visit (:func:`member_weights`), so those
    who raised difficulties before but were not visited lately come first; with ``weight="underserved"``
    by their 시군구's gap in the under-served ranking (:func:`network.coverage.region_coverage_table`
    of the same window, programmes and federation).  With ``options.sido`` only that 시도's members and
    sites are planned (the ranking stays national, as on the coverage page).  Each site's ``reason`` says,
    in ``language``, whom it reaches and how its 시군구 ranks.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"], "name": ["가", "나", "다"],
    ...                   "lat": [0.0, 0.0, 0.0], "lon": [0.0, 0.1, 0.2]})
    >>> v = pd.DataFrame({"visit_id": ["V1"], "date": pd.to_datetime(["2025-05-01"])})
    >>> a = pd.DataFrame({"visit_id": ["V1"], "member_id": ["a"]})
    >>> d = pd.DataFrame({"visit_id": pd.Series([], dtype=object), "member_id": pd.Series([], dtype=object)})
    >>> plan = plan_for_window(m, v, None, None, attendance=a, difficulties=d,
    ...                        options=PlanOptions(sites=1, radius_km=12, candidates="members"))
    >>> plan.sites["site"].tolist(), plan.window, plan.coverage
    (['나'], '2024-05-02 – 2025-05-01', 1.0)
    >>> plan.sites["reason"].tolist()
    ['반경 12 km 안 미방문 2곳 중 2곳 초대 (좌석 40)']
    """
    from network import coverage

    window = coverage.time_window(visits, months=options.months)
    programs = list(options.programs) or None
    recent = coverage.select_visits(visits, window, programs=programs)
    if options.federation is not None and "federation" in members.columns:
        members = members[members["federation"] == options.federation]
    table = None
    if {"sigungu_code", "sido_code"} <= set(members.columns):
        table = coverage.region_coverage_table(members, visits, offices, attendance=attendance,
                                               difficulties=difficulties, level="sigungu", window=window,
                                               programs=programs, language=language)
    if options.sido is not None and "sido_code" in members.columns:
        members = members[members["sido_code"] == options.sido]
    sites = candidate_sites(members, offices, kind=options.candidates, max_sites=limits.planner_candidate_sites)
    weight: str | pd.Series | None = options.weight
    notes: list[str] = []
    if options.weight == "difficulties":
        weight = member_weights(members, "difficulties", attendance=attendance, difficulties=difficulties)
    if options.weight == "underserved" and table is not None and len(members) and not (
            member_weights(members, "underserved", coverage_table=table) > 0).any():
        weight = None  # no region is behind the overall rate: every gap is 0, and a plan would reach nobody
        notes.append(texts.t("planner.note.nobody_behind", language))
    plan = plan_visits(members, sites, attendance=fieldwork.attendance_at(attendance, recent), k=options.sites,
                       radius_km=options.radius_km, weight=weight, partnerships=partnerships,
                       max_per_office=options.max_per_office_or_none, seats=options.seats_for(defaults),
                       coverage_table=table, language=language)
    return replace(plan, window=window.label(), notes=(*notes, *plan.notes))


def candidate_sites(
    members: pd.DataFrame,
    offices: pd.DataFrame | None,
    *,
    kind: str = "sigungu",
    max_sites: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Candidate visit sites: 시군구 centres, member locations or offices.

    Parameters
    ----------
    members
        Validated members (``member_id``, ``name``, ``sido``, ``sigungu_code``,
        ``sigungu``, ``lat``, ``lon``).
    offices
        Validated offices (``office_id``, ``name``, ``sido``, ``sigungu_code``,
        ``sigungu``, ``lat``, ``lon``), or None. Each site is assigned the
        nearest office (haversine).
    kind
        ``"sigungu"``: the representative point of every 시군구 with at least
        one member (:func:`network.regions.sigungu_table`), labelled
        ``"경기도 수원시 영통구"``, id = 시군구 code;
        ``"members"``: each member's location, labelled with its name, id =
        ``member_id``;
        ``"offices"``: each office's location, labelled with its name, id =
        ``office_id``.
        A member or office without coordinates stands at its 시군구's
        representative point; one without either is left out.
    max_sites
        Keep at most this many sites: a random subset drawn with ``seed``
        (the same every time), in the original order.
    seed
        Seed of that subset.

    Returns
    -------
    pandas.DataFrame
        ``site``, ``site_id``, ``lat``, ``lon``, ``sido``, ``sigungu_code``,
        ``sigungu``, ``office`` (name of the nearest office; None without offices).

    Raises
    ------
    ValueError
        When ``kind`` is unknown, ``max_sites`` < 1, ``offices`` is None for
        ``kind="offices"``, or a needed column is missing.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "name": ["가", "나"], "sido": ["경기도"] * 2,
    ...                   "sigungu_code": ["41117", "41117"], "sigungu": ["수원시 영통구"] * 2,
    ...                   "lat": [37.25, None], "lon": [127.05, None]})
    >>> o = pd.DataFrame({"office_id": ["K1"], "name": ["경기지역본부"], "sido": ["경기도"],
    ...                   "sigungu_code": ["41117"], "sigungu": ["수원시 영통구"], "lat": [37.27], "lon": [127.04]})
    >>> candidate_sites(m, o)[["site", "site_id", "office"]].values.tolist()
    [['경기도 수원시 영통구', '41117', '경기지역본부']]
    >>> candidate_sites(m, o, kind="members")["site"].tolist()
    ['가', '나']
    """
    problems = []
    if kind not in SITE_KINDS:
        problems.append(f"kind was {kind!r} but is expected to be in {list(SITE_KINDS)}")
    if max_sites is not None and not (_is_int(max_sites) and max_sites >= 1):
        problems.append(f"max_sites was {max_sites!r} but is expected to be None or an integer >= 1")
    if kind == "offices" and offices is None:
        problems.append("kind was 'offices' but offices is None")
    needed = {"sigungu": ["sigungu_code"], "members": ["member_id", "name"], "offices": []}.get(kind, [])
    problems += _missing(members, "members", needed)
    if offices is not None:
        problems += _missing(offices, "offices", ["name"] + (["office_id"] if kind == "offices" else []))
    if problems:
        raise ValueError("; ".join(problems))

    if kind == "sigungu":
        table = regions.sigungu_table(include_cities=True)
        codes = pd.Index(members["sigungu_code"].dropna().astype(str).unique())
        table = table[table["sigungu_code"].isin(codes)].sort_values("sigungu_code")
        df = pd.DataFrame({
            "site": (table["sido"] + " " + table["sigungu"]).to_numpy(), "site_id": table["sigungu_code"].to_numpy(),
            "lat": table["lat"].to_numpy(dtype=float), "lon": table["lon"].to_numpy(dtype=float),
            "sido": table["sido"].to_numpy(), "sigungu_code": table["sigungu_code"].to_numpy(),
            "sigungu": table["sigungu"].to_numpy(),
        })
    else:
        source = members if kind == "members" else offices
        assert source is not None, "kind 'offices' without offices is rejected above"
        id_column = "member_id" if kind == "members" else "office_id"
        lat, lon, _ = regions.member_points(source)
        df = pd.DataFrame({
            "site": source["name"].to_numpy(), "site_id": source[id_column].to_numpy(), "lat": lat, "lon": lon,
            "sido": _column(source, "sido"), "sigungu_code": _column(source, "sigungu_code"),
            "sigungu": _column(source, "sigungu"),
        })
    df = df[np.isfinite(df["lat"].to_numpy(dtype=float)) & np.isfinite(df["lon"].to_numpy(dtype=float))]
    if max_sites is not None and len(df) > max_sites:
        keep = np.sort(np.random.default_rng(seed).choice(len(df), size=max_sites, replace=False))
        df = df.iloc[keep]
    df = df.reset_index(drop=True)
    df["office"] = nearest_office(df["lat"].to_numpy(dtype=float), df["lon"].to_numpy(dtype=float), offices)
    return df[list(SITE_COLUMNS)]


def member_weights(
    members: pd.DataFrame,
    weight: str,
    *,
    attendance: pd.DataFrame | None = None,
    difficulties: pd.DataFrame | None = None,
    partnerships: pd.DataFrame | None = None,
    coverage_table: pd.DataFrame | None = None,
) -> pd.Series:
    """The weight of each member for :func:`plan_visits`, as a Series indexed by ``member_id``.

    * ``"underserved"``: the shrunk gap of the member's 시군구 to the national coverage,
      ``max(0, national − shrunk_coverage)`` of ``coverage_table`` (the under-served ranking,
      :func:`network.coverage.region_coverage_table` at 시군구 level): a region that misses many
      members weighs more, one at or above the overall rate weighs 0;

    * ``"difficulties"``: 1 + the number of difficulties the member raised: a difficulty whose
      ``member_id`` is known counts for that member; one whose raiser is unknown counts for every
      member who attended its visit (``attendance``);
    * ``"isolated"``: 2 for a member in no partnership of ``partnerships``
      (neither ``source_id`` nor ``target_id``), 1 otherwise.

    A member with difficulties raised has been visited, so with the *same* visits as
    :func:`plan_visits`'s ``attendance`` (which count as visited) the ``"difficulties"`` weight
    changes nothing.  To favour members who raised difficulties long ago but were not visited
    lately, compute the weights here from all visits and pass only the recent attendance to
    :func:`plan_visits`, with this Series as its ``weight`` (as :func:`plan_for_window` does).

    Parameters
    ----------
    members
        Members with ``member_id``.
    weight
        ``"difficulties"`` or ``"isolated"``.
    attendance, difficulties
        ``visit_id``, ``member_id`` and ``visit_id``, ``member_id`` (may be empty) (for ``"difficulties"``).
    partnerships
        Partnerships with ``source_id`` and ``target_id`` (for ``"isolated"``).

    Returns
    -------
    pandas.Series
        Float weights named ``weight``, indexed by ``member_id`` in the order of ``members``.

    Raises
    ------
    ValueError
        When ``weight`` is unknown, the table it needs is None or lacks
        columns, or member ids are duplicated.

    Examples
    --------
    ``a`` and ``b`` attended V1 (two difficulties, raiser unknown), ``a`` raised one at V2:

    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"]})
    >>> a = pd.DataFrame({"visit_id": ["V1", "V1", "V2"], "member_id": ["a", "b", "a"]})
    >>> d = pd.DataFrame({"visit_id": ["V1", "V1", "V2"], "member_id": [None, None, "a"]})
    >>> member_weights(m, "difficulties", attendance=a, difficulties=d).tolist()
    [4.0, 3.0, 1.0]
    >>> p = pd.DataFrame({"source_id": ["a"], "target_id": ["b"]})
    >>> member_weights(m, "isolated", partnerships=p).tolist()
    [1.0, 1.0, 2.0]
    >>> t = pd.DataFrame({"sigungu_code": ["11110", "26350"], "shrunk_coverage": [0.1, 0.5]})
    >>> t.attrs["overall_coverage"] = 0.3
    >>> m["sigungu_code"] = ["11110", "26350", None]
    >>> member_weights(m, "underserved", coverage_table=t).round(2).tolist()
    [0.2, 0.0, 0.0]
    """
    problems = []
    if not (isinstance(weight, str) and weight in WEIGHTS):
        problems.append(f"weight was {weight!r} but is expected to be in {list(WEIGHTS)}")
    else:
        problems += _weight_problems(members, weight, attendance, difficulties, partnerships, coverage_table)
    if problems:
        raise ValueError("; ".join(problems))
    ids = members["member_id"].astype(str).to_numpy()
    return pd.Series(_member_weights(weight, members, attendance, difficulties, partnerships, coverage_table),
                     index=pd.Index(ids, name="member_id"), name="weight")


def plan_visits(
    members: pd.DataFrame,
    sites: pd.DataFrame,
    *,
    attendance: pd.DataFrame | None = None,
    difficulties: pd.DataFrame | None = None,
    k: int = 10,
    radius_km: float = 30.0,
    weight: str | pd.Series | None = None,
    partnerships: pd.DataFrame | None = None,
    max_per_office: int | None = None,
    seats: int | None = None,
    coverage_table: pd.DataFrame | None = None,
    language: Language = "ko",
) -> VisitPlan:
    """Plan the next ``k`` visit sites that reach the most members not visited yet.

    A member is *visited* when it is in the ``attendance`` given (the attendance of the
    visits of a time window, :func:`network.fieldwork.attendance_at`).  A site
    reaches the members within ``radius_km`` of it; visited members count for
    nothing.  The sites are chosen with :func:`greedy_max_cover` (lazy greedy,
    within ``1 − 1/e`` of the optimum; ``1/2`` with ``max_per_office``).

    Member weights (what a site's gain adds up):

    * None: 1 each (count members);
    * ``"difficulties"``: 1 + the number of difficulties the member raised (see
      :func:`member_weights`) at the visits of ``attendance`` — those members count as
      visited, so this changes nothing; use :func:`member_weights` on all visits and
      pass only the recent attendance (:func:`plan_for_window` does);
    * ``"isolated"``: 2 for a member without any partnership in
      ``partnerships``, 1 otherwise;
    * a Series indexed by ``member_id``: one non-negative weight for every
      member (e.g. from :func:`member_weights`).

    A member without coordinates stands at its 시군구's representative point
    (:func:`network.regions.sigungu_table`); :attr:`VisitPlan.fallback_members`
    says how many did.

    Parameters
    ----------
    members
        Validated members: ``member_id``, and ``name``, ``sido``, ``sigungu``,
        ``sigungu_code``, ``lat``, ``lon`` when present.
    sites
        Candidate sites with ``site``, ``lat``, ``lon`` (and ``site_id``,
        ``sido``, ``sigungu``, ``office`` when present), e.g. from
        :func:`candidate_sites`.
    attendance
        ``visit_id``, ``member_id`` of the visits that count (members in it are visited),
        or None (nobody visited yet).
    difficulties
        ``visit_id``, ``member_id`` of the difficulties raised (for ``weight="difficulties"``).
    k
        The number of sites to choose (≥ 1).
    radius_km
        The reach of a site in km (> 0).
    weight
        None, ``"difficulties"``, ``"isolated"`` or a Series (see above).
    partnerships
        Partnerships (``source_id``, ``target_id``); needed for ``weight="isolated"``.
    max_per_office
        At most this many sites per ``office`` of ``sites`` (sites without an
        office are not limited).
    seats
        At most this many members per visit (the heaviest, then the nearest); ``None``: no limit.
    coverage_table
        The under-served ranking at 시군구 level (:func:`network.coverage.region_coverage_table`): needed
        for ``weight="underserved"``, and when given each site's ``reason`` says how its 시군구 ranks.
    language
        Language of ``reason``.

    Returns
    -------
    VisitPlan
        The sites in order of choice (with ``reachable_members``: members not yet reached within the
        radius when the site was chosen, ``seats`` and a one-line ``reason``), the members each newly
        reaches, and counts.

    Raises
    ------
    ValueError
        Listing every problem: ``k`` < 1, ``radius_km`` ≤ 0, an unknown
        ``weight``, ``"isolated"`` without ``partnerships``, ``"difficulties"``
        without ``attendance`` and ``difficulties``, a Series missing members or with negative
        weights, ``max_per_office`` < 1 or without an ``office`` column,
        missing columns, duplicate member ids.

    Examples
    --------
    Three members on the equator, 0.1° (11.1 km) apart, one visited; two sites:

    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"], "name": ["가", "나", "다"],
    ...                   "lat": [0.0, 0.0, 0.0], "lon": [0.0, 0.1, 0.2]})
    >>> s = pd.DataFrame({"site": ["west", "east"], "lat": [0.0, 0.0], "lon": [0.0, 0.2]})
    >>> a = pd.DataFrame({"visit_id": ["V1"], "member_id": ["a"]})
    >>> plan = plan_visits(m, s, attendance=a, k=2, radius_km=12)
    >>> plan.sites[["site", "new_members", "cumulative_coverage"]].values.tolist()
    [['east', 2, 1.0]]
    >>> plan.members[["site", "member_id", "km"]].round(1).values.tolist()
    [['east', 'c', 0.0], ['east', 'b', 11.1]]
    """
    problems = []
    if not (_is_int(k) and k >= 1):
        problems.append(f"k was {k!r} but is expected to be an integer >= 1")
    if not _positive(radius_km):
        problems.append(f"radius_km was {radius_km!r} but is expected to be a number > 0")
    if max_per_office is not None and not (_is_int(max_per_office) and max_per_office >= 1):
        problems.append(f"max_per_office was {max_per_office!r} but is expected to be None or an integer >= 1")
    if seats is not None and not (_is_int(seats) and seats >= 1):
        problems.append(f"seats was {seats!r} but is expected to be None or an integer >= 1")
    problems += _weight_problems(members, weight, attendance, difficulties, partnerships, coverage_table)
    problems += _missing(sites, "sites", ["site", "lat", "lon"] + (["office"] if max_per_office is not None else []))
    if problems:
        raise ValueError("; ".join(problems))

    ids = members["member_id"].astype(str).to_numpy()
    position = pd.Index(ids)
    visited = np.zeros(len(ids), dtype=bool)
    if attendance is not None:
        found = position.get_indexer(attendance["member_id"].astype(str))
        visited[found[found >= 0]] = True
    w = _member_weights(weight, members, attendance, difficulties, partnerships, coverage_table)
    lat, lon, fallback = regions.member_points(members)
    unlocated = ~(np.isfinite(lat) & np.isfinite(lon))

    site_lat = sites["lat"].to_numpy(dtype=float)
    site_lon = sites["lon"].to_numpy(dtype=float)
    cover = coverage_matrix(site_lat, site_lon, lat, lon, radius_km=radius_km)
    group = None
    if max_per_office is not None:
        group = pd.factorize(sites["office"], use_na_sentinel=True)[0]
    preference = pair_km(cover, site_lat, site_lon, lat, lon) if seats is not None else None
    chosen, gains, taken = _greedy(cover, k=k, weights=w, already=visited, site_group=group,
                                   max_per_group=max_per_office, capacity=seats, preference=preference)

    reached = visited.copy()
    new_counts: list[int] = []
    reachable: list[int] = []
    site_parts: list[np.ndarray] = []
    member_parts: list[np.ndarray] = []
    for step, (site, new) in enumerate(zip(chosen, taken)):
        cols = cover.indices[cover.indptr[site]:cover.indptr[site + 1]]
        reachable.append(int((~reached[cols]).sum()))
        reached[new] = True
        new_counts.append(len(new))
        site_parts.append(np.full(len(new), step))
        member_parts.append(new)
    site_rows = np.concatenate(site_parts) if site_parts else np.zeros(0, dtype=np.int64)
    member_rows = np.concatenate(member_parts) if member_parts else np.zeros(0, dtype=np.int64)

    total, before = len(ids), int(visited.sum())
    cumulative = np.cumsum(np.asarray(new_counts, dtype=np.int64))
    df_sites = pd.DataFrame({
        "order": np.arange(1, len(chosen) + 1),
        "site": sites["site"].to_numpy()[chosen],
        "site_id": _column(sites, "site_id")[chosen],
        "sido": _column(sites, "sido")[chosen],
        "sigungu": _column(sites, "sigungu")[chosen],
        "office": _column(sites, "office")[chosen],
        "lat": site_lat[chosen],
        "lon": site_lon[chosen],
        "reachable_members": np.asarray(reachable, dtype=np.int64),
        "seats": pd.array([seats] * len(chosen), dtype="Int64"),
        "new_members": np.asarray(new_counts, dtype=np.int64),
        "new_weight": gains,
        "cumulative_members": cumulative,
        "cumulative_coverage": (before + cumulative) / total if total else np.zeros(len(chosen)),
    }, columns=[c for c in PLAN_SITE_COLUMNS if c != "reason"])
    df_sites["reason"] = _site_reasons(df_sites, _column(sites, "sigungu_code")[chosen], coverage_table,
                                       radius_km=float(radius_km), language=language)

    at = chosen[site_rows]
    df_members = pd.DataFrame({
        "order": site_rows + 1,
        "site": sites["site"].to_numpy()[at],
        "site_id": _column(sites, "site_id")[at],
        "member_id": ids[member_rows],
        "name": _column(members, "name")[member_rows],
        "sido": _column(members, "sido")[member_rows],
        "sigungu": _column(members, "sigungu")[member_rows],
        "km": haversine_km(site_lat[at], site_lon[at], lat[member_rows], lon[member_rows]),
        "weight": w[member_rows],
        "location_fallback": fallback[member_rows],
    }, columns=list(PLAN_MEMBER_COLUMNS))
    df_members = df_members.sort_values(["order", "km", "member_id"], kind="stable").reset_index(drop=True)
    notes = _plan_notes(total=total, unlocated=int(unlocated.sum()), left=int((~reached & ~unlocated).sum()),
                        chosen=len(chosen), k=int(k), candidates=len(sites), language=language)
    return VisitPlan(
        sites=df_sites, members=df_members, total_members=total, visited_before=before,
        reached=int(len(member_rows)), fallback_members=int(fallback.sum()),
        unlocated_members=int(unlocated.sum()), k=int(k), radius_km=float(radius_km), seats=seats,
        notes=notes,
    )


def _plan_notes(*, total: int, unlocated: int, left: int, chosen: int, k: int, candidates: int,
                language: Language) -> tuple[str, ...]:
    """Why a plan is shorter than asked or reaches nobody (see :attr:`VisitPlan.notes`): ``left`` members with a
    location are neither visited before nor reached by the plan."""
    if not total:
        return (texts.t("planner.note.no_members", language),)
    notes = [texts.t("planner.note.unlocated", language, count=unlocated, total=total)] if unlocated else []
    if chosen < k and not left and total > unlocated:
        notes.append(texts.t("planner.note.all_visited", language))
    elif chosen < k and left:
        notes.append(texts.t("planner.note.out_of_sites", language, chosen=chosen, k=k, candidates=candidates,
                             left=left))
    return tuple(notes)


def _site_reasons(df_sites: pd.DataFrame, codes: np.ndarray, table: pd.DataFrame | None, *, radius_km: float,
                  language: Language) -> list[str]:
    """One line per chosen site: whom it reaches (of how many, seats) and how its 시군구 ranks."""
    rows = table.set_index(table["sigungu_code"].astype(str)) if table is not None else None
    overall = table.attrs.get("overall_coverage") if table is not None else None
    out = []
    for row, code in zip(df_sites.itertuples(), codes):
        seats = None if pd.isna(row.seats) else int(row.seats)
        key = "planner.reason.seats" if seats is not None else "planner.reason.reach"
        text = texts.t(key, language, radius=radius_km, reachable=row.reachable_members, new=row.new_members,
                       seats=seats)
        region = rows.loc[str(code)] if rows is not None and code is not None and str(code) in rows.index else None
        if region is not None and overall is not None and pd.notna(region["coverage"]):
            rank = region["rank"]
            text += texts.t("planner.reason.ranked" if pd.notna(rank) else "planner.reason.region", language,
                            region=region["sigungu"], coverage=float(region["coverage"]), overall=float(overall),
                            rank=int(rank) if pd.notna(rank) else 0)
        out.append(text)
    return out


# ----------------------------------------------------------------------------
# helpers


def _missing(df: pd.DataFrame, name: str, columns: list[str]) -> list[str]:
    absent = [c for c in columns if c not in df.columns]
    return [f"{name} lacks column(s) {absent}"] if absent else []


def _column(df: pd.DataFrame, column: str) -> np.ndarray:
    """The column as an object array, or Nones when absent."""
    if column not in df.columns:
        return np.full(len(df), None, dtype=object)
    return df[column].astype(object).where(df[column].notna(), None).to_numpy(dtype=object)


def _as_cover(cover) -> sp.csr_matrix:
    """A new boolean CSR copy of ``cover``: only true entries stored, no duplicates, sorted indices."""
    matrix = sp.csr_matrix(cover, copy=True)
    matrix.eliminate_zeros()
    matrix = matrix.astype(bool)
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


def _check_core(cover, k, weights, already, site_group,
                max_per_group) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray, np.ndarray, int]:
    """Validate the core's arguments (all problems at once); return new arrays, never the inputs."""
    problems = []
    if not (_is_int(k) and k >= 1):
        problems.append(f"k was {k!r} but is expected to be an integer >= 1")
    if (site_group is None) != (max_per_group is None):
        problems.append(f"site_group is {'None' if site_group is None else 'given'} but max_per_group was "
                        f"{max_per_group!r}: give both or neither")
    if max_per_group is not None and not (_is_int(max_per_group) and max_per_group >= 1):
        problems.append(f"max_per_group was {max_per_group!r} but is expected to be None or an integer >= 1")
    matrix = _as_cover(cover)
    n_sites, n_members = matrix.shape
    w = np.ones(n_members)
    if weights is not None:
        w = np.array(weights, dtype=float).ravel()
        if len(w) != n_members:
            problems.append(f"weights has {len(w)} values but cover has {n_members} members (columns)")
        elif not (np.isfinite(w).all() and (w >= 0).all()):
            problems.append("weights are expected to be finite numbers >= 0")
    covered = np.zeros(n_members, dtype=bool)
    if already is not None:
        covered = np.array(already, dtype=bool).ravel()
        if len(covered) != n_members:
            problems.append(f"already has {len(covered)} values but cover has {n_members} members (columns)")
    group = np.full(n_sites, -1, dtype=np.int64)
    if site_group is not None:
        group = np.array(site_group).ravel()
        if len(group) != n_sites:
            problems.append(f"site_group has {len(group)} values but cover has {n_sites} sites (rows)")
        elif len(group) and not np.issubdtype(group.dtype, np.integer):
            problems.append(f"site_group is expected to hold integers, not {group.dtype}")
        group = group.astype(np.int64) if np.issubdtype(group.dtype, np.integer) else group
    if problems:
        raise ValueError("; ".join(problems))
    labelled = group >= 0
    group = group.copy()
    group[labelled] = np.unique(group[labelled], return_inverse=True)[1]  # 0 … groups − 1
    limit = n_sites if max_per_group is None else int(max_per_group)
    return matrix, w, covered, group, limit


def _unit_xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def nearest_office(lat: np.ndarray, lon: np.ndarray, offices: pd.DataFrame | None) -> np.ndarray:
    """Name of the nearest office (haversine) for each point; None without offices or coordinates.

    Examples
    --------
    >>> o = pd.DataFrame({"name": ["서울", "부산"], "lat": [37.56, 35.18], "lon": [126.97, 129.07]})
    >>> nearest_office(np.array([37.4, 35.1, np.nan]), np.array([127.0, 129.0, np.nan]), o).tolist()
    ['서울', '부산', None]
    """
    out = np.full(len(lat), None, dtype=object)
    if offices is None or offices.empty:
        return out
    olat, olon, _ = regions.member_points(offices)
    ok = np.isfinite(olat) & np.isfinite(olon)
    if not ok.any():
        return out
    names = offices["name"].to_numpy(dtype=object)[ok]
    olat, olon = olat[ok], olon[ok]
    block = max(1, 2_000_000 // len(olat))
    for start in range(0, len(lat), block):
        d = haversine_km(lat[start:start + block, None], lon[start:start + block, None], olat[None, :], olon[None, :])
        located = np.isfinite(d).any(axis=1)
        best = np.argmin(np.where(np.isfinite(d), d, np.inf), axis=1)
        out[start:start + block] = np.where(located, names[best], None)
    return out


def _weight_problems(members: pd.DataFrame, weight, attendance: pd.DataFrame | None,
                     difficulties: pd.DataFrame | None, partnerships: pd.DataFrame | None,
                     coverage_table: pd.DataFrame | None) -> list[str]:
    """Problems with ``members`` and the weight options of :func:`plan_visits` / :func:`member_weights`."""
    problems = []
    named = isinstance(weight, str)
    if named and weight == "underserved":
        if coverage_table is None:
            problems.append("weight was 'underserved' but coverage_table is None")
        else:
            problems += _missing(coverage_table, "coverage_table", ["sigungu_code", "shrunk_coverage"])
            if "overall_coverage" not in coverage_table.attrs:
                problems.append("coverage_table lacks attrs['overall_coverage']")
        problems += _missing(members, "members", ["sigungu_code"])
    if not (weight is None or isinstance(weight, pd.Series) or (named and weight in WEIGHTS)):
        problems.append(f"weight was {weight!r} but is expected to be None, a Series indexed by member_id, "
                        f"or in {list(WEIGHTS)}")
    if named and weight == "isolated" and partnerships is None:
        problems.append("weight was 'isolated' but partnerships is None")
    if named and weight == "difficulties" and (attendance is None or difficulties is None):
        problems.append("weight was 'difficulties' but attendance or difficulties is None")
    problems += _missing(members, "members", ["member_id"])
    if attendance is not None:
        problems += _missing(attendance, "attendance", ["visit_id", "member_id"])
    if difficulties is not None and named and weight == "difficulties":
        problems += _missing(difficulties, "difficulties", ["visit_id", "member_id"])
    if partnerships is not None and named and weight == "isolated":
        problems += _missing(partnerships, "partnerships", ["source_id", "target_id"])
    if "member_id" in members.columns and members["member_id"].duplicated().any():
        dup = members.loc[members["member_id"].duplicated(), "member_id"].astype(str).unique()[:5].tolist()
        problems.append(f"members has duplicate member_id values, e.g. {dup}")
    if isinstance(weight, pd.Series) and "member_id" in members.columns:
        problems += _check_weight_series(weight, members["member_id"])
    return problems


def _check_weight_series(weight: pd.Series, member_ids: pd.Series) -> list[str]:
    problems = []
    ids = member_ids.astype(str)
    index = weight.index.astype(str)
    if index.duplicated().any():
        problems.append("the weight Series has duplicate member_id labels")
        return problems
    absent = ids[~ids.isin(index)]
    if len(absent):
        problems.append(f"the weight Series lacks {len(absent)} member(s), e.g. {absent.head(5).tolist()}")
    values = pd.to_numeric(weight, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        problems.append(f"the weight Series has {int(bad.sum())} value(s) that are not finite numbers >= 0")
    return problems


def _member_weights(weight, members: pd.DataFrame, attendance: pd.DataFrame | None,
                    difficulties: pd.DataFrame | None, partnerships: pd.DataFrame | None,
                    coverage_table: pd.DataFrame | None) -> np.ndarray:
    """One weight per member (see :func:`plan_visits`)."""
    position = pd.Index(members["member_id"].astype(str).to_numpy())
    n = len(position)
    if weight is None:
        return np.ones(n)
    if isinstance(weight, pd.Series):
        values = pd.to_numeric(weight, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        return pd.Series(values, index=weight.index.astype(str)).reindex(position).to_numpy(dtype=float)
    if weight == "underserved":
        assert coverage_table is not None  # checked by _weight_problems
        gap = np.maximum(0.0, float(coverage_table.attrs["overall_coverage"])
                         - pd.to_numeric(coverage_table["shrunk_coverage"], errors="coerce").to_numpy(dtype=float))
        by_code = pd.Series(np.nan_to_num(gap), index=coverage_table["sigungu_code"].astype(str))
        return members["sigungu_code"].astype(str).map(by_code).fillna(0.0).to_numpy(dtype=float)
    if weight == "difficulties":
        assert attendance is not None and difficulties is not None  # checked by _weight_problems
        known = difficulties["member_id"].notna()
        own = position.get_indexer(difficulties.loc[known, "member_id"].astype(str))
        counts = np.bincount(own[own >= 0], minlength=n).astype(float)
        unattributed = difficulties.loc[~known].groupby("visit_id").size()  # counts for each attendee
        shared = attendance["visit_id"].map(unattributed).fillna(0).to_numpy(dtype=float)
        at = position.get_indexer(attendance["member_id"].astype(str))
        counts += np.bincount(at[at >= 0], weights=shared[at >= 0], minlength=n)
        return 1.0 + counts
    assert partnerships is not None  # "isolated": checked by _weight_problems
    linked = np.zeros(n, dtype=bool)
    for column in ("source_id", "target_id"):
        found = position.get_indexer(partnerships[column].astype(str))
        linked[found[found >= 0]] = True
    return np.where(linked, 1.0, 2.0)
