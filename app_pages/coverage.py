"""방문 커버리지 (Outreach coverage): the map first, then the under-served regions, the planner and the offices."""

import pandas as pd
import streamlit as st

from app_pages.common import (
    coverage_tables,
    download_button,
    download_buttons,
    field_key,
    language,
    member_choices,
    member_graph,
    per_version,
    plain,
    scope_selectbox,
    set_view_scope,
    show_table,
    start_page,
    t,
    user_boundaries,
    visit_plan,
)
from network import coverage, export, geo, graph, planner, regions
from network.config import SETTINGS
from network.render import map as render_map
from network.schema import PROGRAMS
from network.texts import Language

MAP_ROUND = "cov_map_round"  # how many clicks the map has had: part of its key


def _map_key() -> str:
    """The map's key, new after every click: a click is never left selected (deck.gl would grey the rest), and
    clicking the same 시도 again after going back to all of Korea is a new click, not an unselect."""
    return f"cov_map_{st.session_state.get(MAP_ROUND, 0)}"


def _drill() -> None:
    """Clicking a region drills into its 시도 (a callback: it runs before the widgets exist).

    Every region the map can pick carries its ``sido_code``: a 시도 or a 시군구 of the national map, or a grey
    neighbouring 시도 around a drill-down (so a click there moves to it)."""
    selection = (st.session_state.get(_map_key()) or {}).get("selection") or {}
    st.session_state[MAP_ROUND] = st.session_state.get(MAP_ROUND, 0) + 1
    picked = [item for items in (selection.get("objects") or {}).values() for item in items or []]
    codes = [(item.get("properties") or {}).get("sido_code") for item in picked if isinstance(item, dict)]
    code = next((c for c in codes if c), None)
    if code:
        st.session_state["cov_drill"] = code
        set_view_scope("sido", code)  # every page's 시도, and the address
        st.session_state["cov_level"] = "sigungu"


def _drill_shows_sigungu() -> None:
    """A 시도 chosen in the box is shown by its 시군구."""
    if st.session_state.get("cov_drill"):
        st.session_state["cov_level"] = "sigungu"


