"""The headline figures as one compact strip above the map: each figure with its period, county totals
marked as such, the counts a filter changes beside them, and the derived figures folded away.

HTML for st.html; every text is escaped (figures and sources come from data files)."""

from __future__ import annotations

from html import escape

from geo.figures.metrics import Kpi
from geo.i18n import t


def _chip(kpi: Kpi, lang: str) -> str:
    shown = ""
    if kpi.shown:
        shown = (f'<span class="qcm-kpi-shown" title="{escape(t("layout.shown_help", lang))}">'
                 f'{escape(t("layout.shown", lang, n=kpi.shown))}</span>')
    period = f'<span class="qcm-kpi-period">{escape(kpi.period)}</span>' if kpi.period else ""
    if kpi.kind == "derived":  # visible, not only a colour: a figure resting on assumptions says so
        period += f'<span class="qcm-kpi-tag">{escape(t("kpi.derived_tag", lang))}</span>'
    elif kpi.kind == "listed":
        period += f'<span class="qcm-kpi-tag">{escape(t("kpi.listed_tag", lang))}</span>'

    text = " qcm-kpi-text" if len(kpi.value) > 18 else ""  # a list of names, not a number
    return (f'<div class="qcm-kpi qcm-kpi-{escape(kpi.kind)}{text}" role="listitem" data-kpi="{escape(kpi.key)}" '
            f'title="{escape(kpi.help)}">'
            f'<div class="qcm-kpi-label">{escape(kpi.label)}</div>'
            f'<div class="qcm-kpi-value">{escape(kpi.value)}{shown}</div>'
            f'<div class="qcm-kpi-meta">{period}</div></div>')


def kpi_strip_html(figures: list[Kpi], lang: str, *, fold_derived: bool = True,
                   scope: tuple[str, str] | None = None) -> str:
    """The strip: reported figures as chips, then (folded unless ``fold_derived`` is False) the derived.
    ``scope`` is the group's mark and its explanation: by default, county totals."""
    reported = [k for k in figures if k.kind != "derived"]
    derived = [k for k in figures if k.kind == "derived"]
    chips = "".join(_chip(k, lang) for k in (reported if fold_derived else figures))
    more = ""
    if fold_derived and derived:
        rows = "".join(
            f'<div class="qcm-more-row" data-kpi="{escape(k.key)}"><span>{escape(k.label)}</span>'
            f'<b>{escape(k.value)}</b><small>{escape(k.period)} · {escape(k.help)}</small></div>'
            for k in derived)
        more = (f'<details class="qcm-kpi-more"><summary>{escape(t("layout.derived", lang))}'
                f' ({len(derived)})</summary><div class="qcm-more-box">{rows}</div></details>')
    label = escape(t("kpi.title", lang))
    # One mark for the group: every reported figure here is a county total no filter changes.
    mark, explained = scope or (t("layout.county", lang), t("layout.county_help", lang))
    group = f'<div class="qcm-kpi-scope" title="{escape(explained)}">{escape(mark)}</div>'
    # Only the chips are list items (ARIA: a list holds list items only); display:contents keeps
    # them in the strip's row.
    return (f'<div class="qcm-strip" role="group" aria-label="{label}">{group}'
            f'<div class="qcm-kpi-list" role="list" style="display:contents">{chips}</div>{more}</div>')
