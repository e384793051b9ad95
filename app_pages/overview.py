"""개요 (Overview): headline numbers, members per federation, and a 시도 map of members."""

import pandas as pd
import streamlit as st

from app_pages.common import (
    bar_chart,
    current_dataset,
    current_scope,
    dataframe,
    dataset_key,
    download_buttons,
    field_key,
    language,
    per_version,
    show_table,
    t,
    whole_dataset_counts,
)
from network import access, analysis
from network.dataset import Dataset
from network.render import map as render_map


@per_version
@st.cache_resource(show_spinner=False, max_entries=32)
def members_map(key: str, language: str, value_label: str, _by_sido: pd.DataFrame) -> tuple:
    """The 시도 map of members and its legend, made once per data set, scope and language (never changed)."""
    return render_map.region_choropleth(_by_sido, level="sido", value_column="members", value_label=value_label)


@per_version
@st.cache_data(show_spinner=False, max_entries=32)
def overview_tables(key: str, _dataset: Dataset, _members: pd.DataFrame
                    ) -> tuple[analysis.Headline, pd.DataFrame, pd.DataFrame]:
    """The headline numbers of ``_members`` (with the data set's partnerships and visits), their members per 시도,
    and the data set's members per federation: once per data set, state of the records and scope."""
    numbers = analysis.headline(_members, _dataset.partnerships, _dataset.visits, attendance=_dataset.attendance)
    return (numbers, analysis.members_by_region(_members, level="sido"),
            analysis.members_by_federation(_dataset.members))


st.title(t("app_title"))
st.caption(t("app_caption"))

dataset = current_dataset()
scope = current_scope()
if scope.role == "leader":
    st.caption(t("scope_leader_caption", federation=scope.federation))
elif scope.role == "analyst":
    st.caption(t("scope_analyst_caption"))
members = access.own_members(dataset.members, scope)  # a leader's numbers and map are of their own federation
numbers, by_sido, members_by_federation = overview_tables(field_key(), dataset, members)

cols = st.columns(6)
for col, (key, value) in zip(cols, [
    ("kpi_members", numbers.members), ("kpi_federations", numbers.federations), ("kpi_groups", numbers.groups),
    ("kpi_partnerships", numbers.partnerships), ("kpi_visits", numbers.visits),
    ("kpi_sigungu_reached", numbers.sigungu_reached),
]):
    col.metric(t(key), f"{value:,}")

if not dataset.usable:
    st.info(t("no_members"))
    st.stop()

left, right = st.columns([3, 2])
with left:
    st.subheader(t("members_by_sido"))
    deck, legend = members_map(dataset_key(), language(), t("col_members"), by_sido)
    st.pydeck_chart(deck, key="overview_map", height=540)
    st.caption(t("map_caption"))
    unlocated = len(members) - int(by_sido["members"].sum())
    if unlocated:  # members without a 시도 are on no map and in no region's count: said, not silently dropped
        st.caption(t("members_without_sido", count=unlocated, total=len(members)))
    st.html(legend.html(t("col_members")))
with right:
    st.subheader(t("members_by_federation"))
    if scope.role == "leader":  # every federation, as counts only: small ones suppressed
        by_fed = whole_dataset_counts("federation")
        st.caption(t("leader_aggregates"))
    else:
        by_fed = members_by_federation
    if not by_fed.empty:  # an upload may have no federation column
        bar_chart(by_fed.dropna(subset=["members"]), x="federation", y="members", horizontal=True,
                     sort="-members", x_label=t("col_members"), y_label="", height=420)
    shown = by_fed.assign(members=by_fed["members"].astype(object).where(
        by_fed["members"].notna(), t("access.suppressed"))) if scope.role == "leader" else by_fed
    shown = shown.rename(columns={"federation": t("col_federation"), "members": t("col_members"),
                                   "groups": t("col_groups"), "members_per_group": t("col_members_per_group")})
    dataframe(shown, hide_index=True, width="stretch")
    download_buttons(by_fed, name="members_by_federation", key="overview_fed")

with st.expander(t("members_by_sido")):
    show_table(by_sido, percent=("share",))
    download_buttons(by_sido, name="members_by_sido", key="overview_sido")

if scope.role == "leader":  # every federation by 시도, as counts only (small ones suppressed)
    with st.expander(t("members_by_federation_sido")):
        counts = whole_dataset_counts("sido")
        st.caption(t("leader_aggregates"))
        show_table(counts.assign(members=counts["members"].astype(object).where(
            counts["members"].notna(), t("access.suppressed"))))
        download_buttons(counts, name="members_by_federation_sido", key="overview_fed_sido")
