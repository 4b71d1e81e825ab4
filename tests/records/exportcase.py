"""A generated case for the export tests: the FICTIONAL demo's records, as many
times over as asked (sources, people in both scripts, conflicts and denials,
relationships, a protected witness), plus a retracted claim and a forgotten
subject. Seeded, so the same call makes the same records and claims."""

from __future__ import annotations

from random import Random

import sqlalchemy as sa

from sabt.case import Case
from sabt.records import demo, store
from sabt.records.projection import claim, record


def grow(case: Case, copies: int, seed: int) -> None:
    """The demo's records and claims, ``copies`` times, under new ids."""
    rng = Random(seed)
    for _ in range(copies):
        demo.contribute(case, rng)


def fill(case: Case, copies: int, seed: int = 1988) -> None:
    grow(case, copies, seed)
    with case.engine.connect() as conn:
        first_birth = conn.execute(
            sa.select(claim.c.id)
            .where(claim.c.property == "birth_date")
            .order_by(claim.c.added_seq)
            .limit(1)
        ).scalar_one()
        witnesses = list(
            conn.execute(
                sa.select(record.c.id)
                .where(record.c.protected.is_(True))
                .order_by(record.c.created_seq)
            ).scalars()
        )
    store.retract_claim(case, first_birth, "misread the page", actor="t")
    store.forget(case, witnesses[-1], actor="t")  # the others stay sealed, not erased
