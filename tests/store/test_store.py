"""geo.store.base: a store, GeoPackage or PostGIS (the contract tests run on both: ``any_store``,
tests/store/conftest.py), is seeded from data/, returns the same Dataset, writes in transactions that
never lose a change (also from two processes at once), and undoes exactly."""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import sqlite3
from pathlib import Path

import pandas.testing as pdt
import psycopg
import pyogrio
import pytest
from geopandas.testing import assert_geodataframe_equal

from geo.data.dataset import DATA_DIR
from geo.data.tables import table_rows
from geo.store import ChangeSet, ConflictError, RowChange, StoreError, open_store, store_path
from geo.store.geopackage import GeoPackageStore
from geo.store.postgis import PostgisStore

FRAMES = ("records", "county", "context", "park", "park_plots")
TABLE_FRAMES = ("townships", "sources", "facts", "investment_targets")


def assert_same_dataset(a, b) -> None:
    for name in FRAMES:
        assert_geodataframe_equal(getattr(a, name), getattr(b, name))
    for name in TABLE_FRAMES:
        pdt.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.meta == b.meta


@pytest.fixture(scope="module")
def bundled(dataset):
    return dataset


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    return open_store(tmp_path / "qcm.gpkg")


def location(store) -> str:
    """Where a store is, for another process to open it."""
    return store.url if isinstance(store, PostgisStore) else str(store.path)


def chain_row(store, record_id: str, **changes) -> dict:
    """A new chain record: a copy of a bundled one with a new id and name."""
    template = next(r for r in table_rows(store.dataset(), "chain") if r["id"] == "E-CONDUCTIVE")
    return {**template, "id": record_id, "name_zh": f"测试企业 {record_id}", "name_en": f"Test {record_id}",
            **changes}


def add(store, record_id: str, user: str = "editor", **changes) -> ChangeSet:
    return ChangeSet((RowChange("chain", record_id, None, chain_row(store, record_id, **changes)),), user=user)


# --- the file --------------------------------------------------------------------------------------


def test_seeded_store_returns_the_bundled_dataset(any_store, bundled):
    assert_same_dataset(any_store.dataset(), bundled)
    assert any_store.revision() == 1
    (seed,) = any_store.batches()
    assert seed.kind == "seed" and seed.added == len(bundled.records) + len(bundled.county) + len(
        bundled.context) + len(bundled.park) + len(bundled.park_plots) + len(bundled.sources) + len(
        bundled.facts) + len(bundled.townships) + len(bundled.investment_targets)


def test_the_store_is_a_geopackage_gdal_opens(store, bundled):
    layers = dict(pyogrio.list_layers(store.path))
    assert layers["chain"] == "Point" and layers["pv_rooftop"] == "Point"
    assert {"park_plots", "county", "investment_targets", "sources", "qcm_edit_log"} <= set(layers)
    rooftop = pyogrio.read_dataframe(store.path, layer="pv_rooftop")
    assert rooftop.crs.to_epsg() == 4326
    expected = bundled.records[bundled.records["layer"] == "pv_rooftop"].reset_index(drop=True)
    assert list(rooftop["id"]) == list(expected["id"])
    assert (rooftop.geometry.x == expected["lon"]).all() and (rooftop.geometry.y == expected["lat"]).all()
    plots = pyogrio.read_dataframe(store.path, layer="park_plots")
    assert plots.geometry.geom_equals(bundled.park_plots.geometry).all()
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_path_follows_the_setting_and_the_seed(tmp_path, monkeypatch):
    monkeypatch.setenv("QCM_STORE_DIR", str(tmp_path))
    assert store_path() == tmp_path / "qcm.gpkg"
    other = store_path(seed_dir=tmp_path / "elsewhere")
    assert other.parent == tmp_path and other.name.startswith("qcm-") and other != store_path()
    monkeypatch.delenv("QCM_STORE_DIR")
    assert store_path() == Path(__file__).resolve().parents[2] / "var" / "qcm.gpkg"


def test_var_is_git_ignored():
    ignored = (Path(__file__).resolve().parents[2] / ".gitignore").read_text(encoding="utf-8").split()
    assert "/var/" in ignored


# --- writes ----------------------------------------------------------------------------------------


