"""Export to FollowTheMoney entities (followthemoney 4.x), loadable by Aleph.

person → Person, organization → Organization, post → Position, place →
Address, incident and act → Event (an act's involvements become its
``involved`` parties), membership → Membership, position_held → Occupancy,
source → Document. Every entity cites the Documents behind its claims in
``proof``. FollowTheMoney values carry no source, so conflicting values are
also spelled out in ``notes`` with their sources; sensitive and sealed values
are never exported, and a protected person appears under their pseudonym.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from followthemoney import model
from followthemoney.proxy import EntityProxy

from sabt.records import dates, queries
from sabt.records.snapshot import Snapshot
from sabt.records.vocab import kind

# sabt property -> FtM property, per kind (absent: not exported as a property)
PROPS: dict[str, dict[str, str]] = {
    "person": {"name": "name", "father_name": "fatherName", "title": "title", "gender": "gender",
               "birth_date": "birthDate", "death_date": "deathDate", "nationality": "nationality",
               "description": "description"},
    "organization": {"name": "name", "parent": "parent", "start": "incorporationDate",
                     "end": "dissolutionDate", "description": "description"},
    "post": {"name": "name", "organization": "organization", "description": "description"},
    "place": {"name": "full", "description": "summary", "located_in": "addressEntity"},
    "incident": {"name": "name", "start": "startDate", "end": "endDate", "place": "addressEntity",
                 "description": "description"},
    "act": {"start": "startDate", "end": "endDate", "place": "addressEntity", "description": "description"},
    "membership": {"member": "member", "organization": "organization", "role": "role",
                   "start": "startDate", "end": "endDate"},
    "position_held": {"holder": "holder", "post": "post", "start": "startDate", "end": "endDate"},
}  # fmt: skip


def ftm_date(text: str) -> str | None:
    """The FtM form of a partial date, never more precise than the range it
    covers: a day, a month, a year; a Solar Hijri year (March to March) becomes
    the Gregorian year it starts in; a wider range ("before 1960") is left out,
    as FtM has no ranges."""
    r = dates.parse(text)
    a, b = r.earliest, r.latest
    if a == b:
        return a.isoformat()
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.year:04d}-{a.month:02d}"
    if a.year == b.year or (b - a).days <= 366:
        return f"{a.year:04d}"
    return None


def note(e: EntityProxy, text: str) -> None:
    """A note for a reader: ``notes`` where the schema has it (Thing), else
    ``description`` (Interval schemata such as Membership and Occupancy)."""
    e.add("notes" if "notes" in e.schema.properties else "description", text)


def entities(conn: sa.Connection, *, fictional: bool = False) -> Iterator[EntityProxy]:
    """Every exportable record as a FollowTheMoney entity."""
    case = Snapshot(conn)  # every record and claim in two queries
    rows = case.rows
    events: dict[str, EntityProxy] = {}
    later: list[EntityProxy] = []
    for row in rows:
        if row.kind == "involvement":
            continue
        e = _entity(case, row, fictional)
        if row.kind == "act":
            events[row.id] = e
        else:
            later.append(e)
    for row in rows:  # involvements name their act's parties
        if row.kind != "involvement":
            continue
        view = case.record_view(row.id)
        props = {p.name: p for p in view.properties}
        acts = [v.value for v in props["act"].values] if "act" in props else []
        parties = [v.value for v in props["party"].values] if "party" in props else []
        role = "/".join(v.value for v in props["role"].values) if "role" in props else "involved"
        degree = "/".join(v.value for v in props["degree"].values) if "degree" in props else ""
        for act in acts:
            if act not in events:
                continue
            for party in parties:
                events[act].add("involved", party)
                note(events[act], f"{party}: {role}{' (' + degree + ')' if degree else ''}")
            for src in case.sources_of(row.id):
                events[act].add("proof", src)
    yield from later
    yield from events.values()


def _side(v: queries.ValueView) -> str:
    said = [f"according to {', '.join(c.source for c in v.claims)}"] if v.claims else []
    said += [f"denied by {', '.join(c.source for c in v.denials)}"] if v.denials else []
    return f"{v.value!r} ({'; '.join(said)})"


def _entity(case: Snapshot, row: Any, fictional: bool) -> EntityProxy:
    k = kind(row.kind)
    e = model.make_entity(k.ftm)
    e.id = row.id
    if fictional:
        note(e, "FICTIONAL: invented demo data, not a real record.")
    if row.kind == "source":
        f = json.loads(row.fields)
        e.add("title", f.get("title"))
        e.add("fileName", f.get("title"))
        e.add("sourceUrl", f.get("url"))
        e.add("publisher", f.get("origin"))
        if f.get("date"):
            e.add("date", ftm_date(f["date"]))
        e.add("summary", f"{f.get('type')}; reliability {f.get('reliability')}")
        return e
    view = case.record_view(row.id)
    mapping = PROPS.get(row.kind, {})
    for p in view.properties:
        prop = k.properties[p.name]
        target = mapping.get(p.name)
        affirmed = [
            v
            for v in p.values
            if v.claims and v.value not in (queries.SEALED, queries.ERASED, "(retracted)")
        ]
        if target and not prop.sensitive and not row.protected:
            for v in affirmed:
                e.add(target, ftm_date(v.value) if prop.base == "date" else v.value)
        if p.conflict:
            sides = "; ".join(_side(v) for v in p.values if v.value != "(retracted)")
            note(e, f"Conflicting claims on {p.name}: {sides}")
        elif p.name == "toll":
            e.add("description", f"Toll: {'; '.join(v.value for v in affirmed)}")
    if row.protected:
        e.add("name", queries.pseudonym(row.id))
    if row.kind == "act":
        types = [v.value for p in view.properties if p.name == "type" for v in p.values if v.claims]
        e.add("name", " / ".join(t.replace("_", " ") for t in types) or "act")
    if row.kind == "place":
        coords = [
            v.value
            for p in view.properties
            if p.name == "coordinates"
            for v in p.values
            if v.claims
        ]
        if coords:
            lat, lon = coords[0].split(",")
            e.add("latitude", lat)
            e.add("longitude", lon)
    for src in case.sources_of(row.id):
        if "proof" in e.schema.properties:
            e.add("proof", src)
    if k.ftm in ("Person", "Organization", "Position", "Event") and not e.has("name"):
        e.add("name", row.id)
    return e


def lines(conn: sa.Connection, *, fictional: bool = False) -> Iterator[str]:
    for e in entities(conn, fictional=fictional):
        yield json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True)
