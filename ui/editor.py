"""What editor pages share: the preamble (router, role check, data, store), language-proof choices,
and the import preview's problems table."""

from __future__ import annotations

import streamlit as st

from geo.access.roles import User
from geo.data.dataset import Dataset
from geo.importing.preview import problems_frame
from geo.store import Store
from ui.data import data_dir, dataset, store
from ui.router import ensure_router
from ui.signin import require_editor
from ui.view import view


def editor_page() -> tuple[str, User, Dataset, Store]:
    """What every editor page starts with: the router guard, the language, the signed-in editor
    (or a stop with a message), the dataset and the store."""
    ensure_router()
    lang = view().lang
    user = require_editor(lang)
    return lang, user, dataset(), store(data_dir())


def choice(widget, label: str, options, name: str, lang: str, format_func, **kwargs):
    """A radio or selectbox whose choice survives a language switch: Streamlit keys a widget's
    value to its labels, so each language gets its own widget (``name-lang``), drawn from one
    canonical value in session state (``name``), as ui/sidebar.py does."""
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
    """The preview's problems, one per line, sortable by row (a number), column or kind; plain
    text, so HTML from a file shows as text."""
    frame = problems_frame(result, lang)
    row, column, kind, severity, message = frame.columns
    config = {row: st.column_config.NumberColumn(row, width="small", format="%d"),
              column: st.column_config.TextColumn(column, width="medium"),
              kind: st.column_config.TextColumn(kind, width="small"),
              severity: st.column_config.TextColumn(severity, width="small"),
              message: st.column_config.TextColumn(message, width="large")}
    st.dataframe(frame, hide_index=True, width="stretch", key=key, column_config=config, placeholder="—",
                 height=min(420, 38 + 35 * len(frame)))
