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


# The money unit of each language: 亿元 (100 million yuan) in Chinese, bn yuan in English.
YUAN_SCALE = {"zh": 1e8, "en": 1e9}


def yuan_number(value: float | None, lang: str, decimals: int = 1) -> str | None:
    """The amount in ``lang``'s money unit, without the unit: 3.55e9 -> "35.5" (zh) / "3.6" (en);
    None when not reported. Every amount of money on screen is formatted here."""
    if _missing(value):
        return None
    return _trim(f"{value / YUAN_SCALE[lang]:,.{decimals}f}")


def yuan(value: float | None, lang: str, decimals: int = 1, per_year: bool = False) -> str:
    """20,000,000,000 -> "200 亿元" / "20 bn yuan" (``decimals`` places, a trailing .0 dropped);
    ``per_year`` -> "200 亿元/年" / "20 bn yuan/yr"."""
    number = yuan_number(value, lang, decimals)
    if number is None:
        return t("value.not_reported", lang)
    return t("unit.yuan_per_year" if per_year else "unit.yuan", lang, value=number)


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
