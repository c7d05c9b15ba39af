"""One language at a time (issue 10, point 7): find the other language's words in visible text.

In Chinese: Latin-script words of three or more letters, except proper names, units and codes that
Chinese screens write in Latin script too (:data:`ZH_ALLOWED`). Tokens that are codes by their form
are never words: they hold a digit (S1, 18650, v1.3.0), a hyphen, slash, dot, underscore or @ (ids
like E-YUTUO, GEM-WIND; URLs, file names, package names), or are written in capitals with a digit.
In English: any CJK character (ideographs, CJK punctuation, full-width forms), except in
:data:`EN_ALLOWED` phrases.
"""

from __future__ import annotations

import re

# Each entry is a proper name, a unit or an established term, with why a Chinese screen shows it.
ZH_ALLOWED = frozenset({
    "MW", "MWh", "GWh", "kWh", "PACK",  # units and the industry's own term (SCREEN-NOTES: Language)
    "GEM", "WRI",  # the data publishers' names (Global Energy Monitor, World Resources Institute)
    "EnergyTrend", "TimesNewswire", "MENAFN",  # publishers of the storage station's reports (sources.csv)
    "XNYZH", "UNHEFTY",  # ids of two undated reprints of those reports (sources.csv), named by their sites
    "MPC",  # a wind-farm co-owner that sources name only in Latin script (GEM)
    "CGN",  # China General Nuclear: an English name some Chinese sources also use; shown as 中广核
    "PR", "Newswire",  # "美通社 PR Newswire", the wire service's registered name (source S1)
    "MIT", "WTFPL", "CC", "BY",  # licence names
    "npm",  # the package registry a source came through (NBS-CODES)
    "Ctrl",  # the key's name on the keyboard ("按住 Ctrl 滚动缩放")
    "Leaflet", "OpenStreetMap",  # the map library's attribution, the basemap's name
    "WGS", "GCJ",  # coordinate-system names (WGS-84, GCJ-02), in the basemap notes
    "English", "Language",  # the language switch: "语言 Language", and the other language by its name
    "LFP", "CSV", "Excel", "JSON", "PPTX",  # the cell chemistry's usual name; file formats the exports offer
    "Degen", "Schütte",  # authors the tracker cites for its energy assumption (with the journal below)
})
ZH_ALLOWED_PHRASES = ("Nature Energy",)  # the journal the tracker cites
# Each entry: why an English screen shows Chinese.
EN_ALLOWED = (
    "中文",  # the language switch names the other language in that language
    "语言",  # the switch's label carries "Language 语言", so a Chinese reader finds it on an English screen
    "审图号",  # every export's notice names the review number it lacks by its official name (issue 11)
)

_LATIN_WORD = re.compile(r"[^\s,;()（）、，；：。“”\"'\[\]{}<>|·•…]+")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def _is_code(token: str) -> bool:
    return bool(re.search(r"[\d\-/._@–]", token))


def foreign_words(text: str, lang: str) -> list[str]:
    """The other language's words in ``text`` (sorted, each once)."""
    if lang == "zh":
        for phrase in ZH_ALLOWED_PHRASES:
            text = text.replace(phrase, " ")
        found = set()
        for token in _LATIN_WORD.findall(text):
            if _is_code(token):
                continue
            for word in re.findall(r"[A-Za-zÀ-ÖØ-öø-ÿ]{3,}", token):
                if word not in ZH_ALLOWED:
                    found.add(word)
        return sorted(found)
    for phrase in EN_ALLOWED:
        text = text.replace(phrase, " ")
    return sorted(set(_CJK.findall(text)))
