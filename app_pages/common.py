"""Shared app layer: language, the data set in use (cached), download buttons.

Cached wrappers live here, in the app layer; the library stays free of Streamlit.
"""

from __future__ import annotations

import hashlib

import networkx as nx
import pandas as pd
import streamlit as st

from app_pages.texts import TEXTS, text
from network import analysis, coverage, evaluate, export, graph, io, planner, recommend, sample
from network.validate import Dataset

LANGUAGE_KEY = "ui_english"
SOURCE_KEY = "data_source"        # "sample" or "upload"
UPLOAD_KEY = "data_upload_files"  # tuple of (table, file name, bytes)
SHEET_KEY = "data_upload_sheet"


def language() -> str:
    """``"en"`` when the English toggle is on, else ``"ko"``."""
    return "en" if st.session_state.get(LANGUAGE_KEY, False) else "ko"


def t(key: str, **params: object) -> str:
    """The UI string ``key`` in the current language."""
    return text(key, language(), **params)


@st.cache_data(show_spinner=False, max_entries=2)
def load_sample_dataset() -> Dataset:
    """The bundled sample, validated once per server."""
    return io.load_dataset(sample.SAMPLE_DIR)


@st.cache_data(show_spinner=False, max_entries=8)
def load_uploaded_dataset(files: tuple[tuple[str, str, bytes], ...], sheet: str | None) -> Dataset:
    """Validate uploaded files (cached by their bytes)."""
    sources = {table: _NamedBytes(name, data) for table, name, data in files}
    return io.load_dataset(sources, sheet=sheet or None)


class _NamedBytes:
    """Bytes with a file name, as :func:`network.io.read_table` accepts."""

    def __init__(self, name: str, data: bytes):
        self.name = name
        self._data = data

    def getvalue(self) -> bytes:
        return self._data


def current_dataset() -> Dataset:
    """The data set in use this session: the sample, or what the user uploaded and chose."""
    if st.session_state.get(SOURCE_KEY) == "upload" and st.session_state.get(UPLOAD_KEY):
        return load_uploaded_dataset(st.session_state[UPLOAD_KEY], st.session_state.get(SHEET_KEY))
    with st.spinner(t("loading")):
        return load_sample_dataset()


def start_page(title_key: str, intro_key: str | None = None) -> tuple[Dataset, str]:
    """Title and introduction of a page, and the data set in use with its cache key.

    Stops the page with a hint when there are no members (e.g. an upload without a members file).
    """
    st.title(t(title_key))
    if intro_key:
        st.write(t(intro_key))
    dataset = current_dataset()
    if dataset.members.empty:
        st.info(t("no_members"))
        st.stop()
    return dataset, dataset_key()


def source_label() -> str:
    """Which data is in use, in words."""
    return t("source_upload") if st.session_state.get(SOURCE_KEY) == "upload" else t("source_sample")


def download_buttons(df, *, name: str, key: str) -> None:
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
    """A short key naming the data set in use (for caches of results computed from it)."""
    if st.session_state.get(SOURCE_KEY) == "upload" and st.session_state.get(UPLOAD_KEY):
        digest = hashlib.sha1((st.session_state.get(SHEET_KEY) or "").encode())
        for table, name, data in st.session_state[UPLOAD_KEY]:
            digest.update(table.encode() + name.encode() + data)
        return "upload-" + digest.hexdigest()[:16]
    return "sample"


@st.cache_resource(show_spinner=False, max_entries=4)
def recommendation_engine(key: str, _members: pd.DataFrame, _partnerships: pd.DataFrame) -> recommend.Engine:
    """The recommendation engine's arrays, prepared once per data set (never mutated)."""
    return recommend.prepare(_members, _partnerships)


