"""Who is signed in, for every page.

- :func:`current_user`: a local account (session), a user of the identity provider (st.login /
  st.user, when ``[auth]`` is configured in secrets), or the anonymous viewer.
- :func:`require_editor`: the first call of every editor page; a viewer who reaches one by URL gets
  a message and nothing else.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

import streamlit as st

from geo.access import accounts
from geo.access.roles import ANONYMOUS, ROLES_SECTION, User, oidc_user
from geo.i18n import t
from ui.thisrun import this_run

USER_KEY = "_qcm_user"  # session state; no widget has this key, so no browser can set it
SIGN_IN_PAGE = "pages/account.py"


def secret_value(name: str):
    """A top-level entry of .streamlit/secrets.toml, or None when there is no such entry or file."""
    try:
        return st.secrets.get(name)
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return None


def secret_section(name: str) -> Mapping | None:
    section = secret_value(name)
    return section if isinstance(section, Mapping) else None


def oidc_configured() -> bool:
    memo = this_run()  # asked on every dataset() call: the secrets are read once a run
    if "oidc_configured" not in memo:
        memo["oidc_configured"] = _oidc_configured()
    return memo["oidc_configured"]


def _oidc_configured() -> bool:
    auth = secret_section("auth")
    return bool(auth and (auth.get("client_id") or any(isinstance(v, Mapping) for v in auth.values())))


def local_accounts() -> dict[str, accounts.Account]:
    return accounts.accounts_from(secret_section(accounts.SECTION))


@st.cache_resource(show_spinner=False)
def _throttle() -> accounts.Throttle:
    return accounts.Throttle()


def current_user() -> User:
    user = st.session_state.get(USER_KEY)
    if isinstance(user, User):
        if user.name in local_accounts():  # an account removed from secrets is signed out
            return local_accounts()[user.name].user()
        st.session_state.pop(USER_KEY, None)
    if oidc_configured():
        try:
            if st.user.is_logged_in:
                return oidc_user(st.user.get("email"), st.user.get("name"), secret_section(ROLES_SECTION),
                                 st.user.get("email_verified"))
        except (AttributeError, KeyError, st.errors.StreamlitAPIException):
            pass
    return ANONYMOUS


def sign_in(name: str, password: str) -> str:
    """Sign in with a local account: "" on success, else "blocked" or "wrong"."""
    client = getattr(st.context, "ip_address", None)
    client = client if isinstance(client, str) else ""  # None on localhost
    user, reason = accounts.authenticate(local_accounts(), name, password, _throttle(), client=client)
    if user is not None:
        st.session_state[USER_KEY] = user
    return reason


def sign_out() -> None:
    user = current_user()
    st.session_state.pop(USER_KEY, None)
    if user.via == "oidc":
        st.logout()


def require_editor(lang: str) -> User:
    """The signed-in editor, or stop the page with a message (a viewer reached it by URL)."""
    user = current_user()
    if not user.is_editor:
        st.error(t("account.editors_only", lang), icon=":material/lock:")
        with contextlib.suppress(st.errors.StreamlitAPIException):  # run outside the router: no link
            st.page_link(SIGN_IN_PAGE, label=t("account.go_sign_in", lang), icon=":material/login:")
        st.stop()
    return user
