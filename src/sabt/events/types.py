"""The registry of known event types.

Appending fails closed: an event whose type no package registered is refused,
so a typo cannot put an event into the log that no projection understands.
"""

from __future__ import annotations

from dataclasses import dataclass

from sabt.errors import InvalidInput


@dataclass(frozen=True)
class EventType:
    name: str
    doc: str = ""
    required: frozenset[str] = frozenset()


_TYPES: dict[str, EventType] = {}


def register(
    name: str, *, doc: str = "", required: tuple[str, ...] | frozenset[str] = ()
) -> EventType:
    """Make ``name`` a known type; ``required`` lists body fields it must carry."""
    new = EventType(name, doc, frozenset(required))
    old = _TYPES.get(name)
    if old is not None and old.required != new.required:
        raise ValueError(f"event type {name!r} registered twice with different required fields")
    _TYPES[name] = old or new
    return _TYPES[name]


def known() -> dict[str, EventType]:
    return dict(_TYPES)


def check(name: str, body: dict[str, object]) -> None:
    spec = _TYPES.get(name)
    if spec is None:
        raise InvalidInput(
            f"Unknown event type {name!r}; known types: {', '.join(sorted(_TYPES)) or 'none'}."
        )
    missing = sorted(spec.required - body.keys())
    if missing:
        raise InvalidInput(
            f"Event {name!r} is missing body fields.", {f"body.{k}": "required" for k in missing}
        )


register("case.created", doc="A data directory was initialised.", required=("origin", "title"))
register("note.added", doc="A case diary entry.", required=("text",))
