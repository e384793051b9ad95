"""What a federation leader must never see, and how to look for it in a page's text or a downloaded file.

Shared by the AppTest checks (``tests/test_app_access.py``) and the real-browser ones
(``tests/test_e2e_access.py``).
"""

from __future__ import annotations

import io
import re
import zipfile

from network import recommend
from network.dataset import Dataset


def found_names(names: set[str], shown: str) -> list[str]:
    """The names of ``names`` that ``shown`` holds as whole names (``중서플라스틱`` is not found in
    ``(주)중서플라스틱2``, another firm)."""
    if not names:
        return []
    pattern = re.compile(r"(?<![\w)])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?!\w)")
    return sorted(set(pattern.findall(shown)))


def leader_hidden(sample: Dataset, federation: str) -> tuple[set[str], set[str]]:
    """Names and ids a leader of ``federation`` must never see: the names of firms of other federations that
    are neither partners nor suggested partners of an own member (names a visible firm shares are left out of
    the check), and the ids of every firm of another federation (a leader sees stand-in ids only)."""
    members = sample.members
    own = set(members.loc[members["federation"] == federation, "member_id"])
    edges = sample.partnerships
    partners = set(edges.loc[edges["source_id"].isin(own), "target_id"]) | set(
        edges.loc[edges["target_id"].isin(own), "source_id"])
    engine = recommend.prepare(members, sample.partnerships)
    suggested = set(recommend.recommend_all(engine, member_ids=sorted(own), reasons=False)["candidate_id"])
    visible = own | partners | suggested
    hidden = members[~members["member_id"].isin(visible)]
    visible_names = set(members.loc[members["member_id"].isin(visible), "name"])
    others = members[members["federation"] != federation]
    return set(hidden["name"]) - visible_names, set(others["member_id"])


def file_text(name: str, data: bytes) -> str:
    """A downloaded file as text: CSV and GeoJSON decoded, XLSX as the text of its sheets and shared strings,
    a GeoPackage as its layers' attributes, anything else (GraphML, GEXF, HTML) decoded as UTF-8."""
    if name.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return "\n".join(book.read(part).decode("utf-8") for part in book.namelist() if part.endswith(".xml"))
    if name.endswith(".gpkg"):  # every layer's attributes, as CSV
        import tempfile
        from pathlib import Path

        import geopandas as gpd
        import pyogrio

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "file.gpkg"
            path.write_bytes(data)
            return "\n".join(gpd.read_file(path, layer=str(layer)).drop(columns="geometry").to_csv(index=False)
                             for layer in pyogrio.list_layers(path)[:, 0])
    return data.decode("utf-8-sig", errors="replace")
