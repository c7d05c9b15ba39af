"""The command-centre screen (大屏, ``?screen=1``): what it shows, as HTML for st.html. Pure: no Streamlit.

A county command centre shows the chain on a dark 1920×1080 wall: a title bar (the county, today's date,
the data's date), headline tiles around the central map, charts in the side columns and a ticker of
what changed. The page (ui/screen.py) lays these out; the map and the charts are the app's own.

Sizes are in ``vh`` and ``vw`` (CSS), so the same layout fills 1280×720, 1920×1080 and 3840×2160 with
nothing cut off. Every text is escaped (names, figures and notes come from data and from the edit history).

The ticker never shows who edited, nor anything about a confidential list (the wall is for visitors too):
only which public list changed, when, and by how many records; without edits, the latest dated facts
the sources report, each with its date and source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from geo import units
from geo.data.dataset import Dataset
from geo.data.tables import TABLES
from geo.figures.metrics import Kpi, period_label
from geo.i18n import t
from geo.map.layers import PV_UTILITY_COLOR
from geo.map.legend import LegendEntry
from geo.model import SEGMENT_COLORS

# The tiles around the map, in this order (geo/figures/metrics.kpis keys); the others stay on the map page.
SCREEN_KPIS: tuple[str, ...] = ("capacity", "share", "generation", "wind_farms", "rooftop", "enterprises",
                                "projects")
TICKER_MAX = 12
# Dated facts the ticker falls back on (data/reported_facts.csv), newest period first.
TICKER_FACTS: tuple[str, ...] = ("chain_framing_2023", "chain_projects_20_months_2023",
                                 "chain_investment_20_months_2023_cny", "specialised_firms_new_2023",
                                 "ctg_ess_capacity_mw_2023", "ctg_ess_energy_mwh_2023", "chain_framing_2022",
                                 "chain_projects_settled_2022", "newenergy_capacity_mw", "newenergy_share_pct")


@dataclass(frozen=True)
class TickerItem:
    date: str  # as shown: 2026-11-30, or a fact's period (2023年)
    text: str
    source: str = ""  # the sources of a fact; empty for the edit history


def _public_list(list_key: str) -> bool:
    spec = TABLES.get(list_key)
    return spec is not None and not spec.confidential


def history_items(batches: Iterable, lang: str, limit: int = TICKER_MAX) -> list[TickerItem]:
    """The latest imports, edits and undos of public lists, newest first (``batches``: geo.store.base.Batch)."""
    items = []
    for batch in sorted(batches, key=lambda b: (b.at, b.id), reverse=True):
        if batch.kind not in ("import", "edit", "undo") or not _public_list(batch.list_key):
            continue
        items.append(TickerItem(
            date=str(batch.at)[:10],
            text=t(f"screen.ticker.{batch.kind}", lang, list=t(f"import.list.{batch.list_key}", lang),
                   added=batch.added, changed=batch.changed, removed=batch.removed)))
        if len(items) >= limit:
            break
    return items


def fact_items(dataset: Dataset, lang: str, ids: Sequence[str] = TICKER_FACTS) -> list[TickerItem]:
    """The reported facts in ``ids`` that the dataset has, each with its period and sources."""
    items = []
    for fact_id in ids:
        if fact_id not in dataset.facts.index:
            continue
        fact = dataset.fact(fact_id)
        value = _value(fact["value"], str(fact["unit"]), lang)
        label = str(fact[f"label_{lang}"])
        items.append(TickerItem(date=period_label(str(fact["period"]), lang),
                                text=f"{label}{'：' if lang == 'zh' else ': '}{value}" if value else label,
                                source=str(fact["source"]).replace(";", ", ")))
    return items


def _value(value, unit: str, lang: str) -> str:
    """A fact's value as the county writes it: 69.5 亿元, 301 MW, 95.7%, 32 (a count); nothing for text."""
    if unit == "text":
        return ""
    if unit.startswith("CNY"):
        try:
            return units.yuan(float(value), lang, decimals=2 if lang == "en" else 1)
        except (TypeError, ValueError):
            return str(value)
    if unit == "%":
        return f"{_number(value)}%"
    if unit in ("count", "ratio"):
        return _number(value)
    return f"{_number(value)} {unit}"


def _number(value) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")


def ticker_items(batches: Iterable, dataset: Dataset, lang: str) -> tuple[str, list[TickerItem]]:
    """(heading key, items): the edit history when there is any, else the latest reported facts."""
    history = history_items(batches, lang)
    if history:
        return "screen.ticker.history", history
    return "screen.ticker.facts", fact_items(dataset, lang)


def ticker_html(heading: str, items: list[TickerItem], lang: str) -> str:
    """One line that scrolls (twice the items, so the loop is seamless); still where the viewer asks for
    reduced motion. Read by screen readers once (the copy is aria-hidden)."""
    if not items:
        return ""
    def one(item: TickerItem) -> str:
        source = (f'<span class="qcm-scr-src">{escape(t("screen.ticker.source", lang, source=item.source))}</span>'
                  if item.source else "")
        return (f'<span class="qcm-scr-item"><b>{escape(item.date)}</b> {escape(item.text)}{source}</span>')
    run = "".join(one(i) for i in items)
    return (f'<div class="qcm-scr-ticker" role="marquee" aria-label="{escape(t(heading, lang))}">'
            f'<span class="qcm-scr-ticker-head">{escape(t(heading, lang))}</span>'
            f'<div class="qcm-scr-ticker-window"><div class="qcm-scr-ticker-run">{run}'
            f'<span aria-hidden="true">{run}</span></div></div></div>')


