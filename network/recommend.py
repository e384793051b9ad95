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

The score is ``Σ weight × signal``; :data:`DEFAULT_WEIGHTS` were fitted on the
sample's history (see :func:`network.evaluate.fit_weights`) and can be changed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from network import regions, texts
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
    "explain",
    "filter_table",
    "prepare",
    "recommend_all",
    "recommend_for_member",
    "score_breakdown_table",
    "score_members",
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
#: shared-partner evidence, and candidates are already near each other. Refit for your own data with
#: :func:`network.evaluate.fit_weights`.
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


def prepare(members: pd.DataFrame, partnerships: pd.DataFrame, *, before: pd.Timestamp | str | None = None) -> Engine:
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

    division_text = col("industry").astype(object).map(
        lambda v: str(v)[:2] if isinstance(v, str) and len(v) >= 2 and v[:2].isdigit() else None)
    division = np.array([int(d) if d else -1 for d in division_text], dtype=np.int64)
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
                  group_matrix, id_rank, index)


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


def _tag_bits(offers: pd.Series, needs: pd.Series) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    def split(cell) -> list[str]:
        return [t.strip() for t in str(cell).split(";") if t.strip()] if isinstance(cell, str) else []

    offer_lists = [split(c) for c in offers]
    need_lists = [split(c) for c in needs]
    vocabulary = tuple(sorted({t for tags in offer_lists + need_lists for t in tags}))
    position = {t: i for i, t in enumerate(vocabulary)}
    words = max(1, (len(vocabulary) + 63) // 64)

    def bits(lists: list[list[str]]) -> np.ndarray:
        out = np.zeros((len(lists), words), dtype=np.uint64)
        for row, tags in enumerate(lists):
            for tag in tags:
                p = position[tag]
                out[row, p // 64] |= np.uint64(1) << np.uint64(p % 64)
        return out

    return bits(offer_lists), bits(need_lists), vocabulary


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
    S = S.tocsr()
    S.sort_indices()
    if S.nnz == 0:
        return np.zeros(len(rows))
    s_keys = np.repeat(np.arange(S.shape[0], dtype=np.int64), np.diff(S.indptr)) * n + S.indices
    keys = rows.astype(np.int64) * n + cols
    pos = np.searchsorted(s_keys, keys)
    pos = np.minimum(pos, len(s_keys) - 1)
    hit = s_keys[pos] == keys
    return np.where(hit, S.data[pos], 0.0)


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
    # never the member itself, never an existing partner
    cand = cand - cand.multiply(Ab.astype(np.int8))
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
    km = haversine_km(engine.lat[row_pos], engine.lon[row_pos], engine.lat[c], engine.lon[c])
    if options.max_km is not None:
        near = np.isfinite(km) & (km <= options.max_km)
        r, c, row_pos, km = r[near], c[near], row_pos[near], km[near]
    cn = _values_at(S_cn, r, c, n)
    aa = _values_at(S_aa, r, c, n)
    ra = _values_at(S_ra, r, c, n)
    di, dj = engine.division[row_pos], engine.division[c]
    known = (di >= 0) & (dj >= 0)
    industry = np.where(known, engine.complementarity[np.maximum(di, 0), np.maximum(dj, 0)], 0.0)
    tags = (_popcount_and(engine.offers_bits[row_pos], engine.needs_bits[c])
            + _popcount_and(engine.offers_bits[c], engine.needs_bits[row_pos]))
    distance = np.where(np.isfinite(km), np.exp(-np.nan_to_num(km, nan=0.0) / options.distance_scale_km), 0.0)
    same_group = ((engine.group[row_pos] == engine.group[c]) & (engine.group[c] >= 0)).astype(float)
    same_fed = ((engine.federation[row_pos] == engine.federation[c]) & (engine.federation[c] >= 0)).astype(float)
    return pd.DataFrame({
        "row": row_pos, "col": c, "km": km, "common_neighbours": cn, "adamic_adar": aa,
        "resource_allocation": ra, "industry": industry, "tags": tags, "distance": distance,
        "same_group": same_group, "same_federation": same_fed,
    })


#: Scores are rounded to this many decimals before ranking (12 significant digits for scores
#: between 10 and 100, the usual range), so that ties break on member ids, not on float noise.
SCORE_DECIMALS = 10


def _order_rows_score_id(rows: np.ndarray, scores: np.ndarray, id_rank: np.ndarray, n: int) -> np.ndarray:
    """Indices sorted by row, then score (high first), then candidate id — one int64 sort when it fits."""
    score_rank = np.unique(-scores, return_inverse=True)[1].astype(np.int64)
    bits_id = max(1, int(n).bit_length())
    bits_score = max(1, int(score_rank.max(initial=0) + 1).bit_length())
    bits_row = max(1, int(rows.max(initial=0) + 1).bit_length())
    if bits_id + bits_score + bits_row > 63:
        return np.lexsort((id_rank, -scores, rows))
    key = (rows.astype(np.int64) << (bits_score + bits_id)) | (score_rank << bits_id) | id_rank
    return np.argsort(key, kind="stable")


def _top_per_row(pairs: pd.DataFrame, scores: np.ndarray, engine: Engine, keep: int) -> pd.DataFrame:
    """The ``keep`` best candidates per row: highest score first, ties by candidate id."""
    if pairs.empty:
        return pairs.assign(score=np.array([], dtype=float), rank=np.array([], dtype=int))
    rounded = np.round(scores, SCORE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    order = _order_rows_score_id(pairs["row"].to_numpy(), rounded, engine.id_rank[pairs["col"].to_numpy()],
                                 engine.n)
    sorted_rows = pairs["row"].to_numpy()[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_rows)) + 1]
    first = np.repeat(starts, np.diff(np.r_[starts, len(sorted_rows)]))
    rank = np.arange(len(sorted_rows)) - first + 1
    chosen = order[rank <= keep]
    out = pairs.iloc[chosen].copy()
    out["score"] = rounded[chosen]
    out["rank"] = rank[rank <= keep]
    return out.reset_index(drop=True)


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
    rows = np.asarray(rows, dtype=np.int64)
    keep = keep or options.top
    w = weights.as_array()
    if len(rows) == 0:
        return _top_per_row(candidate_signals(engine, rows, options), np.array([]), engine, keep)
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
        pairs = candidate_signals(engine, block, options, nearest=nearest[bounds[k]:bounds[k + 1]])
        if scorer is not None:
            scores = scorer(pairs)
        else:
            scores = np.zeros(len(pairs))
            for weight, name in zip(w, SIGNALS):
                if weight:
                    scores += weight * pairs[name].to_numpy()
        results.append(_top_per_row(pairs, scores, engine, keep))
        if progress is not None:
            progress("recommend", bounds[k + 1], len(rows))
    return pd.concat(results, ignore_index=True) if results else results


def _diversify(ranked: pd.DataFrame, engine: Engine, *, top: int, cap: int) -> pd.DataFrame:
    """Re-rank so that no firm is suggested more than ``cap`` times across all lists.

    Members are served in order of their best score; each takes its best shortlisted
    candidates that still have room, so a few hubs are not suggested to everyone.
    """
    if ranked.empty:
        return ranked
    rows = ranked["row"].to_numpy()
    cols = ranked["col"].to_numpy()
    best = pd.Series(ranked["score"].to_numpy()).groupby(rows).transform("max").to_numpy()
    order = np.lexsort((ranked["rank"].to_numpy(), rows, -best))
    used = np.zeros(engine.n, dtype=np.int64)
    taken: dict[int, int] = {}
    chosen = []
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


# ----------------------------------------------------------------------------
# tables for people


RESULT_COLUMNS = ["member_id", "member_name", "rank", "candidate_id", "candidate_name", "score", "reasons"]


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
    rows = np.arange(engine.n) if member_ids is None else np.array([engine.position(m) for m in member_ids])
    shortlist = options.top * 3 if options.diversity_cap else options.top
    ranked = score_members(engine, rows, weights=weights, options=options, keep=shortlist, progress=progress)
    ranked = ranked[_positive(ranked, weights)]
    if options.diversity_cap:
        ranked = _diversify(ranked, engine, top=options.top, cap=options.diversity_cap)
    return _result_table(engine, ranked, weights, options, language=language, with_reasons=reasons)


def _positive(ranked: pd.DataFrame, weights: Weights) -> np.ndarray:
    """Keep suggestions with some evidence: a positive score."""
    return (ranked["score"] > 0).to_numpy() if len(ranked) else np.array([], dtype=bool)


def _result_table(engine: Engine, ranked: pd.DataFrame, weights: Weights, options: Options, *,
                  language: Language, with_reasons: bool = True) -> pd.DataFrame:
    rows = ranked["row"].to_numpy()
    cols = ranked["col"].to_numpy()
    out = pd.DataFrame({
        "member_id": engine.ids[rows], "member_name": engine.names[rows], "rank": ranked["rank"].to_numpy(),
        "candidate_id": engine.ids[cols], "candidate_name": engine.names[cols], "score": ranked["score"].to_numpy(),
    })
    contributions = ranked[list(SIGNALS)].to_numpy() * weights.as_array()
    # each signal's share of the score, in percent (they add up to 100; a signal that counts
    # against the pair, such as an industry pair rarer than chance, has a negative share)
    total = contributions.sum(axis=1, keepdims=True)
    share = np.divide(100 * contributions, total, out=np.zeros_like(contributions), where=total > 0)
    out["reasons"] = (explain(engine, rows, cols, ranked, share, language=language) if with_reasons
                      else [""] * len(out))
    for name in SIGNALS:
        out[name] = ranked[name].to_numpy()
    out["km"] = ranked["km"].round(1).to_numpy()
    for k, name in enumerate(SIGNALS):
        out[f"share_{name}"] = share[:, k].round(1)
    return out.sort_values(["member_id", "rank"], kind="stable").reset_index(drop=True)


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


def _shared_partner_lists(engine: Engine, rows: np.ndarray, cols: np.ndarray, *, most: int = 3
                          ) -> tuple[np.ndarray, list[list[int]]]:
    """For many pairs at once: how many partners they share, and up to ``most`` of them (lowest degree first)."""
    m = len(rows)
    if m == 0:
        return np.zeros(0, dtype=np.int64), []
    common = engine.A[rows].multiply(engine.A[cols]).tocoo()  # row k: partners pair k shares
    counts = np.bincount(common.row, minlength=m)
    order = np.lexsort((engine.id_rank[common.col], engine.degree[common.col], common.row))
    pair, partner = common.row[order], common.col[order]
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    position = np.arange(len(pair)) - starts[pair]
    keep = position < most
    lists: list[list[int]] = [[] for _ in range(m)]
    for k, w in zip(pair[keep].tolist(), partner[keep].tolist()):
        lists[k].append(w)
    return counts, lists


def _matched_tags(engine: Engine, giver: np.ndarray, taker: np.ndarray) -> list[list[str]]:
    """For many pairs at once: the tags ``giver`` offers that ``taker`` needs."""
    both = engine.offers_bits[giver] & engine.needs_bits[taker]
    out: list[list[str]] = [[] for _ in range(len(giver))]
    for word in range(both.shape[1]):
        column = both[:, word]
        for bit in range(64):
            t = word * 64 + bit
            if t >= len(engine.vocabulary):
                break
            hits = np.flatnonzero(column & (np.uint64(1) << np.uint64(bit)))
            for k in hits.tolist():
                out[k].append(engine.vocabulary[t])
    return out


def explain(engine: Engine, rows: np.ndarray, cols: np.ndarray, signals: pd.DataFrame, share: np.ndarray,
            *, language: Language = "ko") -> list[str]:
    """Reasons in words for each pair, built from the evidence (names, counts, tags, km).

    Each reason can be checked in the data: the shared partners by name (a hub is
    marked), the industry pair and how many partnerships it has, the matched tags and
    who offers what to whom, the distance, the same 교류회; then each signal's share
    of the score. The evidence is gathered for all pairs at once.

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
    hub_cap = _hub_cap(engine, 0.999)
    n_shared, shared = _shared_partner_lists(engine, rows, cols)
    gives = _matched_tags(engine, rows, cols)
    takes = _matched_tags(engine, cols, rows)
    km = signals["km"].to_numpy()
    same_group = signals["same_group"].to_numpy()
    industry = signals["industry"].to_numpy()
    labels = [signal_label(name, language) for name in SIGNALS]
    out = []
    for k in range(len(rows)):
        i, j = rows[k], cols[k]
        parts = []
        if n_shared[k]:
            named = [texts.t("reason.hub", language, name=engine.names[w]) if engine.degree[w] > hub_cap
                     else engine.names[w] for w in shared[k]]
            more = int(n_shared[k]) - len(named)
            parts.append(texts.t("reason.shared_partners_more" if more > 0 else "reason.shared_partners", language,
                                 count=int(n_shared[k]), names=", ".join(named), more=more))
        di, dj = engine.division[i], engine.division[j]
        if di >= 0 and dj >= 0 and industry[k] > 0:
            pair = f"{engine.division_names.get(int(di), di)} ↔ {engine.division_names.get(int(dj), dj)}"
            parts.append(texts.t("reason.industry", language, pair=pair, count=int(engine.pair_counts[di, dj]),
                                 lift=math.exp(industry[k])))
        for giver, taker, tags in ((i, j, gives[k]), (j, i, takes[k])):
            if tags:
                parts.append(texts.t("reason.tags", language, giver=engine.names[giver], tags=", ".join(tags[:3]),
                                     taker=engine.names[taker]))
        if np.isfinite(km[k]):
            parts.append(texts.t("reason.distance", language, km=km[k]))
        if same_group[k]:
            parts.append(texts.t("reason.same_group", language, group=engine.group_names[engine.group[i]]))
        shares = sorted(((labels[s], v) for s, v in enumerate(share[k]) if abs(v) >= 5), key=lambda x: -abs(x[1]))
        if shares:
            parts.append(texts.t("reason.score", language,
                                 shares=", ".join(f"{label} {v:.0f}%" for label, v in shares)))
        out.append(" · ".join(parts))
    return out


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
    keep = pd.Series(True, index=members.index)
    if federation:
        keep &= members.get("federation", pd.Series(None, index=members.index)) == federation
    if sido:
        codes = members.get("sido_code", pd.Series(None, index=members.index))
        names = members.get("sido", pd.Series(None, index=members.index))
        keep &= (codes == sido) | (names == sido)
    if industry:
        keep &= members.get("industry", pd.Series(None, index=members.index)).astype(str).str[:2] == str(industry)[:2]
    chosen = set(members.loc[keep, "member_id"])
    return table[table["member_id"].isin(chosen)].reset_index(drop=True)


def with_options(options: Options, **changes) -> Options:
    """A copy of ``options`` with some fields changed (validated).

    Examples
    --------
    >>> with_options(Options(), top=5).top
    5
    """
    return replace(options, **changes)
