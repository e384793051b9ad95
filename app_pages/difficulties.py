"""애로사항 (Difficulties): the queue to follow each difficulty to a closed status, the dashboards, and the
monthly report.  Staff and administrators act; a leader reads their own federation's; an analyst sees counts
and categories only (:mod:`network.access`)."""

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common import (
    actor,
    current_dataset,
    current_scope,
    current_user,
    dataframe,
    difficulty_queue_table,
    download_button,
    download_buttons,
    field_key,
    language,
    monthly_report_table,
    plain,
    records_changed,
    show_conflict,
    show_error,
    show_member_history,
    show_record_history,
    show_table,
    t,
    whole_dataset,
    workspace,
)
from network import access, fieldwork, schema
from network import report as monthly
from network.config import SETTINGS
from network.errors import NetworkError
from network.render import chart as render_chart
from network.render import map as render_map
from network.render import payload
from network.store.records import IMPORTED_STATUS, OPEN_STATUSES, STATUSES, RecordConflictError, next_statuses

FLASH_KEY = "_dq_flash"


st.title(t("page_difficulties"))
st.caption(t("dq_intro"))
dataset = current_dataset()
scope = current_scope()
user = current_user()
today = dt.date.today()
records = workspace().records
can_act = scope.may_record and user is not None  # demo mode (nobody signed in): nothing is saved into the sample
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash)

everything = difficulty_queue_table(field_key(), today, dataset)
tab_names = (["queue"] if scope.may_list_difficulties else []) + ["dashboard"] + (["report"] if scope.may_record else [])
tabs = dict(zip(tab_names, st.tabs([t(f"dq_tab_{name}") for name in tab_names])))


def choose(label: str, options: list[str], key: str, default: str | None = None) -> str | None:
    """A select box with "all" first."""
    choices = ["", *options]
    index = choices.index(default) if default in choices else 0
    value = st.selectbox(label, choices, index=index, key=key, format_func=lambda v: v or t("rec_all_option"))
    return value or None


def distinct(column: str) -> list[str]:
    return sorted({str(v) for v in everything[column].dropna()}) if column in everything.columns else []