def test_commit_adds_changes_removes_and_logs_who_what_and_which_import(any_store):
    first = any_store.commit(ChangeSet((RowChange("chain", "E-NEW-1", None, chain_row(any_store, "E-NEW-1")),),
                                   user="zhang", kind="import", list_key="chain", file_name="企业.xlsx"))
    assert (first.added, first.changed, first.removed, first.revision) == (1, 0, 0, 2)
    before = next(r for r in table_rows(any_store.dataset(), "chain") if r["id"] == "E-CGN")
    second = any_store.commit(ChangeSet((
        RowChange("chain", "E-CGN", before, {**before, "status": "construction", "capacity_mw": 12.5}),
        RowChange("chain", "E-NEW-1", chain_row(any_store, "E-NEW-1"), None),
    ), user="li", kind="edit", list_key="chain"))
    assert (second.added, second.changed, second.removed, second.revision) == (0, 1, 1, 3)
    records = any_store.dataset().records.set_index("id")
    assert "E-NEW-1" not in records.index
    assert records.loc["E-CGN", "status"] == "construction" and records.loc["E-CGN", "capacity_mw"] == 12.5
    log = any_store.log()
    changed = {(e.field, e.old, e.new) for e in log if e.batch_id == second.id and e.key == "E-CGN"}
    assert changed == {("status", "operating", "construction"), ("capacity_mw", "", "12.5")}
    added = [e for e in log if e.batch_id == first.id]
    assert {e.user for e in added} == {"zhang"} and {e.action for e in added} == {"add"}
    assert ("name_zh", "", "测试企业 E-NEW-1") in {(e.field, e.old, e.new) for e in added}
    assert [b.file_name for b in any_store.batches()] == ["", "企业.xlsx", ""]


def test_a_stale_change_is_refused_and_nothing_is_written(any_store):
    before = next(r for r in table_rows(any_store.dataset(), "chain") if r["id"] == "E-CGN")
    any_store.commit(ChangeSet((RowChange("chain", "E-CGN", before, {**before, "status": "signed"}),), user="a"))
    snapshot, revision = any_store.dataset(), any_store.revision()
    stale = ChangeSet((RowChange("chain", "E-CGN", before, {**before, "status": "lead"}),
                       RowChange("chain", "E-NEW-2", None, chain_row(any_store, "E-NEW-2"))), user="b")
    with pytest.raises(ConflictError) as caught:
        any_store.commit(stale)
    assert caught.value.conflicts == (("chain", "E-CGN"),)
    assert any_store.revision() == revision
    assert_same_dataset(any_store.dataset(), snapshot)


@pytest.mark.parametrize("change", ["unknown_source", "bad_lon", "wrong_key", "not_editable"])
def test_an_invalid_change_is_refused_and_nothing_is_written(any_store, change):
    snapshot, revision = any_store.dataset(), any_store.revision()
    row = chain_row(any_store, "E-BAD")
    rows = {"unknown_source": ("chain", "E-BAD", {**row, "source": "NO-SUCH-SOURCE"}),
            "bad_lon": ("chain", "E-BAD", {**row, "lon": 120.0}),
            "wrong_key": ("chain", "E-OTHER", row),
            "not_editable": ("county", "371423", {"id": "371423"})}
    table, key, after = rows[change]
    with pytest.raises((StoreError, ValueError)):
        any_store.commit(ChangeSet((RowChange(table, key, None, after),), user="x"))
    assert any_store.revision() == revision
    assert_same_dataset(any_store.dataset(), snapshot)
    assert len(any_store.batches()) == 1


def test_polygon_rows_round_trip_through_a_commit(any_store):
    """A park plot read from the Dataset is the row the store holds (geometry included), so changing
    it is no conflict, and undoing the change restores the exact geometry."""
    original = any_store.dataset()
    plot = table_rows(original, "park_plots")[0]
    moved = {**plot, "name_zh": "地块（改）", "geometry": plot["geometry"].buffer(-0.0005)}
    batch = any_store.commit(ChangeSet((RowChange("park_plots", plot["id"], plot, moved),), user="zhang"))
    changed = {e.field for e in any_store.log() if e.batch_id == batch.id}
    assert changed == {"name_zh", "geometry"}
    any_store.undo(batch.id, "zhang")
    assert_same_dataset(any_store.dataset(), original)


# --- undo ------------------------------------------------------------------------------------------


