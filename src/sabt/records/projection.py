"""The records projection: records and claims as SQL tables (SQLAlchemy Core).

Handlers run inside the transaction that appends the event, and ``sabt
rebuild`` replays the log through them, so nothing here may depend on the
clock, on keys or on anything but the event and the tables. Sealed values are
stored as their tokens: the projection never holds a sensitive plaintext, and
forgetting a subject's key leaves it byte-for-byte the same.

Each claim event recomputes the status of every claim about the same property
of the same record (conflicts.py), so the stored status is always current.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from sabt.db.projection import metadata, projector
from sabt.events.types import register
from sabt.records import conflicts
from sabt.records.vocab import kind

record = sa.Table(
    "records_record",
    metadata,
    sa.Column("id", sa.String(80), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False, index=True),
    sa.Column("protected", sa.Boolean, nullable=False),
    sa.Column("forgotten", sa.Boolean, nullable=False),
    sa.Column("fields", sa.Text, nullable=False),  # canonical JSON (catalogue kinds)
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("created_seq", sa.BigInteger, nullable=False),
    sa.Column("updated_seq", sa.BigInteger, nullable=False),
)

claim = sa.Table(
    "records_claim",
    metadata,
    sa.Column("id", sa.String(80), primary_key=True),
    sa.Column("entity", sa.String(80), nullable=False, index=True),
    sa.Column("property", sa.String(64), nullable=False),
    sa.Column("value", sa.Text),  # as printed; NULL when sealed
    sa.Column("value_key", sa.Text),
    sa.Column("script", sa.String(8)),
    sa.Column("ref", sa.String(80), index=True),  # the record a ref value names
    sa.Column("sealed", sa.Text),
    sa.Column("stance", sa.String(16), nullable=False),
    sa.Column("source", sa.String(80), nullable=False, index=True),
    sa.Column("locator", sa.Text, nullable=False),
    sa.Column("credibility", sa.Integer, nullable=False),
    sa.Column("review", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("analyst", sa.String(200), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("retracted", sa.Boolean, nullable=False),
    sa.Column("added_seq", sa.BigInteger, nullable=False),
    sa.Column("updated_seq", sa.BigInteger, nullable=False),
    sa.Index("ix_records_claim_entity_property", "entity", "property"),
)


# Events with no projection: a logged read of sensitive values, an export.
register("record.revealed", doc="A reader was shown sensitive values.", required=("subject",))
register("records.exported", doc="Records were exported.", required=("format",))


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@projector.on("record.created", required=("id", "kind", "protected", "fields"))
def _created(conn: sa.Connection, seq: int, event: Any) -> None:
    """A record (person, organisation, source, ...) was created."""
    b = event.body
    conn.execute(
        record.insert().values(
            id=b["id"], kind=b["kind"], protected=bool(b.get("protected", False)), forgotten=False,
            fields=dumps(b.get("fields", {})), actor=event.actor, created_seq=seq, updated_seq=seq,
        )
    )  # fmt: skip


@projector.on("record.edited", required=("id",))
def _edited(conn: sa.Connection, seq: int, event: Any) -> None:
    """A source's catalogue fields or a person's protection changed."""
    b = event.body
    row = conn.execute(sa.select(record.c.fields).where(record.c.id == b["id"])).one()
    fields = json.loads(row.fields)
    fields.update(b.get("fields", {}))
    for name in b.get("unset", []):
        fields.pop(name, None)
    changes: dict[str, Any] = {"fields": dumps(fields), "updated_seq": seq}
    if "protected" in b:
        changes["protected"] = bool(b["protected"])
    conn.execute(record.update().where(record.c.id == b["id"]).values(**changes))


@projector.on("record.forgotten", required=("subject",))
def _forgotten(conn: sa.Connection, seq: int, event: Any) -> None:
    """A subject's key was destroyed (crypto-shredding)."""
    conn.execute(
        record.update()
        .where(record.c.id == event.body["subject"])
        .values(forgotten=True, updated_seq=seq)
    )


# Statements built once: the claim handlers run for every claim of a large
# import and of every rebuild, and building a statement costs more than running it.
_KIND = sa.select(record.c.kind).where(record.c.id == sa.bindparam("rid"))
_INSERT = claim.insert()
_GROUP = sa.select(
    claim.c.id, claim.c.value_key, claim.c.stance, claim.c.retracted, claim.c.review, claim.c.status
).where(claim.c.entity == sa.bindparam("e"), claim.c.property == sa.bindparam("p"))
_SET_STATUS = (
    claim.update()
    .where(claim.c.id == sa.bindparam("cid"))
    .values(status=sa.bindparam("st"), updated_seq=sa.bindparam("sq"))
)


@projector.on(
    "claim.added",
    required=("id", "entity", "property", "stance", "source", "locator", "credibility", "review"),
)
def _claim_added(conn: sa.Connection, seq: int, event: Any) -> None:
    """A source's claim about a record was added."""
    b = event.body
    kind_name = conn.execute(_KIND, {"rid": b["entity"]}).scalar_one()
    prop = kind(kind_name).property(b["property"])
    conn.execute(
        _INSERT,
        {
            "id": b["id"], "entity": b["entity"], "property": b["property"], "value": b.get("value"),
            "value_key": b.get("key"), "script": b.get("script"),
            "ref": b.get("value") if prop.base == "ref" else None, "sealed": b.get("sealed"),
            "stance": b["stance"], "source": b["source"], "locator": b.get("locator", ""),
            "credibility": int(b["credibility"]), "review": b["review"], "status": b["review"],
            "analyst": event.actor, "note": "", "retracted": False, "added_seq": seq, "updated_seq": seq,
        },
    )  # fmt: skip
    _restatus(conn, seq, b["entity"], b["property"], kind_name)


@projector.on("claim.reviewed", required=("claim", "review"))
def _claim_reviewed(conn: sa.Connection, seq: int, event: Any) -> None:
    """An analyst reviewed a claim."""
    b = event.body
    conn.execute(
        claim.update()
        .where(claim.c.id == b["claim"])
        .values(review=b["review"], note=b.get("note", ""), updated_seq=seq)
    )
    _restatus_claim(conn, seq, b["claim"])


@projector.on("claim.retracted", required=("claim", "reason"))
def _claim_retracted(conn: sa.Connection, seq: int, event: Any) -> None:
    """A claim was retracted."""
    b = event.body
    conn.execute(
        claim.update()
        .where(claim.c.id == b["claim"])
        .values(retracted=True, note=b.get("reason", ""), updated_seq=seq)
    )
    _restatus_claim(conn, seq, b["claim"])


def _restatus_claim(conn: sa.Connection, seq: int, claim_id: str) -> None:
    row = conn.execute(
        sa.select(claim.c.entity, claim.c.property, record.c.kind)
        .join(record, record.c.id == claim.c.entity)
        .where(claim.c.id == claim_id)
    ).one()
    _restatus(conn, seq, row.entity, row.property, row.kind)


def _restatus(conn: sa.Connection, seq: int, entity: str, prop_name: str, kind_name: str) -> None:
    rows = conn.execute(_GROUP, {"e": entity, "p": prop_name}).all()
    facts = [conflicts.Fact(r.id, r.value_key, r.stance, retracted=r.retracted) for r in rows]
    clash = conflicts.conflicting(kind(kind_name).property(prop_name), facts)
    for r in rows:
        new = conflicts.status(r.review, r.retracted, r.id in clash)
        if new != r.status:
            conn.execute(_SET_STATUS, {"cid": r.id, "st": new, "sq": seq})
