"""Maps that draw with no internet: pydeck layers over the committed boundary GeoJSON.

Functions build and return objects (a ``pydeck.Deck`` and a legend table);
the app only displays them.  No basemap is used: ``map_provider=None`` with no
``map_style`` makes deck.gl draw only our layers, so nothing is fetched from
a tile or style server (``map_style=None`` alone still fetches a Carto style).

Tooltips are plain text (``{"text": "{tip}"}``): every picked object carries its
whole tooltip as a ``tip`` string, lines separated by ``\\n``.  The browser shows
it as text, so a member called ``<script>`` is shown as written and never runs,
and no markup is ever seen (Streamlit escapes the values of an ``html`` tooltip,
which is why markup in values used to show as ``<b>…</b>``).

Regions are drawn as two layers: their fill (a ``GeoJsonLayer`` without
strokes, the one picked) and their outlines (a ``LineLayer`` of the rings'
edges, each shared border once, never picked).  In a browser without a GPU
(WebGL in software, as on many intranet PCs and virtual desktops) deck.gl's
strokes (a ``PathLayer``) cost about a second per map to draw, the segments a
third of that; and picking outlines took longer than deck.gl's 250 ms limit for
a click, so a click on a 시도 was never reported.
"""

from __future__ import annotations

import json
import math
import weakref
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from network import regions, texts
from network.render import payload
from network.texts import Language

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "Legend",
    "LABEL_FONT",
    "METRIC_UNITS",
    "MIN_DRAWN_PART_KM2",
    "NOT_VISITED",
    "NO_DATA",
    "OFFICE",
    "PALETTE",
    "SITE",
    "UNITS",
    "VISITED",
    "class_breaks",
    "coverage_map",
    "drop_islets",
    "fit_view",
    "format_value",
    "meeting_map",
    "partners_map",
    "region_choropleth",
]

#: Sequential palette (light → dark blue-green), RGB.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (237, 248, 177), (161, 218, 180), (65, 182, 196), (44, 127, 184), (37, 52, 148),
)
NO_DATA = (220, 220, 220)
#: Members visited / not visited: blue and orange (Okabe–Ito), told apart with any colour vision.
VISITED = (0, 114, 178)
NOT_VISITED = (230, 159, 0)
OFFICE = (33, 33, 33)
#: Planned sites: wine (Paul Tol's palette), unlike both member colours and the blue-green regions.
SITE = (170, 51, 119)
CONTEXT_FILL = (238, 238, 238)
CONTEXT_LINE = (150, 150, 150)
#: Fonts of the region labels, drawn by the browser from fonts on the machine (nothing is downloaded).
LABEL_FONT = '"Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", "NanumGothic", sans-serif'

#: How a number is written on a map: ``count`` 1,234; ``share`` 12.3%; ``km`` 12 km; ``days`` 45일; ``rate`` 3.4.
UNITS: tuple[str, ...] = ("count", "share", "km", "days", "rate")
#: The unit of each coverage column (any other column is a count).
METRIC_UNITS: dict[str, str] = {
    "coverage": "share", "shrunk_coverage": "share", "cumulative_coverage": "share",
    "members": "count", "visited": "count", "visits": "count", "participants": "count", "difficulties": "count",
    "missing_members": "count", "new_members": "count", "partnerships": "count",
    "visits_per_100": "rate", "median_office_km": "km", "median_km": "km", "office_km": "km", "km": "km",
    "days_since_visit": "days",
}

NATIONAL_VIEW = {"latitude": 35.9, "longitude": 127.8, "zoom": 5.6}
TOOLTIP_STYLE = {"fontSize": "13px", "lineHeight": "1.45", "backgroundColor": "#263238", "color": "#ffffff",
                 "padding": "6px 8px", "borderRadius": "4px", "maxWidth": "360px"}
#: deck.gl's world is 512 px wide at zoom 0.
_WORLD_PX = 512.0


def _tooltip() -> dict:
    """Plain-text tooltip: the picked object's ``tip``."""
    return {"text": "{tip}", "style": dict(TOOLTIP_STYLE)}


@dataclass(frozen=True)
class Legend:
    """Class breaks of a choropleth (one row per class with its colour and range) and the map's point symbols."""

    table: pd.DataFrame  # columns: color (hex), lower, upper, label
    points: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["color", "label"]))

    def html(self, title: str) -> str:
        """A small HTML legend (plain inline styles; no external resources)."""
        items = "".join(_swatch(row.color, row.label, shape="square") for row in self.table.itertuples())
        points = "".join(_swatch(row.color, row.label, shape="circle") for row in self.points.itertuples())
        more = f'<div style="margin-top:6px">{points}</div>' if points else ""
        return f'<div style="font-size:0.85rem"><b>{_escape(title)}</b>{items}{more}</div>'


def _swatch(color: str, label: str, *, shape: str) -> str:
    radius = "50%" if shape == "circle" else "0"
    return (f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
            f'<span style="width:14px;height:14px;background:{_escape(color)};display:inline-block;'
            f'border:1px solid #888;border-radius:{radius}"></span><span>{_escape(label)}</span></div>')


