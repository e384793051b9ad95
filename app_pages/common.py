"""Shared app layer: language, the workspace and its current version (cached), cached results, downloads, tables.

Cached wrappers live here, in the app layer; the library stays free of Streamlit.  They take the data
set's key (``dataset_key()``) plus the choices that matter, and the big objects as ``_``-arguments
(not hashed); decisions are the library's, the wrappers only cache them.
"""

from __future__ import annotations

import hashlib

import networkx as nx
import pandas as pd
import streamlit as st

from app_pages.texts import APP
from network import analysis, coverage, evaluate, export, graph, planner, recommend
from network.config import SETTINGS, load_settings
from network.dataset import Dataset
from network.errors import NetworkError
from network.store import VersionInfo, Workspace
from network.texts import Language

LANGUAGE_KEY = "ui_english"


def language() -> Language:
    """``"en"`` when the English toggle is on, else ``"ko"``."""
    return "en" if st.session_state.get(LANGUAGE_KEY, False) else "ko"


def t(key: str, **params: object) -> str:
    """The text ``key`` (the app's or the library's) in the session's language."""
    return APP.t(key, language(), **params)


def show_error(err: NetworkError) -> None:
    """A library error as an error box, in the session's language (never a traceback)."""
    st.error(err.message(language()))


RUN_VERSION_KEY = "_current_version_of_this_run"


@st.cache_resource(show_spinner=False, max_entries=4)
def _workspace(url: str) -> Workspace:
    """The workspace at ``url``, opened once per server."""
    return Workspace(url)


def workspace() -> Workspace:
    """The workspace this server uses (``DATABASE_URL``, else ``.workspace/network.db``); shared by all sessions."""
    return _workspace(load_settings().workspace_url)


@st.cache_resource(show_spinner=False, max_entries=3)
def _version_dataset(url: str, version: int, cache_key: str) -> Dataset:
    """A version's data set, read once per server (versions never change; nobody mutates the frames).
    ``cache_key`` (:attr:`VersionInfo.cache_key`) tells a workspace made anew from the one before."""
    return _workspace(url).load(version)


def read_current_version() -> VersionInfo:
    """Ask the workspace for its current version, once at the start of each run (``app.py``), so a version saved
    in another session shows on the next rerun and the whole run uses the same one.  An empty workspace first
    gets the bundled sample."""
    version = workspace().current_or_sample(language=language())
    st.session_state[RUN_VERSION_KEY] = version
    return version


def current_version() -> VersionInfo:
    """The current version as read at the start of this run."""
    version = st.session_state.get(RUN_VERSION_KEY)
    return version if isinstance(version, VersionInfo) else read_current_version()


def current_dataset() -> Dataset:
    """The data set of the current version (cached by the version)."""
    version = current_version()
    with st.spinner(t("loading")):
        return _version_dataset(load_settings().workspace_url, version.id, version.cache_key)


def start_page(title_key: str, intro_key: str | None = None) -> tuple[Dataset, str]:
    """Title and introduction of a page, and the data set in use with its cache key.

    Stops the page with a hint when there are no members (e.g. an upload without a members file).
    """
    st.title(t(title_key))
    if intro_key:
        st.write(t(intro_key))
    data = current_dataset()
    if not data.usable:
        st.info(t("no_members"))
        st.stop()
    return data, dataset_key()


def source_label() -> str:
    """Which version is shown, in words (for the sidebar)."""
    version = current_version()
    when = version.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return t("source_sample" if version.is_sample else "source_version", version=version.id, when=when,
             note=version.note)


