"""The benchmark's own code at a tiny scale: it runs end to end and writes a well-formed table.
(No timing assertions: the numbers are the benchmark's business, not the tests'.)"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import make_data_dir, synthetic_rows
from geo.data.dataset import load_dataset

ROOT = Path(__file__).resolve().parent.parent


def test_synthetic_data_is_deterministic_valid_and_kept_apart(tmp_path, dataset):
    assert synthetic_rows(50) == synthetic_rows(50)
    data_dir = make_data_dir(50, tmp_path / "syn")
    with_synthetic = load_dataset(data_dir)
    synthetic = with_synthetic.records[with_synthetic.records["source"] == "SYNTHETIC"]
    assert len(synthetic) == 50
    assert set(synthetic["provenance"]) == {"illustrative"}
    assert not (dataset.records["source"] == "SYNTHETIC").any()


@pytest.mark.e2e
def test_quick_benchmark_writes_a_well_formed_table(tmp_path, dataset):
    result = subprocess.run([sys.executable, "bench/run.py", "--quick", "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    (row,) = data["rows"]
    assert row["points"] == len(dataset.records) + 200
    for key in ("first_paint_median_s", "filter_median_s", "empty_median_s", "python_build_s"):
        assert row[key] > 0
    assert row["map_bytes"] > row["component_bytes"] > 0 and row["raw_coordinate_bytes"] > 0
    assert row["naive_first_paint_s"] is None or row["naive_first_paint_s"] > 0
    table = (tmp_path / "bench.md").read_text(encoding="utf-8").splitlines()
    header = next(line for line in table if line.startswith("| scale"))
    body = [line for line in table if line.startswith("| synthetic")]
    assert len(body) == 1 and body[0].count("|") == header.count("|")
