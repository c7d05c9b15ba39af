"""Uploaded files to a table of cells: Excel (.xlsx), CSV (UTF-8, UTF-8 with BOM, GBK/GB18030,
UTF-16 "Unicode text"), GeoJSON and zipped Shapefiles.

Every way a file can be broken (empty, the wrong type, truncated, binary junk, too big, too many
rows) ends in :class:`FileProblem`, whose ``code`` names an i18n message (``import.file.<code>``);
nothing here lets another exception escape for a bad file (tests/test_import_files.py tries them).
Which row holds the header is decided by the caller's ``score`` function (how many cells it
recognises), so that a title row above the header, as officials often add, is skipped.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_MB = 20
MAX_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a zip (xlsx, shapefile) may not unpack to more than this
HEADER_SCAN_ROWS = 15
EXTENSIONS = ("xlsx", "csv", "txt", "geojson", "json", "zip")


class FileProblem(ValueError):
    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass
class RawTable:
    """Cells as read: ``rows[i]`` lines up with ``headers``; ``row_numbers[i]`` is what the user
    calls that row (the spreadsheet row, or the feature number of a GeoJSON or shapefile)."""

    file_name: str
    kind: str  # xlsx | csv | geojson | shapefile | editor
    headers: list[str]
    rows: list[list]
    row_numbers: list[int]
    header_row: int = 1
    geometries: list | None = None  # shapely geometries (GeoJSON, shapefile), one per row
    sha256: str = ""
    source_crs: str | None = None  # what the file says (a shapefile's .prj); None: not stated
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (i18n code, params): encoding, sheet…
    sheet: str | None = None  # the worksheet read (Excel): its name may say the coordinate system


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dt.datetime | dt.date | dt.time | int | float) or value is None:
        return value
    return str(value)


def _is_blank(row) -> bool:
    return all(v is None for v in row)


def _pick_header(rows: list[list], score: Callable[[list[str]], int]) -> int:
    """Index of the row (among the first few) whose cells the caller recognises best."""
    best, best_score = 0, -1
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        value = score([str(c) for c in row if c is not None])
        if value > best_score:
            best, best_score = index, value
    if best_score <= 0:  # say what the file's first row holds (issue 12, point 7: a clear refusal)
        first = next((row for row in rows if any(c is not None and str(c).strip() for c in row)), [])
        found = " | ".join(str(c).strip() for c in first if c is not None and str(c).strip())
        raise FileProblem("no_header", found=(found[:300] or "—"))
    return best


def _table(name: str, kind: str, rows: list[list], first_row_number: int, score, sha: str) -> RawTable:
    rows = [[_cell(v) for v in row] for row in rows]
    numbered = [(first_row_number + i, row) for i, row in enumerate(rows)]
    numbered = [(n, row) for n, row in numbered if not _is_blank(row)]
    if not numbered:
        raise FileProblem("empty")
    header_index = _pick_header([row for _, row in numbered], score)
    header_number, header = numbered[header_index]
    width = max(len(header), max(len(row) for _, row in numbered))
    headers = [str(c) if c is not None else "" for c in header] + [""] * (width - len(header))
    data = [(n, row + [None] * (width - len(row))) for n, row in numbered[header_index + 1:]]
    if not data:
        raise FileProblem("no_rows")
    return RawTable(name, kind, headers, [row for _, row in data], [n for n, _ in data], header_number,
                    sha256=sha)


# --- Excel ---------------------------------------------------------------------------------------


def _check_zip(data: bytes, broken: str = "zip_broken") -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem(broken) from exc
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise FileProblem("too_large_unpacked", limit_mb=MAX_UNPACKED_BYTES // 2**20)
    return archive


def read_xlsx(name: str, data: bytes, score, sha: str, progress: Callable[[int, int], None] | None = None) -> RawTable:
    import openpyxl  # imported here: only Excel uploads need it

    archive = _check_zip(data, "xlsx_broken")
    if "xl/workbook.xml" not in archive.namelist():
        raise FileProblem("xlsx_broken")
    try:
        archive.testzip()  # a truncated file fails here, before openpyxl half-reads it
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, TypeError, XML errors) for a bad file
        raise FileProblem("xlsx_broken") from exc
    best, any_cells, first_refusal = None, False, None
    try:
        for sheet in book.worksheets:
            rows = []
            expected = _max_row(sheet)
            for row in sheet.iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                    raise FileProblem("too_many_rows", limit=f"{MAX_ROWS:,}")
                if progress and len(rows) % 1000 == 0:
                    progress(len(rows), expected if expected >= len(rows) else 0)  # 0: not known
            any_cells = any_cells or any(not _is_blank([_cell(v) for v in row]) for row in rows)
            try:
                table = _table(name, "xlsx", rows, 1, score, sha)
            except FileProblem as exc:
                first_refusal = first_refusal or exc  # the first sheet's, if no sheet has a header
                continue
            header_score = score([h for h in table.headers if h])
            if best is None or header_score > best[0]:
                best = (header_score, table, sheet.title)
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem("xlsx_broken") from exc
    finally:
        with contextlib.suppress(Exception):
            book.close()
    if best is None:
        if any_cells and first_refusal is not None and first_refusal.code == "no_header":
            raise first_refusal  # it says what the sheet's first row holds
        raise FileProblem("no_header", found="—") if any_cells else FileProblem("empty")
    _, table, title = best
    table.sheet = title
    if len(book.sheetnames) > 1:
        table.notes.append(("sheet_used", {"sheet": title}))
    return table


def _max_row(sheet) -> int:
    """How many rows the sheet says it has (its dimension), for progress only; 0 if it does not say."""
    try:
        return int(sheet.max_row or 0)
    except Exception:  # a broken dimension: progress without a total
        return 0


# --- CSV -----------------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-16 by its BOM, UTF-8 (with or without BOM), else GB18030 (a superset
    of GBK and GB2312, what Chinese Excel saves as "CSV")."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise FileProblem("encoding") from exc
    if b"\x00" in data:
        raise FileProblem("not_text")
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise FileProblem("encoding") from exc
    # GB18030 decodes almost any bytes; junk shows as control characters and rare symbols.
    odd = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\r\n\t") or 0xE000 <= ord(ch) <= 0xF8FF)
    if odd > max(3, len(text) // 100):
        raise FileProblem("not_text")
    return text, "GB18030"


def read_csv(name: str, data: bytes, score, sha: str) -> RawTable:
    text, encoding = decode_text(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise FileProblem("too_many_rows", limit=f"{MAX_ROWS:,}")
    except csv.Error as exc:
        raise FileProblem("csv_broken") from exc
    table = _table(name, "csv", rows, 1, score, sha)
    table.notes.append(("encoding_used", {"encoding": encoding}))
    return table


# --- GeoJSON and shapefiles ----------------------------------------------------------------------


def _features_table(name: str, kind: str, properties: list[dict], geometries: list, sha: str) -> RawTable:
    if not properties:
        raise FileProblem("no_rows")
    if len(properties) > MAX_ROWS:
        raise FileProblem("too_many_rows", limit=f"{MAX_ROWS:,}")
    headers = list(dict.fromkeys(str(k) for p in properties for k in p))
    rows = [[_cell(p.get(h)) for h in headers] for p in properties]
    return RawTable(name, kind, headers, rows, list(range(1, len(rows) + 1)), 0, geometries, sha)


def read_geojson(name: str, data: bytes, sha: str) -> RawTable:
    from shapely.geometry import shape

    text, _ = decode_text(data)
    try:
        collection = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem("json_broken", line=exc.lineno, column=exc.colno) from exc
    except RecursionError as exc:
        raise FileProblem("json_broken", line=1, column=1) from exc
    if isinstance(collection, dict) and collection.get("type") == "Feature":
        collection = {"type": "FeatureCollection", "features": [collection]}
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise FileProblem("not_features")
    properties, geometries = [], []
    for feature in features:
        feature = feature if isinstance(feature, dict) else {}
        props = feature.get("properties")
        properties.append({str(k): (v if not isinstance(v, dict | list) else json.dumps(v, ensure_ascii=False))
                           for k, v in (props if isinstance(props, dict) else {}).items()})
        try:
            geometries.append(shape(feature["geometry"]) if feature.get("geometry") else None)
        except Exception:  # shapely raises several kinds for malformed geometry
            geometries.append("invalid")
    return _features_table(name, "geojson", properties, geometries, sha)


def read_shapefile_zip(name: str, data: bytes, sha: str) -> RawTable:
    import pyogrio

    archive = _check_zip(data)
    shps = [n for n in archive.namelist() if n.lower().endswith(".shp") and not n.startswith("__MACOSX")]
    if not shps:
        raise FileProblem("zip_no_shp")
    if len(shps) > 1:
        raise FileProblem("zip_many_shp", files=", ".join(shps[:5]))
    stem = shps[0][:-4]
    members = {n.lower(): n for n in archive.namelist()}
    if f"{stem}.dbf".lower() not in members or f"{stem}.shx".lower() not in members:
        raise FileProblem("shp_incomplete")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                member = members.get(f"{stem}{suffix}".lower())
                if member:
                    (Path(tmp) / f"upload{suffix}").write_bytes(archive.read(member))
            path = Path(tmp) / "upload.shp"
            frame = _read_dbf_text(pyogrio, path)
        except FileProblem:
            raise
        except Exception as exc:  # zip CRC errors, GDAL errors on truncated files, …
            raise FileProblem("shp_broken") from exc
    source_crs = None
    if frame.crs is not None:
        if frame.crs.is_projected:
            frame = frame.to_crs(4326)
        source_crs = frame.crs.name
    geometries = list(frame.geometry)
    properties = frame.drop(columns=frame.geometry.name).to_dict("records")
    table = _features_table(name, "shapefile", properties, geometries, sha)
    table.source_crs = source_crs
    return table


def _read_dbf_text(pyogrio, path: Path):
    """The layer, its text decoded: as the .cpg says; else UTF-8 if the .dbf is valid UTF-8, else
    GB18030 (Chinese shapefiles without a .cpg are usually GBK; GDAL would guess Latin-1)."""
    encodings = [None] if path.with_suffix(".cpg").exists() else []
    try:
        path.with_suffix(".dbf").read_bytes().decode("utf-8")
        encodings += ["UTF-8", "GB18030"]
    except UnicodeDecodeError:
        encodings += ["GB18030", "UTF-8"]
    last = None
    for encoding in [*encodings, "latin1"]:  # latin1 decodes anything: garbled beats unreadable
        try:
            return pyogrio.read_dataframe(path, encoding=encoding)
        except UnicodeDecodeError as exc:  # e.g. a field name cut in the middle of a character
            last = exc
    raise FileProblem("shp_broken") from last


# --- dispatch ------------------------------------------------------------------------------------


def read_upload(name: str, data: bytes, score: Callable[[list[str]], int],
                progress: Callable[[int, int], None] | None = None) -> RawTable:
    """Read an uploaded file, whatever it holds; raises only :class:`FileProblem`. ``progress``
    hears (rows read, rows the sheet says it has or 0) while a workbook is read, every 1,000 rows."""
    if len(data) > MAX_BYTES:
        raise FileProblem("too_large", size_mb=f"{len(data) / 2**20:,.1f}", limit_mb=MAX_FILE_MB)
    if not data.strip():
        raise FileProblem("empty")
    sha = hashlib.sha256(data).hexdigest()
    ext = Path(name).suffix.lower().lstrip(".")
    is_zip = data[:4] == b"PK\x03\x04"
    try:
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise FileProblem("xls_old")  # the pre-2007 binary format (.xls, or one renamed .xlsx)
        if ext == "zip" or (is_zip and _is_shapefile_zip(data)):
            return read_shapefile_zip(name, data, sha)
        if ext == "xlsx" or is_zip:
            if not is_zip:
                raise FileProblem("xlsx_broken")
            return read_xlsx(name, data, score, sha, progress)
        if ext in ("geojson", "json") or data.lstrip()[:1] in (b"{", b"["):
            return read_geojson(name, data, sha)
        if ext in ("csv", "txt", "tsv", ""):
            return read_csv(name, data, score, sha)
        raise FileProblem("unknown_type", extensions=", ".join(f".{e}" for e in EXTENSIONS))
    except FileProblem:
        raise
    except (MemoryError, RecursionError) as exc:
        raise FileProblem("too_complex") from exc
    except Exception as exc:  # the last line of defence: a message, never a traceback
        raise FileProblem("unreadable", detail=type(exc).__name__) from exc


def _is_shapefile_zip(data: bytes) -> bool:
    try:
        return any(n.lower().endswith(".shp") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
