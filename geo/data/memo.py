"""Per-dataset memos: what a page run derives from the (immutable, shared) dataset and a view state,
computed once per (dataset, arguments) instead of on every rerun of every session.

A filter change reruns the whole page; most of what it recomputes depends only on the dataset and the
view state (the headline figures, the legend's counts), and many sessions look at the same few views.
Each entry keeps a weak reference to the dataset it was computed from and answers only for that very
object, so an id() reused by a later dataset can never return an old answer, and the memo never
keeps an old dataset alive (a new store revision is a new dataset, hence new entries). Values must
be immutable (frozen dataclasses); a list comes back as a new list each call, so a caller that
appends to it changes nothing shared.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def per_dataset(size: int = 64) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Memo ``fn(dataset, *args)`` by the dataset's identity and the (hashable) other arguments,
    keeping the ``size`` most recently used entries."""

    def decorate(fn: Callable[..., T]) -> Callable[..., T]:
        entries: OrderedDict = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def memo(dataset, *args):
            key = (id(dataset), *args)
            with lock:
                entry = entries.get(key)
                if entry is not None and entry[0]() is dataset:
                    entries.move_to_end(key)
                    value = entry[1]
                else:
                    entry = None
            if entry is None:
                value = fn(dataset, *args)
                with lock:
                    entries[key] = (weakref.ref(dataset), value)
                    while len(entries) > size:
                        entries.popitem(last=False)
            return list(value) if isinstance(value, list) else value

        return memo

    return decorate
