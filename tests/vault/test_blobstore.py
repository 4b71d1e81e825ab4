"""The encrypted blob store: round trips, and every kind of tampering caught."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sabt.errors import Forgotten, IntegrityError, NotFound
from sabt.vault import stream
from sabt.vault.blobstore import FsBlobStore
from sabt.vault.keys import KeyRing

DATA = bytes(range(256)) * 5  # 1280 bytes = 20 chunks of 64


def read_all(store: FsBlobStore, hash: str) -> bytes:
    return b"".join(store.get(hash))


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=700))
def test_round_trip_any_size(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    root = tmp_path_factory.mktemp("rt")
    ring = KeyRing.create(
        root / "keys", passphrase="p", kdf_params={"iterations": 1, "lanes": 1, "memory_cost": 8}
    )
    store = FsBlobStore(root / "blobs", ring, chunk_size=64)
    stored = store.put(io.BytesIO(data))
    assert stored.hash == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    assert read_all(store, stored.hash) == data


def test_a_short_file_after_a_long_one_holds_only_its_own_bytes(store: FsBlobStore) -> None:
    """The read buffer is reused from file to file in a thread: nothing of the
    previous file may reach the next one's blob."""
    long, short = b"L" * (len(DATA) * 3 + 17), b"short note"
    first, second = store.put(io.BytesIO(long)), store.put(io.BytesIO(short))
    assert read_all(store, first.hash) == long and read_all(store, second.hash) == short
    assert second.hash == hashlib.sha256(short).hexdigest() and second.size == len(short)


def test_same_bytes_stored_once_and_nothing_readable_on_disk(store: FsBlobStore) -> None:
    secret = b"photograph of the North Field site " * 10
    first = store.put(io.BytesIO(secret))
    again = store.put(io.BytesIO(secret))
    assert first.new and not again.new and first.hash == again.hash
    files = [p for p in store.root.rglob("*") if p.is_file() and ".tmp" not in p.parts]
    assert len(files) == 1
    raw = files[0].read_bytes()
    assert b"North Field" not in raw and first.hash not in files[0].name
    assert list(store.iterate()) == [first.hash]
    assert not list((store.root / ".tmp").rglob("*.part"))  # only the writer's lock


def _stored_file(store: FsBlobStore) -> tuple[str, Path]:
    h = store.put(io.BytesIO(DATA)).hash
    return h, store.path(h)


def test_flipped_byte_is_caught(store: FsBlobStore) -> None:
    h, path = _stored_file(store)
    raw = bytearray(path.read_bytes())
    raw[stream.HEADER_LEN + 200] ^= 0x01
    path.write_bytes(bytes(raw))
    with pytest.raises(IntegrityError, match="chunk 2 does not verify"):
        read_all(store, h)


def test_reordered_chunks_are_caught(store: FsBlobStore) -> None:
    h, path = _stored_file(store)
    raw = path.read_bytes()
    c = 64 + 16
    body = raw[stream.HEADER_LEN :]
    swapped = body[c : 2 * c] + body[:c] + body[2 * c :]
    path.write_bytes(raw[: stream.HEADER_LEN] + swapped)
    with pytest.raises(IntegrityError, match="chunk 0 does not verify"):
        read_all(store, h)


def test_truncation_at_a_chunk_boundary_and_extension_are_caught(store: FsBlobStore) -> None:
    h, path = _stored_file(store)
    raw = path.read_bytes()
    path.write_bytes(raw[: stream.HEADER_LEN + 5 * 80])
    with pytest.raises(IntegrityError, match="truncated"):
        read_all(store, h)
    path.write_bytes(raw + b"\0" * 16)
    with pytest.raises(IntegrityError):
        read_all(store, h)


def test_header_from_another_vault_or_blob_is_refused(store: FsBlobStore, tmp_path: Path) -> None:
    h, path = _stored_file(store)
    other = store.put(io.BytesIO(b"other bytes")).hash
    path.write_bytes(store.path(other).read_bytes())  # one blob's file under another's name
    with pytest.raises(IntegrityError, match="holds"):
        read_all(store, h)
    foreign = KeyRing.create(
        tmp_path / "k2", passphrase="p", kdf_params={"iterations": 1, "lanes": 1, "memory_cost": 8}
    )
    with (
        pytest.raises(IntegrityError, match="header does not verify"),
        open(store.path(other), "rb") as f,
    ):
        stream.read_header(f, foreign, "stolen blob")


def test_missing_blob_and_forgotten_key(store: FsBlobStore) -> None:
    with pytest.raises(NotFound, match="missing"):
        store.get("0" * 64)
    h, path = _stored_file(store)
    store.forget_key(h)
    assert store.has(h)
    with pytest.raises(Forgotten, match="destroyed"):
        read_all(store, h)


def test_bounded_memory_reads_in_chunks(store: FsBlobStore) -> None:
    h, _ = _stored_file(store)
    sizes = [len(c) for c in store.get(h)]
    assert max(sizes) == 64 and sum(sizes) == len(DATA)


