"""The N lists (N张清单): a tab per list, each searchable and sortable, filtered like the map, with
totals, Excel/CSV exports, and a map that shows the selected row (a click on a marker selects it)."""

import zlib
from datetime import date
from functools import partial

import streamlit as st

from geo.data.dataset import name_of
from geo.i18n import escape_markdown, t
from geo.lists.definitions import LIST_KEYS, ListTable, build_list, list_of, stage_pipeline
from geo.lists.spreadsheets import CSV_MIME, XLSX_MIME, export_filename, to_csv, to_xlsx
from ui.data import dataset
from ui.mapwidget import chain_map
from ui.router import ensure_router
from ui.sidebar import export_coordinates
from ui.signin import current_user
from ui.view import select, view

ensure_router()

MAP_PAGE = "pages/map.py"
MISSING = "—"

data = dataset()
state = view()
lang = state.lang


def column_config(table: ListTable) -> dict:
    config = {}
    for column in table.columns:
        header = column.header(lang)
        if column.kind == "int":
            config[header] = st.column_config.NumberColumn(header, format="%,d")
        elif column.kind == "year":
            config[header] = st.column_config.NumberColumn(header, format="%d")
        elif column.kind == "number":
            config[header] = st.column_config.NumberColumn(header, format=f"%,.{column.decimals}f")
        elif column.key in ("name", "note"):
            config[header] = st.column_config.TextColumn(header, width="large")
    return config


# --- selection: one selected record for the whole app (ui.view.select; URL "sel") -----------------


def _on_row_selected(list_key: str, widget_key: str, ids: tuple[str, ...]) -> None:
    rows = st.session_state[widget_key].selection.rows
    selected = ids[rows[0]] if rows and rows[0] < len(ids) else None
    select(selected)
    st.session_state[f"_qcm_list_owned_{list_key}"] = selected


def _table_widget_key(list_key: str, table: ListTable) -> str:
    """A table's own selection follows the app's: when the selection changed elsewhere (the map,
    another list, a link), the table gets a new key and starts from ``selection_default``."""
    owned_key, generation_key = f"_qcm_list_owned_{list_key}", f"_qcm_list_gen_{list_key}"
    if st.session_state.get(owned_key) != state.selected:
        st.session_state[generation_key] = st.session_state.get(generation_key, 0) + 1
        st.session_state[owned_key] = state.selected
    content = zlib.crc32("|".join((lang, *table.ids)).encode("utf-8"))
    return f"qcm-list-{list_key}-{st.session_state.get(generation_key, 0)}-{content}"


def _open_list_of(record_id: str) -> None:
    """After a marker clicked on the list's map selected its record: open the list it is a row of."""
    if (list_key := list_of(dataset(), record_id)) is not None:
        st.session_state[_tabs_key()] = t(f"lists.{list_key}.title", view().lang)


def _tabs_key() -> str:
    # Per role too (issue 4): an editor has one more tab, the investment targets.
    role = "-editor" if current_user().is_editor else ""
    return f"qcm-list-tabs-{view().lang}{role}"


# --- the parts of a tab ------------------------------------------------------------------------


def totals_strip(table: ListTable) -> None:
    st.caption(t("lists.totals", lang))
    for column, total in zip(st.columns(len(table.totals)), table.totals, strict=True):
        coverage = t("lists.total.coverage", lang, covered=total.covered, rows=total.rows)
        column.metric(total.label, total.text, help=None if total.key == "count" else coverage)
        if total.key != "count":
            column.caption(coverage)
    if table.reported:
        figures = "；".join if lang == "zh" else "; ".join
        st.caption(t("lists.reported_beside", lang, figures=figures(
            f"{f.label} {f.value}（{f.source}）" if lang == "zh" else f"{f.label} {f.value} ({f.source})"
            for f in table.reported)))


def pipeline_strip(table: ListTable) -> None:
    st.caption(t("lists.pipeline", lang))
    stages = stage_pipeline(table)
    for column, (code, count) in zip(st.columns(len(stages)), stages, strict=True):
        column.metric(("→ " if code not in ("lead", "renovating") else "") + t(f"status.{code}", lang), count)


def downloads(list_key: str, table: ListTable) -> None:
    today = date.today()
    coordinates = export_coordinates()  # the sidebar's switch: raw coordinates in exports or not
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(t("lists.download_xlsx", lang), to_xlsx(table, data, state, today, coordinates),
                         file_name=export_filename(list_key, lang, today, "xlsx"), mime=XLSX_MIME,
                         help=t("lists.download_help", lang), icon=":material/download:",
                         on_click="ignore", key=f"qcm-xlsx-{list_key}")
    right.download_button(t("lists.download_csv", lang), to_csv(table, data, coordinates),
                          file_name=export_filename(list_key, lang, today, "csv"), mime=CSV_MIME,
                          help=t("export.csv_note", lang), icon=":material/download:",
                          on_click="ignore", key=f"qcm-csv-{list_key}")


