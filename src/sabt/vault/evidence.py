"""Adding evidence to a case: store each file, then append its event.

The order is what makes a crash harmless: ``put`` writes the blob to a
temporary file, fsyncs it and renames it into place *before* the event that
points at it is appended, so the log never names a blob that is not whole on
disk. A crash in between leaves at most an unreferenced blob (or a partial
``.tmp`` file, swept by the next intake), never a dangling event.

Events are appended in small groups (one transaction and one signed
checkpoint per group) once every blob of the group is durable.

The same bytes added again are not stored twice: they get a ``received``
custody event naming where they came from this time.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sabt.errors import InvalidInput, SabtError
from sabt.vault.blobstore import FsBlobStore
from sabt.vault.intake import (
    Failure,
    Intake,
    Source,
    describe,
    expand,
    ingest,
    receive,
    settle,
    shown,
)
from sabt.vault.metadata import TEXT_FAMILIES
from sabt.vault.projection import evidence
from sabt.vault.sniff import family
from sabt.vault.textseal import key_for, reseal
from sabt.vault.workers import Describers, start_describers

if TYPE_CHECKING:
    from sabt.case import Case

BATCH_FILES = 100
INGEST_THREADS = 2
# Small files stored and described ahead of the one being recorded. Far ahead:
# recording (events, SQL) and storing share one process and its GIL, and with
# a short window the describing workers waited whenever that process was busy
# recording a run of notes; with 1,024 they take on the photographs further on
# meanwhile (docs/benchmarks.md). What waits is each file's metadata: about
# 40 kB for a note of 50,000 Persian and Latin characters (its sealed text),
# up to 150 kB in a script of three bytes a character: 40 to 150 MB for a
# window of such notes. (Their blobs wait in this writer's own directory
# under .tmp/, which no sweep touches while it lives: blobstore.)
INGEST_AHEAD = 1024
BULK_FROM = 32 << 20  # bytes: stored beside the small files from the start
BULK_AHEAD = 4  # such files stored ahead of the caller
BATCH_SECONDS = 0.5
NEAR_DUPLICATE_BITS = 10  # of 64: a re-encoded or resized copy is typically under 6
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def blob_store(case: Case) -> FsBlobStore:
    return FsBlobStore(case.dir.blobs, case.keyring)


def unlocked_store(case: Case) -> FsBlobStore | None:
    """The blob store if the vault's keys are unlocked already, else None (never
    asks for them: a server's request must not wait at a prompt)."""
    keyring = case.keyring_if_unlocked()
    return None if keyring is None else FsBlobStore(case.dir.blobs, keyring)


@dataclass(frozen=True)
class Provenance:
    """Where a batch came from, as the investigator states it."""

    source: str | None = None
    collected_by: str | None = None
    collected_at: str | None = None
    note: str | None = None
    derived_from: str | None = None

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            # From a command line in another encoding, say: lone surrogates.
            if value is not None and shown(value) != value:
                option = "--" + name.replace("_", "-")
                raise InvalidInput(f"{option}: not valid UTF-8 text: {shown(value)}")
        if self.collected_at is not None:
            check_time(self.collected_at, "--collected-at")

    def fields(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def check_time(value: str, where: str) -> str:
    """A date (``1988``, ``1988-08``, ``1988-08-30``) or an RFC 3339 date-time
    with its offset: it goes into the append-only log, so it must be a real one."""
    problem = (
        f"{where}: {value!r} is not a date (1988-08-30) or an RFC 3339 time (1988-08-30T07:15:00Z)"
    )
    if _DATE.match(value):
        parts = [int(p) for p in value.split("-")]
        try:
            date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError as e:
            raise InvalidInput(f"{problem}: {e}.") from e
        return value
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or "T" not in value.upper():
        raise InvalidInput(problem + ".")
    if parsed.tzinfo is None:
        raise InvalidInput(f"{problem}: give its offset from UTC (Z, +03:30).")
    return value


@dataclass
class Result:
    """What became of one input: ``added``, ``duplicate`` (custody recorded) or ``failed``."""

    name: str
    status: str
    hash: str | None = None
    size: int = 0
    media_type: str | None = None
    seq: int | None = None
    error: str | None = None
    near: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "status": self.status}
        if self.hash:
            out.update(hash=self.hash, size=self.size, media_type=self.media_type, seq=self.seq)
        if self.error:
            out["error"] = self.error
        if self.near:
            out["near_duplicates"] = self.near
        return out


