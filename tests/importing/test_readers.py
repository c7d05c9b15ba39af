"""geo/importing/readers.py limits, as the server enforces them (the files themselves: test_import_files.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from geo.importing.readers import MAX_FILE_MB

ROOT = Path(__file__).resolve().parents[2]


def test_the_servers_upload_limit_is_the_importers():
    """Streamlit's upload endpoint refuses what the importer would refuse anyway (security review,
    point 10; tests/e2e/test_import.py replays an upload over the limit)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_FILE_MB
