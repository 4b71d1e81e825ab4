"""Intake: files, directories and standard input into the blob store, with their
type and metadata, as the bodies of ``evidence.added`` events.

One input at a time: the bytes stream once through the blob store (hash and
encryption in one pass, bounded memory); the type is sniffed from the first
bytes that went by; metadata is read back from the original file (or, for
standard input, from the stored blob). A file that is empty, unreadable or
corrupt becomes a ``Failure`` naming it, and the batch goes on.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sabt.errors import InvalidInput
from sabt.vault import textseal
from sabt.vault.blobstore import FsBlobStore, Stored
from sabt.vault.metadata import CorruptFile, outcome
from sabt.vault.sniff import HEAD, sniff

# Standard input is read back from the store for metadata only up to this size,
# because the read-back must stay in memory (never as plaintext on disk).
STDIN_METADATA_LIMIT = 256 << 20


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input (``path`` is None)."""

    name: str
    path: Path | None
    size: int | None

    def open(self) -> BinaryIO:
        if self.path is None:
            return sys.stdin.buffer
        return open(self.path, "rb")


@dataclass
class Intake:
    """A stored input, ready to become an event."""

    source: Source
    stored: Stored
    media_type: str
    metadata: dict[str, Any] = field(default_factory=dict)
    # The key its text was sealed with (``textseal.key_for``): if the blob
    # turns out to be another writer's copy (``FsBlobStore.replaced``), the
    # text is sealed again under that copy's key before its event is appended.
    text_key: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Failure:
    name: str
    problem: str


def shown(name: str) -> str:
    """A file name or path as text. A name that is not UTF-8 (Persian written in
    cp1256 by an old Windows tool, in a ZIP archive, say) reaches Python with
    its undecodable bytes as lone surrogates, which no JSON, log or terminal
    takes: they are written ``\\xNN`` here, and the exact bytes are kept
    beside the name (``describe``)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(name)
        except UnicodeEncodeError:  # a surrogate no byte decoded to: not from the OS
            raw = name.encode("utf-8", "surrogatepass")
        return raw.decode("utf-8", "backslashreplace")
    return name


def expand(paths: list[str]) -> tuple[list[Source], list[Failure]]:
    """Every file named or found (recursively, sorted) under ``paths``; ``-`` is stdin."""
    sources: list[Source] = []
    failures: list[Failure] = []
    for given in paths:
        if given == "-":
            sources.append(Source("-", None, None))
            continue
        path = Path(given).expanduser().absolute()
        if path.is_dir():
            for root, dirs, files in os.walk(
                path, onerror=lambda e: failures.append(_walk_failure(e))
            ):
                dirs.sort()
                for name in sorted(files):
                    _add_file(Path(root) / name, sources, failures)
        elif path.exists():
            _add_file(path, sources, failures)
        else:
            failures.append(Failure(shown(given), "no such file or directory"))
    return sources, failures


def _walk_failure(e: OSError) -> Failure:
    return Failure(shown(str(e.filename)), f"cannot list directory ({e.strerror})")


def _add_file(path: Path, sources: list[Source], failures: list[Failure]) -> None:
    try:
        st = path.stat()
    except OSError as e:
        failures.append(Failure(shown(str(path)), f"cannot read ({e.strerror})"))
        return
    if not path.is_file():
        failures.append(Failure(shown(str(path)), "not a regular file"))
        return
    sources.append(Source(shown(str(path)), path, st.st_size))


class HeadTee(io.RawIOBase):
    """A reader that keeps a copy of the first ``HEAD`` bytes read through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.head = bytearray()

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = self.raw.readinto(b)  # type: ignore[attr-defined]
        if n and len(self.head) < HEAD:
            self.head += bytes(memoryview(b)[: min(n, HEAD - len(self.head))])
        return n or 0


def ingest(
    source: Source,
    store: FsBlobStore,
    on_bytes: Callable[[int], None] | None = None,
    *,
    durable: bool = True,
) -> Intake:
    """Store one input and describe it; ``SabtError`` (naming no file) if it is unusable."""
    item = receive(source, store, on_bytes, durable=durable)
    if source.path is None and item.stored.size > STDIN_METADATA_LIMIT:
        item.metadata = {"metadata_skipped": "standard input too large"}
        return item
    opener = _reopen(source, item.stored, store)
    return settle(item, store, outcome(item.media_type, opener, source.path))


def receive(
    source: Source,
    store: FsBlobStore,
    on_bytes: Callable[[int], None] | None = None,
    *,
    durable: bool = True,
) -> Intake:
    """Store one input and sniff its type, without its metadata yet."""
    try:
        with source.open() if source.path is not None else nullcontext(sys.stdin.buffer) as raw:
            tee = HeadTee(raw)
            stored = store.put(
                tee,  # type: ignore[arg-type]
                on_bytes=on_bytes,
                durable=durable,
                size_hint=source.size,
            )
    except OSError as e:
        raise InvalidInput(f"cannot read ({e.strerror or e})") from None
    if stored.size == 0:
        _discard(store, stored)
        raise InvalidInput("empty file (0 bytes): nothing to keep")
    return Intake(source, stored, sniff(bytes(tee.head)))


def settle(item: Intake, store: FsBlobStore, outcome: tuple[str, Any]) -> Intake:
    """Complete ``item`` with what ``metadata.outcome`` found (here or in a
    worker process), its text sealed under the blob's key (``textseal``); a
    corrupt or unreadable file is discarded and raised."""
    status, value = outcome
    if status == "ok":
        if textseal.needs_key(value):
            item.text_key = textseal.key_for(store, item.stored.hash)
            value = textseal.seal(value, item.text_key, item.stored.hash)
        item.metadata = value
        return item
    _discard(store, item.stored)
    if status == "corrupt":
        raise CorruptFile(value)
    raise InvalidInput(value)


def _reopen(source: Source, stored: Stored, store: FsBlobStore) -> Callable[[], BinaryIO]:
    if source.path is not None:
        path = source.path
        return lambda: open(path, "rb")

    def from_store() -> BinaryIO:
        return io.BytesIO(b"".join(store.get(stored.hash)))

    return from_store


def _discard(store: FsBlobStore, stored: Stored) -> None:
    """Release this intake's claim on a blob it will not record (another input
    of the same bytes in the batch may still record it)."""
    if stored.claimed:
        store.discard(stored.hash)


def describe(item: Intake) -> dict[str, Any]:
    """The part of an ``evidence.added`` body that the file itself determines."""
    path = item.source.path
    body: dict[str, Any] = {
        "hash": item.stored.hash,
        "size": item.stored.size,
        "media_type": item.media_type,
        "name": shown(path.name) if path is not None else "-",
        "metadata": item.metadata,
    }
    if path is not None:
        body["path"] = shown(str(path))
        if body["path"] != str(path):  # not UTF-8: its exact bytes, in hex
            body["name_bytes"] = os.fsencode(path.name).hex()
            body["path_bytes"] = os.fsencode(str(path)).hex()
    return body
