"""Records: persons, organisations, places, incidents and sources, with their claims.

Every value is shown with the claims behind it (source, grade, locator);
conflicting values sit side by side, never resolved. Pages never decrypt:
sealed values show as hidden, protected persons by their pseudonym, and an
admin or investigator may reveal one value, which is logged
(``sabt.web.sensitive``). Investigators add records, sources and claims here.
"""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sabt.errors import InvalidInput, NotFound
from sabt.records import queries, store
from sabt.records.draft import ClaimInput
from sabt.records.projection import claim, record
from sabt.records.selection import Selection
from sabt.records.vocab import kind as kind_of
from sabt.records.vocab import vocabulary
from sabt.web import sensitive
from sabt.web.cache import cached
from sabt.web.pages.dashboard import add_count
from sabt.web.roles import EDITORS, EVERYONE, Principal, allow_group
from sabt.web.views import add_nav, render
from sabt.web.writes import write_lock

router = APIRouter()
# The read pages are ``async``: they run on the event loop in arrival order
# (cached data, a few milliseconds each) instead of contending for the GIL in
# the thread pool, which kept the latency tail long under load. Pages that
# write, or may take long (search, the family lookup), stay in the pool.
# URL segment → record kind, in menu order.
LISTS = {
    "persons": "person",
    "organisations": "organization",
    "places": "place",
    "incidents": "incident",
    "sources": "source",
}
Reader = Annotated[Principal, Depends(allow_group(EVERYONE))]
Editor = Annotated[Principal, Depends(allow_group(EDITORS))]


def _counter(kind: str):  # type: ignore[no-untyped-def]
    return lambda conn: conn.execute(
        sa.select(sa.func.count()).select_from(record).where(record.c.kind == kind)
    ).scalar_one()


for _segment, _kind in LISTS.items():
    add_nav(f"nav.{_segment}", f"/{_segment}", EVERYONE)
    add_count(f"nav.{_segment}", f"/{_segment}", _counter(_kind))


def _list_page(segment: str, kind: str):  # type: ignore[no-untyped-def]
    async def page(request: Request, who: Reader) -> Response:
        def load() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            with request.app.state.case.engine.connect() as conn:
                return queries.list_records(conn, kind), queries.source_list(conn)

        rows, sources = await cached(request, ("list", kind), load)
        return render(
            request,
            "records/list.html",
            segment=segment,
            kind=kind,
            rows=rows,
            sources=sources,
            vocab=vocabulary(),
        )

    page.__name__ = f"list_{segment}"
    return page


for _segment, _kind in LISTS.items():
    router.add_api_route(
        f"/{_segment}", _list_page(_segment, _kind), methods=["GET"], response_class=HTMLResponse
    )


def related(conn: sa.Connection, rid: str) -> list[dict[str, Any]]:
    """Records whose claims point at this one (an act at a place, an involvement
    of a person), with the property that links them."""
    rows = conn.execute(
        sa.select(claim.c.entity, claim.c.property, record.c.kind)
        .join(record, record.c.id == claim.c.entity)
        .where(claim.c.ref == rid, claim.c.retracted.is_(False))
        .distinct()
        .order_by(record.c.kind, claim.c.entity)
    ).all()
    read = Selection(conn, {r.entity for r in rows}, depth=3)  # enough for their labels
    return [
        {"id": r.entity, "kind": r.kind, "via": r.property, "label": read.label(r.entity)}
        for r in rows
    ]


@router.get("/records/{rid}", response_class=HTMLResponse)
async def record_page(request: Request, rid: str, who: Reader) -> Response:
    case = request.app.state.case

    def load() -> tuple[Any, ...]:
        with case.engine.connect() as conn:
            view = queries.record_view(conn, rid)
            spans = queries.timeline(conn, rid) if view.kind == "person" else []
            return view, related(conn, rid), spans, queries.source_list(conn)

    view, links, spans, sources = await cached(request, ("record", rid), load)
    k = kind_of(view.kind)
    return render(
        request,
        "records/record.html",
        view=view,
        kind=k,
        links=links,
        spans=spans,
        sources=sources,
        lists=vocabulary().lists,
    )


@router.post("/records/{rid}/claims")
def add_claim(
    request: Request,
    rid: str,
    who: Editor,
    property: Annotated[str, Form()],
    value: Annotated[str, Form()],
    source: Annotated[str, Form()],
    locator: Annotated[str, Form()] = "",
    credibility: Annotated[str, Form()] = "6",
    stance: Annotated[str, Form()] = "affirms",
) -> Response:
    case = request.app.state.case
    with write_lock:
        store.add_claims(
            case,
            [
                ClaimInput(
                    rid,
                    property,
                    value.strip(),
                    source,
                    locator.strip(),
                    credibility,
                    stance=stance,
                )
            ],
            actor=who.username,
        )
    return RedirectResponse(f"/records/{rid}?added=1#prop-{property}", status_code=303)


@router.post("/records")
def add_record(
    request: Request,
    who: Editor,
    kind: Annotated[str, Form()],
    name: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    locator: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    type: Annotated[str, Form()] = "",
    reliability: Annotated[str, Form()] = "",
    origin: Annotated[str, Form()] = "",
) -> Response:
    """A new record: a source (its catalogue fields), or any other kind with a
    first name claim by a source."""
    case = request.app.state.case
    with write_lock:
        if kind == "source":
            fields = {
                k: v.strip()
                for k, v in (
                    ("title", title),
                    ("type", type),
                    ("reliability", reliability),
                    ("origin", origin),
                )
                if v.strip()
            }
            rid = store.add_record(case, "source", actor=who.username, fields=fields)
        else:
            if kind not in LISTS.values():
                raise InvalidInput(
                    f"Cannot create a {kind!r} here.", errors={"kind": ", ".join(LISTS.values())}
                )
            if not name.strip() or not source:
                raise InvalidInput(
                    "A new record needs a name and the source that gives it.",
                    errors={"name": "required", "source": "required"},
                )
            rid = store.add_record(
                case,
                kind,
                actor=who.username,
                claims=[("name", name.strip())],
                source=source,
                locator=locator.strip(),
            )
    return RedirectResponse(f"/records/{rid}", status_code=303)


# Revealing sealed values: one claim's value, or a protected record's name.
def _claim_value(case: Any, claim_id: str) -> str | None:
    with case.engine.connect() as conn:
        entity = conn.execute(sa.select(claim.c.entity).where(claim.c.id == claim_id)).scalar()
        if entity is None:
            return None
        for c in queries.claims_of(conn, entity, store.unsealer(case)):
            if c.id == claim_id:
                return c.value
    return None


def _record_label(case: Any, rid: str) -> str | None:
    with case.engine.connect() as conn:
        try:
            return queries.label(conn, rid, store.unsealer(case))
        except NotFound:
            return None


sensitive.register("claim", "value", _claim_value)
sensitive.register("record", "name", _record_label)