class PhashIndex:
    """Perceptual hashes of the images held, to report near-duplicates on intake."""

    def __init__(self, case: Case) -> None:
        with case.engine.connect() as conn:
            rows = conn.execute(
                sa.select(evidence.c.hash, evidence.c.phash, evidence.c.name).where(
                    evidence.c.phash.is_not(None)
                )
            ).all()
        self.items: list[tuple[int, str, str]] = [(int(p, 16), h, n) for h, p, n in rows]

    def near(self, phash: str, exclude: str) -> list[dict[str, Any]]:
        value = int(phash, 16)
        found = [
            {"hash": h, "name": n, "distance": (value ^ p).bit_count()}
            for p, h, n in self.items
            if h != exclude and (value ^ p).bit_count() <= NEAR_DUPLICATE_BITS
        ]
        return sorted(found, key=lambda d: (d["distance"], d["hash"]))[:5]

    def add(self, phash: str, hash: str, name: str) -> None:
        self.items.append((int(phash, 16), hash, name))


def held(case: Case, hashes: set[str]) -> set[str]:
    """Which of ``hashes`` (a group: at most ``BATCH_FILES``) the case already holds."""
    with case.engine.connect() as conn:
        query = sa.select(evidence.c.hash).where(evidence.c.hash.in_(sorted(hashes)))
        return set(conn.execute(query).scalars())


def add_sources(
    case: Case,
    sources: list[Source],
    provenance: Provenance,
    *,
    actor: str | None = None,
    on_bytes: Callable[[int], None] | None = None,
    on_file: Callable[[], None] | None = None,
    describers: Describers | None = None,
) -> Iterator[Result]:
    """Store and record each source in turn; yield one ``Result`` per source
    (``on_file`` is called as each file is stored, before its group is recorded).
    ``describers`` (from ``start_describers``, started early so that their
    start-up overlaps the caller's) read the metadata of a large batch; the
    caller closes them. Without, a large batch starts and closes its own.

    Events are appended in groups (every ``BATCH_FILES`` files or
    ``BATCH_SECONDS``), one transaction and one checkpoint each. A group's
    blobs are made durable in the background while the next group is gathered,
    and its events appended once they are: a crash loses at most the last two
    groups of intake and never leaves an event without its blob.
    """
    store = blob_store(case)
    store.sweep()
    index = PhashIndex(case)
    origin = provenance.fields()
    group: list[tuple[Intake, Result]] = []
    started = 0.0
    # The group before this one, its blobs being made durable in the
    # background while this one is gathered: the fsyncs' wait is the disk's,
    # and the next files can be stored meanwhile.
    syncing: tuple[list[tuple[Intake, Result]], Future[set[str]]] | None = None

    def record(done: list[tuple[Intake, Result]], durable: Future[set[str]]) -> Iterator[Result]:
        durable.result()  # every blob of the group durable before its event
        for item, result in done:
            if item.text_key is not None and store.replaced(item.stored.hash):
                problem = _reseal(item, item.text_key, store)
                if problem is not None:
                    result.status, result.error = "failed", problem
        kept = [(item, result) for item, result in done if result.status != "failed"]
        already = held(case, {item.stored.hash for item, _ in kept})
        events = [_event(item, result, origin, already, index) for item, result in kept]
        stored = iter(case.append_many(events, actor=actor) if events else [])
        for _, result in done:
            if result.status != "failed":
                result.seq = next(stored).seq
            yield result

    ingested = _ingested(sources, store, on_bytes, describers)
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sabt-sync") as syncer:

            def close_group() -> Iterator[Result]:
                nonlocal syncing, group
                if syncing is not None:
                    yield from record(*syncing)
                hashes = [item.stored.hash for item, _ in group]
                syncing, group = (group, syncer.submit(store.sync, hashes)), []

            for source, item in ingested:
                if on_file is not None:
                    on_file()
                if isinstance(item, SabtError):
                    yield Result(source.name, "failed", error=item.message)
                    continue
                result = Result(
                    source.name,
                    "added",
                    hash=item.stored.hash,
                    size=item.stored.size,
                    media_type=item.media_type,
                )
                group.append((item, result))
                if len(group) == 1:
                    started = time.monotonic()
                if len(group) >= BATCH_FILES or time.monotonic() - started >= BATCH_SECONDS:
                    yield from close_group()
            if group:
                yield from close_group()
            if syncing is not None:
                yield from record(*syncing)
    except BaseException:
        # Stopped early (an error, Ctrl-C, a caller that stopped reading): once
        # the intake threads are stopped and joined (closing ``ingested``) and
        # the sync is done (the pool's exit waited for it), what they stored
        # and no event will name goes. Blobs of a group already placed stay,
        # unnamed and harmless.
        ingested.close()
        store.abandon()
        raise


