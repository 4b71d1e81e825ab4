"""Schema migrations: a case opened on an older schema is brought up to date;
one already there is opened without running Alembic."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from sabt.case import Case
from sabt.db import migrate


def test_heads_is_what_alembic_writes_for_a_new_case(tmp_path: Path) -> None:
    # A new migration must be added to HEADS too, or opening a case would skip it.
    with (
        Case.init(tmp_path / "c", origin="test.invalid/m", case="m") as case,
        case.engine.connect() as conn,
    ):
        assert migrate.current(conn) == set(migrate.HEADS)
    assert set(migrate.HEADS) <= migrate.heads()


def test_an_older_schema_is_upgraded_when_the_case_opens(
    db_url: str | None, tmp_path: Path
) -> None:
    older = set(migrate.HEADS) - {"web_0003"} | {"web_0002"}
    with (
        Case.init(tmp_path / "c", origin="test.invalid/m", case="m", database_url=db_url) as case,
        case.engine.begin() as conn,
    ):
        conn.execute(sa.text("drop table web_login_failures"))
        conn.execute(sa.text("drop table web_sessions"))
        conn.execute(
            sa.text(
                "update alembic_version set version_num = 'web_0002' where version_num = 'web_0003'"
            )
        )
        assert migrate.current(conn) == older
    with Case.open(tmp_path / "c", database_url=db_url) as case, case.engine.connect() as conn:
        assert migrate.current(conn) == set(migrate.HEADS)
        assert sa.inspect(conn).has_table("web_sessions")
        assert conn.execute(sa.text("select count(*) from web_login_failures")).scalar() == 0
