"""SQLite FTS5 (https://www.sqlite.org/fts5.html): one virtual table.

``keys`` is the only indexed column; the others are ``UNINDEXED`` payload.
A query is a conjunction of parenthesised OR-groups of quoted tokens (FTS5
§3.1 strings, §3.7 boolean operators), so no user text reaches the MATCH
syntax unquoted. Ranking is FTS5's built-in ``bm25()`` (lower is better).
"""

from __future__ import annotations

import logging

import sqlalchemy as sa

from sabt.db.engine import BUSY_TIMEOUT_MS
from sabt.search.dialect import Dialect
from sabt.search.document import Document


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


log = logging.getLogger(__name__)


class SqliteDialect(Dialect):
    name = "sqlite"

    def create(self, conn: sa.Connection) -> None:
        conn.execute(
            sa.text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS search_docs USING fts5("
                "kind UNINDEXED, ref UNINDEXED, title UNINDEXED, body UNINDEXED, "
                "sensitive UNINDEXED, keys, tokenize = 'unicode61 remove_diacritics 2')"
            )
        )

    def erase(self, conn: sa.Connection, kind: str, ref: str) -> None:
        # A deleted row's search keys stay in FTS5's older segments until they
        # are merged: 'optimize' merges them all now (it rewrites the whole
        # index, so only for a deliberate removal such as a shred). Freed pages
        # are zeroed: every connection runs with secure_delete (db/engine.py).
        self.delete(conn, kind, ref)
        conn.execute(sa.text("INSERT INTO search_docs (search_docs) VALUES ('optimize')"))

    def settle(self, engine: sa.Engine) -> None:
        # The write-ahead log still holds the pages as they were: copy it back
        # and empty it, unless a reader still needs it (then it stays until the
        # next checkpoint; waiting here would hold up every writer).
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA busy_timeout = 0")
            try:
                busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if busy is not None and busy[0]:
            log.info("search index: the write-ahead log is in use; it is emptied later")

    def put(self, conn: sa.Connection, doc: Document, keys: str) -> None:
        self.delete(conn, doc.kind, doc.ref)
        conn.execute(
            sa.text(
                "INSERT INTO search_docs (kind, ref, title, body, sensitive, keys) "
                "VALUES (:kind, :ref, :title, :body, :sensitive, :keys)"
            ),
            {
                "kind": doc.kind,
                "ref": doc.ref,
                "title": doc.title,
                "body": doc.body,
                "sensitive": int(doc.sensitive),
                "keys": keys,
            },
        )

    def query(self, conn, alternatives, kinds, public, limit):  # type: ignore[no-untyped-def]
        match = " AND ".join(
            "(" + " OR ".join(_quote(t) for t in group) + ")" for group in alternatives
        )
        sql = "SELECT kind, ref, title, body, bm25(search_docs) AS rank FROM search_docs WHERE search_docs MATCH :match"
        params: dict[str, object] = {"match": match, "limit": limit}
        if kinds:
            sql += " AND kind IN (" + ", ".join(f":k{i}" for i in range(len(kinds))) + ")"
            params.update({f"k{i}": k for i, k in enumerate(kinds)})
        if public:
            sql += " AND sensitive = 0"
        sql += " ORDER BY rank LIMIT :limit"
        return [(r[0], r[1], r[2], r[3], -float(r[4])) for r in conn.execute(sa.text(sql), params)]
