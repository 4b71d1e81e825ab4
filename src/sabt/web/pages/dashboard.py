"""The dashboard: what the case holds, what happened lately, and the ledger's state.

Page modules add their counts with ``add_count`` (e.g. persons, evidence); the
recent activity is the latest events (the public view sees their types and
times only, not who did them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from sabt.db.eventstore import events
from sabt.web.cache import cached
from sabt.web.roles import EVERYONE, Principal, allow_group
from sabt.web.views import ORDER, add_nav, render

router = APIRouter()
add_nav("nav.dashboard", "/", EVERYONE)

Counter = Callable[[sa.Connection], int]
COUNTS: list[tuple[str, str, Counter]] = []  # (message key, link, count)


def add_count(key: str, href: str, count: Counter) -> None:
    if all(k != key for k, _, _ in COUNTS):
        COUNTS.append((key, href, count))
        COUNTS.sort(key=lambda c: ORDER.index(c[1]) if c[1] in ORDER else len(ORDER))


def ledger_status(case) -> dict[str, object]:  # type: ignore[no-untyped-def]
    cp = case.journal.checkpoint()
    last = case.latest(1, types=["ledger.verified"])
    return {
        "origin": cp.origin,
        "size": cp.size,
        "root": cp.root.hex(),
        "verified": last[0].event if last else None,
    }


@router.get("/", response_class=HTMLResponse)
async def dashboard(
    request: Request, who: Annotated[Principal, Depends(allow_group(EVERYONE))]
) -> Response:
    case = request.app.state.case

    def load() -> tuple[Any, ...]:
        with case.engine.connect() as conn:
            counts = [(key, href, fn(conn)) for key, href, fn in COUNTS]
            by_type = conn.execute(
                sa.select(events.c.type, sa.func.count())
                .group_by(events.c.type)
                .order_by(sa.func.count().desc())
            ).all()
        return counts, by_type, case.latest(15)

    # Keyed by every event, not the version: it lists the latest events, reads included.
    counts, by_type, recent = await cached(request, "dashboard", load, every_event=True)
    # Not cached: the checkpoint is signed just after the events are stored.
    ledger = await run_in_threadpool(ledger_status, case)
    return render(
        request,
        "dashboard.html",
        counts=counts,
        by_type=by_type,
        recent=recent,
        ledger=ledger,
    )
