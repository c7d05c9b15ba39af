"""The briefing-pack page (简报): the current map as an image, the headline figures, the "1612" progress,
the lists in brief, the sources and the "data as of" stamp, in zh or en, as HTML that Chromium prints
to an A4 PDF (geo/meeting/render.py). Chromium handles the CJK fonts; the layout is plain HTML and CSS.

Reported and derived figures stay apart (each row says which it is), the tracker's numbers come from
geo/figures/tracker.py with its default assumptions (stated on the page), and illustrative data is marked.
"""

from __future__ import annotations

import base64
from datetime import date
from html import escape

from geo import units
from geo.data.dataset import Dataset
from geo.figures.metrics import kpis
from geo.figures.tracker import DEFAULT_ASSUMPTIONS, Progress, tracker_figures
from geo.filters import ViewState
from geo.i18n import t
from geo.lists.definitions import LIST_KEYS, build_list
from geo.meeting.standalone import (
    Caption,
    cited_source_ids,
    data_as_of,
    illustrative_note,
    notice,
    sources_rows,
    view_description,
)

BRIEF_CSS = """
@page { size: A4; margin: 13mm 14mm 14mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif;
  font-size: 10pt; line-height: 1.4; color: #1d2a33; }
h1 { font-size: 18pt; margin: 0 0 2pt; color: #1b4f72; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; color: #1b4f72; border-bottom: 1.5pt solid #1b4f72; padding-bottom: 2pt;
  break-after: avoid; }
.stamp { font-size: 9pt; color: #44525c; }
.caption { margin: 6pt 0; padding: 5pt 7pt; background: #eef4f8; border-left: 3pt solid #1b4f72; }
img.map { width: 100%; border: 0.5pt solid #b8c4cc; margin-top: 6pt; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; break-inside: auto; }
th, td { text-align: left; padding: 2.5pt 4pt; border-bottom: 0.5pt solid #d5dde3; vertical-align: top; }
th { background: #dde6ee; font-weight: 600; }
tr { break-inside: avoid; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.qcm-sources td:first-child { white-space: nowrap; }  /* a source id never breaks */
/* The sources cited are many since the 2021-2023 reports: small type, tight rows (the brief stays <= 3 pages). */
.qcm-sources table { font-size: 7.5pt; line-height: 1.25; }
.qcm-sources th, .qcm-sources td { padding: 1pt 3pt; }
.badge { font-size: 8pt; padding: 0 3pt; border-radius: 3pt; background: #e3f4e8; white-space: nowrap; }
.badge.derived { background: #fff1d6; }
.bar { position: relative; height: 7pt; background: #e6ebef; border-radius: 3pt; min-width: 60pt; }
.bar span { position: absolute; left: 0; top: 0; bottom: 0; background: #1b4f72; border-radius: 3pt; }
.warn { margin-top: 6pt; padding: 4pt 6pt; background: #fff4e5; border-left: 3pt solid #f0a020; color: #6b3d00; }
.small { font-size: 8.5pt; color: #44525c; }
/* The tracker starts a page only where the first is full: a long tour caption pushed one row of the
   figures over, and a forced break then left that page nearly empty (a 4-page brief). */
.page2 { break-before: auto; }

.notice { margin-top: 3pt; font-weight: 700; color: #8a1c1c; }
"""


def _table(headers: list[str], rows: list[list[str]], numeric: tuple[int, ...] = (), raw: tuple[int, ...] = ()) -> str:
    """A table; cells are escaped except the columns in ``raw`` (HTML made here)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            text = cell if i in raw else escape(str(cell))
            cells.append(f'<td class="num">{text}</td>' if i in numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _bar(progress: Progress) -> str:
    return f'<div class="bar"><span style="width:{progress.bar * 100:.1f}%"></span></div>'


def kpi_rows(dataset: Dataset, state: ViewState) -> list[list[str]]:
    lang = state.lang
    rows = []
    for kpi in kpis(dataset, state):
        badge = f'<span class="badge {kpi.kind}">{escape(t(f"kpi.{kpi.kind}_badge", lang))}</span>'
        basis = kpi.help + (f" · {kpi.detail}" if kpi.detail else "")
        rows.append([escape(kpi.label), escape(kpi.value), badge, escape(basis)])
    return rows


def progress_rows(dataset: Dataset, lang: str) -> list[list[str]]:
    """The four "1612" goals, county-wide (the goals are not filtered, as on the tracker page)."""
    figures = tracker_figures(dataset.records, dataset.facts, DEFAULT_ASSUMPTIONS)
    rows = []
    for key, label, fmt in (("cells", "tracker.target.cells", units.gwh), ("packs", "tracker.target.packs", units.gwh),
                            ("ess", "tracker.target.ess", units.gwh),
                            ("output_value", "tracker.target.output_listed", lambda v: units.yuan(v, lang))):
        progress = figures.progress(key)
        rows.append([escape(t(label, lang)), escape(fmt(progress.current)), escape(fmt(progress.target)),
                     escape(units.percent(progress.share)), _bar(progress), escape(fmt(progress.remaining))])
    reported = Progress(figures.reported_output_cny, figures.targets["output_value"])
    rows.append([escape(t("meeting.brief.output_reported", lang)),
                 escape(t("lists.reported.more_than", lang) + units.yuan(reported.current, lang)),
                 escape(units.yuan(reported.target, lang)), escape(units.percent(reported.share)), _bar(reported), "—"])
    return rows


def list_rows(dataset: Dataset, state: ViewState) -> list[list[str]]:
    """Each list under the view's filters: rows shown of rows held, its totals, the reported figures."""
    lang = state.lang
    rows = []
    for key in LIST_KEYS:
        table = build_list(dataset, state, key)
        totals = "; ".join(f"{total.label}: {total.text}" for total in table.totals if total.key != "count")
        reported = "; ".join(f"{figure.label}: {figure.value} ({figure.source})" for figure in table.reported)
        rows.append([t(table.spec.title, lang), f"{len(table.frame):,} / {table.available:,}", totals or "—",
                     reported or "—"])
    return rows


