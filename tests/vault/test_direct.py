"""The O_DIRECT writer gives byte for byte what an ordinary file would."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sabt.vault import stream
from sabt.vault.blobstore import FsBlobStore
from sabt.vault.direct import ALIGN, FLUSH, open_direct
from sabt.vault.keys import KeyRing


def _direct_or_skip(path: Path, chunk_size: int = 1 << 20):  # type: ignore[no-untyped-def]
    f = open_direct(path, chunk_size)
    if f is None:
        pytest.skip(f"the filesystem of {path.parent} does not support O_DIRECT")
    return f


def _pattern(out, pieces: list[bytes], patch: bytes) -> None:  # type: ignore[no-untyped-def]
    """What ``stream.encrypt`` does: a placeholder header, the body, then the
    header patched in place and a seek back to the end."""
    out.write(bytes(len(patch) + 13))
    for piece in pieces:
        out.write(piece)
    out.seek(13)
    out.write(patch)
    out.seek(0, 2)


@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(
        st.sampled_from([0, 1, 7, ALIGN - 114, ALIGN, ALIGN + 1, 65_536, (1 << 20) + 16]),
        max_size=12,
    ),
    seed=st.integers(0, 2**32),
)
def test_same_bytes_as_a_plain_file(
    tmp_path_factory: pytest.TempPathFactory, sizes: list[int], seed: int
) -> None:
    root = tmp_path_factory.mktemp("direct")
    rng = random.Random(seed)
    pieces = [rng.randbytes(n) for n in sizes]
    patch = rng.randbytes(101)
    plain = io.BytesIO()
    _pattern(plain, pieces, patch)
    with _direct_or_skip(root / "blob") as out:
        _pattern(out, pieces, patch)
    assert (root / "blob").read_bytes() == plain.getvalue()


def test_more_than_one_flush_and_an_unaligned_tail(tmp_path: Path) -> None:
    data = random.Random(3).randbytes(2 * FLUSH + 12_345)
    with _direct_or_skip(tmp_path / "big") as out:
        _pattern(out, [data[i : i + 1_000_003] for i in range(0, len(data), 1_000_003)], b"h" * 101)
    got = (tmp_path / "big").read_bytes()
    assert len(got) == 114 + len(data) and got[114:] == data and got[13:114] == b"h" * 101


def test_a_patch_outside_the_first_block_is_refused(tmp_path: Path) -> None:
    with _direct_or_skip(tmp_path / "x") as out:
        out.write(bytes(10))
        with pytest.raises(ValueError):
            out.seek(ALIGN + 5)
        out.seek(4)
        with pytest.raises(ValueError):
            out.write(bytes(20))  # runs past what was written


def test_a_large_blob_round_trips_through_the_direct_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = KeyRing.create(
        tmp_path / "keys",
        passphrase="p",
        kdf_params={"iterations": 1, "lanes": 1, "memory_cost": 8},
    )
    store = FsBlobStore(tmp_path / "blobs", ring)
    _direct_or_skip(tmp_path / "probe").close()
    used: list[int] = []
    real = stream.encrypt

    def spy(src, dst, *a, **kw):  # type: ignore[no-untyped-def]
        used.append(type(dst).__name__ == "DirectFile")
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(stream, "encrypt", spy)
    data = os.urandom(9 * (1 << 20) + 77)
    for durable in (True, False):
        stored = store.put(io.BytesIO(data), durable=durable, size_hint=len(data))
        store.sync()
        assert stored.hash == hashlib.sha256(data).hexdigest()
        assert b"".join(store.get(stored.hash)) == data
        store.path(stored.hash).unlink()
    assert used == [True, True]
    small = store.put(io.BytesIO(b"note"), size_hint=4)
    assert b"".join(store.get(small.hash)) == b"note" and used[-1] is False


def test_where_the_filesystem_refuses_o_direct_blobs_go_through_the_page_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sabt.vault import direct

    real_open = os.open

    def refusing_open(path, flags, *args):  # type: ignore[no-untyped-def]
        if flags & getattr(os, "O_DIRECT", 0):
            raise OSError(errno.EINVAL, "Invalid argument", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(direct.os, "open", refusing_open)
    (tmp_path / "probe").mkdir()
    assert direct.open_direct(tmp_path / "probe" / "x", ALIGN) is None
    assert direct.direct_works(tmp_path / "probe") is False
    assert list((tmp_path / "probe").iterdir()) == []  # the probe left nothing
    ring = KeyRing.create(
        tmp_path / "keys",
        passphrase="p",
        kdf_params={"iterations": 1, "lanes": 1, "memory_cost": 8},
    )
    store = FsBlobStore(tmp_path / "blobs", ring)
    data = os.urandom(3 << 20)
    stored = store.put(io.BytesIO(data), size_hint=len(data))
    assert b"".join(store.get(stored.hash)) == data