# --- the queue -----------------------------------------------------------------------------------------------
if "queue" in tabs:
    with tabs["queue"]:
        f1, f2 = st.columns(2)
        statuses = f1.multiselect(t("dq_status"), [*STATUSES, IMPORTED_STATUS], default=list(OPEN_STATUSES),
                                  key="dq_status", placeholder=t("choose_options"))
        categories = f2.multiselect(t("dq_category"), list(schema.ISSUE_CATEGORIES), key="dq_category",
                                    placeholder=t("choose_options"))
        f3, f4, f5, f6 = st.columns(4)
        my_office = user.office if user is not None and user.office in distinct("office") else None
        with f3:  # staff see their own office's queue first
            office = choose(t("col_office"), distinct("office"), "dq_office", my_office)
        with f4:
            sido = choose(t("col_sido"), distinct("sido"), "dq_sido")
        with f5:
            in_sido = everything.loc[everything["sido"] == sido, "sigungu"] if sido else everything["sigungu"].iloc[0:0]
            sigungu = choose(t("col_sigungu"), sorted({str(v) for v in in_sido.dropna()}), "dq_sigungu")
        with f6:
            federation = choose(t("col_federation"), distinct("federation"), "dq_federation")
        overdue_only = st.toggle(t("dq_overdue_only"), key="dq_overdue")
        queue = fieldwork.filter_queue(everything, statuses=tuple(statuses), categories=tuple(categories),
                                       office=office, sido=sido, sigungu=sigungu, federation=federation,
                                       overdue_only=overdue_only)
        if queue.empty and len(everything):  # all of them filtered out (the imported history is not "open")
            st.info(t("dq_queue_filtered", total=len(everything)))
        k1, k2, k3 = st.columns(3)
        k1.metric(t("dq_kpi_shown"), f"{len(queue):,}")
        k2.metric(t("dq_kpi_open"), f"{int(queue['status'].isin(OPEN_STATUSES).sum()):,}")
        k3.metric(t("dq_kpi_overdue"), f"{int(queue['overdue'].sum()):,}")
        shown_columns = ["difficulty_id", "status", "due", "overdue", "category", "urgency", "member_name",
                         "sigungu", "office", "owner", "raised_on", "text"]
        shown = queue[shown_columns].head(SETTINGS.limits.rows_shown).copy()
        shown["overdue"] = shown["overdue"].map({True: t("dq_overdue_mark"), False: ""})
        for column in ("due", "raised_on"):
            shown[column] = pd.to_datetime(shown[column]).dt.strftime("%Y-%m-%d").fillna("")
        headers = {c: t(f"dq_col_{c}") for c in shown_columns}
        styled = payload.table(shown.rename(columns=headers)).style.apply(
            lambda row: ["background-color: #fde2c8; font-weight: 600" if row[headers["overdue"]] else ""
                         for _ in row], axis=1)
        dataframe(styled, hide_index=True, width="stretch", height=420)
        if len(queue) > len(shown):
            st.caption(t("rows_shown", shown=len(shown), total=len(queue)))
        download_buttons(queue, name="difficulties", key="dq_download")
        firm = queue["member_name"].where(queue["member_name"].notna(), queue["member_id"]).fillna("-")
        labels = {str(i): f"{i} · {f} · {c} · {s}" for i, f, c, s in
                  zip(queue["difficulty_id"].head(SETTINGS.limits.rows_shown), firm, queue["category"],
                      queue["status"])}

        if can_act:
            with st.expander(t("dq_assign_title")):
                several = st.multiselect(t("dq_assign_which"), list(labels), format_func=labels.get, key="dq_assign_ids",
                                         placeholder=t("choose_options"))
                owner = st.selectbox(t("field_owner"), workspace().accounts.staff(), key="dq_assign_owner")
                if st.button(t("dq_assign"), key="dq_assign_button", disabled=not several or not owner):
                    try:
                        ids = []
                        for row in queue[queue["difficulty_id"].isin(several)].to_dict("records"):
                            ids.append(row["difficulty_id"] if row["recorded"]
                                       else records.adopt(row, actor=actor()).id)
                        records.assign(ids, str(owner), actor=actor())
                    except NetworkError as err:
                        show_error(err)
                    else:
                        records_changed()
                        st.session_state.pop("dq_assign_ids", None)
                        st.session_state[FLASH_KEY] = t("dq_assigned", n=len(ids), owner=owner)
                        st.rerun()

        picked = st.selectbox(t("dq_pick"), list(labels), index=None, format_func=labels.get, key="dq_pick",
                              placeholder=t("dq_pick_hint"))
        if picked is not None:
            row = {k: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v)  # missing → None
                   for k, v in queue[queue["difficulty_id"] == picked].iloc[0].to_dict().items()}
            st.subheader(t("dq_detail", id=row["difficulty_id"], name=row["member_name"] or row["member_id"] or "-"))
            if not row["in_members"]:
                st.warning(t("dq_not_in_members"))
            facts = {t("dq_col_status"): row["status"], t("dq_col_category"): row["category"],
                     t("dq_col_urgency"): row["urgency"], t("dq_col_owner"): row["owner"] or "-",
                     t("dq_col_raised_on"): str(row["raised_on"])[:10],
                     t("dq_col_due"): str(row["due"])[:10] if pd.notna(row["due"]) else "-",
                     t("dq_col_channel"): row["channel"], t("dq_col_visit_id"): row["visit_id"] or "-"}
            if row["referred_to"]:
                facts[t("dq_referred_to")] = row["referred_to"]
            if isinstance(row["close_reason"], str) and row["close_reason"]:
                facts[t("dq_close_reason")] = row["close_reason"]
            dataframe(pd.DataFrame({"": list(facts), " ": [str(v) for v in facts.values()]}), hide_index=True,
                         width="stretch")
            if isinstance(row["text"], str):
                st.text(row["text"])  # as the firm said it: plain text, never markup
            if can_act:
                started_key = f"_dq_started_{row['difficulty_id']}"
                started = st.session_state.setdefault(started_key, int(row["record_version"]))
                staff = workspace().accounts.staff()
                with st.form(f"dq_edit_{row['difficulty_id']}"):
                    moves = [row["status"], *next_statuses(row["status"])]
                    status = st.selectbox(t("dq_status_to"), moves, key=f"dq_e_status_{row['difficulty_id']}")
                    referred_to = st.text_input(t("dq_referred_to"), value=row["referred_to"] or "",
                                                key=f"dq_e_ref_{row['difficulty_id']}", help=t("dq_referred_help"))
                    close_reason = st.text_input(t("dq_close_reason"), value=row["close_reason"] or "",
                                                 key=f"dq_e_reason_{row['difficulty_id']}", help=t("dq_reason_help"))
                    owners = ["", *staff]
                    owner = st.selectbox(t("field_owner"), owners, key=f"dq_e_owner_{row['difficulty_id']}",
                                         index=owners.index(row["owner"]) if row["owner"] in owners else 0,
                                         format_func=lambda o: o or t("field_no_owner"))
                    due = st.date_input(t("dq_col_due"), key=f"dq_e_due_{row['difficulty_id']}", format="YYYY-MM-DD",
                                        value=pd.Timestamp(row["due"]).date() if pd.notna(row["due"]) else None)
                    note = st.text_area(t("dq_note"), key=f"dq_e_note_{row['difficulty_id']}")
                    submitted = st.form_submit_button(t("field_save"), type="primary", width="stretch")
                if submitted:
                    try:
                        record_id, version = row["difficulty_id"], started
                        if not row["recorded"]:
                            adopted = records.adopt(row, actor=actor())
                            record_id, version = adopted.id, adopted.version if started == 0 else started
                        saved = records.update_difficulty(
                            record_id, version=version, actor=actor(),
                            status=status if status != row["status"] else None, owner=owner,
                            due=due if isinstance(due, dt.date) else None, referred_to=referred_to,
                            close_reason=close_reason, note=note)
                    except RecordConflictError as err:
                        show_conflict(err)  # the form keeps what this person entered
                        st.session_state[started_key] = err.stored.version
                    except NetworkError as err:
                        show_error(err)
                    else:
                        records_changed()
                        for key in [k for k in st.session_state
                                    if str(k).startswith("dq_e_") or str(k) == started_key]:
                            del st.session_state[key]
                        st.session_state[FLASH_KEY] = t("dq_saved", id=saved.id, status=saved.status)
                        st.rerun()
            if row["recorded"] or records.find_imported(str(row["difficulty_id"])) is not None:
                show_record_history(str(row["difficulty_id"]))
            if row["in_members"]:
                show_member_history(dataset, str(row["member_id"]), key_prefix="dq")

