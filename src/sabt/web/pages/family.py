"""The family lookup page and the printable answer for one person (``sabt.web.family``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from sabt.web import family
from sabt.web.cache import cached
from sabt.web.roles import FAMILY, Principal, allow_group
from sabt.web.views import add_nav, render

router = APIRouter()
add_nav("nav.family", "/family", FAMILY)
Liaison = Annotated[Principal, Depends(allow_group(FAMILY))]


@router.get("/family", response_class=HTMLResponse)
def family_search(request: Request, who: Liaison, name: str = "", father: str = "") -> Response:
    results = family.lookup(request.app.state.case, name, father) if name.strip() else None
    return render(request, "family/search.html", name=name, father=father, results=results)


@router.get("/family/{rid}", response_class=HTMLResponse)
async def family_sheet(request: Request, rid: str, who: Liaison) -> Response:
    sheet = await cached(
        request, ("family", rid), lambda: family.sheet(request.app.state.case, rid)
    )
    return render(request, "family/sheet.html", sheet=sheet)