def _escape(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _hex(color: tuple[int, int, int]) -> str:
    return "#%02x%02x%02x" % color


_DECK_JSON: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # each deck's JSON, made once (to_json)


@cache
def _deck_class():
    """``pydeck.Deck`` whose JSON is compact: pydeck indents by 2, which more than quadruples what
    Streamlit sends to the browser for boundary polygons (4.3 MB instead of 1 MB for the 시군구)."""
    import pydeck as pdk
    from pydeck.bindings.json_tools import default_serialize

    class CompactDeck(pdk.Deck):
        def to_json(self) -> str:
            """The deck as compact JSON, made once: a map is built, then only drawn (a page may show one deck,
            cached, to every session; change it and the next ``to_json`` would not see it)."""
            text = _DECK_JSON.get(self)
            if text is None:
                text = payload.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"),
                                     ensure_ascii=False)
                _DECK_JSON[self] = text
            return text

    return CompactDeck


@cache
def _boundaries(level: str) -> str:
    return regions.boundaries_path(level).read_text(encoding="utf-8")


#: Islets smaller than this (km²) are left out of what the maps draw (never out of any lookup): the bundled
#: 시도 have 4,097 polygon parts, 3,119 of them islets under 0.02 km² holding 59% of the vertices, and drawing
#: outlines costs per vertex: a 시도 map took 2.0 s to draw in a browser without a GPU (WebGL in software, as
#: on many intranet PCs and virtual desktops), 1.4 s with them left out.  Such an islet (140 × 140 m)
#: is under a pixel on the national map; both rocks of 독도 (0.6 and 0.03 km² in the simplified boundaries)
#: are kept, and every region keeps at least its largest part.
MIN_DRAWN_PART_KM2 = 0.02


def drop_islets(collection: dict, min_km2: float = MIN_DRAWN_PART_KM2) -> dict:
    """``collection`` (GeoJSON polygons, lon/lat) without the polygon parts smaller than ``min_km2``;
    every feature keeps at least its largest part.  The features are copied, ``collection`` is unchanged.

    Examples
    --------
    >>> square = lambda x, y, d: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]
    >>> islands = {"type": "MultiPolygon", "coordinates": [square(127, 36, 0.1), square(127.5, 36, 0.0001)]}
    >>> kept = drop_islets({"type": "FeatureCollection",
    ...                     "features": [{"type": "Feature", "properties": {}, "geometry": islands}]})
    >>> len(kept["features"][0]["geometry"]["coordinates"])
    1
    """
    features = []
    for feature in collection["features"]:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            features.append(feature)
            continue
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        areas = [_ring_km2(part[0]) if part else 0.0 for part in parts]
        kept = [part for part, area in zip(parts, areas) if area >= min_km2]
        if not kept and parts:
            kept = [parts[int(np.argmax(areas))]]
        features.append({**feature, "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    return {**collection, "features": features}


def _ring_km2(ring: list) -> float:
    """The area of a lon/lat ring in km² (the shoelace formula on degrees scaled at the ring's latitude)."""
    xy = np.asarray(ring, dtype=float)
    if len(xy) < 3:
        return 0.0
    x, y = xy[:, 0], xy[:, 1]
    degrees = 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))
    return degrees * 111.32 ** 2 * math.cos(math.radians(float(y.mean())))


@cache
def _drawn_collection(level: str) -> dict:
    """The bundled boundaries as the maps draw them (:func:`drop_islets`), parsed once per process: never changed
    (use :func:`_drawn_boundaries` for a copy to fill in)."""
    return drop_islets(json.loads(_boundaries(level)))


def outline_segments(collection: dict) -> list[dict]:
    """Every edge of the polygon rings in ``collection`` once, as ``{"s": [lon, lat], "t": [lon, lat]}``: a border
    two regions share is one segment, drawn once.

    Examples
    --------
    >>> square = lambda x, y: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]
    >>> two = {"type": "FeatureCollection", "features": [
    ...     {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": square(0, 0)}},
    ...     {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": square(1, 0)}}]}
    >>> len(outline_segments(two))  # 4 + 4 edges, one of them shared
    7
    """
    seen: set[tuple[float, float, float, float]] = set()
    segments = []
    for feature in collection["features"]:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for ring in (ring for polygon in polygons for ring in polygon):
            for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:]):
                edge = (x1, y1, x2, y2) if (x1, y1) <= (x2, y2) else (x2, y2, x1, y1)
                if edge[:2] != edge[2:] and edge not in seen:
                    seen.add(edge)
                    segments.append({"s": [edge[0], edge[1]], "t": [edge[2], edge[3]]})
    return segments


@cache
def _drawn_outline(level: str) -> list[dict]:
    """:func:`outline_segments` of the boundaries the maps draw, once per process (never changed)."""
    return outline_segments(_drawn_collection(level))


def _outline_layer(segments: list[dict], *, layer_id: str, color: tuple[int, ...], width: float):
    """Region outlines as a ``LineLayer`` of ``segments`` (:func:`outline_segments`), ``width`` pixels wide and
    never picked."""
    import pydeck as pdk

    return pdk.Layer("LineLayer", data=segments, id=f"{layer_id}-outline", get_source_position="s",
                     get_target_position="t", get_color=list(color), get_width=width, pickable=False)


def _drawn_boundaries(level: str) -> dict:
    """A copy of :func:`_drawn_collection` whose features and their properties are new dicts (a map writes its
    values into them); the geometries are shared, never changed (parsing 0.8 MB of GeoJSON at every run of the
    coverage page was two thirds of the time its map took)."""
    collection = _drawn_collection(level)
    return {**collection, "features": [{**f, "properties": dict(f["properties"])} for f in collection["features"]]}


