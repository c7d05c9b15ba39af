"""Headers as officials write them (issue 12, point 1): which field each column of a file holds.

A header is normalised (:func:`header_key`: full-width to half-width by NFKC, case folded, spaces,
underscores, dashes and ``*`` marks dropped, every kind of bracket unified) and the notes and units
in brackets are taken off (``企业名称（全称）``, ``经度(GCJ-02)``, ``投资额【万元】``) — a unit is still
read from them, as before. The rest is scored against each field's names (its zh and en header,
its schema name and its aliases, geo.importing.fields), each normalised the same way:

- 1.0: the same name (with or without the brackets), or the name followed by one of the field's
  units (``总投资万元``);
- containment (one name inside the other, at least two characters, three for Latin letters):
  0.6 + 0.3 × (shorter / longer), so at most 0.9 and usually "low";
- otherwise difflib's sequence ratio of the two names, times ``FUZZY`` (0.85): never "high".

Confidence: **high** at ``HIGH`` (0.85) or more — the column is read without asking; **low** from
``LOW`` (0.6) — the column is read as its best field, with a warning naming that field, and the
import page asks the editor to confirm; **none** below — the column is ignored, with a warning naming
the nearest field if it scores ``SUGGEST`` (0.4) or more. Fields go to columns one to one, best
score first (:func:`match_columns`); a column that also names, exactly, a field another column took
is a repeated column (an error). The editor's own choices (``mapping``: header as the file writes
it -> field name, or "" to ignore) come before any of this. Pure: no streamlit, no store.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from geo.importing.fields import STORED_UNITS, UNITS, ImportField, ImportList

HIGH, LOW = 0.85, 0.6
FUZZY = 0.85  # a likeness of letters alone is never sure: "phone" and "owner" share three
MAX_HEADER = 80  # characters; a longer cell is not a header
SUGGEST = 0.4  # a column left out names its nearest field from this score on (链条位置 -> 产业链环节)
EXACT_NOTES = 0.98  # the same name once notes in brackets are dropped: 企业名称（全称）
IGNORE = ""  # a mapping's value for "ignore this column"
# Headers that number the rows and are ignored without a word (序号 is in almost every office's sheet).
ROW_NUMBER_HEADERS = frozenset({"序号", "序", "行号", "编号序号", "no", "no.", "#", "number", "seq", "s/n", "sn"})

_BRACKETS = str.maketrans({"[": "(", "]": ")", "【": "(", "】": ")", "{": "(", "}": ")", "<": "(", ">": ")",
                           "〈": "(", "〉": ")", "《": "(", "》": ")", "〔": "(", "〕": ")", "「": "(", "」": ")",
                           "『": "(", "』": ")", "〖": "(", "〗": ")"})
_JOINERS = re.compile(r"[\s_\-:：*＊\u3000]+")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_TWO_LANGUAGES = re.compile(r"^(.*?[\u3400-\u9fff)])\s+([A-Za-z].*)$")
_UNIT_LIKE = re.compile(r"[元币$€¥瓦只亩米顷吨个%]|usd|dollar|eur|yuan|rmb|cny|wh|^[kmg]?w$|^m?ah$|^ha$|^m2$")
_LATIN = re.compile(r"^[a-z0-9./,#&+ ]+$")


def header_key(text: object) -> str:
    """A header for comparing: NFKC (full-width to half-width), brackets unified, case and spacing
    ignored, trailing dots dropped. Idempotent."""
    text = str(text)
    for _ in range(4):  # to a fixed point (casefold can give what NFKC changes again)
        new = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).translate(_BRACKETS).casefold())
        new = _JOINERS.sub("", new).rstrip(".。")
        if new == text:
            break
        text = new
    return text


def split_header(text: object) -> tuple[str, tuple[str, ...]]:
    """(the header without anything in brackets, what the brackets held), both normalised:
    ``经度(GCJ-02)`` -> ("经度", ("gcj02",)); ``投资额（万元）`` -> ("投资额", ("万元",))."""
    key = header_key(text)
    notes = []
    while True:  # innermost first: "名称(全称(中文))"
        found = _BRACKETED.findall(key)
        if not found:
            break
        notes += found
        key = _BRACKETED.sub("", key)
    key = key.replace("(", "").replace(")", "")
    return key, tuple(n for n in notes if n)


def header_parts(header: object) -> list[str]:
    """The whole header, and each language of a two-language one (the template's
    ``投资额（万元） Investment (10,000 CNY)``)."""
    text = unicodedata.normalize("NFKC", str(header)).strip()
    parts = [text]
    if match := _TWO_LANGUAGES.match(text):
        parts += [match.group(1), match.group(2)]
    return parts


@functools.cache
def unit_index(quantity: str) -> dict[str, str]:
    index = {}
    for code, (_, zh, en, others) in UNITS[quantity].items():
        for name in (zh, en, code, *others):
            index[header_key(name)] = code
    return index


@functools.cache
def field_names(f: ImportField) -> tuple[str, ...]:
    """A field's names, normalised (with their brackets: 名称(英文) is not 名称)."""
    return tuple(dict.fromkeys(k for k in (header_key(n) for n in (f.zh, f.en, f.name, *f.aliases)) if k))


