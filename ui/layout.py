"""The map page's layout (issue 10, "map first"): the map fills the first screen, the title names the
county and the data's dates, the headline figures sit in one strip above the map, and the legend, the
tour step and the selected record's card float over the map's edges. On a phone the panels follow the map.

How the map fills the screen: st_folium draws its iframe at a fixed pixel height; CSS gives the iframe
the screen's height less what sits above it (``--qcm-top``), and a style inside the iframe lets
Leaflet's container follow the iframe (ui/mapwidget.py ``fill``). Leaflet tracks the iframe's size.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

import streamlit as st

from geo.data.dataset import Dataset
from geo.figures.metrics import Kpi
from geo.figures.strip import kpi_strip_html
from geo.i18n import t
from geo.map.card import record_card_html
from ui.view import select

PAGE_CSS = """
<style>
:root { --qcm-top: 142px; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.5rem; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 1rem 0.4rem !important; max-width: 100% !important; }
[data-testid="stHeader"] { background: transparent !important; height: 0 !important; min-height: 0 !important; }
.st-key-qcm_head { align-items: center !important; row-gap: 0.3rem !important; }
/* The sidebar folded: its button sits where the title starts. */
[data-testid="stSidebar"][data-collapsed="true"] ~ [data-testid="stMain"] .st-key-qcm_head { padding-left: 2.6rem; }
.st-key-qcm_head [data-testid="stElementContainer"]:first-child { flex: 1 1 260px !important; min-width: 0; }
.qcm-title h1 { font-size: clamp(1.1rem, 1.45vw, 1.5rem); line-height: 1.3; margin: 0; padding: 0; font-weight: 700;
  white-space: nowrap; }
