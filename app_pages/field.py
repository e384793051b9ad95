"""현장 기록 (Record field work): a visit held today and the difficulties firms raised there, on a phone as on a
desk.  Staff and administrators record; the library checks everything (:mod:`network.store.records`)."""

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common import (
    actor,
    current_dataset,
    current_scope,
    current_user,
    deny,
    records_changed,
    show_conflict,
    show_error,
    show_record_history,
    t,
    workspace,
)
from network import fieldwork, schema
from network.difficulty_category import suggest_categories
from network.errors import NetworkError
from network.store.records import (
    CHANNELS,
    PROGRAM_CHOICES,
    URGENCIES,
    DifficultyInput,
    RecordConflictError,
    VisitInput,
)

MODE_KEY, NEXT_MODE_KEY, FLASH_KEY = "field_mode", "_field_mode_next", "_field_flash"
MODES = ("visit", "difficulty", "correct")

st.title(t("page_field"))
scope = current_scope()
if not scope.may_record:
    deny("field")
    st.stop()
st.caption(t("field_intro"))

dataset = current_dataset()
records = workspace().records
user = current_user()
today = dt.date.today()
labels = fieldwork.member_labels(dataset.members)

if NEXT_MODE_KEY in st.session_state:  # set by a save before the control exists in this run
    st.session_state[MODE_KEY] = st.session_state.pop(NEXT_MODE_KEY)
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash)
st.session_state.setdefault(MODE_KEY, "visit")
mode = st.segmented_control(t("field_mode"), MODES, key=MODE_KEY, format_func=lambda m: t(f"field_mode_{m}")) or "visit"
demo = user is None  # demo mode: the sample is open to anyone, so nothing is recorded into it
if demo:
    st.warning(t("field_demo"))

offices = sorted({str(o) for o in dataset.offices.get("name", pd.Series(dtype=object)).dropna()}
                 | {str(o) for o in dataset.visits.get("office", pd.Series(dtype=object)).dropna()})
my_office = user.office if user is not None and user.office in offices else None


def visit_form(prefix: str, start: VisitInput | None) -> VisitInput | None:
    """The visit form (new or a correction); returns what was entered when it is submitted."""
    with st.form(f"{prefix}_form", border=True):
        date = st.date_input(t("field_date"), value=start.date if start else today, max_value=today,
                             format="YYYY-MM-DD", key=f"{prefix}_date")
        program = st.selectbox(t("field_program"), PROGRAM_CHOICES, key=f"{prefix}_program",
                               index=PROGRAM_CHOICES.index(start.program) if start else 2)
        office_choices = ["", *offices]
        office_start = (start.office if start else my_office) or ""
        office = st.selectbox(t("field_office"), office_choices, key=f"{prefix}_office",
                              index=office_choices.index(office_start) if office_start in office_choices else 0,
                              format_func=lambda o: o or t("field_no_office"))
        place = st.text_input(t("field_place"), value=start.place if start else "", key=f"{prefix}_place",
                              placeholder=t("field_place_hint"))
        firms = st.multiselect(t("field_firms"), list(labels), default=[m for m in (start.member_ids if start else ())
                                                                        if m in labels],
                               format_func=lambda m: labels.get(m, m), key=f"{prefix}_firms",
                               placeholder=t("field_firms_hint"))
        guests = st.text_area(t("field_guests"), key=f"{prefix}_guests", placeholder=t("field_guests_hint"),
                              value="\n".join(f"{g.name}, {g.place}" if g.place else g.name
                                              for g in (start.guests if start else ())))
        participants = st.number_input(t("field_participants"), min_value=0, step=1, key=f"{prefix}_participants",
                                       value=start.participants if start else None, help=t("field_participants_help"))
        notes = st.text_area(t("field_notes"), value=start.notes if start else "", key=f"{prefix}_notes")
        if not st.form_submit_button(t("field_save"), type="primary", width="stretch", disabled=demo):
            return None
    return VisitInput(date=date if isinstance(date, dt.date) else None, program=program, place=place,
                      office=office or None, member_ids=tuple(firms), guests=fieldwork.parse_guests(guests),
                      participants=int(participants) if participants is not None else None, notes=notes)


# --- a new visit ---------------------------------------------------------------------------------------------
if mode == "visit":
    entered = visit_form("fv", None)
    if entered is not None:
        try:
            visit = records.add_visit(entered, members=dataset.members, actor=actor())
        except NetworkError as err:
            show_error(err)
        else:
            records_changed()
            st.session_state["fd_visit"] = visit.id
            st.session_state[NEXT_MODE_KEY] = "difficulty"
            st.session_state[FLASH_KEY] = t("field_visit_saved", id=visit.id, sigungu=visit.sigungu,
                                            firms=len(visit.member_ids))
            for key in [k for k in st.session_state if str(k).startswith("fv_")]:
                del st.session_state[key]
            st.rerun()

