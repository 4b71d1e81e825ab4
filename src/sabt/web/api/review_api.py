"""The review queue as JSON: list, one pair, and a decision (reviewers)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from sabt.linkage import queries
from sabt.linkage.review import decide
from sabt.web.roles import REVIEWERS, Principal, allow_group
from sabt.web.writes import write_lock

router = APIRouter(prefix="/api", tags=["review"])
Reviewer = Annotated[Principal, Depends(allow_group(REVIEWERS))]


class Decision(BaseModel):
    decision: Literal["accept", "reject"]
    note: str = ""


@router.get("/review")
def review_queue(
    request: Request, who: Reviewer, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    with request.app.state.case.engine.connect() as conn:
        return {
            "pairs": queries.review_queue(
                conn, limit=min(max(limit, 1), 500), offset=max(offset, 0)
            )
        }


@router.get("/review/{a}/{b}")
def review_pair(request: Request, a: str, b: str, who: Reviewer) -> dict[str, Any]:
    with request.app.state.case.engine.connect() as conn:
        return queries.pair_detail(conn, a, b)


@router.post("/review/{a}/{b}")
def review_decide(
    request: Request, a: str, b: str, body: Decision, who: Reviewer
) -> dict[str, Any]:
    with write_lock:
        return dict(
            decide(
                request.app.state.case,
                a,
                b,
                body.decision,
                note=body.note.strip(),
                actor=who.username,
            )
        )
