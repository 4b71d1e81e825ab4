"""What the append path needs from storage. The SQL adapter is ``sabt.db.eventstore``."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, Protocol

from sabt.events.event import Event

# Called inside the storing transaction for every new event: (transaction handle, seq, event).
Apply = Callable[[Any, int, Event], None]


class EventStore(Protocol):
    def size(self) -> int:
        """How many events are stored (the next event's seq)."""
        ...

    def append(self, entries: Sequence[tuple[bytes, bytes, Event]], apply: Apply) -> int:
        """Durably store ``(canonical bytes, leaf hash, event)`` entries after the
        last one, calling ``apply`` for each inside the same transaction, and
        return the seq of the first. Either all are stored or none."""
        ...

    def leaf_hashes(self, start: int, end: int) -> Iterator[bytes]:
        """Stored leaf hashes for seq in [start, end)."""
        ...

    def read(
        self, start: int = 0, end: int | None = None, types: Collection[str] | None = None
    ) -> Iterator[tuple[int, bytes, bytes]]:
        """``(seq, canonical bytes, stored leaf hash)`` in order; only ``types`` if given."""
        ...
