"""The current map for the briefing pack: one standalone HTML file (opens offline on any laptop) and
the page the PNG is taken from.

The file holds everything: Leaflet, leaflet.heat, the app's layer scripts and styles are inlined from
static/, the layer data is inlined as data: URLs (``LayerCache(Publisher(None))``), and beside the map
stand the legend, the figures, the filters, the sources, the "data as of" date and what is
illustrative. Nothing is fetched from anywhere: tests open it in Chromium with the network blocked.

Every text that comes from data is escaped here (html.escape); the legend escapes its own labels.
Every export carries the notice that it is for internal use and not reviewed for publication (no
审图号; README, 地图审核); with coordinates left out (the viewer's setting) the positions inside the file
are rounded to :data:`COARSE_DEG` and the export says so.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, replace
from datetime import date
from html import escape
from pathlib import Path

from branca.element import Element, MacroElement
from jinja2 import Template

from geo.data.dataset import Dataset, source_ids_text, sources_in
from geo.figures.metrics import kpis
from geo.filters import LAYER, ViewState, visible_records
from geo.i18n import t
from geo.lists.spreadsheets import filters_applied
from geo.map.assets import STATIC_URL_PREFIX, static_file_path
from geo.map.build import build_map
from geo.map.layers import LayerCache
from geo.map.legend import illustrative_shown, legend_entries, legend_html
from geo.map.publish import Publisher
from geo.meeting.presentation import MapPosition

HTML_MIME = "text/html"
PNG_MIME = "image/png"
PDF_MIME = "application/pdf"
PNG_SIZE = (1920, 1080)
BRIEF_MAP_SIZE = (1440, 810)  # the brief's picture: smaller, so its legend stays legible at A4 width
_LOCAL_SCRIPT = re.compile(r'<script src="(' + re.escape(STATIC_URL_PREFIX) + r'/[^"]+)"></script>')
_LOCAL_STYLE = re.compile(r'<link rel="stylesheet" href="(' + re.escape(STATIC_URL_PREFIX) + r'/[^"]+)"/>')
_CSS_URL = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)
_IMAGE_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif"}
COARSE_DEG = 0.01  # positions in an export without coordinates: rounded to 0.01° (about 1 km here)


@dataclass(frozen=True)
class Caption:
    """A tour step's title and caption, when the export is made during a tour."""

    title: str
    text: str
    sources: tuple[str, ...] = ()


# --- what every export says about itself ---------------------------------------------------------


def data_as_of(dataset: Dataset, lang: str) -> str:
    meta = dataset.meta
    return t("about.data_as_of", lang, facts=meta.get("facts_as_of", "—"),
             assets=meta.get("energy_assets_as_of", "—"), compiled=meta.get("compiled", "—"))


def notice(lang: str, coordinates: bool = True) -> str:
    """The line every export carries: internal use, no review number; and, without coordinates, that
    positions are rounded."""
    text = t("export.notice", lang)
    if not coordinates:
        text += ("。" if lang == "zh" else ". ") + t("export.coordinates_omitted", lang)
    return text


def generalised(dataset: Dataset, coordinates: bool) -> Dataset:
    """The dataset an export draws: as it is, or (coordinates left out) with every record's position
    rounded to :data:`COARSE_DEG`, so that no raw coordinate travels inside the file."""
    if coordinates:
        return dataset
    records = dataset.records.assign(**{axis: (dataset.records[axis] / COARSE_DEG).round() * COARSE_DEG
                                        for axis in ("lon", "lat")})
    return replace(dataset, records=records)


def view_description(dataset: Dataset, state: ViewState) -> list[tuple[str, str]]:
    """[(label, value)]: the filters, the layers shown and the selected record, in the view's language."""
    lang = state.lang
    rows = filters_applied(dataset, state)
    name = LAYER.value_labels(lang)
    layers = [name(layer) for layer in LAYER.choices if layer in state.layers]
    shown = ("、" if lang == "zh" else ", ").join(layers) or t("export.filter_none", lang)
    rows.append((t(LAYER.label_key, lang), shown))
    if state.selected:
        match = dataset.records[dataset.records["id"] == state.selected]
        if len(match):
            name = match[f"name_{lang}"].iloc[0]
            rows.append((t("meeting.selected", lang), f"{name} ({state.selected})"))
    return rows