# ----------------------------------------------------------------------------
# numbers as people read them


def format_value(value: object, unit: str = "count", *, language: Language = "ko") -> str:
    """A number as a map shows it, with its unit: a tooltip line or a legend label.

    Parameters
    ----------
    value
        The number (``None`` or NaN is shown as ``–``).
    unit
        One of :data:`UNITS`: ``count`` (thousands separators, one decimal when not whole), ``share``
        (a fraction shown as a percentage with at most one decimal), ``km``, ``days`` or ``rate``
        (one decimal).
    language
        The language of the unit's word (days).

    Raises
    ------
    ValueError
        If ``unit`` is not one of :data:`UNITS`.

    Examples
    --------
    >>> format_value(0.1234, "share"), format_value(0.12, "share"), format_value(1234, "count")
    ('12.3%', '12%', '1,234')
    >>> format_value(12.4, "km"), format_value(3.46, "km"), format_value(45, "days", language="en")
    ('12 km', '3.5 km', '45 days')
    >>> format_value(None, "share")
    '–'
    """
    number = _number_text(value, unit)
    return "–" if number is None else _with_unit(number, unit, language)


def _number_text(value: object, unit: str) -> str | None:
    """The number of ``value`` written for ``unit`` without the unit (``None`` for a missing value)."""
    if unit not in UNITS:
        raise ValueError(f"unit was {unit!r} but is expected to be in {list(UNITS)}")
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(x):
        return None
    if unit == "share":
        return _trim(f"{x * 100:.1f}")
    if unit == "rate":
        return f"{x:,.1f}"
    if unit == "km":
        return f"{x:,.0f}" if abs(x) >= 10 else f"{x:.1f}"
    if unit == "days":
        return f"{x:,.0f}"
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.1f}"


def _trim(number: str) -> str:
    return number[:-2] if number.endswith(".0") else number


def _with_unit(number: str, unit: str, language: Language) -> str:
    if unit == "share":
        return f"{number}%"
    if unit == "km":
        return f"{number} km"
    if unit == "days":
        return texts.t("map.days", language, value=number)
    return number


def _range_label(lower: float, upper: float, unit: str, language: Language) -> str:
    """``10 – 20 km``: both ends as numbers, the unit once."""
    low, high = _number_text(lower, unit), _number_text(upper, unit)
    return _with_unit(f"{low} – {high}", unit, language)


# ----------------------------------------------------------------------------
# class breaks and legends


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


def _legend(breaks: np.ndarray, lo: float, hi: float, *, unit: str, language: Language) -> Legend:
    edges = [lo, *breaks.tolist(), hi]
    rows = []
    for k in range(len(edges) - 1):
        color = PALETTE[_palette_index(k, len(edges) - 1)]
        rows.append({"color": _hex(color), "lower": edges[k], "upper": edges[k + 1],
                     "label": _range_label(edges[k], edges[k + 1], unit, language)})
    return Legend(pd.DataFrame(rows))


def _palette_index(k: int, n: int) -> int:
    return k if n == len(PALETTE) else int(round(k * (len(PALETTE) - 1) / max(n - 1, 1)))


def _class_color(value: float, breaks: np.ndarray) -> tuple[int, int, int]:
    if not np.isfinite(value):
        return NO_DATA
    k = int(np.searchsorted(breaks, value, side="right"))
    return PALETTE[_palette_index(k, len(breaks) + 1)]


# ----------------------------------------------------------------------------
# region features


def _region_name(props: dict, level: str) -> str:
    return str(props["sido"]) if level == "sido" else f'{props["sido"]} {props["sigungu"]}'


def _cell_text(values: pd.DataFrame, column: str, code: str, language: Language) -> str:
    """A table cell for a tooltip: numbers with their unit, text as written, ``–`` when missing."""
    cell = values[column].get(code) if column in values.columns else None
    if cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell is pd.NA:
        return "–"
    if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(cell, bool):
        return format_value(cell, METRIC_UNITS.get(column, "count"), language=language)
    return str(cell)


