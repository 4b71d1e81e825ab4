"""Adding evidence to a case: store each file, then append its event.

The order is what makes a crash harmless: ``put`` writes the blob to a
temporary file, fsyncs it and renames it into place *before* the event that
points at it is appended, so the log never names a blob that is not whole on
disk. A crash in between leaves at most an unreferenced blob (or a partial
``.tmp`` file, swept later), never a dangling event.

Events are appended in small groups (one transaction and one signed
checkpoint per group) once every blob of the group is durable.

The same bytes added again are not stored twice: they get a ``received``
custody event naming where they came from this time.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
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
)
from sabt.vault.metadata import extract_path, ready, watch
from sabt.vault.projection import evidence
from sabt.vault.sniff import family

if TYPE_CHECKING:
    from sabt.case import Case

BATCH_FILES = 100
INGEST_THREADS = 2
INGEST_AHEAD = 64
DESCRIBE_PROCESSES = 2
DESCRIBE_PROCESSES_FROM = 16  # files in one batch; fewer are described in-process
_DESCRIBER_IMPORTS = ["sabt.vault.metadata", "PIL.Image", "imagehash", "pypdf", "ftfy"]
BATCH_SECONDS = 0.5
NEAR_DUPLICATE_BITS = 10  # of 64: a re-encoded or resized copy is typically under 6
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def blob_store(case: Case) -> FsBlobStore:
    return FsBlobStore(case.dir.blobs, case.keyring)


@dataclass(frozen=True)
class Provenance:
    """Where a batch came from, as the investigator states it."""

    source: str | None = None
    collected_by: str | None = None
    collected_at: str | None = None
    note: str | None = None
    derived_from: str | None = None

    def __post_init__(self) -> None:
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
    start-up overlaps the caller's) read the metadata of a large batch.

    Events are appended in groups (every ``BATCH_FILES`` files or
    ``BATCH_SECONDS``), one transaction and one checkpoint each: every blob of a
    group is already durable when its group is appended, so a crash loses at
    most the last second of intake and never leaves an event without its blob.
    """
    store = blob_store(case)
    store.sweep()
    index = PhashIndex(case)
    origin = provenance.fields()
    pending: list[tuple[Intake, Result]] = []
    started = 0.0

    def flush() -> Iterator[Result]:
        store.sync()  # every blob of the group durable before its event
        already = held(case, {item.stored.hash for item, _ in pending})
        events = [_event(item, result, origin, already, index) for item, result in pending]
        stored = case.append_many(events, actor=actor)
        for s, (_, result) in zip(stored, pending, strict=True):
            result.seq = s.seq
            yield result
        pending.clear()

    for source, item in _ingested(sources, store, on_bytes, describers):
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
        pending.append((item, result))
        if len(pending) == 1:
            started = time.monotonic()
        if len(pending) >= BATCH_FILES or time.monotonic() - started >= BATCH_SECONDS:
            yield from flush()
    if pending:
        yield from flush()


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
        if "path" in body:
            receipt["path"] = body["path"]
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
    if describers is None:
        describers = start_describers(len(sources))
    procs = describers.pool if describers is not None else None

    def run(source: Source) -> Intake | SabtError | tuple[Intake, Future[tuple[str, Any]]]:
        try:
            if procs is None or source.path is None:
                return ingest(source, store, on_bytes, durable=False)
            item = receive(source, store, on_bytes, durable=False)
            if family(item.media_type) == "other":
                return item  # nothing to read from it
            return item, procs.submit(extract_path, item.media_type, str(source.path))
        except SabtError as e:
            return e

    def settled(
        outcome: Intake | SabtError | tuple[Intake, Future[tuple[str, Any]]],
    ) -> Intake | SabtError:
        if not isinstance(outcome, tuple):
            return outcome
        item, described = outcome
        try:
            return settle(item, store, described.result())
        except SabtError as e:
            return e

    with ExitStack() as stack:
        if describers is not None:
            stack.enter_context(describers)
        pool = stack.enter_context(
            ThreadPoolExecutor(max_workers=INGEST_THREADS, thread_name_prefix="sabt-intake")
        )
        ahead: deque[tuple[Source, Future[Any]]] = deque()
        try:
            for source in sources:
                ahead.append((source, pool.submit(run, source)))
                if len(ahead) >= INGEST_AHEAD:
                    done, future = ahead.popleft()
                    yield done, settled(future.result())
            while ahead:
                done, future = ahead.popleft()
                yield done, settled(future.result())
        finally:
            for _, future in ahead:
                future.cancel()


class Describers:
    """Worker processes that read metadata (``metadata.extract_path``)."""

    def __init__(self, pool: ProcessPoolExecutor, workers: int) -> None:
        self.pool = pool
        # Start them now: the server and the decoders' imports take a while.
        for _ in range(workers):
            pool.submit(ready)

    def __enter__(self) -> Describers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def start_describers(files: int) -> Describers | None:
    """Worker processes for a batch of ``files``, or None for a small batch or
    a single core (metadata is then read in-process)."""
    if files < DESCRIBE_PROCESSES_FROM:
        return None
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not cpus or cpus < 2:
        return None
    if sys.platform == "win32":
        context = multiprocessing.get_context("spawn")
    else:
        # Workers fork from a server that imported the decoders once, not from
        # this process (which runs threads, so forking it would be unsafe).
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_DESCRIBER_IMPORTS)
    workers = min(cpus, DESCRIBE_PROCESSES)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=watch, initargs=(os.getpid(),)
    )
    return Describers(pool, workers)


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
