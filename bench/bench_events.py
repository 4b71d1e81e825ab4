"""Durable append throughput at batch sizes 1, 100 and 10,000, and ``verify``
time per million events (SQLite, embedded default).

    python -m bench events            # default sizes
    SABT_BENCH_VERIFY=1000000 python -m bench events
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from sabt.case import Case
from sabt.events.verify import verify


def _throughput(batch: int, total: int) -> float:
    with (
        tempfile.TemporaryDirectory() as tmp,
        Case.init(Path(tmp) / "d", origin="bench.invalid/append", case="b") as case,
    ):
        t0 = time.perf_counter()
        for start in range(0, total, batch):
            case.append_many(
                [
                    ("note.added", {"text": f"benchmark note {start + k}"})
                    for k in range(min(batch, total - start))
                ]
            )
        return total / (time.perf_counter() - t0)


def main() -> None:
    for batch, total in [(1, 500), (100, 20_000), (10_000, 200_000)]:
        rate = _throughput(batch, total)
        print(
            f"append batch={batch:>6}: {rate:>10,.0f} events/s  ({total:,} events, durable commit + tiles + signed checkpoint per batch)"
        )
    n = int(os.environ.get("SABT_BENCH_VERIFY", "1000000"))
    with (
        tempfile.TemporaryDirectory() as tmp,
        Case.init(Path(tmp) / "d", origin="bench.invalid/verify", case="b") as case,
    ):
        for start in range(0, n, 10_000):
            case.append_many(
                [
                    ("note.added", {"text": f"benchmark note {start + k}"})
                    for k in range(min(10_000, n - start))
                ]
            )
        t0 = time.perf_counter()
        report = verify(case.journal)
        elapsed = time.perf_counter() - t0
        print(
            f"verify: {report.size:,} events in {elapsed:.1f} s = {elapsed / report.size * 1e6:.1f} s per million"
        )
