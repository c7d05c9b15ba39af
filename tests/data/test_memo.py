"""geo.data.memo.per_dataset: one computation per (dataset, arguments), never an answer for another
dataset, no old dataset kept alive, and no shared list handed out."""

import gc
import weakref

from geo.data.memo import per_dataset


class _Data:  # a dataset stand-in: only its identity matters
    pass


def test_computed_once_per_dataset_and_arguments():
    calls = []

    @per_dataset(size=4)
    def count(data, state):
        calls.append((id(data), state))
        return [state]

    a, b = _Data(), _Data()
    assert count(a, "x") == ["x"] and count(a, "x") == ["x"]
    assert len(calls) == 1
    count(a, "y"), count(b, "x")
    assert len(calls) == 3
    shared = count(a, "x")
    shared.append("mutated")
    assert count(a, "x") == ["x"] and len(calls) == 3


def test_a_new_dataset_with_a_reused_id_is_computed_afresh_and_none_is_kept_alive():
    @per_dataset()
    def name(data):
        return data.name

    old = _Data()
    old.name = "old"
    assert name(old) == "old"
    gone = weakref.ref(old)
    del old
    gc.collect()
    assert gone() is None  # the memo does not hold it
    for _ in range(50):  # new objects, some at the old one's address: each answered for itself
        new = _Data()
        new.name = "new"
        assert name(new) == "new"
