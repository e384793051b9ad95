"""데이터 (Data): upload the six tables, see the validation report, download rejected rows, switch data."""

import streamlit as st

from app_pages.common import (
    SHEET_KEY,
    SOURCE_KEY,
    UPLOAD_KEY,
    current_dataset,
    download_buttons,
    language,
    load_uploaded_dataset,
    show_table,
    source_label,
    t,
)
from network import export, schema

TABLES = list(schema.TABLES)

st.title(t("page_data"))
st.write(t("data_intro"))

uploads = {}
for row in (TABLES[:3], TABLES[3:]):
    for col, table in zip(st.columns(3), row):
        uploaded = col.file_uploader(t(f"upload_{table}"), type=["csv", "xlsx", "txt", "tsv"],
                                     key=f"data_file_{table}")
        if uploaded is not None:
            uploads[table] = (uploaded.name, uploaded.getvalue())
sheet = st.text_input(t("sheet_name"), key="data_sheet").strip() or None

if uploads:
    files = tuple((table, name, data) for table, (name, data) in uploads.items())
    with st.spinner(t("loading")):
        checked = load_uploaded_dataset(files, sheet)
    report = checked.report
    st.subheader(t("report_title"))
    for problem in report.file_errors:
        st.error(f"{problem.location(language())}: {problem.message(language())}")
    counts = [{t("col_table"): schema.table_label(name, language()), t("col_file"): checked.files.get(name, ""),
               t("col_read"): c["read"], t("col_valid"): c["valid"], t("col_rejected"): c["rejected"]}
              for name, c in report.counts.items()]
    if counts:
        st.dataframe(counts, hide_index=True, width="stretch")
    st.markdown(f"**{t('problems_title')}**")
    if report.table().empty:
        st.success(t("no_problems"))
    else:
        choice = st.radio(t("show_severity"), ["all", "error", "warning"], horizontal=True, key="data_severity",
                          format_func=lambda v: t(f"severity_{v}"))
        shown = report.table(language=language(), severity=None if choice == "all" else choice)
        show_table(shown)
        st.download_button(t("download_problems"), export.to_csv_bytes(report.table(language=language())),
                           file_name="problems.csv", mime="text/csv", key="data_download_problems")
        for name in report.rejected:
            rejected = report.rejected_table(name, language=language())
            if not rejected.empty:
                st.download_button(t("download_rejected", table=schema.table_label(name, language())),
                                   export.to_csv_bytes(rejected), file_name=f"rejected_{name}.csv", mime="text/csv",
                                   key=f"data_download_rejected_{name}")
    if st.button(t("use_upload"), key="data_use_upload", type="primary", disabled=not checked.usable):
        st.session_state[UPLOAD_KEY] = files
        st.session_state[SHEET_KEY] = sheet
        st.session_state[SOURCE_KEY] = "upload"
        st.rerun()
    if not checked.usable:
        st.caption(t("use_upload_needs_members"))

if st.session_state.get(SOURCE_KEY) == "upload":
    st.info(t("now_using_upload"))
    if st.button(t("back_to_sample"), key="data_back_to_sample"):
        st.session_state[SOURCE_KEY] = "sample"
        st.session_state.pop(UPLOAD_KEY, None)
        st.rerun()

st.subheader(f"{t('current_data')}: {source_label()}")
dataset = current_dataset()
table = st.segmented_control(t("choose_table"), TABLES, default="members", key="data_table",
                             format_func=lambda v: schema.table_label(v, language())) or "members"
frame = dataset.tables()[table].drop(columns=["source_row"], errors="ignore")
show_table(frame, table=table)
download_buttons(frame, name=table, key=f"data_download_{table}")
