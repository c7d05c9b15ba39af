"""Import a list from a file (editors only): template, upload, a preview of every problem and every
change, then confirm. Nothing is written before the confirmation."""

import logging
from datetime import date

import streamlit as st

from geo.data.tables import table_rows
from geo.i18n import t
from geo.importing.cellvalues import header_score
from geo.importing.fields import IMPORT_KEYS, IMPORT_LISTS
from geo.importing.importer import ImportOptions, preview
from geo.importing.preview import changes_frame
from geo.importing.readers import EXTENSIONS, MAX_FILE_MB, MAX_ROWS, FileProblem
from geo.importing.templates import XLSX_MIME, required_headers, template_xlsx
from geo.store import ConflictError, StoreError
from ui import importrows
from ui.editor import choice, editor_page
from ui.importcrs import crs_step
from ui.importmap import column_mapping

lang, user, data, store = editor_page()

st.title(t("import.title", lang))
st.caption(t("import.subtitle", lang))

flash = st.session_state.pop("_qcm_import_done", None)
if flash:
    st.success(t("import.done", lang, batch=flash["batch"], added=flash["added"], changed=flash["changed"],
                 removed=flash["removed"]), icon=":material/task_alt:")

list_key = choice(st.selectbox, t("import.list", lang), IMPORT_KEYS, "qcm-import-list", lang,
                         lambda k: t(f"import.list.{k}", lang))
spec = IMPORT_LISTS[list_key]

left, right, _ = st.columns([1, 1, 2])
today = date.today()
# Made when clicked (a callable), not on every rerun of the page.
left.download_button(t("import.template_empty", lang), lambda key=list_key: template_xlsx(key),
                     icon=":material/download:",
                     file_name=f"{t(f'import.list.{list_key}', 'zh')}_模板_template.xlsx", mime=XLSX_MIME,
                     on_click="ignore", key=f"qcm-template-{list_key}")
right.download_button(t("import.template_current", lang),
                      lambda key=list_key: template_xlsx(key, table_rows(data, key)),
                      file_name=f"{t(f'import.list.{list_key}', 'zh')}_{today:%Y%m%d}.xlsx", mime=XLSX_MIME,
                      icon=":material/download:", on_click="ignore", key=f"qcm-current-{list_key}",
                      help=t("import.template_current_help", lang))

st.caption(t("import.limits", lang, max_mb=MAX_FILE_MB, max_rows=f"{MAX_ROWS:,}",
             formats=", ".join(f".{e}" for e in EXTENSIONS)))
nonce = st.session_state.setdefault("_qcm_upload_nonce", 0)
# The widget refuses bigger files itself (its note says so); geo.importing.readers checks again, in our words.
upload = st.file_uploader(t("import.upload", lang), key=f"qcm-upload-{nonce}", max_upload_size=MAX_FILE_MB)
if upload is None:
    st.stop()


def _reset_upload() -> None:
    st.session_state["_qcm_upload_nonce"] = st.session_state.get("_qcm_upload_nonce", 0) + 1


content = upload.getvalue()
try:
    table = importrows.read_file(upload.name, content, lambda headers: header_score(spec, headers), lang)
except FileProblem as problem:
    # Every refusal may name the columns this list needs (str.format ignores what a message does not use).
    st.error(t(f"import.file.{problem.code}", lang, needed=required_headers(list_key, lang), **problem.params),
             icon=":material/error:")
    st.button(t("import.cancel", lang), on_click=_reset_upload, key="qcm-import-reset")
    st.stop()

# Which column is which field (issue 12, point 1): shown when a header is not matched for sure.
columns_mapping = column_mapping(spec, table, lang, nonce, user.name)

options_left, options_right = st.columns(2)
with options_left:
    mode = choice(st.radio, t("import.mode", lang), ("merge", "replace"), "qcm-import-mode", lang,
                         lambda m: t(f"import.mode.{m}", lang), horizontal=True)
source_title = options_right.text_input(t("import.source_title", lang), key="qcm-import-source",
                                        placeholder=t("import.source_placeholder", lang), max_chars=200)


