"""The import page's column mapping step (issue 12, point 1), as import wizards in Excel, QGIS and
ArcGIS have it: one line per column of the file — its header, a few of its values, what it is read
as (a select of the list's fields, or "ignore") and how sure the automatic match is.

Shown open when a column is matched with low confidence or not at all; otherwise folded in an
expander. The editor's choices live in session state per upload (``_qcm_import_map-<nonce>-<list>``,
header -> field name or "" for ignore), so a language switch (a new editor widget per language, as
ui.editor.choice does) keeps them. A mapping confirmed last time for the same headers
(geo.importing.mappings, a JSON file beside the store) is applied first; :meth:`ColumnMapping.remember`
saves the mapping once the import is confirmed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from geo.i18n import t
from geo.importing.fields import ImportList
from geo.importing.headers import IGNORE, HeaderMatch, effective_mapping, match_columns, needs_confirmation
from geo.importing.mappings import load_mapping, mappings_path, save_mapping
from geo.importing.readers import RawTable
from geo.importing.templates import header_text
from geo.store import store_path
from ui.data import data_dir

SAMPLES = 3
COLUMNS = ("header", "field", "confidence", "samples")


@dataclass
class ColumnMapping:
    """What the step decided: ``mapping`` for ImportOptions, ``key`` for caching previews."""

    list_key: str
    headers: list
    mapping: dict[str, str]
    matches: list[HeaderMatch]
    path: object
    user: str
    asked: bool  # the step asked the editor (or the editor changed something): worth remembering
    key: tuple = field(init=False)

    def __post_init__(self) -> None:
        self.key = tuple(sorted(self.mapping.items()))

    def remember(self) -> None:
        """After a confirmed import: the mapping of these headers, for the next file like it."""
        if not self.asked:
            return
        try:
            save_mapping(self.path, self.list_key, self.headers, effective_mapping(self.matches), self.user)
        except OSError:  # the import is done; a mapping not remembered is no reason to say otherwise
            logging.getLogger(__name__).warning("import mapping not saved to %s", self.path, exc_info=True)


def mappings_file():
    return mappings_path(store_path(seed_dir=data_dir()))


def _samples(table: RawTable, index: int) -> str:
    found = []
    for row in table.rows:
        value = row[index] if index < len(row) else None
        if value is None or not str(value).strip():
            continue
        text = str(value).strip().replace("\n", " ")
        found.append(text if len(text) <= 24 else text[:23] + "…")
        if len(found) == SAMPLES:
            break
    return " · ".join(found)


def _labels(spec: ImportList, lang: str) -> dict[str, str]:
    """Field name (and IGNORE) -> the label the select shows, unique."""
    labels = {IGNORE: t("importmap.ignore", lang)}
    for f in spec.fields:
        label = header_text(f, lang)
        labels[f.name] = label if label not in labels.values() else f"{label} [{f.name}]"
    return labels


def _shown(match: HeaderMatch) -> str:
    """What the select shows: the field read, or the one a repeated column names (to be set to ignore)."""
    if match.field is not None:
        return match.field.name
    return match.suggestion.name if match.repeats is not None and match.suggestion is not None else IGNORE


def _confidence(match: HeaderMatch, remembered: dict[str, str], lang: str) -> str:
    if match.repeats is not None:
        return t("importmap.conf.repeats", lang, other=match.repeats)
    if match.source == "row_number":
        return t("importmap.conf.row_number", lang)
    if match.source == "mapping":
        chosen = match.field.name if match.field is not None else IGNORE
        return t("importmap.conf.remembered" if remembered.get(match.header) == chosen else "importmap.conf.mapping",
                 lang)
    if match.field is None and match.suggestion is not None:
        return t("importmap.conf.maybe", lang, field=header_text(match.suggestion, lang))
    if match.field is None:
        return t("importmap.conf.none", lang)
    return t(f"importmap.conf.{match.confidence}", lang, score=f"{match.score:.0%}")


def column_mapping(spec: ImportList, table: RawTable, lang: str, nonce: int, user: str) -> ColumnMapping:
    """The step itself, drawn where it is called; returns the mapping the preview should use."""
    name = f"_qcm_import_map-{nonce}-{spec.key}"
    path = mappings_file()
    if name not in st.session_state:
        remembered = load_mapping(path, spec.key, table.headers)
        st.session_state[name] = {"chosen": dict(remembered), "remembered": remembered, "version": 0}
    state = st.session_state[name]
    remembered = state["remembered"]
    automatic = match_columns(spec, table.headers)
    asked = needs_confirmation(match_columns(spec, table.headers, remembered))
    matches = match_columns(spec, table.headers, state["chosen"])
    labels = _labels(spec, lang)
    names = {label: key for key, label in labels.items()}

    frame = pd.DataFrame([[m.header, labels[_shown(m)], _confidence(m, remembered, lang), _samples(table, m.index)]
                          for m in matches], columns=list(COLUMNS))
    if asked:
        box = st.container(border=True)
        box.subheader(t("importmap.title", lang), anchor=False)
        unsure = sum(1 for m in matches if m.source == "auto" and (m.field is None or m.confidence != "high"))
        if unsure:
            box.warning(t("importmap.attention", lang, n=unsure), icon=":material/table_edit:")
        else:
            box.success(t("importmap.settled", lang), icon=":material/task_alt:")
    else:
        box = st.expander(t("importmap.expander", lang, n=sum(1 for m in matches if m.field is not None)),
                          icon=":material/table_edit:")
    config = {"header": st.column_config.TextColumn(t("importmap.col.header", lang), width="medium"),
              "samples": st.column_config.TextColumn(t("importmap.col.samples", lang), width="medium"),
              "field": st.column_config.SelectboxColumn(t("importmap.col.field", lang), options=list(labels.values()),
                                                        required=True, width="medium"),
              "confidence": st.column_config.TextColumn(t("importmap.col.confidence", lang), width="medium")}
    with box:
        edited = st.data_editor(frame, hide_index=True, width="stretch", column_config=config,
                                disabled=["header", "samples", "confidence"], num_rows="fixed",
                                key=f"qcm-import-map-{nonce}-{spec.key}-{state['version']}-{lang}",
                                height=min(38 + 35 * len(frame), 420))
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.caption(t("importmap.remembered" if remembered else "importmap.help", lang))
        if state["chosen"] and right.button(t("importmap.reset", lang), icon=":material/restart_alt:",
                                            key=f"qcm-import-map-reset-{nonce}"):
            state.update(chosen={}, remembered={}, version=state["version"] + 1)
            st.rerun()

    auto = {m.header: _shown(m) for m in automatic}
    chosen = {}
    for match, label in zip(matches, edited["field"], strict=True):
        value = names.get(label, auto.get(match.header, IGNORE))
        if match.source == "mapping" or value != auto.get(match.header):
            chosen[match.header] = value
    if chosen != state["chosen"]:
        state["chosen"] = chosen
        matches = match_columns(spec, table.headers, chosen)
        st.rerun()  # the table's other lines (a field taken from another column) and the preview follow
    return ColumnMapping(spec.key, list(table.headers), chosen, matches, path, user, asked or bool(chosen))
