"""Full-text search over evidence text, records and claims (``sabt.search``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from sabt.search import search
from sabt.search.index import sync
from sabt.web.roles import EVERYONE, Principal, allow_group
from sabt.web.views import add_nav, render

router = APIRouter()
add_nav("nav.search", "/search", EVERYONE)
LINK = {"evidence": "/evidence/{ref}"}


def href(kind: str, ref: str) -> str:
    return LINK.get(kind, "/records/{ref}").format(ref=ref)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, who: Annotated[Principal, Depends(allow_group(EVERYONE))], q: str = ""
) -> Response:
    hits = None
    if q.strip():
        case = request.app.state.case
        sync(case)
        with case.engine.connect() as conn:
            hits = search(conn, q, public=who.redacted, limit=100)
    return render(request, "search.html", q=q, hits=hits, href=href)
