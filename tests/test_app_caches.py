"""The app's shared caches: what one session computed serves the others, and a new version lets the old one's
results go (``per_version`` / ``release_old_versions`` in ``app_pages/common.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from app_pages import common
from network import graph
from network.config import load_settings
from network.store import Workspace
from tests.test_app_access import no_exception, signed_in_app

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


@pytest.fixture
def workspace(app_workspace):
    with Workspace(load_settings().workspace_url) as ws:
        yield ws


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """How many member graphs were built (one per data set the network page is shown on)."""
    calls: list[int] = []
    real = graph.build_graph

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(graph, "build_graph", counted)
    return calls


def network_page(workspace: Workspace, name: str):
    at = signed_in_app(workspace, "staff", name=name, timeout=180)
    at.switch_page("app_pages/network.py")
    return no_exception(at.run())


def test_other_sessions_use_what_one_computed_and_a_new_version_releases_the_old(workspace, builds, tmp_path):
    network_page(workspace, "staff1")
    network_page(workspace, "staff2")  # another person, the same scope: the same graph
    assert len(builds) == 1

    changed = tmp_path / "data"
    shutil.copytree(SAMPLE, changed)
    partnerships = pd.read_csv(changed / "partnerships.csv", dtype=str, keep_default_na=False)
    partnerships.iloc[:-1].to_csv(changed / "partnerships.csv", index=False)  # one partnership fewer
    first = workspace.current_id()
    workspace.import_files(changed, note="one partnership fewer")

    network_page(workspace, "staff3")  # the next run anywhere sees the new version: its own graph
    assert len(builds) == 2
    network_page(workspace, "staff4")
    assert len(builds) == 2

    workspace.rollback(first)  # the first version again: its graph was let go with the version change
    network_page(workspace, "staff5")
    assert len(builds) == 3


def test_release_only_when_the_current_version_changes(workspace):
    url = "sqlite:///nowhere-" + str(id(workspace))
    version = workspace.current_or_sample()
    cleared: list[str] = []

    class Cache:
        def clear(self) -> None:
            cleared.append("x")

    common._PER_VERSION[("test", "cache")] = Cache()  # type: ignore[assignment]
    try:
        assert common.release_old_versions(url, version) is False  # the first this server has seen
        assert common.release_old_versions(url, version) is False  # the same again
        assert cleared == []
        other = type(version)(version.id + 1, version.created_at, "", False, None, version.id)
        assert common.release_old_versions(url, other) is True
        assert cleared == ["x"]
    finally:
        del common._PER_VERSION[("test", "cache")]


def test_a_second_session_computes_nothing_of_the_pages_again(workspace, monkeypatch):
    """What the overview, network, recommendations and coverage pages derive from the data set is made once and
    shared: ten people opening the same pages wait for one computation, not ten."""
    from network import analysis, fieldwork
    from network.render import chart as render_chart
    from network.render import map as render_map

    calls: dict[str, int] = {}

    def counting(module, name: str) -> None:
        real = getattr(module, name)

        def counted(*args, **kwargs):
            calls[name] = calls.get(name, 0) + 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)

    for module, name in [(analysis, "filter_choices"), (analysis, "headline"), (analysis, "members_by_federation"),
                         (analysis, "partners_table"), (fieldwork, "visits_attended_table"),
                         (render_chart, "matrix_heatmap"), (render_chart, "stacked_bars"), (render_chart, "bars"),
                         (render_map, "drop_islets"), (render_map, "coverage_map")]:
        counting(module, name)
    render_map._drawn_collection.cache_clear()

    def every_page(name: str) -> None:
        at = signed_in_app(workspace, "staff", name=name, timeout=180)
        no_exception(at.run())
        for page in ("network", "recommend", "coverage"):
            at.switch_page(f"app_pages/{page}.py")
            no_exception(at.run())

    every_page("staff1")
    first = dict(calls)
    assert {"filter_choices", "headline", "members_by_federation", "partners_table", "visits_attended_table",
            "matrix_heatmap", "stacked_bars", "bars", "coverage_map"} <= set(first), first
    assert first["drop_islets"] <= 2  # the 시도 and the 시군구 boundaries, once per process
    every_page("staff2")  # another person of the same scope
    assert calls == first
