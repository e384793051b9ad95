"""The member graph: members as nodes, partnerships as edges, and graphs of regions derived from it.

:func:`build_graph` turns the validated tables of :mod:`network.validate` into
an undirected :class:`networkx.Graph`, the one graph model of the library.
:func:`region_graph` and :func:`region_matrix_table` count partnerships
between 시도, 시군구 or federations; :func:`to_igraph` hands the graph to
igraph for the heavy algorithms of :mod:`network.analysis`.  No function
changes its input.
"""

from __future__ import annotations

from collections.abc import Sequence

import igraph
import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "EDGE_ATTRIBUTES",
    "LEVELS",
    "build_graph",
    "region_arcs_table",
    "region_graph",
    "region_matrix_table",
    "to_igraph",
]

#: Region levels of :func:`region_graph`: ``{level: (node attribute holding the key, name attribute)}``.
LEVELS: dict[str, tuple[str, str]] = {
    "sido": ("sido_code", "sido"),
    "sigungu": ("sigungu_code", "sigungu"),
    "federation": ("federation", "federation"),
}
#: Member columns that are not node attributes (``member_id`` is the node itself).
_NOT_ATTRIBUTES = ("member_id", "source_row")
#: Partnership columns copied onto the edges.
EDGE_ATTRIBUTES = ("kind", "started", "weight")


def build_graph(members: pd.DataFrame, partnerships: pd.DataFrame) -> nx.Graph:
    """Build the member graph from the tables.

    Every member is a node, isolated ones too, keyed by its ``member_id``
    string and in the order of ``members``; the node carries every other
    column of ``members`` (``source_row`` excepted) as attributes.  Every
    partnership is an undirected edge carrying ``kind``, ``started`` and
    ``weight`` (1.0 where not given).  Dates are :class:`datetime.datetime`.  Missing values (``None``, NaN, NaT,
    ``pd.NA``) are left out of the attribute dicts, as osmnx does, so
    ``G.nodes[n].get("needs")`` is ``None`` for them.

    Parameters
    ----------
    members
        Validated members (:attr:`network.dataset.Dataset.members`); needs ``member_id``.
    partnerships
        Validated partnerships; needs ``source_id`` and ``target_id``.  Rows naming
        a member that is not in ``members``, a missing id or the same member twice
        are skipped (validation rejects them before).  Validation also merges
        duplicate pairs; if two rows still name the same pair, the last one wins.

    Returns
    -------
    networkx.Graph
        A new undirected graph; the tables are not changed.

    Raises
    ------
    ValueError
        If a required column is missing, or ``member_id`` is empty or repeated.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": ["a", "b", "c"], "name": ["가나", "다라", None]})
    >>> p = pd.DataFrame({"source_id": ["a", "a"], "target_id": ["b", "zz"], "weight": [2.0, 1.0]})
    >>> G = build_graph(m, p)
    >>> list(G.nodes), list(G.edges(data="weight"))
    (['a', 'b', 'c'], [('a', 'b', 2.0)])
    >>> G.nodes["a"], G.nodes["c"]
    ({'name': '가나'}, {})
    """
    _require_columns(members, ["member_id"], "members")
    _require_columns(partnerships, ["source_id", "target_id"], "partnerships")
    ids = members["member_id"]
    bad = ids.isna() | ids.duplicated(keep=False)
    if bad.any():
        shown = sorted({str(v) for v in ids[bad]})[:5]
        raise ValueError(f"member_id must be present and unique, but {int(bad.sum())} rows are not "
                         f"(for example {shown})")

    ids = [str(v) for v in ids]
    G: nx.Graph = nx.Graph()
    G.add_nodes_from(zip(ids, _records(members.drop(columns=[c for c in _NOT_ATTRIBUTES if c in members]))))

    src, dst = _as_text(partnerships["source_id"]), _as_text(partnerships["target_id"])
    known = pd.Index(ids)
    keep = (src.isin(known) & dst.isin(known) & (src != dst)).to_numpy(dtype=bool)
    edges = partnerships.loc[keep, [c for c in EDGE_ATTRIBUTES if c in partnerships.columns]].copy()
    if "weight" not in edges.columns:
        edges["weight"] = 1.0
    edges["weight"] = edges["weight"].astype(float).fillna(1.0)
    G.add_edges_from(zip(src[keep].tolist(), dst[keep].tolist(), _records(edges)))
    return G


