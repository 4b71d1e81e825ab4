"""Chain of custody: finding an item by hash prefix, its timeline, new custody
steps, exports that re-verify the bytes on the way out, and shredding.

Following the Berkeley Protocol on Digital Open Source Investigations (2022,
ch. VI), the evidentiary original is never altered: an export is a copy whose
hash is checked against the address before the copy is made visible, and a
working copy added back with ``--derived-from`` is a new item linked to it.
The one exception is a shred (DESIGN.md, principle 3: erasure is destroying
the key): the item's key is destroyed, and the decision is a custody step
naming who took it and why.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sabt.errors import (
    Forgotten,
    IntegrityError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    VaultLocked,
)
from sabt.vault import projection, textseal
from sabt.vault.blobstore import FsBlobStore
from sabt.vault.evidence import blob_store
from sabt.vault.projection import CUSTODY_EVENTS, SHREDDED, custody, evidence

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sabt.case import Case
    from sabt.events.event import Stored
    from sabt.vault.blobstore import BlobStore

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


def readable_item(case: Case, hash: str) -> dict[str, Any]:
    """``item`` with its extracted text opened (``meta.text``), or, when it
    cannot be, why not (``meta.text_unavailable``; ``sabt.vault.textseal``)."""
    row = item(case, hash)
    meta = row["meta"] if isinstance(row["meta"], dict) else {}
    if not textseal.is_sealed(meta):
        return row
    rest, text, why_not = readable_text(case, row, store_if_unlocked(case))
    if text is not None:
        rest["text"] = text
    if why_not is not None:
        rest["text_unavailable"] = textseal.WHY_NOT[why_not]
    return {**row, "meta": rest}


def readable_text(
    case: Case, row: Mapping[str, Any], store: FsBlobStore | None
) -> tuple[dict[str, Any], str | None, str | None]:
    """``textseal.readable`` for an evidence row: its metadata without the
    text, the text or None, and why it cannot be shown (``store`` is None
    while the vault is locked; the sealed text is then not even fetched)."""
    meta = row["meta"] if isinstance(row["meta"], dict) else {}
    if store is not None:
        meta = with_sealed_text(case, row)
    return textseal.readable(meta, store, str(row["hash"]))


def with_sealed_text(case: Case, row: Mapping[str, Any]) -> dict[str, Any]:
    """An evidence row's metadata with its sealed text as the log holds it: the
    projection keeps only a mark in its place (``projection.IN_LOG``), not a
    second copy. (Rows projected before that hold the sealed text itself.)"""
    meta = dict(row["meta"]) if isinstance(row["meta"], dict) else {}
    if meta.get(textseal.SEALED) is not projection.IN_LOG:
        return meta
    for stored in case.events(int(row["seq"]), int(row["seq"]) + 1):
        logged = stored.event.body.get("metadata") or {}
        meta[textseal.SEALED] = logged.get(textseal.SEALED)
    return meta


def store_if_unlocked(case: Case) -> FsBlobStore | None:
    """The blob store, or None while the vault is locked (a command without
    credentials, or a server that could not unlock at start)."""
    try:
        return blob_store(case)
    except (NotAuthenticated, VaultLocked):
        return None


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
    hash before the file appears; then log the export. A shredded item is refused."""
    row = item(case, hash)
    done = shredding(case, hash)
    if done is not None:
        raise Forgotten(
            f"{hash} ({row['name']}) cannot be exported: {shredded_on(done)}. "
            "Its content can never be read again; `sabt show` still gives its record and custody."
        )
    target = Path(dest).expanduser().absolute()
    if target.exists():
        raise InvalidInput(f"{target}: already exists; refusing to overwrite it.")
    if not target.parent.is_dir():
        raise InvalidInput(f"{target.parent}: no such directory.")
    if target.resolve().is_relative_to(case.dir.root.resolve()):
        raise InvalidInput(f"{target}: export outside the data directory, not into it.")
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


def shredding(case: Case, hash: str) -> dict[str, Any] | None:
    """The custody step that shredded an item, or None if it was not shredded."""
    with case.engine.connect() as conn:
        return projection.shredding(conn, hash)