def test_undo_restores_the_previous_state_exactly(any_store):
    original, revision = any_store.dataset(), any_store.revision()
    rows = table_rows(original, "chain")
    cgn, yutuo = (next(r for r in rows if r["id"] == i) for i in ("E-CGN", "E-YUTUO"))
    source = {**dict.fromkeys(original.sources.columns, ""),  # every column of sources.csv
              "id": "IMPORT-TEST", "kind": "import", "publisher": "zhang", "title": "测试", "date": "2026-11-25"}
    batch = any_store.commit(ChangeSet((
        RowChange("sources", "IMPORT-TEST", None, source),
        RowChange("chain", "E-CGN", cgn, {**cgn, "name_zh": "改名", "source": "IMPORT-TEST"}),
        RowChange("chain", "E-YUTUO", yutuo, None),  # removed (a replace-mode import)
        RowChange("chain", "E-NEW-3", None, chain_row(any_store, "E-NEW-3", source="IMPORT-TEST")),
    ), user="zhang", kind="import"))
    assert any_store.dataset().records["id"].tolist() != original.records["id"].tolist()
    undo = any_store.undo(batch.id, user="li")
    assert (undo.kind, undo.undoes, undo.revision) == ("undo", batch.id, revision + 2)
    assert_same_dataset(any_store.dataset(), original)  # order included: E-YUTUO is back in its place
    assert next(b for b in any_store.batches() if b.id == batch.id).undone_by == undo.id
    with pytest.raises(StoreError, match="already undone"):
        any_store.undo(batch.id, user="li")


def test_undo_refuses_when_a_later_change_touched_the_same_record(any_store):
    batch = any_store.commit(add(any_store, "E-NEW-4"))
    row = next(r for r in table_rows(any_store.dataset(), "chain") if r["id"] == "E-NEW-4")
    any_store.commit(ChangeSet((RowChange("chain", "E-NEW-4", row, {**row, "status": "signed"}),), user="b"))
    snapshot = any_store.dataset()
    with pytest.raises(ConflictError):
        any_store.undo(batch.id, user="c")
    assert_same_dataset(any_store.dataset(), snapshot)
    with pytest.raises(StoreError, match="seed"):
        any_store.undo(1, user="c")


# --- seeding ---------------------------------------------------------------------------------------


def _seed_copy(tmp_path) -> Path:
    seed = tmp_path / "seed"
    shutil.copytree(DATA_DIR, seed, ignore=shutil.ignore_patterns("raw", "curated"))
    return seed


def _rename_first_wind_farm(seed: Path, old: str, new: str) -> None:
    path = seed / "wind_farms.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_seed_reseeds_an_unedited_store_but_never_overwrites_edits(tmp_path, any_location):
    seed = _seed_copy(tmp_path)
    store = open_store(any_location, seed)
    _rename_first_wind_farm(seed, "中广核风电场 50 MW（2017年投运）", "改过的风电场")
    store = open_store(any_location, seed)
    assert not store.seed_outdated and store.revision() == 2
    assert "改过的风电场" in set(store.dataset().records["name_zh"])
    store.commit(add(store, "E-KEEP"))
    _rename_first_wind_farm(seed, "改过的风电场", "又改过的风电场")
    store = open_store(any_location, seed)
    assert store.seed_outdated
    assert "E-KEEP" in set(store.dataset().records["id"])
    assert "又改过的风电场" not in set(store.dataset().records["name_zh"])


def test_a_field_added_to_the_schema_later_becomes_an_empty_column(any_location, bundled):
    """A store made before a field existed (here: before credit_code) is migrated when opened."""
    store = open_store(any_location)
    connect = psycopg.connect if isinstance(store, PostgisStore) else sqlite3.connect
    with contextlib.closing(connect(any_location)) as conn:
        conn.execute("ALTER TABLE chain DROP COLUMN credit_code")
        conn.commit()
    store = open_store(any_location)
    assert_same_dataset(store.dataset(), bundled)
    with contextlib.closing(connect(any_location)) as conn:
        assert conn.execute("SELECT count(*) FROM chain WHERE credit_code IS NULL").fetchone()[0] == len(
            bundled.records[bundled.records["layer"] == "chain"])
    if not isinstance(store, PostgisStore):
        assert pyogrio.read_dataframe(any_location, layer="chain")["credit_code"].isna().all()


# --- two processes at once -------------------------------------------------------------------------

COMMITS_PER_PROCESS = 12


