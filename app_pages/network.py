"""네트워크 (Network): explore who works with whom — slices, a member's neighbourhood, region-level views, exports.

The chosen member is kept in the URL (``?member=…``) so a view can be shared as a link.  A click on a member in
the drawing puts it there too (the drawing changes the page's address and the app runs the page again, as its
back button does): chosen on a whole slice, the slice stays drawn with the member highlighted; chosen in a
neighbourhood, the neighbourhood moves to it.
"""

from dataclasses import replace

import streamlit as st

from app_pages.common import (
    current_scope,
    deny,
    download_button,
    download_buttons,
    language,
    member_choices,
    member_graph,
    member_metrics,
    per_version,
    recommendation_engine,
    region_matrix,
    scope_selectbox,
    show_member_history,
    start_page,
    suggestion_model,
    t,
)
from network.config import SETTINGS
from network.render import chart as render_chart
from network.render import network as render_network
from network.render.network import Slice

dataset, key = start_page("page_network", "net_intro")
members = dataset.members
limits = SETTINGS.limits
with st.spinner(t("loading")):
    G = member_graph(key, dataset.members, dataset.partnerships)
    metrics = member_metrics(key, G)
choices = member_choices(dataset)

# --- the member, kept in sync with the URL --------------------------------------------------------
HIGHLIGHT = 0  # the neighbourhood choice "the whole slice, the member highlighted"
ids = [""] + members["member_id"].tolist()
labels = dict(zip(members["member_id"], members["name"].fillna("") + " · " + members["member_id"]))
from_url = st.query_params.get("member")
if from_url and from_url not in labels:  # a link to a firm outside what this user may see (or to none at all)
    del st.query_params["member"]
    if not current_scope().sees_everything:
        deny("member link")  # says nothing about the firm, not even whether it exists
    st.warning(t("net_unknown_member", member=from_url))
elif from_url in labels and from_url != st.session_state.get("net_member"):
    if "net_member" in st.session_state and not st.session_state["net_member"]:
        st.session_state["net_hops"] = HIGHLIGHT  # clicked on a whole slice: keep drawing it, the member highlighted
    st.session_state["net_member"] = from_url  # a link, a click on the drawing, the browser's back button


def _sync_url() -> None:
    chosen = st.session_state.get("net_member")
    if chosen:
        st.query_params["member"] = chosen
    elif "member" in st.query_params:
        del st.query_params["member"]


m1, m2 = st.columns([3, 1])
member = m1.selectbox(t("net_member"), ids, key="net_member", on_change=_sync_url,
                      format_func=lambda v: labels.get(v, t("net_nobody")))
st.session_state.setdefault("net_hops", 1)
hops = m2.segmented_control(t("net_hops"), [1, 2, HIGHLIGHT], key="net_hops", format_func=lambda v: t(f"net_hops_{v}"))
hops = 1 if hops is None else hops

# --- the slice -------------------------------------------------------------------------------------
everything = t("rec_all_option")
f1, f2, f3, f4, f5 = st.columns(5)
federation = scope_selectbox(f1, t("net_federation"), "federation", [everything, *choices.federations],
                             key="net_federation", none_option=everything)
sido = scope_selectbox(f2, t("net_sido"), "sido", ["", *choices.sido], key="net_sido", none_option="",
                       format_func=lambda c: choices.sido.get(c, everything))
industry = f3.selectbox(t("net_industry"), [everything, *choices.industries], key="net_industry")
communities = sorted(int(c) for c in metrics["community"].unique() if c >= 0)[:limits.network_communities_listed]
community = f4.selectbox(t("net_community"), [everything, *communities], key="net_community")
group = f5.selectbox(t("net_group"), [everything, *choices.groups], key="net_group")
g1, g2, g3, g4 = st.columns(4)
min_degree = g1.number_input(t("net_min_degree"), 0, 100, 0, key="net_min_degree")
color_by = g2.selectbox(t("net_color"), list(render_network.COLOR_BY), key="net_color",
                        format_func=lambda v: t(f"color_{v}"))
bridges = g3.toggle(t("net_bridges"), key="net_bridges")
suggested_on = g4.toggle(t("net_suggested"), key="net_suggested")

ego = (member or None) if hops != HIGHLIGHT else None
spec = Slice(
    federation=None if federation == everything else federation, sido=sido or None,
    industry=None if industry == everything else industry, community=None if community == everything else community,
    group=None if group == everything else group, min_degree=int(min_degree), ego=ego, hops=int(hops or 1),
    bridges_only=bridges)


@per_version
@st.cache_data(show_spinner=False, max_entries=32)
def drawn_slice(key: str, spec: Slice, color_by: str, suggested: bool, physics: bool, language: str,
                highlight: str | None, _G, _metrics, _engine, _model) -> render_network.SliceView:
    """The slice as drawn, the chosen member highlighted, a click choosing a member (cached per data set and
    choices)."""
    return render_network.draw_slice(_G, _metrics, spec, color_by=color_by, physics=physics,
                                     engine=_engine if suggested else None, model=_model, language=language,
                                     highlight=highlight, select=True)


