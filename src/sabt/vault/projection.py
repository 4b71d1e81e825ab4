"""The vault's projection: what evidence is held, and each item's chain of custody.

Tables (built only from events, so ``sabt rebuild`` recreates them):

- ``vault_evidence``: one row per distinct content hash, from its first
  ``evidence.added``; metadata as JSON, and the fields people search by
  (type, capture time, GPS, perceptual hash) as columns.
- ``vault_custody``: the timeline of every item (Berkeley Protocol, 2022,
  ch. VI): ``received`` (every intake, first or repeated), ``transferred``,
  ``accessed``, ``exported``, ``derived`` (a working copy was made from it),
  ``shredded`` (its key was destroyed: ``sabt custody shred``). A shredded
  item keeps its row in ``vault_evidence`` (what was destroyed, and when, stays
  on record) without the text extracted from it.

The extracted text is not in ``meta``: ``text_sealed`` there is ``true``
(``IN_LOG``) and the sealed text is in the item's ``evidence.added`` event
(``custody.with_sealed_text``, ``sabt.vault.textseal``): reading it takes the
vault's keys. (Rows projected earlier held it: migration ``vault_0002``.)

Event bodies (see docs/vault.md):

- ``evidence.added``: hash, size, media_type, name, [path], metadata, [source,
  collected_by, collected_at, note, derived_from, near_duplicates, name_bytes,
  path_bytes]
- ``custody.recorded``: hash, event, [to, from, note, name, path, name_bytes,
  path_bytes, source, collected_by, collected_at, derived]; a ``shredded`` step
  carries ``reason`` (the ``*_bytes`` fields stay in the log only)
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sabt.db.projection import metadata, projector
from sabt.events.event import Event

# The steps a person may record with ``sabt custody add`` (and the web form).
CUSTODY_EVENTS = ("received", "transferred", "accessed", "exported", "derived")
# Recorded only by ``sabt.vault.custody.shred``, which destroys the key too: a
# shred that could be recorded by hand would claim a destruction that never happened.
SHREDDED = "shredded"
# What a shred drops from an item's metadata: the content itself, as extracted.
_CONTENT_KEYS = ("text", "text_sealed", "text_truncated", "mojibake_repaired")
TEXT_SEALED = "text_sealed"  # textseal.SEALED (not imported: projections stay light)
IN_LOG = True  # in place of the sealed text, which the event holds

evidence = sa.Table(
    "vault_evidence",
    metadata,
    sa.Column("hash", sa.String(64), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("media_type", sa.String(200), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("path", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("collected_by", sa.Text),
    sa.Column("collected_at", sa.String(40)),
    sa.Column("note", sa.Text),
    sa.Column("derived_from", sa.String(64)),
    sa.Column("captured_at", sa.String(40)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("phash", sa.String(32)),
    sa.Column("meta", sa.JSON, nullable=False),
)

custody = sa.Table(
    "vault_custody",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True),
    sa.Column("hash", sa.String(64), primary_key=True),
    sa.Column("event", sa.String(20), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("to_party", sa.Text),
    sa.Column("from_party", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("detail", sa.JSON, nullable=False),
)
sa.Index("ix_vault_custody_hash", custody.c.hash)
sa.Index("ix_vault_evidence_phash", evidence.c.phash)

_CUSTODY_DETAIL = (
    "name",
    "path",
    "source",
    "collected_by",
    "collected_at",
    "derived",
    "derived_from",
    "reason",
)

# Built once: a statement built per event costs more than the insert itself.
_IS_HELD = sa.select(evidence.c.hash).where(evidence.c.hash == sa.bindparam("hash"))
_INSERT_EVIDENCE = evidence.insert()
_INSERT_CUSTODY = custody.insert()
_META = sa.select(evidence.c.meta).where(evidence.c.hash == sa.bindparam("hash"))
_SHREDDING = (
    sa.select(custody)
    .where(custody.c.hash == sa.bindparam("hash"), custody.c.event == SHREDDED)
    .order_by(custody.c.seq)
    .limit(1)
)
_OPTIONAL = ("path", "source", "collected_by", "collected_at", "note", "derived_from")


def _custody_row(
    seq: int, event: Event, hash: str, kind: str, body: dict[str, Any]
) -> dict[str, Any]:
    return {
        "seq": seq,
        "hash": hash,
        "event": kind,
        "at": event.at,
        "actor": event.actor,
        "to_party": body.get("to"),
        "from_party": body.get("from"),
        "note": body.get("note"),
        "detail": {k: body[k] for k in _CUSTODY_DETAIL if body.get(k) is not None},
    }


@projector.on("evidence.added", required=("hash", "size", "media_type", "name"))
def _added(conn: Connection, seq: int, event: Event) -> None:
    """A file was received into the vault (its first intake, or again under the same hash)."""
    b = event.body
    held = conn.execute(_IS_HELD, {"hash": b["hash"]}).first()
    if held is None:  # two concurrent intakes of the same bytes: the first one describes it
        meta = b.get("metadata") or {}
        if isinstance(meta.get(TEXT_SEALED), str):
            # The sealed text is kept once, in the log: readers fetch it from
            # the event at ``seq`` (``custody.with_sealed_text``).
            meta = {**meta, TEXT_SEALED: IN_LOG}
        gps = meta.get("gps") or {}
        row = {
            "hash": b["hash"],
            "seq": seq,
            "at": event.at,
            "actor": event.actor,
            "size": b["size"],
            "media_type": b["media_type"],
            "name": b["name"],
            "captured_at": meta.get("captured_at"),
            "lat": gps.get("lat"),
            "lon": gps.get("lon"),
            "phash": meta.get("phash"),
            "meta": meta,
        }
        row.update({k: b.get(k) for k in _OPTIONAL})
        conn.execute(_INSERT_EVIDENCE, row)
    conn.execute(_INSERT_CUSTODY, _custody_row(seq, event, b["hash"], "received", b))
    if b.get("derived_from"):
        origin = {"derived": b["hash"], "name": b["name"], "note": b.get("note")}
        conn.execute(
            _INSERT_CUSTODY, _custody_row(seq, event, b["derived_from"], "derived", origin)
        )


@projector.on("custody.recorded", required=("hash", "event"))
def _custody(conn: Connection, seq: int, event: Event) -> None:
    """A step in an item's chain of custody: received, transferred, accessed, exported, derived or shredded."""
    b = event.body
    conn.execute(_INSERT_CUSTODY, _custody_row(seq, event, b["hash"], b["event"], b))
    if b["event"] == SHREDDED:
        _drop_content(conn, b["hash"])


def _drop_content(conn: Connection, hash: str) -> None:
    """A shredded item's extracted text goes from the projection (and so from the
    search index); the ``evidence.added`` event in the log still holds it,
    sealed under the key the shred destroyed (``sabt.vault.textseal``)."""
    meta = conn.execute(_META, {"hash": hash}).scalar()
    if not isinstance(meta, dict) or not any(k in meta for k in _CONTENT_KEYS):
        return
    kept = {k: v for k, v in meta.items() if k not in _CONTENT_KEYS}
    conn.execute(evidence.update().where(evidence.c.hash == hash).values(meta=kept))


def shreds(conn: Connection) -> dict[str, dict[str, Any]]:
    """Every shredded item's first ``shredded`` step, by hash."""
    query = sa.select(custody).where(custody.c.event == SHREDDED).order_by(custody.c.seq.desc())
    return {row["hash"]: dict(row) for row in conn.execute(query).mappings()}


def shredding(conn: Connection, hash: str) -> dict[str, Any] | None:
    """The custody step that shredded an item (seq, at, actor, detail.reason), or None."""
    row = conn.execute(_SHREDDING, {"hash": hash}).mappings().first()
    return dict(row) if row is not None else None
