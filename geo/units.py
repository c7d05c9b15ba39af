"""Numbers as county reports write them: 亿元 and 万只 in Chinese, bn yuan and millions in English.

The scale is chosen here; the words come from :mod:`geo.i18n` (``unit.*`` keys).
"""

from __future__ import annotations

import math

from geo.i18n import t


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _trim(text: str) -> str:
    return text.removesuffix(".0") if "." in text else text


def yuan(value: float | None, lang: str, decimals: int = 1) -> str:
    """20,000,000,000 -> "200 亿元" / "20 bn yuan" (``decimals`` places, a trailing .0 dropped)."""
    if _missing(value):
        return t("value.not_reported", lang)
    if lang == "zh":
        return t("unit.yuan", lang, value=_trim(f"{value / 1e8:,.{decimals}f}"))
    return t("unit.yuan", lang, value=_trim(f"{value / 1e9:,.{decimals}f}"))


def kwh(value: float | None, lang: str, decimals: int = 2) -> str:
    """839,000,000 -> "8.39 亿kWh" / "839 million kWh" (one decimal below 100 million)."""
    if _missing(value):
        return t("value.not_reported", lang)
    if lang == "zh":
        return t("unit.kwh", lang, value=f"{value / 1e8:,.{decimals}f}")
    millions = value / 1e6
    return t("unit.kwh", lang, value=f"{millions:,.{0 if abs(millions) >= 100 else 1}f}")


def cells_per_day(value: float | None, lang: str) -> str:
    """2,200,000 -> "220万只/天" / "2,200,000 cells/day"."""
    if _missing(value):
        return t("value.not_reported", lang)
    if lang == "zh":
        return t("unit.cells_per_day", lang, value=_trim(f"{value / 1e4:,.1f}"))
    return t("unit.cells_per_day", lang, value=f"{value:,.0f}")


def gwh(value: float, decimals: int = 2) -> str:
    return f"{value:,.{decimals}f} GWh"


def mw(value: float | None, lang: str) -> str:
    if _missing(value):
        return t("value.not_reported", lang)
    return f"{_trim(f'{value:,.1f}')} MW"


def percent(share: float | None, decimals: int = 1) -> str:
    return "—" if share is None else f"{share:.{decimals}%}"