def download_buttons(df: pd.DataFrame, *, name: str, key: str) -> None:
    """A CSV (UTF-8 with BOM, opens in Korean Excel) and an XLSX download of ``df``.

    The files are built only when a button is clicked (a callable), so showing a big
    table does not cost an XLSX conversion on every rerun.
    """
    left, right = st.columns(2)
    left.download_button(t("download_csv"), lambda: export.to_csv_bytes(df), file_name=f"{name}.csv",
                         mime="text/csv", key=f"{key}_csv", width="stretch", on_click="ignore")
    right.download_button(t("download_xlsx"), lambda: export.to_xlsx_bytes({name: df}), file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", width="stretch", on_click="ignore")


def dataset_key() -> str:
    """A short key naming the data set in use, for caches of results computed from it: the workspace and the
    current version (as read at the start of this run, like the data set itself)."""
    digest = hashlib.sha1(load_settings().workspace_url.encode()).hexdigest()[:8]
    return f"{digest}-{current_version().cache_key}"


@st.cache_resource(show_spinner=False, max_entries=4)
def recommendation_engine(key: str, _members: pd.DataFrame, _partnerships: pd.DataFrame) -> recommend.Engine:
    """The recommendation engine's arrays, prepared once per data set (never mutated)."""
    return recommend.prepare(_members, _partnerships)


@st.cache_data(show_spinner=False, max_entries=16)
def all_recommendations(key: str, options: recommend.Options, weights: recommend.Weights, language: Language,
                        _engine: recommend.Engine) -> pd.DataFrame:
    """Suggestions for every member (cached per data set, options, weights and language)."""
    return recommend.recommend_all(_engine, options=options, weights=weights, language=language)


@st.cache_data(show_spinner=False, max_entries=8)
def backtest_table(key: str, cutoff: str, k: int, scope: str, max_km: float | None, weights: recommend.Weights,
                   _members: pd.DataFrame, _partnerships: pd.DataFrame) -> pd.DataFrame:
    """The back-test table with the page's settings (see :func:`network.evaluate.backtest` for the weights)."""
    return evaluate.backtest(_members, _partnerships, cutoff=cutoff, k=k, weights=weights,
                             options=recommend.Options(scope=scope, max_km=max_km))


@st.cache_resource(show_spinner=False, max_entries=4)
def member_graph(key: str, _members: pd.DataFrame, _partnerships: pd.DataFrame) -> nx.Graph:
    """The member graph, built once per data set (never mutated: library functions return new objects)."""
    return graph.build_graph(_members, _partnerships)


@st.cache_data(show_spinner=False, max_entries=4)
def member_metrics(key: str, _G: nx.Graph) -> pd.DataFrame:
    """Per-member network measures (betweenness sampled above the configured size; see ``attrs``)."""
    return analysis.member_metrics_table(_G, max_exact_nodes=SETTINGS.limits.exact_betweenness_max_nodes,
                                         samples=SETTINGS.limits.betweenness_samples)


@st.cache_data(show_spinner=False, max_entries=8)
def region_summary(key: str, level: str, _G: nx.Graph, _metrics: pd.DataFrame) -> pd.DataFrame:
    """Per-region (or federation) connectivity summary."""
    return analysis.region_summary_table(_G, level=level, metrics=_metrics)


@st.cache_data(show_spinner=False, max_entries=8)
def region_matrix(key: str, level: str, _G: nx.Graph) -> pd.DataFrame:
    """Region × region partnership counts."""
    return graph.region_matrix_table(_G, level=level)


@st.cache_data(show_spinner=False, max_entries=32)
def coverage_tables(key: str, level: str, months: int, programs: tuple[str, ...], federation: str | None,
                    language: Language, _data: Dataset):
    """(window, region table, member table, office table) for the coverage page, cached per choice."""
    window = coverage.time_window(_data.visits, months=months)
    chosen = list(programs) or None
    common = {"attendance": _data.attendance, "difficulties": _data.difficulties, "window": window,
              "programs": chosen}
    table = coverage.region_coverage_table(_data.members, _data.visits, _data.offices, level=level,
                                           federation=federation, language=language, **common)
    per_member = coverage.member_coverage_table(_data.members, _data.visits, _data.offices, **common)
    offices = coverage.office_coverage_table(_data.members, _data.visits, _data.offices, **common)
    return window, table, per_member, offices


@st.cache_data(show_spinner=False, max_entries=16)
def visit_plan(key: str, options: planner.PlanOptions, _data: Dataset) -> planner.VisitPlan:
    """The next-visit plan for the page's choices: :func:`network.planner.plan_for_window`, as the CLI's."""
    return planner.plan_for_window(_data.members, _data.visits, _data.offices, _data.partnerships,
                                   attendance=_data.attendance, difficulties=_data.difficulties, options=options)


def column_header(column: str, table: str | None = None) -> str:
    """The header people see for a column: the label ``table`` gives it (offices' ``name`` is 지부명),
    else the app's ``col_<column>`` text, else the library's column label, else the name itself."""
    if table is not None and f"column.{table}.{column}" in APP:
        return t(f"column.{table}.{column}")
    if f"col_{column}" in APP:
        return t(f"col_{column}")
    if f"column.{column}" in APP:
        return t(f"column.{column}")
    return column


def show_table(df: pd.DataFrame, *, percent: tuple[str, ...] = (), limit: int | None = None,
               table: str | None = None) -> None:
    """Show a table with its headers in the UI language (:func:`column_header`) and shares as percentages.

    At most ``limit`` rows (default: the configured ``rows_shown``) are shown; the caption says so when
    rows are left out (downloads have all of them).  ``table`` names the data model's table the frame
    holds, for its own column labels.
    """
    limit = limit or SETTINGS.limits.rows_shown
    names = {c: column_header(c, table) for c in df.columns}
    config = {names[c]: st.column_config.NumberColumn(format="percent") for c in percent if c in names}
    st.dataframe(df.head(limit).rename(columns=names), hide_index=True, width="stretch", column_config=config)
    if len(df) > limit:
        st.caption(t("rows_shown", shown=limit, total=len(df)))