def brief_html(dataset: Dataset, state: ViewState, map_png: bytes | None, today: date,
               caption: Caption | None = None, coordinates: bool = True) -> str:
    """The brief as one HTML document; ``map_png`` is the map at presentation size (geo/meeting/render.py).
    It says, under its date and as its last line, that it is for internal use (``coordinates=False``:
    and that the map's positions are rounded)."""
    lang = state.lang
    parts = [f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
             f"<title>{escape(t('meeting.brief.title', lang))}</title><style>{BRIEF_CSS}</style></head><body>",
             f"<h1>{escape(t('meeting.brief.title', lang))}</h1>",
             f'<div class="stamp" data-testid="qcm-brief-stamp">{escape(data_as_of(dataset, lang))} · '
             f"{escape(t('meeting.exported_on', lang, date=today.isoformat()))}</div>",
             f'<div class="notice" data-testid="qcm-brief-notice">{escape(notice(lang, coordinates))}</div>']
    if caption is not None:
        parts.append(f'<div class="caption"><b>{escape(caption.title)}</b>　{escape(caption.text)}</div>')
    if map_png:
        parts.append(f'<img class="map" alt="{escape(t("map.title", lang))}" '
                     f'src="data:image/png;base64,{base64.b64encode(map_png).decode("ascii")}">')
    filters = "; ".join(f"{label}: {value}" for label, value in view_description(dataset, state))
    parts.append(f'<div class="small">{escape(t("export.filters", lang))} — {escape(filters)}</div>')
    if note := illustrative_note(dataset, state):
        parts.append(f'<div class="warn">{escape(note)}</div>')
    parts.append(f"<h2>{escape(t('kpi.title', lang))}</h2>")
    parts.append(_table([t("meeting.brief.col.figure", lang), t("meeting.brief.col.value", lang),
                         t("meeting.brief.col.kind", lang), t("meeting.brief.col.basis", lang)],
                        kpi_rows(dataset, state), numeric=(1,), raw=(0, 1, 2, 3)))
    parts.append(f'<h2 class="page2">{escape(t("tracker.title", lang))}</h2>')
    parts.append(_table([t("meeting.brief.col.goal", lang), t("meeting.brief.col.now", lang),
                         t("meeting.brief.col.target", lang), t("meeting.brief.col.share", lang), "",
                         t("meeting.brief.col.remaining", lang)],
                        progress_rows(dataset, lang), numeric=(1, 2, 3, 5), raw=(0, 1, 2, 3, 4, 5)))
    parts.append(f'<div class="small">{escape(t("meeting.brief.tracker_note", lang))}</div>')
    parts.append(f"<h2>{escape(t('meeting.brief.lists', lang))}</h2>")
    parts.append(_table([t("meeting.brief.col.list", lang), t("meeting.brief.col.rows", lang),
                         t("meeting.brief.col.totals", lang), t("meeting.brief.col.reported", lang)],
                        list_rows(dataset, state), numeric=(1,)))
    parts.append(f'<div class="small">{escape(t("meeting.brief.lists_note", lang))}</div>')
    parts.append(f"<h2>{escape(t('export.sources', lang))}</h2>")
    ids = cited_source_ids(dataset, state, caption.sources if caption else ())
    headers = [t("export.source_id", lang), t("meeting.brief.col.source", lang)]
    sources = _table(headers, sources_rows(dataset, ids, lang))
    parts.append(f'<div class="qcm-sources">{sources}</div>')
    parts.append(f'<div class="small">{escape(t("about.provenance", lang))}</div>')
    parts.append(f'<div class="notice">{escape(notice(lang, coordinates))}</div>')
    parts.append("</body></html>")
    return "".join(parts)
