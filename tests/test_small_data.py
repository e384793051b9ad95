"""Every page and every command on small and partial data (``tests/small_data.py``): members only, one member, one
federation, one 시도, one 시군구, no visits, visits without attendees, no located members.

Each page runs without an exception box, and nothing it sends to the browser carries ``Infinity`` or ``NaN`` where
JSON is read (a table's Arrow metadata, a map's deck, a chart's spec): the browser's ``JSON.parse`` refuses them
and the element is replaced by a red ``SyntaxError`` box that AppTest alone never sees.  Where a result cannot
exist, the page says why (``SAYS``).  The commands on the same sets: ``tests/test_cli.py``; in Chromium:
``tests/test_e2e_small_data.py``."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from app_pages.texts import APP
from network.config import load_settings
from network.store import Workspace
from tests import small_data
from tests.test_app_access import no_exception, shown, signed_in_app

PAGES = ("overview", "network", "recommend", "coverage", "analysis", "difficulties", "meeting", "field", "data",
         "admin")


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("small")
    return {name: small_data.write(name, base) for name in small_data.SETS}


def strict_json(text: str, where: str) -> object:
    """``text`` parsed as the browser parses it: ``NaN`` and ``Infinity`` are not JSON."""
    def refuse(constant: str) -> object:
        raise AssertionError(f"{where}: {constant} in JSON the browser parses")

    return json.loads(text, parse_constant=refuse)


JSON_FIELDS = {"json", "spec", "columns"}  # deck, chart spec, a table's column configuration


def browser_payloads_are_json(at) -> int:
    """Check every JSON the run sends to the browser: decks, chart specs, tables' column configuration and the
    metadata of every Arrow table (tables and chart data, where pandas keeps ``DataFrame.attrs``); how many."""
    checked = 0

    def message(proto, where: str) -> None:
        nonlocal checked
        for field, value in proto.ListFields():
            values = value if getattr(field, "is_repeated", False) or isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated") else [value]
            for item in values:
                if field.message_type is not None:
                    message(item, f"{where}.{field.name}")
                elif field.name == "data" and isinstance(item, bytes) and item:
                    for key, meta in (pa.ipc.open_stream(item).schema.metadata or {}).items():
                        strict_json(meta.decode("utf-8"), f"{where} {key.decode()}")
                        checked += 1
                elif field.name in JSON_FIELDS and isinstance(item, str) and item[:1] in "{[":
                    strict_json(item, f"{where}.{field.name}")
                    checked += 1

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and not hasattr(node, "children"):
            message(proto, proto.DESCRIPTOR.name)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return checked


@pytest.fixture
def workspace_of(app_workspace, folders):
    def make(name: str) -> Workspace:
        workspace = Workspace(load_settings().workspace_url)
        result = workspace.import_files(folders[name], note=name)
        assert result.version is not None, name
        return workspace

    return make


@pytest.mark.parametrize("name", list(small_data.SETS))
def test_every_page_works_on_small_and_partial_data(name, workspace_of):
    workspace = workspace_of(name)
    with workspace:
        at = signed_in_app(workspace, "admin", name=f"admin-{name}", timeout=300)
        no_exception(at.run())
        for page in PAGES:
            at.switch_page(f"app_pages/{page}.py")
            at.run()
            assert not at.exception, (page, [str(e.value)[:300] for e in at.exception])
            browser_payloads_are_json(at)


def _texts(at) -> str:
    """Everything a person reads of the run's texts, alerts, captions and metrics (as shown, not as Markdown)."""
    parts = [shown(e.value) for kind in ("markdown", "caption", "info", "warning", "success", "error")
             for e in getattr(at, kind)]
    parts += [f"{m.label}={m.value}" for m in at.metric]
    return "\n".join(parts)


#: (set, page, what the page must say): the sentence where a result cannot exist, not an empty grid or a 0.
SAYS = [
    ("members_only", "coverage", lambda lib: lib.t("coverage.none.no_visits", "ko")),
    ("members_only", "coverage", lambda lib: lib.t("planner.note.nobody_behind", "ko")),
    ("visits_without_attendees", "coverage", lambda lib: "참석 회원사를 적은 방문이 없어 방문율을 잴 수 없습니다"),
    ("visits_without_attendees", "coverage", lambda lib: "방문율=–"),  # not 0.0%: nobody knows who came
    ("members_only", "coverage", lambda lib: APP.t("cov_no_offices", "ko")),
    ("no_located_members", "overview", lambda lib: APP.t("members_without_sido", "ko", count=400, total=400)),
    ("no_located_members", "coverage", lambda lib: lib.t("planner.note.unlocated", "ko", count=400, total=400)),
    ("one_member", "recommend", lambda lib: lib.t("reason.none.only_member", "ko")),
    ("members_only", "analysis", lambda lib: "협력 관계가 없어(0건) 연결 고리·커뮤니티·모듈성을 계산할 수 없습니다"),
    ("members_only", "recommend", lambda lib: lib.t("error.too_few_partnerships", "ko", count=0)),
    ("no_located_members", "recommend", lambda lib: APP.t("rec_map_unlocated", "ko")),
    ("one_member", "meeting", lambda lib: "1곳뿐이라 서로 소개할 간담회를 만들 수 없습니다"),
]


@pytest.mark.parametrize(("name", "page", "says"), SAYS, ids=[f"{n}-{p}-{i}" for i, (n, p, _) in enumerate(SAYS)])
def test_a_page_says_why_a_result_cannot_exist(name, page, says, workspace_of):
    from network import texts as library

    with workspace_of(name) as workspace:
        at = signed_in_app(workspace, "admin", name=f"says-{name}", timeout=300)
        at.run()
        at.switch_page(f"app_pages/{page}.py")
        no_exception(at.run())
        assert says(library) in _texts(at)
        if page == "coverage":
            assert " 0곳을 방문하면" not in _texts(at)
        if page == "analysis":
            assert "모듈성=–" in _texts(at) and "nan" not in _texts(at)
