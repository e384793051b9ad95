"""Matchmaking meetings (간담회·현장상담회): whom to invite so that the meeting makes the most valuable introductions.

Given a place (an office, or a 시군구's representative point), a date, a travel radius and a number of
seats, :func:`plan_meeting` proposes the invitation list, the pairs to introduce at the meeting with the
suggestion engine's reasons, and a profile of every invitee; :func:`to_xlsx` and :func:`to_pdf` write them
as a workbook and as a printable briefing.

The problem
-----------
The *candidates* are the members within ``radius_km`` of the place (a member without coordinates stands at
its 시군구's representative point).  The suggestion engine (:func:`network.recommend.prepare` and
:func:`network.recommend.score_members`, with :data:`network.recommend.DEFAULT_WEIGHTS` or given weights)
ranks each candidate's suggested partners; each candidate keeps its best ``pairs_per_member`` suggestions
that are candidates too and have a positive score.  These form a sparse *pair graph* whose edge weight
``s_ij`` is the engine's score (symmetric; existing partners are never suggested, so never a pair).  Each
candidate also has a *bonus* ``b_i``: ``bonus_unvisited`` when it attended no visit in the last
``unvisited_months`` months, plus ``bonus_open_difficulties`` when it has an open difficulty (status in
:data:`network.schema.OPEN_STATUSES`).  Choose ``k`` invitees ``S`` maximising::

    f(S) = Σ_{i ∈ S} b_i + Σ_{i < j ∈ S} s_ij      subject to  |S| = k,
                                                     |S ∩ g| ≤ cap for every 교류회 g

with ``k`` the seats and ``cap = max(1, ⌊max_group_share × seats⌋)``.  This is the densest-k-subgraph
problem with node weights and a partition constraint, NP-hard (Feige, Kortsarz & Peleg 2001).

The method
----------
:func:`choose_invitees` (the default) builds several starting lists and improves each by local search:

1. *Peeling* (Asahiro et al. 2000): from all candidates, remove the one with the smallest gain
   ``b_v + Σ s_uv`` over those left until ``k`` remain; once only as many removals are left as firms above
   their 교류회's cap, remove the weakest of those.
2. *Greedy from seeds*: from the empty set and from each of the best ``restarts − 1`` pairs (by
   ``s_ij + b_i + b_j``), add the candidate with the largest marginal gain ``b_v + Σ_{u ∈ S} s_uv`` whose
   교류회 still has room, until ``k`` are chosen.
3. *Local search* on each: while some 1-swap (one invitee out, one candidate in, the cap kept) raises
   ``f``, make the best one; when none does, the best *pair swap* (two invitees out, two candidates who
   are a pair in: under a cap a 교류회's pair often cannot be replaced one firm at a time); at most
   ``max_swaps`` moves.  Swapping ``u`` for ``v`` changes ``f`` by ``gain_v − s_uv − gain_u``, so all
   swaps are priced at once from the gain vector.
4. The best result is kept.

:func:`exact_invitees` solves the same problem exactly as a mixed-integer programme with
:func:`scipy.optimize.milp` (HiGHS): binary ``x_i``, ``0 ≤ y_ij ≤ 1`` with ``y_ij ≤ x_i`` and
``y_ij ≤ x_j`` (pair weights are positive, so ``y_ij = x_i x_j`` at the optimum), ``Σ x_i = k`` and
``Σ_{i ∈ g} x_i ≤ cap``.  It is for checks and small instances (at most
:data:`EXACT_MAX_CANDIDATES` candidates in :func:`plan_meeting`).

Measured quality: on 40 small random instances in the tests (12–24 candidates, 4–8 seats, 15–40 % of the
pairs scored, bonuses of 0, 1 or 2, 3–6 교류회 with caps of 2–3; ``tests/test_meeting.py``), the heuristic
reached 100.00 % of the exact optimum on average and never less than 100.00 %: it was optimal on 40 of
the 40.  On 1,000 instances from the same generator it was optimal on 999 (99.999 % on average, worst
99.3 %); on six instances cut from the 100,000-member benchmark (6–12 seats among 47–129 members within
1.5–4 km of a place, where the exact solver took up to five minutes) it was optimal on five and reached
98.6 % on the sixth.  Each part counts: greedy and 1-swaps from 20 starts alone reached only 95.9 % on the
worst of the 1,000; at 40 seats among 250–24,000 candidates, peeling followed by the local search gave lists
up to 5 % better than the best of 300 greedy starts.  ``benchmarks/bench_meeting.py`` measures the speed and compares with
the exact optimum and with simpler invitation lists in the same run (see the README).

References
----------
.. [1] U. Feige, G. Kortsarz and D. Peleg, "The dense k-subgraph problem", *Algorithmica* 29 (2001),
   410–421.
.. [2] Y. Asahiro, K. Iwama, H. Tamaki and T. Tokuyama, "Greedily finding a dense subgraph",
   *Journal of Algorithms* 34 (2000), 203–221.

Examples
--------
Four seats, at most two from one 교류회, within 20 km of 수원시 영통구 (five members there, three of them in
수원1교류회; A1–D4 and B2–C3 are partners already):

>>> plan = plan_meeting(_example_data(), sigungu="수원시 영통구", date="2026-12-10", today=dt.date(2026, 11, 30),
...                     options=MeetingOptions(seats=4, radius_km=20, max_group_share=0.5))
>>> plan.invitees[["name", "group"]].values.tolist()
[['가나정밀', '수원1교류회'], ['다라전자', '수원1교류회'], ['마바화학', '수원2교류회'], ['사아기계', '수원2교류회']]
>>> plan.pairs[["name_a", "name_b"]].values.tolist()
[['가나정밀', '다라전자'], ['가나정밀', '마바화학'], ['다라전자', '사아기계']]
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from network import export, fieldwork, recommend, regions, texts
from network.dataset import Dataset
from network.errors import InsufficientDataError, NotFoundError, OptionError
from network.recommend import DEFAULT_WEIGHTS, Engine, Weights
from network.schema import OPEN_STATUSES
from network.texts import Language, Text

__all__ = [
    "DIFFICULTY_COLUMNS",
    "EXACT_MAX_CANDIDATES",
    "INVITEE_COLUMNS",
    "METHODS",
    "PAIR_COLUMNS",
    "PROFILE_COLUMNS",
    "VISIT_COLUMNS",
    "MeetingOptions",
    "MeetingPlan",
    "MeetingProfiles",
    "Place",
    "check_date",
    "choose_invitees",
    "exact_invitees",
    "invitee_value",
    "member_bonus_table",
    "office_choices",
    "pair_table",
    "plan_meeting",
    "profile_tables",
    "resolve_place",
    "to_html",
    "to_pdf",
    "to_xlsx",
]

#: How the invitees are chosen: ``"heuristic"`` (:func:`choose_invitees`) or ``"exact"`` (:func:`exact_invitees`).
METHODS: tuple[str, ...] = ("heuristic", "exact")
#: The most candidates :func:`plan_meeting` hands to the exact solver (its time grows quickly with the size).
EXACT_MAX_CANDIDATES = 80

#: The invitation list (:attr:`MeetingPlan.invitees`).
INVITEE_COLUMNS: tuple[str, ...] = (
    "order", "member_id", "name", "federation", "group", "sido", "sigungu", "km", "bonus_unvisited",
    "bonus_open_difficulties", "bonus", "pair_score", "pairs", "last_visit", "open_difficulties", "lat", "lon",
    "location_fallback",
)
#: The pairs to introduce (:attr:`MeetingPlan.pairs`).
PAIR_COLUMNS: tuple[str, ...] = ("member_id_a", "name_a", "member_id_b", "name_b", "score", "km", "reasons")
#: The member columns a profile shows, when the data set has them (:func:`profile_tables`).
PROFILE_COLUMNS: tuple[str, ...] = ("member_id", "name", "federation", "group", "sido", "sigungu", "industry",
                                    "industry_name", "offers", "needs")
#: The visit columns a profile's past visits show, when the data set has them.
VISIT_COLUMNS: tuple[str, ...] = ("visit_id", "date", "program", "office", "sido", "sigungu")
#: The difficulty columns a profile's open difficulties show, when the data set has them.
DIFFICULTY_COLUMNS: tuple[str, ...] = ("difficulty_id", "category", "status", "raised_on", "due")

_TOLERANCE = 1e-9
#: Outside pairs priced by a pair swap (the most promising first).
_PAIR_SWAP_EDGES = 512
_METHOD_TEXTS = {"heuristic": "meeting.method.heuristic", "exact": "meeting.method.exact"}


# ----------------------------------------------------------------------------
# numeric core


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
            and math.isfinite(value))


def _check_core(pair_weights, bonus, k, group, max_per_group
                ) -> tuple[sp.csr_matrix, np.ndarray, int, np.ndarray, int]:
    """Validate the core's arguments (every problem at once); return new arrays, never the inputs."""
    problems: list[str] = []
    W = sp.csr_matrix(pair_weights, dtype=float, copy=True)
    n = W.shape[0]
    if W.shape[0] != W.shape[1]:
        problems.append(f"pair_weights has shape {W.shape} but is expected to be square")
    else:
        W.sum_duplicates()
        W.eliminate_zeros()
        if W.nnz and not (np.isfinite(W.data).all() and (W.data >= 0).all()):
            problems.append("pair_weights are expected to be finite numbers >= 0")
        elif W.nnz and abs(W - W.T).max() > 1e-9 * max(1.0, float(abs(W).max())):
            problems.append("pair_weights is expected to be symmetric (the weight of pair i, j at [i, j] and [j, i])")
        if W.diagonal().any():
            problems.append("pair_weights is expected to have a zero diagonal (a member is no pair with itself)")
    b = np.zeros(n) if bonus is None else np.array(bonus, dtype=float).ravel()
    if len(b) != n:
        problems.append(f"bonus has {len(b)} values but pair_weights has {n} rows")
    elif not np.isfinite(b).all():
        problems.append("bonus values are expected to be finite numbers")
    if (group is None) != (max_per_group is None):
        problems.append(f"group is {'None' if group is None else 'given'} but max_per_group was {max_per_group!r}: "
                        "give both or neither")
    if max_per_group is not None and not (_is_int(max_per_group) and max_per_group >= 1):
        problems.append(f"max_per_group was {max_per_group!r} but is expected to be None or an integer >= 1")
    labels = np.full(n, -1, dtype=np.int64)
    if group is not None:
        given = np.asarray(group).ravel()
        if len(given) != n:
            problems.append(f"group has {len(given)} values but pair_weights has {n} rows")
        elif len(given) and not np.issubdtype(given.dtype, np.integer):
            problems.append(f"group is expected to hold integers, not {given.dtype}")
        else:
            labels = given.astype(np.int64)
    limit = n if max_per_group is None or not _is_int(max_per_group) else int(max_per_group)
    if not (_is_int(k) and k >= 1):
        problems.append(f"k was {k!r} but is expected to be an integer >= 1")
    elif not problems and k > _most_invitable(labels, limit):
        problems.append(f"k was {k} but at most {_most_invitable(labels, limit)} can be chosen "
                        f"({n} candidates, at most {limit} per group)")
    if problems:
        raise ValueError("; ".join(problems))
    labelled = labels >= 0
    labels = labels.copy()
    labels[labelled] = np.unique(labels[labelled], return_inverse=True)[1]  # 0 … groups − 1
    W.sort_indices()
    return W, b, int(k), labels, limit


