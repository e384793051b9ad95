"""데이터 (Data): check uploads, save them as a new version of the workspace, see the versions and roll back."""

import pandas as pd
import streamlit as st

from app_pages.common import (
    BOUNDARIES_KEY,
    actor,
    current_scope,
    current_user,
    current_version,
    dataframe,
    download_button,
    download_buttons,
    imported_dataset,
    language,
    plain,
    read_boundary_upload,
    show_error,
    show_table,
    source_label,
    t,
    user_boundaries,
    workspace,
)
from network import export, geo, schema
from network.errors import NetworkError
from network.store import CheckedImport, VersionDiff
from network.uploads import check_uploads, limits_note, start_worker
from network.validate import ValidationReport

TABLES = list(schema.TABLES)
BOUNDARY_GENERATION_KEY = "data_boundary_generation"  # bumped to empty the boundary uploader
GENERATION_KEY = "data_upload_generation"  # bumped after a save, so the uploaders start empty again
SAVED_KEY = "data_saved_version"


@st.cache_data(show_spinner=False, max_entries=4)
def check_upload(files: tuple[tuple[str, str, bytes], ...], sheet: str | None, based_on: int | None,
                 language: str) -> CheckedImport:
    """The uploaded files checked with the current version's other tables (cached by their bytes and the
    version they are checked against), in a worker process with a time limit and a memory ceiling
    (:func:`network.uploads.check_uploads`): a huge or hostile file cannot stall or swell the server, and
    what stops it shows in the report like an unreadable file."""
    return check_uploads(workspace().url, {table: (name, data) for table, name, data in files}, sheet=sheet,
                         language=language).checked


@st.cache_data(show_spinner=False, max_entries=8)
def version_diff(workspace_url: str, version: int, cache_key: str) -> VersionDiff:
    """What a version changed since the one it was made from (versions never change: cached by the version)."""
    return workspace().compare(version)


@st.cache_data(show_spinner=False, max_entries=8)
def version_report(workspace_url: str, version: int, cache_key: str) -> ValidationReport:
    """The report saved with a version (cached by the version, like its changes)."""
    return workspace().report(version)


def show_report(report: ValidationReport, files: dict[str, str], *, key: str = "check") -> None:
    """The validation report of a checked upload or of a saved version: counts, problems, downloads."""
    suffix = "" if key == "check" else f"_{key}"  # widget keys: the upload's report keeps the plain ones
    for problem in report.file_errors:
        st.error(plain(f"{problem.location(language())}: {problem.message(language())}"))
    counts = [{t("col_table"): schema.table_label(name, language()), t("col_file"): files.get(name, ""),
               t("col_read"): c["read"], t("col_valid"): c["valid"], t("col_rejected"): c["rejected"]}
              for name, c in report.counts.items()]
    if counts:
        dataframe(pd.DataFrame(counts), hide_index=True, width="stretch")
    st.markdown(f"**{t('problems_title')}**")
    if report.table().empty:
        st.success(t("no_problems"))
        return
    choice = st.radio(t("show_severity"), ["all", "error", "warning"], horizontal=True,
                      key=f"data_severity{suffix}",
                      format_func=lambda v: t(f"severity_{v}"))
    # repeats folded (message, how many rows, the first rows); the download below keeps every row
    show_table(report.summary(language=language(), severity=None if choice == "all" else choice))
    download_button(t("download_problems"), lambda: export.to_csv_bytes(report.table(language=language())),
                    file_name="problems.csv", mime="text/csv", key=f"data_download_problems{suffix}",
                    rows=len(report.table()))
    for name in report.rejected:
        rejected = report.rejected_table(name, language=language())
        if not rejected.empty:
            download_button(t("download_rejected", table=schema.table_label(name, language())),
                            lambda rejected=rejected: export.to_csv_bytes(rejected), file_name=f"rejected_{name}.csv",
                            mime="text/csv", key=f"data_download_rejected_{name}{suffix}", rows=len(rejected))


scope = current_scope()
st.title(t("page_data"))
st.write(t("data_intro"))
if SAVED_KEY in st.session_state:
    st.success(t("data_saved", version=st.session_state.pop(SAVED_KEY)))

# --- upload, check, save (what the role may import: admin everything, staff the field work) ----------
generation = st.session_state.get(GENERATION_KEY, 0)
suffix = f"_{generation}" if generation else ""
uploads = {}
importable = [table for table in TABLES if scope.may_import(table)]
for start in range(0, len(importable), 3):
    for col, table in zip(st.columns(3), importable[start:start + 3]):
        uploaded = col.file_uploader(t(f"upload_{table}"), type=["csv", "xlsx", "txt", "tsv"],
                                     key=f"data_file_{table}{suffix}")
        if uploaded is not None:
            uploads[table] = (uploaded.name, uploaded.getvalue())
if importable:  # the upload-size note: server.maxUploadSize (.streamlit/config.toml) and the limits of the check
    st.caption(plain(limits_note(st.get_option("server.maxUploadSize"), language=language())))
    start_worker()  # the process that will check an upload, started while the person picks a file
if importable:
    sheet = st.text_input(t("sheet_name"), key="data_sheet").strip() or None
else:
    sheet = None
    st.caption(t("data_read_only"))
