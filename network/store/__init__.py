"""The workspace: a database (SQLite by default, PostgreSQL for a shared server) that keeps every import as a
version of the data set, knows which one is current, and loads it without validating again.

    from network import store
    ws = store.Workspace()                    # DATABASE_URL, or .workspace/network.db in the checkout
    ws.current_or_sample()                    # an empty workspace starts with the bundled sample
    ws.import_files({"members": "회원.xlsx"}, note="2026년 12월 명단")
    ws.load()                                 # the current version as a network.dataset.Dataset
    ws.versions(), ws.compare(), ws.rollback(1), ws.export("out/")
    ws.records, ws.outcomes                   # field work, and what became of the suggestions (not versioned)

See :mod:`network.store.workspace` (the API) and :mod:`network.store.tables` (what is stored).
"""

from network.store import tables, workspace
from network.store.workspace import CheckedImport, ImportResult, VersionDiff, VersionInfo, Workspace

__all__ = ["CheckedImport", "ImportResult", "VersionDiff", "VersionInfo", "Workspace", "tables", "workspace"]