def cited_source_ids(dataset: Dataset, state: ViewState, extra: tuple[str, ...] = ()) -> list[str]:
    """Sources of the records drawn, of the headline figures and of a caption, in sources.csv order."""
    cited: set[str] = set(extra)
    for value in visible_records(dataset.records, state)["source"].dropna().unique():
        cited |= {s.strip() for s in str(value).split(";") if s.strip()}
    for value in dataset.facts["source"].dropna().unique():
        cited |= {s.strip() for s in str(value).split(";") if s.strip()}
    if "boundary" in state.layers:
        cited.add("AMAP-BOUNDARY")
    if "park" in state.layers:
        for value in dataset.park["source"].dropna():
            cited |= {s.strip() for s in str(value).split(";") if s.strip()}
    return [s for s in dataset.sources["id"] if s in cited]


def sources_rows(dataset: Dataset, ids: list[str], lang: str) -> list[tuple[str, str]]:
    """[(id, "publisher, title, date · licence")], for the sources named, in ``lang``."""
    frame = sources_in(dataset.sources, lang).set_index("id")
    rows = []
    for source_id in ids:
        row = frame.loc[source_id]
        parts = [str(row.get(k) or "").strip() for k in ("publisher", "title", "date")]
        text = ("，" if lang == "zh" else ", ").join(p for p in parts if p)
        if str(row.get("licence") or "").strip():
            text += f" · {row['licence']}"
        rows.append((source_ids_text(source_id, lang), text))
    return rows


def illustrative_note(dataset: Dataset, state: ViewState) -> str | None:
    illustrative, shown = illustrative_shown(dataset, state)
    if not illustrative:
        return None
    return t("map.illustrative_notice", state.lang, illustrative=f"{illustrative:,}", shown=f"{shown:,}")


def file_name(kind: str, state: ViewState, today: date, extension: str) -> str:
    """"庆云县产业链一张图_2026-11-25.html" / "qingyun-chain-brief_2026-11-25.pdf"."""
    return f"{t(f'meeting.file.{kind}', state.lang)}_{today.isoformat()}.{extension}"


# --- inlining ---------------------------------------------------------------------------------------


def _css_with_images(css: str, css_path: Path) -> str:
    def image(match: re.Match) -> str:
        path = (css_path.parent / match.group(2)).resolve()
        if not path.is_file():
            return match.group(0)
        mime = _IMAGE_MIME.get(path.suffix.lower(), "application/octet-stream")
        return f"url(data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"

    return _CSS_URL.sub(image, css)


def inline_local_assets(html: str) -> str:
    """Replace every ``/app/static/...`` script and stylesheet link by the file's content."""
    def script(match: re.Match) -> str:
        code = static_file_path(match.group(1)).read_text(encoding="utf-8")
        return "<script>\n" + code.replace("</script", "<\\/script") + "\n</script>"

    def style(match: re.Match) -> str:
        path = static_file_path(match.group(1))
        css = _css_with_images(path.read_text(encoding="utf-8"), path)
        return "<style>\n" + css.replace("</style", "<\\/style") + "\n</style>"

    return _LOCAL_STYLE.sub(style, _LOCAL_SCRIPT.sub(script, html))


# --- the standalone map ------------------------------------------------------------------------------


class _Finish(MacroElement):
    """Runs after every layer is created: exposes the map as ``window.map`` (as st_folium does, for
    tests), puts it at the requested position, and says the page is complete."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.map = {{ this._parent.get_name() }};
        {% if this.position %}window.map.setView({{ this.position|tojson }}, {{ this.zoom }});{% endif %}
        window.qcmExportReady = true;
        {% endmacro %}
        """
    )

    def __init__(self, position: MapPosition | None):
        super().__init__()
        self._name = "Finish"
        self.position = list(position.center) if position else None
        self.zoom = position.zoom if position else None