_LANGUAGE_NOTES = {"zh": frozenset({"中文", "汉字", "chinese", "zh", "cn"}),
                   "en": frozenset({"英文", "english", "en", "eng"})}


def _language_shift(f: ImportField, notes: tuple[str, ...]) -> float:
    """A note naming a language (``企业名称（英文）``) moves the column to the field of that language."""
    lang = f.name.rsplit("_", 1)[-1] if f.name.endswith(("_zh", "_en")) else None
    said = {code for code, words in _LANGUAGE_NOTES.items() if any(n in words for n in notes)}
    if lang is None or not said:
        return 0.0
    return 0.3 if lang in said else -0.4


def similarity(a: str, b: str, fuzzy: bool = True) -> float:
    """How alike two normalised names are, in [0, 1] (see the module's notes); ``fuzzy=False``: only
    the same name or containment (what can be "high"). Below ``SUGGEST`` the score is rough: 0 when
    the lengths alone rule out more."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    least = 3 if _LATIN.match(short) else 2
    if len(short) >= least and short in long_:
        return 0.6 + 0.3 * len(short) / len(long_)
    if not fuzzy or FUZZY * 2 * len(short) / (len(short) + len(long_)) < SUGGEST:
        return 0.0
    ratio = max(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(),
                difflib.SequenceMatcher(None, b, a, autojunk=False).ratio())
    return FUZZY * ratio


@dataclass(frozen=True)
class Candidate:
    field: ImportField
    score: float
    unit: str | None = None  # a unit the header states (a key of UNITS[quantity])
    unit_text: str | None = None  # bracketed text that should have been a unit and is not one


def _unit_from(f: ImportField, notes: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(unit, unknown unit text) from what the brackets held, for a field with a quantity."""
    if f.quantity is None or not notes:
        return None, None
    index = unit_index(f.quantity)
    for note in notes:
        if note in index:
            return index[note], None
    attempts = [n for n in notes if _UNIT_LIKE.search(n)]  # "（计划）" is a note; "（美元）" a unit we do not know
    return None, attempts[-1] if attempts else None


def score_field(f: ImportField, header: object, fuzzy: bool = True) -> Candidate:
    """How well ``header`` names field ``f``: the best of its parts against the best of the field's
    names. 1.0 for the same name (units in brackets allowed); ``EXACT_NOTES`` when it is the same once
    notes in brackets are dropped. ``fuzzy=False``: only what can score "high" (finding the header row)."""
    return _score_field(f, str(header), fuzzy)


@functools.lru_cache(maxsize=20000)
def _score_field(f: ImportField, header: str, fuzzy: bool) -> Candidate:
    best = Candidate(f, 0.0)
    if len(header) > MAX_HEADER:  # a cell of data (a note, an address), not a header
        return best
    units = unit_index(f.quantity) if f.quantity else {}
    for part in header_parts(header):
        full, (bare, notes) = header_key(part), split_header(part)
        if full == header_key(f.name):  # the schema's own name: the stored unit (investment_cny: yuan)
            return Candidate(f, 1.0, STORED_UNITS.get(f.quantity or ""))
        unit, unit_text = _unit_from(f, notes)
        for name in field_names(f):
            if full == name:
                return Candidate(f, 1.0)
            if "(" in name:  # a name with brackets is matched whole only
                continue
            score, found = similarity(bare, name, fuzzy), unit
            if score == 1.0:
                score = 1.0 if all(n in units for n in notes) else EXACT_NOTES
            elif units:  # a unit written after the name: 总投资万元, 投资额/亿元
                for spelling, code in units.items():
                    if len(spelling) > 1 and bare.endswith(spelling) and bare[:-len(spelling)].rstrip("/") == name:
                        score, found = 1.0, code
                        break
            score = min(1.0, max(0.0, score + _language_shift(f, notes))) if score < 1.0 else score
            if score > best.score:
                best = Candidate(f, score, found, unit_text if found is None else None)
    return best


