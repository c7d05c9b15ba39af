"""Matching an import's rows with the records the list already holds, and building each new row.

Rows match by ``id``; without one, by 统一社会信用代码, then by the same name within
:data:`SAME_PLACE_M` metres. Two rows of one file that are the same record are an error.
"""

from __future__ import annotations

from pydantic import ValidationError
from pyproj import Geod

from geo.data.dataset import Dataset
from geo.data.tables import CONFIDENTIAL_IMPORT, GEOMETRY, canonical, same_row, table_rows
from geo.importing import cellvalues
from geo.importing.fields import ImportList
from geo.importing.preview import ERROR, WARNING, ImportOptions, ParsedRow, Preview, Problem, import_source_id, problem
from geo.importing.rows import template_header
from geo.store import RowChange

SAME_PLACE_M = 300.0
_GEOD = Geod(ellps="WGS84")


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(_GEOD.inv(a[0], a[1], b[0], b[1])[2])


_PYDANTIC_CODES = {"literal_error": "invalid_value", "missing": "required", "string_too_short": "required",
                   "greater_than_equal": "out_of_range", "less_than_equal": "out_of_range",
                   "greater_than": "out_of_range", "less_than": "out_of_range", "string_too_long": "text_too_long",
                   "string_pattern_mismatch": "bad_id", "int_from_float": "not_integer"}
_RULES = {"illustrative record cannot have a reported location": "rule_illustrative_location",
          "illustrative plot cannot name a tenant": "rule_plot_tenant",
          "unified social credit code": "credit_code_checksum", "unknown township": "unknown_township"}


