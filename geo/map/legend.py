"""The map legend: each layer's and segment's count under the current filter, and its HTML.

Every label is escaped here, because labels can come from data (imported layer names later).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from geo.data.dataset import Dataset
from geo.data.memo import per_dataset
from geo.filters import LAYER, SEGMENT, ViewState, filter_records, visible_records
from geo.i18n import t
from geo.map.layers import PV_UTILITY_COLOR, drawn_on_map
from geo.model import LAYERS, SEGMENT_COLORS, SEGMENTS


@dataclass(frozen=True)
class LegendEntry:
    key: str  # layer code, or "segment.<code>"
    label: str
    count: int
    visible: bool
    color: str | None = None
    illustrative: int = 0


@per_dataset()  # counted once per (dataset, view), not on every rerun (issue 14)
def legend_entries(dataset: Dataset, state: ViewState) -> list[LegendEntry]:
    """Each layer's and each segment's count under the current filter (segments: on the map)."""
    lang = state.lang
    filtered = filter_records(dataset.records, state)
    counts = filtered["layer"].value_counts()
    illustrative = filtered.loc[filtered["location_provenance"] == "illustrative", "layer"].value_counts()
    entries = []
    for layer in LAYERS:
        if layer == "boundary":
            count, shown_illustrative = len(dataset.county), 0
        elif layer == "park":
            count = shown_illustrative = len(dataset.park)
        else:
            count, shown_illustrative = int(counts.get(layer, 0)), int(illustrative.get(layer, 0))
        entries.append(LegendEntry(key=layer, label=t(f"layer.{layer}", lang), count=count,
                                   visible=layer in state.layers, illustrative=shown_illustrative))
    drawn = visible_records(dataset.records, state)
    by_segment = drawn.loc[drawn["layer"] == "chain", "chain_segment"].value_counts()
    for segment in SEGMENTS:
        if segment not in state.segments:
            continue
        entries.append(LegendEntry(
            key=f"segment.{segment}", label=t(f"segment.{segment}", lang),
            count=int(by_segment.get(segment, 0)),
            visible="chain" in state.layers, color=SEGMENT_COLORS[segment],
        ))
    return entries


@per_dataset()
def illustrative_shown(dataset: Dataset, state: ViewState) -> tuple[int, int]:
    """(records drawn at illustrative positions, records drawn), counting the park outline too.
    Records the map does not draw (rooftop PV at invented positions) are not counted."""
    drawn = drawn_on_map(visible_records(dataset.records, state))
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
    "pv_utility": f'<span class="qcm-sw" style="background:{PV_UTILITY_COLOR};border-radius:2px"></span>',
    "pv_rooftop": f'<span class="qcm-sw" style="background:radial-gradient(circle,{PV_UTILITY_COLOR} 28%,'
                  'transparent 31%)"></span>',
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


# Each note, and the layer it explains (None: every mark). A note on a hidden layer is left out: it
# explains nothing on the picture and would push the legend's end out of an exported 1920×1080 one.
NOTES = (("legend.solid", None), ("legend.hollow", None), ("legend.rooftop", "pv_rooftop"),
         ("legend.wind_size", "wind_farm"), ("legend.park", "park"))


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
    hidden_layers = {entry.key for entry in entries if not entry.visible}
    for note, layer in NOTES:
        if layer in hidden_layers:
            continue
        rows.append(f'<div class="qcm-note">{escape(t(note, lang))}</div>')
    rows.append("</div>")
    return LEGEND_CSS + "\n".join(rows)


# --- the legend as the filter (issue 10): what each row shows and what a click on it does ---------------


@dataclass(frozen=True)
class FilterRow:
    """One clickable row of the legend: a value of the segment or layer filter."""

    attr: str  # the filter dimension ("segments" or "layers")
    value: str
    label: str
    count: int  # segments: chain records the other filters let through; layers: as legend_entries
    chosen: bool


@per_dataset()
def segment_rows(dataset: Dataset, state: ViewState) -> list[FilterRow]:
    """Every chain segment, chosen or not, with the count it has (or would have) under the other
    filters: so an unchosen row says what a click on it brings back."""
    others = filter_records(dataset.records, state.with_(segments=SEGMENT.choices))
    counts = others.loc[others["layer"] == "chain", "chain_segment"].value_counts()
    return [FilterRow(SEGMENT.attr, s, t(f"segment.{s}", state.lang), int(counts.get(s, 0)),
                      s in state.segments) for s in SEGMENTS]


def layer_rows(dataset: Dataset, state: ViewState) -> list[FilterRow]:
    return [FilterRow(LAYER.attr, e.key, e.label, e.count, e.visible)
            for e in legend_entries(dataset, state) if e.key in LAYERS]


def segment_click(chosen: tuple[str, ...], value: str) -> tuple[str, ...]:
    """One click per intent: with every segment shown, a click shows ``value`` alone; then a click on
    another adds it and a click on a chosen one removes it (removing the last one shows all again)."""
    wanted = set(chosen)
    if wanted >= set(SEGMENT.choices):
        wanted = {value}
    elif value in wanted:
        wanted = (wanted - {value}) or set(SEGMENT.choices)
    else:
        wanted.add(value)
    return SEGMENT.canonical(wanted)


def layer_click(chosen: tuple[str, ...], value: str) -> tuple[str, ...]:
    """Layers are switched one by one: a click turns ``value`` on or off."""
    return LAYER.canonical(set(chosen) ^ {value})


# Each row's swatch, drawn by CSS before the button's label: segments as the map's marker colours,
# layers as LAYER_SWATCH above. Unchosen rows: grey text, name struck through, hollow swatch.
_LAYER_SWATCH_CSS = {
    "boundary": "border:3px solid #1b4f72;border-radius:2px",
    "park": "border:2px dashed #555;background:#ddd",
    "chain": "border:2px dashed #D55E00;background:#fff;border-radius:50%",
    "wind_farm": f"background:{SEGMENT_COLORS['green_power']};border-radius:50%",
    "pv_utility": f"background:{PV_UTILITY_COLOR};border-radius:2px",
    # Rooftop PV is drawn only where a record has a real position: small points.
    "pv_rooftop": f"background:radial-gradient(circle,{PV_UTILITY_COLOR} 28%,transparent 31%)",
}
ROW_KEY = {"segments": "qcm_leg_seg_", "layers": "qcm_leg_lay_"}  # + value: the row's widget key


_ON = "background:#eef4f9;border:1px solid #1b4f72;color:#0e1117;font-weight:600"
_OFF = "background:#fff;border:1px dashed #8a9096;color:#4d5156"


def filter_css(rows: list[FilterRow]) -> str:
    """The legend's style: per row its swatch and its chosen (solid, ticked) or unchosen (grey,
    struck through, hollow swatch) look; the keys are ours, the colours the model's."""
    css = [
        '.st-key-qcm_legend [data-testid="stVerticalBlock"] { gap: 0.1rem; }',
        '.st-key-qcm_legend [data-testid="stButton"] button { justify-content: flex-start; text-align: left;'
        ' min-height: 1.6rem; padding: 0.05rem 0.5rem; gap: 0.45rem; width: 100%; }',
        '.st-key-qcm_legend [data-testid="stButton"] button p { font-size: 0.86rem; }',
        '.st-key-qcm_legend button::before { content: ""; display: inline-block; flex: none; width: 14px;'
        ' height: 14px; box-sizing: border-box; }',
        ".st-key-qcm_legend button > div { flex: 1; justify-content: flex-start; gap: 0.35rem; }",
        ".st-key-qcm_legend button p { line-height: 1.3; }",
        ".st-key-qcm_legend del { text-decoration-thickness: 2px; }",
    ]
    for row in rows:
        key = ROW_KEY[row.attr] + row.value
        if row.attr == "segments":
            color = SEGMENT_COLORS[row.value]
            swatch = f"border:2px solid {color};border-radius:50%;background:{color if row.chosen else '#fff'}"
        else:
            swatch = _LAYER_SWATCH_CSS.get(row.value, "border:1px solid #555")
            swatch += "" if row.chosen else ";opacity:0.35"
        css.append(f".st-key-{key} button::before {{ {swatch} }}")
        css.append(f".st-key-{key} button {{ {_ON if row.chosen else _OFF} }}")
    return "<style>\n" + "\n".join(css) + "\n</style>"
