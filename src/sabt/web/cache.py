"""Page data cached until an event changes what the pages show.

Every change to a case is an event, and the projections change only when an
event is stored, so anything computed from them stays valid until the next
event. Most events change content (a record, a claim, an account); a few only
record that something was read or done — a sensitive field revealed, records
exported, the log verified — and change nothing a cached page shows
(``READ_ONLY_EVENTS``). The cache is keyed by the case's *version*: the number
of events up to the last one that is not read-only. A reveal therefore keeps
every entry, and a record edit makes every entry stale at once, with no
per-entry invalidation to forget. An event type not listed counts as a change,
so a new type can make the cache miss, never serve stale pages.

A page that shows the log itself (the dashboard's recent events) is keyed by
the log's size instead (``every_event=True``). Each worker process has its own
cache and reads the log's size from the database on every request (one index
read), and the version only when the size changed, so an event stored by
another worker is seen at once. Only data that is the same for every reader may
be cached (pages never decrypt, so record views qualify; the session, CSRF
token and user name are added at render time).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool

from sabt.db.eventstore import events, size_on

T = TypeVar("T")
MAX_ENTRIES = 2048

# Events that record a reading or an action and change no cached page.
READ_ONLY_EVENTS = frozenset(
    {"sensitive.read", "record.revealed", "records.exported", "ledger.verified"}
)


def _last_change(case: Any, start: int, end: int) -> int | None:
    """The seq of the last event in [start, end) that is not read-only, if any."""
    with case.engine.connect() as conn:
        return conn.execute(  # type: ignore[no-any-return]
            sa.select(events.c.seq)
            .where(events.c.seq >= start, events.c.seq < end)
            .where(events.c.type.not_in(sorted(READ_ONLY_EVENTS)))
            .order_by(events.c.seq.desc())
            .limit(1)
        ).scalar()


class PageCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._seen = (0, 0)  # (log size, version) found last

    @staticmethod
    def log_size(case: Any) -> int:
        return int(case.size())

    def version(self, case: Any, size: int) -> int:
        """The case's version when its log has ``size`` events."""
        with self._lock:
            seen_size, seen_version = self._seen
        if size <= seen_size:
            # Equal: nothing new. Smaller: a request that read the size before
            # another did; data computed now is at least as new as that version.
            return seen_version
        last = _last_change(case, seen_size, size)
        version = seen_version if last is None else last + 1
        with self._lock:
            if size > self._seen[0]:
                self._seen = (size, version)
        return version

    def get(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return True, self._data[key]
        return False, None

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


def note_log_size(request: Any, conn: sa.Connection) -> None:
    """Read the log's size for this request on a connection it already holds
    (the session check's), saving a connection per request."""
    if getattr(request.state, "log_size", None) is None:
        request.state.log_size = size_on(conn)


def _full_key(request: Any, key: Hashable, every_event: bool) -> Hashable:
    cache: PageCache = request.app.state.cache
    case = request.app.state.case
    size = getattr(request.state, "log_size", None)
    if size is None:  # once per request: every lookup in it sees the same log
        size = request.state.log_size = cache.log_size(case)
    if every_event:
        return ("log", size, key)
    return ("version", cache.version(case, size), key)


def memo(request: Any, key: Hashable, compute: Callable[[], T], *, every_event: bool = False) -> T:
    """``compute()``, or its result from an earlier request at the same version."""
    full = _full_key(request, key, every_event)
    found, value = request.app.state.cache.get(full)
    if not found:
        value = compute()
        request.app.state.cache.put(full, value)
    return value  # type: ignore[no-any-return]


async def cached(
    request: Any, key: Hashable, compute: Callable[[], T], *, every_event: bool = False
) -> T:
    """``memo`` for ``async`` pages: a hit is served on the event loop, a miss is
    computed in the thread pool, so a page's queries never hold up other requests."""
    full = _full_key(request, key, every_event)
    found, value = request.app.state.cache.get(full)
    if not found:
        value = await run_in_threadpool(compute)
        request.app.state.cache.put(full, value)
    return value  # type: ignore[no-any-return]
