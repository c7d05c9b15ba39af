"""geo.importing.history: "what changed since …" nets out undone changes; the log and batch frames."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.data.tables import table_rows
from geo.i18n import t
from geo.importing.history import batches_frame, log_frame, net_changes, net_changes_frame, since_utc, undoable
from geo.store import ChangeSet, RowChange, open_store


class Clock:
    """Timestamps the test controls: one day per write."""

    def __init__(self):
        self.day = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC)

    def __call__(self) -> str:
        self.day += dt.timedelta(days=1)
        return self.day.isoformat(timespec="milliseconds")


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "qcm.gpkg", clock=Clock())


def _row(store, record_id):
    return next(r for r in table_rows(store.dataset(), "chain") if r["id"] == record_id)


def test_changes_since_a_date(store):
    template = _row(store, "E-CONDUCTIVE")
    new = {**template, "id": "E-NEW", "name_zh": "新企业", "name_en": "New"}
    store.commit(ChangeSet((RowChange("chain", "E-NEW", None, new),), user="zhang"))  # day 3
    cgn = _row(store, "E-CGN")
    store.commit(ChangeSet((RowChange("chain", "E-CGN", cgn, {**cgn, "status": "signed"}),
                            RowChange("chain", "E-RECYCLER", _row(store, "E-RECYCLER"), None)), user="li"))  # day 4
    changes = net_changes(store.images(since_utc(dt.date(2026, 11, 3))))
    assert [(c.kind, c.key) for c in changes] == [("new", "E-NEW"), ("changed", "E-CGN"), ("removed", "E-RECYCLER")]
    assert changes[1].fields == ("status",) and changes[1].users == ("li",)
    later = net_changes(store.images(since_utc(dt.date(2026, 11, 5))))
    assert [(c.kind, c.key) for c in later] == [("changed", "E-CGN"), ("removed", "E-RECYCLER")]
    frame = net_changes_frame(changes, "en")
    assert list(frame[t("history.col.change", "en")]) == ["New", "Changed", "Removed"]


def test_an_undone_import_is_no_change(store):
    cgn = _row(store, "E-CGN")
    batch = store.commit(ChangeSet((RowChange("chain", "E-CGN", cgn, {**cgn, "status": "signed"}),), user="zhang",
                                   kind="import", file_name="a.xlsx"))
    store.undo(batch.id, "li")
    assert net_changes(store.images(since_utc(dt.date(2026, 11, 1)))) == []
    batches = store.batches()
    assert [b.id for b in undoable(batches)] == [batch.id + 1]  # the undo itself can be undone (a redo)
    frame = batches_frame(batches, "zh")
    assert frame.iloc[1][t("history.col.state", "zh")] == t("history.state.undone", "zh", batch=batch.id + 1)
    log = log_frame(store.log(), batches, "en")
    assert set(log[t("history.col.who", "en")]) == {"zhang", "li"}
    assert f"#{batch.id} import a.xlsx" in set(log[t("history.col.batch", "en")])


def test_since_is_the_start_of_the_day_in_china():
    assert since_utc(dt.date(2026, 11, 25)) == "2026-11-24T16:00:00.000+00:00"
