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
from geo.importing.coordinates import CrsGuess
from geo.importing.fields import IMPORT_LISTS
from geo.importing.templates import field_label
from geo.store import ChangeSet, RowChange

ERROR, WARNING = "error", "warning"


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
    # The editor's column mapping (issue 12): header as the file writes it -> field name, or "" to
    # ignore the column; it comes before the automatic match (geo.importing.headers).
    mapping: dict[str, str] = field(default_factory=dict)


@dataclass
class Preview:
    list_key: str
    file_name: str
    file_sha256: str
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    crs_guess: CrsGuess | None = None
    crs_used: str | None = None
    added: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    unchanged: int = 0
    outside_county: list[int] = field(default_factory=list)  # rows outside the county outline
    extra_changes: list[RowChange] = field(default_factory=list)  # the import's source row

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def row_changes(self) -> tuple[RowChange, ...]:
        key = IMPORT_LISTS[self.list_key].table.key
        return (*self.extra_changes,
                *(RowChange(self.list_key, r[key], None, r) for r in self.added),
                *(RowChange(self.list_key, a[key], b, a) for b, a in self.changed),
                *(RowChange(self.list_key, r[key], r, None) for r in self.removed))

    def change_set(self, user: str, kind: str = "import", note: str = "") -> ChangeSet:
        if not self.ok:
            raise ValueError("a preview with errors cannot be committed")
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


# --- what the page shows -------------------------------------------------------------------------


def problems_frame(result: Preview, lang: str) -> pd.DataFrame:
    """One line per problem: row, column, error or warning, message (plain text, so any HTML a file
    holds is shown as text)."""
    columns = [t(f"import.col.{c}", lang) for c in ("row", "column", "severity", "message")]
    rows = [[p.row if p.row is not None else "—", p.column or "", t(f"import.severity.{p.severity}", lang),
             p.message(lang)] for p in result.problems]
    return pd.DataFrame(rows, columns=columns).astype(str)


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
        rows = [[r[key], r.get(name) or "", f"{r['lon']:.6f}, {r['lat']:.6f}" if r.get("lon") is not None else ""]
                for r in records]
    return pd.DataFrame(rows, columns=columns).astype(str)
