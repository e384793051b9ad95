"""The network drawing: slices of the member graph, fast layouts, and a safe, offline vis-network page.

vis-network (the library pyvis drives) comes from the installed ``pyvis`` package
and is inlined into a small template of our own, because pyvis' templates link
Bootstrap from a CDN in every mode and render tooltips, menus and the heading
as HTML.  Here node ids are integers, every text (labels, tooltips, legend) is
plain text, the data travels as JSON with ``<`` ``>`` ``&`` escaped, and the
template is rendered by Jinja2 with autoescaping on — so a company called
``<img src=x onerror=alert(1)>`` is shown as those characters and runs nothing.

Positions are computed in Python and physics is off, so thousands of nodes
draw in well under a second with no GPU: a member's neighbourhood with igraph's
Fruchterman–Reingold (:func:`layout`); any other slice with its members
gathered by 교류회, federation or community (:func:`choose_grouping`), the
groups placed apart and the members without a partner in one labelled strip
below (:func:`grouped_layout`).  Only the main brokers (:func:`top_brokers`)
and the chosen member are labelled in a large drawing; a click on a member
selects it on the app's page.  Above ``Limits.network_max_nodes`` members
(:mod:`network.config`) :func:`draw_slice` draws nothing and the page shows
the region-level view (:func:`region_view`) instead.
"""

from __future__ import annotations

import io as _io
import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from network import texts
from network.config import SETTINGS, Limits
from network.errors import NotFoundError
from network.render import payload
from network.texts import Language

__all__ = [
    "CHOSEN",
    "COLOR_BY",
    "Drawing",
    "GROUPINGS",
    "GroupedLayout",
    "Note",
    "OTHER",
    "PALETTE",
    "SUGGESTED",
    "Slice",
    "SliceView",
    "choose_grouping",
    "draw_slice",
    "gexf_bytes",
    "graphml_bytes",
    "grouped_layout",
    "layout",
    "network_html",
    "physics_allowed",
    "region_network_html",
    "region_view",
    "slice_graph",
    "top_brokers",
]

#: The column of :func:`network.regions.sido_table` that names a 시도 in each language.
_SIDO_NAME_COLUMN = {"ko": "sido", "en": "sido_en"}

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"]
OTHER = "#bbbbbb"
SUGGESTED = "#e6550d"
#: The chosen member's border and partnerships.
CHOSEN = "#d62728"
#: What :func:`choose_grouping` may gather members by, in the order it tries them.
GROUPINGS = ("group", "federation", "community")
#: Up to this many members every name is drawn; above, only the brokers' and the chosen member's.
_LABEL_ALL_MAX = 60
#: Above this many members, nodes are drawn smaller and edges stronger (a dense drawing at its default zoom).
_LARGE = 300

COLOR_BY = ("sido", "federation", "industry", "community")


@dataclass(frozen=True)
class Slice:
    """Which members to draw (all filters combine)."""

    federation: str | None = None
    sido: str | None = None            # 시도 code
    industry: str | None = None        # KSIC division (2 digits)
    community: int | None = None
    group: str | None = None           # 교류회
    min_degree: int = 0
    ego: str | None = None             # member_id: only its neighbourhood
    hops: int = 1
    bridges_only: bool = False         # members whose partners span several 시도


def slice_graph(G: nx.Graph, metrics: pd.DataFrame | None = None, spec: Slice = Slice()) -> nx.Graph:
    """The subgraph of ``G`` that ``spec`` selects (a new graph; ``G`` is not changed).

    ``metrics`` (:func:`network.analysis.member_metrics_table`) supplies ``community`` and
    ``partner_regions`` when those filters are used.

    Raises
    ------
    NotFoundError
        If ``spec.ego`` is not a member.
    ValueError
        If ``hops`` is not 1 or 2.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(slice_graph(G, spec=Slice(ego="a", hops=2)))
    ['a', 'b', 'c']
    >>> sorted(slice_graph(G, spec=Slice(min_degree=2)))
    ['b', 'c']
    """
    if spec.hops not in (1, 2):
        raise ValueError(f"hops was {spec.hops} but is expected to be in [1, 2]")
    if spec.ego is not None:
        if spec.ego not in G:
            raise NotFoundError("error.unknown_member", member_id=repr(spec.ego))
        keep = set(nx.single_source_shortest_path_length(G, spec.ego, cutoff=spec.hops))
    else:
        keep = set(G.nodes)
    attrs = {"federation": spec.federation, "sido_code": spec.sido, "group": spec.group}
    for name, wanted in attrs.items():
        if wanted is not None:
            keep = {n for n in keep if G.nodes[n].get(name) == wanted}
    if spec.industry is not None:
        keep = {n for n in keep if str(G.nodes[n].get("industry") or "")[:2] == str(spec.industry)[:2]}
    if metrics is not None and (spec.community is not None or spec.bridges_only):
        m = metrics.set_index("member_id")
        if spec.community is not None:
            keep &= set(m.index[m["community"] == spec.community])
        if spec.bridges_only:
            keep &= set(m.index[m["partner_regions"] >= 2])
    H = _induced(G, keep)
    if spec.min_degree > 0:
        H = _induced(H, {n for n, d in H.degree() if d >= spec.min_degree})
    return H


def _induced(G: nx.Graph, keep: set) -> nx.Graph:
    """The subgraph of ``G`` on ``keep`` as a new graph, nodes and edges in ``G``'s order.

    ``G.subgraph(keep)`` iterates a small ``keep`` in set order, which changes from one process to the next
    (string hashes are salted), and so would every layout of the slice."""
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in G if n in keep)
    H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if u in keep and v in keep)
    return H


