"""Summary figures of a data set: headline numbers, members per region, and network measures.

The table summaries take validated tables (see :mod:`network.validate`); the
network measures take the member graph ``G`` of :func:`network.graph.build_graph`.
Every function returns plain numbers or a DataFrame; none changes its input.

The heavy graph algorithms (betweenness, PageRank, communities) run in igraph,
which is one to two orders of magnitude faster than networkx on these graphs;
networkx stays the graph model.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import igraph
import networkx as nx
import numpy as np
import pandas as pd

from network import fieldwork, graph, regions

__all__ = [
    "BETWEENNESS_MODES",
    "FilterChoices",
    "Headline",
    "MEMBER_COLUMNS",
    "METRIC_COLUMNS",
    "PARTNER_COLUMNS",
    "filter_choices",
    "headline",
    "isolated_by_federation_table",
    "isolated_members_table",
    "member_metrics_table",
    "members_by_federation",
    "partnership_period",
    "members_by_region",
    "partners_table",
    "region_summary_table",
    "top_brokers_table",
]


@dataclass(frozen=True)
class Headline:
    """Headline numbers of a data set."""

    members: int
    federations: int
    groups: int
    partnerships: int
    visits: int
    sigungu_reached: int
    members_visited: int

    def as_dict(self) -> dict[str, int]:
        """Return the numbers as a dict."""
        return asdict(self)


def headline(members: pd.DataFrame, partnerships: pd.DataFrame, visits: pd.DataFrame, *,
             attendance: pd.DataFrame) -> Headline:
    """Count members, federations, 교류회, partnerships, visits, 시군구 reached and members visited.

    A 시군구 is *reached* when at least one visit took place there; a member is *visited* when
    it attended a visit (``attendance``).

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b"], "federation": ["경기", "경기"], "group": ["g1", "g2"]})
    >>> v = pd.DataFrame({"visit_id": ["v1"], "sigungu_code": ["41117"]})
    >>> a = pd.DataFrame({"visit_id": ["v1"], "member_id": ["a"]})
    >>> numbers = headline(m, pd.DataFrame(columns=["source_id"]), v, attendance=a).as_dict()
    >>> numbers["sigungu_reached"], numbers["members_visited"]
    (1, 1)
    """
    def distinct(df: pd.DataFrame, column: str) -> int:
        return int(df[column].dropna().nunique()) if column in df.columns else 0

    visited = fieldwork.visited_member_ids(attendance)
    known = set(members["member_id"]) if "member_id" in members.columns else set()
    return Headline(
        members=len(members),
        federations=distinct(members, "federation"),
        groups=distinct(members, "group"),
        partnerships=len(partnerships),
        visits=len(visits),
        sigungu_reached=distinct(visits, "sigungu_code"),
        members_visited=len(visited & known),
    )


def members_by_federation(members: pd.DataFrame) -> pd.DataFrame:
    """Members and 교류회 per federation, largest first.

    Returns
    -------
    pandas.DataFrame
        ``federation``, ``members``, ``groups``, ``members_per_group``.

    Examples
    --------
    >>> m = pd.DataFrame({"federation": ["경기", "경기", "제주"], "group": ["a", "b", "c"]})
    >>> members_by_federation(m).values.tolist()
    [['경기', 2, 2, 1.0], ['제주', 1, 1, 1.0]]
    """
    if "federation" not in members.columns or members.empty:
        return pd.DataFrame(columns=["federation", "members", "groups", "members_per_group"])
    groups = members["group"] if "group" in members.columns else pd.Series(None, index=members.index)
    out = (members.assign(group=groups).groupby("federation", dropna=True)
           .agg(members=("federation", "size"), groups=("group", "nunique")).reset_index())
    out["members_per_group"] = (out["members"] / out["groups"].where(out["groups"] > 0)).round(1)
    return out.sort_values(["members", "federation"], ascending=[False, True]).reset_index(drop=True)


def members_by_region(members: pd.DataFrame, *, level: str = "sido") -> pd.DataFrame:
    """Members per 시도 or 시군구, every region listed (zero where none).

    Parameters
    ----------
    members
        Validated members with ``sido_code`` / ``sigungu_code``.
    level
        ``"sido"`` or ``"sigungu"``.

    Returns
    -------
    pandas.DataFrame
        ``sido_code``, ``sido`` (and ``sigungu_code``, ``sigungu``), ``members``, ``share`` (of all
        members with a known region), sorted by code.

    Examples
    --------
    >>> m = pd.DataFrame({"sido_code": ["11", "11", "41"], "sigungu_code": ["11110", "11140", "41117"]})
    >>> df = members_by_region(m)
    >>> df.set_index("sido_code").loc[["11", "41", "50"], "members"].tolist()
    [2, 1, 0]
    """
    if level not in ("sido", "sigungu"):
        raise ValueError(f"level was {level!r} but is expected to be in ['sido', 'sigungu']")
    if level == "sido":
        table = regions.sido_table()[["sido_code", "sido"]]
    else:
        table = regions.sigungu_table()[["sido_code", "sido", "sigungu_code", "sigungu"]]
    key = f"{level}_code"
    counts = members[key].value_counts() if key in members.columns else pd.Series(dtype=int)
    out = table.copy()
    out["members"] = out[key].map(counts).fillna(0).astype(int)
    total = out["members"].sum()
    out["share"] = (out["members"] / total).round(4) if total else 0.0
    return out.sort_values(key).reset_index(drop=True)


# ----------------------------------------------------------------------------
# network measures

BETWEENNESS_MODES = ("auto", "exact", "sampled")
#: Member columns of :func:`member_metrics_table` (``None`` where the node has no such attribute).
MEMBER_COLUMNS = ("name", "federation", "sido", "sigungu", "industry")
METRIC_COLUMNS = ("member_id", *MEMBER_COLUMNS, "degree", "weighted_degree", "betweenness", "pagerank",
                  "community", "partner_regions", "partner_industries", "isolated")

# igraph has one process-wide random number generator; hold this lock while it is swapped.
_IGRAPH_RNG_LOCK = threading.Lock()


@contextmanager
def _igraph_seeded(seed: int) -> Iterator[None]:
    """Run igraph with ``random.Random(seed)``, then give igraph back its default generator.

    igraph cannot report its current generator, so the one restored is its
    default, Python's :mod:`random` module (which igraph installs on import).
    """
    with _IGRAPH_RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)


def member_metrics_table(
    G: nx.Graph,
    *,
    betweenness: str = "auto",
    seed: int = 42,
    max_exact_nodes: int = 10_000,
    samples: int = 500,
) -> pd.DataFrame:
    """Network measures of every member: partners, brokerage, influence, community, bridging.

    * ``degree``: number of partners; ``weighted_degree``: sum of the
      partnerships' ``weight``.
    * ``betweenness``: share of shortest paths between other members that pass
      through the member (unweighted, normalised to [0, 1] by
      ``(n - 1)(n - 2) / 2`` pairs, as ``networkx.betweenness_centrality``).
      High values mark brokers between groups.
    * ``pagerank``: PageRank with edge weights, damping 0.85 (sums to 1).
    * ``community``: Leiden communities maximising weighted modularity, numbered
      by size (0 is the largest; equal sizes in the order of their first member);
      isolated members get ``-1``.
    * ``partner_regions``: number of distinct 시도 (``sido_code``) among the
      partners, the member's own 시도 included when a partner is there;
      ``partner_industries``: number of distinct KSIC divisions (first two digits
      of ``industry``) among the partners.  Partners without the value are not
      counted.  Both measure bridging.
    * ``isolated``: the member has no partner.

    Betweenness is exact up to ``max_exact_nodes`` members.  Above, it is
    estimated from ``samples`` source members drawn with ``random.Random(seed)``:
    igraph's ``Graph.betweenness(sources=...)`` gives the shortest-path
    dependencies from those sources and they are scaled as networkx does for
    ``betweenness_centrality(G, k=samples, seed=seed)`` (Brandes & Pich 2007,
    with networkx 3.6's separate scale for the sources), so both give the
    same numbers, igraph 80 to 170 times faster.  The cost is ``samples``
    breadth-first searches over the graph, and each grows with the graph
    (measured on generated samples with two partnerships per member):

    ==========  ==================  ===============  ===============
    members     exact               500 sources      2,000 sources
    ==========  ==================  ===============  ===============
    10,000      10 s                                 (1,000: 0.7 s)
    20,000      35 s                1.1 s            4.7 s
    100,000     about an hour       about 17 s       71 s
    ==========  ==================  ===============  ===============

    networkx's exact betweenness takes about 21 minutes at 10,000 members.
    igraph's other estimate, ``cutoff`` (only paths up to a length), is biased
    and was slower (33 s for length 4 at 100,000 members).

    Parameters
    ----------
    G
        The member graph of :func:`network.graph.build_graph` (undirected).
    betweenness
        ``"auto"`` (exact up to ``max_exact_nodes`` members, else sampled),
        ``"exact"`` or ``"sampled"``.
    seed
        Seed of the betweenness sample and of the Leiden algorithm; the same seed
        gives the same table.
    max_exact_nodes
        Largest graph for which ``"auto"`` computes exact betweenness.
    samples
        Number of source members of sampled betweenness, at least 2.  With
        ``samples >= n`` the result is exact and not marked as sampled.

    Returns
    -------
    pandas.DataFrame
        One row per node in the order of ``G``: ``member_id``, ``name``,
        ``federation``, ``sido``, ``sigungu``, ``industry`` (``None`` where
        unknown), ``degree``, ``weighted_degree``, ``betweenness``, ``pagerank``,
        ``community``, ``partner_regions``, ``partner_industries``, ``isolated``.
        ``df.attrs`` holds ``betweenness_sampled`` (bool; say so next to the
        figures), ``betweenness_samples`` (the number of sources, or ``None``),
        ``modularity`` of the communities (NaN without partnerships) and
        ``communities`` (their number, isolated members not counted).

    Raises
    ------
    ValueError
        If ``betweenness`` is not one of the above, or ``samples`` or
        ``max_exact_nodes`` is out of range.
    TypeError
        If ``G`` is directed or a multigraph.

    Notes
    -----
    igraph's Leiden has no seed argument: it draws from igraph's process-wide
    generator.  It is set to ``random.Random(seed)`` for the call (under a lock)
    and igraph's default generator, Python's :mod:`random` module, is put back
    afterwards.  Leiden is run with ``objective_function="modularity"`` (its
    default objective, CPM with resolution 1, puts every member alone) and two
    iterations: 0.9 s at 100,000 members, where iterating until stable took 8 s
    for +0.005 modularity.  networkx's Louvain took 2.1 s at 10,000 and 28 s at
    100,000 members for slightly lower modularity.

    References
    ----------
    .. [1] Traag, Waltman & van Eck (2019). From Louvain to Leiden: guaranteeing
       well-connected communities. Scientific Reports 9, 5233.
    .. [2] Brandes & Pich (2007). Centrality estimation in large networks.
       International Journal of Bifurcation and Chaos 17(7), 2303–2318.

    Examples
    --------
    A path ``a - b - c`` and a member without partners:

    >>> G = nx.path_graph(["a", "b", "c"])
    >>> G.add_node("d")
    >>> df = member_metrics_table(G)
    >>> df[["member_id", "degree", "community", "isolated"]].values.tolist()
    [['a', 1, 0, False], ['b', 2, 0, False], ['c', 1, 0, False], ['d', 0, -1, True]]

    ``b`` lies on the path between ``a`` and ``c``, one of the three pairs of other members:

    >>> df["betweenness"].round(3).tolist(), df.attrs["betweenness_sampled"]
    ([0.0, 0.333, 0.0, 0.0], False)
    """
    if betweenness not in BETWEENNESS_MODES:
        raise ValueError(f"betweenness was {betweenness!r} but is expected to be in {list(BETWEENNESS_MODES)}")
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 2:
        raise ValueError(f"samples was {samples!r} but is expected to be an integer of at least 2")
    if isinstance(max_exact_nodes, bool) or not isinstance(max_exact_nodes, (int, np.integer)) or max_exact_nodes < 0:
        raise ValueError(f"max_exact_nodes was {max_exact_nodes!r} but is expected to be an integer of at least 0")
    g = graph.to_igraph(G)  # checks G
    n = g.vcount()
    nodes = graph._node_frame(G, [*MEMBER_COLUMNS, "sido_code"])
    edges = graph._edge_frame(G)
    weights = edges["weight"].tolist() or None

    degree = np.asarray(g.degree(), dtype=np.int64)
    strength = np.asarray(g.strength(weights=weights), dtype=float) if n else np.zeros(0)
    sample = betweenness == "sampled" or (betweenness == "auto" and n > max_exact_nodes)
    sample = sample and samples < n
    between = _betweenness(g, samples=samples if sample else None, seed=seed)
    pagerank = np.asarray(g.pagerank(weights=weights, directed=False), dtype=float) if n else np.zeros(0)
    community, modularity = _communities(g, weights=weights, degree=degree, seed=seed)

    industry = nodes["industry"].map(lambda v: None if v is None else str(v)[:2])
    out = nodes[["member_id", *MEMBER_COLUMNS]].copy()
    out["degree"] = degree
    out["weighted_degree"] = strength
    out["betweenness"] = between
    out["pagerank"] = pagerank
    out["community"] = community
    out["partner_regions"] = _distinct_partner_values(edges, nodes["sido_code"])
    out["partner_industries"] = _distinct_partner_values(edges, industry)
    out["isolated"] = degree == 0
    out.attrs.update(betweenness_sampled=bool(sample), betweenness_samples=int(samples) if sample else None,
                     modularity=modularity, communities=int(community.max() + 1) if n else 0)
    return out


def _betweenness(g: igraph.Graph, *, samples: int | None, seed: int) -> np.ndarray:
    """Normalised unweighted betweenness; estimated from ``samples`` sources when given (``2 <= samples < n``).

    Matches ``networkx.betweenness_centrality(G, k=samples, seed=seed)`` exactly:
    the same sources (``random.Random(seed).sample``) and the same scaling.
    """
    n = g.vcount()
    if n <= 2:
        return np.zeros(n)
    if samples is None:
        # igraph counts each unordered pair once; normalise by the (n-1)(n-2)/2 pairs of other members
        return np.asarray(g.betweenness(directed=False), dtype=float) * 2 / ((n - 1) * (n - 2))
    sources = random.Random(seed).sample(range(n), samples)
    # igraph halves undirected subset betweenness too: twice it is the sum of the sources' dependencies
    dependency = 2 * np.asarray(g.betweenness(directed=False, sources=sources), dtype=float)
    scale = np.full(n, 1 / (samples * (n - 2)))
    scale[sources] = 1 / ((samples - 1) * (n - 2))  # a source's own paths never pass through it
    return dependency * scale


def _communities(g: igraph.Graph, *, weights: list[float] | None, degree: np.ndarray,
                 seed: int) -> tuple[np.ndarray, float]:
    """Leiden (modularity) labels numbered by size, largest first, ``-1`` for isolated members; and the modularity."""
    n = g.vcount()
    if g.ecount() == 0:
        return np.full(n, -1, dtype=np.int64), float("nan")
    with _igraph_seeded(seed):
        clustering = g.community_leiden(objective_function="modularity", weights=weights, n_iterations=2)
    membership = np.asarray(clustering.membership, dtype=np.int64)
    modularity = float(g.modularity(membership.tolist(), weights=weights))
    connected = degree > 0
    frame = pd.DataFrame({"label": membership[connected], "position": np.flatnonzero(connected)})
    per_label = frame.groupby("label")["position"].agg(["size", "min"])
    order = per_label.sort_values(["size", "min"], ascending=[False, True]).index
    renumber = pd.Series(np.arange(len(order)), index=order)
    labels = np.full(n, -1, dtype=np.int64)
    labels[connected] = renumber.loc[frame["label"]].to_numpy()
    return labels, modularity


def _distinct_partner_values(edges: pd.DataFrame, values: pd.Series) -> np.ndarray:
    """Per node (position), the number of distinct non-missing ``values`` among its neighbours."""
    n = len(values)
    own = np.concatenate([edges["u"].to_numpy(), edges["v"].to_numpy()])
    other = np.concatenate([edges["v"].to_numpy(), edges["u"].to_numpy()])
    value_array = values.to_numpy(dtype=object)
    pairs = pd.DataFrame({"node": own, "value": pd.Series(value_array[other], dtype=object)})
    pairs = pairs[pairs["value"].notna()].drop_duplicates()
    counts = pairs.groupby("node").size()
    return counts.reindex(np.arange(n), fill_value=0).to_numpy(dtype=np.int64)


def _check_metrics(metrics: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in metrics.columns]
    if missing:
        raise ValueError(f"metrics has no column {missing}; pass the table of member_metrics_table")


def top_brokers_table(metrics: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` members with the highest betweenness: the brokers between groups.

    Members with zero betweenness are never brokers and are left out, so
    fewer than ``n`` rows may come back.  Ties go to the higher degree (when
    the column is there), then to the smaller ``member_id``.

    Parameters
    ----------
    metrics
        A table of :func:`member_metrics_table` (needs ``member_id``, ``betweenness``).
    n
        Number of rows at most.

    Returns
    -------
    pandas.DataFrame
        The rows of ``metrics``, all columns, highest betweenness first, index 0..

    Raises
    ------
    ValueError
        If a column is missing or ``n`` is negative.

    Examples
    --------
    >>> metrics = member_metrics_table(nx.Graph([("a", "b"), ("b", "c"), ("c", "d")]))
    >>> top_brokers_table(metrics, n=1)[["member_id", "betweenness"]].values.tolist()
    [['b', 0.6666666666666666]]
    """
    _check_metrics(metrics, ["member_id", "betweenness"])
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n was {n!r} but is expected to be an integer of at least 0")
    keys = ["betweenness", *(["degree"] if "degree" in metrics.columns else []), "member_id"]
    brokers = metrics[metrics["betweenness"] > 0]
    brokers = brokers.sort_values(keys, ascending=[False] * (len(keys) - 1) + [True], kind="stable")
    return brokers.head(n).reset_index(drop=True)


def isolated_members_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Members without any partner, for outreach: who they are and where.

    Parameters
    ----------
    metrics
        A table of :func:`member_metrics_table` (needs ``member_id``, ``isolated``).

    Returns
    -------
    pandas.DataFrame
        ``member_id``, ``name``, ``federation``, ``sido``, ``sigungu``,
        ``industry`` (those present in ``metrics``), sorted by federation,
        시도, 시군구 and name.

    Raises
    ------
    ValueError
        If a column is missing.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> G.add_node("c", name="다라", federation="경기")
    >>> isolated_members_table(member_metrics_table(G))[["member_id", "name"]].values.tolist()
    [['c', '다라']]
    """
    _check_metrics(metrics, ["member_id", "isolated"])
    columns = [c for c in ("member_id", *MEMBER_COLUMNS) if c in metrics.columns]
    out = metrics.loc[metrics["isolated"].astype(bool), columns]
    keys = [c for c in ("federation", "sido", "sigungu", "name", "member_id") if c in out.columns]
    return out.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)


def isolated_by_federation_table(isolated: pd.DataFrame) -> pd.DataFrame:
    """How many members without a partner each federation has, most first (for a bar chart).

    Parameters
    ----------
    isolated
        A table of :func:`isolated_members_table` (needs ``federation``).

    Returns
    -------
    pandas.DataFrame
        ``federation``, ``members``; members without a federation are not counted.

    Examples
    --------
    >>> isolated_by_federation_table(pd.DataFrame({"federation": ["경기", "서울", "경기", None]})).values.tolist()
    [['경기', 2], ['서울', 1]]
    """
    if "federation" not in isolated.columns or isolated.empty:
        return pd.DataFrame({"federation": pd.Series(dtype=object), "members": pd.Series(dtype="int64")})
    counts = isolated.groupby("federation").size().rename("members").reset_index()
    return counts.sort_values(["members", "federation"], ascending=[False, True], kind="stable").reset_index(drop=True)


#: Columns of :func:`partners_table`.
PARTNER_COLUMNS = ("member_id", "name", "federation", "sido", "sigungu", "industry_name", "kind", "started",
                   "weight")


def partners_table(G: nx.Graph, member_id: str) -> pd.DataFrame:
    """One member's partners: who they are and what the partnership is.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`PARTNER_COLUMNS` (``None`` where unknown), most weighty first, then by name.

    Raises
    ------
    ValueError
        If ``member_id`` is not a node of ``G``.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 2.0, "kind": "공급망"}), ("a", "c", {"weight": 1.0})])
    >>> nx.set_node_attributes(G, {"b": "나", "c": "다"}, "name")
    >>> partners_table(G, "a")[["member_id", "name", "kind", "weight"]].values.tolist()
    [['b', '나', '공급망', 2.0], ['c', '다', None, 1.0]]
    """
    if member_id not in G:
        raise ValueError(f"member_id {member_id!r} is not in the graph")
    rows = []
    for other, edge in G[member_id].items():
        node = G.nodes[other]
        rows.append({"member_id": other, **{c: node.get(c) for c in PARTNER_COLUMNS[1:6]},
                     "kind": edge.get("kind"), "started": edge.get("started"), "weight": edge.get("weight", 1.0)})
    out = pd.DataFrame(rows, columns=list(PARTNER_COLUMNS))
    out = out.astype({c: object for c in PARTNER_COLUMNS if c not in ("started", "weight")})
    out = out.where(out.notna(), None) if len(out) else out
    order = out.assign(_name=out["name"].fillna("")).sort_values(["weight", "_name", "member_id"],
                                                                 ascending=[False, True, True], kind="stable")
    return order.drop(columns="_name").reset_index(drop=True)


@dataclass(frozen=True)
class FilterChoices:
    """What the members of a data set can be filtered by (the options of the pages' select boxes).

    Attributes
    ----------
    federations, groups
        Names, sorted.
    sido
        ``{시도 code: name}``, by code.
    industries
        KSIC divisions (two digits), sorted.
    """

    federations: tuple[str, ...]
    groups: tuple[str, ...]
    sido: dict[str, str]
    industries: tuple[str, ...]


def partnership_period(partnerships: pd.DataFrame) -> tuple[pd.Timestamp | None, pd.Timestamp | None, int]:
    """The period the partnerships started in: the first and last start dates (``None`` when no partnership has
    one) and how many have no start date — what the headline numbers of a network cover.

    Examples
    --------
    >>> p = pd.DataFrame({"started": pd.to_datetime(["2016-03-01", None, "2024-05-02"])})
    >>> first, last, undated = partnership_period(p)
    >>> f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}", undated
    ('2016-03-01', '2024-05-02', 1)
    >>> partnership_period(pd.DataFrame({"source_id": []}))
    (None, None, 0)
    """
    if "started" not in partnerships.columns:
        return None, None, len(partnerships)
    started = pd.to_datetime(partnerships["started"])
    if started.notna().any():
        return started.min(), started.max(), int(started.isna().sum())
    return None, None, len(started)


def filter_choices(members: pd.DataFrame) -> FilterChoices:
    """The federations, 교류회, 시도 and KSIC divisions that occur among ``members``.

    Examples
    --------
    >>> m = pd.DataFrame({"federation": ["서울", "경기", None], "sido_code": ["11", "41", "11"],
    ...                   "sido": ["서울특별시", "경기도", "서울특별시"], "industry": ["2511", None, "26"]})
    >>> c = filter_choices(m)
    >>> c.federations, c.sido, c.industries, c.groups
    (('경기', '서울'), {'11': '서울특별시', '41': '경기도'}, ('25', '26'), ())
    """
    def distinct(column: str) -> tuple[str, ...]:
        if column not in members.columns:
            return ()
        return tuple(sorted({str(v) for v in members[column].dropna()}))

    sido: dict[str, str] = {}
    if "sido_code" in members.columns and "sido" in members.columns:
        pairs = members[["sido_code", "sido"]].dropna().drop_duplicates("sido_code").sort_values("sido_code")
        sido = {str(code): str(name) for code, name in pairs.itertuples(index=False)}
    industries = tuple(sorted({str(v)[:2] for v in members["industry"].dropna()})) if "industry" in members else ()
    return FilterChoices(distinct("federation"), distinct("group"), sido, industries)


def region_summary_table(G: nx.Graph, *, level: str = "sido", metrics: pd.DataFrame | None = None) -> pd.DataFrame:
    """How well connected each region is, inside and with the rest.

    Parameters
    ----------
    G
        The member graph of :func:`network.graph.build_graph`.
    level
        ``"sido"``, ``"sigungu"`` or ``"federation"``.
    metrics
        The table of :func:`member_metrics_table` for ``G``, to name the brokers
        without computing betweenness again; computed with its defaults when
        ``None``.

    Returns
    -------
    pandas.DataFrame
        One row per region that has members: ``sido_code``, ``sido`` (and
        ``sigungu_code``, ``sigungu``) or ``federation``; ``members``;
        ``partnerships_inside`` (both members in the region);
        ``partnerships_outside`` (one member in the region, the other elsewhere
        or in an unknown region); ``density`` (inside partnerships over the
        ``m (m - 1) / 2`` possible pairs; NaN under two members);
        ``isolated_share`` (share of members without partners); ``top_brokers``
        (names of up to three members with the highest positive betweenness,
        joined by ``"; "``, empty when none).  Sorted by code; federations by
        members, largest first.  Members of unknown region are left out.

    Raises
    ------
    ValueError
        If ``level`` is not one of the above or ``metrics`` lacks ``member_id`` or
        ``betweenness``.
    TypeError
        If ``G`` is directed or a multigraph.

    Examples
    --------
    Two 경기 members who are partners, one of them also partnered with a 서울 member:

    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "경기", "b": "경기", "c": "서울"}, "federation")
    >>> nx.set_node_attributes(G, {"a": "가", "b": "나", "c": "다"}, "name")
    >>> df = region_summary_table(G, level="federation")
    >>> df.drop(columns="isolated_share").values.tolist()
    [['경기', 2, 1, 1, 1.0, '나'], ['서울', 1, 0, 1, nan, '']]
    """
    graph._check_level(level)
    graph._check_graph(G)
    if metrics is None:
        metrics = member_metrics_table(G)
    _check_metrics(metrics, ["member_id", "betweenness"])

    key, _ = graph.LEVELS[level]
    id_columns = {"sido": ["sido_code", "sido"], "sigungu": ["sido_code", "sido", "sigungu_code", "sigungu"],
                  "federation": ["federation"]}[level]
    nodes = graph._node_frame(G, [*dict.fromkeys([*id_columns, "name"])])
    nodes["betweenness"] = nodes["member_id"].map(metrics.drop_duplicates("member_id")
                                                  .set_index("member_id")["betweenness"])
    nodes["label"] = nodes["name"].where(nodes["name"].notna(), nodes["member_id"])
    edges = graph._edge_frame(G)
    degree = np.bincount(np.concatenate([edges["u"], edges["v"]]), minlength=len(nodes))
    nodes["isolated"] = degree == 0

    keys = nodes[key].to_numpy(dtype=object)
    u_key = pd.Series(keys[edges["u"].to_numpy()], dtype=object)
    v_key = pd.Series(keys[edges["v"].to_numpy()], dtype=object)
    inside = u_key.notna() & (u_key == v_key)
    inside_counts = u_key[inside].value_counts()
    crossing = ~inside
    outside_counts = pd.concat([u_key[crossing], v_key[crossing]]).dropna().value_counts()

    known = nodes[nodes[key].notna()]
    if known.empty:
        return pd.DataFrame(columns=[*id_columns, "members", "partnerships_inside", "partnerships_outside",
                                     "density", "isolated_share", "top_brokers"])
    out = known.groupby(key, sort=True).agg(
        **{c: (c, "first") for c in id_columns if c != key},
        members=(key, "size"), isolated=("isolated", "sum"))
    out["partnerships_inside"] = out.index.map(inside_counts).fillna(0).astype(np.int64)
    out["partnerships_outside"] = out.index.map(outside_counts).fillna(0).astype(np.int64)
    pairs = out["members"] * (out["members"] - 1) / 2
    out["density"] = (out["partnerships_inside"] / pairs.where(pairs > 0)).astype(float)
    out["isolated_share"] = out["isolated"] / out["members"]
    brokers = known[known["betweenness"] > 0].sort_values(["betweenness", "member_id"], ascending=[False, True])
    top = brokers.groupby(key, sort=False).head(3).groupby(key, sort=False)["label"].agg("; ".join)
    out["top_brokers"] = pd.Series([top.get(k, "") for k in out.index], index=out.index, dtype=object)
    out = out.reset_index()
    if level == "federation":
        out = out.sort_values(["members", "federation"], ascending=[False, True], kind="stable")
    columns = [*id_columns, "members", "partnerships_inside", "partnerships_outside", "density",
               "isolated_share", "top_brokers"]
    return out[columns].reset_index(drop=True)
