"""The append path on SQLite and PostgreSQL: store, project, publish, recover."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from sabt.case import Case
from sabt.errors import ConfigError, IntegrityError, InvalidInput
from sabt.events.verify import verify
from sabt.ledger import Checkpoint, open_note, verify_inclusion


def new_case(tmp_path: Path, db_url: str | None) -> Case:
    return Case.init(
        tmp_path / "data", origin="test.invalid/log", case="t", title="test", database_url=db_url
    )


def test_append_stores_projects_and_signs(tmp_path: Path, db_url: str | None) -> None:
    with new_case(tmp_path, db_url) as case:
        stored = case.append_many(
            [("note.added", {"text": f"n{i}"}) for i in range(300)], actor="alice"
        )
        assert [s.seq for s in stored] == list(range(1, 301))  # seq 0 is case.created
        assert case.size() == 301
        cp = Checkpoint.from_text(
            open_note(case.journal.checkpoint_path.read_text(), [case.journal.verifier]).text
        )
        assert cp.size == 301
        proof = case.journal.tiles.inclusion_proof(150, 301)
        verify_inclusion(stored[149].leaf_hash, 150, 301, proof, cp.root)
        back = list(case.events(start=150, end=152))
        assert [b.event.body["text"] for b in back] == ["n149", "n150"]
        assert verify(case.journal).size == 301


def test_a_bad_event_in_a_batch_stores_nothing(tmp_path: Path, db_url: str | None) -> None:
    with new_case(tmp_path, db_url) as case:
        before = case.size()
        with pytest.raises(InvalidInput, match="Unknown event type"):
            case.append_many([("note.added", {"text": "ok"}), ("note.addd", {"text": "typo"})])
        with pytest.raises(InvalidInput, match="missing body fields"):
            case.append_many([("note.added", {"text": "ok"}), ("note.added", {})])
        assert case.size() == before
        assert case.journal.checkpoint().size == before


def test_a_failing_projection_rolls_the_events_back(
    tmp_path: Path, db_url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sabt.db.projection import projector

    with new_case(tmp_path, db_url) as case:
        before = case.size()

        def boom(conn: object, seq: int, event: object) -> None:
            raise RuntimeError("projection failed")

        monkeypatch.setitem(projector._handlers, "note.added", [boom])
        with pytest.raises(RuntimeError):
            case.append("note.added", {"text": "lost"})
        assert case.size() == before


def test_open_catches_up_tiles_after_a_crash_before_publishing(
    tmp_path: Path, db_url: str | None
) -> None:
    with new_case(tmp_path, db_url) as case:
        case.append_many([("note.added", {"text": str(i)}) for i in range(10)])
        # Simulate a crash between the database commit and the tile write.
        case.journal.publish = lambda **kw: None  # type: ignore[method-assign]
        case.append_many([("note.added", {"text": str(i)}) for i in range(5)])
        assert case.journal.checkpoint().size == 11
        path = case.dir.root
    with Case.open(path, database_url=db_url) as reopened:
        assert reopened.journal.checkpoint().size == 16
        assert verify(reopened.journal).size == 16


def test_a_checkpoint_ahead_of_the_database_is_an_integrity_error(
    tmp_path: Path, db_url: str | None
) -> None:
    with new_case(tmp_path, db_url) as case:
        case.append_many([("note.added", {"text": str(i)}) for i in range(10)])
        with case.engine.begin() as conn:
            conn.execute(sa.text("delete from events where seq >= 5"))
        with pytest.raises(IntegrityError, match="events were lost"):
            case.journal.publish()


def test_init_refuses_an_existing_case(tmp_path: Path, db_url: str | None) -> None:
    new_case(tmp_path, db_url).close()
    with pytest.raises(ConfigError, match="refusing"):
        new_case(tmp_path, db_url)


def test_open_without_a_case_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="sabt init"):
        Case.open(tmp_path / "nothing")
