"""Regional Collaboration Network Explorer (지역 협업 네트워크 탐색기) — the library.

Modules, one concern each (import the module, call its functions)::

    network.schema     the data model: six tables, their columns, Korean header aliases, labels
    network.regions    today's 시도/시군구, the region normaliser, points to regions
    network.io         reading Korean CSV/XLSX files into raw tables
    network.validate   row checks of each table; ValidationReport
    network.dataset    Dataset and load_dataset: the six tables read and validated together
    network.fieldwork  visits, attendance and difficulties joined the same way everywhere
    network.report     the monthly report of the field work: tables, XLSX, A4 PDF with charts (WeasyPrint, lazily)
    network.difficulty_category  the category of a difficulty suggested from its text (Kiwi morphology)
    network.export     CSV for Korean Excel (UTF-8 BOM), XLSX, formula-injection safety
    network.errors     the error hierarchy (NetworkError …) and Problem
    network.texts      every text people read, in Korean and English: t(key, language, **params)
    network.access     who may see what: the data set as one user's role may see it
    network.signon     single sign-on helpers: the provider of the [auth] settings, its failures audited
    network.config     limits, defaults and the workspace location, shared by app and CLI
    network.graph      the member graph (networkx) and region-level graphs
    network.analysis   headline numbers, members per federation and region, network metrics
    network.recommend  collaboration suggestions with reasons
    network.evaluate   the suggestion model chosen from the data (fit, check, fallback) and back-tests
    network.feedback   what became of the suggestions: outcomes, declined pairs, the suggestions shown scored
    network.meeting    matchmaking meetings: whom to invite, the pairs to introduce, the briefing
    network.coverage   where the field programme has and has not reached members
    network.planner    where the next visits should go (maximal covering, seats per visit)
    network.geo        coverage as GeoDataFrames, the GeoPackage for QGIS, boundary files people bring (geopandas)
    network.templates  input templates: one XLSX per table with Korean headers, an explanation row, an example
    network.render     maps, charts and the network drawing, built offline (render.map/chart/network)
    network.store      the workspace: versions of the data set, accounts and the audit log (SQLite or PostgreSQL)
    network.sample     the realistic sample data generator
    network.cli        ``python -m network …`` (one module per command)

The library never imports Streamlit; the app lives in ``app.py`` and ``app_pages/``.
"""

from network import access, config, dataset, errors, export, fieldwork, io, regions, schema, texts, validate

__all__ = ["access", "config", "dataset", "errors", "export", "fieldwork", "io", "regions", "schema", "texts", "validate"]
__version__ = "0.1.0"
