"""Sensitive fields: hidden by default, and every reading is an event.

A page shows a sensitive field (a witness's identity, a family's contact) as a
masked placeholder with a "reveal" button. Revealing it appends
``sensitive.read`` {subject, field, reason} to the ledger *before* the value is
sent, so the log holds a tamper-evident record of who read what. The public
``viewer`` role can never reveal. Packages register readers for their fields
with ``register(kind, field, reader)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sabt.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied, VaultLocked
from sabt.web.roles import SENSITIVE, Principal

if TYPE_CHECKING:
    from sabt.case import Case

Reader = Callable[["Case", str], str | None]
_READERS: dict[tuple[str, str], Reader] = {}


def register(kind: str, field: str, reader: Reader) -> None:
    _READERS[(kind, field)] = reader


def known(kind: str, field: str) -> bool:
    return (kind, field) in _READERS


def reveal(case: Case, who: Principal, kind: str, ref: str, field: str, reason: str) -> str:
    if who.role not in SENSITIVE:
        raise PermissionDenied("Your role may not read sensitive fields.")
    reader = _READERS.get((kind, field))
    if reader is None:
        raise NotFound(f"{kind}.{field} is not a sensitive field.")
    reason = reason.strip()
    if len(reason) < 3:
        raise InvalidInput("Say why you need to read this field.", errors={"reason": "required"})
    try:
        value = reader(case, ref)
    except NotAuthenticated as e:  # the vault, not the user: a 401 would ask them to log in
        raise VaultLocked(f"The vault is locked on the server: {e}") from e
    if value is None:
        raise NotFound(f"No {kind} {ref!r}.")
    case.append(
        "sensitive.read",
        {"subject": f"{kind}/{ref}", "field": field, "reason": reason[:500]},
        actor=who.username,
    )
    return value
