"""The map of places and the timeline of incidents.

The map is Leaflet with no tile server: a coarse outline drawn for sabt
(``static/outline.geojson``) and a graticule, with the places that have
coordinates drawn on top from ``/api/places``. The timeline lists incidents
and acts by their earliest claimed date, every claimed date shown.
"""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from sabt.records import queries
from sabt.records.dates import parse
from sabt.records.projection import record
from sabt.records.selection import Selection
from sabt.web.cache import cached
from sabt.web.roles import EVERYONE, Principal, allow_group
from sabt.web.views import add_nav, render

router = APIRouter()
add_nav("nav.map", "/map", EVERYONE)
add_nav("nav.timeline", "/timeline", EVERYONE)
Reader = Annotated[Principal, Depends(allow_group(EVERYONE))]


def _first(view: queries.RecordView, prop: str) -> list[str]:
    for p in view.properties:
        if p.name == prop:
            return [v.value for v in p.values if v.value not in (queries.SEALED, queries.ERASED)]
    return []


def places(conn: sa.Connection) -> list[dict[str, Any]]:
    ids = (
        conn.execute(sa.select(record.c.id).where(record.c.kind == "place").order_by(record.c.id))
        .scalars()
        .all()
    )
    read = Selection(conn, ids)  # every place at once
    out = []
    for rid in ids:
        view = read.record_view(rid)
        coords = _first(view, "coordinates")
        lat = lon = None
        if coords:
            lat, lon = (float(x) for x in coords[0].split(","))
        out.append(
            {
                "id": rid,
                "name": view.label,
                "kind": ", ".join(_first(view, "type")),
                "lat": lat,
                "lon": lon,
                "coordinates": coords,
            }
        )
    return out


def _earliest(dates: list[str]) -> str:
    keys = []
    for d in dates:
        try:
            keys.append(parse(d).earliest.isoformat())
        except ValueError:
            continue
    return min(keys) if keys else "9999"


def timeline(conn: sa.Connection) -> list[dict[str, Any]]:
    items = []
    rows = conn.execute(
        sa.select(record.c.id, record.c.kind).where(record.c.kind.in_(("incident", "act")))
    ).all()
    read = Selection(conn, [rid for rid, _ in rows])  # and the places they name
    for rid, kind in rows:
        view = read.record_view(rid)
        starts = _first(view, "start")
        place_ids = _first(view, "place")
        items.append(
            {
                "id": rid,
                "kind": kind,
                "label": view.label,
                "type": ", ".join(_first(view, "type")),
                "start": starts,
                "end": _first(view, "end"),
                "toll": _first(view, "toll"),
                "places": [(p, read.label(p)) for p in place_ids],
                "sort": _earliest(starts),
            }
        )
    return sorted(items, key=lambda i: (i["sort"], i["kind"] != "incident", i["id"]))


@router.get("/map", response_class=HTMLResponse)
async def map_page(request: Request, who: Reader) -> Response:
    rows = await cached(request, "places", lambda: _with_conn(request, places))
    return render(request, "places/map.html", places=rows)


@router.get("/timeline", response_class=HTMLResponse)
async def timeline_page(request: Request, who: Reader) -> Response:
    items = await cached(request, "timeline", lambda: _with_conn(request, timeline))
    return render(request, "places/timeline.html", items=items)


def _with_conn(request: Request, fn: Any) -> Any:
    with request.app.state.case.engine.connect() as conn:
        return fn(conn)
