"""Ledger benchmark: build a 10,000,000-entry log as C2SP hash tiles on disk,
then time inclusion and consistency proofs read from the tiles.

Run with ``python -m bench ledger`` (``SABT_BENCH_LEDGER_SIZE`` overrides the
size for a quick run). Everything happens in a temporary directory that is
removed afterwards. Figures go in docs/benchmarks.md, "Ledger (spine)".
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sabt.ledger import TileLog, verify_consistency, verify_inclusion

BATCH = 10_000
PROOFS = 2_000


def _leaves(start: int, n: int) -> list[bytes]:
    sha = hashlib.sha256
    return [sha(b"\x00" + b"synthetic-event-%09d" % i).digest() for i in range(start, start + n)]


def _disk(directory: Path) -> tuple[int, int, int]:
    files = apparent = blocks = 0
    for root, _, names in os.walk(directory):
        for name in names:
            st = os.stat(os.path.join(root, name))
            files += 1
            apparent += st.st_size
            blocks += st.st_blocks * 512
    return files, apparent, blocks


def _ms(samples: list[float]) -> str:
    s = sorted(samples)
    return f"median {statistics.median(s) * 1e3:.3f} ms, p99 {s[int(len(s) * 0.99)] * 1e3:.3f} ms"


def main() -> None:
    size = int(os.environ.get("SABT_BENCH_LEDGER_SIZE", "10000000"))
    rng = random.Random(1988)
    with tempfile.TemporaryDirectory(prefix="sabt-bench-ledger-") as d:
        log = TileLog(Path(d))
        hashing = extending = 0.0
        for start in range(0, size, BATCH):
            t0 = time.perf_counter()
            batch = _leaves(start, min(BATCH, size - start))
            t1 = time.perf_counter()
            root = log.extend(start, batch)
            t2 = time.perf_counter()
            hashing += t1 - t0
            extending += t2 - t1
        files, apparent, blocks = _disk(Path(d))
        print(
            f"build {size:,} leaves in batches of {BATCH:,}: extend {extending:.1f} s "
            f"({size / extending:,.0f} leaves/s), leaf hashing {hashing:.1f} s"
        )
        print(
            f"tiles on disk: {files:,} files, {apparent / 2**20:.1f} MiB apparent, {blocks / 2**20:.1f} MiB allocated"
        )

        t0 = time.perf_counter()
        assert log.root(size) == root
        print(f"root({size:,}) from tiles: {(time.perf_counter() - t0) * 1e3:.3f} ms")

        make, check = [], []
        for _ in range(PROOFS):
            i = rng.randrange(size)
            t0 = time.perf_counter()
            proof = log.inclusion_proof(i, size)
            t1 = time.perf_counter()
            verify_inclusion(log.leaf_hash(i), i, size, proof, root)
            t2 = time.perf_counter()
            make.append(t1 - t0)
            check.append(t2 - t1)
        print(
            f"inclusion proof at {size:,} ({PROOFS} random leaves): make {_ms(make)}; verify {_ms(check)}"
        )

        make, check = [], []
        for _ in range(PROOFS):
            m = rng.randrange(1, size)
            t0 = time.perf_counter()
            proof = log.consistency_proof(m, size)
            t1 = time.perf_counter()
            old = log.root(m)
            t2 = time.perf_counter()
            verify_consistency(m, size, proof, old, root)
            t3 = time.perf_counter()
            make.append(t1 - t0)
            check.append(t3 - t2)
        print(
            f"consistency proof m -> {size:,} ({PROOFS} random m): make {_ms(make)}; verify {_ms(check)}"
        )

        single = []
        extra = _leaves(size, 1000)
        for k, h in enumerate(extra):
            t0 = time.perf_counter()
            log.extend(size + k, [h])
            single.append(time.perf_counter() - t0)
        print(f"extend by 1 leaf at {size:,} (1000 times): {_ms(single)}")


if __name__ == "__main__":
    main()