.qcm-date { font-size: 0.8rem; color: #4a5563; line-height: 1.3; }
.qcm-strip { display: flex; flex-wrap: wrap; gap: 6px; align-items: stretch; position: relative; }
.qcm-kpi { flex: 1 1 auto; max-width: 340px; border: 1px solid #d8dee6; border-left: 3px solid #1b4f72;
  border-radius: 6px; padding: 3px 8px; background: #fff; }
.qcm-kpi-label { font-size: 0.75rem; color: #3d4754; white-space: nowrap; }
.qcm-kpi-value { font-size: 1.08rem; font-weight: 650; line-height: 1.25; white-space: nowrap; color: #13202d; }
.qcm-kpi-text { flex: 3 1 220px; max-width: none; }
.qcm-kpi-text .qcm-kpi-value { white-space: normal; font-size: 0.85rem; font-weight: 600; }
.qcm-kpi-shown { font-size: 0.7rem; font-weight: 500; color: #0b5a2a; background: #e6f4ea; border-radius: 3px;
  padding: 0 4px; margin-left: 5px; vertical-align: 2px; }
.qcm-kpi-meta { font-size: 0.7rem; color: #4a5563; white-space: nowrap; line-height: 1.3; }
.qcm-kpi-tag { margin-left: 4px; padding: 0 3px; border-radius: 3px; background: #fff1d6; color: #6b3d00; }
.qcm-kpi-derived { border-left-color: #b26a00; }
.qcm-kpi-scope { flex: 0 0 auto; writing-mode: vertical-rl; text-orientation: upright; font-size: 0.72rem;
  letter-spacing: 1px; padding: 4px 2px; border-radius: 4px; background: #1b4f72; color: #fff; text-align: center; }
:lang(en) .qcm-kpi-scope, .qcm-en .qcm-kpi-scope { text-orientation: mixed; }
.qcm-kpi-more { flex: 0 0 auto; font-size: 0.78rem; align-self: center; }
.qcm-kpi-more summary { cursor: pointer; color: #1b4f72; white-space: nowrap; padding: 4px 6px; }
.qcm-more-box { position: absolute; right: 0; top: 100%; z-index: 20; width: min(460px, 90vw); background: #fff;
  border: 1px solid #d8dee6; border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.15); padding: 6px 10px; }
.qcm-more-row { display: grid; grid-template-columns: auto auto; gap: 0 10px; padding: 3px 0; }
.qcm-more-row small { grid-column: 1 / 3; color: #4a5563; }
.st-key-qcm_stage { position: relative; }
.st-key-qcm_stage iframe[title="streamlit_folium.st_folium"] {
  height: max(340px, calc(100dvh - var(--qcm-top))) !important; }
.st-key-qcm_panel, .st-key-qcm_card { position: absolute !important; top: 10px; z-index: 10;
  max-height: calc(100% - 20px); overflow-y: auto; background: rgba(255,255,255,0.95) !important;
  box-shadow: 0 2px 10px rgba(0,0,0,0.18); border-radius: 8px; }
.st-key-qcm_panel { right: 10px; width: clamp(240px, 20vw, 340px); }
/* Compact type in the floating panel: the legend beside the map, not a page of its own. */
.st-key-qcm_panel .st-key-qcm_legend { font-size: 0.84rem; line-height: 1.42; }
.st-key-qcm_panel .st-key-qcm_legend .qcm-note { font-size: 0.76rem; margin-top: 2px; line-height: 1.3; }
.st-key-qcm_card { left: 54px; width: clamp(230px, 19vw, 330px); padding: 8px 10px; max-height: calc(100% - 96px); }
.st-key-qcm_panel details summary { padding: 0.2rem 0.6rem !important; min-height: 0 !important; }
.st-key-qcm_panel [data-testid="stExpanderDetails"] { padding: 0.1rem 0.7rem 0.5rem !important; }
.st-key-qcm_notice { position: absolute !important; left: 10px; bottom: 66px; z-index: 9; width: auto !important; }
.qcm-notice { font-size: 0.76rem; color: #5c3b00; background: rgba(255,246,224,0.95); border: 1px solid #f0d58a;
  border-radius: 4px; padding: 2px 8px; white-space: nowrap; }
.qcm-phone-only { display: none; }
.qcm-card-name { font-weight: 700; font-size: 1rem; line-height: 1.3; }
.qcm-card-sub { font-size: 0.8rem; color: #3d4754; }
.qcm-card-warning { margin: 4px 0; padding: 3px 6px; font-size: 0.8rem; background: #fff6e0; color: #5c3b00;
  border-left: 3px solid #e0a100; border-radius: 3px; }
.qcm-card-fields { display: grid; grid-template-columns: auto 1fr; gap: 1px 8px; margin: 4px 0 0; padding: 0;
  font-size: 0.8rem; }
.qcm-card-fields dt { color: #4a5563; white-space: nowrap; margin: 0; padding: 0; font-weight: 400; }
.qcm-card-fields dd { margin: 0; padding: 0; overflow-wrap: anywhere; }
@media (min-width: 1600px) { :root { --qcm-top: 150px; } .qcm-kpi-value { font-size: 1.25rem; } }
@media (max-width: 1100px) { :root { --qcm-top: 200px; } }
/* Phones: the map first, then the figures and the legend in one collapsible panel. */
@media (max-width: 700px) {
  [data-testid="stMainBlockContainer"] { padding-top: 2.6rem !important; }  /* below the sidebar's button */
  [data-testid="stMain"] .st-key-qcm_head { padding-left: 0 !important; }
  .st-key-qcm_kpis, .st-key-qcm_present_toggle { display: none !important; }  /* no projector on a phone */
  .st-key-qcm_toolbar { flex-wrap: wrap !important; }
  .qcm-phone-only { display: block; }
  .qcm-phone-only .qcm-strip { margin-bottom: 6px; }
  .qcm-phone-only .qcm-kpi { flex: 1 1 40%; }
  .st-key-qcm_stage iframe[title="streamlit_folium.st_folium"] { height: 62dvh !important; }
  .st-key-qcm_notice { position: static !important; }
  .qcm-notice { white-space: normal; }
  .st-key-qcm_panel, .st-key-qcm_card { position: static !important; width: auto; max-height: none;
    margin-top: 8px; box-shadow: none; border: 1px solid #d8dee6; }
}
</style>
"""


# The screen's height, for tour steps' zoom (geo/meeting/presentation.py screen_zoom): a tiny browser
# probe, in 40-pixel steps so that only a real change of screen reruns the page.
_SCREEN_JS = """
export default function (component) {
  var w = window;
  w.__qcmScreen = component;
  function report() {
    var h = Math.round(w.innerHeight / 40) * 40;
    var known = w.__qcmScreen.data && w.__qcmScreen.data.known;  // the server may have dropped it
    if ((w.__qcmScreenSent !== h || !known) && w.__qcmScreen.setStateValue) {
      w.__qcmScreenSent = h;
      w.__qcmScreen.setStateValue("height", h);
    }
  }
  if (!w.__qcmScreenListening) {
    w.__qcmScreenListening = true;
    w.addEventListener("resize", report);
  }
  report();
}
"""
_SCREEN = st.components.v2.component("qcm_screen", js=_SCREEN_JS)


def _noop() -> None:
    """The probe's state needs a callback to be kept; the rerun it causes is all it asks for."""


def screen_height() -> int | None:
    """The browser's window height in pixels (40-pixel steps), once the probe has reported it."""
    height = getattr(st.session_state.get("qcm_screen"), "height", None)
    height = int(height) if isinstance(height, int | float) and height > 0 else None
    _SCREEN(key="qcm_screen", data={"known": height is not None}, on_height_change=_noop)
    return height


def page_css() -> None:
    st.html(PAGE_CSS)


def title_block(data: Dataset, lang: str) -> None:
    """The county and the dates of the data."""
    meta = data.meta or {}
    date = t("layout.data_date", lang, facts=meta.get("facts_as_of", "—"), assets=meta.get("energy_assets_as_of", "—"))
    st.html(f'<div class="qcm-title"><h1>{escape(t("app.title", lang))}</h1>'
            f'<div class="qcm-date">{escape(date)}</div></div>')


def kpi_strip(figures: list[Kpi], lang: str, *, fold_derived: bool = True,
              scope: tuple[str, str] | None = None) -> None:
    with st.container(key="qcm_kpis"):
        st.html(kpi_strip_html(figures, lang, fold_derived=fold_derived, scope=scope))


def notice(illustrative: int, shown: int, lang: str) -> None:
    """One line: how many of the drawn objects stand at illustrative positions."""
    if illustrative:
        text = t("layout.notice", lang, illustrative=f"{illustrative:,}", shown=f"{shown:,}")
        with st.container(key="qcm_notice"):
            st.html(f'<div class="qcm-notice" role="note">⚠ {escape(text)}</div>')


def phone_figures(figures: list[Kpi], lang: str) -> None:
    """The strip again, inside the legend's panel, shown only on phones (CSS)."""
    st.html(f'<div class="qcm-phone-only">{kpi_strip_html(figures, lang)}</div>')


def term_table(frame, key: str) -> None:
    """A table that wraps its long cells (st.table), its last column (a short word such as 报道/推算) kept
    on one line: the tracker's green-power terms."""
    last = ", ".join(f".st-key-{key} {cell}:last-child{inner}" for cell in ("th", "td") for inner in ("", " *"))
    st.html(f"<style>{last} {{ white-space: nowrap !important; word-break: keep-all !important; }}</style>")
    with st.container(key=key):
        st.table(frame, hide_index=True)


def selection_card(data: Dataset, selected: str | None, lang: str) -> None:
    """Beside the map: the selected record's card, with a button that closes it (selects nothing)."""
    card = record_card_html(data, selected, lang)
    if card is None:
        return
    with st.container(key="qcm_card"):
        st.button(t("layout.card_close", lang), key="qcm_card_close", icon=":material/close:", type="tertiary",
                  on_click=select, args=(None,))
        st.html(card)


_SOURCE_WIDTHS = {"id": "8%", "kind": "6%", "publisher": "15%", "title": "20%", "date": "8%", "url": "13%",
                  "licence": "10%", "note": "20%"}
SOURCES_CSS = """<style>
.qcm-sources { width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 0.86rem; }
.qcm-sources th, .qcm-sources td { border-bottom: 1px solid #e3e7ec; padding: 5px 6px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
.qcm-sources th { color: #3d4754; font-weight: 600; background: #f5f7f9; }
</style>"""


def sources_table_html(sources, headers: dict[str, str]) -> str:
    """sources.csv as a table that wraps; a URL shows its site (host) and links to the page."""
    columns = [c for c in _SOURCE_WIDTHS if c in sources.columns]
    head = "".join(f'<th style="width:{_SOURCE_WIDTHS[c]}">{escape(headers.get(c, c))}</th>' for c in columns)
    rows = []
    for _, row in sources.iterrows():
        cells = []
        for c in columns:
            value = str(row[c] or "")
            if c == "url" and value.startswith(("http://", "https://")):
                site = urlsplit(value).netloc
                cells.append(f'<td><a href="{escape(value)}" title="{escape(value)}" target="_blank" '
                             f'rel="noopener noreferrer">{escape(site)}</a></td>')
            else:
                cells.append(f"<td>{escape(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    return f'{SOURCES_CSS}<table class="qcm-sources"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
