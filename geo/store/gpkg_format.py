"""The little of the OGC GeoPackage standard (1.2) the store needs, written with sqlite3 alone.

Why by hand rather than through GDAL: the store writes inside its own sqlite3 transactions (one
``BEGIN IMMEDIATE`` per import), which GDAL's writer cannot join. What makes a SQLite file a
GeoPackage is small: the ``application_id`` and ``user_version`` pragmas, three metadata tables
(``gpkg_spatial_ref_sys``, ``gpkg_contents``, ``gpkg_geometry_columns``), feature tables with an
integer primary key, and geometries as "GeoPackageBinary" (a short header, then standard WKB).
GDAL, QGIS and pyogrio open the result (tests/test_store.py checks with pyogrio).

No spatial index: GDAL's R-tree triggers call SQL functions (ST_IsEmpty, ST_MinX) that plain
sqlite3 lacks, and a county's few thousand points do not need one.
"""

from __future__ import annotations

import sqlite3
import struct

import shapely

APPLICATION_ID = 0x47504B47  # "GPKG"
# GeoPackage 1.2.0: what the store writes needs nothing newer, and GDAL 3.6 (Debian 12, QGIS 3.22-3.28
# in many offices) warns that 1.4.0 "may only be partially supported" while every GDAL since 2.2 reads
# 1.2 silently (tests/store/test_gdal.py runs ogrinfo on a store).
USER_VERSION = 10200
SRS_ID = 4326

_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],'
    'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],'
    'AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)

_CORE_TABLES = """
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
"""

_SRS_ROWS = (
    ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
    ("WGS 84 geodetic", SRS_ID, "EPSG", 4326, _WGS84_WKT, "longitude/latitude coordinates in decimal degrees"),
)

GEOMETRY_COLUMN = "geom"


def quote(name: str) -> str:
    """An SQL identifier, quoted (names come from our schema, but quoting costs nothing)."""
    return '"' + name.replace('"', '""') + '"'


def initialise(conn: sqlite3.Connection) -> None:
    """Make the open database a GeoPackage (idempotent; call inside the creating transaction)."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    _run_script(conn, _CORE_TABLES)
    conn.executemany("INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", _SRS_ROWS)


def set_version(conn: sqlite3.Connection) -> bool:
    """Write :data:`USER_VERSION` if the file states another GeoPackage version (a store made by an
    earlier release said 1.4.0); True if it changed."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == USER_VERSION:
        return False
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    return True


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the open transaction first; run statement by statement instead.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def create_table(conn: sqlite3.Connection, name: str, columns: list[tuple[str, str]], geometry_type: str | None,
                 description: str = "", unique: str | None = None) -> None:
    """A feature table (``geometry_type`` POINT, GEOMETRY, …) or an attribute table (None), with an
    integer ``fid`` primary key and the given (column, SQL type) pairs, registered in gpkg_contents."""
    cols = ["fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"]
    if geometry_type:
        cols.append(f"{GEOMETRY_COLUMN} {geometry_type}")
    cols += [f"{quote(column)} {sql_type}" for column, sql_type in columns]
    conn.execute(f"CREATE TABLE {quote(name)} ({', '.join(cols)})")
    if unique:
        conn.execute(f"CREATE UNIQUE INDEX {quote(f'uq_{name}_{unique}')} ON {quote(name)} ({quote(unique)})")
    data_type = "features" if geometry_type else "attributes"
    conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
                 "VALUES (?, ?, ?, ?, ?)", (name, data_type, name, description, SRS_ID if geometry_type else None))
    if geometry_type:
        conn.execute("INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)",
                     (name, GEOMETRY_COLUMN, geometry_type, SRS_ID))


def drop_table(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = ?", (name,))
    conn.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (name,))
    conn.execute(f"DROP TABLE IF EXISTS {quote(name)}")


def touch(conn: sqlite3.Connection, name: str, bounds: tuple[float, float, float, float] | None = None) -> None:
    """Record a change of table ``name`` (and its extent, for features) in gpkg_contents."""
    conn.execute("UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                 "WHERE table_name = ?", (name,))
    if bounds is not None:
        conn.execute("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
                     (*bounds, name))


def table_columns(conn: sqlite3.Connection, name: str) -> list[tuple[str, str]]:
    """(column, declared type) of a table, without fid and the geometry column."""
    rows = conn.execute(f"PRAGMA table_info({quote(name)})").fetchall()
    return [(r[1], r[2]) for r in rows if r[1] not in ("fid", GEOMETRY_COLUMN)]


def encode(geometry) -> bytes | None:
    """A shapely geometry as GeoPackageBinary: "GP", version 0, flags, srs_id, envelope, WKB."""
    if geometry is None:
        return None
    empty = geometry.is_empty
    # Points carry no envelope (the spec recommends none: it would repeat the point).
    envelope_kind = 0 if empty or geometry.geom_type == "Point" else 1
    flags = 0b1 | (envelope_kind << 1) | (int(empty) << 4)  # bit 0: little-endian
    header = b"GP" + bytes((0, flags)) + struct.pack("<i", SRS_ID)
    if envelope_kind:
        min_x, min_y, max_x, max_y = geometry.bounds
        header += struct.pack("<dddd", min_x, max_x, min_y, max_y)
    return header + shapely.to_wkb(geometry, byte_order=1, flavor="iso")


_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def decode(blob: bytes | None):
    """GeoPackageBinary (as GDAL or :func:`encode` writes it) to a shapely geometry."""
    if blob is None:
        return None
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if envelope is None:
        raise ValueError("invalid GeoPackage envelope indicator")
    return shapely.from_wkb(blob[8 + envelope:])
