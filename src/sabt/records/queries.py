"""The read side of records, for the CLI and the web application.

Every value returned carries the claims behind it: grouped by property, then
by value, each value with its sources, their grades and the number of
independent origins; conflicting values are returned side by side with
``conflict=True``. Sensitive values are shown only to a reader given an
``unseal`` function (a role allowed to see them); anyone else sees the
subject's pseudonym or ``[sealed]``, and after ``sabt forget`` everyone sees
``[erased]``.
"""

from __future__ import annotations

import builtins
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from sabt.errors import NotFound
from sabt.records import conflicts, dates, draft
from sabt.records.projection import claim, record
from sabt.records.vocab import kind, vocabulary

Unseal = Callable[[str, str, bytes], str | None]
SEALED = "[sealed]"
ERASED = "[erased]"


def pseudonym(rid: str) -> str:
    """A stable pseudonym for a protected subject, revealing nothing of it."""
    return "Protected person P-" + hashlib.sha256(rid.encode()).hexdigest()[:6].upper()


@dataclass
class ClaimView:
    id: str
    property: str
    value: str
    stance: str
    source: str
    source_title: str
    reliability: str
    origin: str
    locator: str
    credibility: int
    status: str
    analyst: str
    note: str

    @builtins.property  # the field "property" shadows the builtin in this class body
    def grade(self) -> str:
        """The Admiralty-style grade: source reliability + information credibility."""
        return f"{self.reliability}{self.credibility}"


@dataclass
class ValueView:
    value: str
    origins: int  # independent origins affirming it
    label: str  # what to call it: a referenced record's label, else the value
    claims: list[ClaimView] = field(default_factory=list)  # affirming
    denials: list[ClaimView] = field(default_factory=list)


@dataclass
class PropertyView:
    name: str
    conflict: bool
    values: list[ValueView]


@dataclass
class RecordView:
    id: str
    kind: str
    label: str
    protected: bool
    forgotten: bool
    fields: dict[str, Any]
    properties: list[PropertyView]


def _sources(conn: sa.Connection) -> dict[str, dict[str, Any]]:
    rows = conn.execute(sa.select(record.c.id, record.c.fields).where(record.c.kind == "source"))
    return {r.id: json.loads(r.fields) for r in rows}


def _claim_view(
    r: Any, sources: dict[str, dict[str, Any]], unseal: Unseal | None, forgotten: bool
) -> ClaimView:
    src = sources.get(r.source, {})
    if r.sealed is None:
        value = r.value
    elif forgotten:
        value = ERASED
    elif unseal is None:
        value = SEALED
    else:
        opened = unseal(r.entity, r.sealed, draft.aad(r.id, r.entity, r.property))
        value = ERASED if opened is None else opened
    return ClaimView(
        id=r.id, property=r.property, value=value, stance=r.stance, source=r.source, source_title=src.get("title", r.source),
        reliability=src.get("reliability", "F"), origin=src.get("origin") or r.source,
        locator=r.locator, credibility=r.credibility, status=r.status, analyst=r.analyst, note=r.note,
    )  # fmt: skip


# How a relationship record is called: "<first> <verb> <second>".
_RELATION = {
    "membership": ("member", "member of", "organization"),
    "position_held": ("holder", "held", "post"),
    "involvement": ("party", "involved in", "act"),
    "post": ("name", "at", "organization"),
}


