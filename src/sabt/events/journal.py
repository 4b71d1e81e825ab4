"""The append path: store events and extend the public log in one step.

Order of operations, and why it survives a crash at any point:

1. Events are stored, with their leaf hashes, in one database transaction that
   also updates the projections (``apply``). Its commit is the durability point:
   an append is reported done only after it.
2. Under a file lock, the hash tiles are extended from the size of the last
   signed checkpoint up to the number of stored events, and a new checkpoint is
   signed and renamed into place (C2SP tlog-tiles, tlog-checkpoint).

A crash between 1 and 2 leaves tiles or checkpoint behind the events; the next
append or open (``publish``) catches up, and re-extending from the checkpoint's
size rewrites identical tiles. A checkpoint *ahead* of the stored events means
events were lost or the database was replaced: that is an integrity error, never
silently repaired.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sabt.errors import IntegrityError, MalformedNote
from sabt.events.event import Event, Stored
from sabt.events.store import Apply, EventStore
from sabt.events.types import check
from sabt.ledger import (
    EMPTY_ROOT,
    Checkpoint,
    Signer,
    TileLog,
    Verifier,
    leaf_hash,
    open_note,
    sign_note,
)

CHECKPOINT = "checkpoint"


def _noop(tx: object, seq: int, event: Event) -> None:
    return None


class Journal:
    def __init__(
        self, store: EventStore, log_dir: Path, origin: str, signer: Signer, verifier: Verifier
    ) -> None:
        self.store = store
        self.log_dir = log_dir
        self.origin = origin
        self.signer = signer
        self.verifier = verifier
        self.tiles = TileLog(log_dir)
        self._lock = threading.Lock()

    # -- checkpoint -----------------------------------------------------------------
    @property
    def checkpoint_path(self) -> Path:
        return self.log_dir / CHECKPOINT

    def checkpoint(self) -> Checkpoint:
        """The current signed checkpoint, verified against the log's key."""
        try:
            text = self.checkpoint_path.read_bytes().decode("utf-8")
        except FileNotFoundError as e:
            raise IntegrityError(f"{self.checkpoint_path}: the log's checkpoint is missing.") from e
        except UnicodeDecodeError as e:
            raise MalformedNote(
                f"{self.checkpoint_path}: the checkpoint is not UTF-8 text ({e})."
            ) from e
        note = open_note(text, [self.verifier])
        cp = Checkpoint.from_text(note.text)
        if cp.origin != self.origin:
            raise IntegrityError(
                f"{self.checkpoint_path}: checkpoint is for log {cp.origin!r}, expected {self.origin!r}."
            )
        return cp

    def _write_checkpoint(self, size: int, root: bytes) -> None:
        text = sign_note(Checkpoint(self.origin, size, root).to_text(), [self.signer])
        tmp = self.checkpoint_path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.checkpoint_path)

    def start(self) -> None:
        """Write the checkpoint of the empty log (at ``sabt init``)."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._write_checkpoint(0, EMPTY_ROOT)

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_dir / ".lock", "a+") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)

    # -- publishing -----------------------------------------------------------------
    def publish(self, known: tuple[int, Sequence[bytes]] | None = None) -> Checkpoint:
        """Bring tiles and checkpoint up to the stored events (crash recovery too).

        ``known`` = (first seq, leaf hashes) just stored by this process: when
        they are exactly what the tiles lack, they need not be read back."""
        with self._file_lock():
            cp = self.checkpoint()
            size = self.store.size()
            if cp.size > size:
                raise IntegrityError(
                    f"The signed checkpoint covers {cp.size} events but the database holds {size}: "
                    "events were lost or the database was replaced. Restore it from a backup."
                )
            if cp.size == size:
                return cp
            if known is not None and known[0] == cp.size and known[0] + len(known[1]) == size:
                leaves = list(known[1])
            else:
                leaves = list(self.store.leaf_hashes(cp.size, size))
            root = self.tiles.extend(cp.size, leaves)
            self._write_checkpoint(size, root)
            return Checkpoint(self.origin, size, root)

    # -- appending ------------------------------------------------------------------
    def append(self, events: Sequence[Event], apply: Apply = _noop) -> list[Stored]:
        """Store ``events`` (all or none), then publish. Returns them with seq and hash."""
        if not events:
            return []
        entries = []
        for event in events:
            check(event.type, event.body)
            data = event.canonical()
            entries.append((data, leaf_hash(data), event))
        with self._lock:
            first = self.store.append(entries, apply)
        self.publish(known=(first, [leaf for _, leaf, _ in entries]))
        return [Stored(first + i, leaf, event) for i, (_, leaf, event) in enumerate(entries)]