# --- the dashboards --------------------------------------------------------------------------------------------
with tabs["dashboard"]:
    include_history = st.toggle(t("dq_include_history"), value=True, key="dq_dash_history")
    data = everything if include_history else everything[everything["status"] != IMPORTED_STATUS]
    if data.empty:
        st.info(t("dq_none"))
    else:
        measure = st.segmented_control(t("dq_measure"), ["total", "open", "resolved"], default="total",
                                       key="dq_measure", format_func=lambda m: t(f"dq_measure_{m}")) or "total"
        counts = fieldwork.category_region_counts(data, level="sido")
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{t('dq_heatmap_title', measure=t(f'dq_measure_{measure}'))}**")
            st.altair_chart(render_chart.count_heatmap(counts, x="category", y="sido", value=measure,
                                                       x_title=t("dq_col_category"), y_title=t("col_sido"),
                                                       value_label=t("dq_unit_cases")), width="stretch")
        with right:
            by_sido = fieldwork.open_by_sido(data)
            st.markdown(f"**{t('dq_map_title', measure=t(f'dq_measure_{measure}'))}**")
            deck, legend = render_map.region_choropleth(by_sido, level="sido", value_column=measure,
                                                        value_label=t(f"dq_measure_{measure}"))
            st.pydeck_chart(deck, key="dq_map", height=460)
            st.caption(t("map_caption"))
        download_buttons(counts, name="difficulties_by_region_category", key="dq_counts")

        st.markdown(f"**{t('dq_response_title')}**")
        r1, r2 = st.columns(2)
        for column, by in ((r1, "office"), (r2, "category")):
            times = fieldwork.response_times(data, by)
            with column:
                if times.empty:
                    st.info(t("dq_no_recorded"))
                    continue
                st.altair_chart(render_chart.bars(times, category=by, value="median_days_to_resolution",
                                                  category_title=t("col_office" if by == "office" else
                                                                   "dq_col_category"),
                                                  value_title=t("dq_col_median_days_to_resolution")),
                                width="stretch")
                show_table(times.rename(columns={c: t(f"dq_col_{c}") for c in times.columns if c != by}))
                download_buttons(times, name=f"response_times_by_{by}", key=f"dq_times_{by}")

        st.markdown(f"**{t('dq_trend_title')}**")
        trend = fieldwork.monthly_trend(data)
        if len(trend.columns) > 1:
            st.altair_chart(render_chart.monthly_lines(trend, month_title=t("dq_month"),
                                                       value_title=t("dq_unit_cases"),
                                                       series_title=t("dq_col_category")), width="stretch")
        download_buttons(trend, name="difficulties_by_month", key="dq_trend")
        st.markdown(f"**{t('dq_growing_title')}**")
        growing = fieldwork.growing_categories(data, today=today)
        if growing.empty:  # nothing raised in the last 6 months: say so, and when the last one was
            last = pd.to_datetime(data["raised_on"]).max() if len(data) else pd.NaT
            st.caption(t("dq_growing_none", last="–" if pd.isna(last) else f"{last:%Y-%m-%d}"))
        show_table(growing.rename(columns={c: t(f"dq_col_{c}") for c in growing.columns}), percent=(t("dq_col_growth"),))
        download_buttons(growing, name="growing_categories", key="dq_growing")

    if scope.role == "leader":
        st.markdown(f"**{t('dq_other_federations')}**")
        others = access.difficulty_counts_table(whole_dataset(), scope)
        show_table(others.rename(columns={c: t(f"dq_col_{c}") for c in others.columns}))
        download_buttons(others, name="difficulties_by_federation", key="dq_other")

