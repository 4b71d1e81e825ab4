"""How good a clustering is, against known truth (the simulator's ``truth.csv``).

Pairwise precision/recall/F1 count pairs of attestations put in one cluster;
B-cubed (Bagga & Baldwin 1998) averages, over attestations, the share of its
cluster that is truly it (precision) and the share of its true person that
its cluster holds (recall) — it weighs every record, where pairwise scores
are dominated by big clusters. Both are given overall and by stratum (each
attestation belongs to the stratum of its true person).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sabt.errors import InvalidInput


@dataclass(frozen=True)
class Scores:
    records: int
    precision: float
    recall: float
    f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float

    def as_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Truth:
    person: dict[str, str]  # attestation id -> person id
    strata: dict[str, dict[str, str]]  # attestation id -> stratum name -> value


def load_truth(path: Path) -> Truth:
    """Read ``truth.csv`` (list, row, person_id, then one column per stratum)."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            cols = reader.fieldnames or []
            missing = {"list", "row", "person_id"} - set(cols)
            if missing:
                raise InvalidInput(
                    f"{path}: truth file lacks column(s) {', '.join(sorted(missing))}."
                )
            strata_cols = [c for c in cols if c not in ("list", "row", "person_id")]
            person, strata = {}, {}
            for r in reader:
                att = f"{r['list']}:{int(r['row'])}"
                person[att] = r["person_id"]
                strata[att] = {c: r[c] for c in strata_cols}
    except FileNotFoundError as e:
        raise InvalidInput(f"{path}: truth file not found.") from e
    except ValueError as e:
        raise InvalidInput(f"{path}: a row number is not an integer ({e}).") from e
    return Truth(person, strata)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(predicted: Mapping[str, str], truth: Mapping[str, str]) -> Scores:
    """Scores of ``predicted`` (attestation -> cluster) against ``truth`` (attestation -> person),
    over the attestations both know."""
    ids = [a for a in predicted if a in truth]
    if not ids:
        raise InvalidInput(
            "No attestation of the clustering is in the truth file: do the list names and rows match?"
        )
    c_size = Counter(predicted[a] for a in ids)
    t_size = Counter(truth[a] for a in ids)
    both = Counter((predicted[a], truth[a]) for a in ids)
    tp = sum(n * (n - 1) // 2 for n in both.values())
    pred_pairs = sum(n * (n - 1) // 2 for n in c_size.values())
    true_pairs = sum(n * (n - 1) // 2 for n in t_size.values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / true_pairs if true_pairs else 1.0
    bp = sum(both[(predicted[a], truth[a])] / c_size[predicted[a]] for a in ids) / len(ids)
    br = sum(both[(predicted[a], truth[a])] / t_size[truth[a]] for a in ids) / len(ids)
    return Scores(len(ids), p, r, _f1(p, r), bp, br, _f1(bp, br))


def score_by_stratum(predicted: Mapping[str, str], truth: Truth) -> dict[str, dict[str, Scores]]:
    """stratum name -> value -> scores on the attestations of people in that stratum."""
    out: dict[str, dict[str, Scores]] = {}
    names = {s for v in truth.strata.values() for s in v}
    for s in sorted(names):
        values = sorted({v[s] for v in truth.strata.values()})
        out[s] = {}
        for value in values:
            subset = {
                a: c
                for a, c in predicted.items()
                if a in truth.strata and truth.strata[a][s] == value
            }
            if subset:
                out[s][value] = score(subset, truth.person)
    return out


def report(predicted: Mapping[str, str], truth: Truth) -> dict[str, object]:
    """Overall and per-stratum scores, as plain data (for JSON or a table)."""
    return {
        "overall": score(predicted, truth.person).as_dict(),
        "by_stratum": {
            s: {v: sc.as_dict() for v, sc in vals.items()}
            for s, vals in score_by_stratum(predicted, truth).items()
        },
    }
