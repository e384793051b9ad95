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

from network import regions

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


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 10 or float(x).is_integer() else f"{x:,.2g}"


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

    if level not in ("sido", "sigungu"):
        raise ValueError(f"level was {level!r} but is expected to be in ['sido', 'sigungu']")
    key = f"{level}_code"
    if key not in df_values.columns or value_column not in df_values.columns:
        raise ValueError(f"df_values needs the columns {key!r} and {value_column!r}; has {list(df_values.columns)}")
    collection = json.loads(_boundaries(level))
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
        for col in extra_tooltip:  # values may come from uploaded data: escaped, the tooltip is HTML
            cell = values[col].get(code) if col in values.columns else None
            props[col] = "–" if cell is None or (isinstance(cell, float) and np.isnan(cell)) else _escape(
                _fmt(cell) if isinstance(cell, (int, float, np.number)) else str(cell))
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
