"""User text never becomes markup: a data set whose names, groups, industries, tags, partnership kinds and office
names are Markdown, HTML, formulas and Streamlit directives, shown on every page (AppTest).

Every place that renders Markdown (text, captions, alerts, headings, metric and widget labels, help texts) must
carry those values escaped (``network.texts.markdown_escape``: shown as written), and the values must still be
there for people to read.  ``tests/test_e2e_markup.py`` checks what the browser draws from the same data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from google.protobuf.json_format import MessageToDict

from network.config import load_settings
from network.store import Workspace
from tests.test_app_access import no_exception, shown, signed_in_app

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"

#: A value per kind of markup, each unmistakable (it names evil.example or a marker no real text has).
PAYLOADS = {
    "image": "![t](http://evil.example/track.png)",
    "link": "[click](http://evil.example/phish)",
    "bare": "http://evil.example/bare",
    "emphasis": "**굵게XX** _기울XX_",
    "heading": "# 제목XX",
    "formula": "$x^2XX$",
    "icon": ":material/rocket_launch: 아이콘XX",
    "colour": ":red[빨강XX]",
    "html": "<img src=x onerror=alert(1)>XX",
}
#: What a payload would leave in a Markdown body if it were not escaped.
RAW = re.compile(r"!\[t\]|\]\(http|(?<!\\)http://evil|\*\*굵게|_기울|^# 제목|\$x\^2|:material/rocket|:red\[|<img")


def hostile_data(folder: Path) -> tuple[Path, dict[str, str]]:
    """The sample with payloads in its text fields; ``{what: member id}`` of the members who carry them."""
    out = folder / "hostile"
    shutil.copytree(SAMPLE, out)
    members = pd.read_csv(out / "members.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    carriers = {}
    for i, (what, payload) in enumerate(PAYLOADS.items()):
        members.loc[i, "name"] = f"{payload} 회사{i}"
        carriers[what] = members.loc[i, "member_id"]
    members.loc[:40, "group"] = PAYLOADS["heading"]  # a 교류회 with a payload for a name (several members)
    members.loc[:40, "industry_name"] = PAYLOADS["colour"]
    members.loc[:40, "offers"] = f"{PAYLOADS['formula']};{PAYLOADS['link']}"
    members.loc[:40, "needs"] = PAYLOADS["emphasis"]
    members.to_csv(out / "members.csv", index=False, encoding="utf-8-sig")
    partnerships = pd.read_csv(out / "partnerships.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    partnerships.loc[:200, "kind"] = PAYLOADS["image"]
    partnerships.to_csv(out / "partnerships.csv", index=False, encoding="utf-8-sig")
    offices = pd.read_csv(out / "offices.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    visits = pd.read_csv(out / "visits.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    old = offices.loc[0, "name"]
    offices.loc[0, "name"] = visits.loc[visits["office"] == old, "office"] = f"{PAYLOADS['icon']} 지부"
    offices.to_csv(out / "offices.csv", index=False, encoding="utf-8-sig")
    visits.to_csv(out / "visits.csv", index=False, encoding="utf-8-sig")
    return out, carriers


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_data(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def workspace(app_workspace, hostile):
    with Workspace(load_settings().workspace_url) as ws:
        result = ws.import_files(hostile[0], note="hostile names")
        assert result.version is not None
        yield ws


def markdown_texts(at) -> list[str]:
    """Every text of the run that Streamlit renders as Markdown: bodies of text, captions, alerts and headings,
    labels and help texts of metrics and widgets (not a table's cells, not a select box's options)."""
    found: list[str] = []

    def collect(value, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                collect(v, k)
        elif isinstance(value, list):
            for v in value:
                collect(v, key)
        elif isinstance(value, str) and key in ("body", "label", "help"):
            found.append(value)

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and not hasattr(node, "children"):
            collect(MessageToDict(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


PAGES = {
    "overview": ("app_pages/overview.py", {}),
    "network": ("app_pages/network.py", {"member": "image"}),
    "recommend": ("app_pages/recommend.py", {"rec_member": "link"}),
    "coverage": ("app_pages/coverage.py", {}),
    "difficulties": ("app_pages/difficulties.py", {}),
    "meeting": ("app_pages/meeting.py", {}),
    "analysis": ("app_pages/analysis.py", {}),
    "data": ("app_pages/data.py", {}),
    "field": ("app_pages/field.py", {}),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_no_payload_reaches_markdown_unescaped(page, workspace, hostile):
    _, carriers = hostile
    file, chosen = PAGES[page]
    at = signed_in_app(workspace, "admin", name=f"admin-{page}", timeout=300)
    for key, what in chosen.items():
        if key == "member":
            at.query_params["member"] = carriers[what]
        else:
            at.session_state[key] = carriers[what]
    at.switch_page(file)
    no_exception(at.run())
    texts = markdown_texts(at)
    raw = [text for text in texts if RAW.search(text)]
    assert raw == [], raw[:5]
    if page == "recommend":  # the chosen member's name, as written, in the heading of its suggestions
        assert any(PAYLOADS["link"] in shown(text) for text in texts)
    if page == "network":
        assert any(PAYLOADS["image"] in shown(text) for text in texts), [t for t in texts if "evil" in t][:5]
