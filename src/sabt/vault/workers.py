"""Worker processes that read metadata (``metadata.extract_path``) for a large batch.

Kept apart from ``sabt.vault.evidence`` (and its database imports) so that
``sabt add`` can start them first thing, and their start-up overlap its own.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

from sabt.vault.metadata import DECODERS, ready, watch

DESCRIBE_PROCESSES = 2
DESCRIBE_PROCESSES_FROM = 16  # files in one batch; fewer are described in-process
# Imported once by the workers' server, before it forks them: shared by the
# workers (40 MiB less for the pair than each importing its own SciPy). Both
# ways measured the same wall time: the server's imports delay the first
# worker, a worker's own imports delay its first file.
_PRELOAD = ["sabt.vault.workerenv", "sabt.vault.metadata", *DECODERS]


class Describers:
    """Worker processes that read metadata (``metadata.extract_path``)."""

    def __init__(self, pool: ProcessPoolExecutor, workers: int) -> None:
        self.pool = pool
        # Start them now, from a thread: the server imports the decoders first,
        # and the first submit waits for that.
        self._starting = threading.Thread(
            target=lambda: [pool.submit(ready) for _ in range(workers)],
            name="sabt-describers",
            daemon=True,
        )
        self._starting.start()

    def __enter__(self) -> Describers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._starting.join()
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
        context.set_forkserver_preload(_PRELOAD)
    workers = min(cpus, DESCRIBE_PROCESSES)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=watch, initargs=(os.getpid(),)
    )
    return Describers(pool, workers)