def _reseal(item: Intake, old: bytes, store: FsBlobStore) -> str | None:
    """Seal the item's text again under the key of the copy in place (another
    writer's); what went wrong if that copy cannot be read (the item then
    fails, named, and the rest of the batch goes on)."""
    hash = item.stored.hash
    try:
        new = key_for(store, hash)
        item.metadata = reseal(item.metadata, old, new, hash)
    except SabtError as e:
        return f"the copy of these bytes already stored cannot be read: {e.message}"
    return None


def _event(
    item: Intake, result: Result, origin: dict[str, str], seen: set[str], index: PhashIndex
) -> tuple[str, dict[str, Any]]:
    """The event for one stored input: ``evidence.added`` the first time its bytes
    are seen, a ``received`` custody step after that (``seen`` grows as it goes)."""
    hash = item.stored.hash
    body = describe(item)
    if hash in seen:
        receipt = {"hash": hash, "event": "received", "name": body["name"]}
        receipt.update({k: v for k, v in origin.items() if k != "derived_from"})
        receipt.update({k: body[k] for k in ("path", "name_bytes", "path_bytes") if k in body})
        result.status = "duplicate"
        return "custody.recorded", receipt
    seen.add(hash)
    phash = item.metadata.get("phash")
    result.near = index.near(phash, hash) if phash else []
    body.update(origin)
    if result.near:
        body["near_duplicates"] = [
            {"hash": d["hash"], "distance": d["distance"]} for d in result.near
        ]
    if phash:
        index.add(phash, hash, body["name"])
    return "evidence.added", body