PAGE_CSS = """
html, body { height: 100%; margin: 0; }
body { display: grid; grid-template-columns: 1fr 380px; grid-template-rows: auto auto 1fr auto; height: 100vh;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
  color: #1d2a33; background: #fff; }
.folium-map { grid-column: 1; grid-row: 3; height: auto !important; min-height: 300px; }
.qcm-x-head { grid-column: 1 / 3; grid-row: 1; padding: 14px 24px 10px; border-bottom: 3px solid #1b4f72; }
.qcm-x-head h1 { margin: 0; font-size: 30px; color: #1b4f72; }
.qcm-x-head .qcm-x-sub { margin-top: 4px; font-size: 16px; color: #44525c; }
.qcm-x-caption { margin-top: 8px; font-size: 19px; line-height: 1.45; }
.qcm-x-caption b { color: #1b4f72; }
.qcm-x-side { grid-column: 2; grid-row: 3; overflow: hidden; padding: 10px 16px; border-left: 1px solid #d5dde3;
  font-size: 14px; }
.qcm-x-side h2 { font-size: 16px; margin: 0 0 6px; color: #1b4f72; }
.qcm-x-side .qcm-x-dl { margin-bottom: 12px; }
.qcm-x-kpis { grid-column: 1 / 3; grid-row: 2; display: grid; grid-template-columns: repeat(10, 1fr); gap: 10px;
  padding: 8px 24px; border-bottom: 1px solid #d5dde3; }
.qcm-x-kpi .v { font-size: 22px; font-weight: 700; white-space: nowrap; }
.qcm-x-kpi .l { font-size: 12.5px; color: #44525c; }
.qcm-x-kpi .s { font-size: 10.5px; color: #6b7780; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2;
  -webkit-box-orient: vertical; }
.qcm-x-dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; font-size: 12.5px; margin: 0; }
.qcm-x-dl dt { color: #44525c; } .qcm-x-dl dd { margin: 0; }
.qcm-x-side .qcm-legend { line-height: 1.32; }
.qcm-x-side .qcm-legend .qcm-note { font-size: 11px; line-height: 1.25; margin-top: 2px; }
.qcm-x-warn { margin: 0 0 8px; padding: 6px 8px; background: #fff4e5; border-left: 4px solid #f0a020;
  color: #6b3d00; font-size: 13px; }
.qcm-x-foot { grid-column: 1 / 3; grid-row: 4; padding: 6px 24px; font-size: 12.5px; color: #44525c;
  border-top: 1px solid #d5dde3; }
.qcm-x-foot .qcm-x-src { margin-right: 14px; }
.qcm-x-head { position: relative; }
.qcm-x-notice { position: absolute; right: 24px; top: 16px; max-width: 46%; text-align: right; font-size: 15px;
  font-weight: 700; color: #8a1c1c; border: 2px solid #8a1c1c; border-radius: 4px; padding: 3px 8px; }
"""


def _kpi_block(dataset: Dataset, state: ViewState) -> str:
    lang = state.lang
    cells = []
    for kpi in kpis(dataset, state):
        badge = t(f"kpi.{kpi.kind}_badge", lang)
        cells.append(f'<div class="qcm-x-kpi" data-kpi="{escape(kpi.key)}"><div class="v">{escape(kpi.value)}</div>'
                     f'<div class="l">{escape(kpi.label)} · {escape(badge)}</div>'
                     f'<div class="s">{escape(kpi.help)}</div></div>')
    return f'<section class="qcm-x-kpis" aria-label="{escape(t("kpi.title", lang))}">{"".join(cells)}</section>'


def _dl(rows: list[tuple[str, str]]) -> str:
    return '<dl class="qcm-x-dl">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows) + "</dl>"