def _choropleth_features(df_values: pd.DataFrame, *, level: str, value_column: str, value_label: str,
                         unit: str = "count", language: Language = "ko",
                         extra_tooltip: dict[str, str] | None = None, sido_code: str | None = None,
                         boundaries: str | None = None) -> tuple[dict, Legend]:
    """Boundary features of ``level`` coloured by ``value_column`` (class breaks → palette), with tooltip text.

    Each feature gets ``fill``, ``name``, ``value_text``, the ``extra_tooltip`` columns and ``tip``
    (the whole tooltip as plain text). With ``sido_code`` only that 시도's features are kept.
    ``boundaries`` is GeoJSON text of the level's polygons to draw instead of the bundled ones.
    """
    if level not in ("sido", "sigungu"):
        raise ValueError(f"level was {level!r} but is expected to be in ['sido', 'sigungu']")
    key = f"{level}_code"
    if key not in df_values.columns or value_column not in df_values.columns:
        raise ValueError(f"df_values needs the columns {key!r} and {value_column!r}; has {list(df_values.columns)}")
    collection = (drop_islets(json.loads(boundaries)) if boundaries is not None
                  else _drawn_boundaries(level))
    if sido_code is not None:
        collection["features"] = [f for f in collection["features"]
                                  if str(f["properties"].get("sido_code")) == sido_code]
        df_values = df_values[df_values[key].astype(str).str[:2] == sido_code]
    values = df_values.set_index(key)
    series = values[value_column].astype(float)
    breaks = class_breaks(series)
    lo = float(series.min()) if series.notna().any() else 0.0
    hi = float(series.max()) if series.notna().any() else 0.0
    legend = _legend(breaks, lo, hi, unit=unit, language=language)
    extra_tooltip = extra_tooltip or {}
    for feature in collection["features"]:
        props = feature["properties"]
        code = props[key]
        value = float(series.get(code, np.nan))
        props["fill"] = [*_class_color(value, breaks), 210]
        props["value_text"] = format_value(value, unit, language=language)
        props["name"] = _region_name(props, level)
        lines = [props["name"], f"{value_label}: {props['value_text']}"]
        for col, label in extra_tooltip.items():
            props[col] = _cell_text(values, col, code, language)
            lines.append(f"{label}: {props[col]}")
        props["tip"] = "\n".join(lines)
    return collection, legend


def _region_layers(collection: dict, *, layer_id: str, fill: object = "properties.fill",
                   line: tuple[int, ...] = (255, 255, 255, 255), line_width: float = 0.6) -> list:
    """Regions as their fill (a GeoJSON layer, ``layer_id``, picked, with no highlight on hover) and their
    outlines (:func:`_outline_layer`, never picked).

    Both keep a click quick enough to count where the browser draws without a GPU: picking the outlines took
    about a second, and a highlight redraws the whole map on every hover, between the press and the release."""
    import pydeck as pdk

    return [pdk.Layer("GeoJsonLayer", data=collection, id=layer_id, pickable=True, stroked=False, filled=True,
                      get_fill_color=fill, auto_highlight=False),
            _outline_layer(outline_segments(collection), layer_id=layer_id, color=line, width=line_width)]


