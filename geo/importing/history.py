"""The edit history as people ask about it: "what is new, changed or removed since …?" (the question
of every chain meeting), and the edit log (who, when, which record, old -> new, which import).

Pure functions over what :class:`geo.store.base.Store` returns; times are stored in UTC and shown in the
county's time zone (China Standard Time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd

from geo.data.tables import same_row
from geo.i18n import TEXT, t
from geo.importing.templates import field_label
from geo.store import Batch, LogEntry, RowImage

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
NET_KINDS: tuple[str, ...] = ("new", "changed", "removed")


def since_utc(day: dt.date, tz: dt.tzinfo = LOCAL_TZ) -> str:
    """The start of ``day`` in the county's time, as the store's UTC timestamps write it."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return start.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def local_time(at: str, tz: dt.tzinfo = LOCAL_TZ) -> str:
    return dt.datetime.fromisoformat(at).astimezone(tz).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class NetChange:
    table: str
    key: str
    kind: str  # new | changed | removed
    name: str
    fields: tuple[str, ...]  # changed fields (kind "changed")
    last_at: str
    users: tuple[str, ...]
    batches: tuple[int, ...]


def _name(row: dict | None) -> str:
    row = row or {}
    return str(row.get("name_zh") or row.get("target_name_zh") or row.get("title") or "")


def net_changes(images: list[RowImage], tables: tuple[str, ...] | None = None) -> list[NetChange]:
    """What differs between the state before the first of ``images`` and now, record by record:
    a record added and removed again, or changed and changed back (an undo), is no change."""
    first: dict[tuple[str, str], RowImage] = {}
    last: dict[tuple[str, str], RowImage] = {}
    users: dict[tuple[str, str], list[str]] = {}
    batches: dict[tuple[str, str], list[int]] = {}
    for image in images:
        if tables is not None and image.table not in tables:
            continue
        key = (image.table, image.key)
        first.setdefault(key, image)
        last[key] = image
        users.setdefault(key, [])
        if image.user not in users[key]:
            users[key].append(image.user)
        batches.setdefault(key, []).append(image.batch_id)
    out = []
    for key, start_image in first.items():
        start, end = start_image.before, last[key].after
        if start is None and end is None:
            continue
        if start is None:
            kind, fields = "new", ()
        elif end is None:
            kind, fields = "removed", ()
        elif same_row(start, end):
            continue
        else:
            kind = "changed"
            fields = tuple(f for f in dict.fromkeys([*start, *end])
                           if not same_row({f: start.get(f)}, {f: end.get(f)}))
        out.append(NetChange(key[0], key[1], kind, _name(end or start), fields, last[key].at, tuple(users[key]),
                             tuple(dict.fromkeys(batches[key]))))
    return sorted(out, key=lambda c: (NET_KINDS.index(c.kind), c.table, c.key))


def list_label(table: str, lang: str) -> str:
    key = f"import.list.{table}"
    return t(key, lang) if key in TEXT else table


def net_changes_frame(changes: list[NetChange], lang: str) -> pd.DataFrame:
    columns = [t(f"history.col.{c}", lang) for c in ("change", "list", "id", "name", "fields", "when", "who")]
    rows = [[t(f"history.kind.{c.kind}", lang), list_label(c.table, lang), c.key, c.name,
             ("、" if lang == "zh" else ", ").join(field_label(c.table, f, lang) for f in c.fields),
             local_time(c.last_at), ", ".join(c.users)] for c in changes]
    return pd.DataFrame(rows, columns=columns)


def batch_label(batch: Batch, lang: str) -> str:
    """'#12 导入 企业.xlsx' / '#12 import 企业.xlsx'."""
    what = t(f"history.batch.{batch.kind}", lang)
    detail = batch.file_name or (f"#{batch.undoes}" if batch.undoes else "")
    return f"#{batch.id} {what} {detail}".strip()


def log_frame(entries: list[LogEntry], batches: list[Batch], lang: str) -> pd.DataFrame:
    by_id = {b.id: b for b in batches}
    columns = [t(f"history.col.{c}", lang) for c in ("when", "who", "batch", "list", "id", "action", "field",
                                                    "old", "new")]
    rows = [[local_time(e.at), e.user, batch_label(by_id[e.batch_id], lang) if e.batch_id in by_id else e.batch_id,
             list_label(e.table, lang), e.key, t(f"history.action.{e.action}", lang),
             field_label(e.table, e.field, lang), e.old, e.new] for e in entries]
    return pd.DataFrame(rows, columns=columns)


def batches_frame(batches: list[Batch], lang: str) -> pd.DataFrame:
    columns = [t(f"history.col.{c}", lang) for c in ("batch", "when", "who", "list", "added", "changed", "removed",
                                                    "state")]
    rows = []
    for b in reversed(batches):
        state = (t("history.state.undone", lang, batch=b.undone_by) if b.undone_by else "")
        rows.append([batch_label(b, lang), local_time(b.at), b.user, list_label(b.list_key, lang) if b.list_key else "",
                     b.added, b.changed, b.removed, state])
    return pd.DataFrame(rows, columns=columns)


def undoable(batches: list[Batch]) -> list[Batch]:
    """Imports and edits not undone yet, newest first."""
    return [b for b in reversed(batches) if b.kind in ("import", "edit", "undo") and b.undone_by is None]
