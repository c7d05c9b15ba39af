"""geo/map/prune.py: what the current data does not use is not downloadable (security review, 15)."""

from __future__ import annotations

import dataclasses
import os
import time

import pandas as pd

from geo.filters import ViewState
from geo.map.build import layer_payloads
from geo.map.layers import LayerCache
from geo.map.prune import prune_published
from geo.map.publish import CACHE_URL, Publisher

SCOPE = "test-scope"
IMPORTED = "P-IMPORTED-AND-UNDONE"


def _with_an_import(dataset):
    row = dataset.records.loc[dataset.records["layer"] == "chain"].iloc[[0]].copy()
    row["id"], row["name_zh"], row["name_en"] = IMPORTED, "导入后撤销的项目", "Imported then undone"
    return dataclasses.replace(dataset, records=pd.concat([dataset.records, row], ignore_index=True))


def _publish(dataset, root):
    cache = LayerCache(Publisher(root / SCOPE, f"{CACHE_URL}/{SCOPE}"))
    for lang in ("zh", "en"):
        layer_payloads(dataset, ViewState(lang=lang, basemap="none"), cache=cache)


def _holding(root, text: str) -> list[str]:
    return [p.name for p in (root / SCOPE).iterdir() if text.encode() in p.read_bytes()]


def test_an_undone_import_is_no_longer_downloadable(dataset, tmp_path):
    _publish(_with_an_import(dataset), tmp_path)  # the import, drawn
    assert _holding(tmp_path, IMPORTED)
    time.sleep(0.01)
    removed = prune_published(dataset, SCOPE, tmp_path)  # undone: the data is as before
    assert removed and not _holding(tmp_path, IMPORTED)
    before = sorted(p.name for p in (tmp_path / SCOPE).iterdir())
    _publish(dataset, tmp_path)  # what the current data draws is all still there
    assert sorted(p.name for p in (tmp_path / SCOPE).iterdir()) == before


def test_other_scopes_and_newer_files_are_left_alone(dataset, tmp_path):
    _publish(_with_an_import(dataset), tmp_path)
    other = tmp_path / "another-store"
    other.mkdir()
    (other / "theirs.json").write_text("{}", encoding="utf-8")
    newer = tmp_path / SCOPE / "written-meanwhile.json"
    newer.write_text("{}", encoding="utf-8")
    future = time.time() + 60
    os.utime(newer, (future, future))
    prune_published(dataset, SCOPE, tmp_path)
    assert (other / "theirs.json").is_file() and newer.is_file()
