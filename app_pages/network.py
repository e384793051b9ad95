"""네트워크 (Network): explore who works with whom — slices, a member's neighbourhood, region-level views, exports.

The chosen member is kept in the URL (``?member=…``) so a view can be shared as a link.
"""

import pandas as pd
import streamlit as st

from app_pages.common import (
    download_buttons,
    language,
    member_graph,
    member_metrics,
    recommendation_engine,
    region_matrix,
    show_table,
    start_page,
    t,
)
from network import analysis, graph, recommend, render_chart, render_map, render_network
from network.render_network import MAX_NODES, Slice

dataset, key = start_page("page_network", "net_intro")
members = dataset.members
with st.spinner(t("loading")):
    G = member_graph(key, dataset.members, dataset.partnerships)
    metrics = member_metrics(key, G)

# --- the member, kept in sync with the URL --------------------------------------------------------
ids = [""] + members["member_id"].tolist()
labels = dict(zip(members["member_id"], members["name"].fillna("") + " · " + members["member_id"]))
from_url = st.query_params.get("member")
if "net_member" not in st.session_state and from_url in labels:
    st.session_state["net_member"] = from_url


def _sync_url() -> None:
    chosen = st.session_state.get("net_member")
    if chosen:
        st.query_params["member"] = chosen
    elif "member" in st.query_params:
        del st.query_params["member"]


m1, m2 = st.columns([3, 1])
member = m1.selectbox(t("net_member"), ids, key="net_member", on_change=_sync_url,
                      format_func=lambda v: labels.get(v, t("net_nobody")))
hops = m2.segmented_control(t("net_hops"), [1, 2], default=1, key="net_hops",
                            format_func=lambda v: t(f"net_hops_{v}")) or 1

# --- the slice -------------------------------------------------------------------------------------
everything = t("rec_all_option")
f1, f2, f3, f4, f5 = st.columns(5)
federation = f1.selectbox(t("net_federation"), [everything, *sorted(members["federation"].dropna().unique())],
                          key="net_federation")
sido_names = dict(zip(members["sido_code"], members["sido"]))
sido = f2.selectbox(t("net_sido"), ["", *sorted(k for k in sido_names if isinstance(k, str))], key="net_sido",
                    format_func=lambda c: sido_names.get(c, everything))
divisions = sorted(members["industry"].dropna().astype(str).str[:2].unique())
industry = f3.selectbox(t("net_industry"), [everything, *divisions], key="net_industry")
communities = sorted(int(c) for c in metrics["community"].unique() if c >= 0)[:50]
community = f4.selectbox(t("net_community"), [everything, *communities], key="net_community")
groups = sorted(members["group"].dropna().unique()) if "group" in members else []
group = f5.selectbox(t("net_group"), [everything, *groups], key="net_group")
g1, g2, g3, g4 = st.columns(4)
min_degree = g1.number_input(t("net_min_degree"), 0, 100, 0, key="net_min_degree")
color_by = g2.selectbox(t("net_color"), list(render_network.COLOR_BY), key="net_color",
                        format_func=lambda v: t(f"color_{v}"))
bridges = g3.toggle(t("net_bridges"), key="net_bridges")
suggested_on = g4.toggle(t("net_suggested"), key="net_suggested")

spec = Slice(
    federation=None if federation == everything else federation, sido=sido or None,
    industry=None if industry == everything else industry, community=None if community == everything else community,
    group=None if group == everything else group, min_degree=int(min_degree), ego=member or None, hops=int(hops),
    bridges_only=bridges)


@st.cache_data(show_spinner=False, max_entries=32)
def drawn_slice(key: str, spec: Slice, color_by: str, suggested: bool, physics: bool, language: str, _G, _metrics,
                _engine):
    """Slice, layout (cached per slice) and HTML."""
    H = render_network.slice_graph(_G, _metrics, spec)
    if H.number_of_nodes() == 0 or H.number_of_nodes() > MAX_NODES:
        return H.number_of_nodes(), None, None
    positions = render_network.layout(H)
    pairs = []
    if suggested:
        table = recommend.recommend_all(_engine, member_ids=list(H.nodes)[:2000], reasons=False,
                                        options=recommend.Options(top=3))
        pairs = list(zip(table["member_id"], table["candidate_id"]))
    drawing = render_network.network_html(H, positions, color_by=color_by, metrics=_metrics, suggested=pairs,
                                          physics=physics, language=language)
    return H.number_of_nodes(), drawing, (render_network.graphml_bytes(H, positions),
                                          render_network.gexf_bytes(H, positions))