def region_choropleth(
    df_values: pd.DataFrame,
    *,
    level: str = "sido",
    value_column: str,
    value_label: str,
    unit: str | None = None,
    extra_tooltip: dict[str, str] | None = None,
    language: Language = "ko",
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
    unit
        How the values are written (:data:`UNITS`); by default the column's unit in
        :data:`METRIC_UNITS`, else ``count``.
    extra_tooltip
        More ``{column: label}`` pairs to show in the tooltip.
    language
        Language of the units' words.

    Returns
    -------
    (pydeck.Deck, Legend)

    Examples
    --------
    >>> deck, legend = region_choropleth(pd.DataFrame({"sido_code": ["11", "41"], "members": [10, 30]}),
    ...                                 value_column="members", value_label="회원사")
    >>> deck.map_provider is None, len(deck.layers), deck._tooltip["text"]
    (True, 2, '{tip}')
    >>> next(f for f in deck.layers[0].data["features"] if f["properties"]["sido_code"] == "41")["properties"]["tip"]
    '경기도\\n회원사: 30'
    """
    unit = unit or METRIC_UNITS.get(value_column, "count")
    collection, legend = _choropleth_features(df_values, level=level, value_column=value_column,
                                              value_label=value_label, unit=unit, language=language,
                                              extra_tooltip=extra_tooltip)
    deck = _deck_class()(layers=_region_layers(collection, layer_id=f"{level}-choropleth"),
                         initial_view_state=_view_state(NATIONAL_VIEW, max_zoom=12), map_provider=None,
                         tooltip=_tooltip(), height=height)
    return deck, legend


def _view_state(view: dict[str, float], *, max_zoom: float = 13):
    import pydeck as pdk

    return pdk.ViewState(latitude=view["latitude"], longitude=view["longitude"], zoom=view["zoom"], min_zoom=4,
                         max_zoom=max_zoom)


def _base_layers(level: str = "sido") -> list:
    """Light grey regions with their outlines, drawn from the committed GeoJSON (the offline 'basemap')."""
    import pydeck as pdk

    return [pdk.Layer("GeoJsonLayer", data=_drawn_boundaries(level), id=f"{level}-base", pickable=False,
                      stroked=False, filled=True, get_fill_color=[238, 238, 238, 255]),
            _outline_layer(_drawn_outline(level), layer_id=f"{level}-base", color=(180, 180, 180, 255), width=0.5)]


# ----------------------------------------------------------------------------
# fitting the view


def _mercator_y(lat: float) -> float:
    """Web Mercator y of ``lat`` as a fraction of the world (0 at the top, 1 at the bottom)."""
    phi = math.radians(max(min(lat, 85.0511), -85.0511))
    return (1 - math.log(math.tan(math.pi / 4 + phi / 2)) / math.pi) / 2


def _latitude(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))


def fit_view(bounds: tuple[float, float, float, float], *, width: int = 900, height: int = 600,
             padding: float = 0.05) -> dict[str, float]:
    """The centre and zoom at which a ``width`` × ``height`` px map shows ``bounds`` whole, as large as fits.

    Computed in Web Mercator as deck.gl draws it (the world is 512 px wide at zoom 0).

    Parameters
    ----------
    bounds
        ``(west, south, east, north)`` in degrees (WGS84), e.g. ``shapely``'s ``bounds``.
    width, height
        The map's size in px (the app's map is about 900 px wide and 600 px high).
    padding
        The share of each side left free around ``bounds``.

    Returns
    -------
    dict
        ``latitude``, ``longitude`` and ``zoom`` (deck.gl's ``initialViewState``).

    Examples
    --------
    One degree of latitude at 37.5° N is 1/cos(37.5°) = 1.26 times as tall as a degree of longitude is wide,
    so the height decides: the world is 360 × 0.7934 = 285.6 such squares, zoom log2(285.6) = 8.158.

    >>> fit_view((126.0, 37.0, 127.0, 38.0), width=512, height=512, padding=0)
    {'latitude': 37.50167, 'longitude': 126.5, 'zoom': 8.158}
    """
    west, south, east, north = (float(b) for b in bounds)
    span_x = max((east - west) / 360.0, 1e-9)
    top, bottom = _mercator_y(north), _mercator_y(south)
    span_y = max(bottom - top, 1e-9)
    usable = max(1.0 - 2 * padding, 0.1)
    zoom = math.log2(min(width * usable / (_WORLD_PX * span_x), height * usable / (_WORLD_PX * span_y)))
    return {"latitude": round(_latitude((top + bottom) / 2), 5), "longitude": round((west + east) / 2, 5),
            "zoom": round(min(max(zoom, 1.0), 20.0), 3)}


# ----------------------------------------------------------------------------
# partners and meetings


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
        Its tooltip is plain text: names are shown as written.

    Examples
    --------
    >>> deck = partners_map({"name": "가", "lat": 37.5, "lon": 127.0},
    ...                     pd.DataFrame({"candidate_name": ["나"], "lat": [37.4], "lon": [127.1], "rank": [1],
    ...                                   "km": [14.2]}))
    >>> [layer.id for layer in deck.layers], deck.layers[3].data[0]["tip"]
    (['sido-base', 'sido-base-outline', 'links', 'candidates', 'member'], '1. 나 (14 km)')
    """
    import pydeck as pdk

    here = pd.DataFrame([{"tip": str(member.get("name", "")), "lat": member.get("lat"),
                          "lon": member.get("lon")}]).dropna(subset=["lat", "lon"])
    others = candidates.dropna(subset=["lat", "lon"]).copy()
    km = others["km"] if "km" in others else pd.Series(np.nan, index=others.index)
    others["tip"] = [f"{int(r)}. {n}" + (f" ({format_value(k, 'km')})" if pd.notna(k) else "")
                     for r, n, k in zip(others["rank"], others["candidate_name"], km)]
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
        *_base_layers("sido"),
        pdk.Layer("LineLayer", data=others[["from_lat", "from_lon", "lat", "lon"]].to_dict("records"), id="links",
                  get_source_position="[from_lon, from_lat]", get_target_position="[lon, lat]",
                  get_color=[44, 127, 184, 160], get_width=2),
        pdk.Layer("ScatterplotLayer", data=others[["tip", "lat", "lon"]].to_dict("records"), id="candidates",
                  get_position="[lon, lat]", get_fill_color=[44, 127, 184, 230], get_radius=600,
                  radius_min_pixels=5, pickable=True),
        pdk.Layer("ScatterplotLayer", data=here.to_dict("records"), id="member", get_position="[lon, lat]",
                  get_fill_color=[215, 48, 39, 255], get_radius=800, radius_min_pixels=7, pickable=True),
    ]
    return _deck_class()(layers=layers, map_provider=None, height=height,
                         initial_view_state=pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom),
                         tooltip=_tooltip())


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
        Its tooltip is plain text: names are shown as written.

    Examples
    --------
    >>> invitees = pd.DataFrame({"order": [1, 2], "member_id": ["A", "B"], "name": ["가", "나"],
    ...                          "lat": [37.3, 37.2], "lon": [127.0, 127.1], "km": [3.0, 9.0]})
    >>> deck = meeting_map({"name": "수원", "lat": 37.26, "lon": 127.03}, invitees,
    ...                    pd.DataFrame({"member_id_a": ["A"], "member_id_b": ["B"]}), radius_km=20)
    >>> [layer.id for layer in deck.layers], deck.layers[5].data[0]["tip"]
    (['sido-base', 'sido-base-outline', 'radius', 'radius-outline', 'pairs', 'invitees', 'place'], '1. 가 (3.0 km)')
    """
    import pydeck as pdk

    lat0, lon0 = float(place["lat"]), float(place["lon"])
    angles = np.linspace(0, 2 * np.pi, 73)
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(np.cos(np.radians(lat0)), 0.1))
    ring = [[lon0 + dlon * np.cos(a), lat0 + dlat * np.sin(a)] for a in angles]
    shown = invitees.dropna(subset=["lat", "lon"]).copy()
    km = shown["km"] if "km" in shown else pd.Series(np.nan, index=shown.index)
    shown["tip"] = [f"{int(o)}. {n}" + (f" ({format_value(k, 'km')})" if pd.notna(k) else "")
                    for o, n, k in zip(shown["order"], shown["name"], km)]
    where = shown.set_index("member_id")[["lat", "lon"]]
    known = pairs["member_id_a"].isin(where.index) & pairs["member_id_b"].isin(where.index)
    a = where.loc[pairs.loc[known, "member_id_a"]].to_numpy()
    b = where.loc[pairs.loc[known, "member_id_b"]].to_numpy()
    links = [{"from_lat": x[0], "from_lon": x[1], "lat": y[0], "lon": y[1]} for x, y in zip(a, b)]
    zoom = float(np.clip(9.6 - np.log2(max(radius_km, 1.0) / 10.0), 6.0, 12.0))
    radius = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
    layers = [
        *_base_layers("sido"),
        pdk.Layer("PolygonLayer", data=[{"polygon": ring}], id="radius", get_polygon="polygon", filled=True,
                  stroked=False, get_fill_color=[215, 48, 39, 18]),
        _outline_layer(outline_segments({"features": [radius]}), layer_id="radius", color=(215, 48, 39, 160),
                       width=1),
        pdk.Layer("LineLayer", data=links, id="pairs", get_source_position="[from_lon, from_lat]",
                  get_target_position="[lon, lat]", get_color=[44, 127, 184, 150], get_width=2),
        pdk.Layer("ScatterplotLayer", data=shown[["tip", "lat", "lon"]].to_dict("records"), id="invitees",
                  get_position="[lon, lat]", get_fill_color=[44, 127, 184, 235], get_radius=400,
                  radius_min_pixels=5, pickable=True),
        pdk.Layer("ScatterplotLayer", data=[{"tip": str(place.get("name", "")), "lat": lat0, "lon": lon0}],
                  id="place", get_position="[lon, lat]", get_fill_color=[215, 48, 39, 255], get_radius=700,
                  radius_min_pixels=8, pickable=True),
    ]
    return _deck_class()(layers=layers, map_provider=None, height=height,
                         initial_view_state=pdk.ViewState(latitude=lat0, longitude=lon0, zoom=zoom),
                         tooltip=_tooltip())


# ----------------------------------------------------------------------------
# the coverage map


@cache
def _sido_shapes() -> dict[str, BaseGeometry]:
    """Each 시도's polygon (shapely), from the bundled boundaries."""
    import shapely

    collection = json.loads(_boundaries("sido"))
    return {f["properties"]["sido_code"]: shapely.geometry.shape(f["geometry"]) for f in collection["features"]}


