"""Two inputs, or two writers, with the same bytes: one blob, and every event
that names it finds it, and its sealed text opens.

- Another writer (a second ``sabt add`` of the same file, with its own data
  key) places the blob first: ours is not put over it, and the text we sealed
  under our copy's key is sealed again under the key of the copy in place.
- Two inputs of the same bytes in one batch, the first of which fails to be
  described: the second is still recorded, and the blob stays.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sabt.case import Case
from sabt.vault import evidence as ev
from sabt.vault import textseal, workers
from sabt.vault.blobstore import FsBlobStore
from sabt.vault.custody import readable_item
from sabt.vault.evidence import Provenance, add_paths, blob_store
from sabt.vault.keys import KeyRing
from sabt.vault.verify import check_blobs

# Argon2id at its minimum cost (as tests/vault/conftest.py)
CHEAP = {"iterations": 1, "lanes": 1, "memory_cost": 8}

NOTE = "Fictional statement about the plum-lighthouse trench, typed up by a volunteer.\n"


@pytest.fixture
def case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Case]:
    monkeypatch.setenv("SABT_PASSPHRASE", "sharing-test")
    c = Case.init(tmp_path / "data", origin="test.invalid/sharing", case="sharing")
    yield c
    c.close()


def test_two_stores_placing_one_address_keep_the_first(tmp_path: Path) -> None:
    ring = KeyRing.create(tmp_path / "keys", passphrase="t", kdf_params=CHEAP)
    mine, theirs = FsBlobStore(tmp_path / "blobs", ring), FsBlobStore(tmp_path / "blobs", ring)
    a = mine.put(io.BytesIO(NOTE.encode()), durable=False)
    b = theirs.put(io.BytesIO(NOTE.encode()), durable=False)
    their_key = theirs.data_key(b.hash)
    assert mine.data_key(a.hash) != their_key  # a data key per copy
    assert theirs.sync() == set()
    assert mine.sync() == {a.hash} and mine.replaced(a.hash)
    assert mine.data_key(a.hash) == their_key  # theirs stayed in place
    assert b"".join(mine.get(a.hash)) == NOTE.encode()
    assert list((tmp_path / "blobs" / ".tmp").rglob("*.part")) == []


def test_text_is_sealed_again_when_another_writer_placed_the_blob(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both writers' sealed text must open with the one blob kept: the other
    writer's (its copy stays) and ours (sealed again under that copy's key)."""
    note = tmp_path / "in" / "note.txt"
    note.parent.mkdir()
    note.write_text(NOTE, "utf-8")
    real = FsBlobStore.sync
    theirs: list[dict[str, Any]] = []

    def another_writer_first(self: FsBlobStore, hashes: Any = None) -> set[str]:
        # A second `sabt add` of the same note sealed its text and placed its
        # copy just before this one's group is made durable.
        other = FsBlobStore(self.root, self.keyring)
        put = other.put(io.BytesIO(NOTE.encode()), durable=False)
        theirs.append(textseal.pack({"text": NOTE}, textseal.key_for(other, put.hash), put.hash))
        real(other)
        return real(self, hashes)

    monkeypatch.setattr(FsBlobStore, "sync", another_writer_first)
    (result,), _ = add_paths(case, [str(note)], Provenance())
    assert result.status == "added"
    assert readable_item(case, result.hash)["meta"]["text"] == NOTE
    assert textseal.open_text(theirs[0], blob_store(case), result.hash) == NOTE
    assert check_blobs(case).ok


def test_a_failed_input_leaves_the_blob_another_input_of_it_records(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """a.txt is stored first, b.txt (the same bytes) then finds it waiting for
    sync and stores nothing; a.txt then fails to be described (it vanished).
    b.txt must still be recorded with the blob kept: a.txt's failure used to
    delete it, leaving b.txt's event naming a missing blob."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.txt", "b.txt"):
        (inputs / name).write_text(NOTE, "utf-8")
    monkeypatch.setattr(ev, "INGEST_THREADS", 1)  # a.txt is stored first
    monkeypatch.setattr(workers, "DESCRIBE_PROCESSES_FROM", 1)  # described in workers
    if workers.start_describers(2) is None:
        pytest.skip("one core: metadata is read in-process, where this cannot happen")
    b_stored = threading.Event()
    real_receive, real_settle = ev.receive, ev.settle

    def receive(source: Any, *args: Any, **kwargs: Any) -> Any:
        item = real_receive(source, *args, **kwargs)
        if source.path.name == "a.txt":
            source.path.unlink()  # gone before its worker reads it
        else:
            b_stored.set()
        return item

    def settle(item: Any, *args: Any) -> Any:
        if item.source.path.name == "a.txt":
            assert b_stored.wait(30)
        return real_settle(item, *args)

    monkeypatch.setattr(ev, "receive", receive)
    monkeypatch.setattr(ev, "settle", settle)
    results, _ = add_paths(case, [str(inputs)], Provenance())
    assert [(Path(r.name).name, r.status) for r in results] == [
        ("a.txt", "failed"),
        ("b.txt", "added"),
    ]
    assert blob_store(case).has(results[1].hash)
    assert readable_item(case, results[1].hash)["meta"]["text"] == NOTE
    assert check_blobs(case).ok


def test_a_damaged_copy_in_place_fails_that_input_only(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer placed these bytes first, but its copy's header does not
    verify: our text cannot be sealed for it, so the input fails, named, and
    the rest of the batch is recorded."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(NOTE, "utf-8")
    (inputs / "b.txt").write_text("Another fictional note.\n", "utf-8")
    real = FsBlobStore.sync

    def damaged_copy_first(self: FsBlobStore, hashes: Any = None) -> set[str]:
        other = FsBlobStore(self.root, self.keyring)
        put = other.put(io.BytesIO(NOTE.encode()))
        path = other.path(put.hash)
        raw = bytearray(path.read_bytes())
        raw[20] ^= 1  # inside the wrapped key: the header no longer verifies
        path.write_bytes(bytes(raw))
        return real(self, hashes)

    monkeypatch.setattr(FsBlobStore, "sync", damaged_copy_first)
    results, _ = add_paths(case, [str(inputs)], Provenance())
    by_name = {Path(r.name).name: r for r in results}
    assert by_name["a.txt"].status == "failed"
    assert "already stored cannot be read" in (by_name["a.txt"].error or "")
    assert by_name["b.txt"].status == "added" and by_name["b.txt"].seq is not None
    assert [s.event.body["name"] for s in case.events(types={"evidence.added"})] == ["b.txt"]
