"""The map legend: each layer's and segment's count under the current filter, and its HTML.

Every label is escaped here, because labels can come from data (imported layer names later).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from geo.data.dataset import Dataset
from geo.filters import ViewState, filter_records, visible_records
from geo.i18n import t
from geo.model import LAYERS, SEGMENT_COLORS, SEGMENTS


@dataclass(frozen=True)
class LegendEntry:
    key: str  # layer code, or "segment.<code>"
    label: str
    count: int
    visible: bool
    color: str | None = None
    illustrative: int = 0


def legend_entries(dataset: Dataset, state: ViewState) -> list[LegendEntry]:
    """Each layer's and each segment's count under the current filter (segments: on the map)."""
    lang = state.lang
    filtered = filter_records(dataset.records, state)
    drawn = visible_records(dataset.records, state)
    entries = []
    for layer in LAYERS:
        if layer == "boundary":
            count = len(dataset.county)
        elif layer == "park":
            count = len(dataset.park)
        else:
            count = int((filtered["layer"] == layer).sum())
        layer_rows = filtered[filtered["layer"] == layer]
        entries.append(LegendEntry(
            key=layer, label=t(f"layer.{layer}", lang), count=count,
            visible=layer in state.layers,
            illustrative=int((layer_rows["location_provenance"] == "illustrative").sum())
            if layer not in ("boundary", "park") else (len(dataset.park) if layer == "park" else 0),
        ))
    chain = drawn[drawn["layer"] == "chain"]
    for segment in SEGMENTS:
        if segment not in state.segments:
            continue
        entries.append(LegendEntry(
            key=f"segment.{segment}", label=t(f"segment.{segment}", lang),
            count=int((chain["chain_segment"] == segment).sum()),
            visible="chain" in state.layers, color=SEGMENT_COLORS[segment],
        ))
    return entries


def illustrative_shown(dataset: Dataset, state: ViewState) -> tuple[int, int]:
    """(records drawn at illustrative positions, records drawn), counting the park outline too."""
    drawn = visible_records(dataset.records, state)
    illustrative = int((drawn["location_provenance"] == "illustrative").sum())
    shown = len(drawn)
    if "park" in state.layers:
        illustrative += len(dataset.park)
        shown += len(dataset.park)
    return illustrative, shown


LAYER_SWATCH = {
    "boundary": '<span class="qcm-sw" style="border:3px solid #1b4f72;border-radius:2px"></span>',
    "park": '<span class="qcm-sw" style="border:2px dashed #555;background:#ddd"></span>',
    "chain": '<span class="qcm-sw qcm-dot" style="border:2px dashed #D55E00;background:#fff"></span>',
    "wind_farm": f'<span class="qcm-sw qcm-dot" style="background:{SEGMENT_COLORS["green_power"]}">'
                 "</span>",
    "pv_utility": '<span class="qcm-sw qcm-dot" style="background:#F2B701"></span>',
    "pv_rooftop": '<span class="qcm-sw" style="background:radial-gradient(circle,#f4a000,#ffe08a 55%,'
                  '#fff5c2 70%,transparent 72%)"></span>',
}

LEGEND_CSS = """
<style>
.qcm-legend { font-size: 0.92rem; line-height: 1.55; }
.qcm-legend .qcm-row { display: flex; align-items: center; gap: 6px; }
.qcm-legend .qcm-row.off { opacity: 0.45; }
.qcm-legend .qcm-count { margin-left: auto; font-variant-numeric: tabular-nums; font-weight: 600; }
.qcm-legend .qcm-sub { padding-left: 14px; }
.qcm-sw { display: inline-block; width: 14px; height: 14px; flex: none; box-sizing: border-box; }
.qcm-dot { border-radius: 50%; }
.qcm-legend .qcm-note { color: #555; font-size: 0.82rem; margin-top: 6px; }
</style>
"""


def legend_html(entries: list[LegendEntry], lang: str) -> str:
    rows = [f'<div class="qcm-legend" data-testid="qcm-legend"><b>{escape(t("legend.title", lang))}</b>']
    for entry in entries:
        off = "" if entry.visible else " off"
        hidden = "" if entry.visible else " " + escape(t("legend.off", lang))
        if entry.key.startswith("segment."):
            swatch = (f'<span class="qcm-sw qcm-dot" style="border:2px dashed {escape(entry.color)};'
                      'background:#fff"></span>')
            rows.append(f'<div class="qcm-row qcm-sub{off}" data-key="{escape(entry.key)}">{swatch}'
                        f"{escape(entry.label)}<span class=\"qcm-count\">{entry.count:,}</span></div>")
            continue
        swatch = LAYER_SWATCH.get(entry.key, '<span class="qcm-sw"></span>')
        rows.append(f'<div class="qcm-row{off}" data-key="{escape(entry.key)}">{swatch}'
                    f"{escape(entry.label)}{hidden}<span class=\"qcm-count\">{entry.count:,}</span></div>")
    for note in ("legend.solid", "legend.hollow", "legend.heat", "legend.wind_size", "legend.park"):
        rows.append(f'<div class="qcm-note">{escape(t(note, lang))}</div>')
    rows.append("</div>")
    return LEGEND_CSS + "\n".join(rows)
