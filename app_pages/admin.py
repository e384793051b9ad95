"""관리 (Administration): accounts (add, change, disable, reset a password) and the audit log.

Only an administrator reaches this page (``app.py`` lists it for them alone).  In demo mode — the sample only,
no account yet — it is where the first administrator is created; after that, everyone signs in.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common import (
    actor,
    current_scope,
    current_user,
    deny,
    download_buttons,
    language,
    show_error,
    show_table,
    sign_in,
    t,
    workspace,
)
from network import texts
from network.errors import NetworkError, OptionError
from network.store.accounts import ROLES
from network.store.audit import ACTIONS

if not current_scope().may_manage_users:  # reached by a crafted address: nothing is shown
    deny("admin")

accounts = workspace().accounts
DONE_KEY = "admin_done"
st.title(t("page_admin"))
if DONE_KEY in st.session_state:
    st.success(st.session_state.pop(DONE_KEY))


def role_label(role: str) -> str:
    return texts.t(f"role.{role}", language())


def account_form(key: str, *, first: bool) -> None:
    """The form that adds an account (the first one is an administrator, and signs in at once)."""
    with st.form(key, clear_on_submit=True):  # typed passwords never stay in the form
        c1, c2 = st.columns(2)
        username = c1.text_input(t("username"), key=f"{key}_username")
        role = "admin" if first else c2.selectbox(t("role"), ROLES, format_func=role_label, key=f"{key}_role")
        federation = c1.text_input(t("federation_for_leader"), key=f"{key}_federation") if not first else ""
        office = c2.text_input(t("office_for_staff"), key=f"{key}_office") if not first else ""
        email = c1.text_input(t("email_for_sso"), key=f"{key}_email")
        password = c1.text_input(t("password_new", minimum=accounts.policy.min_password_length), type="password",
                                 key=f"{key}_password", autocomplete="new-password")
        again = c2.text_input(t("password_again"), type="password", key=f"{key}_again", autocomplete="new-password")
        submitted = st.form_submit_button(t("admin_add_first" if first else "admin_add"), type="primary")
    if not submitted:
        return
    try:
        if password != again:
            raise OptionError("error.password_mismatch")
        user = accounts.add(username, role, password=password or None, federation=federation, office=office,
                            email=email, actor=actor())
    except NetworkError as err:
        show_error(err)
        return
    if first:  # the workspace now needs sign-in: the one who made the first account is signed in as it
        sign_in(user)
    else:  # shown after the rerun that lists the new account
        st.session_state[DONE_KEY] = t("admin_added", username=user.username)
    st.rerun()


if current_user() is None:  # demo mode: the first administrator
    st.info(t("admin_first_intro"))
    account_form("admin_first", first=True)
    st.stop()

# --- accounts --------------------------------------------------------------------------------------
st.subheader(t("admin_users"))
users = accounts.list()
now = dt.datetime.now(dt.timezone.utc)
table = pd.DataFrame([{
    "username": u.username, "role": role_label(u.role), "federation": u.federation or "", "office": u.office or "",
    "email": u.email or "", "sign_in": t("admin_password" if u.has_password else "admin_sso_only"),
    "state": t("admin_disabled" if u.disabled else "admin_locked" if u.locked_until and u.locked_until > now
               else "admin_active"),
    "last_sign_in": u.last_sign_in.astimezone().strftime("%Y-%m-%d %H:%M") if u.last_sign_in else "",
} for u in users], columns=["username", "role", "federation", "office", "email", "sign_in", "state", "last_sign_in"])
show_table(table)
download_buttons(table, name="users", key="admin_users")

with st.expander(t("admin_add")):
    account_form("admin_new", first=False)

names = [u.username for u in users]
if names:
    st.markdown(f"**{t('admin_change')}**")
    chosen = st.selectbox(t("username"), names, key="admin_user")
    user = next(u for u in users if u.username == chosen)
    c1, c2, c3 = st.columns(3)
    with c1:
        new_role = st.selectbox(t("role"), ROLES, index=ROLES.index(user.role), format_func=role_label,
                                key=f"admin_role_{chosen}")
        new_federation = st.text_input(t("federation_for_leader"), value=user.federation or "",
                                       key=f"admin_federation_{chosen}")
        new_office = st.text_input(t("office_for_staff"), value=user.office or "", key=f"admin_office_{chosen}")
        if st.button(t("admin_save_role"), key=f"admin_save_{chosen}"):
            try:
                accounts.change(chosen, role=new_role, federation=new_federation, office=new_office, actor=actor())
            except NetworkError as err:
                show_error(err)
            else:
                st.rerun()
    with c2:
        is_me = chosen == actor()
        if user.disabled:
            if st.button(t("admin_enable"), key=f"admin_enable_{chosen}"):
                accounts.enable(chosen, actor=actor())
                st.rerun()
        elif st.button(t("admin_disable"), key=f"admin_disable_{chosen}", disabled=is_me):
            accounts.disable(chosen, actor=actor())
            st.rerun()
        if is_me:
            st.caption(t("admin_not_yourself"))
    with c3, st.form(f"admin_reset_{chosen}", clear_on_submit=True):
        password = st.text_input(t("password_new", minimum=accounts.policy.min_password_length),
                                 type="password", autocomplete="new-password")
        again = st.text_input(t("password_again"), type="password", autocomplete="new-password")
        if st.form_submit_button(t("admin_reset")):
            try:
                if password != again:
                    raise OptionError("error.password_mismatch")
                accounts.reset_password(chosen, password, actor=actor())
            except NetworkError as err:
                show_error(err)
            else:
                st.success(t("admin_reset_done", username=chosen))

# --- the audit log ---------------------------------------------------------------------------------
st.subheader(t("admin_audit"))
f1, f2, f3 = st.columns(3)
since = f1.date_input(t("admin_since"), value=dt.date.today() - dt.timedelta(days=30), key="admin_since")
who = f2.selectbox(t("admin_who"), ["", *names], key="admin_who", format_func=lambda v: v or t("rec_all_option"))
what = f3.selectbox(t("admin_what"), ["", *ACTIONS], key="admin_what",
                    format_func=lambda v: texts.t(f"audit.{v}", language()) if v else t("rec_all_option"))
log = workspace().audit.table(since=since, actor=who or None, action=what or None, language=language())
shown = log.assign(at=log["at"].dt.tz_convert(None).dt.strftime("%Y-%m-%d %H:%M:%S") if len(log) else log["at"])
show_table(shown.rename(columns={"at": "audit_at", "actor": "audit_actor", "action": "audit_action",
                                 "target": "audit_target", "rows": "audit_rows", "detail": "audit_detail"}))
download_buttons(shown, name="audit_log", key="admin_audit")
