"""Collaboration recommendations: who should meet whom, and why.

The engine scores candidate pairs of members with a few signals a person can
check, adds them up with inspectable weights, and explains every suggestion
in words built from the evidence.

Candidates (never the member itself, never an existing partner), within a
scope (same 교류회, federation, 시도, or anywhere; optionally within a
distance):

* pairs at distance 2 in the partnership graph (a shared partner);
* members of the same 교류회 who are not partners yet;
* the nearest members (by location) in scope, so that pairs linked only by
  attributes (offers ↔ needs, value-chain industries) are found too.

Signals (each computed for all candidate pairs at once with numpy and
scipy.sparse, blockwise over rows so memory stays bounded; no Python loop over
pairs):

``common_neighbours``, ``adamic_adar``, ``resource_allocation``
    shared partners, weighted by how selective they are (Σ 1/log deg, Σ 1/deg);
    members with a very high degree (above ``hub_quantile``) are skipped as
    shared partners: they are weak evidence and dominate the cost.
``industry``
    how much more often than chance the two KSIC divisions partner, learned
    from the data (log of the smoothed lift).
``tags``
    how many of one firm's ``offers`` match the other's ``needs`` (either way).
``distance``
    ``exp(-km / distance_scale_km)``.
``same_group``, ``same_federation``
    1 when shared.

The score is ``Σ weight × signal``. The weights are chosen from the data in use by
:func:`network.evaluate.choose_model` (fitted, checked on a later slice, else the best single
signal); :data:`DEFAULT_WEIGHTS`, fitted on the sample, serve data without dated history.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from itertools import repeat
from typing import Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from network import regions, schema, texts
from network.errors import InsufficientDataError, NotFoundError, OptionError
from network.regions import haversine_km  # noqa: F401  (part of this module's API)
from network.texts import Language

__all__ = [
    "DEFAULT_WEIGHTS",
    "Engine",
    "MIN_HUB_DEGREE",
    "Options",
    "RESULT_COLUMNS",
    "SCOPES",
    "SCORE_DECIMALS",
    "SIGNALS",
    "Scope",
    "Weights",
    "candidate_signals",
    "download_table",
    "explain",
    "filter_table",
    "iter_recommend_all",
    "no_suggestions_reason",
    "prepare",
    "recommend_all",
    "recommend_for_member",
    "score_breakdown_table",
    "score_members",
    "score_members_many",
    "shared_partners",
    "signal_label",
    "structural_scores",
    "suggestion_points",
    "with_options",
]

SIGNALS: tuple[str, ...] = (
    "common_neighbours", "adamic_adar", "resource_allocation", "industry", "tags", "distance",
    "same_group", "same_federation",
)
Scope = Literal["group", "federation", "sido", "all"]
SCOPES: tuple[str, ...] = ("group", "federation", "sido", "all")



def signal_label(signal: str, language: Language = "ko") -> str:
    """The name people see for a signal.

    Examples
    --------
    >>> signal_label("tags"), signal_label("same_group", "en")
    ('제공↔필요', 'same 교류회')
    """
    if signal not in SIGNALS:
        raise ValueError(f"signal was {signal!r} but is expected to be in {list(SIGNALS)}")
    return texts.t(f"signal.{signal}", language)


@dataclass(frozen=True)
class Weights:
    """Weight of each signal in the combined score (one per name in :data:`SIGNALS`).

    Examples
    --------
    >>> Weights(adamic_adar=1.0).as_array().tolist()
    [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    """

    common_neighbours: float = 0.0
    adamic_adar: float = 0.0
    resource_allocation: float = 0.0
    industry: float = 0.0
    tags: float = 0.0
    distance: float = 0.0
    same_group: float = 0.0
    same_federation: float = 0.0

    def as_array(self) -> np.ndarray:
        """The weights in the order of :data:`SIGNALS`."""
        return np.array([getattr(self, name) for name in SIGNALS], dtype=float)

    @classmethod
    def only(cls, signal: str) -> Weights:
        """Weights that use a single signal (the baselines).

        Examples
        --------
        >>> Weights.only("tags").tags
        1.0
        """
        if signal not in SIGNALS:
            raise ValueError(f"signal was {signal!r} but is expected to be in {list(SIGNALS)}")
        return cls(**{signal: 1.0})

    def as_dict(self) -> dict[str, float]:
        """The weights as ``{signal: weight}``."""
        return asdict(self)


#: Fitted with :func:`network.evaluate.fit_weights` on the bundled sample using only partnerships
#: started before 2024-01-01 (the graph before 2022-01-01; what happened in 2022–2023 as the
#: outcome), rounded. Adamic–Adar and distance came out at zero: resource allocation carries the
#: shared-partner evidence, and candidates are already near each other. Used where a data set has no
#: dated history to learn from; otherwise :func:`network.evaluate.choose_model` chooses the weights
#: from the data itself (and ``Workspace().suggestion_model()`` keeps them per version).
DEFAULT_WEIGHTS = Weights(
    common_neighbours=0.63, adamic_adar=0.0, resource_allocation=3.4, industry=0.76, tags=0.43,
    distance=0.0, same_group=2.62, same_federation=0.4,
)


@dataclass(frozen=True)
class Options:
    """How to recommend.

    Parameters
    ----------
    top
        Suggestions per member.
    scope
        Where candidates may come from: the same ``group`` (교류회), ``federation``,
        ``sido``, or ``all``.
    max_km
        Only candidates within this distance (``None``: no limit).
    hub_quantile
        Members whose degree is above this quantile (and at least ``MIN_HUB_DEGREE``)
        are not used as shared partners (``None`` keeps all; then the structural
        signals equal networkx's).
    neighbours
        How many nearest members (by location, within scope) each member considers
        as attribute-only candidates.
    distance_scale_km
        The distance signal is ``exp(-km / distance_scale_km)``.
    diversity_cap
        At most this many appearances of one firm across all lists (``None``: no cap).
    """

    top: int = 10
    scope: Scope = "all"
    max_km: float | None = None
    hub_quantile: float | None = 0.999
    neighbours: int = 60
    distance_scale_km: float = 30.0
    diversity_cap: int | None = None

    def __post_init__(self):
        problems = []
        if self.scope not in SCOPES:
            problems.append(OptionError("error.option_choice", option="scope", value=repr(self.scope),
                                        allowed=", ".join(SCOPES)))
        if self.top < 1:
            problems.append(OptionError("error.option_at_least", option="top", value=self.top, minimum=1))
        if self.max_km is not None and self.max_km <= 0:
            problems.append(OptionError("error.option_positive", option="max_km", value=self.max_km))
        if self.hub_quantile is not None and not 0 < self.hub_quantile <= 1:
            problems.append(OptionError("error.option_between", option="hub_quantile", value=self.hub_quantile,
                                        low=0, high=1))
        if self.diversity_cap is not None and self.diversity_cap < 1:
            problems.append(OptionError("error.option_at_least", option="diversity_cap", value=self.diversity_cap,
                                        minimum=1))
        if problems:
            raise OptionError.combine(problems)


@dataclass(frozen=True, eq=False)
class Engine:
    """Everything the scorers need, prepared once from the tables (see :func:`prepare`).

    Arrays are indexed by member position ``0 … n-1`` in ``ids`` order.
    """

    ids: np.ndarray                 # member_id (str)
    names: np.ndarray               # name (str)
    A: sp.csr_matrix                # adjacency, binary, symmetric
    degree: np.ndarray
    division: np.ndarray            # KSIC division as int (-1 unknown)
    division_names: dict[int, str]
    complementarity: np.ndarray     # log lift per (division, division)
    pair_counts: np.ndarray         # partnerships per (division, division)
    offers_bits: np.ndarray         # uint64 bitsets, n × words
    needs_bits: np.ndarray
    vocabulary: tuple[str, ...]
    lat: np.ndarray
    lon: np.ndarray
    group: np.ndarray               # int codes (-1 unknown)
    federation: np.ndarray
    sido: np.ndarray
    group_names: np.ndarray
    group_matrix: sp.csr_matrix     # member × group membership
    id_rank: np.ndarray             # rank of each id in sorted order (tie-breaks)
    index: pd.Index = field(repr=False)
    declined: sp.csr_matrix | None = field(default=None, repr=False)  # pairs not to suggest, symmetric

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.ids)

    def position(self, member_id: str) -> int:
        """Position of ``member_id``; raises :class:`~network.errors.NotFoundError` (with a suggestion) when unknown."""
        pos = self.index.get_indexer([member_id])[0]
        if pos < 0:
            import difflib

            by_name = np.flatnonzero(self.names == member_id)
            close = ([f"{self.ids[by_name[0]]} ({member_id})"] if len(by_name)
                     else difflib.get_close_matches(str(member_id), self.ids.tolist(), n=1, cutoff=0.8))
            if close:
                raise NotFoundError("error.unknown_member_suggest", member_id=repr(member_id), suggestion=close[0])
            raise NotFoundError("error.unknown_member", member_id=repr(member_id))
        return int(pos)


# ----------------------------------------------------------------------------
# preparing


def prepare(members: pd.DataFrame, partnerships: pd.DataFrame, *, before: pd.Timestamp | str | None = None,
            declined: pd.DataFrame | None = None) -> Engine:
    """Prepare the engine's arrays from validated tables.

    Parameters
    ----------
    members
        Validated members (``member_id`` required; ``name``, ``group``, ``federation``,
        ``sido_code``, ``industry``, ``offers``, ``needs``, ``lat``, ``lon`` used when present).
    partnerships
        Validated partnerships (``source_id``, ``target_id``; ``started`` for ``before``).
    before
        Use only partnerships started before this date (partnerships without a date are
        left out then). For back-tests.
    declined
        Pairs never to suggest, in either direction (``member_id``, ``candidate_id``; e.g.
        :func:`network.feedback.declined_pairs`: suggestions a firm declined recently). Ids that are not
        members are ignored.

    Returns
    -------
    Engine

    Raises
    ------
    InsufficientDataError
        If there are no members.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"], "name": ["가", "나", "다"]})
    >>> p = pd.DataFrame({"source_id": ["a"], "target_id": ["b"]})
    >>> engine = prepare(m, p)
    >>> engine.n, int(engine.A.nnz)
    (3, 2)
    """
    if members is None or len(members) == 0 or "member_id" not in members.columns:
        raise InsufficientDataError("error.no_members")
    members = members.reset_index(drop=True)
    ids = members["member_id"].astype(str).to_numpy()
    n = len(ids)
    index = pd.Index(ids)
    col = lambda name: members[name] if name in members.columns else pd.Series([None] * n)  # noqa: E731
    names = col("name").fillna("").astype(str).to_numpy()

    edges = partnerships
    if before is not None and len(edges):
        started = pd.to_datetime(edges["started"]) if "started" in edges.columns else pd.Series(pd.NaT, index=edges.index)
        edges = edges[started < pd.Timestamp(before)]
    src = index.get_indexer(edges["source_id"].astype(str)) if len(edges) else np.array([], dtype=int)
    dst = index.get_indexer(edges["target_id"].astype(str)) if len(edges) else np.array([], dtype=int)
    ok = (src >= 0) & (dst >= 0) & (src != dst)
    src, dst = src[ok], dst[ok]
    A = sp.csr_matrix((np.ones(2 * len(src)), (np.r_[src, dst], np.r_[dst, src])), shape=(n, n))
    A.sum_duplicates()
    A.data[:] = 1.0
    A.eliminate_zeros()
    A.sort_indices()
    degree = np.diff(A.indptr).astype(np.int64)

    industry_codes, divisions = _map_distinct(col("industry"), _division_of)  # each distinct code read once
    division = np.array(divisions, dtype=np.int64)[industry_codes]
    complementarity, pair_counts = _complementarity(division, A)
    try:
        from network.validate import ksic_divisions

        ksic = ksic_divisions()
        division_names = {int(d): name for d, name in zip(ksic["division"], ksic["name_ko"])}
    except (OSError, KeyError):  # pragma: no cover - the table ships with the package
        division_names = {}

    offers_bits, needs_bits, vocabulary = _tag_bits(col("offers"), col("needs"))
    lat, lon, _ = regions.member_points(members)

    def codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        values = values.astype(object).where(values.notna(), None)
        cats = pd.Categorical(values)
        return np.asarray(cats.codes, dtype=np.int64), np.asarray(cats.categories, dtype=object)

    group, group_names = codes(col("group").astype(object).map(
        lambda g: None if g is None or (isinstance(g, float) and math.isnan(g)) else g))
    # a 교류회 name may repeat across federations: key groups by (federation, group)
    fed_series = col("federation").astype(object)
    group_key = [None if g < 0 else f"{f}\x1f{group_names[g]}" for f, g in zip(fed_series, group)]
    group, group_keys = codes(pd.Series(group_key, dtype=object))
    group_names = np.array([k.split("\x1f", 1)[1] for k in group_keys], dtype=object)
    federation, _ = codes(fed_series)
    sido, _ = codes(col("sido_code").astype(object))
    has_group = group >= 0
    group_matrix = sp.csr_matrix((np.ones(int(has_group.sum())), (np.flatnonzero(has_group), group[has_group])),
                                 shape=(n, max(len(group_names), 1)))
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[np.argsort(ids, kind="stable")] = np.arange(n)
    return Engine(ids, names, A, degree, division, division_names, complementarity, pair_counts,
                  offers_bits, needs_bits, vocabulary, lat, lon, group, federation, sido, group_names,
                  group_matrix, id_rank, index, _pair_matrix(index, declined))


def _pair_matrix(index: pd.Index, pairs: pd.DataFrame | None) -> sp.csr_matrix | None:
    """The pairs (``member_id``, ``candidate_id``) as a symmetric 0/1 matrix over members (``None`` when none)."""
    if pairs is None or len(pairs) == 0:
        return None
    a = index.get_indexer(pairs["member_id"].astype(str))
    b = index.get_indexer(pairs["candidate_id"].astype(str))
    ok = (a >= 0) & (b >= 0) & (a != b)
    if not ok.any():
        return None
    a, b = a[ok], b[ok]
    matrix = sp.csr_matrix((np.ones(2 * len(a), dtype=np.int8), (np.r_[a, b], np.r_[b, a])),
                           shape=(len(index), len(index)))
    matrix.data[:] = 1
    return matrix


def _complementarity(division: np.ndarray, A: sp.csr_matrix, *, pseudo: float = 5.0) -> tuple[np.ndarray, np.ndarray]:
    """log((observed + k) / (expected + k)) for each pair of KSIC divisions (100 × 100)."""
    size = 100
    counts = np.zeros((size, size))
    coo = sp.triu(A, k=1).tocoo()
    a, b = division[coo.row], division[coo.col]
    known = (a >= 0) & (b >= 0)
    np.add.at(counts, (a[known], b[known]), 1.0)
    counts = counts + counts.T - np.diag(np.diag(counts))
    share = np.bincount(division[division >= 0], minlength=size).astype(float)
    if share.sum() == 0 or counts.sum() == 0:
        return np.zeros((size, size)), counts
    share /= share.sum()
    m = np.triu(counts).sum()
    expected = m * np.outer(share, share) * 2.0
    np.fill_diagonal(expected, m * share**2)
    return np.log((counts + pseudo) / (expected + pseudo)), counts


def _map_distinct(values: pd.Series, f: Callable[[object], Any]) -> tuple[np.ndarray, list]:
    """``f`` of each distinct value (then ``f(None)``, for missing values), and each row's place in that list."""
    codes, distinct = pd.factorize(values.astype(object))
    return codes, [f(v) for v in np.asarray(distinct, dtype=object).tolist()] + [f(None)]


def _division_of(value: object) -> int:
    """The KSIC division (first two digits) of an industry code, -1 when unknown."""
    text = str(value)[:2] if isinstance(value, str) and len(value) >= 2 and value[:2].isdigit() else None
    return int(text) if text else -1


def _tag_bits(offers: pd.Series, needs: pd.Series) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    def split(cell) -> list[str]:
        return [t.strip() for t in str(cell).split(";") if t.strip()] if isinstance(cell, str) else []

    offer_codes, offer_lists = _map_distinct(offers, split)  # each distinct cell split once
    need_codes, need_lists = _map_distinct(needs, split)
    vocabulary = tuple(sorted({t for tags in offer_lists + need_lists for t in tags}))
    position = {t: i for i, t in enumerate(vocabulary)}
    words = max(1, (len(vocabulary) + 63) // 64)

    def bits(codes: np.ndarray, lists: list[list[str]]) -> np.ndarray:
        out = np.zeros((len(lists), words), dtype=np.uint64)
        for row, tags in enumerate(lists):
            for tag in tags:
                p = position[tag]
                out[row, p // 64] |= np.uint64(1) << np.uint64(p % 64)
        return out[codes]

    return bits(offer_codes, offer_lists), bits(need_codes, need_lists), vocabulary


# ----------------------------------------------------------------------------
# scoring


#: A member is a hub only with at least this many partners, whatever the quantile says
#: (in a small data set the top 0.1 % are ordinary firms).
MIN_HUB_DEGREE = 20


def _hub_cap(engine: Engine, quantile: float | None) -> float:
    """Degree above which a member counts as a hub (not used as a shared partner)."""
    if quantile is None or engine.n == 0:
        return np.inf
    return max(float(np.quantile(engine.degree, quantile)), MIN_HUB_DEGREE)


def _nearest(engine: Engine, rows: np.ndarray, k: int, scope: str) -> np.ndarray:
    """The ``k`` nearest members of each row's member within its scope (positions; -1 pads)."""
    from scipy.spatial import cKDTree

    out = np.full((len(rows), k), -1, dtype=np.int64)
    if k <= 0:
        return out
    valid = np.isfinite(engine.lat) & np.isfinite(engine.lon)
    x = engine.lon * 88.2  # km at about 37.5°N
    y = engine.lat * 111.0
    label = {"all": np.zeros(engine.n, dtype=np.int64), "group": engine.group,
             "federation": engine.federation, "sido": engine.sido}[scope]
    for value in np.unique(label[rows]):
        if value < 0 and scope != "all":
            continue
        pool = np.flatnonzero(valid & (label == value))
        these = np.flatnonzero((label[rows] == value) & valid[rows])
        if len(pool) < 2 or len(these) == 0:
            continue
        tree = cKDTree(np.c_[x[pool], y[pool]])
        kk = min(k + 1, len(pool))
        _, found = tree.query(np.c_[x[rows[these]], y[rows[these]]], k=kk)
        found = pool[np.asarray(found).reshape(len(these), kk)]
        found = np.where(found == rows[these][:, None], -1, found)  # not the member itself
        # keep the first k that are not the member
        order = np.argsort(found < 0, axis=1, kind="stable")
        found = np.take_along_axis(found, order, axis=1)[:, :k]
        out[these, : found.shape[1]] = found
    return out


def _values_at(S: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, n: int) -> np.ndarray:
    """``S[rows, cols]`` for many pairs at once (0 where S has no entry), via sorted keys."""
    return _values_at_many([S], rows, cols, n)[0]


def _values_at_many(matrices: Sequence[sp.csr_matrix], rows: np.ndarray, cols: np.ndarray, n: int
                    ) -> list[np.ndarray]:
    """:func:`_values_at` of several matrices; those with the same entries (not values) share the search."""
    keys = rows.astype(np.int64) * n + cols
    out = []
    found: tuple[sp.csr_matrix, np.ndarray, np.ndarray] | None = None
    for S in matrices:
        S = S.tocsr()
        S.sort_indices()
        if S.nnz == 0:
            out.append(np.zeros(len(rows)))
            continue
        if found is None or not (np.array_equal(found[0].indptr, S.indptr)
                                 and np.array_equal(found[0].indices, S.indices)):
            s_keys = np.repeat(np.arange(S.shape[0], dtype=np.int64), np.diff(S.indptr)) * n + S.indices
            pos = np.searchsorted(s_keys, keys)
            pos = np.minimum(pos, len(s_keys) - 1)
            found = (S, pos, s_keys[pos] == keys)
        out.append(np.where(found[2], S.data[found[1]], 0.0))
    return out


def _popcount_and(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.bitwise_count(a & b).sum(axis=1).astype(float)


def _shared_partner_weights(engine: Engine, hub_quantile: float | None) -> np.ndarray:
    """Per-member weight as a shared partner, n × 3: (1, 1/log deg, 1/deg); 0 above the hub cap."""
    cap = _hub_cap(engine, hub_quantile)
    deg = engine.degree.astype(float)
    usable = (deg <= cap) & (deg >= 1)
    w_aa = np.zeros(engine.n)
    ok = usable & (deg >= 2)
    w_aa[ok] = 1.0 / np.log(deg[ok])
    return np.c_[usable.astype(float), w_aa, np.where(usable, 1.0 / np.maximum(deg, 1), 0.0)]


def _shared_partner_matrices(engine: Engine, rows: np.ndarray, hub_quantile: float | None
                             ) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
    """Common-neighbour, Adamic–Adar and resource-allocation scores of ``rows`` against everyone:
    ``A[rows] @ diag(w) @ A`` for each column of :func:`_shared_partner_weights`."""
    A = engine.A
    Ab = A[rows]
    weights = _shared_partner_weights(engine, hub_quantile)
    return tuple(Ab @ sp.diags(weights[:, k]) @ A for k in range(3))


def structural_scores(engine: Engine, rows: np.ndarray, cols: np.ndarray, *, hub_quantile: float | None = None,
                      block_pairs: int = 1_000_000) -> pd.DataFrame:
    """Common neighbours, Adamic–Adar and resource allocation of given pairs.

    For a block of pairs, ``A[rows] ∘ A[cols]`` holds each pair's shared partners; multiplying it
    by the per-partner weights (1, 1/log deg, 1/deg; 0 above the hub cap) gives all three scores.
    With ``hub_quantile=None`` they equal networkx's ``common_neighbors``,
    ``adamic_adar_index`` and ``resource_allocation_index``.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": list("abcd")})
    >>> e = prepare(m, pd.DataFrame({"source_id": list("aab"), "target_id": list("bcd")}))
    >>> structural_scores(e, np.array([1]), np.array([2])).round(4).values.tolist()  # b–c share a
    [[1.0, 1.4427, 0.5]]
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    weights = _shared_partner_weights(engine, hub_quantile)
    out = np.zeros((len(rows), 3))
    for start in range(0, len(rows), block_pairs):
        stop = min(start + block_pairs, len(rows))
        shared = engine.A[rows[start:stop]].multiply(engine.A[cols[start:stop]])
        out[start:stop] = shared @ weights
    return pd.DataFrame(out, columns=["common_neighbours", "adamic_adar", "resource_allocation"])


def candidate_signals(engine: Engine, rows: np.ndarray, options: Options, *,
                      nearest: np.ndarray | None = None) -> pd.DataFrame:
    """Candidate pairs of the members at positions ``rows`` and their signals.

    ``nearest`` may hold the precomputed nearest members of ``rows`` (see :func:`score_members`).

    Returns
    -------
    pandas.DataFrame
        ``row`` (position of the member), ``col`` (position of the candidate),
        ``km`` and one column per signal of :data:`SIGNALS`.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"]})
    >>> e = prepare(m, pd.DataFrame({"source_id": ["a", "b"], "target_id": ["b", "c"]}))
    >>> candidate_signals(e, [0], Options(hub_quantile=None))[["row", "col", "resource_allocation"]].values.tolist()
    [[0.0, 2.0, 0.5]]
    """
    return pd.DataFrame(_candidate_arrays(engine, rows, options, nearest=nearest))


def _candidate_arrays(engine: Engine, rows: np.ndarray, options: Options, *,
                      nearest: np.ndarray | None = None, with_km: bool = True) -> dict[str, Any]:
    """The columns of :func:`candidate_signals`; without ``with_km`` (and ``options.max_km``), ``km`` and
    ``distance`` are left empty, to be filled for the chosen pairs only (:func:`_add_km`)."""
    n = engine.n
    rows = np.asarray(rows, dtype=np.int64)
    Ab = engine.A[rows]
    S_cn, S_aa, S_ra = _shared_partner_matrices(engine, rows, options.hub_quantile)

    b = len(rows)
    pieces = [S_cn.astype(bool).astype(np.int8)]
    if engine.group_matrix.nnz:
        pieces.append((engine.group_matrix[rows] @ engine.group_matrix.T).astype(bool).astype(np.int8))
    knn = nearest if nearest is not None else _nearest(engine, rows, options.neighbours, options.scope)
    k_rows, k_cols = np.nonzero(knn >= 0)
    if len(k_rows):
        pieces.append(sp.csr_matrix((np.ones(len(k_rows), dtype=np.int8), (k_rows, knn[k_rows, k_cols])),
                                    shape=(b, n)))
    cand = pieces[0]
    for piece in pieces[1:]:
        cand = cand + piece
    cand = cand.tocsr()
    cand.data[:] = 1
    # never the member itself, never an existing partner, never a pair declined recently
    excluded = Ab.astype(np.int8)
    if engine.declined is not None:
        excluded = (excluded + engine.declined[rows]).astype(bool).astype(np.int8)
    cand = cand - cand.multiply(excluded)
    cand = cand.tocsr()
    cand.eliminate_zeros()
    r, c = cand.nonzero()
    keep = c != rows[r]
    r, c = r[keep], c[keep]
    row_pos = rows[r]
    # scope
    if options.scope != "all":
        label = {"group": engine.group, "federation": engine.federation, "sido": engine.sido}[options.scope]
        inside = (label[row_pos] == label[c]) & (label[c] >= 0)
        r, c, row_pos = r[inside], c[inside], row_pos[inside]
    km: np.ndarray | None = None
    if with_km or options.max_km is not None:
        km = haversine_km(engine.lat[row_pos], engine.lon[row_pos], engine.lat[c], engine.lon[c])
        if options.max_km is not None:
            near = np.isfinite(km) & (km <= options.max_km)
            r, c, row_pos, km = r[near], c[near], row_pos[near], km[near]
    cn, ra, aa = _values_at_many([S_cn, S_ra, S_aa], r, c, n)  # S_cn and S_ra have the same entries
    di, dj = engine.division[row_pos], engine.division[c]
    known = (di >= 0) & (dj >= 0)
    industry = np.where(known, engine.complementarity[np.maximum(di, 0), np.maximum(dj, 0)], 0.0)
    tags = (_popcount_and(engine.offers_bits[row_pos], engine.needs_bits[c])
            + _popcount_and(engine.offers_bits[c], engine.needs_bits[row_pos]))
    distance = None if km is None else _distance_signal(km, options)
    same_group = ((engine.group[row_pos] == engine.group[c]) & (engine.group[c] >= 0)).astype(float)
    same_fed = ((engine.federation[row_pos] == engine.federation[c]) & (engine.federation[c] >= 0)).astype(float)
    return {
        "row": row_pos, "col": c, "km": km, "common_neighbours": cn, "adamic_adar": aa,
        "resource_allocation": ra, "industry": industry, "tags": tags, "distance": distance,
        "same_group": same_group, "same_federation": same_fed,
    }


def _distance_signal(km: np.ndarray, options: Options) -> np.ndarray:
    return np.where(np.isfinite(km), np.exp(-np.nan_to_num(km, nan=0.0) / options.distance_scale_km), 0.0)


def _add_km(engine: Engine, pairs: dict[str, Any], options: Options) -> dict[str, np.ndarray]:
    """Fill ``km`` and ``distance`` left empty by :func:`_candidate_arrays` (element-wise: the same numbers)."""
    if pairs["km"] is None:
        row, col = pairs["row"], pairs["col"]
        km = haversine_km(engine.lat[row], engine.lon[row], engine.lat[col], engine.lon[col])
        pairs["km"], pairs["distance"] = km, _distance_signal(km, options)
    return pairs


#: Scores are rounded to this many decimals before ranking (12 significant digits for scores
#: between 10 and 100, the usual range), so that ties break on member ids, not on float noise.
SCORE_DECIMALS = 10


def _dense_rank(values: np.ndarray) -> np.ndarray:
    """Rank of each value among the distinct values, smallest 0 (``np.unique``'s inverse), by hashing."""
    if np.isnan(values).any():
        return np.unique(values, return_inverse=True)[1].astype(np.int64).ravel()
    codes, distinct = pd.factorize(values)
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[np.argsort(distinct)] = np.arange(len(distinct))  # distinct values: any sort gives this
    return rank[codes]


def _order_rows_score_id(rows: np.ndarray, scores: np.ndarray, id_rank: np.ndarray, n: int) -> np.ndarray:
    """Indices sorted by row, then score (high first), then candidate id — one int64 sort when it fits."""
    score_rank = _dense_rank(-scores)
    bits_id = max(1, int(n).bit_length())
    bits_score = max(1, int(score_rank.max(initial=0) + 1).bit_length())
    bits_row = max(1, int(rows.max(initial=0) + 1).bit_length())
    if bits_id + bits_score + bits_row > 63:
        return np.lexsort((id_rank, -scores, rows))
    key = (rows.astype(np.int64) << (bits_score + bits_id)) | (score_rank << bits_id) | id_rank
    # a (row, candidate) pair comes once, so the keys differ (or the rows are equal): any sort gives this order
    return np.argsort(key)


def _top_per_row(pairs: dict[str, Any], scores: np.ndarray, engine: Engine, keep: int) -> dict[str, Any]:
    """The ``keep`` best candidates per row (columns of :func:`candidate_signals`, ``score`` and ``rank``):
    highest score first, ties by candidate id."""
    rows = pairs["row"]
    if len(rows) == 0:
        return {**{name: np.array([], dtype=float) if values is None else values for name, values in pairs.items()},
                "score": np.array([], dtype=float), "rank": np.array([], dtype=int)}
    rounded = np.round(scores, SCORE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    order = _order_rows_score_id(rows, rounded, engine.id_rank[pairs["col"]], engine.n)
    sorted_rows = rows[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_rows)) + 1]
    first = np.repeat(starts, np.diff(np.r_[starts, len(sorted_rows)]))
    rank = np.arange(len(sorted_rows)) - first + 1
    chosen = order[rank <= keep]
    out = {name: None if values is None else values[chosen] for name, values in pairs.items()}
    out["score"] = rounded[chosen]
    out["rank"] = rank[rank <= keep]
    return out


def _take(table: dict[str, np.ndarray], at: np.ndarray) -> dict[str, np.ndarray]:
    """The rows ``at`` of ``table``, in place: column by column, so that only one old column is kept at a time."""
    for name in table:
        table[name] = table[name][at]
    return table


def score_members(
    engine: Engine,
    rows: Sequence[int] | np.ndarray,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    options: Options = Options(),
    keep: int | None = None,
    block_pairs: int = 2_000_000,
    progress: Callable[[str, int, int], None] | None = None,
    scorer: Callable[[pd.DataFrame], np.ndarray] | None = None,
) -> pd.DataFrame:
    """Score candidates of many members blockwise; return the best ``keep`` per member.

    Parameters
    ----------
    engine
        From :func:`prepare`.
    rows
        Member positions to recommend for.
    weights, options
        See :class:`Weights` and :class:`Options`.
    keep
        Candidates kept per member (default ``options.top``).
    block_pairs
        Rough number of candidate pairs per block (bounds memory).
    progress
        Called as ``progress("recommend", done, total)``.
    scorer
        Replace the linear score (used by the random baseline).

    Returns
    -------
    pandas.DataFrame
        ``row``, ``col``, ``km``, the signals, ``score`` and ``rank`` (1 = best).

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c", "d"]})
    >>> e = prepare(m, pd.DataFrame({"source_id": ["a", "a", "b", "c"], "target_id": ["b", "c", "d", "d"]}))
    >>> top = score_members(e, [0], weights=Weights.only("common_neighbours"), options=Options(hub_quantile=None))
    >>> e.ids[top["col"]].tolist(), top["score"].tolist()
    (['d'], [2.0])
    """
    return pd.DataFrame(_score_arrays(engine, rows, weights=weights, options=options, keep=keep,
                                      block_pairs=block_pairs, progress=progress, scorer=scorer))


def score_members_many(engine: Engine, rows: Sequence[int] | np.ndarray, weight_sets: Sequence[Weights], *,
                       options: Options = Options()) -> list[pd.DataFrame]:
    """:func:`score_members` for several weights at once (``row``, ``col``, ``score``, ``rank`` of each): the
    candidates and their signals are found once, so comparing weights (:func:`network.evaluate.choose_model`)
    costs one search.  For a few thousand members at a time (no blocks).

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c", "d"], "group": ["g", "g", "h", "h"]})
    >>> e = prepare(m, pd.DataFrame({"source_id": ["a", "a", "b", "c"], "target_id": ["b", "c", "d", "d"]}))
    >>> by_partners, by_group = score_members_many(e, [0], [Weights.only("common_neighbours"), Weights.only("tags")],
    ...                                            options=Options(hub_quantile=None))
    >>> e.ids[by_partners["col"]].tolist(), len(by_group)
    (['d'], 1)
    """
    rows = np.asarray(rows, dtype=np.int64)
    pairs = _candidate_arrays(engine, rows, options, nearest=_nearest(engine, rows, options.neighbours, options.scope))
    out = []
    for weights in weight_sets:
        scores = np.zeros(len(pairs["row"]))
        for weight, name in zip(weights.as_array(), SIGNALS):
            if weight:
                scores += weight * pairs[name]
        top = _top_per_row(pairs, scores, engine, options.top)
        out.append(pd.DataFrame({name: top[name] for name in ("row", "col", "score", "rank")}))
    return out


def _score_arrays(engine: Engine, rows: Sequence[int] | np.ndarray, *, weights: Weights, options: Options,
                  keep: int | None, block_pairs: int = 2_000_000,
                  progress: Callable[[str, int, int], None] | None = None,
                  scorer: Callable[[pd.DataFrame], np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """:func:`score_members`' columns as arrays."""
    rows = np.asarray(rows, dtype=np.int64)
    keep = keep or options.top
    w = weights.as_array()
    if len(rows) == 0:
        return _top_per_row(_candidate_arrays(engine, rows, options), np.array([]), engine, keep)
    # the distance only for the chosen pairs when nothing else needs it (element-wise: the same numbers)
    with_km = scorer is not None or options.max_km is not None or bool(weights.distance)
    # block size from the expected 2-hop work (Σ deg(w)² for the rows' partners, hubs capped)
    cap = _hub_cap(engine, options.hub_quantile)
    deg = np.minimum(engine.degree, cap if np.isfinite(cap) else engine.degree.max(initial=0))
    work = np.asarray(engine.A[rows] @ deg).ravel() + options.neighbours + 30
    bounds = [0]
    total = 0.0
    for i, cost in enumerate(work):
        total += cost
        if total >= block_pairs:
            bounds.append(i + 1)
            total = 0.0
    if bounds[-1] != len(rows):
        bounds.append(len(rows))
    results = []
    nearest = _nearest(engine, rows, options.neighbours, options.scope)  # one spatial index for all blocks
    for k in range(len(bounds) - 1):
        block = rows[bounds[k]:bounds[k + 1]]
        pairs = _candidate_arrays(engine, block, options, nearest=nearest[bounds[k]:bounds[k + 1]], with_km=with_km)
        if scorer is not None:
            scores = scorer(pd.DataFrame(pairs))
        else:
            scores = np.zeros(len(pairs["row"]))
            for weight, name in zip(w, SIGNALS):
                if weight:
                    scores += weight * pairs[name]
        results.append(_add_km(engine, _top_per_row(pairs, scores, engine, keep), options))
        del pairs, scores
        if progress is not None:
            progress("recommend", bounds[k + 1], len(rows))
    if len(results) == 1:
        return results[0]
    out = {}
    for name in list(results[0]):  # column by column, letting go of the blocks' columns
        out[name] = np.concatenate([part.pop(name) for part in results])
    return out


def _diversify(ranked: dict[str, np.ndarray], engine: Engine, *, top: int, cap: int) -> dict[str, np.ndarray]:
    """Re-rank so that no firm is suggested more than ``cap`` times across all lists.

    Members are served in order of their best score; each takes its best shortlisted
    candidates that still have room, so a few hubs are not suggested to everyone.
    """
    rows = ranked["row"]
    if len(rows) == 0:
        return ranked
    cols = ranked["col"]
    ranks = ranked["rank"]
    best_of = np.full(engine.n, -np.inf)
    np.fmax.at(best_of, rows, ranked["score"])  # each member's best score (NaN left out, as pandas' max)
    order = np.lexsort((ranks, rows, -best_of[rows]))
    # a member's shortlist is contiguous in this order (same best score, then by row)
    ordered_rows = rows[order]
    starts = np.r_[0, np.flatnonzero(np.diff(ordered_rows)) + 1, len(order)]
    used = [0] * engine.n
    chosen: list[int] = []
    step = 1 << 13  # members at a time, so that only a slice of the shortlists becomes Python ints
    for group in range(0, len(starts) - 1, step):
        bounds = starts[group:group + step + 1]
        offset = int(bounds[0])
        positions = order[offset:bounds[-1]].tolist()
        candidates = cols[order[offset:bounds[-1]]].tolist()
        spans = (bounds - offset).tolist()
        for start, stop in zip(spans[:-1], spans[1:]):
            taken = 0
            for i in range(start, stop):
                col = candidates[i]
                if used[col] < cap:
                    used[col] += 1
                    chosen.append(positions[i])
                    taken += 1
                    if taken >= top:
                        break
    kept = np.sort(np.array(chosen, dtype=np.int64))
    # by (row, rank), stable (as pandas' sort_values); then ranks 1, 2, … again
    kept = kept[np.lexsort((ranks[kept], rows[kept]))]
    out = _take(ranked, kept)
    kept_rows = out["row"]
    starts_kept = np.r_[0, np.flatnonzero(np.diff(kept_rows)) + 1]
    first = np.repeat(starts_kept, np.diff(np.r_[starts_kept, len(kept_rows)]))
    out["rank"] = np.arange(len(kept_rows), dtype=np.int64) - first + 1
    return out


# ----------------------------------------------------------------------------
# tables for people


RESULT_COLUMNS = ["member_id", "member_name", "rank", "candidate_id", "candidate_name", "score", "reasons"]

#: Rows whose reasons are worded at a time (bounds the memory of the words and their evidence).
_REASON_BLOCK = 50_000


def recommend_for_member(
    engine: Engine,
    member_id: str,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    options: Options = Options(),
    language: Language = "ko",
) -> pd.DataFrame:
    """Top suggestions for one member, with reasons and each signal's share of the score.

    Returns
    -------
    pandas.DataFrame
        ``member_id, member_name, rank, candidate_id, candidate_name, score, reasons``, the
        signal columns, ``km``, and ``share_<signal>`` (percent of the score).

    Raises
    ------
    NotFoundError
        If ``member_id`` is not a member.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c", "d"], "name": ["가", "나", "다", "라"]})
    >>> p = pd.DataFrame({"source_id": ["a", "b"], "target_id": ["b", "c"]})
    >>> engine = prepare(m, p)
    >>> recommend_for_member(engine, "a", weights=Weights.only("common_neighbours"),
    ...                      options=Options(hub_quantile=None))["candidate_id"].tolist()
    ['c']
    """
    row = engine.position(member_id)
    ranked = score_members(engine, [row], weights=weights, options=options)
    ranked = ranked[_positive(ranked, weights)]
    return _result_table(engine, ranked, weights, options, language=language)


def no_suggestions_reason(engine: Engine, member_id: str, *, weights: Weights = DEFAULT_WEIGHTS,
                          options: Options = Options(), language: Language = "ko") -> str:
    """Why a member got no suggestion, in words (an empty list is never shown without this).

    In order: there is no other member; every weight is 0; every other member is a partner already; no
    candidate within ``max_km``;
    no candidate within the scope; no weighted evidence (the message lists what the member's record lacks).

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "name": ["가", "나"]})
    >>> e = prepare(m, pd.DataFrame({"source_id": [], "target_id": []}))
    >>> no_suggestions_reason(e, "a", weights=Weights(), language="en")
    'Every weight is 0: no pair gets a score. Give at least one signal a weight.'
    >>> print(no_suggestions_reason(e, "a", weights=Weights.only("tags"), language="en"))  # doctest: +ELLIPSIS
    No candidate has any of the weighted evidence for 가 (a): the record lacks partners, a 교류회, ...
    """
    row = engine.position(member_id)
    if engine.n <= 1:
        return texts.t("reason.none.only_member", language)
    if not (weights.as_array() > 0).any():
        return texts.t("reason.none.zero_weights", language)
    if engine.degree[row] >= engine.n - 1:
        return texts.t("reason.none.no_candidates", language)
    if candidate_signals(engine, np.array([row]), options).empty:
        if options.max_km is not None:
            return texts.t("reason.none.max_km", language, km=options.max_km)
        if options.scope != "all":
            return texts.t("reason.none.scope", language, scope=texts.t(f"scope.{options.scope}", language))
    lacks = []
    if engine.degree[row] == 0:
        lacks.append("partners")
    if engine.group[row] < 0:
        lacks.append("group")
    if engine.division[row] < 0:
        lacks.append("industry")
    if not (engine.offers_bits[row].any() or engine.needs_bits[row].any()):
        lacks.append("tags")
    if np.isnan(engine.lat[row]):
        lacks.append("location")
    missing = ", ".join(texts.t(f"reason.none.lacks.{what}", language) for what in lacks) or "-"
    return texts.t("reason.none.no_evidence", language, name=engine.names[row] or member_id, member_id=member_id,
                   missing=missing)


def recommend_all(
    engine: Engine,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    options: Options = Options(),
    member_ids: Sequence[str] | None = None,
    language: Language = "ko",
    reasons: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> pd.DataFrame:
    """Top suggestions for every member (or for ``member_ids``), one row per suggestion.

    With ``options.diversity_cap`` set, a firm appears in at most that many lists.

    Returns
    -------
    pandas.DataFrame
        As :func:`recommend_for_member`, for all members, sorted by member and rank.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"], "name": ["가", "나", "다"]})
    >>> e = prepare(m, pd.DataFrame({"source_id": ["a", "b"], "target_id": ["b", "c"]}))
    >>> t = recommend_all(e, weights=Weights.only("common_neighbours"), options=Options(hub_quantile=None))
    >>> t[["member_id", "candidate_id", "reasons"]].values.tolist()
    [['a', 'c', '공통 협력사 1곳: 나 · 점수 구성: 공통 협력사 수 100%'], ['c', 'a', '공통 협력사 1곳: 나 · 점수 구성: 공통 협력사 수 100%']]
    """
    ranked = _ranked_all(engine, weights, options, member_ids, progress)
    return _result_table(engine, ranked, weights, options, language=language, with_reasons=reasons)


def iter_recommend_all(
    engine: Engine,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    options: Options = Options(),
    member_ids: Sequence[str] | None = None,
    language: Language = "ko",
    reasons: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
    block_rows: int = _REASON_BLOCK,
) -> Iterator[pd.DataFrame]:
    """:func:`recommend_all`'s table in blocks of at most ``block_rows`` rows, in its order.

    The suggestions are scored when this is called; the rows (and their reasons) are made
    one block at a time as the blocks are taken, so that millions of suggestions can be
    written (:func:`network.export.write_table` takes the blocks) without the whole table
    and all its reasons in memory at once. The blocks hold the same values as
    :func:`recommend_all`'s table, text columns with dtype ``object``; there is always at
    least one block (empty when there is no suggestion).

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"], "name": ["가", "나", "다"]})
    >>> e = prepare(m, pd.DataFrame({"source_id": ["a", "b"], "target_id": ["b", "c"]}))
    >>> blocks = iter_recommend_all(e, weights=Weights.only("common_neighbours"),
    ...                             options=Options(hub_quantile=None), block_rows=1)
    >>> [block[["member_id", "candidate_id"]].values.tolist() for block in blocks]
    [[['a', 'c']], [['c', 'a']]]
    """
    if block_rows < 1:
        raise OptionError("error.option_at_least", option="block_rows", value=block_rows, minimum=1)
    ranked = _ranked_all(engine, weights, options, member_ids, progress)
    table = _Table(engine, ranked, weights)
    del ranked
    explainer = _Explainer(engine, language) if reasons else None

    def blocks() -> Iterator[pd.DataFrame]:
        for start in range(0, max(len(table), 1), block_rows):
            yield table.frame(start, start + block_rows, explainer, text_dtype=object)

    return blocks()


def _ranked_all(engine: Engine, weights: Weights, options: Options, member_ids: Sequence[str] | None,
                progress: Callable[[str, int, int], None] | None) -> dict[str, np.ndarray]:
    """The suggestions of :func:`recommend_all` (``row``, ``col``, signals, ``score``, ``rank``) before wording."""
    rows = np.arange(engine.n) if member_ids is None else np.array([engine.position(m) for m in member_ids])
    shortlist = options.top * 3 if options.diversity_cap else options.top
    ranked = _score_arrays(engine, rows, weights=weights, options=options, keep=shortlist, progress=progress)
    ranked = _take(ranked, np.flatnonzero(ranked["score"] > 0))  # some evidence: a positive score
    if options.diversity_cap:
        ranked = _diversify(ranked, engine, top=options.top, cap=options.diversity_cap)
    return ranked


def _positive(ranked: pd.DataFrame, weights: Weights) -> np.ndarray:
    """Keep suggestions with some evidence: a positive score."""
    return (ranked["score"] > 0).to_numpy() if len(ranked) else np.array([], dtype=bool)


class _Table:
    """The result table of ranked suggestions, sorted by member id and rank, made a block of rows at a time."""

    def __init__(self, engine: Engine, ranked: pd.DataFrame | dict[str, np.ndarray], weights: Weights):
        self.engine = engine
        if isinstance(ranked, pd.DataFrame):
            ranked = {name: ranked[name].to_numpy() for name in ranked.columns}
        # signals × pairs, seen as pairs × signals: the memory order of DataFrame.to_numpy(), so that the
        # sums below add in the same order as ever (the shares are the same to the last bit)
        signals = np.empty((len(SIGNALS), len(ranked["row"])))
        for j, name in enumerate(SIGNALS):
            signals[j] = ranked[name]
        contributions = signals.T * weights.as_array()
        del signals
        # each signal's share of the score, in percent (they add up to 100; a signal that counts
        # against the pair, such as an industry pair rarer than chance, has a negative share)
        total = contributions.sum(axis=1, keepdims=True)
        self.share = np.divide(100 * contributions, total, out=np.zeros_like(contributions), where=total > 0)
        del contributions, total
        self.rows = ranked["row"]
        self.cols = ranked["col"]
        self.rank = ranked["rank"]
        self.score = ranked["score"]
        self.signals = {name: ranked[name] for name in SIGNALS}
        self.km = ranked["km"]
        # member ids are unique, so their rank orders the rows as sorting by the ids would
        self.order = np.lexsort((self.rank, engine.id_rank[self.rows]))

    def __len__(self) -> int:
        return len(self.order)

    def frame(self, start: int, stop: int, explainer: _Explainer | None, *, text_dtype: type | None = None
              ) -> pd.DataFrame:
        """Rows ``start:stop`` of the table (reasons from ``explainer``; empty without one)."""
        engine = self.engine
        k = self.order[start:stop]
        rows, cols = self.rows[k], self.cols[k]

        def text(values: np.ndarray | list) -> np.ndarray | list | pd.Series:
            return values if text_dtype is None else pd.Series(values, dtype=text_dtype)

        out = pd.DataFrame({
            "member_id": text(engine.ids[rows]), "member_name": text(engine.names[rows]), "rank": self.rank[k],
            "candidate_id": text(engine.ids[cols]), "candidate_name": text(engine.names[cols]), "score": self.score[k],
        })
        reasons: list[str] = []
        if explainer is None:
            reasons = [""] * len(k)
        else:
            for at in range(0, len(k), _REASON_BLOCK):
                part = k[at:at + _REASON_BLOCK]
                reasons += explainer(self.rows[part], self.cols[part], self.km[part], self.signals["same_group"][part],
                                     self.signals["industry"][part], self.share[part]).tolist()
        out["reasons"] = text(reasons)
        for name in SIGNALS:
            out[name] = self.signals[name][k]
        out["km"] = self.km[k].round(1)
        for j, name in enumerate(SIGNALS):
            out[f"share_{name}"] = self.share[k, j].round(1)
        return out


def _result_table(engine: Engine, ranked: pd.DataFrame, weights: Weights, options: Options, *,
                  language: Language, with_reasons: bool = True) -> pd.DataFrame:
    table = _Table(engine, ranked, weights)
    return table.frame(0, len(table), _Explainer(engine, language) if with_reasons else None)


def shared_partners(engine: Engine, i: int, j: int) -> np.ndarray:
    """Positions of the partners members ``i`` and ``j`` share, most selective (lowest degree) first.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"]})
    >>> e = prepare(m, pd.DataFrame({"source_id": ["a", "b"], "target_id": ["c", "c"]}))
    >>> e.ids[shared_partners(e, 0, 1)].tolist()
    ['c']
    """
    a = engine.A.indices[engine.A.indptr[i]:engine.A.indptr[i + 1]]
    b = engine.A.indices[engine.A.indptr[j]:engine.A.indptr[j + 1]]
    common = np.intersect1d(a, b, assume_unique=True)
    return common[np.argsort(engine.degree[common], kind="stable")]


# ----------------------------------------------------------------------------
# reasons in words, column-wise
#
# A reason is a template of network.texts (``reason.*``) filled with the evidence of a pair. Rather
# than formatting it once per pair, it is formatted once (with texts.t) with its fields left open
# (:class:`_Slot`); the fields are then filled for all pairs at once, each distinct number formatted
# once. A Korean particle after a name depends on the name's last sound: that template is formatted
# once per kind of name (:class:`_NameSlot`), as texts.particle sorts them.

_MARK = "\x00"
_Piece = str | tuple[str, str] | np.ndarray  # literal text, (field, format spec), or a literal per row


class _Slot:
    """A template field left open: formats as a marker and notes its format spec."""

    __slots__ = ("name", "specs")

    def __init__(self, name: str):
        self.name = name
        self.specs: list[str] = []

    def __format__(self, spec: str) -> str:
        self.specs.append(spec)
        return f"{_MARK}{self.name}{_MARK}"

    def __str__(self) -> str:  # the value itself is needed (a particle, a conversion): no column-wise filling
        raise TypeError(f"field {self.name} needs its value")

    __repr__ = __str__


class _NameSlot(str):
    """A name field left open that reads as ``sample`` (a name taking the same particles), for a particle."""

    name: str
    specs: list[str]

    def __new__(cls, name: str, sample: str) -> _NameSlot:
        slot = super().__new__(cls, sample)
        slot.name = name
        slot.specs = []
        return slot

    def __format__(self, spec: str) -> str:
        self.specs.append(spec)
        return f"{_MARK}{self.name}{_MARK}"


def _template(key: str, language: Language, fields: Sequence[str], *, samples: dict[str, str] | None = None,
              fixed: dict[str, object] | None = None) -> list[_Piece] | None:
    """``texts.t(key, language, **fixed)`` with ``fields`` left open, as literal pieces and ``(field, spec)``.

    ``samples`` gives a name for fields followed by a Korean particle. ``None`` when the fields cannot be
    filled in afterwards (the caller then formats row by row).
    """
    fixed = fixed or {}
    if any(_MARK in str(value) for value in fixed.values()):
        return None
    slots: dict[str, _Slot | _NameSlot] = {
        name: _NameSlot(name, samples[name]) if samples and name in samples else _Slot(name) for name in fields}
    try:
        text = texts.t(key, language, **fixed, **slots)
    except Exception:  # noqa: BLE001 - any trouble: format row by row, which shows the real error
        return None
    parts = text.split(_MARK)
    pieces: list[_Piece] = []
    seen = dict.fromkeys(fields, 0)
    for i, part in enumerate(parts):
        if i % 2 == 0:
            pieces.append(part)
        elif part in slots and seen[part] < len(slots[part].specs):
            pieces.append((part, slots[part].specs[seen[part]]))
            seen[part] += 1
        else:
            return None
    if len(parts) % 2 == 0 or any(seen[name] != len(slot.specs) for name, slot in slots.items()):
        return None
    return pieces


def _particle_specs(key: str, language: Language, field_name: str) -> list[str]:
    """The Korean particles the template ``key`` puts after ``field_name`` (``{giver:이/가}``)."""
    template = texts.LIBRARY.text(key).get(language)
    return sorted({spec for _, name, spec, _ in string.Formatter().parse(template)
                   if name == field_name and spec in texts.PARTICLES})


def _formatted(values: np.ndarray, spec: str, *, prefix: str = "", suffix: str = "") -> np.ndarray:
    """``prefix + format(value, spec) + suffix`` of each value (object array of str), each distinct value
    formatted once. Text with an empty spec and no prefix or suffix is itself."""
    values = np.asarray(values)
    if values.dtype == object:
        if spec == "" and not prefix and not suffix:
            return values
        return _objects([f"{prefix}{format(v, spec)}{suffix}" for v in values])
    codes, numbers = _distinct(values, spec)
    return _objects([f"{prefix}{format(v, spec)}{suffix}" for v in numbers.tolist()])[codes]


def _distinct(values: np.ndarray, spec: str) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values of numbers (floats told apart by their bits, so -0.0 stays -0.0)."""
    if values.dtype.kind == "f":
        values = values.astype(np.float64)
        if spec == ".0f":  # rounding to a whole number first gives the same text, with far fewer values
            values = np.rint(values)
        codes, distinct = pd.factorize(values.view(np.int64))
        return codes, np.asarray(distinct).view(np.float64)
    codes, distinct = pd.factorize(values)
    return codes, np.asarray(distinct)


def _objects(items: list) -> np.ndarray:
    """A 1-d object array of ``items`` (strings stay whole)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _concat(pieces: Sequence[str | np.ndarray], m: int) -> np.ndarray:
    """Row-wise concatenation of constant strings and per-row strings (object array of ``m`` str)."""
    kept = [p for p in pieces if not (isinstance(p, str) and p == "")]
    if not kept:
        return np.full(m, "", dtype=object)
    if len(kept) == 1:
        return _objects([kept[0]] * m) if isinstance(kept[0], str) else np.array(kept[0], dtype=object)
    columns = [repeat(p, m) if isinstance(p, str) else p.tolist() for p in kept]
    return _objects(list(map("".join, zip(*columns))))


def _fill(pieces: Sequence[_Piece], values: dict[str, np.ndarray], m: int) -> np.ndarray:
    """The ``m`` rows of a template (:func:`_template`) filled with ``values``."""
    columns: list[str | np.ndarray] = []
    pending = ""  # literal text not placed yet
    items = list(pieces)
    k = 0
    while k < len(items):
        piece = items[k]
        if isinstance(piece, str):
            pending += piece
        elif isinstance(piece, tuple) and np.asarray(values[piece[0]]).dtype != object:
            # a number: the text around it goes into each distinct number's words
            after = ""
            while k + 1 < len(items):
                following = items[k + 1]
                if not isinstance(following, str):
                    break
                after += following
                k += 1
            columns.append(_formatted(values[piece[0]], piece[1], prefix=pending, suffix=after))
            pending = ""
        else:
            if pending:
                columns.append(pending)
                pending = ""
            columns.append(_formatted(values[piece[0]], piece[1]) if isinstance(piece, tuple) else piece)
        k += 1
    if pending:
        columns.append(pending)
    return _concat(columns, m)


def _render(key: str, language: Language, values: dict[str, np.ndarray], m: int, **fixed: object) -> np.ndarray:
    """``texts.t(key, language, **fixed, **row)`` for each of the ``m`` rows of ``values``."""
    if m == 0:
        return np.empty(0, dtype=object)
    return _filled(key, language, _template(key, language, tuple(values), fixed=fixed), values, m, **fixed)


def _filled(key: str, language: Language, pieces: Sequence[_Piece] | None, values: dict[str, np.ndarray], m: int,
            **fixed: object) -> np.ndarray:
    """The rows filled in from ``pieces``, checked against ``texts.t`` on the first row (row by row if they
    differ, or without pieces)."""
    if pieces is not None:
        out = _fill(pieces, values, m)
        if out[0] == texts.t(key, language, **fixed, **{name: np.asarray(column)[0] for name, column in values.items()}):
            return out
    return _render_rows(key, language, values, m, **fixed)


def _render_rows(key: str, language: Language, values: dict[str, np.ndarray], m: int, **fixed: object) -> np.ndarray:
    cells = {name: np.asarray(column).tolist() for name, column in values.items()}
    return _objects([texts.t(key, language, **fixed, **{name: cells[name][k] for name in cells}) for k in range(m)])


def _join_rows(columns: Sequence[np.ndarray], counts: np.ndarray, sep: str) -> np.ndarray:
    """``sep.join`` of the first ``counts[r]`` of ``columns`` in each row ``r`` (``columns[p]``: each row's p-th item)."""
    out = np.full(len(counts), "", dtype=object)
    for n in np.unique(counts).tolist():
        if n > 0:
            at = np.flatnonzero(counts == n)
            out[at] = _objects(list(map(sep.join, zip(*(c[at].tolist() for c in columns[:n])))))
    return out


def _first_per_row(row: np.ndarray, value: np.ndarray, m: int, most: int) -> tuple[np.ndarray, np.ndarray]:
    """From (row, value) pairs sorted by row: how many each row has, and its first ``most`` values
    as an ``m × most`` array (-1 pads)."""
    counts = np.bincount(row, minlength=m)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    place = np.arange(len(row)) - starts[row]
    keep = place < most
    first = np.full((m, most), -1, dtype=np.int64)
    first[row[keep], place[keep]] = value[keep]
    return counts, first


class _Explainer:
    """Reasons in words for many pairs at once (see :func:`explain`), remembering what repeats across calls."""

    def __init__(self, engine: Engine, language: Language):
        self.engine = engine
        self.language = language
        self.hub_cap = _hub_cap(engine, 0.999)
        self.labels = [signal_label(name, language) for name in SIGNALS]
        self.vocabulary = _objects(list(engine.vocabulary))
        self._hub_names: dict[int, str] = {}
        self._industry: dict[tuple[int, int, int], str] = {}
        self._groups: dict[int, str] = {}
        self._kind: dict[int, tuple[str, ...]] = {}  # giver → its particles (reason.tags)

    def __call__(self, rows: np.ndarray, cols: np.ndarray, km: np.ndarray, same_group: np.ndarray,
                 industry: np.ndarray, share: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        cols = np.asarray(cols, dtype=np.int64)
        m = len(rows)
        km = np.asarray(km)
        parts = [
            self._shared(rows, cols),
            self._industry_fit(rows, cols, np.asarray(industry)),
            self._tags(rows, cols),
            self._tags(cols, rows),
            (np.isfinite(km), lambda where: _render("reason.distance", self.language, {"km": km[where]}, len(where))),
            self._same_group(rows, np.asarray(same_group)),
            self._score(np.asarray(share, dtype=float).reshape(m, len(SIGNALS))),
        ]
        # the parts each row has, joined with " · "; rows grouped by which parts they have
        columns = []
        pattern = np.zeros(m, dtype=np.int64)
        for p, (mask, words) in enumerate(parts):
            where = np.flatnonzero(mask)
            column = np.full(m, "", dtype=object)
            if len(where):
                column[where] = words(where)
                pattern[where] |= 1 << p
            columns.append(column)
        out = np.full(m, "", dtype=object)
        for kind in np.unique(pattern).tolist():
            if kind:
                at = np.flatnonzero(pattern == kind)
                present = [columns[p][at].tolist() for p in range(len(parts)) if kind >> p & 1]
                out[at] = _objects(list(map(" · ".join, zip(*present))))
        return out

    # each part: (which rows have it, a function of those rows' positions giving its words)

    def _shared(self, rows: np.ndarray, cols: np.ndarray):
        engine = self.engine
        m = len(rows)
        common = engine.A[rows].multiply(engine.A[cols]).tocoo()  # row k: the partners pair k shares
        order = np.lexsort((engine.id_rank[common.col], engine.degree[common.col], common.row))
        counts, first = _first_per_row(common.row[order], common.col[order], m, 3)

        def words(where: np.ndarray) -> np.ndarray:
            named = first[where]
            n_named = np.minimum(counts[where], 3)
            items = []
            for p in range(3):
                has = n_named > p
                item = np.full(len(where), "", dtype=object)
                item[has] = self._partner_names(named[has, p])
                items.append(item)
            names = _join_rows(items, n_named, ", ")
            count = counts[where].astype(np.int64)
            more = count - n_named
            out = np.full(len(where), "", dtype=object)
            for key, these in (("reason.shared_partners_more", more > 0), ("reason.shared_partners", more <= 0)):
                at = np.flatnonzero(these)
                values = {"count": count[at], "names": names[at]}
                if key.endswith("more"):
                    values["more"] = more[at]
                out[at] = _render(key, self.language, values, len(at))
            return out

        return counts > 0, words

    def _partner_names(self, partners: np.ndarray) -> np.ndarray:
        """Names of shared partners, a hub marked as such."""
        out = self.engine.names[partners]
        hubs = np.flatnonzero(self.engine.degree[partners] > self.hub_cap)
        if len(hubs):
            for w in np.unique(partners[hubs]).tolist():
                if w not in self._hub_names:
                    self._hub_names[w] = texts.t("reason.hub", self.language, name=self.engine.names[w])
            out[hubs] = [self._hub_names[w] for w in partners[hubs].tolist()]
        return out

    def _industry_fit(self, rows: np.ndarray, cols: np.ndarray, industry: np.ndarray):
        engine = self.engine
        di, dj = engine.division[rows], engine.division[cols]
        mask = (di >= 0) & (dj >= 0) & (industry > 0)

        def words(where: np.ndarray) -> np.ndarray:
            keys = np.c_[di[where], dj[where], industry[where].astype(np.float64).view(np.int64)]
            distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
            found = []
            for a, b, bits in distinct.tolist():
                if (a, b, bits) not in self._industry:
                    lift = math.exp(np.int64(bits).view(np.float64).item())
                    pair = f"{engine.division_names.get(a, a)} ↔ {engine.division_names.get(b, b)}"
                    self._industry[a, b, bits] = texts.t("reason.industry", self.language, pair=pair,
                                                         count=int(engine.pair_counts[a, b]), lift=lift)
                found.append(self._industry[a, b, bits])
            return _objects(found)[inverse.ravel()]

        return mask, words

    def _tags(self, giver: np.ndarray, taker: np.ndarray):
        """The tags ``giver`` offers that ``taker`` needs (the first three, in vocabulary order)."""
        engine = self.engine
        both = engine.offers_bits[giver] & engine.needs_bits[taker]
        mask = both.any(axis=1)

        def words(where: np.ndarray) -> np.ndarray:
            matched = both[where]
            found_rows, found_tags = [], []
            for word in range(matched.shape[1]):
                column = matched[:, word]
                hit = np.flatnonzero(column)
                bits = np.unpackbits(column[hit].astype("<u8").view(np.uint8).reshape(-1, 8), axis=1,
                                     bitorder="little")
                r, b = np.nonzero(bits)
                tag = word * 64 + b
                inside = tag < len(self.vocabulary)
                found_rows.append(hit[r[inside]])
                found_tags.append(tag[inside])
            r = np.concatenate(found_rows)
            tag = np.concatenate(found_tags)
            order = np.argsort(r, kind="stable")  # tags stay in vocabulary order within a row
            counts, first = _first_per_row(r[order], tag[order], len(where), 3)
            n_named = np.minimum(counts, 3)
            items = []
            for p in range(3):
                item = np.full(len(where), "", dtype=object)
                has = n_named > p
                item[has] = self.vocabulary[first[has, p]]
                items.append(item)
            return self._tag_words(giver[where], taker[where], _join_rows(items, n_named, ", "))

        return mask, words

    def _tag_words(self, giver: np.ndarray, taker: np.ndarray, tags: np.ndarray) -> np.ndarray:
        engine = self.engine
        m = len(giver)
        values = {"giver": engine.names[giver], "tags": tags, "taker": engine.names[taker]}
        key = "reason.tags"
        specs = _particle_specs(key, self.language, "giver")
        if not specs:
            return _render(key, self.language, values, m)
        # a particle follows the giver's name: one template per kind of name
        distinct, inverse = np.unique(giver, return_inverse=True)
        for g in distinct.tolist():
            if g not in self._kind:
                self._kind[g] = tuple(texts.particle(engine.names[g], spec) for spec in specs)
        index: dict[tuple[str, ...], int] = {}
        codes = [index.setdefault(self._kind[g], len(index)) for g in distinct.tolist()]
        kind_of = np.array(codes, dtype=np.int64)[inverse.ravel()]
        sample: dict[int, int] = {}
        for g, code in zip(distinct.tolist(), codes):
            sample.setdefault(code, g)
        out = np.full(m, "", dtype=object)
        for code, g in sample.items():
            at = np.flatnonzero(kind_of == code)
            these = {name: column[at] for name, column in values.items()}
            pieces = _template(key, self.language, ("giver", "tags", "taker"), samples={"giver": engine.names[g]})
            out[at] = _filled(key, self.language, pieces, these, len(at))
        return out

    def _same_group(self, rows: np.ndarray, same_group: np.ndarray):
        mask = same_group != 0  # as bool(value): NaN counts too

        def words(where: np.ndarray) -> np.ndarray:
            groups = self.engine.group[rows[where]]
            distinct, inverse = np.unique(groups, return_inverse=True)
            for g in distinct.tolist():
                if g not in self._groups:
                    self._groups[g] = texts.t("reason.same_group", self.language, group=self.engine.group_names[g])
            return _objects([self._groups[g] for g in distinct.tolist()])[inverse.ravel()]

        return mask, words

    def _score(self, share: np.ndarray):
        """Each signal's share of the score, largest first (those of at least 5 %)."""
        counts = (np.abs(share) >= 5).sum(axis=1)

        def words(where: np.ndarray) -> np.ndarray:
            values = share[where]
            order = np.argsort(-np.abs(values), axis=1, kind="stable")  # as sorted(key=-abs): ties keep signal order
            n = counts[where]
            items = []
            for p in range(int(n.max(initial=0))):
                item = np.full(len(where), "", dtype=object)
                at = np.flatnonzero(n > p)
                signal = order[at, p]
                value_codes, numbers = _distinct(values[at, signal], ".0f")
                codes, pairs = pd.factorize(value_codes * len(SIGNALS) + signal)
                words_of = [f"{self.labels[c % len(SIGNALS)]} {numbers[c // len(SIGNALS)]:.0f}%" for c in pairs.tolist()]
                item[at] = _objects(words_of)[codes]
                items.append(item)
            return _render("reason.score", self.language, {"shares": _join_rows(items, n, ", ")}, len(where))

        return counts > 0, words


def explain(engine: Engine, rows: np.ndarray, cols: np.ndarray, signals: pd.DataFrame, share: np.ndarray,
            *, language: Language = "ko") -> list[str]:
    """Reasons in words for each pair, built from the evidence (names, counts, tags, km).

    Each reason can be checked in the data: the shared partners by name (a hub is
    marked), the industry pair and how many partnerships it has, the matched tags and
    who offers what to whom, the distance, the same 교류회; then each signal's share
    of the score. The evidence is gathered, and the words are made, for all pairs at once.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "name": ["가나", "다라"], "offers": ["금형", None],
    ...                   "needs": [None, "금형"]})
    >>> e = prepare(m, pd.DataFrame({"source_id": [], "target_id": []}))
    >>> pairs = candidate_signals(e, [0], Options(neighbours=0)).assign(km=np.nan)
    >>> explain(e, np.array([0]), np.array([1]), pd.DataFrame({"km": [np.nan], "same_group": [0.0],
    ...         "industry": [0.0]}), np.zeros((1, len(SIGNALS))))
    ['가나가 금형 제공 → 다라 필요']
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if len(rows) == 0:
        return []
    return _Explainer(engine, language)(rows, cols, signals["km"].to_numpy(), signals["same_group"].to_numpy(),
                                        signals["industry"].to_numpy(), share).tolist()


def score_breakdown_table(table: pd.DataFrame, weights: Weights, *, language: Language = "ko") -> pd.DataFrame:
    """Each signal's contribution (weight × signal) to each suggestion's score, in long form for a stacked bar.

    Examples
    --------
    >>> t = pd.DataFrame({"rank": [1], "candidate_name": ["가"], **{s: [1.0] for s in SIGNALS}})
    >>> b = score_breakdown_table(t, Weights(tags=2.0, distance=1.0))
    >>> b[["signal", "contribution"]].values.tolist()
    [['제공↔필요', 2.0], ['거리', 1.0]]
    """
    w = weights.as_dict()
    rows = []
    for record in table.to_dict("records"):
        for name in SIGNALS:
            value = w[name] * float(record[name])
            if value != 0:
                rows.append({"rank": record["rank"], "candidate": f"{record['rank']}. {record['candidate_name']}",
                             "signal": signal_label(name, language),
                             "contribution": round(value, 4)})
    return pd.DataFrame(rows, columns=["rank", "candidate", "signal", "contribution"])


def suggestion_points(engine: Engine, table: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """One member's suggestions placed on the map: what :func:`network.render.map.partners_map` draws.

    Parameters
    ----------
    engine
        The engine that made ``table``.
    table
        Suggestions of one member (:func:`recommend_for_member`).

    Returns
    -------
    (dict, pandas.DataFrame)
        ``{"name", "lat", "lon"}`` of the member (NaN coordinates when unknown; empty name when
        ``table`` is empty), and ``rank``, ``candidate_name``, ``lat``, ``lon``, ``km`` of each suggestion.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "name": ["가", "나"], "lat": [37.5, 37.6], "lon": [127.0, 127.1]})
    >>> e = prepare(m, pd.DataFrame({"source_id": [], "target_id": []}))
    >>> t = pd.DataFrame({"member_id": ["a"], "rank": [1], "candidate_id": ["b"], "candidate_name": ["나"],
    ...                   "km": [14.2]})
    >>> member, points = suggestion_points(e, t)
    >>> member["name"], points[["candidate_name", "lat"]].values.tolist()
    ('가', [['나', 37.6]])
    """
    columns = ["rank", "candidate_name", "lat", "lon", "km"]
    if table.empty:
        return {"name": "", "lat": np.nan, "lon": np.nan}, pd.DataFrame(columns=columns)
    me = engine.position(str(table["member_id"].iloc[0]))
    at = engine.index.get_indexer(table["candidate_id"].astype(str))
    points = pd.DataFrame({"rank": table["rank"].to_numpy(), "candidate_name": table["candidate_name"].to_numpy(),
                           "lat": engine.lat[at], "lon": engine.lon[at],
                           "km": table["km"].to_numpy() if "km" in table else np.nan})
    return {"name": engine.names[me], "lat": engine.lat[me], "lon": engine.lon[me]}, points


def filter_table(table: pd.DataFrame, members: pd.DataFrame, *, federation: str | None = None,
                 sido: str | None = None, industry: str | None = None) -> pd.DataFrame:
    """Keep suggestions whose *member* is in the given federation, 시도 (code or name) or KSIC division.

    Examples
    --------
    >>> t = pd.DataFrame({"member_id": ["a", "b"], "rank": [1, 1]})
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "federation": ["경기", "서울"]})
    >>> filter_table(t, m, federation="서울")["member_id"].tolist()
    ['b']
    """
    if not (federation or sido or industry):
        return table.reset_index(drop=True)
    keep = pd.Series(True, index=members.index)
    if federation:
        keep &= members.get("federation", pd.Series(None, index=members.index)) == federation
    if sido:
        codes = members.get("sido_code", pd.Series(None, index=members.index))
        names = members.get("sido", pd.Series(None, index=members.index))
        keep &= (codes == sido) | (names == sido)
    if industry:
        keep &= members.get("industry", pd.Series(None, index=members.index)).astype(str).str[:2] == str(industry)[:2]
    chosen = members.loc[keep, "member_id"].astype(object)
    return table[table["member_id"].astype(object).isin(chosen)].reset_index(drop=True)


#: The candidate's facts a download adds beside each suggestion (column of the table ← column of members).
_CANDIDATE_COLUMNS: dict[str, str] = {"candidate_federation": "federation", "candidate_sigungu": "sigungu",
                                     "candidate_industry": "industry_name"}


def download_table(table: pd.DataFrame, members: pd.DataFrame, *, language: Language = "ko") -> pd.DataFrame:
    """Suggestions as people download them: the candidate's federation, 시군구 and industry beside each one,
    numbers rounded and the headers in ``language``.

    The score and the signals keep 3 decimals, the distance and the shares of the score 1.  Members'
    columns take their labels (:func:`network.schema.column_label`), signals theirs (:func:`signal_label`).
    The industry is the KSIC division's name (the code when there is no name).

    Parameters
    ----------
    table
        Suggestions of :func:`recommend_all` or :func:`recommend_for_member` (filtered or not).
    members
        The members the suggestions were made for (their ``federation``, ``sigungu``, ``industry_name``).

    Returns
    -------
    pandas.DataFrame
        One row per suggestion, in the order of ``table``.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "name": ["가", "나"], "federation": ["서울", "경기"],
    ...                   "sigungu": ["종로구", "수원시 영통구"], "industry_name": ["1차 금속 제조업", None],
    ...                   "industry": ["24", "26"]})
    >>> t = pd.DataFrame({"member_id": ["a"], "member_name": ["가"], "rank": [1], "candidate_id": ["b"],
    ...                   "candidate_name": ["나"], "score": [1.23456], "reasons": ["거리 4 km"],
    ...                   **{s: [0.0] for s in SIGNALS}, "km": [4.04], **{f"share_{s}": [12.345] for s in SIGNALS}})
    >>> d = download_table(t, m)
    >>> d.iloc[:, 3:9].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'추천 기업 회원 ID': 'b', '추천 기업 회사명': '나', '추천 기업 지역연합회': '경기', '추천 기업 시군구': '수원시 영통구',
      '추천 기업 업종': '26', '점수': 1.235}]
    >>> d.columns[-1], d.iloc[0, -1]
    ('점수 중 같은 연합회 비중(%)', np.float64(12.3))
    """
    people = members.drop_duplicates("member_id").set_index("member_id")
    at = table["candidate_id"].astype(str)
    out = table[["member_id", "member_name", "rank", "candidate_id", "candidate_name"]].copy()
    for column, source in _CANDIDATE_COLUMNS.items():
        values = people[source] if source in people.columns else pd.Series(np.nan, index=people.index, dtype=object)
        if source == "industry_name" and "industry" in people.columns:
            values = values.where(values.notna(), people["industry"])
        out[column] = values.reindex(at).to_numpy(dtype=object)
    out["score"] = table["score"].astype(float).round(3)
    out["km"] = table["km"].astype(float).round(1) if "km" in table else np.nan
    out["reasons"] = table["reasons"]
    for name in SIGNALS:
        out[name] = table[name].astype(float).round(3)
    for name in SIGNALS:
        out[f"share_{name}"] = table[f"share_{name}"].astype(float).round(1)
    return out.rename(columns=_download_labels(language)).reset_index(drop=True)


def _download_labels(language: Language) -> dict[str, str]:
    """The headers of :func:`download_table` in ``language``."""
    column_label = schema.column_label

    def candidate(column: str) -> str:
        return texts.t("export.column.candidate", language, label=column_label("members", column, language))

    labels = {"member_id": column_label("members", "member_id", language),
              "member_name": column_label("members", "name", language),
              "rank": texts.t("export.column.rank", language),
              "candidate_id": candidate("member_id"), "candidate_name": candidate("name"),
              **{column: candidate(source) for column, source in _CANDIDATE_COLUMNS.items()},
              "score": texts.t("export.column.score", language), "km": texts.t("export.column.km", language),
              "reasons": texts.t("export.column.reasons", language)}
    for name in SIGNALS:
        labels[name] = texts.t("export.column.signal", language, signal=signal_label(name, language))
        labels[f"share_{name}"] = texts.t("export.column.share", language, signal=signal_label(name, language))
    return labels


def with_options(options: Options, **changes) -> Options:
    """A copy of ``options`` with some fields changed (validated).

    Examples
    --------
    >>> with_options(Options(), top=5).top
    5
    """
    return replace(options, **changes)
