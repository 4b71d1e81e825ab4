"""Replay the whole log and check it against the signed checkpoint and the tiles.

Steps, each failing with its own message:
1. the checkpoint is signed by the log's key and names this log;
2. events are numbered 0, 1, 2… with no gap;
3. every event's stored bytes are valid canonical JSON (RFC 8785) of a valid event;
4. every stored leaf hash is SHA-256(0x00 ‖ bytes) of its event;
5. the number of events equals the checkpoint's size;
6. every hash tile recomputed from the leaves equals the tile on disk, and the
   root equals the checkpoint's root.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sabt.errors import IntegrityError, InvalidInput
from sabt.events.event import Event
from sabt.events.journal import Journal
from sabt.ledger import leaf_hash


@dataclass(frozen=True)
class Report:
    size: int
    root: bytes
    types: dict[str, int]


def verify(journal: Journal, progress: Callable[[int], None] | None = None) -> Report:
    cp = journal.checkpoint()  # 1
    types: dict[str, int] = {}
    count = 0

    def leaves() -> Iterator[bytes]:
        nonlocal count
        for seq, data, stored_hash in journal.store.read(0, None):
            if seq != count:  # 2
                raise IntegrityError(f"Event numbering broken: expected seq {count}, found {seq}.")
            try:
                event = Event.from_bytes(data)  # 3
            except InvalidInput as e:
                raise IntegrityError(f"Event {seq}: {e}") from e
            computed = leaf_hash(data)
            if computed != stored_hash:  # 4
                raise IntegrityError(
                    f"Event {seq} ({event.type}): stored leaf hash {stored_hash.hex()} does not match its bytes ({computed.hex()})."
                )
            types[event.type] = types.get(event.type, 0) + 1
            count += 1
            if progress is not None:
                progress(count)
            if count > cp.size:  # 5 (early)
                raise IntegrityError(f"The database holds more events than the signed checkpoint covers ({cp.size}).")
            yield computed

    root = journal.tiles.verify(cp.size, leaves())  # 6
    stored = journal.store.size()
    if count != cp.size or stored != cp.size:  # 5
        raise IntegrityError(f"The checkpoint covers {cp.size} events but the database holds {max(count, stored)}.")
    if root != cp.root:
        raise IntegrityError(f"Root recomputed from the events ({root.hex()}) differs from the checkpoint's ({cp.root.hex()}).")
    return Report(size=count, root=root, types=types)
