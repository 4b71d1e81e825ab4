"""``sabt verify --blobs``: re-hash stored blobs and name every missing or
corrupt one by hash and original file name.

Like warcio's digest checker, the check collects problems rather than stopping
at the first, so one run reports all the damage.

A shredded item (``sabt custody shred``) is listed as such, with when, by whom
and why, and is not damage. Its key must be gone: every shredded item is
checked, whatever the sample, and one whose key survived (a crash between the
shred's event and the key's destruction) has its key destroyed now, as the log
says it must be. A key found destroyed with no shred in the log is a problem:
nothing records who destroyed it, or why.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sabt.errors import Forgotten, IntegrityError, InvalidInput, NotFound
from sabt.vault import projection
from sabt.vault.custody import forget_in_search, key_destroyed, shredded_on
from sabt.vault.evidence import blob_store
from sabt.vault.projection import evidence

if TYPE_CHECKING:
    from sabt.case import Case
    from sabt.vault.blobstore import FsBlobStore

UNRECORDED = "its key was destroyed, but the log records no shred of it (who did this, and why?)"


@dataclass
class BlobReport:
    held: int = 0
    checked: int = 0
    bytes: int = 0
    shredded: dict[str, str] = field(default_factory=dict)  # "hash (name)" -> when, who, why
    finished: list[str] = field(default_factory=list)  # shreds whose key survived, destroyed now
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
    """Decrypt and re-hash every blob the evidence names (or a random ``sample``
    of them); check that every shredded one has lost its key."""
    with case.engine.connect() as conn:
        rows = conn.execute(
            sa.select(evidence.c.hash, evidence.c.name).order_by(evidence.c.seq)
        ).all()
        shreds = projection.shreds(conn)
    report = BlobReport(held=len(rows))
    chosen = [(h, n) for h, n in rows if h not in shreds]
    if sample is not None and sample < len(chosen):
        chosen = (rng or random.SystemRandom()).sample(chosen, sample)
    store = blob_store(case)
    for hash, name in rows:
        if hash in shreds:
            report.checked += 1
            if _check_shredded(store, report, f"{hash} ({name})", hash, shreds[hash]):
                forget_in_search(case, hash)  # the shred it finished: search too
    for hash, name in chosen:
        report.checked += 1
        where = f"{hash} ({name})"
        try:
            for chunk in store.get(hash):
                report.bytes += len(chunk)
        except Forgotten:
            report.problems[where] = UNRECORDED
        except NotFound:
            report.problems[where] = "blob is missing"
        except IntegrityError as e:
            report.problems[where] = f"blob is corrupt: {e.message.removeprefix(f'blob {hash}: ')}"
        except OSError as e:
            report.problems[where] = f"blob cannot be read ({e.strerror or e})"
    return report


def _check_shredded(
    store: FsBlobStore, report: BlobReport, where: str, hash: str, step: dict[str, Any]
) -> bool:
    """Report a shredded item; True if its key had survived and is destroyed now."""
    finished = False
    try:
        if not key_destroyed(store, hash):
            store.forget_key(hash)  # finish the shred the log records
            report.finished.append(where)
            finished = True
    except NotFound:
        report.problems[where] = f"blob is missing ({shredded_on(step)})"
        return False
    except OSError as e:
        report.problems[where] = (
            f"{shredded_on(step)}, but its key is intact and cannot be destroyed "
            f"({e.strerror or e}); run `sabt custody shred {hash}` once the disk is writable"
        )
        return False
    report.shredded[where] = shredded_on(step)
    return finished


def describe(report: BlobReport) -> str:
    """A paragraph for a person: what was checked, every problem and every
    shredded item by name."""
    scope = (
        "every blob" if report.checked == report.held else f"a random sample of {report.checked}"
    )
    head = f"{report.checked} of {report.held} evidence blobs checked ({scope}, {report.bytes:,} bytes re-hashed)"
    if report.shredded:
        head += f"; {len(report.shredded)} shredded on purpose"
    if report.ok:
        lines = [head + "; all intact."]
    else:
        lines = [f"{len(report.problems)} missing, corrupt or unaccounted for: " + head + "."]
        lines += [f"  {where}: {problem}" for where, problem in report.problems.items()]
    for where, when in report.shredded.items():
        finished = (
            "; its key had survived an interrupted shred and is destroyed now"
            if where in report.finished
            else ""
        )
        lines.append(f"  {where}: {when}{finished}")
    return "\n".join(lines)
