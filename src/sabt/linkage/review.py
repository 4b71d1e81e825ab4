"""Reviewer decisions: "these two attestations are the same person" or "are not".

A decision is an event (``link.accepted`` / ``link.rejected``) carrying both
attestation ids, the reviewer's note and the run whose score they saw; the
projection re-clusters at once. Deciding a pair again replaces the earlier
decision (both stay in the log). Decisions outlive runs: a later ``sabt link``
keeps honouring them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sabt.errors import InvalidInput
from sabt.linkage import queries
from sabt.linkage.projection import latest_run, ordered

if TYPE_CHECKING:
    from sabt.case import Case

DECISIONS = {"accept": "link.accepted", "reject": "link.rejected"}


def decide(
    case: Case, a: str, b: str, decision: str, *, note: str = "", actor: str | None = None
) -> dict[str, Any]:
    """Record a decision on the pair (a, b); returns the pair's detail afterwards."""
    if decision not in DECISIONS:
        raise InvalidInput(f"Unknown decision {decision!r}; expected accept or reject.")
    if a == b:
        raise InvalidInput(f"A pair needs two different attestations; both are {a!r}.")
    a, b = ordered(a, b)
    with case.engine.connect() as conn:
        queries.attestation(conn, a)  # NotFound names the bad id
        queries.attestation(conn, b)
        run = latest_run(conn)
    body = {"a": a, "b": b, "note": note, "run": run.id if run is not None else None}
    case.append(DECISIONS[decision], body, actor=actor)
    with case.engine.connect() as conn:
        return queries.pair_detail(conn, a, b)
