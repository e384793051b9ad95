"""간담회 기획 (Plan a matchmaking meeting): whom to invite near an office or a 시군구 so that the meeting makes the
most valuable introductions, the pairs to introduce with their reasons, each invitee's profile, and the briefing
as XLSX and PDF.  Staff and administrators plan; the library decides (:mod:`network.meeting`)."""

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common import (
    current_dataset,
    current_scope,
    dataframe,
    deny,
    download_button,
    download_buttons,
    field_key,
    language,
    per_version,
    plain,
    recommendation_engine,
    show_error,
    show_table,
    suggestion_model,
    t,
)
from network import fieldwork, meeting, recommend
from network.dataset import Dataset
from network.errors import NetworkError
from network.evaluate import Model
from network.render import map as render_map

st.title(t("page_meeting"))
scope = current_scope()
if not scope.may_record:
    deny("meeting")
st.caption(t("meeting_intro"))

dataset = current_dataset()
today = pd.Timestamp.now(tz=fieldwork.LOCAL_TIMEZONE).date()

# --- the meeting ---------------------------------------------------------------------------------
kind = st.segmented_control(t("meeting_place_kind"), ["office", "sigungu"], default="office", key="mt_kind",
                            format_func=lambda k: t(f"meeting_place_{k}")) or "office"
offices = dataset.offices
if kind == "office" and len(offices):
    names = meeting.office_choices(dataset.members, offices)  # the office with the most members around it first
    place = st.selectbox(t("meeting_place_office"), names, key="mt_office")
else:
    if kind == "office":
        st.info(t("meeting_no_offices"))
    areas = (dataset.members.dropna(subset=["sigungu_code"]).drop_duplicates("sigungu_code")
             .sort_values(["sido_code", "sigungu_code"]))
    area_names = {str(code): sido if sigungu == sido else f"{sido} {sigungu}"  # 세종특별자치시 once, not twice
                  for code, sido, sigungu in zip(areas["sigungu_code"], areas["sido"].fillna(""),
                                                 areas["sigungu"].fillna(""))}
    if not area_names:  # no member has a known 시군구: there is nowhere to hold it
        st.info(t("meeting_no_areas"))
        st.stop()
    place = st.selectbox(t("meeting_place_sigungu"), list(area_names), key="mt_sigungu", format_func=area_names.get)
left, middle, right, far = st.columns(4)
date = left.date_input(t("meeting_date"), value=today + dt.timedelta(days=14), min_value=today, key="mt_date")
seats = middle.number_input(t("meeting_seats"), min_value=2, max_value=200, value=20, step=1, key="mt_seats")
radius = right.number_input(t("meeting_radius"), min_value=1, max_value=300, value=30, step=5, key="mt_radius")
share = far.slider(t("meeting_group_share"), 0.05, 1.0, 0.25, 0.05, key="mt_share", format="%.2f")


@per_version
@st.cache_data(show_spinner=False, max_entries=16)
def planned(key: str, kind: str, place: str, date: dt.date, seats: int, radius: float, share: float, today: dt.date,
            language: str, _data: Dataset, _engine: recommend.Engine, _model: Model) -> meeting.MeetingPlan:
    """The plan for these choices (cached per data set, state of the records and choices)."""
    options = meeting.MeetingOptions(seats=seats, radius_km=radius, max_group_share=share)
    where = {"office": place} if kind == "office" and len(_data.offices) else {"sigungu": place}
    return meeting.plan_meeting(_data, date=date, options=options, engine=_engine, weights=_model.weights,
                                suggestion_options=_model.options(recommend.Options()), today=today,
                                language=language, **where)


try:
    with st.spinner(t("meeting_planning")):
        model = suggestion_model()
        plan = planned(field_key(), kind, str(place), date, int(seats), float(radius), float(share), today,
                       language(), dataset, recommendation_engine(dataset), model)
except NetworkError as err:
    show_error(err)
    st.stop()

# --- the plan ------------------------------------------------------------------------------------
st.subheader(plain(plan.title(language())))
for note in plan.note_texts(language()):
    st.info(plain(note))
k1, k2, k3, k4 = st.columns(4)
k1.metric(t("meeting_kpi_invited"), f"{len(plan.invitees):,}")
k2.metric(t("meeting_kpi_pairs"), f"{len(plan.pairs):,}")
k3.metric(t("meeting_kpi_candidates"), f"{plan.candidates:,}")
k4.metric(t("meeting_kpi_cap"), f"{plan.group_cap:,}")
st.caption(t("meeting_method", objective=plan.objective))

st.pydeck_chart(render_map.meeting_map({"name": plan.place.name, "lat": plan.place.lat, "lon": plan.place.lon},
                                       plan.invitees, plan.pairs, radius_km=plan.options.radius_km),
                key="mt_map", height=480)
st.caption(t("meeting_map_caption", radius=plan.options.radius_km))

st.markdown(f"**{t('meeting_invitees')}**")
invitees = plan.labelled("invitees", language())
show_table(invitees)
download_buttons(invitees, name="meeting_invitees", key="mt_invitees")

st.markdown(f"**{t('meeting_pairs')}**")
pairs = plan.labelled("pairs", language())
dataframe(pairs, hide_index=True, width="stretch",
             column_config={pairs.columns[-1]: st.column_config.TextColumn(width="large")})
download_buttons(pairs, name="meeting_pairs", key="mt_pairs")

st.markdown(f"**{t('meeting_profiles')}**")
profiles = plan.labelled("profiles", language())
download_buttons(profiles, name="meeting_profiles", key="mt_profiles")
names = dict(zip(plan.invitees["member_id"], plan.invitees["order"].astype(str) + ". " + plan.invitees["name"]))
if names:
    chosen = st.selectbox(t("meeting_profile_of"), list(names), key="mt_profile", format_func=names.get)
    one = profiles[plan.profiles.members["member_id"].to_numpy() == chosen].T.reset_index()
    one.columns = [t("meeting_col_field"), t("meeting_col_value")]
    dataframe(one.astype(str).replace({"nan": "", "None": ""}), hide_index=True, width="stretch")

# --- the briefing --------------------------------------------------------------------------------
st.subheader(t("meeting_briefing"))
stem = f"meeting_{plan.date.isoformat()}_{plan.place.id}"
b1, b2 = st.columns(2)
with b1:
    download_button(t("meeting_download_xlsx"), lambda: meeting.to_xlsx(plan, language()), file_name=f"{stem}.xlsx",
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="mt_xlsx",
                    rows=len(plan.invitees))
with b2:
    download_button(t("meeting_download_pdf"), lambda: meeting.to_pdf(plan, language()), file_name=f"{stem}.pdf",
                    mime="application/pdf", key="mt_pdf", rows=len(plan.invitees))