def layout(G: nx.Graph, *, seed: int = 42) -> dict[object, tuple[float, float]]:
    """Positions for drawing, computed once in Python (igraph Fruchterman–Reingold, seeded).

    networkx's ``spring_layout`` took 5–97 s for 500–5,000 nodes on this machine; igraph's takes
    a fraction of a second. Isolated nodes are placed on a ring around the rest.

    Examples
    --------
    >>> pos = layout(nx.path_graph(3))
    >>> sorted(pos), all(len(p) == 2 for p in pos.values())
    ([0, 1, 2], True)
    """
    nodes = list(G.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    coords = _fruchterman_reingold(len(nodes), [(index[u], index[v]) for u, v in G.edges()], seed=seed)
    if len(coords) > 1:
        coords -= np.median(coords, axis=0)
        # scale by the bulk, not the extremes: small components and isolated members that the
        # layout pushes far out are pulled in to the rim, so the main component stays readable
        scale = float(np.quantile(np.abs(coords), 0.95)) or 1.0
        coords = np.clip(coords / scale, -1.25, 1.25) * 450.0 * max(1.0, np.sqrt(len(nodes) / 300))
    return {n: (round(float(coords[i, 0]), 1), round(float(coords[i, 1]), 1)) for n, i in index.items()}


def _fruchterman_reingold(n: int, edges: Sequence[tuple[int, int]], *, seed: int,
                          weights: Sequence[float] | None = None) -> np.ndarray:
    """igraph's Fruchterman–Reingold positions of ``n`` vertices as an ``(n, 2)`` array, seeded.

    igraph draws from its one process-wide generator at every step (Python's :mod:`random` module unless
    swapped), which other threads of the app server use meanwhile; so the layout runs with a generator of
    its own, under the lock :mod:`network.analysis` holds while it swaps igraph's generator."""
    import igraph

    from network.analysis import _igraph_seeded

    if n == 0:
        return np.zeros((0, 2))
    g = igraph.Graph(n=n, edges=list(edges))
    with _igraph_seeded(seed):
        coords = g.layout_fruchterman_reingold(niter=300, grid="auto" if n > 1000 else "nogrid",
                                               weights=list(weights) if weights is not None else None).coords
    return np.array(coords, dtype=float).reshape(n, 2)


def choose_grouping(
    G: nx.Graph, metrics: pd.DataFrame | None = None, *, max_groups: int = 60
) -> tuple[str | None, dict[object, object]]:
    """What to gather a slice's members by when drawing it: 교류회, else federation, else community.

    The first of :data:`GROUPINGS` that splits the members who have a partner in ``G`` into between 2 and
    ``max_groups`` groups wins (a federation's 교류회, the federations of an industry, the communities of
    one 교류회).  Communities come from ``metrics`` (:func:`network.analysis.member_metrics_table`;
    ``-1`` means none).

    Returns
    -------
    (str or None, dict)
        The grouping's name (``"group"``, ``"federation"``, ``"community"``) and each node's group
        (``None`` where unknown); ``(None, {})`` when nothing splits the slice.

    Raises
    ------
    ValueError
        If ``max_groups`` is less than 2.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": "g1", "b": "g1", "c": "g2", "d": "g2"}, "group")
    >>> choose_grouping(G)
    ('group', {'a': 'g1', 'b': 'g1', 'c': 'g2', 'd': 'g2'})
    >>> choose_grouping(nx.path_graph(3))
    (None, {})
    """
    if max_groups < 2:
        raise ValueError(f"max_groups was {max_groups} but is expected to be at least 2")
    linked = [n for n in G if G.degree(n) > 0]
    community = (metrics.set_index("member_id")["community"].to_dict()
                 if metrics is not None and "community" in metrics.columns else {})
    for by in GROUPINGS:
        groups: dict[object, object]
        if by == "community":
            groups = {n: _community(community.get(n)) for n in G}
        else:
            groups = {n: (G.nodes[n].get(by) if G.nodes[n].get(by) not in ("", None) else None) for n in G}
        distinct = {groups[n] for n in linked if groups[n] is not None}
        if 2 <= len(distinct) <= max_groups:
            return by, groups
    return None, {}


def _community(value: object) -> int | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or int(value) < 0:  # type: ignore[call-overload]
        return None
    return int(value)  # type: ignore[call-overload]


@dataclass(frozen=True)
class GroupedLayout:
    """Positions of a slice drawn group by group (see :func:`grouped_layout`).

    Attributes
    ----------
    positions
        ``{node: (x, y)}`` for every node (screen coordinates: ``y`` grows downwards).
    centres, radii
        Each group's centre and the radius of the disc its members are placed in.
    sizes
        Members of each group (those with a partner).
    isolated
        The nodes without a partner, in the order they are placed in the strip.
    strip
        Where the strip's title goes (above its first row); ``None`` when no node is isolated.
    """

    positions: dict[object, tuple[float, float]]
    centres: dict[object, tuple[float, float]] = field(default_factory=dict)
    radii: dict[object, float] = field(default_factory=dict)
    sizes: dict[object, int] = field(default_factory=dict)
    isolated: tuple[object, ...] = ()
    strip: tuple[float, float] | None = None


def grouped_layout(
    G: nx.Graph,
    groups: Mapping[object, Hashable] | None = None,
    *,
    spacing: float = 14.0,
    aspect: float = 1.6,
    seed: int = 42,
) -> GroupedLayout:
    """Lay a slice out group by group: groups apart, members around their group's centre, the isolated in a strip.

    Members with a partner in ``G`` are gathered by ``groups`` (``{node: group}``; a node not in it, or
    with ``None``, goes to the group ``None``).  Each group gets a disc whose area grows with its
    members; inside it the members keep the directions of a Fruchterman–Reingold layout of the group's
    own partnerships but are spread evenly by distance from the centre (no pile-ups).  The discs are
    laid in rows (groups with many partnerships between them near each other, from a layout of the
    groups), about ``aspect`` times as wide as high, never overlapping.  Members without any partner
    in ``G`` are put in rows of their own below the groups, in group and then name order.

    Parameters
    ----------
    G
        The slice to draw.
    groups
        Each node's group; ``None`` puts every member with a partner in one group.
    spacing
        About how far apart neighbouring members are placed (drawing units: pixels at zoom 1).
    aspect
        Width over height of the area the groups fill.
    seed
        Seed of the layouts (the same input gives the same positions).

    Returns
    -------
    GroupedLayout

    Raises
    ------
    ValueError
        If ``spacing`` or ``aspect`` is not positive.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> G.add_node("lonely")
    >>> pos = grouped_layout(G, {"a": 1, "b": 1, "c": 1, "x": 2, "y": 2})
    >>> sorted(pos.sizes.items()), pos.isolated
    ([(1, 3), (2, 2)], ('lonely',))
    >>> pos.positions["lonely"][1] > max(pos.positions[n][1] for n in "abcxy")  # the strip is below
    True
    """
    if not spacing > 0 or not aspect > 0:
        raise ValueError(f"spacing and aspect must be positive but were {spacing} and {aspect}")
    nodes = list(G)
    isolated = [n for n in nodes if G.degree(n) == 0]
    linked = [n for n in nodes if G.degree(n) > 0]
    of = {n: (groups.get(n) if groups is not None else None) for n in linked}
    members: dict[object, list[object]] = {}
    for n in linked:
        members.setdefault(of[n], []).append(n)
    keys = sorted(members, key=lambda k: (-len(members[k]), k is None, str(k)))
    radii = {k: spacing * max(1.0, math.sqrt(len(members[k]) / (0.7 * math.pi))) for k in keys}
    centres = _pack_groups(G, keys, of, radii, spacing=spacing, aspect=aspect, seed=seed)
    positions: dict[object, tuple[float, float]] = {}
    for k in keys:
        inside = _disc_positions(G, members[k], radius=radii[k] - 0.5 * spacing, seed=seed)
        cx, cy = centres[k]
        for n, (x, y) in zip(members[k], inside):
            positions[n] = (round(cx + float(x), 1), round(cy + float(y), 1))
    strip = None
    if isolated:
        isolated.sort(key=lambda n: (groups.get(n) is None if groups is not None else True,
                                     str(groups.get(n) if groups is not None else ""),
                                     str(G.nodes[n].get("name") or n), str(n)))
        if centres:
            left = min(c[0] - radii[k] for k, c in centres.items())
            right = max(c[0] + radii[k] for k, c in centres.items())
            top = max(c[1] + radii[k] for k, c in centres.items()) + 3 * spacing
        else:
            width = spacing * math.sqrt(len(isolated) * aspect)
            left, right, top = -width / 2, width / 2, 0.0
        step = 0.9 * spacing
        per_row = max(1, int((right - left) // step) + 1)
        strip = (round((left + right) / 2, 1), round(top, 1))
        for i, n in enumerate(isolated):
            row, column = divmod(i, per_row)
            in_row = min(per_row, len(isolated) - row * per_row)
            x0 = (left + right) / 2 - (in_row - 1) * step / 2
            positions[n] = (round(x0 + column * step, 1), round(top + 1.6 * spacing + row * step, 1))
    sizes = {k: len(members[k]) for k in keys}
    return GroupedLayout({n: positions[n] for n in nodes}, centres, radii, sizes, tuple(isolated), strip)


def _pack_groups(G: nx.Graph, keys: list, of: Mapping[object, object], radii: Mapping[object, float], *,
                 spacing: float, aspect: float, seed: int) -> dict[object, tuple[float, float]]:
    """Centres of the groups' discs: in rows, neighbours in a layout of the groups next to each other."""
    if not keys:
        return {}
    index = {k: i for i, k in enumerate(keys)}
    between: dict[tuple[int, int], float] = {}
    for u, v in G.edges():
        a, b = index[of[u]], index[of[v]]
        if a != b:
            pair = (min(a, b), max(a, b))
            between[pair] = between.get(pair, 0.0) + 1.0
    coarse = _fruchterman_reingold(len(keys), list(between), seed=seed,
                                   weights=list(between.values()) if between else None)
    gap = 2 * spacing
    cells = {k: 2 * radii[k] + gap for k in keys}
    total = sum(cells.values())
    n_rows = max(1, round(total / math.sqrt(sum(c * c for c in cells.values()) * aspect)))
    rows: list[list[object]] = [[]]
    used = 0.0
    for k in sorted(keys, key=lambda k: (coarse[index[k], 1], coarse[index[k], 0])):
        # rows of about equal width: a new row once this one holds its share of the total
        if rows[-1] and used + cells[k] / 2 > total * len(rows) / n_rows:
            rows.append([])
        rows[-1].append(k)
        used += cells[k]
    centres: dict[object, tuple[float, float]] = {}
    y = 0.0
    for row in rows:
        row.sort(key=lambda k: coarse[index[k], 0])
        height = max(2 * radii[k] for k in row) + gap
        total = sum(2 * radii[k] + gap for k in row)
        x = -total / 2
        for k in row:
            x += radii[k] + gap / 2
            centres[k] = (round(x, 1), round(y + height / 2, 1))
            x += radii[k] + gap / 2
        y += height
    middle = y / 2
    return {k: (x, round(c - middle, 1)) for k, (x, c) in centres.items()}


def _disc_positions(G: nx.Graph, nodes: list, *, radius: float, seed: int) -> np.ndarray:
    """Offsets from the centre for ``nodes`` inside a disc of ``radius``: the directions of a
    Fruchterman–Reingold layout of their partnerships, spread evenly by rank of distance (equal areas)."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    index = {m: i for i, m in enumerate(nodes)}
    edges = [(index[u], index[v]) for u in nodes for v in G[u] if v in index and index[u] < index[v]]  # in order
    coords = _fruchterman_reingold(n, edges, seed=seed)
    coords -= coords.mean(axis=0)
    angle = np.arctan2(coords[:, 1], coords[:, 0])
    order = np.argsort(np.hypot(coords[:, 0], coords[:, 1]), kind="stable")
    distance = np.empty(n)
    distance[order] = radius * np.sqrt((np.arange(n) + 0.5) / n)
    return np.column_stack([distance * np.cos(angle), distance * np.sin(angle)])


def top_brokers(G: nx.Graph, metrics: pd.DataFrame | None = None, *, count: int = 12) -> list[object]:
    """The main brokers of a slice: its nodes with the highest betweenness (ties: more partners, then id).

    Betweenness comes from ``metrics`` (:func:`network.analysis.member_metrics_table`, measured on the
    whole graph); without it, or for nodes it does not know, the slice's own betweenness is used.
    Nodes with no betweenness are never brokers.

    Raises
    ------
    ValueError
        If ``count`` is negative.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> top_brokers(G, count=2)
    ['b', 'c']
    >>> top_brokers(G, pd.DataFrame({"member_id": ["a", "b", "c", "d"], "betweenness": [0, 0.1, 0.5, 0]}), count=1)
    ['c']
    """
    if count < 0:
        raise ValueError(f"count was {count} but is expected to be at least 0")
    known: dict[object, float] = {}
    if metrics is not None and "betweenness" in metrics.columns:
        known = dict(zip(metrics["member_id"], metrics["betweenness"].astype(float)))
    if any(n not in known for n in G):
        own = nx.betweenness_centrality(G) if G.number_of_nodes() <= 2000 else {}
        known = {n: known.get(n, own.get(n, 0.0)) for n in G}
    ranked = sorted((n for n in G if known.get(n, 0.0) > 0),
                    key=lambda n: (-known[n], -G.degree(n), str(n)))
    return ranked[:count]


def _colours(values: Sequence[object]) -> tuple[list[str], list[tuple[str, str]]]:
    """A colour per value (the most common first); the rest grey. Returns colours and legend entries."""
    counts = pd.Series([v for v in values if v not in (None, "")]).value_counts()
    top = list(counts.index[: len(PALETTE)])
    mapping = {v: PALETTE[i] for i, v in enumerate(top)}
    legend = [(str(v), mapping[v]) for v in top]
    if len(counts) > len(top):
        legend.append(("…", OTHER))
    return [mapping.get(v, OTHER) for v in values], legend


def _label_of(G: nx.Graph, n, field: str, division_names: dict[str, str], metrics: pd.DataFrame | None):
    data = G.nodes[n]
    if field == "industry":
        code = str(data.get("industry") or "")[:2]
        return f"{code} {division_names.get(code, '')}".strip() if code else None
    if field == "community":
        return None if metrics is None else metrics.get(n)
    return data.get(field)


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside the installed pyvis package (never from a CDN)."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib"
    folder = sorted(lib.glob("vis-*"))[-1]
    return ((folder / "vis-network.min.js").read_text(encoding="utf-8"),
            (folder / "vis-network.css").read_text(encoding="utf-8"))


_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ language }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>{{ css|safe }}
html, body { margin: 0; padding: 0; font-family: sans-serif; background: #fff; }
#graph { width: 100%; height: {{ height }}px; border: 1px solid #ddd; }
#legend { font-size: 12px; padding: 4px 0; display: flex; flex-wrap: wrap; gap: 10px; }
#legend span.swatch { display: inline-block; width: 11px; height: 11px; margin-right: 3px; vertical-align: middle; }
div.vis-tooltip { white-space: pre-line; font-size: 12px; }
</style></head>
<body>
<div id="legend">{% for name, colour in legend %}<span><span class="swatch" style="background: {{ colour }}"></span>{{ name }}</span>{% endfor %}</div>
<div id="graph" data-nodes="{{ n_nodes }}"></div>
<script>{{ js|safe }}</script>
<script id="graph-data" type="application/json">{{ data|safe }}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var container = document.getElementById("graph");
  var started = performance.now();
  var network = new vis.Network(container, {
    nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)
  }, data.options);
  network.once("afterDrawing", function () {
    container.setAttribute("data-drawn-ms", String(Math.round(performance.now() - started)));
  });
  // A click on a member chooses it on the app's page: the page's address gets ?member=<id> and the app
  // runs the page again in the same session (as its back button does). Opened on its own, nothing happens.
  function choose(member) {
    container.setAttribute("data-clicked", member);
    var page = window.parent;
    if (!page || page === window) { return; }
    try {
      var address = new URL(page.location.href);
      address.searchParams.set("member", member);
      page.history.pushState(null, "", address.toString());
      page.dispatchEvent(new page.PopStateEvent("popstate", { state: null }));
    } catch (error) { /* not the app's page: leave it alone */ }
  }
  if (data.members) {
    network.on("click", function (event) {
      var member = event.nodes.length ? data.members[event.nodes[0]] : null;
      if (member !== null && member !== undefined) { choose(member); }
    });
    network.on("hoverNode", function (event) {
      container.style.cursor = data.members[event.node] != null ? "pointer" : "default";
    });
    network.on("blurNode", function () { container.style.cursor = "default"; });
  }
  window.graphNetwork = network;
})();
</script>
</body></html>
"""


def _json_for_script(value: object) -> str:
    """JSON that is safe inside a <script> element: ``<``, ``>``, ``&`` and line separators escaped."""
    text = payload.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@dataclass(frozen=True)
class Drawing:
    """A drawn slice: the standalone HTML and what it shows (``nodes``: members or regions, notes not counted)."""

    html: str
    nodes: int
    edges: int
    legend: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Note:
    """A plain-text label drawn at a point of a drawing (a group's name, the title of the isolated strip)."""

    text: str
    x: float
    y: float
    size: int = 12
    colour: str = "#555555"


def _page(node_rows: list[dict], edge_rows: list[dict], options: dict, *, legend: Sequence[tuple[str, str]],
          height: int, language: Language, title: str, members: list[str] | None = None) -> str:
    """The standalone HTML page (vis-network inlined; data as escaped JSON; autoescaped template)."""
    from jinja2 import Environment

    js, css = _vis_assets()
    data: dict[str, object] = {"nodes": node_rows, "edges": edge_rows, "options": options}
    if members is not None:
        data["members"] = members
    n_nodes = sum(1 for row in node_rows if isinstance(row["id"], int))
    return Environment(autoescape=True).from_string(_TEMPLATE).render(
        title=title, css=css, js=js, height=height, legend=legend, n_nodes=n_nodes, language=language,
        data=_json_for_script(data))


def _note_rows(notes: Sequence[Note]) -> list[dict]:
    return [{"id": f"note-{i}", "label": note.text, "x": note.x, "y": note.y, "shape": "text", "fixed": True,
             "chosen": False, "physics": False, "font": {"size": note.size, "color": note.colour,
                                                         "strokeWidth": 3, "strokeColor": "#ffffff"}}
            for i, note in enumerate(notes)]


def network_html(
    G: nx.Graph,
    positions: dict | None = None,
    *,
    color_by: str = "sido",
    metrics: pd.DataFrame | None = None,
    suggested: Sequence[tuple[object, object]] = (),
    physics: bool = False,
    height: int = 640,
    language: Language = "ko",
    title: str = "network",
    labelled: Collection[object] | None = None,
    brokers: Sequence[object] = (),
    highlight: object | None = None,
    notes: Sequence[Note] = (),
    select: bool = False,
) -> Drawing:
    """A standalone, offline HTML page drawing ``G`` with vis-network.

    Nodes: integer ids, plain-text tooltip (name, federation, 시군구, industry, number of partners),
    colour by ``color_by`` (``sido``, ``federation``, ``industry`` or ``community``) with a legend,
    size by degree. Edges: width by weight; ``suggested`` pairs (from the recommendations) as dashed
    orange edges. Physics is off unless ``physics`` (a short stabilisation, for small graphs).

    Above 300 nodes, nodes are drawn smaller and edges darker and wider, so a dense slice stays
    readable at the default zoom.

    Parameters
    ----------
    labelled
        The nodes whose name is drawn (``None``: every node); the others show it in their tooltip.
    brokers
        The main brokers (:func:`top_brokers`), best first: labelled, drawn with a dark border and
        their rank in the tooltip.
    highlight
        The chosen member: larger, a thick red border, labelled, its partnerships in red.
    notes
        Plain-text labels to draw (:class:`Note`), e.g. the groups' names.
    select
        Whether a click on a node chooses that member on the app's page (its address gets
        ``?member=<node>``; the node ids of ``G`` are then in the page).  Opened on its own, the
        page ignores clicks.

    Raises
    ------
    ValueError
        If ``color_by`` is not one of :data:`COLOR_BY`.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> nx.set_node_attributes(G, {"a": "<img src=x onerror=alert(1)>", "b": "나"}, "name")
    >>> d = network_html(G, {"a": (0, 0), "b": (10, 0)})
    >>> "<img" in d.html.split('id="graph-data"')[1], d.nodes, d.edges
    (False, 2, 1)
    >>> d = network_html(G, {"a": (0, 0), "b": (10, 0)}, labelled=["b"], highlight="b", select=True)
    >>> '"members":["a","b"]' in d.html, d.html.count('"label":')
    (True, 1)
    """
    if color_by not in COLOR_BY:
        raise ValueError(f"color_by was {color_by!r} but is expected to be in {list(COLOR_BY)}")
    positions = positions if positions is not None else layout(G)
    nodes = list(G.nodes)
    ids = {n: i for i, n in enumerate(nodes)}
    try:
        from network.validate import ksic_divisions

        division_names = dict(zip(ksic_divisions()["division"], ksic_divisions()["name_ko"]))
    except OSError:  # pragma: no cover - the table ships with the package
        division_names = {}
    communities = metrics.set_index("member_id")["community"] if metrics is not None else None
    field_name = "sido" if color_by == "sido" else color_by
    values = [_label_of(G, n, field_name, division_names, communities) for n in nodes]
    colours, legend = _colours(values)
    degree = dict(G.degree())
    large = len(nodes) > _LARGE
    scale = 0.5 if large else 1.0
    rank = {n: i + 1 for i, n in enumerate(brokers) if n in ids}
    shown = set(nodes) if labelled is None else set(labelled) | set(rank) | {highlight}
    node_rows = []
    for n, colour in zip(nodes, colours):
        data = G.nodes[n]
        name = str(data.get("name") or n)
        lines = [name, " · ".join(str(x) for x in (data.get("federation"), data.get("sido"), data.get("sigungu"))
                                  if x), str(data.get("industry_name") or data.get("industry") or ""),
                 texts.t("drawing.partners", language, count=degree[n])]
        if n in rank:
            lines.append(texts.t("net.broker", language, rank=rank[n]))
        if n == highlight:
            lines.insert(0, texts.t("net.chosen", language))
        x, y = positions.get(n, (0.0, 0.0))
        row: dict[str, object] = {"id": ids[n], "title": "\n".join(line for line in lines if line), "x": x, "y": y,
                                  "color": colour, "size": round(scale * (6 + 3 * float(np.sqrt(degree[n]))), 2)}
        if n in shown:
            row["label"] = name
        if n in rank and n != highlight:
            row.update(borderWidth=2, color={"background": colour, "border": "#222222"},
                       font={"size": 18 if large else 12, "strokeWidth": 4, "strokeColor": "#ffffff"})
        node_rows.append(row)
    edge_rows: list[dict[str, object]] = []
    for u, v, d in G.edges(data=True):
        weight = min(float(d.get("weight", 1.0) or 1.0), 5)
        edge: dict[str, object] = {"from": ids[u], "to": ids[v], "width": round((1.0 + 0.4 * weight) if large else 0.6 + 0.8 * weight, 2)}
        if highlight in (u, v):
            edge.update(color={"color": CHOSEN, "opacity": 1.0}, width=2.5)
        edge_rows.append(edge)
    for u, v in suggested:
        if u in ids and v in ids:
            edge_rows.append({"from": ids[u], "to": ids[v], "dashes": True, "color": {"color": SUGGESTED},
                              "width": 2})
    if highlight in ids:  # drawn last, so on top of everything
        i = ids[highlight]
        chosen = node_rows.pop(i)
        chosen.update(size=round(float(chosen["size"]) * 1.5 + 6, 2), borderWidth=4,  # type: ignore[arg-type]
                      color={"background": chosen["color"], "border": CHOSEN},
                      font={"size": 22 if large else 16, "strokeWidth": 4, "strokeColor": "#ffffff"})
        node_rows.append(chosen)
    options = {
        "physics": {"enabled": bool(physics), "stabilization": {"iterations": 150}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": len(edge_rows) > 3000},
        "nodes": {"shape": "dot", "font": {"size": 13 if large else 11}, "borderWidth": 1},
        "edges": {"color": {"color": "#5f6b7a", "opacity": 0.45} if large else {"color": "#9e9e9e", "opacity": 0.6},
                  "smooth": False},
        "layout": {"improvedLayout": False},
    }
    html = _page(node_rows + _note_rows(notes), edge_rows, options, legend=legend, height=height,
                 language=language, title=title, members=[str(n) for n in nodes] if select else None)
    return Drawing(html, len(node_rows), len(edge_rows), tuple(legend))


def _plain_attributes(G: nx.Graph, positions: dict | None) -> nx.Graph:
    """A copy whose attributes GraphML/GEXF can hold (text, numbers, booleans), with x/y positions."""
    H: nx.Graph = nx.Graph()
    for n, data in G.nodes(data=True):
        clean = {k: _plain(v) for k, v in data.items() if _plain(v) is not None}
        if positions and n in positions:
            clean["x"], clean["y"] = float(positions[n][0]), float(positions[n][1])
        H.add_node(str(n), **clean)
    for u, v, data in G.edges(data=True):
        H.add_edge(str(u), str(v), **{k: _plain(w) for k, w in data.items() if _plain(w) is not None})
    return H


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (int, float, bool, str)):
        return value
    return str(value)


def graphml_bytes(G: nx.Graph, positions: dict | None = None) -> bytes:
    """The graph as GraphML (opens in Gephi), node attributes and layout positions included.

    Examples
    --------
    >>> data = graphml_bytes(nx.Graph([("a", "b")]), {"a": (0, 0), "b": (1, 2)})
    >>> sorted(nx.read_graphml(_io.BytesIO(data)).nodes(data="y"))
    [('a', 0.0), ('b', 2.0)]
    """
    buffer = _io.BytesIO()
    nx.write_graphml(_plain_attributes(G, positions), buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf_bytes(G: nx.Graph, positions: dict | None = None) -> bytes:
    """The graph as GEXF (Gephi's own format), with attributes and ``viz`` positions.

    Examples
    --------
    >>> data = gexf_bytes(nx.Graph([("a", "b")]), {"a": (0, 0), "b": (1, 2)})
    >>> nx.read_gexf(_io.BytesIO(data)).number_of_edges()
    1
    """
    H = _plain_attributes(G, positions)
    for _, data in H.nodes(data=True):
        if "x" in data:
            data["viz"] = {"position": {"x": data["x"], "y": data["y"], "z": 0.0}}
    buffer = _io.BytesIO()
    nx.write_gexf(H, buffer, encoding="utf-8")
    return buffer.getvalue()


def region_network_html(region_G: nx.Graph, *, height: int = 560, language: Language = "ko") -> Drawing:
    """The aggregated view: regions (시도 or federations) as labelled nodes sized by members, partnerships as edges.

    ``region_G`` comes from :func:`network.graph.region_graph`.  Each node is labelled with its name
    (a 시도's English name in the English UI) and its members, its area grows with its members and its
    tooltip gives the partnerships inside it; an edge's width grows with the partnerships between its
    two regions (its tooltip gives the number).  시도 are placed where they are on the map, moved apart
    just enough not to overlap; federations in a circle.

    Examples
    --------
    >>> R = nx.Graph()
    >>> R.add_node("11", name="서울특별시", members=10)
    >>> R.add_node("41", name="경기도", members=20)
    >>> R.add_edge("11", "41", partnerships=5, weight=5.0)
    >>> d = region_network_html(R, language="en")
    >>> d.nodes, d.edges, "Gyeonggi" in d.html, "20 members" in d.html
    (2, 1, True, True)
    """
    from network import regions
    from network.render.map import _sido_points

    points = _sido_points()
    sido = regions.sido_table()
    shown_name = dict(zip(sido["sido_code"], sido[_SIDO_NAME_COLUMN[language]]))  # 경기도 / Gyeonggi
    nodes = list(region_G.nodes)
    members = {n: int(region_G.nodes[n].get("members", 0) or 0) for n in nodes}
    most = max(members.values(), default=0) or 1
    radius = {n: round(8 + 18 * math.sqrt(members[n] / most), 1) for n in nodes}
    placed = np.zeros((len(nodes), 2))
    for i, n in enumerate(nodes):
        if n in points:
            lat, lon = points[n]
            placed[i] = ((lon - 127.8) * 140 * math.cos(math.radians(36.0)), -(lat - 36.0) * 140)
        else:
            angle = 2 * np.pi * i / max(len(nodes), 1)
            placed[i] = (260 * np.cos(angle), 260 * np.sin(angle))
    placed = _separate(placed, np.array([radius[n] for n in nodes]) + 30)  # room for the two-line label
    inside = {n: int(region_G[n][n]["partnerships"]) if region_G.has_edge(n, n) else 0 for n in nodes}
    names = {n: str(shown_name.get(n, region_G.nodes[n].get("name", n))) for n in nodes}
    ids = {n: i for i, n in enumerate(nodes)}
    node_rows = []
    for i, n in enumerate(nodes):
        count = texts.t("net.members", language, count=members[n])
        node_rows.append({
            "id": ids[n], "label": f"{names[n]}\n{count}", "x": round(float(placed[i, 0]), 1),
            "y": round(float(placed[i, 1]), 1), "size": radius[n], "color": PALETTE[0],
            "title": "\n".join([names[n], count, texts.t("net.inside", language, count=inside[n])]),
            "font": {"size": 13, "strokeWidth": 4, "strokeColor": "#ffffff"}})
    between = [(u, v, int(d.get("partnerships", 0))) for u, v, d in region_G.edges(data=True) if u != v]
    top = max([p for _, _, p in between] or [1]) or 1
    edge_rows = [{"from": ids[u], "to": ids[v], "width": round(1 + 11 * p / top, 2),
                  "title": texts.t("net.between", language, a=names[u], b=names[v], count=p)} for u, v, p in between]
    options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120},
        "nodes": {"shape": "dot", "borderWidth": 1},
        "edges": {"color": {"color": "#5f6b7a", "opacity": 0.45}, "smooth": False},
        "layout": {"improvedLayout": False},
    }
    legend = [(texts.t("net.region_size", language), PALETTE[0]), (texts.t("net.region_width", language), "#5f6b7a")]
    html = _page(node_rows, edge_rows, options, legend=legend, height=height, language=language, title="regions")
    return Drawing(html, len(node_rows), len(edge_rows), tuple(legend))


def _separate(points: np.ndarray, radii: np.ndarray, *, rounds: int = 200) -> np.ndarray:
    """``points`` moved apart until no two discs of ``radii`` overlap (or ``rounds`` have passed); a new array."""
    out = points.astype(float).copy()
    n = len(out)
    for _ in range(rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                delta = out[j] - out[i]
                distance = float(np.hypot(*delta))
                overlap = radii[i] + radii[j] - distance
                if overlap > 0:
                    direction = delta / distance if distance > 1e-9 else np.array([1.0, 0.0])
                    out[i] -= direction * overlap / 2
                    out[j] += direction * overlap / 2
                    moved = True
        if not moved:
            break
    return out


@dataclass(frozen=True)
class SliceView:
    """A slice as the network page shows it (see :func:`draw_slice`).

    Attributes
    ----------
    members
        Members in the slice.
    drawing
        The drawing; ``None`` when the slice is empty or too big to draw node by node.
    graph, positions
        The slice drawn and its positions; ``None`` with no drawing.
    graphml, gexf
        The slice with positions for Gephi (made when asked for: a second for 1,300 members); ``None``
        with no drawing.
    isolated
        Members of the slice without a partner in it (drawn in the strip below the groups).
    grouped_by, groups
        What the members are gathered by (``"group"`` for 교류회, ``"federation"``, ``"community"``;
        ``None`` for a member's neighbourhood or when nothing splits the slice) and how many groups.
    brokers
        The labelled brokers, best first.
    all_named
        Whether every member's name is drawn (else only the brokers' and the chosen member's).
    """

    members: int
    drawing: Drawing | None
    graph: nx.Graph | None = None
    positions: Mapping[object, tuple[float, float]] | None = None
    isolated: int = 0
    grouped_by: str | None = None
    groups: int = 0
    brokers: tuple[object, ...] = ()
    all_named: bool = True

    @property
    def graphml(self) -> bytes | None:
        return None if self.graph is None else graphml_bytes(self.graph, dict(self.positions or {}))

    @property
    def gexf(self) -> bytes | None:
        return None if self.graph is None else gexf_bytes(self.graph, dict(self.positions or {}))


def physics_allowed(members: int, *, limits: Limits = SETTINGS.limits) -> bool:
    """Whether a slice of ``members`` is small enough to let it settle with physics in the browser.

    Examples
    --------
    >>> physics_allowed(300), physics_allowed(301)
    (True, False)
    """
    return members <= limits.network_physics_max_nodes


def draw_slice(
    G: nx.Graph,
    metrics: pd.DataFrame | None,
    spec: Slice,
    *,
    color_by: str = "sido",
    physics: bool = False,
    engine=None,
    model=None,
    language: Language = "ko",
    limits: Limits = SETTINGS.limits,
    highlight: object | None = None,
    select: bool = False,
    brokers: int = 12,
) -> SliceView:
    """Slice, lay out and draw: what the network page shows for the choices made on it.

    A slice with no member or more than ``limits.network_max_nodes`` is not drawn.  A member's
    neighbourhood (``spec.ego``) is laid out as a whole (:func:`layout`) with every name drawn; any
    other slice group by group (:func:`choose_grouping`, :func:`grouped_layout`) with each group's
    name above it, the members without a partner in a labelled strip below, and — above 60
    members — only the ``brokers`` main brokers (:func:`top_brokers`) and the ``highlight`` member
    labelled.  ``highlight`` (the chosen member; the ego by default) is drawn larger with a red
    border; with ``select`` a click on a member chooses it on the app's page (:func:`network_html`).

    With a recommendation ``engine`` (:func:`network.recommend.prepare`), the top
    ``limits.network_suggested_per_member`` suggestions of the first
    ``limits.network_suggested_members`` members of the slice are drawn as dashed edges when both
    ends are in the slice, weighted as ``model`` says (:func:`network.evaluate.choose_model`; default
    :data:`network.recommend.DEFAULT_WEIGHTS`).  Physics is used only when :func:`physics_allowed`.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> view = draw_slice(G, None, Slice(ego="a"))
    >>> view.members, view.drawing.nodes, view.graphml[:5]
    (2, 2, b'<?xml')
    >>> draw_slice(G, None, Slice(), limits=Limits(network_max_nodes=2)).drawing is None
    True
    >>> G.add_node("d")
    >>> nx.set_node_attributes(G, {"a": "g1", "b": "g1", "c": "g2", "d": "g2"}, "group")
    >>> view = draw_slice(G, None, Slice(), highlight="c")
    >>> view.grouped_by, view.groups, view.isolated, view.brokers
    ('group', 2, 1, ('b',))
    """
    H = slice_graph(G, metrics, spec)
    count = H.number_of_nodes()
    if count == 0 or count > limits.network_max_nodes:
        return SliceView(count, None)
    highlight = spec.ego if highlight is None else highlight
    notes: list[Note] = []
    grouped_by: str | None = None
    groups = 0
    isolated = sum(1 for n in H if H.degree(n) == 0)
    if spec.ego is not None:
        positions = layout(H)
        labelled: Collection[object] | None = None
        chosen_brokers: list[object] = []
    else:
        grouped_by, of = choose_grouping(H, metrics)
        placed = grouped_layout(H, of or None)
        positions = placed.positions
        groups = len(placed.centres) if grouped_by else 0
        chosen_brokers = top_brokers(H, metrics, count=brokers)
        labelled = None if count <= _LABEL_ALL_MAX else ()
        if grouped_by:
            for key, (x, y) in placed.centres.items():
                name = texts.t("net.no_group", language) if key is None else (
                    texts.t("net.community", language, community=key) if grouped_by == "community" else str(key))
                notes.append(Note(name, x, round(y - placed.radii[key] - 9, 1), size=14 if count > _LARGE else 11))
        if placed.strip is not None:
            notes.append(Note(texts.t("net.isolated_strip", language, count=len(placed.isolated)),
                              placed.strip[0], placed.strip[1], size=18 if count > _LARGE else 13, colour="#333333"))
    pairs: list[tuple[object, object]] = []
    if engine is not None:
        from network import recommend

        options = recommend.Options(top=limits.network_suggested_per_member)
        weights = recommend.DEFAULT_WEIGHTS if model is None else model.weights
        table = recommend.recommend_all(engine, member_ids=list(H.nodes)[:limits.network_suggested_members],
                                        reasons=False, weights=weights,
                                        options=options if model is None else model.options(options))
        pairs = list(zip(table["member_id"], table["candidate_id"]))
    drawing = network_html(H, positions, color_by=color_by, metrics=metrics, suggested=pairs,
                           physics=physics and physics_allowed(count, limits=limits), language=language,
                           labelled=labelled, brokers=chosen_brokers, highlight=highlight if highlight in H else None,
                           notes=notes, select=select)
    return SliceView(count, drawing, H, positions, isolated=isolated, grouped_by=grouped_by, groups=groups,
                     brokers=tuple(chosen_brokers), all_named=labelled is None)


def region_view(G: nx.Graph, members: pd.DataFrame, *, language: Language = "ko"):
    """The region-level view of a graph too big to draw node by node: the 시도 network and the 시도 map.

    Returns
    -------
    (str, pydeck.Deck)
        The 시도 network as a standalone HTML page, and the 시도 map of members with arcs for the
        partnerships between 시도.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> nx.set_node_attributes(G, {"a": "11", "b": "41"}, "sido_code")
    >>> html, deck = region_view(G, pd.DataFrame({"sido_code": ["11", "41"]}))
    >>> html.startswith("<!DOCTYPE html>"), [layer.id for layer in deck.layers]
    (True, ['sido-choropleth', 'sido-choropleth-outline', 'arcs'])
    """
    from network import analysis, graph
    from network.render import map as render_map

    html = region_network_html(graph.region_graph(G, level="sido"), language=language).html
    by_sido = analysis.members_by_region(members, level="sido")
    deck, _ = render_map.coverage_map(by_sido, level="sido", metric="members",
                                      metric_label=texts.t("map.members", language),
                                      arcs=graph.region_arcs_table(G, level="sido"), height=560, language=language)
    return html, deck
