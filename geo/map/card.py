"""The selected record's card beside the map: name, segment and status, the illustrative-position
warning first, then the same fields as the map's popup (geo/map/layers.py ``attribute_columns``),
with units, the record's and its position's provenance, and the source. HTML for st.html, escaped."""

from __future__ import annotations

from html import escape

from geo.data.dataset import Dataset
from geo.map.layers import attribute_columns


def record_card_html(dataset: Dataset, record_id: str | None, lang: str) -> str | None:
    """The card of ``record_id``, or None when it names no record (nothing selected, a park plot)."""
    if not record_id:
        return None
    frame = dataset.records[dataset.records["id"] == record_id]
    if frame.empty:
        return None
    columns = attribute_columns(frame.reset_index(drop=True), lang, dataset.township_names(lang))
    name = columns["tooltip"][0] or record_id
    subtitle, warning = columns["subtitle"][0], columns["warning"][0]
    rows = "".join(f"<dt>{escape(str(label))}</dt><dd>{escape(str(values[0]))}</dd>"
                   for label, values in columns["fields"] if values[0] is not None)
    return (f'<div class="qcm-card" data-record="{escape(record_id)}">'
            f'<div class="qcm-card-name">{escape(str(name))}</div>'
            + (f'<div class="qcm-card-sub">{escape(str(subtitle))}</div>' if subtitle else "")
            + (f'<div class="qcm-card-warning" role="note">{escape(str(warning))}</div>' if warning else "")
            + f'<dl class="qcm-card-fields">{rows}</dl></div>')