def _most_invitable(group: np.ndarray, limit: int) -> int:
    """How many can be chosen at most under ``limit`` per group (negative labels: no group)."""
    sizes = np.bincount(group[group >= 0]) if (group >= 0).any() else np.zeros(0, dtype=np.int64)
    return int((group < 0).sum() + np.minimum(sizes, limit).sum())


def invitee_value(pair_weights, bonus, chosen) -> float:
    """The value ``f(S) = Σ_{i∈S} b_i + Σ_{i<j∈S} s_ij`` of a choice of invitees.

    Parameters
    ----------
    pair_weights
        Candidates × candidates, symmetric, non-negative, zero diagonal (sparse or dense): the score of
        each pair.
    bonus
        One bonus per candidate (or None: no bonus).
    chosen
        Indices of the chosen candidates.

    Returns
    -------
    float

    Examples
    --------
    A path 0 – 1 – 2 with pair scores 2 and 3, and a bonus of 1 for candidate 0:

    >>> W = np.array([[0, 2, 0], [2, 0, 3], [0, 3, 0]])
    >>> invitee_value(W, [1, 0, 0], [0, 1]), invitee_value(W, [1, 0, 0], [1, 2])
    (3.0, 3.0)
    """
    W = sp.csr_matrix(pair_weights, dtype=float)
    at = np.asarray(chosen, dtype=np.int64).ravel()
    b = np.zeros(W.shape[0]) if bonus is None else np.asarray(bonus, dtype=float).ravel()
    return float(b[at].sum() + W[at][:, at].sum() / 2)


class _Search:
    """Greedy construction and 1-swap local search on one instance (the state of one run)."""

    def __init__(self, W: sp.csr_matrix, b: np.ndarray, group: np.ndarray, limit: int):
        self.W, self.b, self.group, self.limit = W, b, group, limit
        self.n = W.shape[0]
        self.chosen = np.zeros(self.n, dtype=bool)
        self.gain = b.copy()  # b_v + Σ_{u ∈ S} s_uv for every v (in S or not)
        self.used = np.zeros(max(int(group.max(initial=-1)) + 1, 1), dtype=np.int64)
        self.value = 0.0

    def _row(self, v: int) -> tuple[np.ndarray, np.ndarray]:
        start, stop = self.W.indptr[v], self.W.indptr[v + 1]
        return self.W.indices[start:stop], self.W.data[start:stop]

    def add(self, v: int) -> None:
        self.value += self.gain[v]
        self.chosen[v] = True
        if self.group[v] >= 0:
            self.used[self.group[v]] += 1
        cols, data = self._row(v)
        self.gain[cols] += data

    def remove(self, v: int) -> None:
        self.chosen[v] = False
        if self.group[v] >= 0:
            self.used[self.group[v]] -= 1
        cols, data = self._row(v)
        self.gain[cols] -= data
        self.value -= self.gain[v]

    def room(self, nodes: np.ndarray) -> np.ndarray:
        """Whether each node's group has room for one more (always, without a group)."""
        g = self.group[nodes]
        return (g < 0) | (self.used[np.maximum(g, 0)] < self.limit)

    def greedy(self, k: int) -> None:
        """Add the allowed candidate with the largest gain (the first among equals) until ``k`` are chosen."""
        everyone = np.arange(self.n)
        while self.chosen.sum() < k:
            allowed = ~self.chosen & self.room(everyone)
            # k is at most what the limit allows, so a feasible seed can always be completed
            assert allowed.any(), "no candidate allowed before k were chosen"
            self.add(int(np.argmax(np.where(allowed, self.gain, -np.inf))))

    def one_swap(self) -> bool:
        """Make the best swap of one invitee for one candidate that raises the value (and keeps the limit)."""
        inside = np.flatnonzero(self.chosen)
        g_in = self.gain[inside]
        tol = _TOLERANCE * (1.0 + abs(self.value))
        # pair weights are >= 0, so a swap gains at most gain_v − gain_u: only these v can help
        outside = np.flatnonzero(~self.chosen & (self.gain > g_in.min() + tol))
        if len(outside) == 0:
            return False
        delta = self.gain[outside][None, :] - g_in[:, None] - self.W[inside][:, outside].toarray()
        g_out, g_inside = self.group[outside], self.group[inside]
        same = (g_out[None, :] == g_inside[:, None]) & (g_inside[:, None] >= 0)
        delta[~(self.room(outside)[None, :] | same)] = -np.inf
        i, j = divmod(int(np.argmax(delta)), len(outside))
        if not delta[i, j] > tol:
            return False
        self.remove(int(inside[i]))
        self.add(int(outside[j]))
        return True

    def pair_swap(self, edges: tuple[np.ndarray, np.ndarray, np.ndarray]) -> bool:
        """Make the best swap of two invitees for two candidates who are a pair (``edges``: each pair once as
        ``rows, cols, weights``) that raises the value and keeps the limit.  With a 교류회 cap a group's
        pair often cannot be replaced one firm at a time; this move does it at once.  Only the
        :data:`_PAIR_SWAP_EDGES` most promising outside pairs are priced."""
        inside = np.flatnonzero(self.chosen)
        if len(inside) < 2:
            return False
        g_in = self.gain[inside]
        tol = _TOLERANCE * (1.0 + abs(self.value))
        iu, ju = np.triu_indices(len(inside), 1)
        loss = g_in[iu] + g_in[ju] - self.W[inside][:, inside].toarray()[iu, ju]  # what removing u1, u2 costs
        rows, cols, weights = edges
        potential = self.gain[rows] + self.gain[cols] + weights  # what adding v1, v2 gives at most
        keep = np.flatnonzero(~self.chosen[rows] & ~self.chosen[cols] & (potential > loss.min() + tol))
        if len(keep) == 0:
            return False
        if len(keep) > _PAIR_SWAP_EDGES:
            keep = keep[np.argsort(-potential[keep], kind="stable")[:_PAIR_SWAP_EDGES]]
        v1, v2 = rows[keep], cols[keep]
        to_1, to_2 = self.W[v1][:, inside].toarray(), self.W[v2][:, inside].toarray()
        delta = potential[keep][:, None] - (to_1[:, iu] + to_1[:, ju] + to_2[:, iu] + to_2[:, ju]) - loss[None, :]
        g_inside = self.group[inside]
        out_1, out_2 = g_inside[iu][None, :], g_inside[ju][None, :]
        for g, other in ((self.group[v1], self.group[v2]), (self.group[v2], self.group[v1])):
            x = g[:, None]
            after = self.used[np.maximum(x, 0)] - (out_1 == x) - (out_2 == x) + 1 + (other[:, None] == x)
            delta[(x >= 0) & (after > self.limit)] = -np.inf
        e, p = divmod(int(np.argmax(delta)), len(iu))
        if not delta[e, p] > tol:
            return False
        self.remove(int(inside[iu[p]]))
        self.remove(int(inside[ju[p]]))
        self.add(int(v1[e]))
        self.add(int(v2[e]))
        return True

    def local_search(self, max_swaps: int, edges: tuple[np.ndarray, np.ndarray, np.ndarray]) -> int:
        """1-swaps while one helps, then a pair swap, and again; at most ``max_swaps`` moves."""
        swaps = 0
        while swaps < max_swaps and (self.one_swap() or self.pair_swap(edges)):
            swaps += 1
        return swaps


def _peel(W: sp.csr_matrix, b: np.ndarray, group: np.ndarray, limit: int, k: int) -> np.ndarray:
    """Greedy peeling (Asahiro et al. 2000) with a group limit: from all candidates, remove the one with the
    smallest gain (bonus + pair scores to those left) until ``k`` remain; once only as many removals are left as
    firms above their group's limit, remove the weakest of those.  Returns the ``k`` left, ascending."""
    import heapq

    n = W.shape[0]
    alive = np.ones(n, dtype=bool)
    gain = b + np.asarray(W.sum(axis=1)).ravel()
    counts = np.bincount(group[group >= 0], minlength=max(int(group.max(initial=-1)) + 1, 1)).astype(np.int64)
    excess = int(np.maximum(counts - limit, 0).sum())
    heap = list(zip(gain.tolist(), range(n)))
    heapq.heapify(heap)
    size = n
    while size > k:
        if size - k <= excess:  # the removals left must bring the crowded groups down to the limit
            crowded = alive & (group >= 0) & (counts[np.maximum(group, 0)] > limit)
            v = int(np.argmin(np.where(crowded, gain, np.inf)))
        else:
            value, v = heapq.heappop(heap)
            if not alive[v] or value != gain[v]:  # removed already, or an outdated gain
                continue
        alive[v] = False
        size -= 1
        if group[v] >= 0:
            excess -= int(counts[group[v]] > limit)
            counts[group[v]] -= 1
        start, stop = W.indptr[v], W.indptr[v + 1]
        cols, data = W.indices[start:stop], W.data[start:stop]
        live = alive[cols]
        cols = cols[live]
        gain[cols] -= data[live]
        for value, u in zip(gain[cols].tolist(), cols.tolist()):
            heapq.heappush(heap, (value, u))
    return np.flatnonzero(alive)


