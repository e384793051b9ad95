"""Maps that draw with no internet: pydeck layers over the committed boundary GeoJSON.

Functions build and return objects (a ``pydeck.Deck`` and a legend table);
the app only displays them.  No basemap is used: ``map_provider=None`` with no
``map_style`` makes deck.gl draw only our layers, so nothing is fetched from
a tile or style server (``map_style=None`` alone still fetches a Carto style).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from network import regions, texts
from network.texts import Language

__all__ = [
    "Legend",
    "NOT_VISITED",
    "NO_DATA",
    "OFFICE",
    "PALETTE",
    "SITE",
    "VISITED",
    "class_breaks",
    "coverage_map",
    "meeting_map",
    "partners_map",
    "region_choropleth",
]

#: Sequential palette (light → dark blue-green), RGB.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (237, 248, 177), (161, 218, 180), (65, 182, 196), (44, 127, 184), (37, 52, 148),
)
NO_DATA = (220, 220, 220)


@dataclass(frozen=True)
class Legend:
    """Class breaks of a choropleth: one row per class with its colour and range."""

    table: pd.DataFrame  # columns: color (hex), lower, upper, label

    def html(self, title: str) -> str:
        """A small HTML legend (plain inline styles; no external resources)."""
        items = "".join(
            f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
            f'<span style="width:14px;height:14px;background:{row.color};display:inline-block;'
            f'border:1px solid #888"></span><span>{_escape(row.label)}</span></div>'
            for row in self.table.itertuples()
        )
        return f'<div style="font-size:0.85rem"><b>{_escape(title)}</b>{items}</div>'


def _escape(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


@cache
def _deck_class():
    """``pydeck.Deck`` whose JSON is compact: pydeck indents by 2, which more than quadruples what
    Streamlit sends to the browser for boundary polygons (4.3 MB instead of 1 MB for the 시군구)."""
    import pydeck as pdk
    from pydeck.bindings.json_tools import default_serialize

    class CompactDeck(pdk.Deck):
        def to_json(self) -> str:
            return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"),
                              ensure_ascii=False)

    return CompactDeck


@cache
def _boundaries(level: str) -> str:
    return regions.boundaries_path(level).read_text(encoding="utf-8")


def class_breaks(values: pd.Series, *, classes: int = 5) -> np.ndarray:
    """Quantile class breaks (unique, rounded to readable numbers) for ``values``.

    Returns the inner breaks: a value ``v`` falls in class ``searchsorted(breaks, v, side="right")``.

    Examples
    --------
    >>> class_breaks(pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), classes=5).tolist()
    [2.8, 4.6, 6.4, 8.2]
    """
    finite = values[np.isfinite(values.astype(float))].astype(float)
    if finite.empty or finite.nunique() == 1:
        return np.array([])
    qs = np.quantile(finite, np.linspace(0, 1, classes + 1)[1:-1])
    qs = np.array([_nice(q) for q in qs])
    return np.unique(qs[(qs > finite.min()) & (qs <= finite.max())])


def _nice(x: float) -> float:
    """Round to two significant digits (3,487 → 3,500) so legends read well."""
    if x == 0 or not np.isfinite(x):
        return float(x)
    digits = int(np.floor(np.log10(abs(x)))) - 1
    return float(round(x, -digits))


def _fmt(x: float | np.integer | np.floating) -> str:
    return f"{x:,.0f}" if abs(float(x)) >= 10 or float(x).is_integer() else f"{x:,.2g}"


def _legend(breaks: np.ndarray, lo: float, hi: float) -> Legend:
    edges = [lo, *breaks.tolist(), hi]
    rows = []
    for k in range(len(edges) - 1):
        color = PALETTE[_palette_index(k, len(edges) - 1)]
        rows.append({"color": "#%02x%02x%02x" % color, "lower": edges[k], "upper": edges[k + 1],
                     "label": f"{_fmt(edges[k])} – {_fmt(edges[k + 1])}"})
    return Legend(pd.DataFrame(rows))


def _palette_index(k: int, n: int) -> int:
    return k if n == len(PALETTE) else int(round(k * (len(PALETTE) - 1) / max(n - 1, 1)))


def _choropleth_features(df_values: pd.DataFrame, *, level: str, value_column: str, value_label: str,
                         extra_tooltip: dict[str, str] | None = None, sido_code: str | None = None,
                         boundaries: str | None = None) -> tuple[dict, Legend]:
    """Boundary features of ``level`` coloured by ``value_column`` (class breaks → palette), with tooltip text.

    Each feature gets ``fill``, ``name``, ``value_text``, the ``extra_tooltip`` columns and ``tip``
    (the whole tooltip as escaped HTML). With ``sido_code`` only that 시도's features are kept.
    ``boundaries`` is GeoJSON text of the level's polygons to draw instead of the bundled ones.
    """
    if level not in ("sido", "sigungu"):
        raise ValueError(f"level was {level!r} but is expected to be in ['sido', 'sigungu']")
    key = f"{level}_code"
    if key not in df_values.columns or value_column not in df_values.columns:
        raise ValueError(f"df_values needs the columns {key!r} and {value_column!r}; has {list(df_values.columns)}")
    collection = json.loads(boundaries if boundaries is not None else _boundaries(level))
    if sido_code is not None:
        collection["features"] = [f for f in collection["features"] if f["properties"]["sido_code"] == sido_code]
        df_values = df_values[df_values[key].astype(str).str[:2] == sido_code] if level == "sigungu" else df_values
    values = df_values.set_index(key)
    series = values[value_column].astype(float)
    breaks = class_breaks(series)
    lo = float(series.min()) if series.notna().any() else 0.0
    hi = float(series.max()) if series.notna().any() else 0.0
    legend = _legend(breaks, lo, hi)
    extra_tooltip = extra_tooltip or {}
    for feature in collection["features"]:
        props = feature["properties"]
        code = props[key]
        value = series.get(code, np.nan)
        if np.isfinite(value):
            k = int(np.searchsorted(breaks, value, side="right"))
            color = PALETTE[_palette_index(k, len(breaks) + 1)]
            props["value_text"] = _fmt(value)
        else:
            color = NO_DATA
            props["value_text"] = "–"
        props["fill"] = [*color, 210]
        props["name"] = _escape(props["sido"] if level == "sido" else f'{props["sido"]} {props["sigungu"]}')
        lines = [f"<b>{props['name']}</b>", f"{_escape(value_label)}: {props['value_text']}"]
        for col, label in extra_tooltip.items():  # values may come from uploaded data: escaped (HTML tooltip)
            cell = values[col].get(code) if col in values.columns else None
            props[col] = "–" if cell is None or (isinstance(cell, float) and np.isnan(cell)) else _escape(
                _fmt(cell) if isinstance(cell, (int, float, np.integer, np.floating)) else str(cell))
            lines.append(f"{_escape(label)}: {props[col]}")
        props["tip"] = "<br/>".join(lines)
    return collection, legend


def region_choropleth(
    df_values: pd.DataFrame,
    *,
    level: str = "sido",
    value_column: str,
    value_label: str,
    extra_tooltip: dict[str, str] | None = None,
    height: int = 520,
):
    """Build a choropleth of ``value_column`` per 시도 or 시군구, with no basemap.

    Parameters
    ----------
    df_values
        One row per region with ``sido_code`` (level ``sido``) or
        ``sigungu_code`` (level ``sigungu``) and the value column.
    level
        ``"sido"`` or ``"sigungu"``.
    value_column, value_label
        The column to colour by and its label in tooltips and the legend.
    extra_tooltip
        More ``{column: label}`` pairs to show in the tooltip.

    Returns
    -------
    (pydeck.Deck, Legend)

    Examples
    --------
    >>> deck, legend = region_choropleth(pd.DataFrame({"sido_code": ["11", "41"], "members": [10, 30]}),
    ...                                 value_column="members", value_label="회원사")
    >>> deck.map_provider is None, len(deck.layers)
    (True, 1)
    """
    import pydeck as pdk

    collection, legend = _choropleth_features(df_values, level=level, value_column=value_column,
                                              value_label=value_label, extra_tooltip=extra_tooltip)
    extra_tooltip = extra_tooltip or {}
    layer = pdk.Layer(
        "GeoJsonLayer",
        data=collection,
        id=f"{level}-choropleth",
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[255, 255, 255, 255],
        line_width_min_pixels=0.6,
        auto_highlight=True,
    )
    lines = ["<b>{name}</b>", f"{_escape(value_label)}: {{value_text}}"]
    lines += [f"{_escape(label)}: {{{col}}}" for col, label in extra_tooltip.items()]
    deck = _deck_class()(
        layers=[layer],
        initial_view_state=pdk.ViewState(latitude=35.9, longitude=127.8, zoom=5.6, min_zoom=4, max_zoom=12),
        map_provider=None,
        tooltip={"html": "<br/>".join(lines), "style": {"fontSize": "13px"}},
        height=height,
    )
    return deck, legend


def _base_layer(level: str = "sido"):
    """Light grey region outlines drawn from the committed GeoJSON (the offline 'basemap')."""
    import pydeck as pdk

    return pdk.Layer("GeoJsonLayer", data=json.loads(_boundaries(level)), id=f"{level}-base", pickable=False,
                     stroked=True, filled=True, get_fill_color=[238, 238, 238, 255],
                     get_line_color=[180, 180, 180, 255], line_width_min_pixels=0.5)


def partners_map(member: dict, candidates: pd.DataFrame, *, height: int = 420):
    """A member and its suggested partners on the 시도 outlines, with lines between them.

    Parameters
    ----------
    member
        ``{"name": …, "lat": …, "lon": …}`` of the member.
    candidates
        ``candidate_name``, ``lat``, ``lon``, ``rank`` (and optionally ``km``) of the suggestions.

    Returns
    -------
    pydeck.Deck

    Examples
    --------
    >>> deck = partners_map({"name": "가", "lat": 37.5, "lon": 127.0},
    ...                     pd.DataFrame({"candidate_name": ["나"], "lat": [37.4], "lon": [127.1], "rank": [1]}))
    >>> [layer.type for layer in deck.layers]
    ['GeoJsonLayer', 'LineLayer', 'ScatterplotLayer', 'ScatterplotLayer']
    """
    import pydeck as pdk

    here = pd.DataFrame([{"label": _escape(member.get("name", "")), "lat": member.get("lat"),
                          "lon": member.get("lon")}]).dropna(subset=["lat", "lon"])
    others = candidates.dropna(subset=["lat", "lon"]).copy()
    others["label"] = [f"{int(r)}. {_escape(n)}" + (f" ({k:.0f} km)" if pd.notna(k) else "")
                       for r, n, k in zip(others["rank"], others["candidate_name"],
                                          others["km"] if "km" in others else [np.nan] * len(others))]
    if not here.empty:
        others["from_lat"], others["from_lon"] = float(here["lat"].iloc[0]), float(here["lon"].iloc[0])
    else:
        others["from_lat"], others["from_lon"] = others["lat"], others["lon"]
    points = pd.concat([here[["lat", "lon"]], others[["lat", "lon"]]])
    lat = float(points["lat"].mean()) if len(points) else 35.9
    lon = float(points["lon"].mean()) if len(points) else 127.8
    spread = float(max(points["lat"].max() - points["lat"].min(), points["lon"].max() - points["lon"].min())) \
        if len(points) > 1 else 0.5
    zoom = float(np.clip(8.5 - np.log2(max(spread, 0.05) / 0.1), 5.5, 11))
    layers = [
        _base_layer("sido"),
        pdk.Layer("LineLayer", data=others[["from_lat", "from_lon", "lat", "lon"]].to_dict("records"), id="links",
                  get_source_position="[from_lon, from_lat]", get_target_position="[lon, lat]",
                  get_color=[44, 127, 184, 160], get_width=2),
        pdk.Layer("ScatterplotLayer", data=others[["label", "lat", "lon"]].to_dict("records"), id="candidates",
                  get_position="[lon, lat]", get_fill_color=[44, 127, 184, 230], get_radius=600,
                  radius_min_pixels=5, pickable=True),
        pdk.Layer("ScatterplotLayer", data=here.to_dict("records"), id="member", get_position="[lon, lat]",
                  get_fill_color=[215, 48, 39, 255], get_radius=800, radius_min_pixels=7, pickable=True),
    ]
    return _deck_class()(layers=layers, map_provider=None, height=height,
                         initial_view_state=pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom),
                         tooltip={"html": "{label}", "style": {"fontSize": "13px"}})


def meeting_map(place: dict, invitees: pd.DataFrame, pairs: pd.DataFrame, *, radius_km: float, height: int = 480):
    """A matchmaking meeting on the 시도 outlines: the place, the travel radius, the invitees (numbered as on the
    list) and a line for each pair to introduce.

    Parameters
    ----------
    place
        ``{"name": …, "lat": …, "lon": …}`` of the meeting place.
    invitees
        ``order``, ``member_id``, ``name``, ``lat``, ``lon`` (and optionally ``km``) of the invitees.
    pairs
        ``member_id_a``, ``member_id_b`` of the pairs to introduce.
    radius_km
        The travel radius drawn around the place.

    Returns
    -------
    pydeck.Deck

    Examples
    --------
    >>> invitees = pd.DataFrame({"order": [1, 2], "member_id": ["A", "B"], "name": ["가", "나"],
    ...                          "lat": [37.3, 37.2], "lon": [127.0, 127.1], "km": [3.0, 9.0]})
    >>> deck = meeting_map({"name": "수원", "lat": 37.26, "lon": 127.03}, invitees,
    ...                    pd.DataFrame({"member_id_a": ["A"], "member_id_b": ["B"]}), radius_km=20)
    >>> [layer.id for layer in deck.layers]
    ['sido-base', 'radius', 'pairs', 'invitees', 'place']
    """
    import pydeck as pdk

    lat0, lon0 = float(place["lat"]), float(place["lon"])
    angles = np.linspace(0, 2 * np.pi, 73)
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(np.cos(np.radians(lat0)), 0.1))
    ring = [[lon0 + dlon * np.cos(a), lat0 + dlat * np.sin(a)] for a in angles]
    shown = invitees.dropna(subset=["lat", "lon"]).copy()
    shown["label"] = [f"{int(o)}. {_escape(str(n))}" + (f" ({k:.1f} km)" if pd.notna(k) else "")
                      for o, n, k in zip(shown["order"], shown["name"],
                                         shown["km"] if "km" in shown else [np.nan] * len(shown))]
    where = shown.set_index("member_id")[["lat", "lon"]]
    known = pairs["member_id_a"].isin(where.index) & pairs["member_id_b"].isin(where.index)
    a = where.loc[pairs.loc[known, "member_id_a"]].to_numpy()
    b = where.loc[pairs.loc[known, "member_id_b"]].to_numpy()
    links = [{"from_lat": x[0], "from_lon": x[1], "lat": y[0], "lon": y[1]} for x, y in zip(a, b)]
    zoom = float(np.clip(9.6 - np.log2(max(radius_km, 1.0) / 10.0), 6.0, 12.0))
    layers = [
        _base_layer("sido"),
        pdk.Layer("PolygonLayer", data=[{"polygon": ring}], id="radius", get_polygon="polygon", filled=True,
                  stroked=True, get_fill_color=[215, 48, 39, 18], get_line_color=[215, 48, 39, 160],
                  line_width_min_pixels=1),
        pdk.Layer("LineLayer", data=links, id="pairs", get_source_position="[from_lon, from_lat]",
                  get_target_position="[lon, lat]", get_color=[44, 127, 184, 150], get_width=2),
        pdk.Layer("ScatterplotLayer", data=shown[["label", "lat", "lon"]].to_dict("records"), id="invitees",
                  get_position="[lon, lat]", get_fill_color=[44, 127, 184, 235], get_radius=400,
                  radius_min_pixels=5, pickable=True),
        pdk.Layer("ScatterplotLayer", data=[{"label": _escape(str(place.get("name", ""))), "lat": lat0,
                                             "lon": lon0}], id="place", get_position="[lon, lat]",
                  get_fill_color=[215, 48, 39, 255], get_radius=700, radius_min_pixels=8, pickable=True),
    ]
    return _deck_class()(layers=layers, map_provider=None, height=height,
                         initial_view_state=pdk.ViewState(latitude=lat0, longitude=lon0, zoom=zoom),
                         tooltip={"html": "{label}", "style": {"fontSize": "13px"}})


@cache
def _sido_points() -> dict[str, tuple[float, float]]:
    """A point inside each 시도 (for arcs between regions)."""
    import shapely

    collection = json.loads(_boundaries("sido"))
    out = {}
    for feature in collection["features"]:
        point = shapely.point_on_surface(shapely.geometry.shape(feature["geometry"]))
        out[feature["properties"]["sido_code"]] = (point.y, point.x)
    return out


VISITED = (26, 152, 80)
NOT_VISITED = (215, 48, 39)
OFFICE = (33, 33, 33)
SITE = (255, 153, 0)


def coverage_map(
    coverage: pd.DataFrame,
    *,
    level: str = "sigungu",
    metric: str = "coverage",
    metric_label: str = "방문율",
    sido_code: str | None = None,
    members: pd.DataFrame | None = None,
    offices: pd.DataFrame | None = None,
    sites: pd.DataFrame | None = None,
    radius_km: float = 30.0,
    arcs: pd.DataFrame | None = None,
    basemap: bool = False,
    boundaries: str | None = None,
    language: Language = "ko",
    height: int = 600,
):
    """The outreach map: a choropleth of a coverage metric plus optional layers, drawn offline.

    Parameters
    ----------
    coverage
        A :func:`network.coverage.region_coverage_table` of ``level``.
    metric, metric_label
        Column to colour by (``coverage``, ``members``, ``visits_per_100``, ``missing_members`` …) and its label.
    sido_code
        Show only this 시도's 시군구 and zoom to it (the drill-down).
    members
        Member points: ``lat``, ``lon``, ``name``, ``visited`` (green visited / red not visited).
    offices
        Office points: ``lat``, ``lon``, ``name``.
    sites
        Planned visit sites: ``lat``, ``lon``, ``site``, ``order``, ``new_members`` — drawn with a
        ``radius_km`` circle.
    arcs
        Partnerships between 시도: ``source``, ``target`` (시도 codes), ``partnerships``.
    basemap
        Draw Carto's light basemap under the layers. It needs the internet; off by default.
    boundaries
        GeoJSON text of ``level``'s polygons to draw instead of the bundled ones
        (:meth:`network.geo.Boundaries.geojson`).
    language
        Language of the tooltips' words.

    Returns
    -------
    (pydeck.Deck, Legend)

    Examples
    --------
    >>> cov = pd.DataFrame({"sigungu_code": ["11110"], "coverage": [0.5], "members": [4]})
    >>> deck, legend = coverage_map(cov, members=pd.DataFrame({"lat": [37.57], "lon": [126.98], "name": ["가"],
    ...                                                          "visited": [True]}))
    >>> [layer.id for layer in deck.layers], deck.map_provider
    (['sigungu-choropleth', 'members'], None)
    """
    import pydeck as pdk

    words = {word: texts.t(f"map.{word}", language)
             for word in ("members", "visited", "not_visited", "office", "new_members", "partnerships")}
    collection, legend = _choropleth_features(coverage, level=level, value_column=metric, value_label=metric_label,
                                              extra_tooltip={"members": words["members"]} if metric != "members"
                                              and "members" in coverage.columns else None,
                                              sido_code=sido_code if level == "sigungu" else None,
                                              boundaries=boundaries)
    layers = [pdk.Layer("GeoJsonLayer", data=collection, id=f"{level}-choropleth", pickable=True, stroked=True,
                        filled=True, get_fill_color="properties.fill", get_line_color=[255, 255, 255, 255],
                        line_width_min_pixels=0.6, auto_highlight=True)]
    if arcs is not None and len(arcs):
        points = _sido_points()
        rows = []
        top = float(arcs["partnerships"].max())
        for a, b, count in zip(arcs["source"], arcs["target"], arcs["partnerships"]):
            if a in points and b in points and a != b:
                rows.append({"from_lat": points[a][0], "from_lon": points[a][1], "to_lat": points[b][0],
                             "to_lon": points[b][1], "width": 1 + 7 * count / top,
                             "tip": f"{_escape(words['partnerships'])}: {int(count):,}"})
        layers.append(pdk.Layer("ArcLayer", data=rows, id="arcs", get_source_position="[from_lon, from_lat]",
                                get_target_position="[to_lon, to_lat]", get_width="width",
                                get_source_color=[44, 127, 184, 180], get_target_color=[215, 48, 39, 180],
                                pickable=True))
    if members is not None and len(members):
        m = members.dropna(subset=["lat", "lon"])
        if sido_code is not None and "sido_code" in m.columns:
            m = m[m["sido_code"] == sido_code]
        visited = m["visited"].astype(bool).to_numpy() if "visited" in m.columns else np.zeros(len(m), bool)
        names = m["name"].fillna("").astype(str) if "name" in m.columns else pd.Series([""] * len(m))
        data = pd.DataFrame({
            "lat": m["lat"].round(5).to_numpy(), "lon": m["lon"].round(5).to_numpy(),
            "c": [list(VISITED if v else NOT_VISITED) for v in visited],
            "tip": [f"{_escape(n)}<br/>{words['visited'] if v else words['not_visited']}"
                    for n, v in zip(names, visited)],
        })
        layers.append(pdk.Layer("ScatterplotLayer", data=data.to_dict("records"), id="members",
                                get_position="[lon, lat]", get_fill_color="c", get_radius=300,
                                radius_min_pixels=1.5, radius_max_pixels=6, opacity=0.8, pickable=True))
    if sites is not None and len(sites):
        data = pd.DataFrame({"lat": sites["lat"].to_numpy(), "lon": sites["lon"].to_numpy(),
                             "tip": [f"{int(o)}. {_escape(s)}<br/>{_escape(words['new_members'])}: {int(n):,}"
                                     for o, s, n in zip(sites["order"], sites["site"], sites["new_members"])]})
        layers.append(pdk.Layer("ScatterplotLayer", data=data.to_dict("records"), id="site-radius",
                                get_position="[lon, lat]", get_radius=radius_km * 1000, filled=True,
                                get_fill_color=[*SITE, 40], stroked=True, get_line_color=[*SITE, 220],
                                line_width_min_pixels=1.5, pickable=False))
        layers.append(pdk.Layer("ScatterplotLayer", data=data.to_dict("records"), id="sites",
                                get_position="[lon, lat]", get_fill_color=[*SITE, 255], get_radius=1500,
                                radius_min_pixels=5, pickable=True))
    if offices is not None and len(offices):
        data = pd.DataFrame({"lat": offices["lat"].to_numpy(), "lon": offices["lon"].to_numpy(),
                             "tip": [f"{_escape(words['office'])}: {_escape(n)}" for n in offices["name"]]})
        layers.append(pdk.Layer("ScatterplotLayer", data=data.to_dict("records"), id="offices",
                                get_position="[lon, lat]", get_fill_color=[*OFFICE, 255],
                                get_line_color=[255, 255, 255, 255], stroked=True, line_width_min_pixels=1.5,
                                get_radius=1200, radius_min_pixels=5, pickable=True))
    view = pdk.ViewState(latitude=35.9, longitude=127.8, zoom=5.6, min_zoom=4, max_zoom=13)
    if sido_code is not None and collection["features"]:
        import shapely

        bounds = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in collection["features"]]).bounds
        span = max(bounds[2] - bounds[0], bounds[3] - bounds[1], 0.05)
        view = pdk.ViewState(latitude=(bounds[1] + bounds[3]) / 2, longitude=(bounds[0] + bounds[2]) / 2,
                             zoom=float(np.clip(8.6 - np.log2(span), 5.5, 11)), min_zoom=4, max_zoom=13)
    options = {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None}
    deck = _deck_class()(layers=layers, initial_view_state=view, height=height,
                         tooltip={"html": "{tip}", "style": {"fontSize": "13px"}}, **options)
    return deck, legend
