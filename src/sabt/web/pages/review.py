"""The linkage review queue: two attestations side by side, the model's reasons,
and the reviewer's decision (an event: ``link.accepted`` / ``link.rejected``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sabt.linkage import queries
from sabt.linkage.review import decide
from sabt.web.pages.dashboard import add_count
from sabt.web.roles import REVIEWERS, Principal, allow_group
from sabt.web.views import add_nav, render
from sabt.web.writes import write_lock

router = APIRouter()
add_nav("nav.review", "/review", REVIEWERS)
add_count("nav.review", "/review", queries.review_count)
Reviewer = Annotated[Principal, Depends(allow_group(REVIEWERS))]
FIELDS = (
    "given_name",
    "family_name",
    "father_name",
    "birth_year",
    "death_date",
    "prison",
    "city",
    "affiliation",
    "titles",
)


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, who: Reviewer, done: str = "") -> Response:
    with request.app.state.case.engine.connect() as conn:
        queue = queries.review_queue(conn, limit=200)
    return render(request, "review/queue.html", queue=queue, done=done)


@router.get("/review/{a}/{b}", response_class=HTMLResponse)
def review_pair(request: Request, a: str, b: str, who: Reviewer) -> Response:
    with request.app.state.case.engine.connect() as conn:
        detail = queries.pair_detail(conn, a, b)
    return render(request, "review/pair.html", d=detail, fields=FIELDS)


@router.post("/review/{a}/{b}")
def review_decide(
    request: Request,
    a: str,
    b: str,
    who: Reviewer,
    decision: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    case = request.app.state.case
    with write_lock:
        decide(case, a, b, decision, note=note.strip(), actor=who.username)
    with case.engine.connect() as conn:
        following = queries.review_queue(conn, limit=1)
    if following:
        nxt = following[0]
        return RedirectResponse(f"/review/{nxt['a']}/{nxt['b']}?done={decision}", status_code=303)
    return RedirectResponse(f"/review?done={decision}", status_code=303)
