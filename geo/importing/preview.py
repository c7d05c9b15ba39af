"""What an import would do, as data: the problems found, the rows it would add, change or remove.

:class:`Preview` is what the import page shows before anything is written; only when the user
confirms does :meth:`Preview.change_set` go to the store (geo.store.base). :class:`Problem` names the
row and column as the user sees them, and its message comes from geo.i18n in the UI language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from geo.data.tables import field_text, same_row
from geo.i18n import t
from geo.importing import cellvalues
from geo.importing.crsevidence import CrsEvidence
from geo.importing.fields import IMPORT_LISTS
from geo.importing.templates import field_label
from geo.store import ChangeSet, RowChange

ERROR, WARNING = "error", "warning"
CONFIRM_CODES = frozenset({"credit_code_checksum", "bad_credit_code", "credit_code_number"})


@dataclass(frozen=True)
class Problem:
    severity: str  # error | warning
    code: str  # i18n key import.problem.<code>
    row: int | None = None  # the row as the user numbers it (None: the whole file)
    column: str | None = None  # the header as the file writes it
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str) -> str:
        params = {}
        for key, value in self.params:
            if isinstance(value, tuple) and value and value[0] == "vocab":
                value = cellvalues.allowed_text(value[1], lang)
            elif isinstance(value, tuple) and value and value[0] == "label":
                value = t(value[1], lang)
            elif isinstance(value, tuple) and value and value[0] == "choices":  # ("choices", vocab, codes)
                value = (" / ").join(t(f"{value[1]}.{code}", lang) for code in value[2])
            elif isinstance(value, tuple) and value and value[0] == "fields":  # ("fields", list key, names|None)
                value = _field_headers(value[1], value[2], lang)
            params[key] = value
        return t(f"import.problem.{self.code}", lang, **params)


def _field_headers(list_key: str, names: tuple[str, ...] | None, lang: str) -> str:
    from geo.importing.templates import required_headers

    return required_headers(list_key, lang, names)


def problem(severity, code, row=None, column=None, **params) -> Problem:
    return Problem(severity, code, row, column, tuple(params.items()))


@dataclass(frozen=True)
class ImportOptions:
    crs: str | None = None  # None: use the detected system
    mode: str = "merge"  # merge | replace
    source_title: str = ""  # where the file comes from, for the source row the import adds
    user: str = ""
    blank: str = "keep"  # an empty cell: keep the stored value (files) or clear it (the editor)
    today: dt.date = field(default_factory=dt.date.today)
    # The editor's answers to ambiguous values (issue 12, point 6): (field, normalised value, code).
    resolutions: tuple[tuple[str, str, str], ...] = ()

    # The editor's column mapping (issue 12): header as the file writes it -> field name, or "" to
    # ignore the column; it comes before the automatic match (geo.importing.headers).
    mapping: dict[str, str] = field(default_factory=dict)

    def resolution(self, field_name: str, value: str) -> str | None:
        return next((code for f, v, code in self.resolutions if f == field_name and v == value), None)


@dataclass
class Ambiguity:
    """One distinct value that could mean two codes: asked once, for every row that has it."""

    field: str
    value: str  # as the file first writes it
    column: str  # the header it is under
    vocab: str  # the i18n prefix of its codes
    options: tuple[str, ...]  # suggestion first
    rows: list[int] = field(default_factory=list)
    resolved: str | None = None  # the editor's choice; None: waiting for it

    @property
    def suggestion(self) -> str:
        return self.options[0]


@dataclass
class Preview:
    list_key: str
    file_name: str
    file_sha256: str
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    crs_used: str | None = None  # None with positions: pending, until the editor chooses
    crs_evidence: CrsEvidence | None = None  # why a system is proposed, or why none is
    positions_pending: bool = False  # no system chosen nor proposed: positions not converted, import blocked
    added: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    unchanged: int = 0
    outside_county: list[int] = field(default_factory=list)  # rows outside the county outline
    extra_changes: list[RowChange] = field(default_factory=list)  # the import's source row
    header_row: int | None = None  # problems on it concern the whole file
    ambiguous: dict[tuple[str, str], Ambiguity] = field(default_factory=dict)  # (field, normalised value)
    kept_out: list[int] = field(default_factory=list)  # rows an error makes unusable: never written
    skipped: list[int] = field(default_factory=list)  # decoration rows (title, notes, totals, signatures)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[Problem]:
        """Errors about the whole file (its columns, its header): they block every row."""
        return [p for p in self.errors if p.row is None or p.row == self.header_row]

    @property
    def pending(self) -> list[Ambiguity]:
        """Ambiguous values still waiting for the editor's answer."""
        return [a for a in self.ambiguous.values() if a.resolved is None]

    @property
    def to_confirm(self) -> list[Problem]:
        """Warnings the editor confirms before importing (a credit code left out)."""
        return [p for p in self.problems if p.severity == WARNING and p.code in CONFIRM_CODES]

    @property
    def good_rows_only_possible(self) -> bool:
        """Rows are kept out, and the others would change something: they may be imported alone."""
        return bool(self.kept_out) and not self.file_errors and self.has_changes

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def row_changes(self) -> tuple[RowChange, ...]:
        key = IMPORT_LISTS[self.list_key].table.key
        return (*self.extra_changes,
                *(RowChange(self.list_key, r[key], None, r) for r in self.added),
                *(RowChange(self.list_key, a[key], b, a) for b, a in self.changed),
                *(RowChange(self.list_key, r[key], r, None) for r in self.removed))

    def change_set(self, user: str, kind: str = "import", note: str = "", good_rows_only: bool = False) -> ChangeSet:
        """The changes to commit. With errors on some rows, only when asked (``good_rows_only``):
        those rows are then left out and nothing stored changes for them."""
        if self.file_errors or (self.errors and not good_rows_only):
            raise ValueError("a preview with errors cannot be committed")
        if self.pending:
            raise ValueError("ambiguous values wait for the editor's answer")
        return ChangeSet(self.row_changes(), user=user, kind=kind, list_key=self.list_key, file_name=self.file_name,
                         file_sha256=self.file_sha256, note=note)