def _preview(crs: str | None):
    """Computed once per file and choice: a rerun for another widget does not redo it."""
    answers = importrows.resolutions(nonce)
    base = (table.sha256, list_key, mode, source_title, store.revision(), answers, columns_mapping.key)
    cache = st.session_state.get("_qcm_import_previews")
    if not cache or cache[0] != base:
        cache = (base, {})
        st.session_state["_qcm_import_previews"] = cache
    if crs in cache[1]:
        return cache[1][crs]
    progress, stage, done = importrows.preview_progress(lang)
    options = ImportOptions(crs=crs, mode=mode, source_title=source_title, user=user.name, resolutions=answers,
                            mapping=columns_mapping.mapping)
    try:
        result = preview(list_key, table, data, options, progress=progress, stage=stage)
    except Exception as exc:  # a case the checks missed: a message, never a traceback (and the log has it)
        logging.getLogger(__name__).exception("import preview failed for %s", upload.name)
        st.error(t("import.file.unreadable", lang, detail=type(exc).__name__), icon=":material/error:")
        st.stop()
    done()
    cache[1][crs] = result
    if crs is None and result.crs_used:
        cache[1][result.crs_used] = result
    return result


crs_name = f"qcm-import-crs-{nonce}-{table.sha256[:12]}"  # each file starts from its own evidence
result = crs_step(_preview(st.session_state.get(crs_name)), _preview, data, lang, crs_name)

st.subheader(t("import.preview", lang))
counts = st.columns(6)
counts[0].metric(t("import.rows_read", lang), f"{result.rows_read:,}")
counts[1].metric(t("import.added", lang), f"{len(result.added):,}")
counts[2].metric(t("import.changed", lang), f"{len(result.changed):,}")
counts[3].metric(t("import.unchanged", lang), f"{result.unchanged:,}")
counts[4].metric(t("import.removed", lang), f"{len(result.removed):,}")
counts[5].metric(t("import.errors", lang), f"{len(result.errors):,}")

importrows.ask_ambiguous(result, lang, nonce)
if not result.errors and not result.has_changes:
    st.info(t("import.no_changes", lang), icon=":material/info:")
importrows.show_problems(result, table, lang, nonce)

tabs = st.tabs([t(f"import.tab.{k}", lang) for k in ("added", "changed", "removed")])
for kind, tab in zip(("added", "changed", "removed"), tabs, strict=True):
    with tab:
        frame = changes_frame(result, kind, lang)
        if frame.empty:
            st.caption(t("import.none", lang))
        else:
            st.dataframe(frame, hide_index=True, width="stretch", key=f"qcm-import-{kind}")

good_only = importrows.good_rows_only(result)  # rows kept out: import the others, explicitly
importable = result.ok or good_only
confirmed_codes = importrows.confirm_codes(result, lang, nonce) if importable else True
confirmed_outside = True
if result.outside_county and importable:
    confirmed_outside = st.checkbox(t("import.confirm_outside", lang, rows=", ".join(map(str, result.outside_county))),
                                    key=f"qcm-import-outside-{nonce}")
if result.removed and importable:
    st.warning(t("import.removes", lang, n=len(result.removed)), icon=":material/delete:")

go, cancel, _ = st.columns([1, 1, 3])
ready = importable and not result.pending and result.has_changes and confirmed_outside and confirmed_codes
if go.button(importrows.confirm_label(result, lang), type="primary", disabled=not ready, icon=":material/check:",
             key="qcm-import-confirm"):
    try:
        with st.spinner(""):
            batch = store.commit(result.change_set(user.name, note=source_title, good_rows_only=good_only))
    except ConflictError:
        st.session_state.pop("_qcm_import_previews", None)
        st.error(t("import.conflict", lang), icon=":material/sync_problem:")
        st.stop()
    except StoreError as exc:
        st.error(t("import.store_error", lang, detail=str(exc)[:300]), icon=":material/error:")
        st.stop()
    columns_mapping.remember()
    # The list's own counts (the batch also adds the import's source row).
    st.session_state["_qcm_import_done"] = {"batch": batch.id, "added": len(result.added),
                                            "changed": len(result.changed), "removed": len(result.removed)}
    st.session_state.pop("_qcm_import_previews", None)
    _reset_upload()
    st.rerun()
cancel.button(t("import.cancel", lang), on_click=_reset_upload, icon=":material/close:", key="qcm-import-cancel")
