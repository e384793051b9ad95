"""로그인 (Sign in): a local account's username and password, or single sign-on when it is configured."""

import streamlit as st
from streamlit.errors import StreamlitAuthError

from app_pages.common import (
    SIGNED_OUT_MESSAGE_KEY,
    SSO_REFUSED_KEY,
    show_error,
    sign_in,
    single_sign_on_configured,
    t,
    workspace,
)
from network import signon
from network.errors import NetworkError

st.title(t("app_title"))
st.subheader(t("page_sign_in"))
if SIGNED_OUT_MESSAGE_KEY in st.session_state:
    st.info(st.session_state.pop(SIGNED_OUT_MESSAGE_KEY))


def start_single_sign_on() -> None:
    """Send the browser to the identity provider; when it cannot be reached or ``[auth]`` is wrong, say so here
    (instead of Streamlit's bare "Authentication error" page) and write it to the audit log."""
    auth = st.secrets.get("auth", {})
    metadata_url = signon.provider_metadata_url(auth)
    if metadata_url is None:
        problem = "single sign-on: no provider configured"
    elif not signon.provider_reachable(metadata_url):
        problem = "single sign-on: provider unreachable"
    else:
        try:
            st.login(signon.provider_name(auth))
            return
        except StreamlitAuthError:  # e.g. no redirect_uri or cookie_secret, or a provider name with "_"
            problem = "single sign-on: misconfigured"
    st.error(t("sso_unavailable"))
    workspace().audit.add(None, "sign_in_failed", detail=problem)


if single_sign_on_configured():
    refused = st.session_state.get(SSO_REFUSED_KEY)
    if refused:  # the provider named someone this workspace does not let in (no account, disabled …)
        st.error(refused)
        if st.button(t("sso_other_account"), key="sso_logout"):
            st.logout()
    else:
        if st.button(t("sso_button"), key="sso_login", type="primary"):
            start_single_sign_on()
        st.caption(t("sso_retry_hint"))
    st.caption(t("sso_or_local"))

with st.form("sign_in_form", clear_on_submit=True):
    username = st.text_input(t("username"), key="sign_in_username", autocomplete="username")
    password = st.text_input(t("password"), type="password", key="sign_in_password",
                             autocomplete="current-password")
    submitted = st.form_submit_button(t("sign_in"), type="primary")
if submitted:
    try:
        user = workspace().accounts.sign_in(username, password)
    except NetworkError as err:
        show_error(err)
    else:
        sign_in(user)
        st.rerun()