def choose_invitees(
    pair_weights,
    bonus=None,
    *,
    k: int,
    group=None,
    max_per_group: int | None = None,
    peeling: bool = True,
    restarts: int = 20,
    max_swaps: int = 1000,
) -> np.ndarray:
    """Choose ``k`` candidates with a large total of pair scores and bonuses: greedy starts, then local search.

    The starts:

    * *peeling* (Asahiro et al. 2000): from all candidates, remove the one with the smallest gain
      ``b_v + Σ s_uv`` over those left until ``k`` remain, the group limit met at the end;
    * *greedy from seeds*: from the empty set, then from each of the best ``restarts − 1`` pairs (by
      ``s_ij + b_i + b_j``, the limit allowing), add the candidate with the largest marginal gain
      ``b_v + Σ_{u∈S} s_uv`` whose group has room until ``k`` are chosen.

    Each start is then improved by local search: the best 1-swap (one invitee out, one candidate in, the
    limit kept) while one raises the value, else the best *pair swap* (two invitees out, two candidates who
    are a pair in; under a cap a group's pair often cannot be replaced one firm at a time), at most
    ``max_swaps`` moves.  The best run is kept (the earliest among equals).  The result is a local optimum
    of both moves.  See the module's docstring for the measured quality against :func:`exact_invitees`.

    Parameters
    ----------
    pair_weights
        Candidates × candidates (sparse or dense), symmetric, non-negative, zero diagonal: ``[i, j]`` is
        the score of introducing ``i`` and ``j``. Not changed.
    bonus
        One bonus per candidate, added when it is chosen (default: none).
    k
        How many to choose (at least 1, at most what the group limit allows).
    group
        One integer label per candidate (its 교류회); a negative label means no group (no limit). Needs
        ``max_per_group``.
    max_per_group
        At most this many chosen per group (≥ 1). Needs ``group``.
    peeling
        Start from the peeling too.
    restarts
        Greedy starts (≥ 0; the first is the empty set, the others the best pairs); at least one start in all.
    max_swaps
        At most this many moves of the local search per start (≥ 0; 0: no local search).

    Returns
    -------
    numpy.ndarray
        The chosen candidates' indices, ascending (int64), ``k`` of them.

    Raises
    ------
    ValueError
        Listing every problem: a matrix that is not square, symmetric, non-negative or has a non-zero
        diagonal; a bonus of the wrong length or not finite; ``k`` < 1 or more than the limit allows;
        only one of ``group`` and ``max_per_group``; ``restarts`` < 0, ``max_swaps`` < 0 or no start.

    Examples
    --------
    A triangle 0–1–2 (scores 3) and a pair 3–4 (score 5); candidates 0 and 1 are in the same 교류회:

    >>> W = sp.coo_matrix(([3, 3, 3, 5], ([0, 0, 1, 3], [1, 2, 2, 4])), shape=(5, 5))
    >>> W = (W + W.T).tocsr()
    >>> choose_invitees(W, k=3).tolist()
    [0, 1, 2]
    >>> choose_invitees(W, k=3, group=[7, 7, -1, -1, -1], max_per_group=1).tolist()
    [2, 3, 4]

    References
    ----------
    .. [1] Y. Asahiro, K. Iwama, H. Tamaki and T. Tokuyama, "Greedily finding a dense subgraph",
       *Journal of Algorithms* 34 (2000), 203–221.
    """
    W, b, k, labels, limit = _check_core(pair_weights, bonus, k, group, max_per_group)
    if not (_is_int(restarts) and restarts >= 0 and _is_int(max_swaps) and max_swaps >= 0
            and (peeling or restarts >= 1)):
        raise ValueError(f"restarts was {restarts!r}, max_swaps {max_swaps!r} and peeling {peeling!r} but are "
                         "expected to be integers >= 0 with at least one start (peeling or restarts >= 1)")
    upper = sp.triu(W, k=1).tocoo()
    edges = (upper.row.astype(np.int64), upper.col.astype(np.int64), upper.data)
    starts: list[tuple[int, ...] | None] = [None] if peeling else []  # None: the peeling
    if restarts >= 1:
        starts.append(())
    if k >= 2 and restarts > 1 and W.nnz:
        worth = upper.data + b[upper.row] + b[upper.col]
        pairs = 0
        for at in np.lexsort((upper.col, upper.row, -worth)).tolist():
            i, j = int(upper.row[at]), int(upper.col[at])
            if labels[i] >= 0 and labels[i] == labels[j] and limit < 2:
                continue
            starts.append((i, j))
            pairs += 1
            if pairs >= restarts - 1:
                break
    best: np.ndarray | None = None
    best_value = -np.inf
    for seed in starts:
        run = _Search(W, b, labels, limit)
        for v in (_peel(W, b, labels, limit, k).tolist() if seed is None else seed):
            run.add(v)
        run.greedy(k)
        run.local_search(max_swaps, edges)
        value = invitee_value(W, b, np.flatnonzero(run.chosen))  # afresh: no drift from the updates
        if value > best_value + _TOLERANCE * (1.0 + abs(best_value if np.isfinite(best_value) else 0.0)):
            best, best_value = np.flatnonzero(run.chosen), value
    assert best is not None
    return best.astype(np.int64)


