"""The edit history (editors only): what is new, changed or removed since a date; the edit log;
every import and edit, with undo."""

from datetime import date, timedelta

import streamlit as st

from geo.i18n import t
from geo.importing.fields import IMPORT_KEYS
from geo.importing.history import (
    batch_label,
    batches_frame,
    log_frame,
    net_changes,
    net_changes_frame,
    since_utc,
    undoable,
)
from geo.store import ConflictError, StoreError
from ui.editor import choice, editor_page

lang, user, _, store = editor_page()

st.title(t("history.title", lang))
if store.seed_outdated:
    st.warning(t("history.seed_outdated", lang), icon=":material/info:")

flash = st.session_state.pop("_qcm_undo_done", None)
if flash:
    st.success(t("history.undone", lang, **flash), icon=":material/undo:")

since_tab, log_tab, batches_tab = st.tabs([t("history.tab.since", lang), t("history.tab.log", lang),
                                           t("history.tab.batches", lang)])

with since_tab:
    left, right = st.columns([1, 2])
    day = left.date_input(t("history.since", lang), value=date.today() - timedelta(days=30), max_value=date.today(),
                          key="qcm-history-since", format="YYYY-MM-DD")
    lists = right.multiselect(t("history.lists", lang), IMPORT_KEYS, default=list(IMPORT_KEYS),
                              format_func=lambda k: t(f"import.list.{k}", lang), key=f"qcm-history-lists-{lang}")
    changes = net_changes(store.images(since_utc(day)), tuple(lists))
    counts = st.columns(3)
    for column, kind in zip(counts, ("new", "changed", "removed"), strict=True):
        column.metric(t(f"history.kind.{kind}", lang), sum(c.kind == kind for c in changes))
    if changes:
        st.dataframe(net_changes_frame(changes, lang), hide_index=True, width="stretch", key="qcm-history-net")
    else:
        st.info(t("history.nothing_since", lang, day=day.isoformat()), icon=":material/inbox:")
    st.caption(t("history.since_note", lang))

with log_tab:
    day = st.date_input(t("history.since", lang), value=date.today() - timedelta(days=7), max_value=date.today(),
                        key="qcm-log-since", format="YYYY-MM-DD")
    entries = store.log(since_utc(day))
    shown = entries[-5000:]
    if shown:
        st.dataframe(log_frame(shown, store.batches(), lang), hide_index=True, width="stretch", key="qcm-history-log",
                     height=560)
        if len(entries) > len(shown):
            st.caption(t("history.log_capped", lang, shown=f"{len(shown):,}", total=f"{len(entries):,}"))
    else:
        st.info(t("history.nothing_since", lang, day=day.isoformat()), icon=":material/inbox:")

with batches_tab:
    batches = store.batches()
    st.dataframe(batches_frame(batches, lang), hide_index=True, width="stretch", key="qcm-history-batches")
    candidates = undoable(batches)
    if not candidates:
        st.caption(t("history.nothing_to_undo", lang))
        st.stop()
    st.subheader(t("history.undo", lang))
    chosen = choice(st.selectbox, t("history.undo_which", lang), [b.id for b in candidates], "qcm-undo-batch",
                           lang, lambda i: batch_label(next(b for b in candidates if b.id == i), lang))
    sure = st.checkbox(t("history.undo_confirm", lang), key=f"qcm-undo-sure-{chosen}")
    if st.button(t("history.undo_button", lang), disabled=not sure, icon=":material/undo:", key="qcm-undo"):
        try:
            batch = store.undo(chosen, user.name)
        except ConflictError as exc:
            st.error(t("history.undo_conflict", lang, records=", ".join(k for _, k in exc.conflicts[:10])),
                     icon=":material/sync_problem:")
            st.stop()
        except StoreError as exc:
            st.error(t("import.store_error", lang, detail=str(exc)[:300]), icon=":material/error:")
            st.stop()
        st.session_state["_qcm_undo_done"] = {"batch": chosen, "undo": batch.id}
        st.rerun()
