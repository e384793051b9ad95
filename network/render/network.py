"""The network drawing: slices of the member graph, fast layouts, and a safe, offline vis-network page.

vis-network (the library pyvis drives) comes from the installed ``pyvis`` package
and is inlined into a small template of our own, because pyvis' templates link
Bootstrap from a CDN in every mode and render tooltips, menus and the heading
as HTML.  Here node ids are integers, every text (labels, tooltips, legend) is
plain text, the data travels as JSON with ``<`` ``>`` ``&`` escaped, and the
template is rendered by Jinja2 with autoescaping on — so a company called
``<img src=x onerror=alert(1)>`` is shown as those characters and runs nothing.

Positions are computed in Python (igraph's Fruchterman–Reingold, or a grid of
regions for large slices) and physics is off, so thousands of nodes draw in
well under a second with no GPU; above ``Limits.network_max_nodes`` members
(:mod:`network.config`) :func:`draw_slice` draws nothing and the page shows
the region-level view (:func:`region_view`) instead.
"""

from __future__ import annotations

import io as _io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from network import texts
from network.config import SETTINGS, Limits
from network.errors import NotFoundError
from network.texts import Language

__all__ = [
    "COLOR_BY",
    "Drawing",
    "OTHER",
    "PALETTE",
    "SUGGESTED",
    "Slice",
    "SliceView",
    "draw_slice",
    "gexf_bytes",
    "graphml_bytes",
    "layout",
    "network_html",
    "physics_allowed",
    "region_network_html",
    "region_view",
    "slice_graph",
]

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"]
OTHER = "#bbbbbb"
SUGGESTED = "#e6550d"

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
    H = G.subgraph(keep).copy()
    if spec.min_degree > 0:
        H = H.subgraph([n for n, d in H.degree() if d >= spec.min_degree]).copy()
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
    import random

    import igraph

    nodes = list(G.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
    previous = random.getstate()
    try:
        random.seed(seed)  # igraph's layouts draw their start from Python's random module
        coords = np.array(g.layout_fruchterman_reingold(niter=300, grid="auto" if len(nodes) > 1000 else "nogrid")
                          .coords, dtype=float)
    finally:
        random.setstate(previous)
    if len(coords) > 1:
        coords -= np.median(coords, axis=0)
        # scale by the bulk, not the extremes: small components and isolated members that the
        # layout pushes far out are pulled in to the rim, so the main component stays readable
        scale = float(np.quantile(np.abs(coords), 0.95)) or 1.0
        coords = np.clip(coords / scale, -1.25, 1.25) * 450.0 * max(1.0, np.sqrt(len(nodes) / 300))
    return {n: (round(float(coords[i, 0]), 1), round(float(coords[i, 1]), 1)) for n, i in index.items()}


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
<html lang="ko"><head><meta charset="utf-8"><title>{{ title }}</title>
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
  window.graphNetwork = network;
})();
</script>
</body></html>
"""


def _json_for_script(value: object) -> str:
    """JSON that is safe inside a <script> element: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@dataclass(frozen=True)
