"""Evidence: the list, one item (preview, extracted text, metadata, custody
timeline), its content and its inclusion proof; custody steps are recorded here.

Content is decrypted from the vault and checked against its hash as it streams.
Only raster images are served inline (for the preview); anything else is a
download with a sandboxing CSP, so a stored HTML or SVG file can never run in
the site's origin. The public view has no access to evidence.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import (
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from sabt.errors import Forgotten, InvalidInput, NotFound
from sabt.ledger.tlogproof import create_tlog_proof
from sabt.vault import custody, textseal
from sabt.vault.evidence import blob_store
from sabt.vault.projection import CUSTODY_EVENTS, SHREDDED, evidence
from sabt.web.pages.dashboard import add_count
from sabt.web.roles import ADMIN, EDITORS, STAFF, Principal, allow_group
from sabt.web.views import add_nav, render
from sabt.web.writes import write_lock

router = APIRouter()
add_nav("nav.evidence", "/evidence", STAFF)
add_count(
    "nav.evidence",
    "/evidence",
    lambda conn: conn.execute(sa.select(sa.func.count()).select_from(evidence)).scalar_one(),
)
Staff = Annotated[Principal, Depends(allow_group(STAFF))]
CONFIRM_DIGITS = 12
INLINE = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def _item(request: Request, prefix: str) -> dict:  # type: ignore[type-arg]
    case = request.app.state.case
    return custody.item(case, custody.resolve(case, prefix))


@router.get("/evidence", response_class=HTMLResponse)
def evidence_list(request: Request, who: Staff) -> Response:
    with request.app.state.case.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                evidence.c.hash,
                evidence.c.name,
                evidence.c.media_type,
                evidence.c.size,
                evidence.c.at,
                evidence.c.source,
                evidence.c.captured_at,
            ).order_by(evidence.c.seq)
        ).all()
    return render(request, "evidence/list.html", rows=rows)


@router.get("/evidence/{hash}", response_class=HTMLResponse)
def evidence_item(request: Request, hash: str, who: Staff) -> Response:
    item = _item(request, hash)
    steps = custody.timeline(request.app.state.case, item["hash"])
    done = next((step for step in steps if step["event"] == SHREDDED), None)  # the first
    case = request.app.state.case
    store = custody.store_if_unlocked(case) if textseal.is_sealed(item["meta"] or {}) else None
    meta, text, why_not = custody.readable_text(case, item, store)
    return render(
        request,
        "evidence/item.html",
        item=item,
        meta=meta,
        text=text,
        text_why_not=why_not,
        steps=steps,
        inline=item["media_type"] in INLINE and done is None,
        shredded=_shred(done) if done is not None else None,
        custody_events=CUSTODY_EVENTS,
        confirm_digits=CONFIRM_DIGITS,
    )


def _shred(step: dict[str, Any]) -> dict[str, Any]:
    """The shred step's parts, for the page to word in its language."""
    reason = (step.get("detail") or {}).get("reason") or ""
    return {"at": step["at"], "actor": step["actor"], "seq": step["seq"], "reason": reason}


@router.get("/evidence/{hash}/content")
def evidence_content(request: Request, hash: str, who: Staff) -> Response:
    item = _item(request, hash)
    case = request.app.state.case
    done = custody.shredding(case, item["hash"])
    if done is not None:  # also in the moment between the record and the key's destruction
        raise Forgotten(f"{item['hash']} ({item['name']}) was {custody.shredded_on(done)}.")
    chunks = blob_store(case).get(item["hash"])  # a locked server: VaultLocked
    media = item["media_type"] if item["media_type"] in INLINE else "application/octet-stream"
    disposition = "inline" if media in INLINE else "attachment"
    headers = {
        "Content-Disposition": content_disposition(disposition, item["name"]),
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "private, max-age=3600",
        "Content-Length": str(item["size"]),
    }
    return StreamingResponse(chunks, media_type=media, headers=headers)


@router.get("/evidence/{hash}/proof", response_class=PlainTextResponse)
def evidence_proof(request: Request, hash: str, who: Staff) -> Response:
    """A c2sp.org/tlog-proof@v1 that the item's ``evidence.added`` event is in the log."""
    case = request.app.state.case
    item = _item(request, hash)
    note = case.journal.checkpoint_path.read_text("utf-8")
    if item["seq"] >= case.journal.checkpoint().size:
        raise NotFound(
            "The item's event is not yet covered by a checkpoint; try again in a moment."
        )
    text = create_tlog_proof(
        case.journal.tiles, int(item["seq"]), note, extra=item["hash"].encode("ascii")
    )
    return PlainTextResponse(
        text,
        headers={"Content-Disposition": f'attachment; filename="{item["hash"][:16]}.tlog-proof"'},
    )


@router.post("/evidence/{hash}/custody")
def evidence_custody(
    request: Request,
    hash: str,
    who: Annotated[Principal, Depends(allow_group(EDITORS))],
    event: Annotated[str, Form()],
    to: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    item = _item(request, hash)
    with write_lock:
        custody.record(
            request.app.state.case,
            item["hash"],
            event,
            to=to.strip() or None,
            note=note.strip() or None,
            actor=who.username,
        )
    return RedirectResponse(f"/evidence/{item['hash']}#custody", status_code=303)


@router.post("/evidence/{hash}/shred")
def evidence_shred(
    request: Request,
    hash: str,
    who: Annotated[Principal, Depends(allow_group(ADMIN))],
    reason: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Crypto-shred an item (``sabt custody shred``): an administrator names the
    reason and types the start of the hash, so that no slip of a click does it."""
    item = _item(request, hash)
    want = item["hash"][:CONFIRM_DIGITS]
    if confirm.strip().lower() != want:
        raise InvalidInput(
            "Nothing was shredded: to confirm, type the first "
            f"{CONFIRM_DIGITS} characters of the hash ({want}).",
            {"confirm": f"expected {want}, found {confirm.strip()!r}"},
        )
    if not reason.strip():
        raise InvalidInput(
            "Nothing was shredded: give the reason (it is kept in the log for good).",
            {"reason": "required"},
        )
    with write_lock:
        custody.shred(request.app.state.case, item["hash"], reason, actor=who.username)
    return RedirectResponse(f"/evidence/{item['hash']}#custody", status_code=303)


def content_disposition(disposition: str, name: str) -> str:
    """RFC 6266: an ASCII fallback plus the UTF-8 name (RFC 8187), since HTTP
    headers are Latin-1 and most evidence from the case is named in Persian."""
    clean = "".join(" " if ch in "\r\n" else ch for ch in name).replace('"', "")
    fallback = clean.encode("ascii", "replace").decode().replace("?", "_")
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(clean)}"
