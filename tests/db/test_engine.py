"""JSON columns hold Persian as UTF-8 text, not as six-byte escapes."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from sabt.db import engine as db_engine

TEXT = "شهادت علی در گوهردشت"


def test_json_columns_store_persian_as_utf8(tmp_path: Path) -> None:
    engine = db_engine.create(f"sqlite:///{tmp_path / 'j.db'}")
    table = sa.Table("j", sa.MetaData(), sa.Column("v", sa.JSON))
    table.create(engine)
    with engine.begin() as conn:
        conn.execute(table.insert(), {"v": {"text": TEXT, "n": 1}})
    with engine.connect() as conn:
        raw = conn.execute(sa.text("select v from j")).scalar_one()
        assert TEXT in raw and "\\u" not in raw
        assert len(raw.encode()) < 2 * len(TEXT) + 30  # the escapes took 6 bytes a letter
        assert conn.execute(sa.select(table.c.v)).scalar_one() == {"text": TEXT, "n": 1}
    engine.dispose()
