"""The store and who is signed in, for every page (a helper module, not a page).

- :func:`store`: the process's one :class:`geo.store.Store` (a GeoPackage in QCM_STORE_DIR).
- :func:`current_user`: a local account (session), a user of the identity provider (st.login /
  st.user, when ``[auth]`` is configured in secrets), or the anonymous viewer.
- :func:`require_editor`: the first call of every editor page; a viewer who reaches one by URL gets
  a message and nothing else.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from geo import accounts
from geo.i18n import t
from geo.preview import problems_frame
from geo.roles import ANONYMOUS, ROLES_SECTION, User, oidc_user
from geo.store import Store, open_store, store_path

USER_KEY = "_qcm_user"  # session state; no widget has this key, so no browser can set it
SIGN_IN_PAGE = "pages/account.py"


@st.cache_resource(show_spinner=False, max_entries=4)
def _open(path: str, seed: str) -> Store:
    return open_store(Path(path), Path(seed))


def store(seed_dir: str | Path) -> Store:
    """The store seeded from ``seed_dir``, opened (created, seeded) once per process. Pages use
    only the :class:`geo.store.Store` interface."""
    return _open(str(store_path(seed_dir=seed_dir)), str(seed_dir))


def secret_section(name: str) -> Mapping | None:
    try:
        section = st.secrets.get(name)
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return None
    return section if isinstance(section, Mapping) else None


def oidc_configured() -> bool:
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
                return oidc_user(st.user.get("email"), st.user.get("name"), secret_section(ROLES_SECTION))
        except (AttributeError, KeyError, st.errors.StreamlitAPIException):
            pass
    return ANONYMOUS


def sign_in(name: str, password: str) -> str:
    """Sign in with a local account: "" on success, else "blocked" or "wrong"."""
    user, reason = accounts.authenticate(local_accounts(), name, password, _throttle())
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


def editor_page(shared) -> tuple[str, User, object, Store]:
    """What every editor page starts with: the router guard, the language, the signed-in editor
    (or a stop with a message), the dataset and the store."""
    shared.ensure_router()
    lang = shared.view().lang
    user = require_editor(lang)
    return lang, user, shared.dataset(), store(shared.data_dir())


def choice(widget, label: str, options, name: str, lang: str, format_func, **kwargs):
    """A radio or selectbox whose choice survives a language switch: Streamlit keys a widget's
    value to its labels, so each language gets its own widget (``name-lang``), drawn from one
    canonical value in session state (``name``), as pages/shared.py does for the sidebar."""
    options = list(options)
    key = f"{name}-{lang}"
    current = st.session_state.get(name)
    if current not in options:
        current = options[0]

    def remember() -> None:
        st.session_state[name] = st.session_state[key]

    value = widget(label, options, index=options.index(current), key=key, format_func=format_func,
                   on_change=remember, **kwargs)
    if value not in options:  # a stale label from before the options changed
        value = current
    st.session_state[name] = value
    return value


def problems_table(result, lang: str, key: str) -> None:
    """The preview's problems, one per line; plain text, so HTML from a file shows as text."""
    frame = problems_frame(result, lang)
    row, column, severity, message = frame.columns
    config = {row: st.column_config.TextColumn(row, width="small"),
              column: st.column_config.TextColumn(column, width="medium"),
              severity: st.column_config.TextColumn(severity, width="small"),
              message: st.column_config.TextColumn(message, width="large")}
    st.dataframe(frame, hide_index=True, width="stretch", key=key, column_config=config,
                 height=min(420, 38 + 35 * len(frame)))
