"""One small interface over the two full-text engines.

``Dialect`` has four operations: ``create`` (the index, if missing), ``put``
(insert or replace one document), ``delete`` and ``query``. The SQL differences
live in the two subclasses (``sqlite.py``: FTS5; ``postgres.py``: tsvector with
the ``simple`` configuration); everything else — keys, snippets, the watermark —
is shared. ``for_connection`` picks one by the connection's dialect name.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import sqlalchemy as sa

from sabt.errors import ConfigError
from sabt.search.document import Document


class Dialect(ABC):
    name: str

    @abstractmethod
    def create(self, conn: sa.Connection) -> None: ...

    @abstractmethod
    def put(self, conn: sa.Connection, doc: Document, keys: str) -> None: ...

    @abstractmethod
    def query(
        self,
        conn: sa.Connection,
        alternatives: list[list[str]],
        kinds: tuple[str, ...] | None,
        public: bool,
        limit: int,
    ) -> list[tuple[str, str, str, str, float]]:
        """Rows (kind, ref, title, body, score), best first, matching every word."""

    def delete(self, conn: sa.Connection, kind: str, ref: str) -> None:
        conn.execute(
            sa.text("DELETE FROM search_docs WHERE kind = :kind AND ref = :ref"),
            {"kind": kind, "ref": ref},
        )

    def clear(self, conn: sa.Connection) -> None:
        conn.execute(sa.text("DELETE FROM search_docs"))

    def erase(self, conn: sa.Connection, kind: str, ref: str) -> None:
        """``delete``, and as far as the engine allows, what it kept of the
        document too (for a deliberate removal, such as a shred)."""
        self.delete(conn, kind, ref)

    def settle(self, engine: sa.Engine) -> None:  # noqa: B027 - a no-op by default, on purpose
        """After ``erase`` was committed: drop old page images (best effort)."""

    def lock(self, conn: sa.Connection) -> None:  # noqa: B027 - a no-op by default, on purpose
        """Serialise index writers (several web workers may sync at once). SQLite
        needs nothing more than the ``BEGIN IMMEDIATE`` the caller opens."""
        return None


def for_connection(conn: sa.Connection) -> Dialect:
    from sabt.search.postgres import PostgresDialect
    from sabt.search.sqlite import SqliteDialect

    name = conn.dialect.name
    if name == "sqlite":
        return SqliteDialect()
    if name == "postgresql":
        return PostgresDialect()
    raise ConfigError(f"Full-text search supports SQLite and PostgreSQL, not {name!r}.")