def test_a_batch_is_invisible_under_its_address_until_sync(store: FsBlobStore) -> None:
    """``durable=False`` (what ``sabt add`` uses): nothing appears under an address
    before ``sync`` made the batch durable, so a crash can never leave a partial
    blob that a later intake would take for one already held."""
    one = store.put(io.BytesIO(DATA), durable=False)
    again = store.put(io.BytesIO(DATA), durable=False)
    other = store.put(io.BytesIO(b"a second file"), durable=False)
    assert (one.new, again.new, other.new) == (True, False, True)
    assert not store.has(one.hash) and not store.has(other.hash)
    assert list(store.iterate()) == []
    assert read_all(store, one.hash) == DATA  # readable by the intake that wrote it
    parts = list((store.root / ".tmp").rglob("*.part"))
    assert len(parts) == 2  # the same bytes put twice were written once

    store.discard(other.hash)  # e.g. its metadata showed it is corrupt
    store.sync()
    assert store.has(one.hash) and not store.has(other.hash)
    assert sorted(store.iterate()) == [one.hash]
    assert list((store.root / ".tmp").rglob("*.part")) == []
    assert store.put(io.BytesIO(DATA), durable=False).new is False
    store.sync()  # nothing pending: a no-op
    assert read_all(store, one.hash) == DATA


def test_sync_by_hash_leaves_the_rest_pending(store: FsBlobStore) -> None:
    """``sabt add`` syncs one group while the next is being stored."""
    first = store.put(io.BytesIO(DATA), durable=False)
    second = store.put(io.BytesIO(b"the next group's file"), durable=False)
    store.sync([first.hash])
    assert store.has(first.hash) and not store.has(second.hash)
    store.sync([second.hash])
    assert store.has(second.hash)


def test_a_blob_stays_readable_while_it_is_being_synced(
    store: FsBlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sabt add`` reads a stored file's key (to seal its text) while the syncing
    thread makes the group durable: between the fsync and the rename the blob
    must be found where it is (it used to be in neither place, a NotFound)."""
    from sabt.vault import blobstore

    one = store.put(io.BytesIO(DATA), durable=False)
    key = store.data_key(one.hash)
    seen: list[tuple[bytes, bytes]] = []
    real = blobstore.fsync_path

    def fsync_and_read(path: Path) -> None:
        real(path)
        if path.suffix == ".part":  # durable now, not yet renamed
            seen.append((store.data_key(one.hash), read_all(store, one.hash)))

    monkeypatch.setattr(blobstore, "fsync_path", fsync_and_read)
    store.sync()
    assert seen == [(key, DATA)]
    assert store.data_key(one.hash) == key and store.has(one.hash)


def test_sync_works_in_a_forked_child(store: FsBlobStore) -> None:
    """The fsync threads are made once per process; a child forked after the
    parent made them must make its own, not wait for ever on threads it lacks."""
    import os
    import time

    store.put(io.BytesIO(DATA), durable=False)
    store.sync()  # the parent's threads exist now
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit code
        code = 1
        try:
            child = store.put(io.BytesIO(b"written in the child"), durable=False)
            store.sync()
            code = 0 if store.has(child.hash) else 2
        finally:
            os._exit(code)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0
            return
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    pytest.fail("sync() in a forked child never returned")


def test_sweep_keeps_a_living_writers_blobs_and_clears_a_dead_ones(
    store: FsBlobStore, tmp_path: Path
) -> None:
    """A blob waiting for sync is never swept while its writer lives, however
    old, in this process or another; what a writer killed with SIGKILL left is
    swept at once."""
    waiting = store.put(io.BytesIO(b"waits for its sync"), durable=False)
    (part,) = (store.root / ".tmp").rglob("*.part")
    os.utime(part, (time.time() - 7200, time.time() - 7200))
    other = FsBlobStore(store.root, store.keyring, chunk_size=64)  # another writer
    assert other.sweep() == 0 and part.exists()
    store.sync()
    assert read_all(store, waiting.hash) == b"waits for its sync"

    def writer() -> subprocess.Popen[str]:
        args = [sys.executable, "-c", _WRITER, str(store.root), str(tmp_path / "data" / "keys")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        proc = subprocess.Popen(
            args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None and proc.stdout.readline() == "stored\n"
        return proc

    alive = writer()  # another process, waiting with a blob not yet synced
    (theirs,) = (p for p in (store.root / ".tmp").rglob("*.part"))
    os.utime(theirs, (time.time() - 7200, time.time() - 7200))
    assert other.sweep() == 0 and theirs.exists()
    alive.kill()  # SIGKILL: its lock goes with it
    alive.wait(30)
    assert other.sweep() == 1 and not theirs.exists()
    assert [p.name for p in (store.root / ".tmp").iterdir()] == [store._writing.name]  # type: ignore[union-attr]


_WRITER = """
import io, sys
from pathlib import Path
from sabt.vault.blobstore import FsBlobStore
from sabt.vault.keys import KeyRing
ring = KeyRing.open(Path(sys.argv[2]), passphrase="test")
store = FsBlobStore(Path(sys.argv[1]), ring, chunk_size=64)
store.put(io.BytesIO(b"left behind"), durable=False)
print("stored", flush=True)
sys.stdin.readline()
"""


def test_sweep_removes_all_a_gone_writer_left(store: FsBlobStore) -> None:
    """A writer killed while probing O_DIRECT, or a sweep killed half-way, must
    not leave a directory that no later sweep removes."""
    tmp = store.root / ".tmp"
    gone = tmp / "4194305-0a0b0c.w"  # a process that is not running: its lock is free
    gone.mkdir(parents=True)
    for name in ("lock", "1f2e.part", ".direct-probe-77"):
        (gone / name).write_bytes(b"x")
    half = tmp / "4194306-0d0e0f.w"  # its lock already removed by a sweep that died
    half.mkdir()
    (half / "3c4d.part").write_bytes(b"x")
    os.utime(half, (time.time() - 7200, time.time() - 7200))
    assert store.sweep() == 2
    assert not gone.exists() and not half.exists()