class Drawing:
    """A drawn slice: the standalone HTML and what it shows."""

    html: str
    nodes: int
    edges: int
    legend: tuple[tuple[str, str], ...]


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
) -> Drawing:
    """A standalone, offline HTML page drawing ``G`` with vis-network.

    Nodes: integer ids, label = name, plain-text tooltip (name, federation, 시군구, industry, number
    of partners), colour by ``color_by`` (``sido``, ``federation``, ``industry`` or ``community``)
    with a legend, size by degree. Edges: width by weight; ``suggested`` pairs (from the
    recommendations) as dashed orange edges. Physics is off unless ``physics`` (a short
    stabilisation, for small graphs).

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
    field = "sido" if color_by == "sido" else color_by
    values = [_label_of(G, n, field, division_names, communities) for n in nodes]
    colours, legend = _colours(values)
    degree = dict(G.degree())
    node_rows = []
    for n, colour in zip(nodes, colours):
        data = G.nodes[n]
        name = str(data.get("name") or n)
        lines = [name, " · ".join(str(x) for x in (data.get("federation"), data.get("sido"), data.get("sigungu"))
                                  if x), str(data.get("industry_name") or data.get("industry") or ""),
                 texts.t("drawing.partners", language, count=degree[n])]
        x, y = positions.get(n, (0.0, 0.0))
        node_rows.append({"id": ids[n], "label": name, "title": "\n".join(line for line in lines if line),
                          "x": x, "y": y, "color": colour, "size": 6 + 3 * float(np.sqrt(degree[n]))})
    edge_rows: list[dict[str, object]] = [
        {"from": ids[u], "to": ids[v], "width": 0.6 + 0.8 * min(float(d.get("weight", 1.0) or 1.0), 5)}
        for u, v, d in G.edges(data=True)]
    for u, v in suggested:
        if u in ids and v in ids:
            edge_rows.append({"from": ids[u], "to": ids[v], "dashes": True, "color": {"color": SUGGESTED},
                              "width": 2})
    options = {
        "physics": {"enabled": bool(physics), "stabilization": {"iterations": 150}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": len(edge_rows) > 3000},
        "nodes": {"shape": "dot", "font": {"size": 11}, "borderWidth": 1},
        "edges": {"color": {"color": "#9e9e9e", "opacity": 0.6}, "smooth": False},
        "layout": {"improvedLayout": False},
    }
    from jinja2 import Environment

    js, css = _vis_assets()
    html = Environment(autoescape=True).from_string(_TEMPLATE).render(
        title=title, css=css, js=js, height=height, legend=legend, n_nodes=len(node_rows),
        data=_json_for_script({"nodes": node_rows, "edges": edge_rows, "options": options}))
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
    """The aggregated view: regions (시도 or federations) as nodes sized by members, partnerships as edges.

    ``region_G`` comes from :func:`network.graph.region_graph`; 시도 nodes are placed on their map
    position, federations in a circle.

    Examples
    --------
    >>> R = nx.Graph()
    >>> R.add_node("11", name="서울특별시", members=10)
    >>> R.add_node("41", name="경기도", members=20)
    >>> R.add_edge("11", "41", partnerships=5, weight=5.0)
    >>> region_network_html(R).nodes
    2
    """
    from network.render.map import _sido_points

    points = _sido_points()
    positions = {}
    nodes = list(region_G.nodes)
    for i, n in enumerate(nodes):
        if n in points:
            lat, lon = points[n]
            positions[n] = (round((lon - 127.8) * 260, 1), round(-(lat - 36.0) * 320, 1))
        else:
            angle = 2 * np.pi * i / max(len(nodes), 1)
            positions[n] = (round(400 * np.cos(angle), 1), round(400 * np.sin(angle), 1))
    top = max([d.get("partnerships", 0) for u, v, d in region_G.edges(data=True) if u != v] or [1])
    H: nx.Graph = nx.Graph()
    for n, data in region_G.nodes(data=True):
        H.add_node(n, name=f"{data.get('name', n)} ({int(data.get('members', 0)):,})")
    for u, v, data in region_G.edges(data=True):
        if u != v:
            H.add_edge(u, v, weight=1 + 4 * data.get("partnerships", 0) / top)
    drawing = network_html(H, positions, color_by="sido", height=height, language=language, title="regions")
    return drawing


@dataclass(frozen=True)
class SliceView:
    """A slice as the network page shows it (see :func:`draw_slice`).

    Attributes
    ----------
    members
        Members in the slice.
    drawing
        The drawing; ``None`` when the slice is empty or too big to draw node by node.
    graphml, gexf
        The slice with positions for Gephi; ``None`` with no drawing.
    """

    members: int
    drawing: Drawing | None
    graphml: bytes | None
    gexf: bytes | None


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
) -> SliceView:
    """Slice, lay out and draw: what the network page shows for the choices made on it.

    A slice with no member or more than ``limits.network_max_nodes`` is not drawn.  With a
    recommendation ``engine`` (:func:`network.recommend.prepare`), the top
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
    """
    H = slice_graph(G, metrics, spec)
    count = H.number_of_nodes()
    if count == 0 or count > limits.network_max_nodes:
        return SliceView(count, None, None, None)
    positions = layout(H)
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
                           physics=physics and physics_allowed(count, limits=limits), language=language)
    return SliceView(count, drawing, graphml_bytes(H, positions), gexf_bytes(H, positions))


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
    (True, ['sido-choropleth', 'arcs'])
    """
    from network import analysis, graph
    from network.render import map as render_map

    html = region_network_html(graph.region_graph(G, level="sido"), language=language).html
    by_sido = analysis.members_by_region(members, level="sido")
    deck, _ = render_map.coverage_map(by_sido, level="sido", metric="members",
                                      metric_label=texts.t("map.members", language),
                                      arcs=graph.region_arcs_table(G, level="sido"), height=560, language=language)
    return html, deck
