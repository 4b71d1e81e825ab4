"""``sabt verify --blobs``: re-hash stored blobs and name every missing or
corrupt one by hash and original file name.

Like warcio's digest checker, the check collects problems rather than stopping
at the first, so one run reports all the damage. A blob whose key was destroyed
on purpose (crypto-shredding) is counted, not reported as damage.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa

from sabt.errors import Forgotten, IntegrityError, InvalidInput, NotFound
from sabt.vault.evidence import blob_store
from sabt.vault.projection import evidence

if TYPE_CHECKING:
    from sabt.case import Case


@dataclass
class BlobReport:
    held: int = 0
    checked: int = 0
    bytes: int = 0
    forgotten: int = 0
    problems: dict[str, str] = field(default_factory=dict)  # "hash (name)" -> problem

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_mode(mode: str, count: int | None) -> int | None:
    """``all`` -> None (every blob); ``sample N`` -> N."""
    if mode == "all":
        if count is not None:
            raise InvalidInput("--blobs all takes no count; use --blobs sample N for a sample.")
        return None
    if mode == "sample":
        if count is None or count < 1:
            raise InvalidInput("--blobs sample needs a positive count, e.g. --blobs sample 100.")
        return count
    raise InvalidInput(f"--blobs {mode!r}: expected 'all' or 'sample N'.")


def check_blobs(
    case: Case, sample: int | None = None, rng: random.Random | None = None
) -> BlobReport:
    """Decrypt and re-hash every blob the evidence names (or a random ``sample``)."""
    with case.engine.connect() as conn:
        rows = conn.execute(
            sa.select(evidence.c.hash, evidence.c.name).order_by(evidence.c.seq)
        ).all()
    report = BlobReport(held=len(rows))
    chosen = list(rows)
    if sample is not None and sample < len(chosen):
        chosen = (rng or random.SystemRandom()).sample(chosen, sample)
    store = blob_store(case)
    for hash, name in chosen:
        report.checked += 1
        where = f"{hash} ({name})"
        try:
            for chunk in store.get(hash):
                report.bytes += len(chunk)
        except Forgotten:
            report.forgotten += 1
        except NotFound:
            report.problems[where] = "blob is missing"
        except IntegrityError as e:
            report.problems[where] = f"blob is corrupt: {e.message.removeprefix(f'blob {hash}: ')}"
        except OSError as e:
            report.problems[where] = f"blob cannot be read ({e.strerror or e})"
    return report


def describe(report: BlobReport) -> str:
    """One paragraph for a person: what was checked, and every problem by name."""
    scope = (
        "every blob" if report.checked == report.held else f"a random sample of {report.checked}"
    )
    head = f"{report.checked} of {report.held} evidence blobs checked ({scope}, {report.bytes:,} bytes re-hashed)"
    if report.forgotten:
        head += f"; {report.forgotten} with keys destroyed on purpose"
    if report.ok:
        return head + "; all intact."
    lines = [f"{len(report.problems)} missing or corrupt: " + head + "."]
    lines += [f"  {where}: {problem}" for where, problem in report.problems.items()]
    return "\n".join(lines)