def map_panel(list_key: str, table: ListTable) -> None:
    st.subheader(t("lists.map.title", lang))
    if not table.spec.on_map:
        st.caption(t("lists.map.no_position", lang))
        return
    map_column, detail_column = st.columns([3, 2])
    in_list = state.selected in table.ids
    with map_column:
        # The map page's live map (ui/mapwidget.py), with the park's plots; a click also opens the
        # clicked record's list.
        chain_map(data, state, "qcm-list-map", 520, park_plots=True, on_select=_open_list_of)
    with detail_column:
        st.caption(t("lists.map.hint", lang))
        if not state.selected:
            return
        if not in_list:
            # The id comes from the URL (sel=): say it by the record's name, as plain text; an id that
            # names nothing says nothing (security review, point 13).
            known = data.records.loc[data.records["id"] == state.selected]
            if len(known):
                name = name_of(known.iloc[0], lang)
                st.info(t("lists.map.not_in_list", lang, id=escape_markdown(name)), icon=":material/info:")
            return
        row = table.frame.iloc[table.row_of(state.selected)]
        st.text(t("lists.map.selected", lang, name=row["name"]))
        if "systems" in row and row["systems"] > 1:
            st.caption(t("lists.map.aggregate", lang, count=f"{int(row['systems']):,}"))
        elif row.get("location") == t("location.illustrative", lang):
            st.warning(t("popup.illustrative_warning", lang), icon=":material/warning:")
        record = data.records[data.records["id"] == state.selected]
        if len(record) and record["layer"].iloc[0] != "pv_rooftop":
            # A link, not st.switch_page: switching pages from a script run lost the sidebar's
            # filters (the widgets came back empty); the link navigates like the sidebar does, and
            # the map page reads the selection from the session.
            st.page_link(MAP_PAGE, label=t("lists.map.open", lang), icon=":material/map:")


LIST_NOTES = {"projects": "lists.gwh_note", "targets": "lists.targets.reported", "energy": "lists.energy.note",
              "plots": "lists.plots.note"}


def list_tab(list_key: str) -> None:
    if list_key in LIST_NOTES:
        st.caption(t(LIST_NOTES[list_key], lang))
    query = st.text_input(t("lists.search", lang), key=f"qcm-search-{list_key}",
                          placeholder=t("lists.search", lang), help=t("lists.search_help", lang))
    table = build_list(data, state, list_key, query)
    if list_key == "projects":
        pipeline_strip(table)
    if table.empty:
        empty_targets = list_key == "targets" and table.available == 0
        st.info(t("lists.targets.empty" if empty_targets else "lists.nothing_matches", lang),
                icon=":material/inbox:" if empty_targets else ":material/search_off:")
    if not table.empty or list_key == "targets":
        widget_key = _table_widget_key(list_key, table)
        row = table.row_of(state.selected)
        # Short lists show every row; long ones scroll inside the table.
        height = 38 + 35 * max(len(table.frame), 1) if len(table.frame) <= 20 else 600
        st.dataframe(table.display_frame(), key=widget_key, hide_index=True, width="stretch", height=height,
                     column_config=column_config(table), placeholder=MISSING,
                     on_select=partial(_on_row_selected, list_key, widget_key, table.ids),
                     selection_mode="single-row",
                     selection_default={"selection": {"rows": [row]}} if row is not None else None)
        st.caption(t("lists.rows", lang, shown=f"{len(table.frame):,}", available=f"{table.available:,}")
                   + " " + t("lists.missing_note", lang))
        if table.illustrative_rows:
            st.caption(t("lists.illustrative_note", lang, count=f"{table.illustrative_rows:,}"))
    totals_strip(table)
    downloads(list_key, table)
    map_panel(list_key, table)


st.title(t("lists.title", lang))
st.caption(t("lists.subtitle", lang))

# Issue 4: the investment targets are confidential, a tab for editors only (a viewer's dataset holds
# none either: geo.access.roles.visible_dataset).
list_keys = LIST_KEYS if current_user().is_editor else tuple(key for key in LIST_KEYS if key != "targets")
labels = {key: t(f"lists.{key}.title", lang) for key in list_keys}
# The tabs open on the selected record's list (e.g. a marker clicked on the map page), else on the
# last list used; that also survives a language switch (new labels make the tabs a new widget).
# Seeded through session state, not ``default``: a changing default would make a new widget.
tabs_key = _tabs_key()
if tabs_key not in st.session_state:
    opening = list_of(data, state.selected) or st.session_state.get("qcm_list")
    st.session_state[tabs_key] = labels.get(opening, labels[list_keys[0]])
tabs = st.tabs([labels[key] for key in list_keys], key=tabs_key, on_change="rerun")
for list_key, tab in zip(list_keys, tabs, strict=True):
    if tab.open:
        st.session_state["qcm_list"] = list_key
        with tab:
            list_tab(list_key)

st.caption(t("footer.credits", lang))
