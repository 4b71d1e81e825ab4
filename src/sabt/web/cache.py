"""Page data cached by the log's size.

Every change to a case is an event, and the projections change only when an
event is stored, so anything computed from the projections is valid for as long
as the log has the same number of events. ``memo`` keeps such results keyed by
(log size, key); a new event makes every entry stale at once, with no
invalidation to forget. Only data that is the same for every reader may be
cached here (pages never decrypt, so record views qualify; the session,
CSRF token and user name are added at render time).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 2048


class SizeCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[tuple[int, Hashable], Any] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def log_size(case: Any) -> int:
        return int(case.size())

    def memo(
        self, case: Any, key: Hashable, compute: Callable[[], T], size: int | None = None
    ) -> T:
        full = (self.log_size(case) if size is None else size, key)
        with self._lock:
            if full in self._data:
                self._data.move_to_end(full)
                return self._data[full]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._data[full] = value
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)
        return value


def memo(request: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its result from an earlier request at the same log size."""
    cache: SizeCache = request.app.state.cache
    size = getattr(request.state, "log_size", None)
    if size is None:  # once per request: every lookup in it sees the same log
        size = request.state.log_size = cache.log_size(request.app.state.case)
    return cache.memo(request.app.state.case, key, compute, size)
