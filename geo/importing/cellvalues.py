"""Headers to fields, and cells to values, for the import (geo.importing.importer).

Each reader returns the value or raises :class:`CellProblem` naming what is wrong (an i18n code
``import.problem.<code>`` and its parameters). Nothing here knows about rows or the store.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from geo.i18n import TEXT, t
from geo.importing.coordinates import CoordinateError, parse_coordinate, parse_pair
from geo.importing.fields import (
    AMBIGUOUS_VALUES,
    UNITS,
    VALUE_ALIASES,
    VOCABULARIES,
    ImportField,
    ImportList,
    normalise,
)
from geo.importing.headers import confidence, score_field, unit_index
from geo.model import CREDIT_CODE_ALPHABET, credit_code_is_valid

ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9-]{1,40}$")
YEAR_RANGE = (1990, 2100)
_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(.*)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


class CellProblem(ValueError):
    """What is wrong with a cell. ``warning``: the row stays usable without this value (the cell is
    left out, the stored value kept), and the editor confirms before importing (issue 12, point 2)."""

    def __init__(self, code: str, warning: bool = False, **params):
        self.code = code
        self.params = params
        self.warning = warning
        super().__init__(code)


@dataclass(frozen=True)
class Column:
    index: int  # position in the file's row
    header: str  # as the file writes it
    field: ImportField
    unit: str | None  # the unit the header states (a key of UNITS[quantity]); None: the template's


# --- headers -------------------------------------------------------------------------------------


def match_header(spec: ImportList, header: str) -> tuple[ImportField, str | None, bool] | None:
    """(field, unit, unit assumed) for one header cell read with high confidence, or None
    (geo.importing.headers scores it; a two-language header is matched by either half)."""
    best = max((score_field(f, header, fuzzy=False) for f in spec.fields), key=lambda c: c.score, default=None)
    if best is None or confidence(best.score) != "high":
        return None
    if best.unit_text is not None:
        raise CellProblem("unknown_unit", unit=best.unit_text)
    return best.field, best.unit, best.field.quantity is not None and best.unit is None


def header_score(spec: ImportList, headers: list[str]) -> int:
    """How many of ``headers`` name a field of ``spec`` (how readers find the header row)."""
    score = 0
    for header in headers:
        try:
            score += match_header(spec, header) is not None
        except CellProblem:
            score += 1
    return score


# --- values --------------------------------------------------------------------------------------


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def read_text(value, f: ImportField) -> str:
    text = _text(value)
    if len(text) > f.max_length:
        raise CellProblem("text_too_long", max=f.max_length, length=len(text))
    return text


def read_id(value) -> str:
    text = unicodedata.normalize("NFKC", _text(value)).strip().upper()
    if not ID_PATTERN.match(text):
        raise CellProblem("bad_id", value=_text(value)[:60])
    return text


def vocabulary_labels(prefix: str, code: str) -> list[str]:
    key = f"{prefix}.{code}"
    return [TEXT[key][lang] for lang in ("zh", "en")] if key in TEXT else []


@functools.cache
def _vocab_index(prefix: str) -> dict[str, str]:
    """Normalised code, zh label, en label and synonym -> code (synonyms never shadow a label)."""
    index = {normalise(k): v for k, v in VALUE_ALIASES.get(prefix, {}).items()}
    for code in VOCABULARIES[prefix]:
        for name in (code, *vocabulary_labels(prefix, code)):
            index[normalise(name)] = code
    return index


def read_vocab(value, prefix: str) -> str:
    """A code of vocabulary ``prefix`` from its code, its zh or en label, or a common synonym."""
    code = _vocab_index(prefix).get(normalise(_text(value)))
    if code is None:
        raise CellProblem("unknown_value", value=_text(value)[:60], allowed=("vocab", prefix))
    return code


def ambiguous_options(prefix: str, value) -> tuple[str, ...] | None:
    """The codes a value could mean, suggestion first, if it could mean more than one."""
    table = AMBIGUOUS_VALUES.get(prefix)
    if not table:
        return None
    return {normalise(k): v for k, v in table.items()}.get(normalise(_text(value)))


def allowed_text(prefix: str, lang: str) -> str:
    labels = [t(f"{prefix}.{code}", lang) if f"{prefix}.{code}" in TEXT else code for code in VOCABULARIES[prefix]]
    return ("、" if lang == "zh" else ", ").join(labels)


def read_number(value, f: ImportField, unit: str | None) -> float:
    """A number in the stored unit. The cell may carry its own unit (``3.5亿``, ``50 MW``), which
    wins over the column's; thousands separators and full-width digits are fine."""
    factor = UNITS[f.quantity][unit or f.unit][0] if f.quantity else 1.0
    if isinstance(value, bool | dt.datetime | dt.date):
        raise CellProblem("not_a_number", value=_text(value)[:60])
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace("，", ",")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        match = _NUMBER.match(text.casefold())
        if not match:
            raise CellProblem("not_a_number", value=str(value)[:60])
        number = float(match.group(1))
        suffix = normalise(match.group(2))
        if suffix:
            cell_unit = unit_index(f.quantity).get(suffix) if f.quantity else None
            if cell_unit is None:
                raise CellProblem("not_a_number", value=str(value)[:60])
            factor = UNITS[f.quantity][cell_unit][0]
    if not math.isfinite(number):
        raise CellProblem("not_a_number", value=_text(value)[:60])
    if number < 0:
        raise CellProblem("negative", value=_text(value)[:60])
    result = number * factor
    if not math.isfinite(result) or result > 1e15:
        raise CellProblem("too_large_number", value=_text(value)[:60])
    return round(result, 6) if factor != 1.0 else result


