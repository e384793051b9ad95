"""Regional Collaboration Network Explorer (지역 협업 네트워크 탐색기) — the library.

Modules, one concern each (import the module, call its functions)::

    network.schema     the data model: tables, columns, Korean header aliases
    network.regions    today's 시도/시군구, the region normaliser, points to regions
    network.io         reading Korean CSV/XLSX files; load_dataset
    network.validate   row checks; Dataset and ValidationReport
    network.export     CSV for Korean Excel (UTF-8 BOM), XLSX, formula-injection safety
    network.errors     Problem and DataError
    network.messages   every message text in Korean and English
    network.analysis   headline numbers, members per federation and region, network metrics
    network.graph      the member graph (networkx) and region-level graphs
    network.recommend  collaboration suggestions with reasons
    network.evaluate   back-tests of the suggestions on past data
    network.coverage   where the field programme has and has not reached members
    network.planner    where the next visits should go (maximal covering)
    network.render_map maps that draw offline (pydeck, no basemap)
    network.sample     the realistic sample data generator
    network.cli        ``python -m network …``

The library never imports Streamlit; the app lives in ``app.py`` and ``app_pages/``.
"""

from network import errors, export, io, messages, regions, schema, validate

__all__ = ["errors", "export", "io", "messages", "regions", "schema", "validate"]
__version__ = "0.1.0"
