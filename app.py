"""지역 협업 네트워크 탐색기 — the Streamlit entry: page setup, sign-in, shared sidebar, navigation.

Run with ``python app.py`` (the server starts with its pages warmed: :mod:`app_pages.serve`) or
``streamlit run app.py``; pages live in ``app_pages/``.  While the workspace holds only the bundled
sample and has no account, every page opens without sign-in (demo mode); after that only the sign-in page does
until someone signs in, and each page then shows the data set as the user's role may see it
(:mod:`network.access`).
"""

import sys

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

if get_script_run_ctx(suppress_warning=True) is None:  # `python app.py [options]`: start the server, warmed
    from app_pages.serve import main

    sys.exit(main())

from app_pages.common import (
    LANGUAGE_KEY,
    check_session,
    current_scope,
    current_user,
    finish_single_sign_on,
    follow_url_language,
    follow_url_scope,
    keep_language_in_url,
    keep_scope_in_url,
    language,
    localize_streamlit,
    read_current_version,
    show_error,
    sign_in_required,
    sign_out,
    source_label,
    t,
    unknown_address,
    warm_up_server,
    workspace,
)
from network import signon
from network.errors import NetworkError

# An emoji icon: a ":material/…:" page icon makes the browser fetch the favicon from fonts.gstatic.com
# (caught by the offline browser test).
st.set_page_config(page_title="지역 협업 네트워크 탐색기", page_icon="🤝", layout="wide")

with st.sidebar:
    follow_url_language()  # ?lang=en opens (and a reload keeps) the English UI
    st.toggle(t("language_toggle"), key=LANGUAGE_KEY)
    keep_language_in_url()
    follow_url_scope()  # ?sido=47&federation=… chooses the 시도 and federation of every page
    keep_scope_in_url()
    localize_streamlit()
    try:  # the workspace opens here first: a wrong DATABASE_URL or a server that is down is said once, clearly
        read_current_version()  # once per run: every page of this run shows this version
        signon.install_audit_of_failures(workspace())  # once per server (idempotent): SSO failures Streamlit logs
        check_session()  # idle too long, or the account was disabled meanwhile: signed out, and told why
        if current_user() is None and sign_in_required():
            finish_single_sign_on()  # back from the identity provider: the account it names, or a clear message
        user = current_user()
        required = sign_in_required()
    except NetworkError as err:
        show_error(err)
        st.stop()
    if user is not None or not required:
        st.caption(f"{t('data_source')}: {source_label()}")
    if user is not None:
        st.caption(t("signed_in_as", username=user.username, role=user.scope_label(language())))
        if st.button(t("sign_out"), key="sign_out"):
            if sign_out():
                st.stop()  # the browser is on its way to the identity provider's end of session
            st.rerun()

#: The app's pages: (file, title, icon, address).
PAGES = [
    ("app_pages/overview.py", "page_overview", ":material/map:", "overview"),
    ("app_pages/network.py", "page_network", ":material/share:", "network"),
    ("app_pages/recommend.py", "page_recommend", ":material/handshake:", "recommend"),
    ("app_pages/coverage.py", "page_coverage", ":material/location_on:", "coverage"),
    ("app_pages/field.py", "page_field", ":material/edit_note:", "field"),
    ("app_pages/difficulties.py", "page_difficulties", ":material/support_agent:", "difficulties"),
    ("app_pages/meeting.py", "page_meeting", ":material/groups:", "meeting"),
    ("app_pages/analysis.py", "page_analysis", ":material/hub:", "analysis"),
    ("app_pages/data.py", "page_data", ":material/upload_file:", "data"),
    ("app_pages/admin.py", "page_admin", ":material/admin_panel_settings:", "admin"),
]

if required and user is None:
    # only the sign-in form, at every address: a shared link (/network?member=…) asks to sign in first and, once
    # signed in, opens what it names — if the user may see it (the page decides, and says nothing otherwise)
    pages = [st.Page("app_pages/sign_in.py", title=t("page_sign_in"), icon=":material/login:",
                     url_path="index" if path == "overview" else path, default=path == "overview")
             for _, _, _, path in PAGES]
    pages.append(st.Page("app_pages/sign_in.py", title=t("page_sign_in"), icon=":material/login:",
                         url_path="overview", visibility="hidden"))  # /overview too (see below)
    position = "hidden"
else:
    if not required:
        st.info(t("demo_banner"))
    scope = current_scope()
    # the administration is listed for the administrator (in demo mode: to create the first one), the recording
    # form for those who record; for others their address opens a page that says "권한이 없습니다"
    listed = {"admin": scope.may_manage_users, "field": scope.may_record, "meeting": scope.may_record}
    # the overview is served at "/"; Streamlit does not serve a default page at its own address, so /overview (a
    # bookmark, a link) is a hidden second entry of the same page (the default one reserves an unused address)
    pages = [st.Page(file, title=t(title), icon=icon, url_path="index" if path == "overview" else path,
                     default=path == "overview", visibility="visible" if listed.get(path, True) else "hidden")
             for file, title, icon, path in PAGES]
    pages.append(st.Page(PAGES[0][0], title=t(PAGES[0][1]), icon=PAGES[0][2], url_path=PAGES[0][3],
                         visibility="hidden"))
    position = "sidebar"
unknown = unknown_address(pages)  # an address of no page opens the default page, with a notice
if unknown is not None:
    st.warning(t("unknown_address", address=f"/{unknown}"))
try:
    st.navigation(pages, position=position).run()
except NetworkError as err:  # e.g. the database went away in the middle: said clearly, never a traceback
    show_error(err)
warm_up_server()  # once per server, after its first page: the other pages' imports in the background
