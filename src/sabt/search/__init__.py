"""Full-text search over evidence text, records and claims, in Persian and English.

The interface is four functions over a SQLAlchemy connection; the engine is
SQLite FTS5 embedded and PostgreSQL full-text on a server (``dialect.py``).
Documents and queries both pass through ``keys.py`` (``sabt.names.search_key``
per word), so spelling and script variants of a name meet.

    ensure(conn)                      create the index if it is missing
    put(conn, Document(...))          add or replace a document
    delete(conn, kind, ref)
    search(conn, "text", kinds=..., public=False) -> [Hit]
"""

from __future__ import annotations

import sqlalchemy as sa

from sabt.search.dialect import for_connection
from sabt.search.document import Document, Hit
from sabt.search.keys import document_keys, query_keys, words

__all__ = ["Document", "Hit", "delete", "ensure", "put", "search", "snippet"]


def ensure(conn: sa.Connection) -> None:
    for_connection(conn).create(conn)


def put(conn: sa.Connection, doc: Document) -> None:
    for_connection(conn).put(conn, doc, document_keys(f"{doc.title}\n{doc.body}"))


def delete(conn: sa.Connection, kind: str, ref: str) -> None:
    for_connection(conn).delete(conn, kind, ref)


def clear(conn: sa.Connection) -> None:
    for_connection(conn).clear(conn)


STAFF_ONLY_KINDS = frozenset({"evidence"})


def search(
    conn: sa.Connection,
    text: str,
    *,
    kinds: tuple[str, ...] | None = None,
    public: bool = False,
    limit: int = 50,
) -> list[Hit]:
    """Documents matching every word of ``text`` (by key or exactly), best first.
    ``public`` leaves out documents marked sensitive, and every kind the public
    view may not see (an index built before a document was marked keeps its
    old flag until ``sabt search reindex``, so the kind is checked too)."""
    alternatives = query_keys(text)
    if not alternatives:
        return []
    rows = for_connection(conn).query(conn, alternatives, kinds, public, limit)
    return [
        Hit(kind, ref, title, snippet(body, text), score)
        for kind, ref, title, body, score in rows
        if not (public and kind in STAFF_ONLY_KINDS)
    ]


def snippet(body: str, query: str, width: int = 160) -> str:
    """About ``width`` characters of ``body`` around the first query word it contains
    (by key, so a transliterated spelling is found too); the start if none is."""
    if not body:
        return ""
    wanted = {k for group in query_keys(query) for k in group}
    from sabt.search.keys import word_keys

    pos = 0
    for w in words(body):
        if wanted.intersection(word_keys(w)):
            found = body.casefold().find(w)
            pos = max(found, 0)
            break
    start = max(0, pos - width // 3)
    end = min(len(body), start + width)
    text = body[start:end].replace("\n", " ")
    return ("…" if start else "") + text + ("…" if end < len(body) else "")