@per_version
@st.cache_data(show_spinner=False, max_entries=64)
def slice_size(key: str, spec: Slice, _G, _metrics) -> tuple[int, int]:
    """Members in the slice and those of them without a partner in it (cached: the page asks on every rerun)."""
    H = render_network.slice_graph(_G, _metrics, spec)
    return H.number_of_nodes(), sum(1 for n in H if H.degree(n) == 0)


@per_version
@st.cache_resource(show_spinner=False, max_entries=8)
def region_heatmap(key: str, value_label: str, _matrix):
    """The 시도 × 시도 heatmap of partnerships (an Altair chart, never changed), made once per data set and language."""
    return render_chart.matrix_heatmap(_matrix, value_label=value_label)


@per_version
@st.cache_resource(show_spinner=False, max_entries=8)
def region_view(key: str, language: str, _G, _members):
    """The region-level view (HTML of the 시도 network, the 시도 map with arcs; never mutated)."""
    return render_network.region_view(_G, _members, language=language)


size, isolated = slice_size(key, spec, G, metrics)
p1, p2 = st.columns(2)
hide_isolated = p1.toggle(t("net_hide_isolated", count=isolated), key="net_hide_isolated",
                          disabled=spec.ego is not None or (isolated == 0 and not st.session_state.get("net_hide_isolated")))
if hide_isolated and spec.ego is None and spec.min_degree < 1:
    spec = replace(spec, min_degree=1)
    size -= isolated
small = render_network.physics_allowed(size)
physics = p2.toggle(t("net_physics"), key="net_physics", disabled=not small) and small
engine = recommendation_engine(dataset) if suggested_on else None
model = suggestion_model() if suggested_on else None
with st.spinner(t("loading")):
    view = drawn_slice(key, spec, color_by, suggested_on, physics, language(), member or None, G, metrics, engine,
                       model)

if view.members == 0:
    st.info(t("net_empty"))
elif view.drawing is None:
    st.warning(t("net_too_big", nodes=view.members, cap=limits.network_max_nodes))
    st.subheader(t("net_aggregate"))
    html, deck = region_view(key, language(), G, dataset.members)
    left, right = st.columns(2)
    with left:
        st.iframe(html, height=560)
    with right:
        st.pydeck_chart(deck, key="net_arcs", height=560)
    matrix = region_matrix(key, "sido", G)
    if matrix.empty:  # no partnership between members of known 시도: nothing to draw
        st.caption(t("table_empty"))
    else:
        st.altair_chart(region_heatmap(key, t("kpi_partnerships"), matrix), width="stretch")
    download_buttons(matrix.reset_index(), name="sido_matrix", key="net_matrix")
else:
    notes = [t("net_shown", nodes=view.drawing.nodes, edges=view.drawing.edges)]
    if view.grouped_by:
        notes.append(t("net_grouped", by=t(f"net_by_{view.grouped_by}"), groups=view.groups))
    if not view.all_named:
        notes.append(t("net_named", brokers=len(view.brokers)))
    notes.append(t("net_click_hint"))
    st.caption(" ".join(notes))
    st.iframe(view.drawing.html, height=720)
    st.markdown(f"**{t('net_exports')}**")
    e1, e2, e3 = st.columns(3)
    with e1:
        download_button(t("net_graphml"), lambda: view.graphml or b"", file_name="network.graphml", mime="application/xml",
                        key="net_dl_graphml", rows=view.drawing.nodes)
    with e2:
        download_button(t("net_gexf"), lambda: view.gexf or b"", file_name="network.gexf", mime="application/xml",
                        key="net_dl_gexf", rows=view.drawing.nodes)
    with e3:
        download_button(t("net_html"), lambda: view.drawing.html.encode("utf-8"), file_name="network.html",
                        mime="text/html", key="net_dl_html", rows=view.drawing.nodes)

# --- the member in detail --------------------------------------------------------------------------
if member:
    mrow = metrics.set_index("member_id").loc[member]
    st.subheader(t("net_details", name=mrow["name"]))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("col_degree"), f"{int(mrow['degree'])}")
    c2.metric(t("col_betweenness"), f"{mrow['betweenness']:.4f}")
    c3.metric(t("col_partner_regions"), f"{int(mrow['partner_regions'])}")
    c4.metric(t("col_partner_industries"), f"{int(mrow['partner_industries'])}")
    show_member_history(dataset, member, key_prefix="net", outcomes=True)
    if st.button(t("net_to_recommend"), key="net_to_recommend"):
        st.session_state["rec_member"] = member
        st.switch_page("app_pages/recommend.py")

st.markdown(f"**{t('net_exports')}**: {t('net_metrics')}")
download_buttons(metrics, name="member_metrics", key="net_metrics")