def shredded_items(case: Case) -> dict[str, dict[str, Any]]:
    """The custody step that shredded each shredded item, by hash (one query)."""
    with case.engine.connect() as conn:
        return projection.shreds(conn)


def shredded_on(step: dict[str, Any]) -> str:
    """``shredded on <at> by <actor> (event <seq>): <reason>``, for messages."""
    reason = (step.get("detail") or {}).get("reason") or "no reason recorded"
    return f"shredded on {step['at']} by {step['actor']} (event {step['seq']}): {reason}"


@dataclass(frozen=True)
class Shred:
    """What ``shred`` did: the custody step (its ``seq``), and whether it only
    finished a shred that was recorded before but interrupted (``finished``)."""

    hash: str
    name: str
    seq: int
    finished: bool = False


def key_destroyed(store: BlobStore, hash: str) -> bool:
    """Whether the blob's key is gone (opening it raises ``Forgotten``). A blob
    that is readable, or whose header is damaged, still counts as having a key.
    ``NotFound`` (no blob at all) is the caller's to handle."""
    try:
        chunks = store.get(hash)  # reads the header and unwraps the key
    except Forgotten:
        return True
    except (IntegrityError, OSError):  # damaged, not shredded: the key may still be there
        return False
    close = getattr(chunks, "close", None)
    if close is not None:
        close()
    return False


def shred(
    case: Case,
    hash: str,
    reason: str,
    *,
    actor: str | None = None,
    confirm: Callable[[dict[str, Any]], None] | None = None,
) -> Shred:
    """Destroy a held item's key for good (crypto-shredding), recording who did
    it and why as a ``shredded`` custody step.

    ``confirm(item)`` is called once everything was checked and before anything
    is written; it raises to stop. Shredding an item twice is an error; an item
    whose shred was recorded but whose key survived (a crash in between) has its
    key destroyed now, without a second step.
    """
    why = reason.strip()
    if not why:
        raise InvalidInput(
            "A shred needs --reason: why the content must be destroyed (kept in the log for good)."
        )
    row = item(case, hash)
    store = blob_store(case)  # unlocks the vault now: a locked vault stops before any write
    done = shredding(case, hash)
    if done is not None:
        if key_destroyed(store, hash):
            raise InvalidInput(
                f"{hash} ({row['name']}) was already {shredded_on(done)}; nothing to do."
            )
        store.forget_key(hash)
        forget_in_search(case, hash)
        return Shred(hash, row["name"], int(done["seq"]), finished=True)
    if not store.has(hash):
        raise NotFound(
            f"{hash} ({row['name']}): its blob is missing from {case.dir.blobs}, so there is "
            "no key to destroy; nothing was recorded. `sabt verify --blobs all` lists what is missing."
        )
    if confirm is not None:
        confirm(row)
    # The order is what makes a crash harmless. The event first: once it is
    # appended (committed, in the log, under a signed checkpoint) the shred is
    # on record, and export, search and the projection already treat the item as
    # gone. Then the key: ``forget_key`` zeroes it in place and fsyncs, and only
    # after that does the caller say the item was shredded. A crash in between
    # leaves a recorded shred whose key survived, which is repairable: running
    # the shred again, or ``sabt verify --blobs``, finds it and destroys the key
    # (zeroing is idempotent). The other order could leave a key destroyed with
    # nothing in the log saying who, when or why, and that can never be repaired:
    # it looks exactly like tampering.
    stored = case.append(
        "custody.recorded", {"hash": hash, "event": SHREDDED, "reason": why}, actor=actor
    )
    store.forget_key(hash)
    forget_in_search(case, hash)
    return Shred(hash, row["name"], stored.seq)


def forget_in_search(case: Case, hash: str) -> None:
    """Take the item out of the search index now (it holds the text for
    snippets), not at the next search. The key is gone already: a failure here
    is reported, and the next search drops the item anyway."""
    try:
        from sabt.search.index import forget
    except ImportError:
        return  # the search package is not installed
    try:
        forget(case, "evidence", hash)
    except Exception as e:  # noqa: BLE001 - the shred itself is done
        log.warning(
            "shred of %s: the search index still holds it until the next search: %s", hash, e
        )