@st.cache_data(show_spinner=False, max_entries=64)
def slice_size(key: str, spec: Slice, _G, _metrics) -> int:
    """Members in the slice (cached: the page asks on every rerun)."""
    return render_network.slice_graph(_G, _metrics, spec).number_of_nodes()


@st.cache_resource(show_spinner=False, max_entries=8)
def region_view(key: str, language: str, members_label: str, _G, _members):
    """The region-level view: the 시도 network (HTML) and the 시도 map with arcs (never mutated)."""
    html = render_network.region_network_html(graph.region_graph(_G, level="sido"), language=language).html
    by_sido = analysis.members_by_region(_members, level="sido")
    deck, _ = render_map.coverage_map(by_sido, level="sido", metric="members", metric_label=members_label,
                                      arcs=graph.region_arcs_table(_G, level="sido"), height=560)
    return html, deck


small = slice_size(key, spec, G, metrics) <= 300
physics = st.toggle(t("net_physics"), key="net_physics", disabled=not small) and small
engine = recommendation_engine(key, dataset.members, dataset.partnerships) if suggested_on else None
with st.spinner(t("loading")):
    count, drawing, files = drawn_slice(key, spec, color_by, suggested_on, physics, language(), G, metrics, engine)

if count == 0:
    st.info(t("net_empty"))
elif drawing is None:
    st.warning(t("net_too_big", nodes=count, cap=MAX_NODES))
    st.subheader(t("net_aggregate"))
    html, deck = region_view(key, language(), t("col_members"), G, dataset.members)
    left, right = st.columns(2)
    with left:
        st.iframe(html, height=560)
    with right:
        st.pydeck_chart(deck, key="net_arcs", height=560)
    matrix = region_matrix(key, "sido", G)
    st.altair_chart(render_chart.matrix_heatmap(matrix, value_label=t("kpi_partnerships")), width="stretch")
    download_buttons(matrix.reset_index(), name="sido_matrix", key="net_matrix")
else:
    st.caption(t("net_shown", nodes=drawing.nodes, edges=drawing.edges))
    st.iframe(drawing.html, height=720)
    st.markdown(f"**{t('net_exports')}**")
    e1, e2, e3 = st.columns(3)
    e1.download_button(t("net_graphml"), files[0], file_name="network.graphml", mime="application/xml",
                       key="net_dl_graphml", on_click="ignore")
    e2.download_button(t("net_gexf"), files[1], file_name="network.gexf", mime="application/xml",
                       key="net_dl_gexf", on_click="ignore")
    e3.download_button(t("net_html"), drawing.html.encode("utf-8"), file_name="network.html", mime="text/html",
                       key="net_dl_html", on_click="ignore")

# --- the member in detail --------------------------------------------------------------------------
if member:
    row = members.set_index("member_id").loc[member]
    st.subheader(t("net_details", name=row["name"]))
    mrow = metrics.set_index("member_id").loc[member]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("col_degree"), f"{int(mrow['degree'])}")
    c2.metric(t("col_betweenness"), f"{mrow['betweenness']:.4f}")
    c3.metric(t("col_partner_regions"), f"{int(mrow['partner_regions'])}")
    c4.metric(t("col_partner_industries"), f"{int(mrow['partner_industries'])}")
    partner_ids = list(G.neighbors(member))
    partners = members[members["member_id"].isin(partner_ids)][["member_id", "name", "federation", "sido", "sigungu",
                                                                "industry_name"]]
    st.markdown(f"**{t('net_partners')}**")
    show_table(partners)
    visits = dataset.visits
    attended = visits[visits["member_ids"].fillna("").str.split(";").map(lambda ids: member in ids)] \
        if "member_ids" in visits else pd.DataFrame()
    st.markdown(f"**{t('net_visits')}**")
    show_table(attended[[c for c in ("visit_id", "date", "program", "sido", "sigungu", "office", "issues")
                         if c in attended.columns]])
    if st.button(t("net_to_recommend"), key="net_to_recommend"):
        st.session_state["rec_member"] = member
        st.switch_page("app_pages/recommend.py")

st.markdown(f"**{t('net_exports')}**: {t('net_metrics')}")
download_buttons(metrics, name="member_metrics", key="net_metrics")
