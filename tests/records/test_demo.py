"""The records part of the fictional demo: marked fictional, with the conflicts,
timelines and protected witness it exists to show, and a log that verifies."""

from __future__ import annotations

import json
import random

import pytest
import sqlalchemy as sa

from sabt.case import Case
from sabt.db.rebuild import rebuild
from sabt.events.verify import verify
from sabt.records import demo, queries
from sabt.records.projection import record

pytest.importorskip("sabt.vault.keys", reason="the demo's witness needs the vault's key ring")


def test_the_demo_shows_conflicts_timelines_and_a_protected_witness(sqlite_case: Case) -> None:
    case = sqlite_case
    demo.contribute(case, random.Random(1988))
    with case.engine.connect() as conn:
        rows = conn.execute(sa.select(record.c.id, record.c.kind, record.c.fields)).all()
        sources = [json.loads(r.fields) for r in rows if r.kind == "source"]
        assert sources and all(s["title"].startswith("FICTIONAL") for s in sources)
        persons = [r.id for r in rows if r.kind == "person"]
        views = [queries.record_view(conn, p) for p in persons]
        open_persons = [v for v in views if not v.protected]
        assert all(
            demo.FICTIONAL
            in [x.value for p in v.properties if p.name == "description" for x in p.values]
            for v in open_persons
        )
        assert any(v.protected for v in views)
        incident = next(r.id for r in rows if r.kind == "incident")
        toll = next(p for p in queries.record_view(conn, incident).properties if p.name == "toll")
        assert toll.conflict and [(v.value, v.origins) for v in toll.values] == [
            ("several thousand", 1),
            ("over 30,000", 2),
        ]
        judges = [v for v in open_persons if queries.timeline(conn, v.id)]
        assert len(judges) == 3
        spans = queries.timeline(conn, judges[0].id)
        assert [s.kind for s in spans] == ["membership", "position_held"]
        assert sum(1 for v in open_persons if any(p.conflict for p in v.properties)) >= 5
    assert rebuild(case).equal
    assert verify(case.journal).size == case.size()
