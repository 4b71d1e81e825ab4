"""Name matching quality and speed on the generated evaluation set.

Prints precision and recall of ``sabt.names.compare`` at the default threshold
on the labelled pairs of ``tests/names/name_pairs.py`` (seed 1988 and a larger
held-out seed), recall per kind of pair, a threshold sweep, and how fast keys
and comparisons run. Figures go to docs/benchmarks.md, "Names".
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from names.name_pairs import Pair, make_pairs  # noqa: E402
from sabt.names import THRESHOLD, compare, name_columns  # noqa: E402


def _rates(scored: list[tuple[float, Pair]], threshold: float) -> tuple[float, float]:
    tp = sum(1 for s, p in scored if p.same and s >= threshold)
    fp = sum(1 for s, p in scored if not p.same and s >= threshold)
    fn = sum(1 for s, p in scored if p.same and s < threshold)
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def report(seed: int, n: int) -> None:
    pairs = make_pairs(seed=seed, n=n)
    start = time.perf_counter()
    scored = [(compare(p.a, p.b).score, p) for p in pairs]
    elapsed = time.perf_counter() - start
    positives = sum(p.same for p in pairs)
    precision, recall = _rates(scored, THRESHOLD)
    print(f"seed {seed}: {len(pairs)} pairs ({positives} same, {len(pairs) - positives} different)")
    print(f"  threshold {THRESHOLD}: precision {precision:.3f}  recall {recall:.3f}")
    print(f"  compare(): {len(pairs) / elapsed:,.0f} pairs/s (shared caches)")
    right = Counter(p.kind for s, p in scored if (s >= THRESHOLD) == p.same)
    total = Counter(p.kind for p in pairs)
    for kind in sorted(total):
        print(f"    {kind:45s} {right[kind]:5d}/{total[kind]:<5d} correct")
    print(
        "  sweep: "
        + "  ".join(
            f"{t:.2f}: P={_rates(scored, t)[0]:.3f} R={_rates(scored, t)[1]:.3f}"
            for t in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
        )
    )


def main() -> None:
    report(1988, 600)
    report(7, 3000)
    names = [p.a.full for p in make_pairs(seed=11, n=2000)] + [
        p.b.full for p in make_pairs(seed=11, n=2000)
    ]
    start = time.perf_counter()
    for name in names:
        name_columns(name)
    elapsed = time.perf_counter() - start
    print(
        f"name_columns(): {len(names) / elapsed:,.0f} names/s over {len(names)} names (shared caches)"
    )


if __name__ == "__main__":
    main()
