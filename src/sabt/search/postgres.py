"""PostgreSQL full-text search (manual chapter 12) over the search keys.

The ``simple`` configuration does no stemming and no stop words: the keys are
already normalised by ``sabt.names``, and must be matched as they are. The
tsvector is a stored generated column with a GIN index (§12.2.2). A query is
built with ``to_tsquery`` from quoted lexemes joined by ``&`` and ``|``, never
from raw user text; ranking is ``ts_rank`` (§12.3.3).
"""

from __future__ import annotations

import sqlalchemy as sa

from sabt.search.dialect import Dialect
from sabt.search.document import Document


def _lexeme(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


class PostgresDialect(Dialect):
    name = "postgresql"

    def create(self, conn: sa.Connection) -> None:
        conn.execute(
            sa.text(
                "CREATE TABLE IF NOT EXISTS search_docs ("
                " kind text NOT NULL, ref text NOT NULL, title text NOT NULL, body text NOT NULL,"
                " sensitive boolean NOT NULL DEFAULT false, keys text NOT NULL,"
                " tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', keys)) STORED,"
                " PRIMARY KEY (kind, ref))"
            )
        )
        conn.execute(
            sa.text("CREATE INDEX IF NOT EXISTS search_docs_tsv ON search_docs USING gin (tsv)")
        )

    def lock(self, conn: sa.Connection) -> None:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": 0x5AB75EA})

    def put(self, conn: sa.Connection, doc: Document, keys: str) -> None:
        conn.execute(
            sa.text(
                "INSERT INTO search_docs (kind, ref, title, body, sensitive, keys) "
                "VALUES (:kind, :ref, :title, :body, :sensitive, :keys) "
                "ON CONFLICT (kind, ref) DO UPDATE SET title = excluded.title, body = excluded.body, "
                "sensitive = excluded.sensitive, keys = excluded.keys"
            ),
            {
                "kind": doc.kind,
                "ref": doc.ref,
                "title": doc.title,
                "body": doc.body,
                "sensitive": doc.sensitive,
                "keys": keys,
            },
        )

    def query(self, conn, alternatives, kinds, public, limit):  # type: ignore[no-untyped-def]
        tsquery = " & ".join(
            "(" + " | ".join(_lexeme(t) for t in group) + ")" for group in alternatives
        )
        sql = (
            "SELECT kind, ref, title, body, ts_rank(tsv, q) AS rank "
            "FROM search_docs, to_tsquery('simple', :q) AS q WHERE tsv @@ q"
        )
        params: dict[str, object] = {"q": tsquery, "limit": limit}
        if kinds:
            sql += " AND kind = ANY(:kinds)"
            params["kinds"] = list(kinds)
        if public:
            sql += " AND NOT sensitive"
        sql += " ORDER BY rank DESC, kind, ref LIMIT :limit"
        return [(r[0], r[1], r[2], r[3], float(r[4])) for r in conn.execute(sa.text(sql), params)]