def title_bar_html(dataset: Dataset, lang: str, today: dt.date) -> str:
    """The county and the screen's name, today's date with its weekday, and the data's date."""
    meta = dataset.meta or {}
    weekday = t(f"screen.weekday.{today.weekday()}", lang)
    date = t("screen.today", lang, date=today.isoformat(), weekday=weekday)
    as_of = t("screen.as_of", lang, facts=meta.get("facts_as_of", "—"), assets=meta.get("energy_assets_as_of", "—"))
    return (f'<header class="qcm-scr-bar"><div class="qcm-scr-county">{escape(t("screen.county", lang))}</div>'
            f'<h1 class="qcm-scr-title">{escape(t("screen.title", lang))}</h1>'
            f'<div class="qcm-scr-dates"><div>{escape(date)}</div><div>{escape(as_of)}</div></div></header>')


def tiles_html(figures: list[Kpi], lang: str, keys: Sequence[str] = SCREEN_KPIS) -> str:
    """The headline figures as tiles: value large, label and period small; derived ones say 推算."""
    by_key = {k.key: k for k in figures}
    tiles = []
    for key in keys:
        kpi = by_key.get(key)
        if kpi is None:
            continue
        tag = (f'<span class="qcm-scr-tag">{escape(t("kpi.derived_tag", lang))}</span>'
               if kpi.kind == "derived" else "")
        tiles.append(f'<div class="qcm-scr-tile qcm-scr-{escape(kpi.kind)}" data-kpi="{escape(key)}" '
                     f'title="{escape(kpi.help)}"><div class="qcm-scr-value">{escape(kpi.value)}</div>'
                     f'<div class="qcm-scr-label">{escape(kpi.label)}{tag}</div>'
                     f'<div class="qcm-scr-period">{escape(kpi.period)}</div></div>')
    return f'<div class="qcm-scr-tiles" role="list">{"".join(tiles)}</div>'


# The map's key on the wall: the screen has no sidebar, so the marks explain themselves over the map.
_KIND_SWATCH = {"enterprise": "qcm-scr-dot", "project": "qcm-scr-diamond"}
# Context layers: (shape class, background), as geo/map/layers.marker_style draws them.
_LAYER_SWATCH = {
    "wind_farm": ("qcm-scr-dot", SEGMENT_COLORS["green_power"]),
    "pv_utility": ("", PV_UTILITY_COLOR),
    "pv_rooftop": ("qcm-scr-dot qcm-scr-small", PV_UTILITY_COLOR),
    "park": ("qcm-scr-park", ""),
}


def _swatch(shape: str, background: str = "") -> str:
    style = f' style="background:{escape(background)}"' if background else ""
    return f'<span class="qcm-scr-sw {shape}"{style}></span>'


def legend_html(entries: Sequence[LegendEntry], lang: str) -> str:
    """The map's key for the screen (geo/map/legend.legend_entries under the screen's filter): the
    chain's two shapes, the colour and count of each segment on the map, the context layers drawn,
    and what a solid and a hollow mark mean, with the map page legend's counts. A hidden layer, or a
    segment or layer with nothing under the filter, takes no row; nothing to show, no legend."""
    by_key = {e.key: e for e in entries}
    rows = []
    chain = by_key.get("chain")
    if chain is not None and chain.visible and chain.count:
        kinds = "".join(f'<span class="qcm-scr-key">{_swatch(shape)}{escape(t(f"kind.{kind}", lang))}</span>'
                        for kind, shape in _KIND_SWATCH.items())
        rows.append(f'<div class="qcm-scr-keys qcm-scr-kinds">{kinds}</div>')
        for entry in entries:
            if entry.key.startswith("segment.") and entry.visible and entry.count:
                rows.append(f'<div class="qcm-scr-keys" data-key="{escape(entry.key)}"><span class="qcm-scr-key">'
                            f'{_swatch("qcm-scr-dot", entry.color or "")}{escape(entry.label)}</span>'
                            f"<b>{entry.count:,}</b></div>")
    for key, (shape, background) in _LAYER_SWATCH.items():
        entry = by_key.get(key)
        if entry is not None and entry.visible and entry.count:
            rows.append(f'<div class="qcm-scr-keys" data-key="{key}"><span class="qcm-scr-key">'
                        f"{_swatch(shape, background)}{escape(entry.label)}</span><b>{entry.count:,}</b></div>")
    if not rows:
        return ""
    rows.append(f'<div class="qcm-scr-keynote">{_swatch("qcm-scr-dot")}{escape(t("screen.legend.solid", lang))}</div>')
    rows.append(f'<div class="qcm-scr-keynote">{_swatch("qcm-scr-dot qcm-scr-hollow")}'
                f'{escape(t("screen.legend.hollow", lang))}</div>')
    return (f'<div class="qcm-scr-legend" data-testid="qcm-scr-legend" role="note" '
            f'aria-label="{escape(t("screen.legend", lang))}">{"".join(rows)}</div>')
