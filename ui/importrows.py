"""The import page's rows (issue 12, points 2, 3, 5, 6, 8): progress while a file is read and
checked, the problems by kind, the values to confirm, the rows kept out (import the good rows,
download the others as a problem sheet), and the confirmations the import waits for.

Called from pages/data_import.py; the rules are in geo.importing (preview, problemsheet).
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import escape_markdown, t
from geo.importing.preview import Preview, kind_counts
from geo.importing.problemsheet import problem_sheet
from geo.importing.readers import MAX_ROWS, RawTable, read_upload
from geo.importing.templates import XLSX_MIME
from ui.editor import choice, problems_table


def _rows_text(rows: list[int], limit: int = 12) -> str:
    shown = ", ".join(map(str, rows[:limit]))
    return shown + (f" … (+{len(rows) - limit})" if len(rows) > limit else "")


# --- progress ------------------------------------------------------------------------------------


def read_file(name: str, content: bytes, score, lang: str) -> RawTable:
    """geo.importing.readers.read_upload with a progress bar (a 20,000-row workbook takes seconds)."""
    bar = st.progress(0.0, text=t("importrows.reading", lang))

    def progress(done: int, total: int) -> None:  # total 0: the sheet does not say how many rows it has
        bar.progress(min(done / (total or MAX_ROWS), 1.0),
                     text=f"{t('importrows.reading', lang)} {done:,}" + (f"/{total:,}" if total else ""))

    try:
        table = read_upload(name, content, score, progress)
    finally:
        bar.empty()
    return table


def preview_progress(lang: str):
    """(progress, stage, done) callables for geo.importing.importer.preview: a bar over the rows,
    then the matching stage named."""
    bar = st.progress(0.0, text=t("import.checking", lang))

    def progress(done: int, total: int) -> None:
        bar.progress(0.8 * done / total, text=t("import.checking_rows", lang, done=f"{done:,}", total=f"{total:,}"))

    def stage(name: str) -> None:
        bar.progress(0.85, text=t(f"importrows.{name}", lang))

    return progress, stage, bar.empty


# --- values to confirm ---------------------------------------------------------------------------


def resolutions(nonce: int) -> tuple[tuple[str, str, str], ...]:
    """The editor's confirmed answers for this upload, for ImportOptions.resolutions."""
    answers = st.session_state.get(f"_qcm_import_resolutions-{nonce}", {})
    return tuple(sorted((f, v, code) for (f, v), code in answers.items()))


def ask_ambiguous(result: Preview, lang: str, nonce: int) -> None:
    """One select per distinct ambiguous value (not per row), preset to the suggestion or the
    answer given; the import waits until the editor confirms them all."""
    if not result.ambiguous:
        return
    with st.container(border=True):
        st.markdown(f"**{t('importrows.ambiguous_title', lang)}**")
        st.caption(t("importrows.ambiguous_help", lang))
        chosen = {}
        slots = st.columns(min(len(result.ambiguous), 3))
        for i, (key, a) in enumerate(result.ambiguous.items()):
            name = f"qcm-import-ambiguous-{nonce}-{i}"
            if name not in st.session_state:
                st.session_state[name] = a.resolved or a.suggestion
            label = t("importrows.ambiguous_label", lang, value=escape_markdown(a.value),
                      column=escape_markdown(a.column), rows=_rows_text(a.rows))  # a label is Markdown
            with slots[i % len(slots)]:
                chosen[key] = choice(st.selectbox, label, a.options, name, lang,
                                     lambda code, vocab=a.vocab: t(f"{vocab}.{code}", lang))
        answers_key = f"_qcm_import_resolutions-{nonce}"
        confirmed = st.session_state.get(answers_key, {})
        if result.pending or any(confirmed.get(k) != v for k, v in chosen.items()):
            if result.pending:
                st.warning(t("importrows.ambiguous_waiting", lang, n=len(result.pending)), icon=":material/help:")
            if st.button(t("importrows.ambiguous_confirm", lang), key=f"qcm-import-ambiguous-ok-{nonce}",
                         icon=":material/done_all:"):
                st.session_state[answers_key] = {**confirmed, **chosen}
                st.rerun()
        else:
            done = ("、" if lang == "zh" else "; ").join(
                f"{escape_markdown(a.value)} → {t(f'{a.vocab}.{a.resolved}', lang)}" for a in result.ambiguous.values())
            st.caption(t("importrows.ambiguous_done", lang, choices=done))