# --- a difficulty ---------------------------------------------------------------------------------------------
elif mode == "difficulty":
    if st.session_state.pop("_fd_reset", False):
        for key in ("fd_text", "fd_category", "fd_due"):
            st.session_state.pop(key, None)
    visit_choices = fieldwork.visit_labels(dataset.visits[dataset.visits["recorded"].astype(bool)]
                                           if "recorded" in dataset.visits.columns else dataset.visits.iloc[0:0],
                                           limit=200)
    chosen_visit = st.selectbox(t("field_visit"), [None, *visit_choices], key="fd_visit",
                                format_func=lambda v: visit_choices.get(v, v) if v else t("field_no_visit"),
                                help=t("field_visit_help"))
    at_visit: list[str] = []
    if chosen_visit:
        at_visit = dataset.attendance.loc[dataset.attendance["visit_id"] == chosen_visit, "member_id"].astype(
            str).tolist()
    firm_options = [*[m for m in at_visit if m in labels], *[m for m in labels if m not in set(at_visit)]]
    member = st.selectbox(t("field_firm"), firm_options, index=None, key="fd_member",
                          format_func=lambda m: labels.get(m, m), placeholder=t("field_firms_hint"))
    channel = "방문"
    if not chosen_visit:
        channel = st.radio(t("field_channel"), [c for c in CHANNELS if c != "방문"], horizontal=True,
                           key="fd_channel") or "전화"

    def suggest() -> None:
        """As the text is entered: the suggested category becomes the choice (the person may change it)."""
        text = st.session_state.get("fd_text") or ""
        if text.strip():
            st.session_state["fd_category"] = suggest_categories(text)[0].category

    text = st.text_area(t("field_text"), key="fd_text", on_change=suggest, placeholder=t("field_text_hint"))
    if text.strip():
        ranked = suggest_categories(text)
        best = ranked[0]
        why = ", ".join(best.terms) if best.terms else t("field_no_terms")
        st.caption(t("field_suggested", category=best.category, terms=why,
                     others=", ".join(s.category for s in ranked[1:3] if s.score > 0) or "-"))
    category = st.segmented_control(t("field_category"), schema.ISSUE_CATEGORIES, key="fd_category")
    urgency = st.radio(t("field_urgency"), URGENCIES, horizontal=True, key="fd_urgency")
    staff = workspace().accounts.staff()
    default_owner = user.username if user is not None and user.username in staff else None
    owner = st.selectbox(t("field_owner"), [None, *staff], key="fd_owner",
                         index=([None, *staff].index(default_owner) if default_owner else 0),
                         format_func=lambda o: o or t("field_no_owner"))
    due = st.date_input(t("field_due"), value=None, key="fd_due", format="YYYY-MM-DD",
                        help=t("field_due_help", days=records.policy.days_to_answer(category, urgent=urgency == "긴급")))
    if st.button(t("field_save_difficulty"), type="primary", width="stretch", key="fd_save", disabled=demo):
        dates = dict(zip(dataset.visits["visit_id"].astype(str), pd.to_datetime(dataset.visits["date"]).dt.date))
        try:
            saved = records.add_difficulty(
                DifficultyInput(member_id=member or "", text=text, category=category, urgency=urgency or "보통",
                                visit_id=chosen_visit, channel=channel, owner=owner,
                                due=due if isinstance(due, dt.date) else None),
                members=dataset.members, actor=actor(), visit_dates=dates)
        except NetworkError as err:
            show_error(err)
        else:
            records_changed()
            st.session_state["_fd_reset"] = True
            st.session_state[FLASH_KEY] = t("field_difficulty_saved", id=saved.id, category=saved.category,
                                            due=saved.due.isoformat() if saved.due else "-")
            st.rerun()

# --- correct a recorded visit ---------------------------------------------------------------------------------
else:
    recorded = dataset.visits[dataset.visits["recorded"].astype(bool)] if "recorded" in dataset.visits.columns \
        else dataset.visits.iloc[0:0]
    choices = fieldwork.visit_labels(recorded)
    if not choices:
        st.info(t("field_no_recorded_visits"))
        st.stop()
    chosen = st.selectbox(t("field_pick_visit"), list(choices), format_func=lambda v: choices[v], key="fc_visit")
    visit = records.visit(chosen)
    st.caption(t("field_recorded_by", by=visit.created_by or "-", at=visit.created_at.astimezone().strftime(
        "%Y-%m-%d %H:%M"), version=visit.version))
    started_key = f"_fc_started_{visit.id}"  # the version this person's corrections start from
    started = st.session_state.setdefault(started_key, visit.version)
    entered = visit_form(f"fc_{visit.id}", visit.as_input())
    if entered is not None:
        try:
            records.change_visit(visit.id, entered, version=started, members=dataset.members, actor=actor())
        except RecordConflictError as err:
            show_conflict(err)  # the form keeps what this person entered; saving again is a deliberate choice
            st.session_state[started_key] = err.stored.version
        except NetworkError as err:
            show_error(err)
        else:
            records_changed()
            for key in [k for k in st.session_state if str(k).startswith(f"fc_{visit.id}_")] + [started_key]:
                del st.session_state[key]
            st.session_state[FLASH_KEY] = t("field_visit_changed", id=visit.id)
            st.rerun()
    show_record_history(visit.id)