@st.cache_data(show_spinner=False, max_entries=16)
def all_recommendations(key: str, options: recommend.Options, weights: recommend.Weights, language: str,
                        _engine: recommend.Engine) -> pd.DataFrame:
    """Suggestions for every member (cached per data set, options, weights and language)."""
    return recommend.recommend_all(_engine, options=options, weights=weights, language=language)


@st.cache_data(show_spinner=False, max_entries=8)
def backtest_table(key: str, cutoff: str, k: int, scope: str, max_km: float | None, weights: recommend.Weights,
                   _members: pd.DataFrame, _partnerships: pd.DataFrame) -> pd.DataFrame:
    """The back-test table with the page's settings. The combined model uses the weights set on the page,
    unless they are the defaults: then they are refitted on the data before the cut-off."""
    chosen = None if weights == recommend.DEFAULT_WEIGHTS else weights
    return evaluate.backtest(_members, _partnerships, cutoff=cutoff, k=k, weights=chosen,
                             options=recommend.Options(scope=scope, max_km=max_km))


@st.cache_resource(show_spinner=False, max_entries=4)
def member_graph(key: str, _members: pd.DataFrame, _partnerships: pd.DataFrame) -> nx.Graph:
    """The member graph, built once per data set (never mutated: library functions return new objects)."""
    return graph.build_graph(_members, _partnerships)


@st.cache_data(show_spinner=False, max_entries=4)
def member_metrics(key: str, _G: nx.Graph) -> pd.DataFrame:
    """Per-member network measures (betweenness sampled above 10,000 members; see ``attrs``)."""
    return analysis.member_metrics_table(_G)


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
                    language: str, _members: pd.DataFrame, _visits: pd.DataFrame, _offices: pd.DataFrame):
    """(window, region table, member table) for the coverage page, cached per choice."""
    window = coverage.time_window(_visits, months=months)
    table = coverage.region_coverage_table(_members, _visits, _offices, level=level, window=window,
                                           programs=list(programs) or None, federation=federation,
                                           language=language)
    per_member = coverage.member_coverage_table(_members, _visits, _offices, window=window,
                                                programs=list(programs) or None)
    return window, table, per_member


@st.cache_data(show_spinner=False, max_entries=16)
def visit_plan(key: str, months: int, programs: tuple[str, ...], kind: str, k: int, radius_km: float,
               weight: str | None, max_per_office: int | None, _members: pd.DataFrame, _visits: pd.DataFrame,
               _offices: pd.DataFrame, _partnerships: pd.DataFrame) -> planner.VisitPlan:
    """The next-visit plan (cached per choice)."""
    window = coverage.time_window(_visits, months=months)
    visits = coverage.select_visits(_visits, window, programs=list(programs) or None)
    sites = planner.candidate_sites(_members, _offices, kind=kind, max_sites=2000)
    return planner.plan_visits(_members, sites, visits=visits, k=k, radius_km=radius_km,
                               weight=plan_weight(weight, _members, _visits, _partnerships),
                               partnerships=_partnerships, max_per_office=max_per_office)


def plan_weight(weight: str | None, members: pd.DataFrame, all_visits: pd.DataFrame, partnerships: pd.DataFrame):
    """Member weights for the planner. "difficulties" counts the difficulties a member raised at *any*
    visit (earlier ones included), so members who raised them before but were not visited in the
    window are favoured; members visited in the window count for nothing anyway."""
    if weight == "difficulties":
        return planner.member_weights(members, "difficulties", visits=all_visits)
    return weight


def show_table(df: pd.DataFrame, *, percent: tuple[str, ...] = (), limit: int | None = None) -> None:
    """Show a table with its headers in the UI language (``col_<column>`` texts) and shares as percentages."""
    names = {c: t(f"col_{c}") if f"col_{c}" in TEXTS else c for c in df.columns}
    config = {names[c]: st.column_config.NumberColumn(format="percent") for c in percent if c in names}
    shown = df.head(limit) if limit else df
    st.dataframe(shown.rename(columns=names), hide_index=True, width="stretch", column_config=config)
