"""네트워크 분석 (Network analysis): brokers, isolated members, region summaries and the region matrix."""

import streamlit as st

from app_pages.common import (
    current_version,
    dataframe,
    download_buttons,
    member_graph,
    member_metrics,
    region_matrix,
    region_summary,
    show_table,
    start_page,
    t,
)
from network import analysis
from network.render import chart as render_chart

dataset, key = start_page("page_analysis", "an_intro")
with st.spinner(t("loading")):
    G = member_graph(key, dataset.members, dataset.partnerships)
    metrics = member_metrics(key, G)
attrs = metrics.attrs
isolated = analysis.isolated_members_table(metrics)

# --- the numbers, and the period of the partnerships they count ---------------------------------------
has_partnerships = G.number_of_edges() > 0  # without any, modularity and communities mean nothing
modularity = float(attrs.get("modularity", 0.0))
cols = st.columns(5)
for col, (label, value) in zip(cols, [
    (t("kpi_members"), f"{G.number_of_nodes():,}"), (t("kpi_partnerships"), f"{G.number_of_edges():,}"),
    (t("ana_kpi_isolated"), f"{len(isolated):,}"), (t("ana_kpi_communities"), f"{attrs.get('communities', 0):,}"),
    (t("ana_kpi_modularity"), f"{modularity:.2f}" if has_partnerships else "–"),
]):
    col.metric(label, value)
version = current_version()
when = version.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
first, last, undated = analysis.partnership_period(dataset.partnerships)
if not has_partnerships:
    st.info(t("ana_no_partnerships", version=version.id, when=when))
elif first is not None and last is not None:
    st.caption(t("ana_period", first=f"{first:%Y-%m-%d}", last=f"{last:%Y-%m-%d}", version=version.id, when=when))
    if undated:
        st.caption(t("ana_period_undated", count=undated))
else:
    st.caption(t("ana_period_none", version=version.id, when=when))
if has_partnerships and attrs.get("betweenness_sampled"):
    st.caption(t("an_sampled", samples=attrs.get("betweenness_samples"), communities=attrs.get("communities", 0),
                 modularity=modularity))
elif has_partnerships:  # without any, nothing was measured (said above)
    st.caption(t("an_exact", communities=attrs.get("communities", 0), modularity=modularity))

labels = {"name": t("col_name"), "federation": t("col_federation"), "sigungu": t("col_sigungu"),
          "degree": t("col_degree"), "betweenness": t("col_betweenness"), "pagerank": t("col_pagerank"),
          "partner_regions": t("col_partner_regions"), "partner_industries": t("col_partner_industries")}

left, right = st.columns(2)
with left:
    st.subheader(t("an_brokers"))
    brokers = analysis.top_brokers_table(metrics, n=20)
    if not brokers.empty:  # every broker named, the measure's title on the measure's axis
        st.altair_chart(render_chart.bars(brokers, category="name", value="betweenness", category_title="",
                                          value_title=t("col_betweenness"), value_format=".3f"), width="stretch")
    dataframe(brokers[[c for c in labels if c in brokers.columns]].rename(columns=labels), hide_index=True,
                 width="stretch")
    download_buttons(metrics, name="member_metrics", key="an_metrics")
with right:
    st.subheader(t("an_isolated", count=len(isolated)))
    per_federation = analysis.isolated_by_federation_table(isolated)
    if not per_federation.empty:
        st.altair_chart(render_chart.bars(per_federation, category="federation", value="members", category_title="",
                                          value_title=t("col_members"), value_format=","), width="stretch")
    show_table(isolated)
    download_buttons(isolated, name="isolated_members", key="an_isolated")

st.subheader(t("an_regions"))
level = st.segmented_control(t("an_level"), ["sido", "federation"], default="sido", key="an_level",
                             format_func=lambda v: t(f"level_{v}")) or "sido"
summary = region_summary(key, level, G, metrics)
show_table(summary, percent=("isolated_share",))
download_buttons(summary, name=f"{level}_summary", key="an_summary")
st.markdown(f"**{t('an_matrix')}**")
matrix = region_matrix(key, level, G)
if matrix.empty:  # no partnership between members of known regions: nothing to draw
    st.caption(t("table_empty"))
else:
    st.altair_chart(render_chart.matrix_heatmap(matrix, value_label=t("kpi_partnerships")), width="stretch")
download_buttons(matrix.reset_index(), name=f"{level}_matrix", key="an_matrix")