class Reader:
    """The views of records, read from the database a record at a time (a
    page shows one record and the few it names).

    The views need four things: a record's row, the sources' catalogue, a
    record's claims and the first claim of one property. ``Snapshot``
    (snapshot.py) answers the same four from memory, loaded in a fixed number
    of queries, for work over the whole case such as an export.
    """

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self._sources: dict[str, dict[str, Any]] | None = None

    # -- what the views read -------------------------------------------------

    def row(self, rid: str) -> Any:
        row = self.conn.execute(sa.select(record).where(record.c.id == rid)).first()
        if row is None:
            raise NotFound(f"no record {rid!r} (see `sabt record list`).")
        return row

    def sources(self) -> dict[str, dict[str, Any]]:
        """Every source's catalogue fields, by id."""
        if self._sources is None:
            self._sources = _sources(self.conn)
        return self._sources

    def claims(self, rid: str, *, retracted: bool = True) -> list[Any]:
        """The claims about a record in the order made (retracted ones only if asked)."""
        q = sa.select(claim).where(claim.c.entity == rid)
        if not retracted:
            q = q.where(claim.c.retracted.is_(False))
        return list(self.conn.execute(q.order_by(claim.c.added_seq, claim.c.id)))

    def first(self, rid: str, prop: str, *, valued: bool = False) -> Any | None:
        """The first active claim affirming ``prop`` of a record (with a plain
        value, if ``valued``), or None."""
        q = (
            sa.select(claim)
            .where(claim.c.entity == rid, claim.c.property == prop, claim.c.retracted.is_(False))
            .where(claim.c.stance == "affirms")
        )
        if valued:
            q = q.where(claim.c.value.is_not(None))
        return self.conn.execute(q.order_by(claim.c.added_seq).limit(1)).first()

    def sources_of(self, rid: str) -> list[str]:
        """The sources of a record's active claims, sorted."""
        q = (
            sa.select(claim.c.source)
            .where(claim.c.entity == rid, claim.c.retracted.is_(False))
            .distinct()
        )
        return sorted(self.conn.execute(q).scalars())

    # -- the views ---------------------------------------------------------------

    def record_view(
        self, rid: str, unseal: Unseal | None = None, *, retracted: bool = False
    ) -> RecordView:
        """A record with its claims grouped by property and value, conflicts marked."""
        row = self.row(rid)
        k = kind(row.kind)
        sources = self.sources()
        by_prop: dict[str, list[Any]] = {}
        for r in self.claims(rid, retracted=retracted):
            by_prop.setdefault(r.property, []).append(r)
        props: list[PropertyView] = []
        for name in k.properties:
            rows = by_prop.get(name)
            if not rows:
                continue
            views = {r.id: _claim_view(r, sources, unseal, row.forgotten) for r in rows}
            facts = [
                conflicts.Fact(r.id, r.value_key, r.stance, views[r.id].origin, r.retracted)
                for r in rows
            ]
            groups = conflicts.group(facts)
            values = [
                ValueView(
                    value=(shown := views[(g.affirmed or g.denied)[0].id].value),
                    origins=g.origins,
                    label=self._ref_label(shown, unseal)
                    if k.properties[name].base == "ref"
                    else shown,
                    claims=[views[f.id] for f in g.affirmed],
                    denials=[views[f.id] for f in g.denied],
                )
                for g in groups
            ]
            retracted_views = [views[r.id] for r in rows if r.retracted]
            if retracted_views:
                values.append(
                    ValueView(
                        value="(retracted)", origins=0, label="(retracted)", claims=retracted_views
                    )
                )
            in_conflict = bool(conflicts.conflicting(k.properties[name], facts))
            props.append(PropertyView(name, in_conflict, values))
        return RecordView(
            id=row.id, kind=row.kind, label=self.label(rid, unseal), protected=row.protected,
            forgotten=row.forgotten, fields=json.loads(row.fields), properties=props,
        )  # fmt: skip

    def _ref_label(self, rid: str, unseal: Unseal | None) -> str:
        try:
            return f"{self.label(rid, unseal)} ({rid})"
        except NotFound:
            return rid

    def label(self, rid: str, unseal: Unseal | None = None, *, _depth: int = 0) -> str:
        """What to call a record: a protected person's pseudonym unless the reader
        may see it; else its first active name (or a source's title); else its id."""
        row = self.row(rid)
        if row.kind == "source":
            return str(json.loads(row.fields).get("title", rid))
        if row.protected and (unseal is None or row.forgotten):
            return pseudonym(rid)
        if row.kind in _RELATION and row.kind != "post" and _depth < 2:
            first, verb, second = _RELATION[row.kind]
            a, b = self.first(rid, first, valued=True), self.first(rid, second, valued=True)
            if a is not None and a.value and b is not None and b.value:
                left = self.label(a.value, unseal, _depth=_depth + 1)
                return f"{left} {verb} {self.label(b.value, unseal, _depth=_depth + 1)}"
        for prop in ("name", "type"):
            r = self.first(rid, prop)
            if r is not None:
                return _claim_view(r, {}, unseal, row.forgotten).value
        return rid

    def claims_of(self, rid: str, unseal: Unseal | None = None) -> list[ClaimView]:
        """Every claim about a record, retracted ones included, in the order made."""
        row = self.row(rid)
        sources = self.sources()
        return [_claim_view(r, sources, unseal, row.forgotten) for r in self.claims(rid)]


