"""Projections: SQL tables derived from the events, and the handlers that build them.

A package declares its tables on ``metadata`` and its handlers with
``@projector.on("type")`` in a module ``sabt/<package>/projection.py``. Handlers
run inside the transaction that stores the event, so a projection never lags
the log; ``sabt rebuild`` replays the log through the same handlers. A handler
must depend on nothing but the event (and the rows earlier events wrote).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

import sabt
from sabt.events.event import Event
from sabt.events.types import register

metadata = sa.MetaData()

Handler = Callable[[Connection, int, Event], None]


class Projector:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = {}

    def on(self, *types: str, required: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
        """Register a handler for events of ``types`` (and make the types known)."""

        def decorate(fn: Handler) -> Handler:
            for name in types:
                register(name, doc=(fn.__doc__ or "").strip().split("\n")[0], required=required)
                self._handlers.setdefault(name, []).append(fn)
            return fn

        return decorate

    def apply(self, conn: Any, seq: int, event: Event) -> None:
        for handler in self._handlers.get(event.type, ()):
            handler(conn, seq, event)


projector = Projector()
_loaded = False


def load_all() -> None:
    """Import every ``sabt.<package>.projection`` module so its tables and handlers exist."""
    global _loaded
    if _loaded:
        return
    # Look for the files rather than ask importlib: finding ``sabt.x.projection``
    # would import package ``sabt.x`` itself, and some (estimate) are heavy.
    for mod in pkgutil.iter_modules(sabt.__path__):
        if mod.ispkg and any(
            (Path(p) / mod.name / "projection.py").is_file() for p in sabt.__path__
        ):
            importlib.import_module(f"sabt.{mod.name}.projection")
    _loaded = True


def projection_tables() -> list[sa.Table]:
    """Every projection table, in dependency order (the event store's own excluded)."""
    load_all()
    return [t for t in metadata.sorted_tables if t.name not in NOT_PROJECTIONS]


# Tables on ``metadata`` that are not rebuilt from events.
NOT_PROJECTIONS = {"events"}
