"""Keeping the index in step with the log: documents from the projections.

The index is a cache of the projections, never a source of truth: ``sync``
reads the events appended since its watermark, asks each provider which
documents they touch, and re-reads those documents from the projections
(``refresh``); ``rebuild`` starts over. Providers exist for the packages that
are installed (records, vault); each says which events concern it and how to
read a document. Sealed (sensitive) values of records are never decrypted for
the index, and protected records are marked ``sensitive`` so the public view
skips them. The text extracted from evidence is sealed too (``sabt.vault.textseal``)
but is opened for the index, which staff search: its words are in the index,
as they would be in any full-text index (docs/vault.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

import sqlalchemy as sa

from sabt.db.engine import WRITE
from sabt.search import clear, delete, ensure, put
from sabt.search.dialect import Dialect, for_connection
from sabt.search.document import Document

if TYPE_CHECKING:
    from sabt.case import Case

STATE_TABLE = "search_state"
# Documents indexed without a part they had to leave out (``Document.complete``
# false: evidence text while the vault was locked), read again once it is not.
INCOMPLETE_TABLE = "search_incomplete"
PROVIDERS = ("sabt.search.providers.records", "sabt.search.providers.evidence")


class Provider(Protocol):
    kinds: tuple[str, ...]

    def touched(self, conn: sa.Connection, event: Any) -> Iterable[tuple[str, str]]: ...

    def load(self, conn: sa.Connection, kind: str, ref: str, case: Case) -> Document | None: ...

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
    conn.execute(
        sa.text(f"INSERT INTO {STATE_TABLE} (id, seq) VALUES (1, 0) ON CONFLICT (id) DO NOTHING")
    )
    return int(conn.execute(sa.text(f"SELECT seq FROM {STATE_TABLE} WHERE id = 1")).scalar_one())


def _indexed(case: Case) -> int:
    """How far the index has got, or -1 before the first sync (no table yet)."""
    try:
        with case.engine.connect() as conn:
            seq = conn.execute(sa.text(f"SELECT seq FROM {STATE_TABLE} WHERE id = 1")).scalar()
    except sa.exc.DBAPIError:
        return -1
    return -1 if seq is None else int(seq)


def _set_watermark(conn: sa.Connection, seq: int) -> None:
    conn.execute(sa.text(f"UPDATE {STATE_TABLE} SET seq = :s WHERE id = 1"), {"s": seq})


def _writing(case: Case) -> sa.Connection:
    """A connection whose transactions take the write lock at BEGIN (SQLite
    ``BEGIN IMMEDIATE``; PostgreSQL adds the dialect's advisory lock)."""
    return case.engine.connect().execution_options(**WRITE)


def refresh(conn: sa.Connection, provs: list[Provider], kind: str, ref: str, case: Case) -> None:
    for p in provs:
        if kind in p.kinds:
            doc = p.load(conn, kind, ref, case)
            if doc is None:
                delete(conn, kind, ref)
            else:
                put(conn, doc)
            _mark(conn, kind, ref, complete=doc is None or doc.complete)


def _prepare(conn: sa.Connection) -> Dialect:
    """Lock the index for writing and make its tables if they are missing."""
    dialect = for_connection(conn)
    dialect.lock(conn)
    ensure(conn)
    conn.execute(
        sa.text(
            f"CREATE TABLE IF NOT EXISTS {INCOMPLETE_TABLE} (kind VARCHAR(40) NOT NULL, "
            "ref VARCHAR(200) NOT NULL, PRIMARY KEY (kind, ref))"
        )
    )
    return dialect


def _mark(conn: sa.Connection, kind: str, ref: str, *, complete: bool) -> None:
    """Record whether a document is indexed whole, or waits to be completed."""
    key = {"k": kind, "r": ref}
    if complete:
        conn.execute(sa.text(f"DELETE FROM {INCOMPLETE_TABLE} WHERE kind = :k AND ref = :r"), key)
    else:
        conn.execute(
            sa.text(
                f"INSERT INTO {INCOMPLETE_TABLE} (kind, ref) VALUES (:k, :r) "
                "ON CONFLICT (kind, ref) DO NOTHING"
            ),
            key,
        )


def _incomplete(case: Case) -> bool:
    """Whether documents wait to be completed and can be now (the vault's keys
    are unlocked in this process)."""
    if case.keyring_if_unlocked() is None:
        return False
    try:
        with case.engine.connect() as conn:
            return (
                conn.execute(sa.text(f"SELECT 1 FROM {INCOMPLETE_TABLE} LIMIT 1")).first()
                is not None
            )
    except sa.exc.DBAPIError:
        return False  # no table yet


def sync(case: Case) -> int:
    """Index what the log gained since the last sync; returns how many documents
    were refreshed. Cheap when nothing changed (one query)."""
    provs = providers()
    size = case.size()
    retry = _incomplete(case)
    if _indexed(case) >= size and not retry:
        return 0  # the usual case: nothing new, and no write lock taken
    with _writing(case) as conn, conn.begin():
        _prepare(conn)
        start = _watermark(conn)
        if start >= size and not retry:
            return 0
        touched: dict[tuple[str, str], None] = {}
        if retry:
            rows = conn.execute(sa.text(f"SELECT kind, ref FROM {INCOMPLETE_TABLE}"))
            touched.update(((kind, ref), None) for kind, ref in rows)
        for stored in case.events(start=start, end=size):
            for p in provs:
                for key in p.touched(conn, stored.event):
                    touched.setdefault(key, None)
        for kind, ref in touched:
            refresh(conn, provs, kind, ref, case)
        _set_watermark(conn, size)
    return len(touched)


def forget(case: Case, kind: str, ref: str) -> None:
    """Take one document out of the index now, and what the index kept of it
    (a shredded item: the index holds its text for snippets). Nothing is
    indexed for this, and an index never built is left unbuilt."""
    if _indexed(case) < 0:
        return
    with _writing(case) as conn, conn.begin():
        dialect = _prepare(conn)
        dialect.erase(conn, kind, ref)
        _mark(conn, kind, ref, complete=True)
    dialect.settle(case.engine)


def rebuild(case: Case) -> int:
    """Drop every document and index the projections afresh."""
    provs = providers()
    size = case.size()
    n = 0
    with _writing(case) as conn, conn.begin():
        _prepare(conn)
        _watermark(conn)
        clear(conn)
        conn.execute(sa.text(f"DELETE FROM {INCOMPLETE_TABLE}"))
        for p in provs:
            for kind, ref in list(p.every(conn)):
                refresh(conn, provs, kind, ref, case)
                n += 1
        _set_watermark(conn, size)
    return n
