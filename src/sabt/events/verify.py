"""Replay the whole log and check it against the signed checkpoint and the tiles.

Steps, each failing with its own message:
1. the checkpoint is signed by the log's key and names this log;
2. events are numbered 0, 1, 2… with no gap;
3. every event's stored bytes are valid canonical JSON (RFC 8785) of a valid event;
4. every stored leaf hash is SHA-256(0x00 ‖ bytes) of its event;
5. the number of events equals the checkpoint's size;
6. every hash tile recomputed from the leaves equals the tile on disk, and the
   root equals the checkpoint's root;
7. every partial tile left from an earlier size (C2SP keeps them for older
   checkpoints) is a prefix of the current tile at its position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sabt.errors import IntegrityError, InvalidInput, TileMismatch
from sabt.events.event import Event
from sabt.events.journal import Journal
from sabt.ledger import HASH_SIZE, Tile, TileLog, leaf_hash, tiles_for_size


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
                raise IntegrityError(
                    f"The database holds more events than the signed checkpoint covers ({cp.size})."
                )
            yield computed

    try:
        root = journal.tiles.verify(cp.size, leaves())  # 6
    except InvalidInput as e:
        raise IntegrityError(
            f"The checkpoint covers {cp.size} events but the database holds {count}: {e}"
        ) from e
    stored = journal.store.size()
    if count != cp.size or stored != cp.size:  # 5
        raise IntegrityError(
            f"The checkpoint covers {cp.size} events but the database holds {max(count, stored)}."
        )
    if root != cp.root:
        raise IntegrityError(
            f"Root recomputed from the events ({root.hex()}) differs from the checkpoint's ({cp.root.hex()})."
        )
    check_old_partials(journal.tiles, cp.size)  # 7
    return Report(size=count, root=root, types=types)


def check_old_partials(tiles: TileLog, size: int) -> None:
    current = {(t.level, t.index): t for t in tiles_for_size(size)}
    base = tiles.directory
    for file in sorted((base / "tile").rglob("*")):
        if not file.is_file() or file.name.startswith("."):
            continue
        rel = file.relative_to(base).as_posix()
        try:
            tile = Tile.from_path(rel)
        except InvalidInput as e:
            raise IntegrityError(f"{file}: unexpected file among the tiles ({e}).") from e
        now = current.get((tile.level, tile.index))
        if now is None or tile.width > now.width:
            raise TileMismatch(
                f"tile {rel} lies beyond the log's tree of size {size}: forged or from another log."
            )
        if tile == now:
            continue
        if file.read_bytes() != tiles.tile_file(now).read_bytes()[: tile.width * HASH_SIZE]:
            raise TileMismatch(
                f"tile {rel} (kept for an older checkpoint) disagrees with the current tile {now.path}."
            )
