"""지역 협업 네트워크 탐색기 — the Streamlit entry: page setup, shared sidebar, navigation.

Run with ``streamlit run app.py``; pages live in ``app_pages/``.
"""

import streamlit as st

from app_pages.common import LANGUAGE_KEY, read_current_version, show_error, source_label, t
from network.errors import NetworkError

# An emoji icon: a ":material/…:" page icon makes the browser fetch the favicon from fonts.gstatic.com
# (caught by the offline browser test).
st.set_page_config(page_title="지역 협업 네트워크 탐색기", page_icon="🤝", layout="wide")

with st.sidebar:
    st.toggle(t("language_toggle"), key=LANGUAGE_KEY)
    try:  # the workspace opens here first: a wrong DATABASE_URL or a server that is down is said once, clearly
        read_current_version()  # once per run: every page of this run shows this version
        st.caption(f"{t('data_source')}: {source_label()}")
    except NetworkError as err:
        show_error(err)
        st.stop()

pages = [
    st.Page("app_pages/overview.py", title=t("page_overview"), icon=":material/map:", url_path="overview",
            default=True),
    st.Page("app_pages/network.py", title=t("page_network"), icon=":material/share:", url_path="network"),
    st.Page("app_pages/recommend.py", title=t("page_recommend"), icon=":material/handshake:", url_path="recommend"),
    st.Page("app_pages/coverage.py", title=t("page_coverage"), icon=":material/location_on:", url_path="coverage"),
    st.Page("app_pages/analysis.py", title=t("page_analysis"), icon=":material/hub:", url_path="analysis"),
    st.Page("app_pages/data.py", title=t("page_data"), icon=":material/upload_file:", url_path="data"),
]
try:
    st.navigation(pages).run()
except NetworkError as err:  # e.g. the database went away in the middle: said clearly, never a traceback
    show_error(err)