if importable:  # input templates: one XLSX per table the role may import (headers, explanations, an example)
    from network import templates

    with st.expander(t("tpl_title")):
        st.caption(t("tpl_caption"))
        for start in range(0, len(importable), 3):
            for col, table in zip(st.columns(3), importable[start:start + 3]):
                with col:
                    download_button(t("tpl_download", table=schema.table_label(table, language())),
                                    lambda table=table: templates.template_xlsx(table, language()),
                                    file_name=templates.file_name(table, language()), key=f"data_template_{table}",
                                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
demo = current_user() is None  # demo mode: the sample is open to anyone, so nothing real is saved into it

if uploads:
    files = tuple((table, name, data) for table, (name, data) in uploads.items())
    try:
        with st.spinner(t("loading")):
            checked = check_upload(files, sheet, current_version().id, language())
    except NetworkError as err:
        show_error(err)
        st.stop()
    st.subheader(t("report_title"))
    if checked.kept:
        st.caption(t("data_kept", version=checked.based_on,
                     tables=", ".join(schema.table_label(name, language()) for name in checked.kept)))
    elif current_version().is_sample:  # nothing of the sample's fictional tables goes into the new version
        st.caption(t("data_sample_not_kept"))
    show_report(checked.dataset.report, checked.dataset.files)
    note = st.text_input(t("data_note"), key="data_note", max_chars=200)
    # the button belongs to the check shown: when another session saved a version meanwhile, the files are
    # checked again against it and this new report needs its own click (nothing is saved unseen)
    if st.button(t("data_save"), key=f"data_save_{checked.based_on}", type="primary",
                 disabled=demo or not checked.savable):
        try:
            saved = workspace().save(checked, note=note, created_by=actor())
        except NetworkError as err:
            show_error(err)
        else:
            st.session_state[SAVED_KEY] = saved.id
            st.session_state[GENERATION_KEY] = generation + 1
            st.rerun()
    if demo:
        st.warning(t("data_save_needs_admin"))
    elif not checked.savable:
        st.caption(t("use_upload_needs_members"))

# --- versions ------------------------------------------------------------------------------------
st.subheader(t("versions_title"))
versions = workspace().versions_table(language=language())
show_table(versions, table="versions")
download_buttons(versions, name="versions", key="data_versions", table="versions")
numbers = versions["version"].tolist()
chosen = st.selectbox(t("version_choose"), numbers, key="data_version",
                      format_func=lambda n: t("version_label", version=n))
if chosen is not None:
    chosen = int(chosen)
    info = workspace().version(chosen)
    diff = version_diff(workspace().shown_url, chosen, info.cache_key)
    counts = diff.counts()
    cols = st.columns(5)
    for col, name in zip(cols, counts):
        col.metric(t(f"diff_{name}"), f"{counts[name]:,}")
    if diff.before is not None and scope.may_see_reports:  # the first version has nothing to compare with
        st.caption(t("diff_since", version=chosen, before=diff.before))
        if st.toggle(t("diff_details"), key="data_show_diff"):
            for name in ("members_added", "members_removed", "members_changed", "partnerships_added",
                         "partnerships_removed"):
                frame = getattr(diff, name)
                if not frame.empty:
                    st.markdown(f"**{t(f'diff_{name}')}**")
                    show_table(frame)
    if scope.may_see_reports and st.toggle(t("version_report"), key="data_show_report"):
        show_report(version_report(workspace().shown_url, chosen, info.cache_key), info.sources(language()),
                    key="version")
    is_current = chosen == current_version().id  # the version this run shows (the sidebar's)
    if scope.may_rollback and st.button(t("rollback", version=chosen), key="data_rollback", disabled=is_current):
        try:
            workspace().rollback(chosen, actor=actor())
        except NetworkError as err:
            show_error(err)
        else:
            st.rerun()
    if is_current and scope.may_rollback:
        st.caption(t("rollback_current", version=chosen))

# --- map boundaries (this session's maps; anyone may choose them: they are not member data) --------
st.subheader(t("bnd_title"))
st.caption(t("bnd_intro"))
boundary_generation = st.session_state.get(BOUNDARY_GENERATION_KEY, 0)
boundary_files = st.file_uploader(
    t("bnd_upload"), type=[s.lstrip(".") for s in (*geo.BOUNDARY_SUFFIXES, ".shx", ".dbf", ".prj", ".cpg")],
    accept_multiple_files=True, key=f"data_boundaries_{boundary_generation}")
if boundary_files:
    parts = tuple(sorted((f.name, f.getvalue()) for f in boundary_files))
    try:
        with st.spinner(t("loading")):
            st.session_state[BOUNDARIES_KEY] = read_boundary_upload(parts)
    except NetworkError as err:
        show_error(err)
chosen_boundaries = user_boundaries()
if chosen_boundaries is None:
    st.caption(t("bnd_bundled"))
else:
    st.success(t("bnd_in_use", summary=chosen_boundaries.summary(language())))
    with st.expander(t("bnd_matched")):
        show_table(chosen_boundaries.matched)
        download_buttons(chosen_boundaries.matched, name="boundaries_matched", key="data_boundaries_matched")
    problems = chosen_boundaries.problems_table(language())
    if not problems.empty:
        st.markdown(f"**{t('bnd_problems')}**")
        show_table(problems.drop(columns=["code"]))  # the message says it; the download keeps the code
        download_buttons(problems, name="boundary_problems", key="data_boundary_problems")
    if st.button(t("bnd_reset"), key="data_boundaries_reset"):
        st.session_state.pop(BOUNDARIES_KEY, None)
        st.session_state[BOUNDARY_GENERATION_KEY] = boundary_generation + 1
        st.rerun()

# --- the data in use -----------------------------------------------------------------------------
st.subheader(f"{t('current_data')}: {source_label()}")
dataset = imported_dataset()  # the version as imported; the records of the app are not versions
table = st.segmented_control(t("choose_table"), TABLES, default="members", key="data_table",
                             format_func=lambda v: schema.table_label(v, language())) or "members"
frame = dataset.tables()[table].drop(columns=["source_row"], errors="ignore")
show_table(frame, table=table)
download_buttons(frame, name=table, key=f"data_download_{table}", table=table)
