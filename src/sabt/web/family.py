"""The family lookup: from a name (and a father's name) to what is known of a person.

A family liaison types a name in Persian or Latin script. Candidates come from
the search index (every word must match, by its key or its romanisation, so
حسین finds Hossein); each is then scored with ``sabt.names.similarity`` against
the person's every recorded name, and against the father's names when one was
given (the weaker of the two decides, so a namesake with another father ranks
low). The answer for one person gathers, from the records: the fate (acts in
which the person is involved as a victim: type, date, place), the recorded date
of death, the burial site (the place of a burial act, or a cemetery or grave
named for an act), and every source cited, with grades and locators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from sabt.names.similarity import similarity
from sabt.records import queries
from sabt.records.projection import claim, record
from sabt.records.selection import Selection
from sabt.search import search
from sabt.search.index import sync

THRESHOLD = 0.75
BURIAL_ACTS = ("secret_burial",)
GRAVE_PLACES = ("cemetery", "mass_grave")


@dataclass
class Candidate:
    id: str
    label: str
    names: list[str]
    fathers: list[str]
    score: float
    reasons: list[str]


@dataclass
class Fact:
    what: str  # act type, e.g. execution
    act: str
    dates: list[str]
    places: list[tuple[str, str]]  # (place id, label)
    sources: list[Any] = field(default_factory=list)


@dataclass
class Sheet:
    person: queries.RecordView
    names: list[str]
    fathers: list[str]
    death_dates: list[str]
    fates: list[Fact]
    burials: list[tuple[str, str]]  # (place id, label): burial of this person
    incident_burials: list[
        tuple[str, str]
    ]  # burial sites recorded for the incident, not the person
    sources: list[dict[str, str]]


def _values(view: queries.RecordView, prop: str) -> list[str]:
    for p in view.properties:
        if p.name == prop:
            return [v.value for v in p.values if v.value not in (queries.SEALED, queries.ERASED)]
    return []


PARTIAL = (
    0.95  # a query naming fewer words than the record (a given name only) ranks a little lower
)


def _best(query: str, names: list[str]) -> tuple[float, list[str]]:
    """The best score of ``query`` against any of the names, also against each run
    of as many words as the query has (so "Hossein" is compared with the given
    name of "Hossein Khiali", not with the whole name)."""
    best: tuple[float, list[str]] = (0.0, [])
    q = len(query.split())
    for name in names:
        words = name.split()
        runs = [(name, 1.0)]
        if q < len(words):
            runs += [(" ".join(words[i : i + q]), PARTIAL) for i in range(len(words) - q + 1)]
        for text, factor in runs:
            m = similarity(query, text)
            if m.score * factor > best[0]:
                best = (m.score * factor, list(m.reasons))
    return best


def lookup(
    case: Any, name: str, father: str = "", *, public: bool = False, limit: int = 20
) -> list[Candidate]:
    name, father = name.strip(), father.strip()
    if not name:
        return []
    sync(case)
    with case.engine.connect() as conn:
        hits = search(conn, name, kinds=("person",), public=public, limit=200)
        read = Selection(conn, [hit.ref for hit in hits])  # every hit at once
        views = [read.record_view(hit.ref) for hit in hits]
    out = []
    for view in views:
        names, fathers = _values(view, "name"), _values(view, "father_name")
        score, reasons = _best(name, names)
        if father:
            fscore, freasons = _best(father, fathers)
            score, reasons = min(score, fscore), reasons + freasons
        if score >= THRESHOLD:
            out.append(Candidate(view.id, view.label, names, fathers, score, reasons))
    return sorted(out, key=lambda c: (-c.score, c.label))[:limit]


def _acts_of(read: Selection, person: str) -> list[tuple[str, str]]:
    """(act id, involvement role) for every involvement naming the person."""
    involvements = (
        read.conn.execute(
            sa.select(claim.c.entity)
            .join(record, record.c.id == claim.c.entity)
            .where(
                record.c.kind == "involvement", claim.c.property == "party", claim.c.ref == person
            )
            .where(claim.c.retracted.is_(False), claim.c.stance == "affirms")
            .distinct()
        )
        .scalars()
        .all()
    )
    read.load(involvements)  # and the acts they name, their incidents and places
    out = []
    for view in (read.record_view(inv) for inv in involvements):
        roles = _values(view, "role") or [""]
        for act in _values(view, "act"):
            out.append((act, roles[0]))
    return out


def _incident_burials(read: Selection, incidents: list[str]) -> list[tuple[str, str]]:
    """Places of the burial acts recorded for whole incidents."""
    if not incidents:
        return []
    acts = (
        read.conn.execute(
            sa.select(claim.c.entity)
            .where(claim.c.property == "incident", claim.c.ref.in_(sorted(set(incidents))))
            .where(claim.c.retracted.is_(False))
            .distinct()
        )
        .scalars()
        .all()
    )
    read.load(acts)
    return [
        (pid, read.label(pid))
        for view in (read.record_view(act) for act in acts)
        if set(_values(view, "type")) & set(BURIAL_ACTS)
        for pid in _values(view, "place")
    ]


def sheet(case: Any, person: str) -> Sheet:
    """The answer for one person, in a fixed number of queries however many
    acts, places and incidents it names."""
    with case.engine.connect() as conn:
        read = Selection(conn, [person])
        view = read.record_view(person)
        cited: dict[str, dict[str, str]] = {}

        def cite(v: queries.RecordView) -> None:
            for p in v.properties:
                for val in p.values:
                    for c in val.claims:
                        entry = cited.setdefault(
                            c.source,
                            {
                                "id": c.source,
                                "title": c.source_title,
                                "grade": c.grade,
                                "locators": "",
                            },
                        )
                        if c.locator and c.locator not in entry["locators"]:
                            entry["locators"] = ", ".join(
                                x for x in (entry["locators"], c.locator) if x
                            )

        cite(view)
        victim_of = [act for act, role in _acts_of(read, person) if not role or role == "victim"]
        acts = {a: read.record_view(a) for a in victim_of}
        places = {p: read.record_view(p) for act in acts.values() for p in _values(act, "place")}
        fates: list[Fact] = []
        burials: dict[str, str] = {}
        incidents: list[str] = []
        for act_id in victim_of:
            act = acts[act_id]
            cite(act)
            types = _values(act, "type") or ["?"]
            here = [(pid, places[pid].label) for pid in _values(act, "place")]
            fact = Fact(types[0], act_id, _values(act, "start"), here)
            if types[0] in BURIAL_ACTS:
                burials.update(here)
            else:
                fates.append(fact)
                for pid, plabel in here:
                    if set(_values(places[pid], "type")) & set(GRAVE_PLACES):
                        burials[pid] = plabel
                incidents.extend(_values(act, "incident"))
        incident_burials: dict[str, str] = {}
        for pid, plabel in _incident_burials(read, incidents):
            incident_burials.setdefault(pid, plabel)
    return Sheet(
        person=view,
        names=_values(view, "name"),
        fathers=_values(view, "father_name"),
        death_dates=_values(view, "death_date"),
        fates=fates,
        burials=sorted(burials.items(), key=lambda x: x[1]),
        incident_burials=sorted(
            (p for p in incident_burials.items() if p[0] not in burials), key=lambda x: x[1]
        ),
        sources=sorted(cited.values(), key=lambda s: s["title"]),
    )