def confidence(score: float) -> str:
    return "high" if score >= HIGH else "low" if score >= LOW else "none"


@dataclass(frozen=True)
class HeaderMatch:
    """One column of the file and the field it is read as (None: ignored)."""

    index: int  # position in the file's row
    header: str  # as the file writes it
    field: ImportField | None
    score: float  # in [0, 1]; 1.0 for the editor's own choice
    confidence: str  # high | low | none
    suggestion: ImportField | None = None  # the nearest field, also when it is not taken
    unit: str | None = None
    unit_text: str | None = None  # an unknown unit in brackets (an error if the column is read)
    source: str = "auto"  # auto | mapping (the editor's, or remembered) | row_number
    repeats: str | None = None  # the header of the column that took the same field by the same name

    @property
    def unit_assumed(self) -> bool:
        return self.field is not None and self.field.quantity is not None and self.unit is None


def _mapped(spec: ImportList, header: str, mapping: dict[str, str]) -> str | None:
    """The editor's choice for a header: a field name, IGNORE, or None (no choice, or a stale one)."""
    for key in (str(header).strip(), header_key(header)):
        if key in mapping:
            choice = mapping[key]
            if choice == IGNORE or any(f.name == choice for f in spec.fields):
                return choice
    return None


def match_columns(spec: ImportList, headers: list, mapping: dict[str, str] | None = None) -> list[HeaderMatch]:
    """Each non-empty header's field, one field per column: the editor's choices first, then the best
    scores of what is left, greedily."""
    mapping = mapping or {}
    matches: dict[int, HeaderMatch] = {}
    scored: dict[int, list[Candidate]] = {}
    taken: dict[str, int] = {}
    for index, header in enumerate(headers):
        if header is None or not str(header).strip():
            continue
        header = str(header).strip()
        candidates = sorted((score_field(f, header) for f in spec.fields), key=lambda c: -c.score)
        best = candidates[0] if candidates and candidates[0].score > 0 else None
        choice = _mapped(spec, header, mapping)
        if choice is not None:
            f = spec.field(choice) if choice else None
            own = next((c for c in candidates if f is not None and c.field.name == f.name), None)
            unit, unit_text = (own.unit, own.unit_text) if own is not None and own.score >= LOW else (None, None)
            if f is not None and f.quantity and unit is None and unit_text is None:
                unit, unit_text = _unit_from(f, split_header(header)[1])
            matches[index] = HeaderMatch(index, header, f, 1.0, "high", f or (best and best.field), unit, unit_text,
                                         "mapping")
            if f is not None and f.name not in taken:
                taken[f.name] = index
            elif f is not None:  # the editor named one field twice
                matches[index] = HeaderMatch(index, header, None, 1.0, "high", f, source="mapping",
                                             repeats=str(headers[taken[f.name]]).strip())
        elif header_key(header) in ROW_NUMBER_HEADERS:
            matches[index] = HeaderMatch(index, header, None, 1.0, "high", source="row_number")
        else:
            scored[index] = candidates
    pairs = sorted(((c.score, -index, index, c) for index, cs in scored.items() for c in cs if c.score >= LOW),
                   key=lambda p: (-p[0], -p[1]))
    for score, _, index, c in pairs:
        if index in matches:
            continue
        if c.field.name in taken:
            if score >= EXACT_NOTES:  # names, exactly, a field another column holds: a repeated column
                matches[index] = HeaderMatch(index, str(headers[index]).strip(), None, score, "high", c.field,
                                             repeats=str(headers[taken[c.field.name]]).strip())
            continue
        taken[c.field.name] = index
        matches[index] = HeaderMatch(index, str(headers[index]).strip(), c.field, score, confidence(score),
                                     c.field, c.unit, c.unit_text)
    for index, candidates in scored.items():
        if index in matches:
            continue
        best = candidates[0] if candidates and candidates[0].score > 0 else None
        score = best.score if best else 0.0
        matches[index] = HeaderMatch(index, str(headers[index]).strip(), None, score, confidence(score),
                                     best.field if best and score >= SUGGEST else None)
    return [matches[i] for i in sorted(matches)]


def needs_confirmation(matches: list[HeaderMatch]) -> bool:
    """Whether the editor should look at the columns: one is read on a low score, or is not read."""
    return any(m.source == "auto" and (m.confidence != "high" or m.field is None) for m in matches)


def effective_mapping(matches: list[HeaderMatch]) -> dict[str, str]:
    """What each header is read as (header -> field name, or IGNORE), as a mapping to remember."""
    return {m.header: m.field.name if m.field is not None else IGNORE for m in matches if m.source != "row_number"}