def record_view(
    conn: sa.Connection, rid: str, unseal: Unseal | None = None, *, retracted: bool = False
) -> RecordView:
    """A record with its claims grouped by property and value, conflicts marked."""
    return Reader(conn).record_view(rid, unseal, retracted=retracted)


def label(conn: sa.Connection, rid: str, unseal: Unseal | None = None) -> str:
    """What to call a record (see :meth:`Reader.label`)."""
    return Reader(conn).label(rid, unseal)


@dataclass
class Span:
    """One role or office in a person's timeline, with the claims behind it."""

    record: str
    kind: str  # membership or position_held
    what: str  # the organisation or post
    role: str
    start: list[ValueView]
    end: list[ValueView]
    sort_key: str
    view: RecordView


def timeline(conn: sa.Connection, person: str, unseal: Unseal | None = None) -> list[Span]:
    """Memberships (roles then) and positions held (offices later) of a person,
    ordered by the earliest claimed start; each span keeps all claimed dates."""
    from sabt.records.selection import Selection  # it builds on this module

    read = Selection(conn, [person])
    read.row(person)
    rows = conn.execute(
        sa.select(claim.c.entity, record.c.kind)
        .join(record, record.c.id == claim.c.entity)
        .where(claim.c.ref == person, claim.c.property.in_(("member", "holder")))
        .where(claim.c.stance == "affirms")
        .distinct()
    ).all()
    read.load(r.entity for r in rows)
    spans = []
    for r in rows:
        view = read.record_view(r.entity, unseal)
        props = {p.name: p for p in view.properties}
        target = "organization" if r.kind == "membership" else "post"
        what = props.get(target)
        names = [read.label(v.value, unseal) for v in what.values] if what else ["?"]
        role = props.get("role")
        start = props["start"].values if "start" in props else []
        end = props["end"].values if "end" in props else []
        keys = sorted(_start_key(v.value) for v in start) or ["9999"]
        spans.append(
            Span(
                record=r.entity,
                kind=r.kind,
                what=" | ".join(names),
                role=" | ".join(v.value for v in role.values) if role else "",
                start=start,
                end=end,
                sort_key=keys[0],
                view=view,
            )  # fmt: skip
        )
    return sorted(spans, key=lambda s: (s.sort_key, s.record))


def _start_key(text: str) -> str:
    try:
        return dates.parse(text).earliest.isoformat()
    except ValueError:
        return "9999"