# --- the monthly report ----------------------------------------------------------------------------------------
if "report" in tabs:
    with tabs["report"]:
        months = [p.strftime("%Y-%m") for p in pd.period_range(end=pd.Period(today, "M"), periods=24, freq="M")][::-1]
        latest = fieldwork.latest_month(dataset, today=today)  # the newest month with visits or difficulties
        m1, m2 = st.columns(2)
        month = m1.selectbox(t("dq_report_month"), months, key="dq_report_month",
                             index=months.index(latest) if latest in months else 0)
        with m2:
            office_choice = choose(t("col_office"), distinct("office"), "dq_report_office",
                                   user.office if user is not None else None)
        try:
            made = monthly_report_table(field_key(), month, office_choice, today, language(), dataset)
        except NetworkError as err:
            show_error(err)
        else:
            st.markdown(f"**{plain(made.title)}**")
            st.caption(plain(made.period))
            numbers = made.numbers()
            cells = st.columns(4)
            for i, item in enumerate(("visits", "firms", "raised", "overdue")):
                cells[i].metric(t(f"report.row.{item}"), f"{numbers[item]:,}")
            if not (numbers["visits"] or numbers["raised"]):
                st.info(t("report.empty", month=month, latest=latest or "–"))
            name = f"monthly_report_{month}" + (f"_{office_choice}" if office_choice else "")
            d1, d2 = st.columns(2)
            with d1:
                download_button(t("dq_report_xlsx"), lambda: monthly.to_xlsx(made), file_name=f"{name}.xlsx",
                                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                key="dq_report_xlsx")
            with d2:
                download_button(t("dq_report_pdf"), lambda: monthly.to_pdf(made), file_name=f"{name}.pdf",
                                mime="application/pdf", key="dq_report_pdf")