@cache
def _sido_points() -> dict[str, tuple[float, float]]:
    """A point inside each 시도 (for arcs between regions)."""
    import shapely

    return {code: (point.y, point.x) for code, point in
            ((code, shapely.point_on_surface(shape)) for code, shape in _sido_shapes().items())}


@cache
def _sido_names() -> dict[str, str]:
    return {f["properties"]["sido_code"]: f["properties"]["sido"] for f in json.loads(_boundaries("sido"))["features"]}


def _sido_codes_of(df: pd.DataFrame) -> pd.Series | None:
    """Each row's 시도 code from ``sido_code`` or the first two digits of ``sigungu_code`` (``None``: neither)."""
    for column, width in (("sido_code", None), ("sigungu_code", 2)):
        if column in df.columns:
            codes = df[column].astype("string")
            return codes.str[:width] if width else codes
    return None


def _in_sido(df: pd.DataFrame, sido_code: str, shape: BaseGeometry | None) -> pd.DataFrame:
    """The rows of ``df`` that belong to the 시도: by their region code, or where it is unknown, by their point."""
    import shapely

    codes = _sido_codes_of(df)
    lat = pd.to_numeric(df["lat"], errors="coerce").to_numpy(float)
    lon = pd.to_numeric(df["lon"], errors="coerce").to_numpy(float)
    inside = np.asarray(shapely.contains_xy(shape, lon, lat), dtype=bool) if shape is not None \
        else np.zeros(len(df), dtype=bool)
    if codes is None:
        return df[inside]
    known = codes.notna().to_numpy()
    return df[np.where(known, (codes == sido_code).fillna(False).to_numpy(bool), inside)]


def _member_layer(members: pd.DataFrame, words: dict[str, str]):
    import pydeck as pdk

    m = members.dropna(subset=["lat", "lon"])
    visited = m["visited"].astype(bool).to_numpy() if "visited" in m.columns else np.zeros(len(m), bool)
    names = m["name"].fillna("").astype(str).to_numpy() if "name" in m.columns else [""] * len(m)
    data = pd.DataFrame({
        "lat": m["lat"].astype(float).round(5).to_numpy(), "lon": m["lon"].astype(float).round(5).to_numpy(),
        "c": [list(VISITED if v else NOT_VISITED) for v in visited],
        "tip": [f"{n}\n{words['visited'] if v else words['not_visited']}" for n, v in zip(names, visited)],
    })
    return pdk.Layer("ScatterplotLayer", data=data.to_dict("records"), id="members", get_position="[lon, lat]",
                     get_fill_color="c", get_radius=300, radius_min_pixels=2, radius_max_pixels=6, stroked=True,
                     get_line_color=[255, 255, 255, 200], line_width_min_pixels=0.5, opacity=0.9, pickable=True)