def _ingested(
    sources: list[Source],
    store: FsBlobStore,
    on_bytes: Callable[[int], None] | None,
    describers: Describers | None = None,
) -> Iterator[tuple[Source, Intake | SabtError]]:
    """Each source ingested, in order, ``INGEST_THREADS`` at a time and up to
    ``INGEST_AHEAD`` ahead of the caller, so that files are still hashed,
    encrypted and described while the caller appends a group's events (hashlib,
    AES-GCM and file writes release the GIL).

    For a batch of ``DESCRIBE_PROCESSES_FROM`` files or more, metadata is read in
    worker processes: PDF text and mojibake repair are pure Python and would
    otherwise hold the GIL that every other step needs.
    """
    own = describers is None  # given ones belong to the caller, who closes them
    if describers is None:
        describers = start_describers(len(sources))
    # Set when the caller stops early (an error, Ctrl-C): a file being stored
    # stops at its next chunk, instead of the caller waiting for, say, two
    # large videos started at the beginning to be hashed to the end.
    stop = threading.Event()

    def progress(n: int) -> None:
        if stop.is_set():
            raise _Stopped
        if on_bytes is not None:
            on_bytes(n)

    Described = tuple[Intake, Future[tuple[str, Any]], tuple[Any, ...]]

    def run(source: Source) -> Intake | SabtError | Described:
        try:
            if describers is None or source.path is None:
                return ingest(source, store, progress, durable=False)
            item = receive(source, store, progress, durable=False)
            kind = family(item.media_type)
            if kind == "other":
                return item  # nothing to read from it
            # The worker seals the text it extracts (textseal), so that this
            # process, which appends every event, only collects the result.
            key = key_for(store, item.stored.hash) if kind in TEXT_FAMILIES else None
            item.text_key = key
            args = (item.media_type, str(source.path), key, item.stored.hash)
            return item, describers.submit(*args), args
        except SabtError as e:
            return e

    def settled(outcome: Intake | SabtError | Described) -> Intake | SabtError:
        if not isinstance(outcome, tuple):
            return outcome
        item, described, args = outcome
        assert describers is not None
        try:
            return settle(item, store, describers.result(described, *args))
        except SabtError as e:
            return e

    # Large files are stored early (up to ``BULK_AHEAD`` of them ahead), beside
    # the small ones' pipeline: hashing and encrypting them needs no GIL, so
    # they fill the cores while the small files wait on metadata and appends,
    # instead of running alone at the end. Results still come in the order of
    # ``sources``.
    bulk = [i for i, s in enumerate(sources) if (s.size or 0) >= BULK_FROM]
    if len(bulk) == len(sources):
        bulk = []  # nothing to overlap with: the window alone is as good
    early = set(bulk)
    with ExitStack() as stack:
        if own and describers is not None:
            stack.enter_context(describers)
        pool = stack.enter_context(
            ThreadPoolExecutor(max_workers=INGEST_THREADS, thread_name_prefix="sabt-intake")
        )
        futures: dict[int, Future[Any]] = {}
        big = None
        if bulk:
            big = stack.enter_context(
                ThreadPoolExecutor(max_workers=INGEST_THREADS, thread_name_prefix="sabt-bulk")
            )
        rest = (i for i in range(len(sources)) if i not in early)
        large = iter(bulk)  # in order: the caller waits for them in that order
        ahead = 0  # small files submitted and not yet yielded
        large_ahead = 0  # large ones: a few only, so that what is stored but not
        # yet durable (lost to a crash, to be stored again) stays a few hundred MB
        try:
            for i, source in enumerate(sources):
                while ahead < INGEST_AHEAD and (j := next(rest, None)) is not None:
                    futures[j] = pool.submit(run, sources[j])
                    ahead += 1
                while (
                    big is not None
                    and large_ahead < BULK_AHEAD
                    and (j := next(large, None)) is not None
                ):
                    futures[j] = big.submit(run, sources[j])
                    large_ahead += 1
                if i in early:
                    large_ahead -= 1
                else:
                    ahead -= 1
                yield source, settled(futures.pop(i).result())
        finally:
            stop.set()
            for future in futures.values():
                future.cancel()


class _Stopped(Exception):
    """Storing was abandoned: the caller stopped reading the results."""


def add_paths(
    case: Case, paths: list[str], provenance: Provenance, **kwargs: Any
) -> tuple[list[Result], list[Failure]]:
    """Programmatic ``sabt add``: every result, and the inputs that could not be listed."""
    sources, failures = expand(paths)
    return list(add_sources(case, sources, provenance, **kwargs)), failures


def add_file(
    case: Case, path: str | Path, provenance: Provenance | None = None, **kwargs: Any
) -> Result:
    """Add one file (for other packages, e.g. web captures); raise if it fails."""
    results, failures = add_paths(case, [str(path)], provenance or Provenance(), **kwargs)
    for f in failures:
        raise InvalidInput(f"{f.name}: {f.problem}")
    result = results[0]
    if result.status == "failed":
        raise InvalidInput(f"{result.name}: {result.error}")
    return result