def _rows(df: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """The rows of ``df`` whose ``column`` is ``value`` (none when ``df`` has no such column)."""
    return df[df[column] == value] if column in df.columns else df.iloc[0:0]


dataset, key = start_page("page_coverage", "cov_intro")
defaults = SETTINGS.defaults

# --- choices -------------------------------------------------------------------------------------
c1, c2, c3 = st.columns([1, 2, 1])
months = c1.slider(t("cov_months"), 1, 24, defaults.window_months, key="cov_months")
programs = tuple(c2.multiselect(t("cov_programs"), list(PROGRAMS), key="cov_programs",
                                placeholder=t("cov_programs_all")))
everything = t("rec_all_option")
federation = scope_selectbox(c3, t("cov_federation"), "federation",
                             [everything, *member_choices(dataset).federations],
                             key="cov_federation", none_option=everything)
federation = None if federation == everything else federation

c4, c5, c6 = st.columns([1, 2, 2])
level = c4.segmented_control(t("cov_level"), list(coverage.LEVELS), default="sigungu", key="cov_level",
                             format_func=lambda v: t(f"level_{v}")) or "sigungu"
metric = c5.selectbox(t("cov_metric"), list(coverage.MAP_METRICS), key="cov_metric",
                      format_func=lambda v: t(f"col_{v}"))
sido_names = dict(zip(regions.sido_table()["sido_code"], regions.sido_table()["sido"]))
drill = scope_selectbox(c6, t("cov_drill"), "sido", ["", *sido_names], key="cov_drill", none_option="",
                        on_change=_drill_shows_sigungu, format_func=lambda c: sido_names.get(c, t("cov_all_korea")))

with st.spinner(t("loading")):
    window, table, per_member, offices_table = coverage_tables(field_key(), level, months, programs, federation,
                                                               drill or None, language(), dataset)
if drill:  # every table below is the chosen 시도's (and federation's)
    table = _rows(table, "sido_code", drill)
    per_member = _rows(per_member, "sido_code", drill)
if federation:
    per_member = _rows(per_member, "federation", federation)
# every member counts, a region known or not (a table cut to one 시도: its rows); "–" where it cannot be measured
counted, visited, share = coverage.headline(table, whole=not drill)
overall = share or 0.0
k1, k2, k3, k4, k5 = st.columns(5)
k1.metric(t("cov_kpi_coverage"), "–" if share is None else f"{share:.1%}")
k2.metric(t("cov_kpi_visited"), "–" if share is None else f"{visited:,}")
k3.metric(t("cov_kpi_visits"), f"{int(table['visits'].sum()):,}")
k4.metric(t("cov_kpi_participants"), f"{int(table['participants'].sum()):,}")
k5.metric(t("cov_kpi_difficulties"), f"{int(table['difficulties'].sum()):,}")
st.caption(t("cov_window", window=window.label(), share=overall))
if not drill and table.attrs["unlocated_members"]:
    st.caption(t("cov_unlocated", count=table.attrs["unlocated_members"], total=counted))
if drill or federation:
    scope = " · ".join(v for v in (sido_names.get(drill), federation) if v)
    st.caption(t("cov_scope", scope=scope))
boundaries = user_boundaries()
if boundaries is not None:
    st.caption(t("cov_boundaries_file", summary=boundaries.summary(language())))

map_slot = st.container()  # the map is drawn here once the plan below is known

layer_cols = st.columns(4)
show_members = layer_cols[0].toggle(t("cov_layer_members"), value=False, key="cov_show_members")
show_offices = layer_cols[1].toggle(t("cov_layer_offices"), value=True, key="cov_show_offices")
show_arcs = layer_cols[2].toggle(t("cov_layer_arcs"), value=False, key="cov_show_arcs")
basemap = layer_cols[3].toggle(t("cov_basemap"), value=False, key="cov_basemap")

# --- under-served ----------------------------------------------------------------------------------
st.subheader(t("cov_underserved"))
st.caption(t("cov_underserved_caption"))
name_cols = ["sido"] if level == "sido" else ["sido", "sigungu"]
shown_cols = [*name_cols, "members", "visited", "coverage", "visits", "median_office_km", "missing_members",
              "rank", "reason"]
underserved = coverage.underserved_table(table, n=20)
if underserved.empty:  # why no region is ranked, not an empty grid
    st.info(plain(coverage.no_underserved_reason(table, language())))
else:
    show_table(underserved[shown_cols], percent=("coverage",))
stem = f"coverage_{level}" + (f"_{drill}" if drill else "")
download_buttons(table, name=stem, key="cov_table")


def _regions_frame(lv: str, frame: pd.DataFrame):
    """A level's coverage with its polygons: the chosen 시도's regions only (when one is chosen)."""
    shapes = geo.coverage_frame(frame, level=lv, boundaries=boundaries)
    return shapes[shapes[f"{lv}_code"].astype(str).str[:2] == drill] if drill else shapes


download_button(t("cov_download_geojson"),
                lambda: export.to_geojson_bytes(geo.feature_collection(_regions_frame(level, table))),
                file_name=f"{stem}.geojson", mime="application/geo+json", key="cov_geojson", rows=len(table))


def _geopackage(key: str = field_key(), lang: Language = language()) -> bytes:
    """Both levels' coverage as layers of one GeoPackage (the other level's table is cached like this one).

    Made when the button is clicked, after the run, where the session cannot be read: the data set's key and
    the language are taken while the page runs (the defaults)."""
    tables = {level: table}
    for other in coverage.LEVELS:
        if other not in tables:
            tables[other] = coverage_tables(key, other, months, programs, federation, None, lang, dataset)[1]
    return geo.geopackage_bytes({geo.LAYERS[lv]: _regions_frame(lv, tables[lv]) for lv in coverage.LEVELS})


download_button(t("cov_download_gpkg"), _geopackage, file_name="coverage.gpkg" if not drill else f"coverage_{drill}.gpkg",
                mime="application/geopackage+sqlite3", key="cov_gpkg", rows=len(table))

# --- planner -------------------------------------------------------------------------------------
st.subheader(t("cov_planner"))
st.caption(t("cov_planner_caption"))
p1, p2, p3, p4 = st.columns(4)
visit_program = p1.selectbox(t("cov_visit_program"), list(PROGRAMS), key="cov_visit_program",
                             index=list(PROGRAMS).index(defaults.plan_program))
seats = p2.number_input(t("cov_seats"), 0, 500, defaults.seats_for(visit_program) or 0,
                        key=f"cov_seats_{visit_program}")  # each programme starts at its own seats
k = p3.slider(t("cov_k"), 1, 40, defaults.plan_sites, key="cov_k")
radius = p4.slider(t("cov_radius"), 5, 80, int(defaults.plan_radius_km), step=5, key="cov_radius")
p5, p6, p7 = st.columns(3)
weight = p5.selectbox(t("cov_weight"), [*planner.WEIGHTS[:1], "none", *planner.WEIGHTS[1:]], key="cov_weight",
                      format_func=lambda v: t(f"weight_{v}"))
kind = p6.selectbox(t("cov_candidates"), list(planner.SITE_KINDS), key="cov_candidates",
                    format_func=lambda v: t(f"cand_{v}"))
max_office = p7.number_input(t("cov_max_office"), 0, 40, 0, key="cov_max_office")
options = planner.PlanOptions(sites=k, radius_km=float(radius), months=months, programs=programs, candidates=kind,
                              weight=None if weight == "none" else weight, max_per_office=int(max_office),
                              visit_program=visit_program, seats=int(seats), sido=drill or None,
                              federation=federation)
with st.spinner(t("loading")):
    plan = visit_plan(field_key(), options, language(), dataset)
if len(plan.sites):
    st.success(t("cov_plan_result", k=len(plan.sites), reached=plan.reached, before=plan.coverage_before,
                 after=plan.coverage) + (t("cov_plan_seats", seats=plan.seats) if plan.seats else ""))
for note in plan.notes:  # why the plan is shorter than asked, reaches nobody, or counts members instead
    (st.warning if not len(plan.sites) else st.info)(plain(note))
if plan.fallback_members:
    st.caption(t("cov_plan_fallback", n=plan.fallback_members))
# people read names, counts and reasons; coordinates and unrounded weights stay in the downloads
show_table(plan.sites.drop(columns=["lat", "lon"]).round({"new_weight": 2}), percent=("cumulative_coverage",))
download_buttons(plan.sites, name="visit_plan", key="cov_plan")
with st.expander(t("cov_plan_members")):
    show_table(plan.members.round({"weight": 2, "km": 1}))
    download_buttons(plan.members, name="visit_plan_members", key="cov_plan_members")

# --- offices -------------------------------------------------------------------------------------
st.subheader(t("cov_offices"))
if drill:
    st.caption(t("cov_offices_in_sido", sido=sido_names[drill]))
if dataset.offices.empty:  # no offices file: no catchments, no distances
    st.info(t("cov_no_offices"))
else:
    show_table(offices_table, percent=("coverage",))
download_buttons(offices_table, name="office_coverage" + (f"_{drill}" if drill else ""), key="cov_offices")

# --- the map (drawn last, shown first) -------------------------------------------------------------
def _coverage_map(regions_table: pd.DataFrame, members: pd.DataFrame | None, sites: pd.DataFrame, data_key: str,
                  layers: tuple[bool, bool, bool], lang: Language, metric_label: str,
                  user: geo.Boundaries | None) -> tuple:
    """The map of the page's choices and its legend: ``members`` as dots when given; ``layers``: whether offices,
    arcs and the basemap are shown."""
    offices_shown, arcs_shown, with_basemap = layers
    arcs = (graph.region_arcs_table(member_graph(data_key, dataset.members, dataset.partnerships), level="sido")
            if arcs_shown else None)
    return render_map.coverage_map(
        regions_table, level=level, metric=metric, metric_label=metric_label, sido_code=drill or None,
        members=members, offices=dataset.offices if offices_shown else None, sites=sites, radius_km=radius,
        arcs=arcs, basemap=with_basemap, boundaries=user.geojson(level) if user is not None else None,
        language=lang)


@per_version
@st.cache_resource(show_spinner=False, max_entries=16)
def coverage_deck(key: str, level: str, metric: str, options: planner.PlanOptions, layers: tuple[bool, bool, bool],
                  lang: Language, metric_label: str, _table: pd.DataFrame, _sites: pd.DataFrame,
                  _data_key: str) -> tuple:
    """The map on the bundled boundaries without member dots and its legend, made once per data set, state of the
    records and choice (``options`` holds the months, programmes, federation, 시도 and radius that the tables and
    the plan follow from) and shared by every session (never changed): made at every run, the map and its JSON
    (1.4 MB for the 시군구) were the page's largest cost when many people opened it at once."""
    return _coverage_map(_table, None, _sites, _data_key, layers, lang, metric_label, None)


with map_slot:
    shown = (show_offices, show_arcs, basemap)
    if boundaries is None and not show_members:
        deck, legend = coverage_deck(field_key(), level, metric, options, shown, language(), t(f"col_{metric}"),
                                     table, plan.sites, key)
    else:  # a boundary file of this session's own, or every member as a dot (100,000 of them: not kept)
        deck, legend = _coverage_map(table, per_member if show_members else None, plan.sites, key, shown,
                                     language(), t(f"col_{metric}"), boundaries)
    st.pydeck_chart(deck, key=_map_key(), height=600, on_select=_drill, selection_mode="single-object")
    st.caption(t("cov_map_click"))
    st.html(legend.html(t(f"col_{metric}")))
