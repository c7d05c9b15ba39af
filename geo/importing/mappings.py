"""Remembered column mappings (issue 12, point 1): a mapping the editor confirmed with an import is
used again for the next file of the same list with the same headers.

One small JSON file beside the store (:func:`mappings_path`)::

    {"version": 1,
     "lists": {"chain": {"<signature>": {"headers": ["序号", "企业名称（全称）", …],
                                         "mapping": {"企业名称(全称)": "name_zh", "序号": "", …},
                                         "saved": "2026-12-01", "user": "editor"}}}}

The signature is the file's non-empty headers, normalised (geo.importing.headers.header_key), in
order; the mapping is keyed by normalised header too, so "企业名称（全称）" and "企业名称(全称)" are the
same. Saving re-reads the file and changes one entry only (never losing the others), and writes a
temporary file that replaces the old one (never half a file). A file that cannot be read is set
aside with a logged warning and treated as empty: a broken file never stops an import. Pure: no
streamlit; the caller says where the file is.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from geo.importing.headers import header_key

LOG = logging.getLogger(__name__)
VERSION = 1
MAX_ENTRIES = 200  # per list: the oldest are dropped
_LOCK = threading.Lock()


def mappings_path(store_file: str | Path) -> Path:
    """The remembered mappings of the store at ``store_file`` (var/qcm.gpkg -> var/qcm.import_mappings.json)."""
    store_file = Path(store_file)
    return store_file.with_name(f"{store_file.stem}.import_mappings.json")


def signature(headers: list) -> str:
    return json.dumps([header_key(h) for h in headers if h is not None and str(h).strip()], ensure_ascii=False)


def _read(path: Path) -> dict:
    """The file's content, or an empty one (missing, unreadable or not ours: logged and set aside)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {"version": VERSION, "lists": {}}
    except OSError as exc:
        LOG.warning("remembered import mappings not readable (%s): %s", path, exc)
        return {"version": VERSION, "lists": {}}
    try:
        content = json.loads(text)
        if not isinstance(content, dict) or not isinstance(content.get("lists"), dict):
            raise ValueError("not a mappings file")
        return content
    except ValueError as exc:
        LOG.warning("remembered import mappings ignored, file is broken (%s): %s", path, exc)
        return {"version": VERSION, "lists": {}, "broken": True}


def load_mapping(path: str | Path, list_key: str, headers: list) -> dict[str, str]:
    """The mapping remembered for these headers of this list (header as the file writes it ->
    field name or "" to ignore), or {}."""
    entry = _read(Path(path))["lists"].get(list_key, {})
    entry = entry.get(signature(headers)) if isinstance(entry, dict) else None
    mapping = entry.get("mapping") if isinstance(entry, dict) else None
    if not isinstance(mapping, dict):
        return {}
    found = {}
    for header in headers:
        if header is None or not str(header).strip():
            continue
        value = mapping.get(header_key(header))
        if isinstance(value, str):
            found[str(header).strip()] = value
    return found


def save_mapping(path: str | Path, list_key: str, headers: list, mapping: dict[str, str], user: str = "",
                 today: dt.date | None = None) -> None:
    """Remember ``mapping`` (header -> field name or "") for these headers of this list; the other
    entries stay as they are."""
    path = Path(path)
    keyed = {header_key(h): v for h, v in mapping.items() if isinstance(v, str)}
    entry = {"headers": [str(h).strip() for h in headers if h is not None and str(h).strip()], "mapping": keyed,
             "saved": (today or dt.date.today()).isoformat(), "user": user}
    with _LOCK:
        content = _read(path)
        if content.pop("broken", False):
            _set_aside(path)
        lists = content.setdefault("lists", {})
        entries = lists.get(list_key) if isinstance(lists.get(list_key), dict) else {}
        entries.pop(signature(headers), None)
        entries[signature(headers)] = entry  # the newest last
        while len(entries) > MAX_ENTRIES:
            entries.pop(next(iter(entries)))
        lists[list_key] = entries
        content["version"] = VERSION
        _write(path, content)


def _set_aside(path: Path) -> None:
    try:
        os.replace(path, path.with_name(f"{path.name}.broken-{dt.datetime.now():%Y%m%d%H%M%S}"))
    except OSError as exc:
        LOG.warning("could not set aside %s: %s", path, exc)


def _write(path: Path, content: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(content, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