def exact_invitees(
    pair_weights,
    bonus=None,
    *,
    k: int,
    group=None,
    max_per_group: int | None = None,
    time_limit: float | None = None,
) -> tuple[np.ndarray, float]:
    """Choose ``k`` candidates with the largest total of pair scores and bonuses: the exact optimum.

    Solves the problem of :func:`choose_invitees` as a mixed-integer programme with
    :func:`scipy.optimize.milp` (HiGHS, inside SciPy)::

        maximise    Σ_i b_i x_i + Σ_{i<j} s_ij y_ij
        subject to  y_ij ≤ x_i,  y_ij ≤ x_j        for every pair with s_ij > 0
                    Σ_i x_i = k
                    Σ_{i in g} x_i ≤ max_per_group   for every group g
                    x_i ∈ {0, 1},  0 ≤ y_ij ≤ 1

    The linear relaxation of this model is weak, so the time grows quickly with the size: it is meant
    for checking :func:`choose_invitees` and for small instances (tens of candidates).

    Parameters
    ----------
    pair_weights, bonus, k, group, max_per_group
        As in :func:`choose_invitees`.
    time_limit
        Seconds the solver may take (None: no limit).

    Returns
    -------
    chosen : numpy.ndarray
        The chosen candidates' indices, ascending (int64).
    value : float
        Their value (:func:`invitee_value`).

    Raises
    ------
    ValueError
        As :func:`choose_invitees`.
    RuntimeError
        If the solver stops without a proven optimum (e.g. at ``time_limit``).

    Examples
    --------
    >>> W = sp.coo_matrix(([3, 3, 3, 5], ([0, 0, 1, 3], [1, 2, 2, 4])), shape=(5, 5))
    >>> W = (W + W.T).tocsr()
    >>> chosen, value = exact_invitees(W, k=3, group=[7, 7, -1, -1, -1], max_per_group=1)
    >>> chosen.tolist(), value
    ([2, 3, 4], 5.0)
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    W, b, k, labels, limit = _check_core(pair_weights, bonus, k, group, max_per_group)
    n = W.shape[0]
    upper = sp.triu(W, k=1).tocoo()
    positive = upper.data > 0
    a_end, b_end, s = upper.row[positive], upper.col[positive], upper.data[positive]
    m = len(s)
    objective = -np.concatenate([b, s])
    constraints = [LinearConstraint(sp.csr_matrix(np.r_[np.ones(n), np.zeros(m)][None, :]), k, k)]
    if m:
        edge = np.arange(m)
        rows = np.r_[edge, edge, m + edge, m + edge]
        cols = np.r_[n + edge, a_end, n + edge, b_end]
        values = np.r_[np.ones(m), -np.ones(m), np.ones(m), -np.ones(m)]
        links = sp.csr_matrix((values, (rows, cols)), shape=(2 * m, n + m))
        constraints.append(LinearConstraint(links, -np.inf, 0))
    sizes = np.bincount(labels[labels >= 0]) if (labels >= 0).any() else np.zeros(0, dtype=np.int64)
    crowded = np.flatnonzero(sizes > limit)
    if len(crowded):
        members = np.flatnonzero(np.isin(labels, crowded))
        rows = np.searchsorted(crowded, labels[members])
        caps = sp.csr_matrix((np.ones(len(members)), (rows, members)), shape=(len(crowded), n + m))
        constraints.append(LinearConstraint(caps, -np.inf, limit))
    result = milp(objective, constraints=constraints, integrality=np.r_[np.ones(n), np.zeros(m)],
                  bounds=Bounds(0, 1),
                  options={"mip_rel_gap": 0.0, "time_limit": np.inf if time_limit is None else float(time_limit)})
    if result.status != 0 or result.x is None:
        raise RuntimeError(f"the MILP solver did not prove an optimum: {result.message}")
    chosen = np.flatnonzero(result.x[:n] > 0.5).astype(np.int64)
    return chosen, invitee_value(W, b, chosen)


# ----------------------------------------------------------------------------
# options, place and date


@dataclass(frozen=True)
class MeetingOptions:
    """What a person chooses when planning a matchmaking meeting.

    Parameters
    ----------
    seats
        Firms to invite (at least 2).
    radius_km
        Only members within this distance of the place (> 0).
    max_group_share
        At most this share of the seats from one 교류회 (0 < share ≤ 1); the cap is
        ``max(1, ⌊share × seats⌋)`` firms.
    pairs_per_member
        Each candidate keeps its best this many suggested partners among the candidates (≥ 1).
    bonus_unvisited
        Added for a firm that attended no visit in the last ``unvisited_months`` months (≥ 0; in units of
        the engine's pair score: under the default weights a pair in the same 교류회 scores about 3).
    bonus_open_difficulties
        Added for a firm with an open difficulty (≥ 0).
    unvisited_months
        The window of ``bonus_unvisited`` (≥ 1).
    method
        ``"heuristic"`` (greedy + local search) or ``"exact"`` (integer programme; at most
        :data:`EXACT_MAX_CANDIDATES` candidates).

    Raises
    ------
    OptionError
        Listing every value that is not allowed.

    Examples
    --------
    >>> MeetingOptions(seats=40).group_cap
    10
    >>> MeetingOptions(seats=1)
    Traceback (most recent call last):
    ...
    network.errors.OptionError: 좌석 수 1: 간담회에는 2석 이상이 필요합니다
    """

    seats: int = 20
    radius_km: float = 30.0
    max_group_share: float = 0.25
    pairs_per_member: int = 10
    bonus_unvisited: float = 1.0
    bonus_open_difficulties: float = 1.0
    unvisited_months: int = 12
    method: str = "heuristic"

    def __post_init__(self) -> None:
        problems = []
        if not _is_int(self.seats) or self.seats < 2:
            problems.append(OptionError("error.meeting_seats", value=self.seats))
        if not (_is_number(self.radius_km) and self.radius_km > 0):
            problems.append(OptionError("error.option_positive", option="radius_km", value=self.radius_km))
        if not (_is_number(self.max_group_share) and 0 < self.max_group_share <= 1):
            problems.append(OptionError("error.option_between", option="max_group_share",
                                        value=self.max_group_share, low=0, high=1))
        for name, minimum in (("pairs_per_member", 1), ("unvisited_months", 1)):
            value = getattr(self, name)
            if not _is_int(value) or value < minimum:
                problems.append(OptionError("error.option_at_least", option=name, value=value, minimum=minimum))
        for name in ("bonus_unvisited", "bonus_open_difficulties"):
            value = getattr(self, name)
            if not (_is_number(value) and value >= 0):
                problems.append(OptionError("error.option_at_least", option=name, value=value, minimum=0))
        if self.method not in METHODS:
            problems.append(OptionError("error.option_choice", option="method", value=self.method,
                                        allowed=", ".join(METHODS)))
        if problems:
            raise OptionError.combine(problems)

    @property
    def group_cap(self) -> int:
        """At most this many invitees from one 교류회: ``max(1, ⌊max_group_share × seats⌋)``."""
        return max(1, math.floor(self.max_group_share * self.seats + 1e-9))


@dataclass(frozen=True)
class Place:
    """Where the meeting is held: an office or a 시군구's representative point.

    Attributes
    ----------
    kind
        ``"office"`` or ``"sigungu"``.
    id
        The office's id or the 시군구 code.
    name
        The office's name, or ``"경기도 수원시 영통구"``.
    lat, lon
        WGS84 (an office without coordinates stands at its 시군구's representative point).
    sido, sigungu
        Where it is.
    """

    kind: str
    id: str
    name: str
    lat: float
    lon: float
    sido: str | None = None
    sigungu: str | None = None


def _korean_today() -> dt.date:
    return pd.Timestamp.now(tz=fieldwork.LOCAL_TIMEZONE).date()


def check_date(value: dt.date | str, *, today: dt.date | None = None) -> dt.date:
    """The meeting's date, which may not be in the past.

    Parameters
    ----------
    value
        A date, or text ``YYYY-MM-DD``.
    today
        The day the meeting is planned (default: today in Korea).

    Returns
    -------
    datetime.date

    Raises
    ------
    OptionError
        If ``value`` is not a date (``error.meeting_bad_date``) or is before ``today``
        (``error.meeting_past_date``).

    Examples
    --------
    >>> check_date("2026-12-01", today=dt.date(2026, 11, 30))
    datetime.date(2026, 12, 1)
    >>> check_date("2026-11-01", today=dt.date(2026, 11, 30))
    Traceback (most recent call last):
    ...
    network.errors.OptionError: 간담회 날짜 2026-11-01이 이미 지났습니다 (오늘: 2026-11-30). 오늘이나 그 뒤의 날짜를 정하세요
    """
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise OptionError("error.meeting_bad_date", value=value) from None
    today = today or _korean_today()
    if day < today:
        raise OptionError("error.meeting_past_date", date=day.isoformat(), today=today.isoformat())
    return day


def office_choices(members: pd.DataFrame, offices: pd.DataFrame) -> list[str]:
    """The offices' names, those nearest to the most members first (then in the file's order): a meeting is
    planned where members are, so the choice opens on the office with the most members around it, not on the
    file's first office (which may be at the other end of the country from a federation's members).

    Examples
    --------
    >>> o = pd.DataFrame({"name": ["서울", "제주"], "lat": [37.56, 33.50], "lon": [126.97, 126.53]})
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "lat": [33.4, 33.5], "lon": [126.5, 126.6]})
    >>> office_choices(m, o)
    ['제주', '서울']
    """
    from network import planner

    names = offices["name"].dropna().astype(str).drop_duplicates().tolist()
    lat, lon, _ = regions.member_points(members)
    around = pd.Series(planner.nearest_office(lat, lon, offices)).value_counts()
    return sorted(names, key=lambda name: -int(around.get(name, 0)))


def resolve_place(offices: pd.DataFrame | None, *, office: str | None = None, sigungu: str | None = None) -> Place:
    """The meeting's place: an office (by name or id) or a 시군구 (by code or name).

    Parameters
    ----------
    offices
        The offices table (``office_id``, ``name``, ``lat``, ``lon``, ``sido``, ``sigungu_code``,
        ``sigungu``); may be None when a 시군구 is given.
    office
        An office's name or id.
    sigungu
        A 시군구 code (``"41117"``) or name in any common form (``"수원시 영통구"``, ``"경기 수원시 영통구"``, an
        old name); the place is its representative point.

    Returns
    -------
    Place

    Raises
    ------
    OptionError
        If neither or both are given (``error.meeting_place``).
    NotFoundError
        If the office is not in ``offices`` or has no location, or the 시군구 is unknown or ambiguous.

    Examples
    --------
    >>> resolve_place(None, sigungu="41117").name
    '경기도 수원시 영통구'
    >>> resolve_place(_example_data().offices, office="K01").name
    '경기지역본부'
    >>> resolve_place(None, sigungu="중구")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    network.errors.NotFoundError: 알 수 없는 시군구입니다: 중구 (지역이 모호합니다: 중구 (후보: 서울특별시 중구, ...
    """
    office = (office or "").strip() or None
    sigungu = (str(sigungu).strip() if sigungu is not None else "") or None
    if (office is None) == (sigungu is None):
        raise OptionError("error.meeting_place")
    if office is not None:
        return _office_place(offices, office)
    assert sigungu is not None
    table = regions.sigungu_table(include_cities=True).set_index("sigungu_code")
    code = sigungu if sigungu in table.index else None
    if code is None:
        match = regions.normalize_region(sigungu)
        if not match.ok or match.sigungu_code is None or match.sigungu_code not in table.index:
            problem = match.problem or "unknown_region"
            params = {"value": sigungu, **dict(match.params)}
            words = Text(ko=texts.t(f"problem.{problem}", "ko", **params),
                         en=texts.t(f"problem.{problem}", "en", **params))
            raise NotFoundError("error.meeting_unknown_sigungu", sigungu=sigungu, problem=words)
        code = match.sigungu_code
    row = table.loc[code]
    name = str(row["sido"]) if row["sigungu"] == row["sido"] else f"{row['sido']} {row['sigungu']}"  # 세종: once
    return Place(kind="sigungu", id=str(code), name=name, lat=float(row["lat"]),
                 lon=float(row["lon"]), sido=str(row["sido"]), sigungu=str(row["sigungu"]))


def _office_place(offices: pd.DataFrame | None, office: str) -> Place:
    offices = offices if offices is not None else pd.DataFrame(columns=["office_id", "name"])
    names = offices["name"].astype(str).str.strip() if "name" in offices.columns else pd.Series(dtype=str)
    ids = (offices["office_id"].astype(str).str.strip() if "office_id" in offices.columns
           else pd.Series("", index=offices.index))
    found = np.flatnonzero((names == office).to_numpy() | (ids == office).to_numpy())
    if len(found) == 0:
        known = ", ".join(sorted(set(names.dropna()))) or "-"
        raise NotFoundError("error.report_unknown_office", office=office, known=known)
    chosen = offices.iloc[[int(found[0])]]
    lat, lon, _ = regions.member_points(chosen)
    if not (np.isfinite(lat[0]) and np.isfinite(lon[0])):
        raise NotFoundError("error.meeting_office_unlocated", office=office)
    row = chosen.iloc[0]

    def text(column: str) -> str | None:
        value = row.get(column)
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)

    return Place(kind="office", id=text("office_id") or str(row["name"]), name=str(row["name"]), lat=float(lat[0]),
                 lon=float(lon[0]), sido=text("sido"), sigungu=text("sigungu"))


# ----------------------------------------------------------------------------
# the data set's side: bonuses, the pair graph, profiles


def member_bonus_table(ds: Dataset, member_ids: Sequence[str], *, today: dt.date,
                       options: MeetingOptions = MeetingOptions()) -> pd.DataFrame:
    """Each member's bonus: not visited lately, open difficulties.

    A member is *visited* when the attendance lists it at a visit on one of the last
    ``options.unvisited_months`` months up to ``today``; a difficulty is *open* when its ``status`` is
    in :data:`network.schema.OPEN_STATUSES` (a difficulties table without ``status``, such as imported
    history, has none open).

    Parameters
    ----------
    ds
        The data set (best with the field work recorded in the app,
        :meth:`network.store.Workspace.load_with_records`).
    member_ids
        The members asked about.
    today
        The day of planning.
    options
        The bonuses and the window.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``member_id`` in the given order: ``last_visit`` (the last visit attended up to
        ``today``, NaT when none), ``open_difficulties`` (count), ``bonus_unvisited``,
        ``bonus_open_difficulties`` and ``bonus`` (their sum).

    Examples
    --------
    >>> t = member_bonus_table(_example_data(), ["A1", "B2", "C3"], today=dt.date(2026, 11, 30))
    >>> t[["open_difficulties", "bonus_unvisited", "bonus"]].values.tolist()
    [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]
    """
    ids = pd.Index([str(m) for m in member_ids], name="member_id")
    on = pd.Timestamp(today)
    since = on - pd.DateOffset(months=options.unvisited_months)
    visits, attendance = ds.visits, ds.attendance
    last_visit = pd.Series(pd.NaT, index=ids, dtype="datetime64[ns]")
    if len(visits) and len(attendance):
        dates = pd.to_datetime(visits["date"]).dt.normalize()
        past = visits.assign(date=dates)[dates <= on][["visit_id", "date"]].drop_duplicates("visit_id")
        attended = attendance[["visit_id", "member_id"]].dropna().merge(past, on="visit_id")
        latest = attended.assign(member_id=attended["member_id"].astype(str)).groupby("member_id")["date"].max()
        last_visit = latest.reindex(ids).astype("datetime64[ns]")
    visited = (last_visit > since).fillna(False).to_numpy(dtype=bool)
    open_counts = np.zeros(len(ids))
    difficulties = ds.difficulties
    if "status" in difficulties.columns and "member_id" in difficulties.columns and len(difficulties):
        is_open = difficulties["status"].isin(OPEN_STATUSES) & difficulties["member_id"].notna()
        counts = difficulties.loc[is_open, "member_id"].astype(str).value_counts()
        open_counts = counts.reindex(ids).fillna(0).to_numpy(dtype=float)
    out = pd.DataFrame({
        "last_visit": last_visit.to_numpy(), "open_difficulties": open_counts,
        "bonus_unvisited": np.where(visited, 0.0, float(options.bonus_unvisited)),
        "bonus_open_difficulties": np.where(open_counts > 0, float(options.bonus_open_difficulties), 0.0),
    }, index=ids)
    out["bonus"] = out["bonus_unvisited"] + out["bonus_open_difficulties"]
    return out


def pair_table(engine: Engine, rows: Sequence[int] | np.ndarray, *, weights: Weights = DEFAULT_WEIGHTS,
               options: recommend.Options = recommend.Options(), per_member: int = 10) -> pd.DataFrame:
    """The sparse pair graph among candidates: each candidate's best suggested partners that are candidates.

    For each candidate (engine position in ``rows``), the suggestions of
    :func:`network.recommend.score_members` are ranked as the engine ranks them; the best ``per_member``
    whose partner is also a candidate and whose score is positive are kept (the engine is asked for
    ``3 × per_member`` suggestions first and, for a candidate whose first suggestions are mostly
    outside, for all of them).  A pair suggested both ways is kept once.  Existing partners are never
    suggested by the engine, so never a pair.

    Parameters
    ----------
    engine
        From :func:`network.recommend.prepare` on the whole data set.
    rows
        Engine positions of the candidates.
    weights, options
        The engine's weights and options.
    per_member
        Suggestions kept per candidate (≥ 1).

    Returns
    -------
    pandas.DataFrame
        One row per pair (``row`` < ``col``, engine positions): ``row``, ``col``, ``km``, the signals of
        :data:`network.recommend.SIGNALS` and ``score``, best first.

    Examples
    --------
    >>> ds = _example_data()
    >>> engine = recommend.prepare(ds.members, ds.partnerships)
    >>> pairs = pair_table(engine, [0, 1, 2, 3], per_member=2)  # A1, B2, C3, D4 (A1–D4, B2–C3 are partners)
    >>> [engine.ids[a] + "–" + engine.ids[b] for a, b in zip(pairs["row"], pairs["col"])]
    ['A1–B2', 'A1–C3', 'B2–D4']
    """
    if not (_is_int(per_member) and per_member >= 1):
        raise ValueError(f"per_member was {per_member!r} but is expected to be an integer >= 1")
    rows = np.unique(np.asarray(rows, dtype=np.int64))
    inside = np.zeros(engine.n, dtype=bool)
    inside[rows] = True
    first_keep = 3 * per_member
    ranked = recommend.score_members(engine, rows, weights=weights, options=options, keep=first_keep)
    useful = (inside[ranked["col"].to_numpy()] & (ranked["score"] > 0).to_numpy())
    per_row = ranked.assign(useful=useful).groupby("row").agg(listed=("rank", "size"), useful=("useful", "sum"),
                                                               lowest=("score", "min"))
    again = per_row.index[(per_row["listed"] >= first_keep) & (per_row["useful"] < per_member)
                          & (per_row["lowest"] > 0)].to_numpy(dtype=np.int64)
    if len(again):  # their first suggestions were mostly outside the radius: all of their suggestions
        more = recommend.score_members(engine, again, weights=weights, options=options, keep=engine.n)
        ranked = pd.concat([ranked[~ranked["row"].isin(again)], more], ignore_index=True)
    ranked = ranked[inside[ranked["col"].to_numpy()] & (ranked["score"] > 0).to_numpy()]
    ranked = ranked.sort_values(["row", "rank"], kind="stable").groupby("row").head(per_member)
    a = np.minimum(ranked["row"].to_numpy(), ranked["col"].to_numpy())
    b = np.maximum(ranked["row"].to_numpy(), ranked["col"].to_numpy())
    out = ranked.assign(row=a, col=b).drop(columns=["rank"]).drop_duplicates(["row", "col"])
    out = out.sort_values(["score", "row", "col"], ascending=[False, True, True], kind="stable")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class MeetingProfiles:
    """What a briefing says about each invitee (:func:`profile_tables`), from the data set as given.

    Attributes
    ----------
    members
        One row per member, in the order asked: the columns of :data:`PROFILE_COLUMNS` the data set has,
        and ``partners`` (the names of its partners, ``", "``-joined).
    visits
        The visits each attended up to the day of planning, newest first: ``member_id`` and the columns of
        :data:`VISIT_COLUMNS` the data set has.
    difficulties
        Each member's open difficulties (status in :data:`network.schema.OPEN_STATUSES`): ``member_id``
        and the columns of :data:`DIFFICULTY_COLUMNS` the data set has (none without ``status``).
    """

    members: pd.DataFrame
    visits: pd.DataFrame
    difficulties: pd.DataFrame

    def of(self, member_id: str) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
        """One member's profile row, its visits and its open difficulties.

        Examples
        --------
        >>> profiles = profile_tables(_example_data(), ["A1"], today=dt.date(2026, 11, 30))
        >>> row, visits, difficulties = profiles.of("A1")
        >>> row["partners"], visits["program"].tolist(), difficulties["category"].tolist()
        ('사아기계', ['간담회'], ['자금'])
        """
        row = self.members[self.members["member_id"] == member_id].iloc[0]
        visits = self.visits[self.visits["member_id"] == member_id].drop(columns="member_id")
        difficulties = self.difficulties[self.difficulties["member_id"] == member_id].drop(columns="member_id")
        return row, visits.reset_index(drop=True), difficulties.reset_index(drop=True)


def profile_tables(ds: Dataset, member_ids: Sequence[str], *, today: dt.date | None = None) -> MeetingProfiles:
    """The invitees' profiles from a data set the caller has already cut to what the user may see.

    No role logic here: pass :func:`network.access.scoped_dataset`'s data set and the profiles show only
    what it shows; a column the data set does not have is not in the profiles, and a blanked one stays
    blank.

    Parameters
    ----------
    ds
        The data set (scoped to the user's role by the caller).
    member_ids
        The members (ids as in ``ds``).
    today
        Visits after this day are left out (default: today in Korea).

    Returns
    -------
    MeetingProfiles

    Examples
    --------
    >>> p = profile_tables(_example_data(), ["A1", "B2"], today=dt.date(2026, 11, 30))
    >>> p.members[["name", "offers", "partners"]].values.tolist()
    [['가나정밀', '금형', '사아기계'], ['다라전자', None, '마바화학']]
    >>> list(p.difficulties.columns)
    ['member_id', 'difficulty_id', 'category', 'status']
    """
    ids = [str(m) for m in member_ids]
    wanted = set(ids)
    members = ds.members
    columns = [c for c in PROFILE_COLUMNS if c in members.columns]
    known = members.assign(member_id=members["member_id"].astype(str)).drop_duplicates("member_id")
    table = known.set_index("member_id").reindex(ids).reset_index()[columns]
    for column in columns:
        values = table[column].astype(object)
        table[column] = values.where(values.notna(), None)
    names = dict(zip(known["member_id"], known["name"].astype(object))) if "name" in known.columns else {}
    edges = ds.partnerships
    partners: dict[str, list[str]] = {m: [] for m in ids}
    if len(edges):
        src, dst = edges["source_id"].astype(str), edges["target_id"].astype(str)
        touching = src.isin(wanted) | dst.isin(wanted)
        for a, b in zip(src[touching].tolist(), dst[touching].tolist()):
            for me, other in ((a, b), (b, a)):
                if me in partners:
                    name = names.get(other)
                    partners[me].append(str(name) if isinstance(name, str) and name else other)
    table["partners"] = [", ".join(sorted(set(partners[m]))) for m in ids]

    on = pd.Timestamp(today or _korean_today())
    visit_columns = [c for c in VISIT_COLUMNS if c in ds.visits.columns]
    attended = ds.attendance[["visit_id", "member_id"]].dropna()
    attended = attended[attended["member_id"].astype(str).isin(wanted)].assign(
        member_id=lambda f: f["member_id"].astype(str)).drop_duplicates()
    visits = ds.visits[visit_columns].drop_duplicates("visit_id")
    visits = visits.assign(date=pd.to_datetime(visits["date"]).dt.normalize()) if "date" in visit_columns else visits
    past = attended.merge(visits, on="visit_id")
    if "date" in visit_columns:
        past = past[past["date"] <= on].sort_values(["member_id", "date", "visit_id"], ascending=[True, False, True],
                                                      kind="stable")
    past = past[["member_id", *visit_columns]].reset_index(drop=True)

    difficulties = ds.difficulties
    difficulty_columns = [c for c in DIFFICULTY_COLUMNS if c in difficulties.columns]
    if "status" in difficulties.columns and "member_id" in difficulties.columns:
        mine = difficulties["member_id"].astype(str).isin(wanted) & difficulties["status"].isin(OPEN_STATUSES)
        open_ones = difficulties.loc[mine, ["member_id", *difficulty_columns]]
        open_ones = open_ones.assign(member_id=open_ones["member_id"].astype(str))
        sort = [c for c in ("member_id", "raised_on", "difficulty_id") if c in open_ones.columns]
        open_ones = open_ones.sort_values(sort, kind="stable").reset_index(drop=True)
    else:
        open_ones = pd.DataFrame(columns=["member_id", *difficulty_columns])
    return MeetingProfiles(members=table.reset_index(drop=True), visits=past, difficulties=open_ones)


# ----------------------------------------------------------------------------
# the plan


@dataclass(frozen=True, eq=False)
class MeetingPlan:
    """A proposed matchmaking meeting (:func:`plan_meeting`).

    Attributes
    ----------
    place
        Where it is held.
    date, today
        The meeting's day and the day it was planned.
    options
        The options used.
    language
        The language of :attr:`pairs`' reasons (:meth:`pairs_in` gives them in either).
    invitees
        The invitation list, highest contribution (bonus + pair scores) first: the columns of
        :data:`INVITEE_COLUMNS` — ``order`` (1, 2, …), ``member_id``, ``name``, ``federation``, ``group``,
        ``sido``, ``sigungu``, ``km`` (to the place), ``bonus_unvisited``, ``bonus_open_difficulties``,
        ``bonus``, ``pair_score`` (the sum of the scores of its pairs at the meeting), ``pairs`` (how many),
        ``last_visit``, ``open_difficulties``, ``lat``, ``lon`` and ``location_fallback`` (placed at its
        시군구's representative point).
    pairs
        The pairs to introduce at the meeting (both invited), best first: :data:`PAIR_COLUMNS`, with the
        engine's reasons.
    profiles
        Each invitee's profile (:func:`profile_tables`).
    objective
        ``Σ bonus + Σ pair scores`` of the invitees: what the method maximised.
    candidates
        Members within the radius (with a known location).
    pair_graph
        Pairs among the candidates that were considered (the sparse pair graph's edges).
    group_cap
        At most this many invitees from one 교류회.
    notes
        ``(key, params)`` of notes on the plan (fewer candidates than seats, no pairs), in the catalogue.
    """

    place: Place
    date: dt.date
    today: dt.date
    options: MeetingOptions
    language: Language
    invitees: pd.DataFrame
    pairs: pd.DataFrame
    profiles: MeetingProfiles
    objective: float
    candidates: int
    pair_graph: int
    group_cap: int
    notes: tuple[tuple[str, dict[str, object]], ...] = ()
    reasons: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def pairs_in(self, language: Language) -> pd.DataFrame:
        """:attr:`pairs` with the reasons in ``language``.

        Examples
        --------
        >>> _example().pairs_in("en")["reasons"].str.contains("same 교류회").tolist()
        [True, False, False]
        """
        language = texts.check_language(language)
        return self.pairs.assign(reasons=list(self.reasons.get(language, self.pairs["reasons"])))

    def title(self, language: Language) -> str:
        """The briefing's title.

        Examples
        --------
        >>> _example().title("ko")
        '간담회 기획: 경기도 수원시 영통구, 2026-12-10'
        """
        return texts.t("meeting.title", language, place=self.place.name, date=self.date.isoformat())

    def note_texts(self, language: Language) -> list[str]:
        """The notes in ``language``.

        Examples
        --------
        >>> _example().note_texts("en")
        []
        """
        return [texts.t(key, language, **params) for key, params in self.notes]

    def summary(self, language: Language) -> pd.DataFrame:
        """The plan in a few lines: ``item`` and ``value`` labelled in ``language``.

        Examples
        --------
        >>> _example().summary("ko")["item"].tolist()[:4]
        ['장소', '일자', '좌석', '초대한 회원사']
        """
        pair_total = float(self.pairs["score"].sum())
        rows: list[tuple[str, object]] = [
            ("meeting.row.place", self.place.name), ("meeting.row.date", self.date.isoformat()),
            ("meeting.row.seats", self.options.seats), ("meeting.row.invited", len(self.invitees)),
            ("meeting.row.radius", f"{self.options.radius_km:g}"), ("meeting.row.candidates", self.candidates),
            ("meeting.row.group_cap", self.group_cap), ("meeting.row.pairs", len(self.pairs)),
            ("meeting.row.pair_total", round(pair_total, 2)),
            ("meeting.row.bonus_total", round(float(self.invitees["bonus"].sum()), 2)),
            ("meeting.row.objective", round(self.objective, 2)),
            ("meeting.row.method", texts.t(_METHOD_TEXTS[self.options.method], language)),
            ("meeting.row.planned", self.today.isoformat()),
        ]
        return pd.DataFrame({"item": [texts.t(key, language) for key, _ in rows],
                             "value": [value for _, value in rows]}, dtype=object)

    def labelled(self, name: str, language: Language) -> pd.DataFrame:
        """A table as people read it, with column labels in ``language``: ``"summary"``, ``"invitees"``,
        ``"pairs"`` or ``"profiles"`` (one row per invitee, its visits and open difficulties as text).

        Examples
        --------
        >>> list(_example().labelled("pairs", "ko").columns)
        ['회원 ID (A)', '회사명 (A)', '회원 ID (B)', '회사명 (B)', '점수', '거리(km)', '추천 이유']
        """
        language = texts.check_language(language)
        if name == "summary":
            table = self.summary(language)
        elif name == "invitees":
            table = self.invitees.assign(km=self.invitees["km"].round(1))
        elif name == "pairs":
            table = self.pairs_in(language).assign(score=self.pairs["score"].round(2), km=self.pairs["km"].round(1))
        elif name == "profiles":
            table = self._profile_sheet(language)
        else:
            raise ValueError(f"name was {name!r} but is expected to be in ['summary', 'invitees', 'pairs', 'profiles']")
        return table.rename(columns={c: texts.t(_LABELS[c], language) for c in table.columns if c in _LABELS})

    def _profile_sheet(self, language: Language) -> pd.DataFrame:
        table = self.profiles.members.copy()
        visits, difficulties = self.profiles.visits, self.profiles.difficulties
        table["past_visits"] = [" · ".join(_visit_words(v) for v in visits[visits["member_id"] == m].itertuples())
                                for m in table["member_id"]]
        table["open_list"] = [" · ".join(_difficulty_words(d) for d in difficulties[difficulties["member_id"] == m]
                                         .itertuples()) for m in table["member_id"]]
        table["introduce"] = [", ".join(self._partners_at_meeting(m)) for m in table["member_id"]]
        return table

    def _partners_at_meeting(self, member_id: str) -> list[str]:
        pairs = self.pairs
        a = pairs.loc[pairs["member_id_a"] == member_id, "name_b"].tolist()
        b = pairs.loc[pairs["member_id_b"] == member_id, "name_a"].tolist()
        return [str(x) for x in a + b]


_LABELS = {
    "item": "report.col.item", "value": "report.col.value",
    "order": "meeting.col.order", "member_id": "column.member_id", "name": "column.members.name",
    "federation": "column.federation", "group": "column.group", "sido": "column.sido", "sigungu": "column.sigungu",
    "km": "meeting.col.km", "bonus_unvisited": "meeting.col.bonus_unvisited",
    "bonus_open_difficulties": "meeting.col.bonus_open_difficulties", "bonus": "meeting.col.bonus",
    "pair_score": "meeting.col.pair_score", "pairs": "meeting.col.pairs", "last_visit": "meeting.col.last_visit",
    "open_difficulties": "meeting.col.open_difficulties", "lat": "column.lat", "lon": "column.lon",
    "location_fallback": "meeting.col.location_fallback",
    "member_id_a": "meeting.col.member_id_a", "name_a": "meeting.col.name_a", "member_id_b": "meeting.col.member_id_b",
    "name_b": "meeting.col.name_b", "score": "meeting.col.score", "reasons": "meeting.col.reasons",
    "industry": "column.industry", "industry_name": "column.industry_name", "offers": "column.offers",
    "needs": "column.needs", "partners": "meeting.col.partners", "past_visits": "meeting.col.past_visits",
    "open_list": "meeting.col.open_list", "introduce": "meeting.col.introduce",
    "visit_id": "column.visit_id", "date": "column.date", "program": "column.program", "office": "column.office",
    "difficulty_id": "column.difficulty_id", "category": "column.category", "status": "column.status",
    "raised_on": "report.col.raised_on", "due": "report.col.due",
}


def _day(value: object) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d") if isinstance(value, (pd.Timestamp, dt.date)) else str(value)


def _visit_words(visit: Any) -> str:
    parts = [_day(getattr(visit, "date", None)), getattr(visit, "program", None)]
    return " ".join(str(p) for p in parts if p is not None and str(p) and str(p) != "nan")


def _difficulty_words(difficulty: Any) -> str:
    category = getattr(difficulty, "category", None)
    status = getattr(difficulty, "status", None)
    category = "-" if category is None or (isinstance(category, float) and math.isnan(category)) else str(category)
    return f"{category} ({status})" if isinstance(status, str) else category


def plan_meeting(
    ds: Dataset,
    *,
    date: dt.date | str,
    office: str | None = None,
    sigungu: str | None = None,
    options: MeetingOptions = MeetingOptions(),
    weights: Weights = DEFAULT_WEIGHTS,
    suggestion_options: recommend.Options = recommend.Options(),
    engine: Engine | None = None,
    declined: pd.DataFrame | None = None,
    today: dt.date | None = None,
    language: Language = "ko",
) -> MeetingPlan:
    """Propose whom to invite to a matchmaking meeting, the pairs to introduce and each invitee's profile.

    See the module's docstring for the problem and the method.  Nothing is written anywhere.

    Parameters
    ----------
    ds
        The data set (best :meth:`network.store.Workspace.load_with_records`, so that recorded visits and
        the difficulties' statuses count).  The profiles show what it has: pass a data set already scoped
        to the user's role (:func:`network.access.scoped_dataset`).
    date
        The meeting's day (a date or ``YYYY-MM-DD``); not before ``today``.
    office, sigungu
        The place: an office (name or id) or a 시군구 (code or name), exactly one.
    options
        Seats, radius, 교류회 share, bonuses, method (:class:`MeetingOptions`).
    weights, suggestion_options
        The suggestion engine's weights and options.
    engine
        The engine prepared from ``ds.members`` and ``ds.partnerships`` (:func:`network.recommend.prepare`),
        to reuse one; made here when None.
    declined
        Pairs not to suggest (declined lately: ``Workspace().outcomes.declined()``,
        :func:`network.feedback.declined_pairs`), given to :func:`network.recommend.prepare` when the engine
        is made here.
    today
        The day of planning (default: today in Korea).
    language
        The language of the reasons (:meth:`MeetingPlan.pairs_in` has both).

    Returns
    -------
    MeetingPlan

    Raises
    ------
    OptionError
        A date that is not a date or is in the past; neither or both of ``office`` and ``sigungu``; the
        exact method with more than :data:`EXACT_MAX_CANDIDATES` candidates.
    NotFoundError
        An unknown office (or one without a location) or 시군구.
    InsufficientDataError
        No member with a known location within the radius.

    Examples
    --------
    >>> plan = _example()
    >>> plan.invitees[["member_id", "bonus_unvisited", "bonus_open_difficulties", "pairs"]].values.tolist()
    [['A1', 0.0, 1.0, 2], ['B2', 1.0, 0.0, 2], ['C3', 1.0, 0.0, 1], ['D4', 1.0, 0.0, 1]]
    >>> plan_meeting(_example_data(), sigungu="41117", date="2026-12-10", today=dt.date(2026, 11, 30),
    ...              options=MeetingOptions(radius_km=1))
    Traceback (most recent call last):
    ...
    network.errors.InsufficientDataError: 경기도 수원시 영통구에서 1 km 안에 위치를 아는 회원사가 없습니다. 반경을 넓혀 보세요
    """
    language = texts.check_language(language)
    today = today or _korean_today()
    day = check_date(date, today=today)
    place = resolve_place(ds.offices, office=office, sigungu=sigungu)
    members = ds.members.reset_index(drop=True)
    if engine is None:
        if len(members) == 0:
            raise InsufficientDataError("error.meeting_no_members", place=place.name, radius=options.radius_km)
        engine = recommend.prepare(members, ds.partnerships, declined=declined)
    elif not np.array_equal(engine.ids, members["member_id"].astype(str).to_numpy()):
        raise ValueError("engine was not prepared from ds.members (its member ids differ)")

    lat, lon, fallback = regions.member_points(members)
    km = regions.haversine_km(lat, lon, place.lat, place.lon)
    near = np.flatnonzero(np.isfinite(km) & (km <= options.radius_km))
    if not np.isfinite(km).any():  # a larger radius cannot help: no member has a location at all
        raise InsufficientDataError("error.meeting_no_located_members", members=len(members))
    if len(near) == 0:
        raise InsufficientDataError("error.meeting_no_members", place=place.name, radius=options.radius_km)
    if len(near) == 1:  # a matchmaking meeting needs two firms at least
        raise InsufficientDataError("error.meeting_one_member", place=place.name, radius=options.radius_km)
    # candidates in the order of their ids: ties break the same way whatever the order of the table
    near = near[np.argsort(engine.id_rank[near], kind="stable")]
    if options.method == "exact" and len(near) > EXACT_MAX_CANDIDATES:
        raise OptionError("error.meeting_exact_too_big", candidates=len(near), maximum=EXACT_MAX_CANDIDATES)
    ids = engine.ids[near]
    local = np.full(engine.n, -1, dtype=np.int64)
    local[near] = np.arange(len(near))

    pairs = pair_table(engine, near, weights=weights, options=suggestion_options,
                       per_member=options.pairs_per_member)
    c = len(near)
    a, b = local[pairs["row"].to_numpy()], local[pairs["col"].to_numpy()]
    scores = pairs["score"].to_numpy(dtype=float)
    W = sp.csr_matrix((np.r_[scores, scores], (np.r_[a, b], np.r_[b, a])), shape=(c, c))
    bonus_table = member_bonus_table(ds, ids.tolist(), today=today, options=options)
    bonus = bonus_table["bonus"].to_numpy(dtype=float)
    group = engine.group[near]
    cap = options.group_cap
    k = min(options.seats, _most_invitable(group, cap))
    notes: list[tuple[str, dict[str, object]]] = []
    if k < options.seats:
        notes.append(("meeting.note_fewer", {"seats": options.seats, "invited": k, "candidates": c, "cap": cap}))
    if len(pairs) == 0:
        notes.append(("meeting.note_no_pairs", {}))
    if options.method == "exact":
        chosen, objective = exact_invitees(W, bonus, k=k, group=group, max_per_group=cap)
    else:
        chosen = choose_invitees(W, bonus, k=k, group=group, max_per_group=cap)
        objective = invitee_value(W, bonus, chosen)

    # the pairs to introduce: both invited
    picked = np.zeros(c, dtype=bool)
    picked[chosen] = True
    at_meeting = pairs[picked[a] & picked[b]].reset_index(drop=True)
    rows, cols = at_meeting["row"].to_numpy(dtype=np.int64), at_meeting["col"].to_numpy(dtype=np.int64)
    signals = at_meeting[list(recommend.SIGNALS)].to_numpy(dtype=float)
    contributions = signals * weights.as_array()
    total = contributions.sum(axis=1, keepdims=True)
    share = np.divide(100 * contributions, total, out=np.zeros_like(contributions), where=total > 0)
    reasons: dict[str, tuple[str, ...]] = {lang: tuple(recommend.explain(engine, rows, cols, at_meeting, share, language=lang))
               for lang in texts.LANGUAGES}
    pair_frame = pd.DataFrame({
        "member_id_a": engine.ids[rows].astype(object), "name_a": engine.names[rows].astype(object),
        "member_id_b": engine.ids[cols].astype(object), "name_b": engine.names[cols].astype(object),
        "score": at_meeting["score"].to_numpy(dtype=float), "km": at_meeting["km"].to_numpy(dtype=float),
        "reasons": list(reasons[language]),
    }, columns=list(PAIR_COLUMNS))

    invited = near[chosen]
    picked_scores = W[chosen][:, chosen]
    pair_score = np.asarray(picked_scores.sum(axis=1)).ravel()
    pair_count = np.diff(picked_scores.tocsr().indptr)
    bonuses = bonus_table.iloc[chosen]
    invitees = pd.DataFrame({
        "member_id": engine.ids[invited].astype(object), "name": engine.names[invited].astype(object),
        "federation": _cells(members, "federation", invited), "group": _cells(members, "group", invited),
        "sido": _cells(members, "sido", invited), "sigungu": _cells(members, "sigungu", invited),
        "km": km[invited], "bonus_unvisited": bonuses["bonus_unvisited"].to_numpy(),
        "bonus_open_difficulties": bonuses["bonus_open_difficulties"].to_numpy(),
        "bonus": bonuses["bonus"].to_numpy(), "pair_score": pair_score, "pairs": pair_count.astype(np.int64),
        "last_visit": pd.to_datetime(bonuses["last_visit"].to_numpy()),
        "open_difficulties": bonuses["open_difficulties"].to_numpy(dtype=np.int64),
        "lat": lat[invited], "lon": lon[invited], "location_fallback": fallback[invited],
    })
    contribution = invitees["bonus"] + invitees["pair_score"]
    order = np.lexsort((invitees["member_id"].to_numpy(dtype=str), -contribution.round(9).to_numpy()))
    invitees = invitees.iloc[order].reset_index(drop=True)
    invitees.insert(0, "order", np.arange(1, len(invitees) + 1))
    profiles = profile_tables(ds, invitees["member_id"].tolist(), today=today)
    return MeetingPlan(place=place, date=day, today=today, options=options, language=language,
                       invitees=invitees[list(INVITEE_COLUMNS)], pairs=pair_frame, profiles=profiles,
                       objective=float(objective), candidates=c, pair_graph=len(pairs), group_cap=cap,
                       notes=tuple(notes), reasons=reasons)


def _cells(frame: pd.DataFrame, column: str, at: np.ndarray) -> np.ndarray:
    """The column's values at positions ``at`` as objects (None where missing or absent)."""
    if column not in frame.columns:
        return np.full(len(at), None, dtype=object)
    values = frame[column].to_numpy(dtype=object)[at]
    return np.array([None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values],
                    dtype=object)


# ----------------------------------------------------------------------------
# downloads


_SHEETS = (("summary", "meeting.sheet.summary"), ("invitees", "meeting.sheet.invitees"),
           ("pairs", "meeting.sheet.pairs"), ("profiles", "meeting.sheet.profiles"))


def to_xlsx(plan: MeetingPlan, language: Language | None = None) -> bytes:
    """The plan as an XLSX workbook: a summary, the invitation list, the pairings (with reasons) and the
    profiles (one row per invitee), labelled in ``language`` (default: the plan's).

    Examples
    --------
    >>> import io, openpyxl
    >>> book = openpyxl.load_workbook(io.BytesIO(to_xlsx(_example())))
    >>> book.sheetnames
    ['요약', '초대 명단', '소개할 짝', '회원사 프로필']
    >>> [c.value for c in book["초대 명단"][2]][:3]
    [1, 'A1', '가나정밀']
    """
    language = texts.check_language(language or plan.language)
    return export.to_xlsx_bytes({texts.t(key, language): plan.labelled(name, language) for name, key in _SHEETS})


_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
@page { size: A4; margin: 15mm 14mm 16mm 14mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #666; } }
html { font-family: {{ css_fonts }}; font-size: 9pt; color: #222; }
h1 { font-size: 16pt; margin: 0 0 2mm 0; }
h2 { font-size: 12pt; margin: 6mm 0 2mm 0; border-bottom: 0.6pt solid #4c78a8; padding-bottom: 1mm; }
h3 { font-size: 10pt; margin: 4mm 0 1.5mm 0; }
p.note { margin: 0 0 3mm 0; color: #555; font-size: 8pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.4pt solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eef2f7; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
tr { page-break-inside: avoid; }
table.summary { width: 70%; }
table.facts th { width: 28%; }
table.pairs th:nth-child(-n+2) { width: 17%; }
section.profile { page-break-before: always; }
section.pairs { page-break-before: always; }
p.none { color: #666; }
</style>
</head>
<body>
{%- macro data_table(table, css="") %}
{%- if table.rows %}
<table{% if css %} class="{{ css }}"{% endif %}>
<thead><tr>{% for column in table.columns %}<th>{{ column }}</th>{% endfor %}</tr></thead>
<tbody>
{%- for row in table.rows %}
<tr>{% for text, number in row %}<td{% if number %} class="num"{% endif %}>{{ text }}</td>{% endfor %}</tr>
{%- endfor %}
</tbody>
</table>
{%- else %}
<p class="none">{{ empty_text }}</p>
{%- endif %}
{%- endmacro %}
{%- macro facts_table(rows, css) %}
<table class="{{ css }}">
{%- for label, value in rows %}
<tr><th>{{ label }}</th><td>{{ value }}</td></tr>
{%- endfor %}
</table>
{%- endmacro %}
<h1>{{ title }}</h1>
<p class="note">{{ cover_note }}</p>
{{ facts_table(summary, "summary") }}
{%- for note in notes %}<p class="note">{{ note }}</p>{% endfor %}
<h2>{{ invitees.title }}</h2>
{{ data_table(invitees) }}
<section class="pairs">
<h2>{{ pairs.title }}</h2>
{{ data_table(pairs, "pairs") }}
</section>
{%- for profile in profiles %}
<section class="profile">
<h2>{{ profile.title }}</h2>
{{ facts_table(profile.facts, "facts") }}
{%- for part in profile.parts %}
<h3>{{ part.title }}</h3>
{{ data_table(part) }}
{%- endfor %}
</section>
{%- endfor %}
</body>
</html>
"""


def _cell(value: Any) -> tuple[str, bool]:
    """A briefing cell (:func:`network.report.cell_text`, scores with two decimals)."""
    from network import report

    return report.cell_text(value, decimals=2)


def _table(frame: pd.DataFrame) -> dict[str, Any]:
    return {"columns": [str(c) for c in frame.columns],
            "rows": [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]}


def to_html(plan: MeetingPlan, language: Language | None = None) -> str:
    """The briefing as one self-contained HTML page (what :func:`to_pdf` prints): a cover with the place,
    date, seats and the invitation list; the pairings with their reasons; then one page per invitee (its
    profile, the partners to meet there, past visits and open difficulties).  All data is escaped; the
    page refers to nothing outside itself.

    Examples
    --------
    >>> html = to_html(_example())
    >>> html.count('<section class="profile">'), "추천 이유" in html, "src=" in html
    (4, True, False)
    """
    from jinja2 import Environment
    from markupsafe import Markup

    from network import report

    language = texts.check_language(language or plan.language)

    def label(column: str) -> str:
        return texts.t(_LABELS[column], language)

    invitee_columns = ["order", "name", "federation", "group", "sigungu", "km", "bonus", "pair_score", "pairs"]
    invitees = plan.invitees[invitee_columns].assign(km=plan.invitees["km"].round(1),
                                                     pair_score=plan.invitees["pair_score"].round(2))
    pairs = plan.pairs_in(language)[["name_a", "name_b", "score", "reasons"]]
    pairs = pairs.assign(score=pairs["score"].round(2))
    profiles = []
    for member_id in plan.invitees["member_id"]:
        row, visits, difficulties = plan.profiles.of(member_id)
        facts = [(label(c), _cell(row[c])[0]) for c in row.index if c not in ("name",)]
        meet = plan.pairs_in(language)
        meet = meet[(meet["member_id_a"] == member_id) | (meet["member_id_b"] == member_id)]
        partner = np.where(meet["member_id_a"] == member_id, meet["name_b"], meet["name_a"])
        meeting_table = pd.DataFrame({label("name"): partner, label("score"): meet["score"].round(2).to_numpy(),
                                      label("reasons"): meet["reasons"].to_numpy()})
        parts = [
            {"title": texts.t("meeting.pdf.introduce", language), **_table(meeting_table)},
            {"title": texts.t("meeting.col.past_visits", language),
             **_table(visits.rename(columns={c: label(c) for c in visits.columns}))},
            {"title": texts.t("meeting.col.open_list", language),
             **_table(difficulties.rename(columns={c: label(c) for c in difficulties.columns}))},
        ]
        title = texts.t("meeting.pdf.profile", language, name=str(row.get("name") or member_id), member_id=member_id)
        profiles.append({"title": title, "facts": facts, "parts": parts})
    fonts = report.FONT_FAMILIES
    return Environment(autoescape=True).from_string(_TEMPLATE).render(
        lang=language, title=plan.title(language), cover_note=texts.t("meeting.pdf.cover_note", language),
        summary=[(item, _cell(value)[0]) for item, value in zip(*(plan.summary(language)[c] for c in ("item", "value")))],
        notes=plan.note_texts(language),
        invitees={"title": texts.t("meeting.sheet.invitees", language),
                  **_table(invitees.rename(columns={c: label(c) for c in invitees.columns}))},
        pairs={"title": texts.t("meeting.pdf.pairs", language),
               **_table(pairs.rename(columns={c: label(c) for c in pairs.columns}))},
        profiles=profiles, empty_text=texts.t("report.none", language),
        css_fonts=Markup(", ".join(f'"{f}"' if " " in f else f for f in fonts)))  # a constant, not data


def to_pdf(plan: MeetingPlan, language: Language | None = None) -> bytes:
    """The briefing as a printable A4 PDF: :func:`to_html` rendered by :func:`network.report.html_to_pdf` (WeasyPrint,
    the Korean font, nothing fetched), as the monthly report is.

    Raises
    ------
    NetworkError
        As :func:`network.report.html_to_pdf`.

    Examples
    --------
    >>> try:
    ...     pdf = to_pdf(_example())
    ... except NetworkError:  # no WeasyPrint, Pango or Korean font here: the message says what to install
    ...     pdf = b"%PDF-"
    >>> pdf[:5]
    b'%PDF-'
    """
    from network import report

    return report.html_to_pdf(to_html(plan, language))


# ----------------------------------------------------------------------------
# the examples' data


def _example_data() -> Dataset:
    """Five firms in 수원 (two 교류회), one in 부산; A1 was visited in 2026 and has an open difficulty; A1–D4 and
    B2–C3 are partners already."""
    from network.dataset import load_dataset

    return load_dataset({
        "members": ("회원번호,회사명,지역연합회,교류회,시도,시군구,위도,경도,업종코드,제공,필요\n"
                    "A1,가나정밀,경기,수원1교류회,경기,수원시 영통구,37.2500,127.0500,25,금형,\n"
                    "B2,다라전자,경기,수원1교류회,경기,수원시 영통구,37.2600,127.0600,26,,금형\n"
                    "C3,마바화학,경기,수원2교류회,경기,수원시 팔달구,37.2800,127.0200,20,,\n"
                    "D4,사아기계,경기,수원2교류회,경기,수원시 권선구,37.2550,127.0000,29,,금형\n"
                    "E5,자차식품,경기,수원1교류회,경기,수원시 장안구,37.3000,127.0100,10,,\n"
                    "F6,카타전기,부산,부산1교류회,부산,해운대구,35.1600,129.1600,28,,\n").encode(),
        "partnerships": "기업1,기업2,시작일\nA1,D4,2020-01-01\nB2,C3,2021-05-01\nD4,C3,2022-03-01\n".encode(),
        "visits": ("방문번호,일자,프로그램,시군구,지역본부,참석기업\n"
                   "V1,2026-03-04,간담회,수원시 영통구,경기지역본부,A1\n"
                   "V2,2024-05-02,방문상담,수원시 팔달구,경기지역본부,C3\n").encode(),
        "difficulties": "애로번호,방문번호,회원번호,애로유형,애로내용,처리상태\nD-1,V1,A1,자금,운전자금 부족,접수\n".encode(),
        "offices": "지부ID,지부명,시도,시군구,위도,경도\nK01,경기지역본부,경기,수원시 영통구,37.2500,127.0500\n".encode(),
    })


def _example() -> MeetingPlan:
    """The docstrings' plan: four seats (at most two from one 교류회) within 20 km of 수원시 영통구 on 2026-12-10,
    planned on 2026-11-30."""
    return plan_meeting(_example_data(), sigungu="수원시 영통구", date="2026-12-10", today=dt.date(2026, 11, 30),
                        options=MeetingOptions(seats=4, radius_km=20, max_group_share=0.5))