def import_source_id(options: ImportOptions, sha256: str) -> str:
    return f"IMPORT-{options.today:%Y%m%d}-{(sha256 or 'EDIT')[:6].upper()}"




@dataclass
class ParsedRow:
    """One row of the file, read: its values, where each came from, its position as the file has it."""

    number: int
    values: dict  # field -> parsed value (None: the cell is empty)
    columns: dict  # field -> the header it came from
    lonlat: tuple[float, float] | None = None
    geometry: object = None  # polygon (plots)
    ok: bool = True
    crs: str | None = None  # the coordinate system the row's own column names (rooftop list), if any
    failed: set = field(default_factory=set)  # fields whose cell could not be read (not also "required")


# --- what the page shows -------------------------------------------------------------------------


# What each problem is about, for sorting and counting (issue 12, point 3); a code not listed is "other".
PROBLEM_KINDS: dict[str, tuple[str, ...]] = {
    "file": ("sheet_used", "encoding_used", "no_known_columns"),
    "column": ("unknown_unit", "unknown_column", "duplicate_column", "unit_assumed", "pair_ignored",
               "missing_column"),
    "required": ("required", "plot_needs_geometry", "coordinate_half"),
    "format": ("text_too_long", "bad_id", "unknown_value", "invalid_value", "not_a_number", "negative",
               "too_large_number", "not_integer", "not_a_year", "year_range", "unknown_township", "unknown_park",
               "unknown_source", "out_of_range", "invalid", "rule_illustrative_location", "rule_plot_tenant"),
    "code": tuple(CONFIRM_CODES),
    "position": ("not_a_coordinate", "dms_invalid", "not_a_pair", "geometry_not_point", "geometry_not_polygon",
                 "geometry_invalid", "swapped", "lon_range", "lat_range", "far_outside", "outside_county"),
    "duplicate": ("duplicate_row", "duplicate_credit_code", "duplicate_name_place"),
    "match": ("id_in_other_list", "same_name_elsewhere", "matched_by_name", "kind_guessed", "node_segment"),
    "ambiguous": ("ambiguous",),
}
_KIND_OF = {code: kind for kind, codes in PROBLEM_KINDS.items() for code in codes}
KIND_ORDER: tuple[str, ...] = (*PROBLEM_KINDS, "skipped", "other")


def problem_kind(code: str) -> str:
    if code in _KIND_OF:
        return _KIND_OF[code]
    if code.startswith("skipped_"):
        return "skipped"
    if code.startswith("crs"):
        return "position"
    return "other"


def problems_frame(result: Preview, lang: str) -> pd.DataFrame:
    """One line per problem: row (a number, so that it sorts as one; empty for the whole file),
    column, kind, error or warning, message. Plain text, so any HTML a file holds is shown as text."""
    names = [t(f"import.col.{c}", lang) for c in ("row", "column")] + [t("importrows.col.kind", lang)] + [
        t(f"import.col.{c}", lang) for c in ("severity", "message")]
    rows = [[p.row, p.column or "", t(f"importrows.kind.{problem_kind(p.code)}", lang),
             t(f"import.severity.{p.severity}", lang), p.message(lang)] for p in result.problems]
    frame = pd.DataFrame(rows, columns=names)
    frame[names[0]] = pd.array(frame[names[0]].tolist(), dtype="Int64")
    for name in names[1:]:
        frame[name] = frame[name].astype(str)
    return frame


def kind_counts(result: Preview) -> dict[str, int]:
    """How many problems of each kind, in :data:`KIND_ORDER` (kinds without any left out)."""
    counts = {kind: 0 for kind in KIND_ORDER}
    for p in result.problems:
        counts[problem_kind(p.code)] += 1
    return {kind: n for kind, n in counts.items() if n}


def changes_frame(result: Preview, kind: str, lang: str) -> pd.DataFrame:
    """``kind`` added | removed: one line per record; changed: one line per changed field."""
    spec = IMPORT_LISTS[result.list_key]
    key, name = spec.table.key, "target_name_zh" if result.list_key == "investment_targets" else "name_zh"
    if kind == "changed":
        columns = [t(f"import.col.{c}", lang) for c in ("id", "name", "field", "old", "new")]
        rows = [[after[key], after.get(name) or "", field_label(result.list_key, f, lang), field_text(before.get(f)),
                 field_text(after.get(f))]
                for before, after in result.changed for f in after if not same_row({f: before.get(f)}, {f: after[f]})]
    else:
        columns = [t(f"import.col.{c}", lang) for c in ("id", "name", "position")]
        records = result.added if kind == "added" else result.removed
        pending = t("importcrs.pending", lang) if result.positions_pending else None
        rows = [[r[key], r.get(name) or "", (pending or f"{r['lon']:.6f}, {r['lat']:.6f}")
                 if r.get("lon") is not None else ""] for r in records]
    return pd.DataFrame(rows, columns=columns).astype(str)