def _panel(dataset: Dataset, state: ViewState, caption: Caption | None, today: date,
           compact: bool = False, coordinates: bool = True) -> tuple[str, str, str]:
    """(header, side panel, footer) HTML; ``compact``: the side panel only (the brief says the rest)."""
    lang = state.lang
    head = (f'<header class="qcm-x-head"><h1>{escape(t("app.title", lang))}</h1>'
            f'<div class="qcm-x-notice" data-testid="qcm-export-notice">{escape(notice(lang, coordinates))}</div>'
            f'<div class="qcm-x-sub">{escape(data_as_of(dataset, lang))} · '
            f'{escape(t("meeting.exported_on", lang, date=today.isoformat()))}</div>')
    if caption is not None:
        head += (f'<div class="qcm-x-caption" data-testid="qcm-export-caption"><b>{escape(caption.title)}</b>　'
                 f"{escape(caption.text)}</div>")
    head += "</header>"
    note = illustrative_note(dataset, state)
    head += _kpi_block(dataset, state)
    # The warning on illustrative positions first, then the filters: a long legend (English) must not
    # push them out of the picture. The legend's notes, last, are small.
    side = ('<aside class="qcm-x-side">'
            + (f'<div class="qcm-x-warn" data-testid="qcm-export-illustrative">{escape(note)}</div>' if note else "")
            + f'<h2>{escape(t("export.filters", lang))}</h2>' + _dl(view_description(dataset, state))
            + legend_html(legend_entries(dataset, state), lang)
            + "</aside>")
    sources = sources_rows(dataset, cited_source_ids(dataset, state, caption.sources if caption else ()), lang)
    heading = escape(t("export.sources", lang)) + ("：" if lang == "zh" else ": ")
    foot = (f'<footer class="qcm-x-foot" data-testid="qcm-export-sources"><b>{heading}</b>'
            + "".join(f'<span class="qcm-x-src"><b>{escape(i)}</b> {escape(text)}</span>' for i, text in sources)
            + "</footer>")
    if compact:  # the brief's picture: the brief itself carries the notice
        return "", side, ""
    return head, side, foot


# branca's Figure template, valid HTML: the language on <html>, one charset declaration first in <head>,
# and the map's script inside <body> (branca writes it after </body>, which a validator refuses).
EXPORT_TEMPLATE = Template(
    "<!DOCTYPE html>\n"
    '<html lang="{{ this.lang }}">\n'
    "<head>\n"
    '<meta charset="utf-8">\n'
    "    {{ this.header.render(**kwargs) }}\n"
    "</head>\n"
    "<body>\n"
    "    {{ this.html.render(**kwargs) }}\n"
    "<script>\n"
    "    {{ this.script.render(**kwargs) }}\n"
    "</script>\n"
    "</body>\n"
    "</html>\n"
)


def map_html(dataset: Dataset, state: ViewState, today: date, position: MapPosition | None = None,
             highlights: tuple[str, ...] = (), caption: Caption | None = None, compact: bool = False,
             coordinates: bool = True) -> str:
    """The current map as one self-contained HTML document (scripts, styles and data inlined).
    ``compact``: the map with its legend and filters only, for the brief's picture; ``coordinates=False``:
    positions rounded to :data:`COARSE_DEG` (:func:`generalised`), and the footer says so.

    Always on the plain background: online tiles cannot travel inside a file, and a briefing pack
    must open offline (the layers are then WGS-84, whatever basemap the app showed)."""
    state = state.with_(basemap="none")
    dataset = generalised(dataset, coordinates)
    inline = LayerCache(Publisher(None))
    m = build_map(dataset, state, cache=inline, highlights=highlights, fly=position is None)
    _Finish(position).add_to(m)
    root = m.get_root()
    lang = state.lang
    # One charset declaration (ours, first in <head>): branca's http-equiv one goes.
    root.header._children.pop("meta_http", None)
    root.header.add_child(Element(f"<title>{escape(t('app.title', lang))}</title><style>{PAGE_CSS}</style>"),
                          name="qcm_export_head")
    head, side, foot = _panel(dataset, state, caption, today, compact, coordinates)
    body = head + side + foot
    styles = _STYLE_BLOCK.findall(body)  # a stylesheet belongs in <head> (the legend brings one)
    root.header.add_child(Element("".join(styles)), name="qcm_export_styles")
    root.html.add_child(Element(_STYLE_BLOCK.sub("", body)), name="qcm_export_panel")
    root._template = EXPORT_TEMPLATE
    root.lang = "zh-CN" if lang == "zh" else "en"
    return inline_local_assets(root.render())

