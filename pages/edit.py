"""Edit a list in place (editors only): the same columns and checks as an import; deleting a row
removes the record. The changes are previewed and written only on confirmation."""

import dataclasses

import streamlit as st

from geo.data.tables import table_rows
from geo.i18n import t
from geo.importing.fields import IMPORT_KEYS
from geo.importing.importer import ImportOptions, preview
from geo.importing.preview import changes_frame
from geo.importing.templates import editor_frame, editor_table, header_text, template_fields, vocabulary_options
from geo.store import ConflictError, StoreError
from ui.editor import choice, editor_page, problems_table

lang, user, data, store = editor_page()

st.title(t("edit.title", lang))
st.caption(t("edit.subtitle", lang))

flash = st.session_state.pop("_qcm_edit_done", None)
if flash:
    st.success(t("edit.done", lang, **flash), icon=":material/task_alt:")

list_key = choice(st.selectbox, t("import.list", lang), IMPORT_KEYS, "qcm-edit-list", lang,
                         lambda k: t(f"import.list.{k}", lang))
towns = data.township_names(lang)
frame = editor_frame(list_key, table_rows(data, list_key), lang, towns)

config = {}
for f in template_fields(list_key):
    header = header_text(f, lang)
    if f.kind == "id":
        config[header] = st.column_config.TextColumn(header, disabled=True, help=t("edit.id_help", lang))
    elif f.vocab:
        config[header] = st.column_config.SelectboxColumn(header, options=vocabulary_options(f, lang),
                                                          required=f.required)
    elif f.kind == "township":
        config[header] = st.column_config.SelectboxColumn(header, options=list(towns.values()))
    elif f.kind in ("number", "lon", "lat"):
        config[header] = st.column_config.NumberColumn(header, format="%.6f" if f.kind in ("lon", "lat") else None)
    elif f.kind in ("int", "year"):
        config[header] = st.column_config.NumberColumn(header, step=1, format="%d")

# A new key after every write, so the editor starts from the stored rows again.
editor_key = f"qcm-editor-{list_key}-{store.revision()}-{lang}"
edited = st.data_editor(frame, key=editor_key, num_rows="dynamic", hide_index=True, width="stretch", placeholder="—",
                        column_config=config, height=min(600, 38 + 35 * (len(frame) + 1)))
st.caption(t("edit.hint", lang))

if st.button(t("edit.check", lang), icon=":material/fact_check:", key="qcm-edit-check"):
    options = ImportOptions(crs="wgs84", mode="replace", blank="clear", user=user.name)
    st.session_state["_qcm_edit_preview"] = (editor_key, preview(list_key, editor_table(edited), data, options))

checked = st.session_state.get("_qcm_edit_preview")
if not checked or checked[0] != editor_key:
    st.stop()
result = checked[1]
if result.errors:
    st.error(t("import.has_errors", lang, errors=len(result.errors)), icon=":material/error:")
problems = [p for p in result.problems if not p.code.startswith("crs_")]
if problems:  # the editor's positions are WGS-84 as stored: no coordinate system to detect
    shown = dataclasses.replace(result, problems=problems)
    problems_table(shown, lang, "qcm-edit-problems")
if not result.has_changes and result.ok:
    st.info(t("import.no_changes", lang), icon=":material/info:")
    st.stop()
for kind in ("added", "changed", "removed"):
    changes = changes_frame(result, kind, lang)
    if not changes.empty:
        st.caption(t(f"import.tab.{kind}", lang))
        st.dataframe(changes, hide_index=True, width="stretch", key=f"qcm-edit-{kind}")

confirmed_outside = True
if result.outside_county and result.ok:
    confirmed_outside = st.checkbox(t("import.confirm_outside", lang, rows=", ".join(map(str, result.outside_county))),
                                    key="qcm-edit-outside")
if st.button(t("edit.save", lang), type="primary", disabled=not (result.ok and confirmed_outside),
             icon=":material/save:", key="qcm-edit-save"):
    try:
        batch = store.commit(result.change_set(user.name, kind="edit"))
    except ConflictError:
        st.error(t("import.conflict", lang), icon=":material/sync_problem:")
        st.stop()
    except StoreError as exc:
        st.error(t("import.store_error", lang, detail=str(exc)[:300]), icon=":material/error:")
        st.stop()
    st.session_state.pop("_qcm_edit_preview", None)
    st.session_state["_qcm_edit_done"] = {"batch": batch.id, "added": len(result.added),
                                          "changed": len(result.changed), "removed": len(result.removed)}
    st.rerun()
