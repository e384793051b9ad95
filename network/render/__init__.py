"""Rendering: objects people look at, built and returned, never shown here (the app displays them).

* :mod:`network.render.map` — maps that draw with no internet (pydeck, no basemap);
* :mod:`network.render.chart` — charts (Altair / Vega-Lite, bundled with Streamlit);
* :mod:`network.render.network` — the network drawing (vis-network inlined into a safe, offline page);
* :mod:`network.render.payload` — what crosses to the browser as JSON (never ``NaN`` or ``Infinity``).
"""

from network.render import chart, map, network, payload

__all__ = ["chart", "map", "network", "payload"]