def _as_text(values: pd.Series) -> pd.Series:
    """Ids as ``str`` (as the nodes are), missing ones as ``None``."""
    return values.astype(object).where(values.notna(), None).map(str, na_action="ignore")


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows of ``frame`` as dicts of native Python values, missing cells left out.

    Built column by column (``Series.tolist`` is many times faster than
    ``to_dict("records")`` at 100,000 rows); dates become :class:`datetime.datetime`.
    """
    columns = list(frame.columns)
    if not columns:
        return [{} for _ in range(len(frame))]
    missing = frame.isna().to_numpy()
    values = zip(*(_column_list(frame[c]) for c in columns))
    complete = ~missing.any(axis=1)
    return [dict(zip(columns, row)) if full else {c: v for c, v, gap in zip(columns, row, gaps) if not gap}
            for row, full, gaps in zip(values, complete.tolist(), missing.tolist())]


def _column_list(values: pd.Series) -> list:
    if values.dtype.kind == "M" and getattr(values.dtype, "tz", None) is None:  # 10x faster than Timestamps
        return values.to_numpy().astype("datetime64[us]").astype(object).tolist()
    return values.tolist()


def _require_columns(df: pd.DataFrame, columns: Sequence[str], table: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{table} has no column {missing}; it has {list(df.columns)}")


def _check_graph(G: nx.Graph) -> None:
    if not isinstance(G, nx.Graph) or G.is_directed() or G.is_multigraph():
        raise TypeError(f"G must be an undirected networkx.Graph but is {type(G).__name__}")


def _check_level(level: str, allowed: Sequence[str] = tuple(LEVELS)) -> None:
    if level not in allowed:
        raise ValueError(f"level was {level!r} but is expected to be in {list(allowed)}")


def to_igraph(G: nx.Graph) -> igraph.Graph:
    """Convert the member graph to an undirected :class:`igraph.Graph` for the heavy algorithms.

    Vertex ``i`` is the ``i``-th node of ``list(G)`` (its id in the vertex
    attribute ``name``) and edge ``j`` the ``j``-th edge of ``G.edges``, with
    the edge attribute ``weight`` (1.0 where missing).  Other attributes are
    not copied.

    Raises
    ------
    TypeError
        If ``G`` is directed or a multigraph.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {})])
    >>> g = to_igraph(G)
    >>> g.vs["name"], g.get_edgelist(), g.es["weight"]
    (['a', 'b', 'c'], [(0, 1), (1, 2)], [2.0, 1.0])
    """
    _check_graph(G)
    nodes = list(G)
    position = {n: i for i, n in enumerate(nodes)}
    edges = list(G.edges(data="weight", default=1.0))
    g = igraph.Graph(n=len(nodes), edges=[(position[u], position[v]) for u, v, _ in edges], directed=False)
    g.vs["name"] = nodes
    g.es["weight"] = [float(w) for _, _, w in edges]
    return g


def _node_frame(G: nx.Graph, columns: Sequence[str]) -> pd.DataFrame:
    """``member_id`` and the given node attributes (``None`` where missing), one row per node in order."""
    data = {"member_id": list(G)}
    for column in columns:
        data[column] = pd.Series([d.get(column) for d in G.nodes.values()], dtype=object)
    return pd.DataFrame(data)


def _edge_frame(G: nx.Graph) -> pd.DataFrame:
    """Edges as positions ``u``, ``v`` into ``list(G)`` and their ``weight`` (1.0 where missing)."""
    position = {n: i for i, n in enumerate(G)}
    edges = list(G.edges(data="weight", default=1.0))
    return pd.DataFrame({
        "u": np.fromiter((position[u] for u, _, _ in edges), dtype=np.int64, count=len(edges)),
        "v": np.fromiter((position[v] for _, v, _ in edges), dtype=np.int64, count=len(edges)),
        "weight": np.fromiter((w for _, _, w in edges), dtype=float, count=len(edges)),
    })


def _region_labels(G: nx.Graph, level: str) -> pd.DataFrame:
    """Per node: ``key`` (region code or federation, ``None`` if unknown) and ``name`` (display name)."""
    key, name = LEVELS[level]
    nodes = _node_frame(G, [key, name, "sido"] if level == "sigungu" else [key, name])
    out = pd.DataFrame({"key": nodes[key], "name": nodes[name]}, dtype=object)
    if level == "sigungu":
        both = nodes["sido"].notna() & nodes[name].notna()
        out["name"] = (nodes["sido"].astype(str) + " " + nodes[name].astype(str)).where(both, nodes[name])
    out["name"] = out["name"].where(out["name"].notna(), out["key"])
    return out


def region_graph(G: nx.Graph, *, level: str = "sido") -> nx.Graph:
    """Count partnerships between regions: the member graph seen from above.

    Members are grouped by ``sido_code``, ``sigungu_code`` or ``federation``;
    two regions are joined when members in them are partners.  A self-loop
    holds the partnerships inside a region.

    Parameters
    ----------
    G
        The member graph of :func:`build_graph`.
    level
        ``"sido"`` (nodes are 시도 codes), ``"sigungu"`` (시군구 codes) or
        ``"federation"`` (federation names).

    Returns
    -------
    networkx.Graph
        Nodes are the regions that have members, sorted by code (or name), with the
        attributes ``name`` (시도 name, ``"시도 시군구"`` or federation) and ``members``.
        Edges carry ``partnerships`` (a count) and ``weight`` (the sum of the
        partnerships' weights).  Members whose region is unknown, and their
        partnerships, are left out.

    Raises
    ------
    ValueError
        If ``level`` is not one of the above.
    TypeError
        If ``G`` is directed or a multigraph.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"sido_code": "11", "sido": "서울특별시"}),
    ...                   ("b", {"sido_code": "11", "sido": "서울특별시"}),
    ...                   ("c", {"sido_code": "41", "sido": "경기도"})])
    >>> G.add_edges_from([("a", "b", {"weight": 2.0}), ("a", "c", {"weight": 1.0}), ("b", "c", {"weight": 1.0})])
    >>> R = region_graph(G)
    >>> dict(R.nodes(data="name")), R["11"]["11"], R["11"]["41"]
    ({'11': '서울특별시', '41': '경기도'}, {'partnerships': 1, 'weight': 2.0}, {'partnerships': 2, 'weight': 2.0})
    """
    _check_level(level)
    _check_graph(G)
    labels = _region_labels(G, level)
    R: nx.Graph = nx.Graph()
    known = labels[labels["key"].notna()]
    if not known.empty:
        per_region = known.groupby("key", sort=True).agg(name=("name", "first"), members=("key", "size"))
        R.add_nodes_from((k, {"name": row.name, "members": int(row.members)})
                         for k, row in zip(per_region.index, per_region.itertuples(index=False)))
    counts = _region_pairs(G, labels["key"])
    R.add_edges_from((a, b, {"partnerships": int(n), "weight": float(w)})
                     for a, b, n, w in counts.itertuples(index=False))
    return R


def _region_pairs(G: nx.Graph, keys: pd.Series) -> pd.DataFrame:
    """Partnership count and weight per unordered pair of regions (``a <= b``), edges with unknown ends dropped."""
    edges = _edge_frame(G)
    key_array = keys.to_numpy(dtype=object)
    a = pd.Series(key_array[edges["u"].to_numpy()], dtype=object)
    b = pd.Series(key_array[edges["v"].to_numpy()], dtype=object)
    ok = (a.notna() & b.notna()).to_numpy()
    a, b, weight = a[ok].astype(str), b[ok].astype(str), edges["weight"][ok]
    swap = (a > b).to_numpy()
    low, high = a.where(~swap, b), b.where(~swap, a)
    frame = pd.DataFrame({"a": low.to_numpy(), "b": high.to_numpy(), "weight": weight.to_numpy()})
    out = frame.groupby(["a", "b"], sort=True).agg(partnerships=("weight", "size"), weight=("weight", "sum"))
    return out.reset_index()


def region_matrix_table(G: nx.Graph, *, level: str = "sido", value: str = "partnerships") -> pd.DataFrame:
    """The square matrix of partnerships between regions, for a heatmap.

    Parameters
    ----------
    G
        The member graph of :func:`build_graph`.
    level
        ``"sido"``, ``"sigungu"`` or ``"federation"``, as in :func:`region_graph`.
    value
        ``"partnerships"`` (counts) or ``"weight"`` (sums of weights).

    Returns
    -------
    pandas.DataFrame
        Symmetric; index and columns are region names in the order of
        :func:`region_graph`; the diagonal holds partnerships inside a region,
        cell ``(A, B)`` those between A and B (each partnership counted once, shown
        in both cells).  Integers for counts, floats for weights.

    Raises
    ------
    ValueError
        If ``level`` or ``value`` is not one of the above.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "경기", "b": "경기", "c": "서울"}, "federation")
    >>> df = region_matrix_table(G, level="federation")
    >>> list(df.index), df.values.tolist()
    (['경기', '서울'], [[1, 2], [2, 0]])
    """
    _check_level(level)
    if value not in ("partnerships", "weight"):
        raise ValueError(f"value was {value!r} but is expected to be in ['partnerships', 'weight']")
    R = region_graph(G, level=level)
    nodes = list(R)
    matrix = nx.to_numpy_array(R, nodelist=nodes, weight=value, dtype=np.dtype(float))
    # to_numpy_array puts a self-loop's value on the diagonal once: just what we want
    names = pd.Index([R.nodes[n]["name"] for n in nodes], name=level)
    out = pd.DataFrame(matrix, index=names, columns=names.copy())
    return out.astype(int) if value == "partnerships" else out


def region_arcs_table(G: nx.Graph, *, level: str = "sido") -> pd.DataFrame:
    """Partnerships between different regions as rows ``source``, ``target``, ``partnerships``, ``weight``
    (for arcs on a map); partnerships inside a region are left out.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("a", "c")])
    >>> nx.set_node_attributes(G, {"a": "11", "b": "41", "c": "11"}, "sido_code")
    >>> region_arcs_table(G)[["source", "target", "partnerships"]].values.tolist()
    [['11', '41', 1]]
    """
    R = region_graph(G, level=level)
    rows = [{"source": u, "target": v, "partnerships": d["partnerships"], "weight": d["weight"]}
            for u, v, d in R.edges(data=True) if u != v]
    return pd.DataFrame(rows, columns=["source", "target", "partnerships", "weight"])