def read_int(value, f: ImportField, unit: str | None) -> int:
    number = read_number(value, f, unit)
    if not float(number).is_integer():
        raise CellProblem("not_integer", value=_text(value)[:60])
    return int(number)


def read_year(value) -> int:
    if isinstance(value, dt.datetime | dt.date):
        year = value.year
    else:
        text = unicodedata.normalize("NFKC", _text(value)).strip().removesuffix("年")
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not re.fullmatch(r"\d{4}", text):
            raise CellProblem("not_a_year", value=_text(value)[:60])
        year = int(text)
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise CellProblem("year_range", value=year, low=YEAR_RANGE[0], high=YEAR_RANGE[1])
    return year


def read_credit_code(value) -> str:
    """A valid code, or a warning: a credit code is optional and identifies nothing the row needs,
    so a wrong one (a mistyped check character, a wrong length, a number Excel rounded) leaves the
    code out and keeps the row; it is never stored (geo.model refuses it) nor used for matching."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellProblem("credit_code_number", warning=True)  # Excel turned it into a number and lost digits
    code = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).upper()
    if len(code) != 18 or any(c not in CREDIT_CODE_ALPHABET for c in code):
        raise CellProblem("bad_credit_code", warning=True, value=str(value)[:40])
    if not credit_code_is_valid(code):
        raise CellProblem("credit_code_checksum", warning=True, value=code)
    return code


def read_coordinate(value) -> float:
    try:
        return parse_coordinate(value)
    except CoordinateError as exc:
        raise CellProblem(exc.code, value=_text(value)[:60]) from exc


def read_pair(value) -> tuple[float, float]:
    try:
        return parse_pair(value)
    except CoordinateError as exc:
        raise CellProblem(exc.code, value=_text(value)[:60]) from exc


def read_named(value, names: dict[str, str], code: str) -> str:
    """A code from itself or one of its names (townships, parks): ``names`` maps name or code -> code."""
    wanted = normalise(_text(value))
    index = {normalise(k): v for k, v in names.items()}
    if wanted in index:
        return index[wanted]
    raise CellProblem(code, value=_text(value)[:60])


def read_sources(value, known: set[str]) -> str:
    ids = [p.strip() for p in re.split(r"[;,，；、\s]+", unicodedata.normalize("NFKC", _text(value))) if p.strip()]
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise CellProblem("unknown_source", value=", ".join(unknown)[:80])
    return ";".join(ids)
