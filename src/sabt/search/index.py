"""Keeping the index in step with the log: documents from the projections.

The index is a cache of the projections, never a source of truth: ``sync``
reads the events appended since its watermark, asks each provider which
documents they touch, and re-reads those documents from the projections
(``refresh``); ``rebuild`` starts over. Providers exist for the packages that
are installed (records, vault); each says which events concern it and how to
read a document. Sealed (sensitive) values are never decrypted for the index,
and protected records are marked ``sensitive`` so the public view skips them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

import sqlalchemy as sa

from sabt.search import clear, delete, ensure, put
from sabt.search.document import Document

if TYPE_CHECKING:
    from sabt.case import Case

STATE_TABLE = "search_state"
PROVIDERS = ("sabt.search.providers.records", "sabt.search.providers.evidence")


class Provider(Protocol):
    kinds: tuple[str, ...]

    def touched(self, conn: sa.Connection, event: Any) -> Iterable[tuple[str, str]]: ...

    def load(self, conn: sa.Connection, kind: str, ref: str) -> Document | None: ...

    def every(self, conn: sa.Connection) -> Iterator[tuple[str, str]]: ...


def providers() -> list[Provider]:
    found = []
    for name in PROVIDERS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue  # that package is not installed
        found.append(module.PROVIDER)
    return found


def _watermark(conn: sa.Connection) -> int:
    conn.execute(
        sa.text(
            f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL)"
        )
    )
    seq = conn.execute(sa.text(f"SELECT seq FROM {STATE_TABLE} WHERE id = 1")).scalar()
    return int(seq) if seq is not None else 0


def _set_watermark(conn: sa.Connection, seq: int) -> None:
    if (
        conn.execute(
            sa.text(f"UPDATE {STATE_TABLE} SET seq = :s WHERE id = 1"), {"s": seq}
        ).rowcount
        == 0
    ):
        conn.execute(sa.text(f"INSERT INTO {STATE_TABLE} (id, seq) VALUES (1, :s)"), {"s": seq})


def refresh(conn: sa.Connection, provs: list[Provider], kind: str, ref: str) -> None:
    for p in provs:
        if kind in p.kinds:
            doc = p.load(conn, kind, ref)
            if doc is None:
                delete(conn, kind, ref)
            else:
                put(conn, doc)


def sync(case: Case) -> int:
    """Index what the log gained since the last sync; returns how many documents
    were refreshed. Cheap when nothing changed (one query)."""
    provs = providers()
    size = case.size()
    with case.engine.begin() as conn:
        ensure(conn)
        start = _watermark(conn)
        if start >= size:
            return 0
        touched: dict[tuple[str, str], None] = {}
        for stored in case.events(start=start, end=size):
            for p in provs:
                for key in p.touched(conn, stored.event):
                    touched.setdefault(key, None)
        for kind, ref in touched:
            refresh(conn, provs, kind, ref)
        _set_watermark(conn, size)
    return len(touched)


def rebuild(case: Case) -> int:
    """Drop every document and index the projections afresh."""
    provs = providers()
    size = case.size()
    n = 0
    with case.engine.begin() as conn:
        ensure(conn)
        _watermark(conn)
        clear(conn)
        for p in provs:
            for kind, ref in list(p.every(conn)):
                refresh(conn, provs, kind, ref)
                n += 1
        _set_watermark(conn, size)
    return n