def _site_layers(sites: pd.DataFrame, radius_km: float, words: dict[str, str], language: Language) -> list:
    import pydeck as pdk

    radius = texts.t("map.radius", language, km=_number_text(radius_km, "km"))
    data = pd.DataFrame({"lat": sites["lat"].to_numpy(), "lon": sites["lon"].to_numpy(),
                         "tip": [f"{int(o)}. {s}\n{words['new_members']}: {format_value(n, 'count')}\n{radius}"
                                 for o, s, n in zip(sites["order"], sites["site"], sites["new_members"])]})
    records = data.to_dict("records")
    return [pdk.Layer("ScatterplotLayer", data=records, id="site-radius", get_position="[lon, lat]",
                      get_radius=radius_km * 1000, filled=True, get_fill_color=[*SITE, 35], stroked=True,
                      get_line_color=[*SITE, 220], line_width_min_pixels=1.5, pickable=False),
            pdk.Layer("ScatterplotLayer", data=records, id="sites", get_position="[lon, lat]",
                      get_fill_color=[*SITE, 255], get_radius=1500, radius_min_pixels=5, stroked=True,
                      get_line_color=[255, 255, 255, 255], line_width_min_pixels=1, pickable=True)]


def _office_layer(offices: pd.DataFrame, words: dict[str, str]):
    import pydeck as pdk

    data = pd.DataFrame({"lat": offices["lat"].to_numpy(), "lon": offices["lon"].to_numpy(),
                         "tip": [f"{words['office']}: {n}" for n in offices["name"]]}).dropna(subset=["lat", "lon"])
    return pdk.Layer("ScatterplotLayer", data=data.to_dict("records"), id="offices", get_position="[lon, lat]",
                     get_fill_color=[*OFFICE, 255], get_line_color=[255, 255, 255, 255], stroked=True,
                     line_width_min_pixels=1.5, get_radius=1200, radius_min_pixels=5, pickable=True)


def _arc_layer(arcs: pd.DataFrame, words: dict[str, str], sido_code: str | None):
    import pydeck as pdk

    points, names = _sido_points(), _sido_names()
    top = float(arcs["partnerships"].max())
    rows = []
    for a, b, count in zip(arcs["source"], arcs["target"], arcs["partnerships"]):
        if a in points and b in points and a != b and sido_code in (None, a, b):
            rows.append({"from_lat": points[a][0], "from_lon": points[a][1], "to_lat": points[b][0],
                         "to_lon": points[b][1], "width": 1 + 7 * count / top,
                         "tip": f"{names[a]} — {names[b]}\n{words['partnerships']}: {format_value(count, 'count')}"})
    return pdk.Layer("ArcLayer", data=rows, id="arcs", get_source_position="[from_lon, from_lat]",
                     get_target_position="[to_lon, to_lat]", get_width="width",
                     get_source_color=[44, 127, 184, 180], get_target_color=[215, 48, 39, 180], pickable=True)


def _context_layers(sido_code: str, language: Language) -> list:
    """The other 시도 as grey outlines around the chosen one; hovering names them, a click can drill into them."""
    collection = _drawn_boundaries("sido")
    hint = texts.t("map.click_to_drill", language)
    collection["features"] = [f for f in collection["features"] if f["properties"]["sido_code"] != sido_code]
    for feature in collection["features"]:
        feature["properties"]["tip"] = f"{feature['properties']['sido']}\n{hint}"
    return _region_layers(collection, layer_id="sido-context", fill=[*CONTEXT_FILL, 255],
                          line=(*CONTEXT_LINE, 255), line_width=1.0)


def _main_land_bounds(collection: dict) -> tuple[float, float, float, float]:
    """The bounds of every region's largest polygon: an outlying islet (독도, 추자도) does not shrink the view,
    while every region, islands such as 울릉군 included, stays in it."""
    import shapely

    def largest(geometry: BaseGeometry) -> BaseGeometry:
        return max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)

    parts = [largest(shapely.geometry.shape(f["geometry"])) for f in collection["features"]]
    return shapely.union_all(parts).bounds


def _label_points(collection: dict, level: str) -> list[dict]:
    """One label per region, at a point inside it: the 시군구's own name (``영통구``), or the 시도's."""
    import shapely

    rows = []
    for feature in collection["features"]:
        props = feature["properties"]
        name = str(props["sido"] if level == "sido" else props["sigungu"]).split()[-1]
        point = shapely.point_on_surface(shapely.geometry.shape(feature["geometry"]))
        rows.append({"label": name, "lat": round(point.y, 5), "lon": round(point.x, 5)})
    return rows


def _label_layer(collection: dict, level: str):
    """Region names as a deck.gl TextLayer: its font atlas is drawn by the browser from :data:`LABEL_FONT`
    (fonts on the machine; nothing is downloaded) with exactly the labels' characters (Korean included)."""
    import pydeck as pdk

    rows = _label_points(collection, level)
    characters = "".join(sorted({ch for row in rows for ch in row["label"]} - {"'"}))
    # pydeck reads a bare string as a JavaScript expression; quoted, it is passed as the string itself
    return pdk.Layer("TextLayer", data=rows, id="labels", get_position="[lon, lat]", get_text="label",
                     get_size=13, size_units="'pixels'", get_color=[30, 30, 30, 255],
                     font_family=f"'{LABEL_FONT}'", character_set=f"'{characters}'",
                     font_settings={"sdf": True, "fontSize": 48, "buffer": 6}, outline_width=3,
                     outline_color=[255, 255, 255, 235], pickable=False)


