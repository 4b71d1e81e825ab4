"""Worker processes that read metadata (``metadata.extract_path``) for a large batch.

Kept apart from ``sabt.vault.evidence`` (and its database imports) so that
``sabt add`` can start them first thing, and their start-up overlap its own.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from sabt.vault.metadata import DECODERS, extract_path, ready, watch

DESCRIBE_PROCESSES = 2
DESCRIBE_PROCESSES_FROM = 16  # files in one batch; fewer are described in-process
# Imported once by the workers' server, before it forks them: shared by the
# workers (40 MiB less for the pair than each importing its own SciPy). Both
# ways measured the same wall time: the server's imports delay the first
# worker, a worker's own imports delay its first file.
_PRELOAD = ["sabt.vault.workerenv", "sabt.vault.metadata", *DECODERS]


class Describers:
    """Worker processes that read metadata (``metadata.extract_path``).

    A worker that dies (a decoder's segfault on a hostile file, the kernel's
    out-of-memory killer) breaks the pool and fails every file in flight with
    it. ``result`` then tries each of those again in a new pool, and alone in
    a process of its own if that breaks too, so that only the file that kills
    its own process fails, named."""

    def __init__(self, make: Callable[[int], ProcessPoolExecutor], workers: int) -> None:
        self._make = make
        self.pool = make(workers)
        self._lock = threading.Lock()
        pool = self.pool
        # Start them now, from a thread: the server imports the decoders first,
        # and the first submit waits for that.
        self._starting = threading.Thread(
            target=lambda: [pool.submit(ready) for _ in range(workers)],
            name="sabt-describers",
            daemon=True,
        )
        self._starting.start()
        self._workers = workers

    def submit(self, *args: Any) -> Future[tuple[str, Any]]:
        """``extract_path(*args)`` in a worker; a broken pool is replaced first."""
        with self._lock:
            pool = self.pool
        try:
            return pool.submit(extract_path, *args)
        except BrokenProcessPool:
            with self._lock:
                if self.pool is pool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    self.pool = self._make(self._workers)
                pool = self.pool
            return pool.submit(extract_path, *args)

    def result(self, future: Future[tuple[str, Any]], *args: Any) -> tuple[str, Any]:
        """What ``submit(*args)`` found. If its worker died (on this file or on
        another one in flight), the file is tried again in a new pool, and if
        that one breaks too, alone in a process of its own: only a file that
        kills that process fails."""
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        try:
            return self.submit(*args).result()
        except BrokenProcessPool:
            pass
        alone = self._make(1)
        try:
            return alone.submit(extract_path, *args).result()
        except BrokenProcessPool:
            return "corrupt", DIED
        finally:
            alone.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Describers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._starting.join()
        with self._lock:
            pool = self.pool
        pool.shutdown(wait=True, cancel_futures=True)


DIED = "the process reading its metadata died on it (a decoder crashed, or ran out of memory)"


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
        context.set_forkserver_preload(_PRELOAD)
    parent = os.getpid()

    def make(workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=watch, initargs=(parent,)
        )

    return Describers(make, min(cpus, DESCRIBE_PROCESSES))