def _import_many(where: str, user: str, barrier, results) -> None:
    """One 'browser session': read the data once, then import records one by one, as fast as it can."""
    store = open_store(where)
    template = next(r for r in table_rows(store.dataset(), "chain") if r["id"] == "E-CONDUCTIVE")
    barrier.wait()
    for n in range(COMMITS_PER_PROCESS):
        record_id = f"E-{user.upper()}-{n}"
        row = {**template, "id": record_id, "name_zh": record_id, "name_en": record_id}
        batch = store.commit(ChangeSet((RowChange("chain", record_id, None, row),), user=user, kind="import",
                                       file_name=f"{user}.xlsx"))
        results.put((user, batch.revision))


def _change_one(where: str, user: str, status: str, barrier, results) -> None:
    store = open_store(where)
    before = next(r for r in table_rows(store.dataset(), "chain") if r["id"] == "E-CGN")
    barrier.wait()
    try:
        store.commit(ChangeSet((RowChange("chain", "E-CGN", before, {**before, "status": status}),), user=user))
        results.put((user, "ok"))
    except ConflictError:
        results.put((user, "conflict"))


def _run(target, args_per_process) -> list:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(args_per_process)), context.Queue()
    processes = [context.Process(target=target, args=(*args, barrier, results)) for args in args_per_process]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=120)
        assert p.exitcode == 0
    return [results.get(timeout=5) for _ in range(results.qsize())]


def test_two_processes_importing_at_once_both_land(any_store):
    base = any_store.revision()
    results = _run(_import_many, [(location(any_store), "alice"), (location(any_store), "bob")])
    assert len(results) == 2 * COMMITS_PER_PROCESS
    revisions = sorted(revision for _, revision in results)
    assert revisions == list(range(base + 1, base + 1 + 2 * COMMITS_PER_PROCESS))  # every write its own revision
    ids = set(any_store.dataset().records["id"])
    for user in ("ALICE", "BOB"):
        assert {f"E-{user}-{n}" for n in range(COMMITS_PER_PROCESS)} <= ids
    imports = [b for b in any_store.batches() if b.kind == "import"]
    assert sorted(b.user for b in imports) == ["alice"] * COMMITS_PER_PROCESS + ["bob"] * COMMITS_PER_PROCESS
    assert {e.user for e in any_store.log() if e.action == "add"} == {"alice", "bob"}
    if isinstance(any_store, GeoPackageStore):
        with sqlite3.connect(any_store.path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_processes_changing_one_record_at_once_lose_nothing(any_store):
    results = dict(_run(_change_one, [(location(any_store), "alice", "signed"),
                                      (location(any_store), "bob", "construction")]))
    assert sorted(results.values()) == ["conflict", "ok"]
    winner = next(user for user, outcome in results.items() if outcome == "ok")
    status = any_store.dataset().records.set_index("id").loc["E-CGN", "status"]
    assert status == {"alice": "signed", "bob": "construction"}[winner]
    assert [e.user for e in any_store.log() if e.key == "E-CGN"] == [winner]


def _open(where: str, seed: str, barrier, results) -> None:
    barrier.wait()
    store = open_store(where, Path(seed))
    results.put(store.revision())


def test_two_processes_seeding_a_new_store_at_once_seed_it_once(tmp_path, any_location):
    if not any_location.startswith("postgresql://"):
        any_location = str(tmp_path / "new" / "qcm.gpkg")  # the folder is made too
    revisions = _run(_open, [(any_location, str(DATA_DIR))] * 2)
    assert revisions == [1, 1]
    assert [b.kind for b in open_store(any_location).batches()] == ["seed"]


# --- what QGIS reads -------------------------------------------------------------------------------


def test_the_postgis_tables_are_layers_with_type_srid_key_and_spatial_index(postgres_server):
    """QGIS's PostGIS connection lists a table from geometry_columns, with the column's type and
    SRID, and needs a primary key to edit it."""
    url = postgres_server()
    open_store(url)
    with psycopg.connect(url) as conn:
        columns = {table: (kind, srid) for table, kind, srid in conn.execute(
            "SELECT f_table_name, type, srid FROM geometry_columns WHERE f_geometry_column = 'geom'")}
        indexed = {t for (t,) in conn.execute("SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")}
        keyed = {t for (t,) in conn.execute(
            "SELECT c.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'p'")}
    points = {layer: ("POINT", 4326) for layer in ("chain", "pv_rooftop", "pv_utility", "wind_farm")}
    outlines = {name: ("POLYGON", 4326) for name in ("county", "context", "park")}
    assert columns == {**points, **outlines, "park_plots": ("GEOMETRY", 4326)}
    assert set(columns) <= indexed
    assert set(columns) | {"investment_targets", "sources", "qcm_batches", "qcm_edit_log"} <= keyed