def _schema_problems(spec: ImportList, row: ParsedRow, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else ""
        column = row.columns.get(name) or (template_header(spec.field(name))
                                           if any(f.name == name for f in spec.fields) else name or None)
        code = _PYDANTIC_CODES.get(err["type"])
        if code is None:
            code = next((c for text, c in _RULES.items() if text in err["msg"]), "invalid")
        value = err.get("input")
        out.append(problem(ERROR, code, row.number, column, value=str(value)[:60] if value is not None else "",
                            detail=err["msg"], max=200, length=len(str(value)) if value is not None else 0))
    return out


class _Ids:
    """New ids <prefix><0001…>, skipping those in use; each prefix counts on from its last id."""

    def __init__(self, used: set[str]):
        self.used = used
        self.next: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        n = self.next.get(prefix, 1)
        while f"{prefix}{n:04d}" in self.used:
            n += 1
        self.next[prefix] = n + 1
        self.used.add(f"{prefix}{n:04d}")
        return f"{prefix}{n:04d}"


def _all_ids(dataset: Dataset, spec: ImportList) -> set[str]:
    if spec.geometry == "point":
        return set(dataset.records["id"])  # ids are unique across every point layer
    return {r["id"] for r in table_rows(dataset, spec.key)}


def _area_ha(geometry) -> float:
    return round(abs(_GEOD.geometry_area_perimeter(geometry)[0]) / 10_000, 2)


def _source_row(dataset: Dataset, source_id: str, options: ImportOptions, file_name: str,
                confidential: bool = False) -> dict:
    """The source row an import adds. An import into a confidential list (the investment targets)
    adds a confidential source: viewers never see it, nor that it exists (geo.access.roles)."""
    values = {"id": source_id, "kind": CONFIDENTIAL_IMPORT if confidential else "import", "publisher": options.user,
              "title": options.source_title or file_name, "date": options.today.isoformat(), "note": file_name}
    return {column: str(values.get(column, "")) for column in dataset.sources.columns}


def resolve(spec: ImportList, rows: list[ParsedRow], dataset: Dataset, options: ImportOptions, result: Preview) -> None:
    key = spec.table.key
    name_field = "target_name_zh" if spec.key == "investment_targets" else "name_zh"
    existing = table_rows(dataset, spec.key)
    by_id = {r[key]: r for r in existing}
    by_credit = {r["credit_code"]: r for r in existing if r.get("credit_code")}
    by_name: dict[str, list[dict]] = {}
    for r in existing:
        by_name.setdefault(cellvalues.normalise(r[name_field]), []).append(r)
    used_ids = _all_ids(dataset, spec)
    ids = _Ids(used_ids)
    source_id = import_source_id(options, result.file_sha256)
    matched: dict[str, int] = {}  # record key -> the row that writes it
    seen: dict[str, int] = {}  # record key -> the first row naming it, usable or not (duplicates)
    protected: set[str] = set()  # stored records a kept-out row names: never removed, never changed
    credits: dict[str, int] = {}
    new_places: dict[str, list[tuple[tuple | None, int]]] = {}  # new rows by name
    parks = list(dataset.park["id"])
    # Every check runs on every row (issue 12, point 3): a row that failed a cell check still gets
    # its matching, duplicate and required checks; it is only kept out of what is written.
    for row in rows:
        values = row.values
        usable = row.ok
        target, how = None, None
        if values.get("id"):
            target = by_id.get(values["id"])
            if target is None and values["id"] in used_ids:
                result.problems.append(problem(ERROR, "id_in_other_list", row.number, row.columns["id"],
                                                value=values["id"]))
                usable = False
        elif values.get("credit_code") in by_credit:
            target, how = by_credit[values["credit_code"]], "credit_code"
        elif values.get(name_field):
            candidates = by_name.get(cellvalues.normalise(values[name_field]), [])
            for candidate in candidates:
                if spec.geometry != "point" or row.lonlat is None or distance_m(
                        row.lonlat, (candidate["lon"], candidate["lat"])) <= SAME_PLACE_M:
                    target, how = candidate, "name"
                    break
            else:
                if candidates and row.lonlat is not None:
                    km = distance_m(row.lonlat, (candidates[0]["lon"], candidates[0]["lat"])) / 1000
                    result.problems.append(problem(WARNING, "same_name_elsewhere", row.number,
                                                    row.columns.get(name_field), id=candidates[0][key], km=f"{km:.1f}"))
        if how == "name":
            result.problems.append(problem(WARNING, "matched_by_name", row.number, row.columns.get(name_field),
                                            id=target[key]))
        resolved = target[key] if target else values.get("id")
        if resolved and resolved in seen:
            column = row.columns.get("id") if values.get("id") else row.columns.get(name_field)
            result.problems.append(problem(ERROR, "duplicate_row", row.number, column, other=seen[resolved]))
            usable = False
        elif resolved:
            seen[resolved] = row.number
        if values.get("credit_code"):
            if values["credit_code"] in credits:
                result.problems.append(problem(ERROR, "duplicate_credit_code", row.number,
                                                row.columns["credit_code"], other=credits[values["credit_code"]]))
                usable = False
            else:
                credits[values["credit_code"]] = row.number
        if target is None and values.get(name_field):
            name = cellvalues.normalise(values[name_field])
            twin = next((n for place, n in new_places.get(name, ()) if (
                place is None or row.lonlat is None or distance_m(place, row.lonlat) <= SAME_PLACE_M)), None)
            if twin is not None:
                result.problems.append(problem(ERROR, "duplicate_name_place", row.number,
                                                row.columns.get(name_field), other=twin))
                usable = False
            else:
                new_places.setdefault(name, []).append((row.lonlat, row.number))
        after = _build(spec, row, target, source_id, parks, result)
        if after is None or not usable:
            if target is not None:
                protected.add(target[key])
            continue
        if target is None and after[key] is None:
            prefix = "P-" if after.get("kind") == "project" else spec.id_prefix
            after[key] = ids.new(prefix)
        try:
            after = canonical(spec.key, after)
        except ValidationError as exc:
            result.problems += _schema_problems(spec, row, exc)
            if target is not None:
                protected.add(target[key])
            continue
        matched[after[key]] = row.number
        _warn_node(spec, row, after, result)
        if target is None:
            used_ids.add(after[key])
            result.added.append(after)
        elif same_row(target, after):
            result.unchanged += 1
        else:
            result.changed.append((target, after))
    _keep_out(result, key, matched)
    if options.mode == "replace":
        result.removed = [r for r in existing if r[key] not in matched and r[key] not in protected]
    uses_source = any(source_id in (r.get("source") or "").split(";")
                      for r in [*result.added, *(a for _, a in result.changed)])
    if uses_source and source_id not in set(dataset.sources["id"]):
        result.extra_changes = [RowChange("sources", source_id, None,
                                          _source_row(dataset, source_id, options, result.file_name,
                                                      spec.table.confidential))]


def _keep_out(result: Preview, key: str, matched: dict[str, int]) -> None:
    """The rows an error makes unusable (issue 12, point 2), and nothing written for them: the
    checks above never add such a row; this makes sure of it whatever check is added later."""
    bad = {p.row for p in result.errors if p.row is not None and p.row != result.header_row}
    result.kept_out = sorted(bad)
    result.added = [r for r in result.added if matched.get(r[key]) not in bad]
    result.changed = [(b, a) for b, a in result.changed if matched.get(a[key]) not in bad]


def _build(spec: ImportList, row: ParsedRow, target: dict | None, source_id: str, parks: list[str],
           result: Preview) -> dict | None:
    """The row the import wants: the existing row (or a new one with defaults) with the file's values."""
    fields = spec.table.fields
    if target is not None:
        after = dict(target)
    else:
        after = {name: None for name in fields}
        after.update(dict(spec.defaults))
        after.update(provenance="reported", source=source_id)
        if "location_provenance" in fields:
            after["location_provenance"] = "reported"
        if spec.key == "park_plots" and len(parks) == 1:
            after["park_id"] = parks[0]
    for name, value in row.values.items():
        if value is not None or target is not None:  # an empty cell of a new row: the default
            after[name] = value
    if "name_en" in fields and not after.get("name_en"):
        after["name_en"] = after.get("name_zh")
    if not after.get("source"):
        after["source"] = source_id
    ok = True
    if spec.geometry == "point":
        if row.lonlat is not None:
            moved = target is None or (target["lon"], target["lat"]) != row.lonlat
            after["lon"], after["lat"] = row.lonlat
            if moved and "location_provenance" not in row.values and after.get("provenance") != "illustrative":
                after["location_provenance"] = "reported"
        elif target is None and not row.failed & {"lon", "lat", "coordinates", "position"}:
            result.problems.append(problem(ERROR, "required", row.number,
                                           row.columns.get("lon") or template_header(spec.field("lon"))))
            ok = False
        elif target is None:
            ok = False
    if spec.geometry == "polygon":
        if row.geometry is not None:
            after[GEOMETRY] = row.geometry
        elif target is None and "position" not in row.failed:
            result.problems.append(problem(ERROR, "plot_needs_geometry", row.number, None))
            ok = False
        elif target is None:
            ok = False
        if after.get(GEOMETRY) is not None and after.get("area_ha") is None:
            after["area_ha"], after["area_provenance"] = _area_ha(after[GEOMETRY]), "derived"
    if spec.key == "chain" and not after.get("kind") and after.get("name_zh"):
        # Ledgers rarely have a "类型" column; the name usually says it ("…项目").
        after["kind"] = "project" if ("项目" in after["name_zh"] or "project" in after["name_zh"].casefold()) \
            else "enterprise"
        result.problems.append(problem(WARNING, "kind_guessed", row.number, None,
                                       kind=("label", f"kind.{after['kind']}")))
    # A chain row without a name and without a "类型" column: the missing name says it all.
    unsaid = {"kind"} if spec.key == "chain" and "kind" not in row.columns and not after.get("name_zh") else set()
    for f in spec.fields:
        if f.name in unsaid:
            ok = False
        elif f.required and f.name in fields and after.get(f.name) in (None, "") and f.name not in row.failed:
            result.problems.append(problem(ERROR, "required", row.number,
                                            row.columns.get(f.name) or template_header(f)))
            ok = False
        elif f.name in row.failed:
            ok = False
    return after if ok else None


def _warn_node(spec: ImportList, row: ParsedRow, after: dict, result: Preview) -> None:
    from geo.chain import NODES

    node, segment = after.get("chain_node"), after.get("chain_segment")
    if node in NODES and segment and NODES[node].segment != segment:
        result.problems.append(problem(WARNING, "node_segment", row.number, row.columns.get("chain_node"),
                                        node=("label", f"chain_node.{node}"),
                                       segment=("label", f"segment.{segment}")))