def _point_legend(words: dict[str, str], *, members: bool, offices: bool, sites: bool, arcs: bool,
                  radius_km: float, language: Language) -> pd.DataFrame:
    rows = []
    if members:
        rows += [(_hex(VISITED), words["visited"]), (_hex(NOT_VISITED), words["not_visited"])]
    if offices:
        rows.append((_hex(OFFICE), words["office"]))
    if sites:
        rows.append((_hex(SITE), texts.t("map.site_radius", language, km=_number_text(radius_km, "km"))))
    if arcs:
        rows.append(("#2c7fb8", texts.t("map.arcs_width", language)))
    return pd.DataFrame(rows, columns=["color", "label"])


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
    width: int = 900,
):
    """The outreach map: a choropleth of a coverage metric plus optional layers, drawn offline.

    Parameters
    ----------
    coverage
        A :func:`network.coverage.region_coverage_table` of ``level``.
    metric, metric_label
        Column to colour by (``coverage``, ``members``, ``visits_per_100``, ``missing_members`` …) and its label;
        values are written with the column's unit (:data:`METRIC_UNITS`: ``12.3%``, ``12 km``, ``45일``).
    sido_code
        The drill-down: only this 시도's regions are coloured and named (a text layer), the other 시도 are
        grey outlines around it, only the points and arcs that belong to it are kept, and the view is fitted
        to it (:func:`fit_view` on each region's largest polygon: an outlying islet such as 독도 is drawn but
        does not shrink the map).
    members
        Member points: ``lat``, ``lon``, ``name``, ``visited`` (blue visited / orange not visited), and
        ``sido_code`` or ``sigungu_code`` for the drill-down.
    offices
        Office points: ``lat``, ``lon``, ``name`` (and ``sido_code``).
    sites
        Planned visit sites: ``lat``, ``lon``, ``site``, ``order``, ``new_members`` (and ``sigungu_code``) —
        drawn with a ``radius_km`` circle.
    arcs
        Partnerships between 시도: ``source``, ``target`` (시도 codes), ``partnerships``.
    basemap
        Draw Carto's light basemap under the layers. It needs the internet; off by default.
    boundaries
        GeoJSON text of ``level``'s polygons to draw instead of the bundled ones
        (:meth:`network.geo.Boundaries.geojson`).  Like the bundled ones, they are drawn without the islets
        under :data:`MIN_DRAWN_PART_KM2` (:func:`drop_islets`).
    language
        Language of the tooltips' and the legend's words.
    height, width
        The map's size in px (``width`` only for fitting the drill-down's view).

    Returns
    -------
    (pydeck.Deck, Legend)
        Every pickable object has a plain-text ``tip``; the legend has the classes and the point symbols.

    Examples
    --------
    >>> cov = pd.DataFrame({"sigungu_code": ["11110"], "coverage": [0.5], "members": [4]})
    >>> deck, legend = coverage_map(cov, members=pd.DataFrame({"lat": [37.57], "lon": [126.98], "name": ["가"],
    ...                                                          "visited": [True]}))
    >>> [layer.id for layer in deck.layers], deck.map_provider
    (['sigungu-choropleth', 'sigungu-choropleth-outline', 'members'], None)
    >>> deck, _ = coverage_map(cov, sido_code="11")
    >>> [layer.id for layer in deck.layers]
    ['sido-context', 'sido-context-outline', 'sigungu-choropleth', 'sigungu-choropleth-outline', 'labels']
    """
    words = {word: texts.t(f"map.{word}", language) for word in
             ("members", "visited", "not_visited", "office", "new_members", "partnerships", "coverage")}
    extra = {c: words[c] for c in ("coverage", "members") if c != metric and c in coverage.columns}
    collection, legend = _choropleth_features(coverage, level=level, value_column=metric, value_label=metric_label,
                                              unit=METRIC_UNITS.get(metric, "count"), language=language,
                                              extra_tooltip=extra, sido_code=sido_code, boundaries=boundaries)
    shape = _sido_shapes().get(sido_code) if sido_code is not None else None
    def keep(df: pd.DataFrame) -> pd.DataFrame:
        return df if sido_code is None else _in_sido(df, sido_code, shape)

    layers = _context_layers(sido_code, language) if sido_code is not None else []
    layers += _region_layers(collection, layer_id=f"{level}-choropleth")
    arcs, members, sites, offices = (df if df is not None and len(df) else None for df in (arcs, members, sites, offices))
    if arcs is not None:
        layers.append(_arc_layer(arcs, words, sido_code))
    if members is not None:
        layers.append(_member_layer(keep(members.dropna(subset=["lat", "lon"])), words))
    if sites is not None:
        layers += _site_layers(keep(sites), radius_km, words, language)
    if offices is not None:
        layers.append(_office_layer(keep(offices.dropna(subset=["lat", "lon"])), words))
    if sido_code is not None and collection["features"]:
        layers.append(_label_layer(collection, level))
    view = NATIONAL_VIEW
    if sido_code is not None and collection["features"]:
        view = fit_view(_main_land_bounds(collection), width=width, height=height)
    options = {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None}
    deck = _deck_class()(layers=layers, initial_view_state=_view_state(view), height=height, tooltip=_tooltip(),
                         **options)
    points = _point_legend(words, members=members is not None, offices=offices is not None,
                           sites=sites is not None, arcs=arcs is not None, radius_km=radius_km, language=language)
    return deck, Legend(legend.table, points)