def list_records(
    conn: sa.Connection,
    kind_name: str | None = None,
    unseal: Unseal | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Records with their label and how many active claims and conflicts each has."""
    q = sa.select(
        record.c.id, record.c.kind, record.c.protected, record.c.forgotten, record.c.fields
    )
    q = q.order_by(record.c.kind, record.c.created_seq).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    if kind_name:
        vocabulary().kind(kind_name)
        q = q.where(record.c.kind == kind_name)
    rows = conn.execute(q).all()
    ids = [r.id for r in rows]
    counts: dict[str, list[int]] = {rid: [0, 0] for rid in ids}
    first_name: dict[str, Any] = {}
    for chunk in range(0, len(ids), 500):  # bounded IN lists
        part = ids[chunk : chunk + 500]
        tally = (
            sa.select(
                claim.c.entity,
                sa.func.count(),
                sa.func.sum(sa.case((claim.c.status == "conflict", 1), else_=0)),
            )
            .where(claim.c.entity.in_(part), claim.c.retracted.is_(False))
            .group_by(claim.c.entity)
        )
        for entity, n, c in conn.execute(tally):
            counts[entity] = [int(n), int(c or 0)]
        names = (
            sa.select(claim)
            .where(claim.c.entity.in_(part), claim.c.property == "name")
            .where(claim.c.retracted.is_(False), claim.c.stance == "affirms")
            .order_by(claim.c.added_seq)
        )
        for r in conn.execute(names):
            first_name.setdefault(r.entity, r)
    out = []
    for r in rows:
        if r.kind == "source":
            name = str(json.loads(r.fields).get("title", r.id))
        elif r.protected and (unseal is None or r.forgotten):
            name = pseudonym(r.id)
        elif r.id in first_name:
            name = _claim_view(first_name[r.id], {}, unseal, r.forgotten).value
        else:
            name = label(conn, r.id, unseal)  # relationships and acts: composed
        n, c = counts[r.id]
        out.append({"id": r.id, "kind": r.kind, "label": name, "claims": n, "conflicts": c})
    return out


def source_list(conn: sa.Connection) -> list[dict[str, Any]]:
    """Every source with its grade, origin, how many active claims cite it, and
    the evidence files (in the vault) it points at."""
    counts: dict[str, int] = dict(
        conn.execute(
            sa.select(claim.c.source, sa.func.count())
            .where(claim.c.retracted.is_(False))
            .group_by(claim.c.source)
        ).all()
    )
    from sabt.vault.projection import evidence  # the files a source points at

    out = []
    for sid, fields in _sources(conn).items():
        held: list[dict[str, Any]] = []
        if fields.get("blobs"):
            q = sa.select(evidence.c.hash, evidence.c.name, evidence.c.media_type)
            q = q.where(evidence.c.hash.in_(fields["blobs"]))
            held = [dict(r._mapping) for r in conn.execute(q)]
        out.append({"id": sid, **fields, "claims": counts.get(sid, 0), "evidence": held})
    return out


def claims_of(conn: sa.Connection, rid: str, unseal: Unseal | None = None) -> list[ClaimView]:
    """Every claim about a record, retracted ones included, in the order made."""
    return Reader(conn).claims_of(rid, unseal)


@dataclass
class Part:
    """A record's part in an act: victim, perpetrator (with degree), witness or source."""

    involvement: str
    act: str
    act_label: str
    role: str
    degree: str
    conflict: bool


def involvements(conn: sa.Connection, rid: str, unseal: Unseal | None = None) -> list[Part]:
    """The acts a person or organisation is involved in, as sources claim."""
    from sabt.records.selection import Selection  # it builds on this module

    ids = sorted(
        conn.execute(
            sa.select(claim.c.entity)
            .where(claim.c.ref == rid, claim.c.property == "party", claim.c.retracted.is_(False))
            .distinct()
        ).scalars()
    )
    read = Selection(conn, ids)
    parts = []
    for inv in ids:
        view = read.record_view(inv, unseal)
        props = {p.name: p for p in view.properties}
        act = props["act"].values[0].value if "act" in props else ""

        def joined(name: str, props: dict[str, PropertyView] = props) -> str:
            return (
                " | ".join(v.value for v in props[name].values if v.claims) if name in props else ""
            )

        parts.append(
            Part(inv, act, read.label(act, unseal) if act else "?", joined("role"), joined("degree"),
                 any(p.conflict for p in view.properties))
        )  # fmt: skip
    return parts
