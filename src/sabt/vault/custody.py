"""Chain of custody: finding an item by hash prefix, its timeline, new custody
steps, and exports that re-verify the bytes on the way out.

Following the Berkeley Protocol on Digital Open Source Investigations (2022,
ch. VI), the evidentiary original is never altered: an export is a copy whose
hash is checked against the address before the copy is made visible, and a
working copy added back with ``--derived-from`` is a new item linked to it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sabt.errors import InvalidInput, NotFound
from sabt.vault.evidence import blob_store
from sabt.vault.projection import CUSTODY_EVENTS, custody, evidence

if TYPE_CHECKING:
    from sabt.case import Case
    from sabt.events.event import Stored

MIN_PREFIX = 4
_HEX = re.compile(r"^[0-9a-f]+$")


def resolve(case: Case, prefix: str) -> str:
    """The full hash of the one held item whose hash starts with ``prefix``."""
    p = prefix.strip().lower()
    if not _HEX.match(p) or len(p) > 64:
        raise InvalidInput(f"{prefix!r} is not a SHA-256 hash or a prefix of one (hex digits).")
    if len(p) < MIN_PREFIX:
        raise InvalidInput(
            f"Hash prefix {prefix!r} is too short: give at least {MIN_PREFIX} hex digits."
        )
    with case.engine.connect() as conn:
        rows = conn.execute(
            sa.select(evidence.c.hash, evidence.c.name)
            .where(evidence.c.hash.like(p + "%"))
            .order_by(evidence.c.hash)
            .limit(6)
        ).all()
    if not rows:
        raise NotFound(f"No evidence with a hash starting {p} in this case.")
    if len(rows) > 1:
        shown = {h: n for h, n in rows[:5]}
        raise InvalidInput(f"Hash prefix {p} is ambiguous: give more digits.", shown)
    return str(rows[0][0])


def item(case: Case, hash: str) -> dict[str, Any]:
    with case.engine.connect() as conn:
        row = conn.execute(sa.select(evidence).where(evidence.c.hash == hash)).mappings().first()
    if row is None:
        raise NotFound(f"No evidence {hash} in this case.")
    return dict(row)


def timeline(case: Case, hash: str) -> list[dict[str, Any]]:
    """Every custody step of an item, oldest first."""
    with case.engine.connect() as conn:
        rows = (
            conn.execute(sa.select(custody).where(custody.c.hash == hash).order_by(custody.c.seq))
            .mappings()
            .all()
        )
    return [dict(r) for r in rows]


def record(
    case: Case,
    hash: str,
    event: str,
    *,
    to: str | None = None,
    from_: str | None = None,
    note: str | None = None,
    actor: str | None = None,
) -> Stored:
    """Append a custody step for a held item."""
    if event not in CUSTODY_EVENTS:
        raise InvalidInput(
            f"Unknown custody event {event!r}: expected one of {', '.join(CUSTODY_EVENTS)}."
        )
    if event == "transferred" and not to:
        raise InvalidInput("A transfer needs --to: who or where the item went.")
    item(case, hash)
    body: dict[str, Any] = {"hash": hash, "event": event}
    body.update({k: v for k, v in (("to", to), ("from", from_), ("note", note)) if v})
    return case.append("custody.recorded", body, actor=actor)


def export(
    case: Case,
    hash: str,
    dest: str | os.PathLike[str],
    *,
    note: str | None = None,
    actor: str | None = None,
) -> tuple[Path, Stored]:
    """Decrypt a held item to ``dest`` (which must not exist), re-verifying its
    hash before the file appears; then log the export."""
    target = Path(dest).expanduser().absolute()
    if target.exists():
        raise InvalidInput(f"{target}: already exists; refusing to overwrite it.")
    if not target.parent.is_dir():
        raise InvalidInput(f"{target.parent}: no such directory.")
    if target.resolve().is_relative_to(case.dir.root.resolve()):
        raise InvalidInput(f"{target}: export outside the data directory, not into it.")
    item(case, hash)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with open(tmp, "xb") as out:
            for chunk in blob_store(case).get(hash):  # raises before the end on any mismatch
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        _place(tmp, target)
    except FileExistsError:
        raise InvalidInput(f"{target}: already exists; refusing to overwrite it.") from None
    except OSError as e:
        raise InvalidInput(
            f"{target}: cannot write the export ({e.strerror}); nothing was exported."
        ) from e
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    body: dict[str, Any] = {"hash": hash, "event": "exported", "to": str(target)}
    if note:
        body["note"] = note
    return target, case.append("custody.recorded", body, actor=actor)


def _place(tmp: Path, target: Path) -> None:
    """Move the verified copy into place without overwriting anything.

    A hard link fails if ``target`` appeared meanwhile; FAT and exFAT drives,
    common for hand-overs, have no hard links, so there it is a rename after a
    last check (a narrow race, on a drive no one else should be writing)."""
    try:
        os.link(tmp, target)
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        if target.exists():
            raise FileExistsError(target) from e
        os.rename(tmp, target)