# --- problems ------------------------------------------------------------------------------------


def show_problems(result: Preview, table: RawTable, lang: str, nonce: int) -> None:
    """What keeps rows out (or the whole file), the problems by kind, then every problem."""
    if any(p.code != "crs_required" for p in result.file_errors):
        st.error(t("importrows.file_errors", lang), icon=":material/error:")
    elif result.file_errors:  # only the coordinate system is still to choose: its step above says how
        st.error(t("import.has_errors", lang, errors=len(result.errors)), icon=":material/error:")
    elif result.kept_out:
        if result.good_rows_only_possible:
            good = max(result.rows_read - len(result.kept_out), 0)
            st.warning(t("importrows.kept_out", lang, rows=_rows_text(result.kept_out), n=f"{len(result.kept_out):,}",
                         good=f"{good:,}"), icon=":material/rule:")
        else:  # no row left to import
            st.error(t("import.has_errors", lang, errors=len(result.errors)), icon=":material/error:")
        _sheet_download(result, table, lang, nonce)
    if not result.problems:
        return
    counts = kind_counts(result)
    st.caption(t("importrows.counts", lang, counts=" · ".join(
        f"{t(f'importrows.kind.{kind}', lang)} {n:,}" for kind, n in counts.items())))
    problems_table(result, lang, "qcm-import-problems")


LARGE_SHEET_ROWS = 2_000  # above this, the sheet is made on request, with a progress bar (seconds)


def _sheet_download(result: Preview, table: RawTable, lang: str, nonce: int) -> None:
    """The problem sheet's download. A small sheet is made when clicked; a large one (thousands of
    rows take seconds) when the editor asks, with progress, then offered for download."""
    label = t("importrows.download_sheet", lang, n=f"{len(result.kept_out):,}")
    file_name = f"{table.file_name.rsplit('.', 1)[0]}_问题_problems.xlsx"
    key = f"qcm-import-problem-sheet-{nonce}"
    if len(result.kept_out) <= LARGE_SHEET_ROWS:
        st.download_button(label, lambda: problem_sheet(table, result, lang), icon=":material/download:",
                           file_name=file_name, mime=XLSX_MIME, on_click="ignore", key=key)
        return
    made = st.session_state.get("_qcm_import_sheet")
    wanted = (table.sha256, tuple(result.kept_out), lang)
    if made is None or made[0] != wanted:
        if not st.button(t("importrows.make_sheet", lang, n=f"{len(result.kept_out):,}"), key=f"{key}-make",
                         icon=":material/table_view:"):
            return
        bar = st.progress(0.0, text=t("importrows.making_sheet", lang))
        data = problem_sheet(table, result, lang, lambda done, total: bar.progress(
            done / total, text=f"{t('importrows.making_sheet', lang)} {done:,}/{total:,}"))
        bar.empty()
        made = (wanted, data)
        st.session_state["_qcm_import_sheet"] = made
    st.download_button(label, made[1], icon=":material/download:", file_name=file_name, mime=XLSX_MIME,
                       on_click="ignore", key=key)


def confirm_codes(result: Preview, lang: str, nonce: int) -> bool:
    """The editor's tick for rows whose credit code is left out (True when there are none)."""
    rows = sorted({p.row for p in result.to_confirm if p.row not in result.kept_out})
    if not rows:
        return True
    return st.checkbox(t("importrows.confirm_codes", lang, rows=_rows_text(rows)), key=f"qcm-import-codes-{nonce}")


def good_rows_only(result: Preview) -> bool:
    """Rows are kept out and the others can go in: the import button imports the good rows."""
    return result.good_rows_only_possible


def confirm_label(result: Preview, lang: str) -> str:
    if good_rows_only(result):
        return t("importrows.import_good", lang, n=f"{max(result.rows_read - len(result.kept_out), 0):,}")
    return t("import.confirm", lang)
