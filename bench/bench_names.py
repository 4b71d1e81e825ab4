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


def affixes(seed: int = 1988, n: int = 2000) -> None:
    """Family names with a surname affix (the table's, kind ``affix``), the
    Persian joint a space, ZWNJ, a hyphen or nothing, the Latin one nothing, a
    hyphen or a space: the same name across scripts, or another stem or affix."""
    import random

    from sabt.names import similarity
    from sabt.names.data import read_table

    rng = random.Random(seed)
    rows = read_table("romanizations.tsv", 3)
    stems = [(fa, forms.split("|")) for fa, forms, kind in rows if kind == "given"][:120]
    table = [(fa, forms.split("|")) for fa, forms, kind in rows if kind == "affix"]

    def latin(stem: list[str], affix: list[str]) -> str:
        joint = rng.choice(["", "-", " "])
        tail = rng.choice(affix)
        return rng.choice(stem) + joint + (tail if not joint else tail.capitalize())

    scored: list[tuple[float, bool, str]] = []
    for _ in range(n):
        (sfa, slat), (afa, alat) = rng.choice(stems), rng.choice(table)
        joint = rng.choice([" ", "\u200c", "-", ""])
        persian = sfa + joint + afa
        kind = rng.random()
        if kind < 0.5:
            other, same, label = latin(slat, alat), True, f"same, Persian joint {joint!r}"
        elif kind < 0.75:
            o = rng.choice([s for s in stems if s[0] != sfa])
            other, same, label = latin(o[1], alat), False, "another stem"
        else:
            o = rng.choice([a for a in table if a[0] != afa])
            other, same, label = latin(slat, o[1]), False, "another affix"
        scored.append((similarity(persian, other).score, same, label))
    tp = sum(1 for s, same, _ in scored if same and s >= THRESHOLD)
    fp = sum(1 for s, same, _ in scored if not same and s >= THRESHOLD)
    fn = sum(1 for s, same, _ in scored if same and s < THRESHOLD)
    print(f"affixed family names, seed {seed}: {len(scored)} Persian ↔ Latin pairs")
    print(
        f"  threshold {THRESHOLD}: precision {tp / max(1, tp + fp):.3f}  recall {tp / max(1, tp + fn):.3f}"
    )
    for label in sorted({lb for _, _, lb in scored}):
        got = [s for s, _, lb in scored if lb == label]
        right = sum(1 for s, same, lb in scored if lb == label and (s >= THRESHOLD) == same)
        print(
            f"    {label:32s} {right:5d}/{len(got):<5d} correct  mean score {sum(got) / len(got):.3f}"
        )


def main() -> None:
    report(1988, 600)
    report(7, 3000)
    affixes()
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
