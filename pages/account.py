"""Sign in and out: the identity provider (st.login) when one is configured, local accounts from
secrets otherwise (see README, "Roles and accounts")."""

import streamlit as st

from geo.i18n import t
from ui.router import ensure_router
from ui.signin import current_user, local_accounts, oidc_configured, sign_in, sign_out
from ui.view import view

ensure_router()

lang = view().lang
user = current_user()

st.title(t("account.title", lang))

if user.signed_in:
    st.success(t("account.signed_in_as", lang, name=user.label, role=t(f"account.role.{user.role}", lang)),
               icon=":material/verified_user:")
    if user.is_editor:
        st.caption(t("account.editor_pages", lang))
        for path, key, icon in (("pages/data_import.py", "page.import", ":material/upload_file:"),
                                ("pages/edit.py", "page.edit", ":material/edit_note:"),
                                ("pages/history.py", "page.history", ":material/history:")):
            st.page_link(path, label=t(key, lang), icon=icon)
    else:
        st.info(t("account.viewer_note", lang), icon=":material/visibility:")
    if st.button(t("account.sign_out", lang), icon=":material/logout:", key="qcm-sign-out"):
        sign_out()
        st.rerun()
    st.stop()

st.write(t("account.intro", lang))
has_oidc, has_local = oidc_configured(), bool(local_accounts())
if has_oidc:
    st.button(t("account.sign_in_oidc", lang), icon=":material/badge:", on_click=st.login, key="qcm-oidc")
if has_local:
    with st.form("qcm-sign-in", enter_to_submit=True):
        name = st.text_input(t("account.name", lang), key="qcm-sign-in-name", autocomplete="username")
        password = st.text_input(t("account.password", lang), type="password", key="qcm-sign-in-password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("account.sign_in", lang), icon=":material/login:")
    if submitted:
        reason = sign_in(name, password)
        if not reason:
            st.rerun()  # the router now lists the editor pages
        st.error(t(f"account.failed.{reason}", lang), icon=":material/error:")
if not has_oidc and not has_local:
    st.info(t("account.none_configured", lang), icon=":material/info:")
