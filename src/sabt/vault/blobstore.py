"""Content-addressed, encrypted blob storage behind a small interface.

A blob's address is the SHA-256 of its plaintext (DESIGN.md, Formats). The
interface (``BlobStore``) is what intake, export and verification use; the
filesystem backend keeps blobs under ``<data>/blobs/`` in the format of
``sabt.vault.stream``. An S3-compatible backend would implement the same
methods.

Files are named by a keyed hash of the address (``KeyRing.keyed_name``), so a
stolen disk does not even confirm that a known photograph is held. A blob is
written to ``blobs/.tmp/``, made durable, then renamed into place and the
rename made durable (crash safety): a blob is visible whole or not at all, and
the caller appends its event only after ``put`` (or, for a batch, ``sync``)
returned.

Each store writes in a directory of its own under ``.tmp/``, locked (``flock``)
for as long as the store lives: ``sweep`` removes what writers that are gone
(a crash, a kill -9, an interrupted batch) left there, at once, and never
touches a living writer's files however long they wait for ``sync``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import threading
import time
import weakref
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from sabt.errors import IntegrityError, InvalidInput, NotFound
from sabt.vault import stream
from sabt.vault.direct import direct_works, open_direct
from sabt.vault.keys import KeyRing, fsync_path

try:
    import fcntl
except ImportError:  # Windows: NTFS has hard links, so the fallback is not reached
    fcntl = None  # type: ignore[assignment]

HASH_RE = re.compile(r"^[0-9a-f]{64}$")
TMP_DIR = ".tmp"
WRITER_SUFFIX = ".w"  # a writer's directory under TMP_DIR
LOCK_NAME = "lock"
SUFFIX = ".blob"
SYNC_THREADS = 8
DIRECT_FROM = 8 << 20  # bytes: smaller blobs go through the page cache


@dataclass(frozen=True)
class Stored:
    """The outcome of ``put``: the address, the size, whether it was new, and
    whether this put holds a claim on a blob still waiting for ``sync`` (new,
    or the same bytes as one: ``discard`` releases the claim)."""

    hash: str
    size: int
    new: bool
    claimed: bool = False


class BlobStore(Protocol):
    def put(
        self,
        src: BinaryIO,
        on_bytes: Callable[[int], None] | None = None,
        *,
        durable: bool = True,
        size_hint: int | None = None,
    ) -> Stored: ...

    def sync(self, hashes: Collection[str] | None = None) -> set[str]: ...

    def discard(self, hash: str) -> None: ...

    def get(self, hash: str) -> Iterator[bytes]: ...

    def data_key(self, hash: str) -> bytes: ...

    def has(self, hash: str) -> bool: ...

    def iterate(self) -> Iterator[str]: ...

    def forget_key(self, hash: str) -> None: ...


_SYNC_POOL: ThreadPoolExecutor | None = None
_SYNC_POOL_LOCK = threading.Lock()


def _sync_pool() -> ThreadPoolExecutor:
    """Threads that issue fsyncs together (shared: made once per process)."""
    global _SYNC_POOL
    with _SYNC_POOL_LOCK:
        if _SYNC_POOL is None:
            _SYNC_POOL = ThreadPoolExecutor(SYNC_THREADS, thread_name_prefix="sabt-fsync")
        return _SYNC_POOL


def _forget_sync_pool() -> None:
    # A forked child has none of its parent's threads: work handed to the
    # parent's pool would wait for ever.
    global _SYNC_POOL, _SYNC_POOL_LOCK
    _SYNC_POOL, _SYNC_POOL_LOCK = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_sync_pool)


def _place(tmp: Path, final: Path) -> bool:
    """Move ``tmp`` to ``final`` unless a file is already there (then remove
    ``tmp`` and return False). ``link(2)`` fails rather than replace."""
    try:
        os.link(tmp, final)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        return False
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # A filesystem without hard links (FAT, exFAT): the same check, made
        # atomic among sabt's own processes by a lock on the blob directory.
        with _placing(final.parent.parent):
            if final.exists():
                tmp.unlink(missing_ok=True)
                return False
            os.replace(tmp, final)
        return True
    tmp.unlink(missing_ok=True)
    return True


@contextlib.contextmanager
def _placing(root: Path) -> Iterator[None]:
    """An exclusive lock among processes placing blobs under ``root``."""
    with open(root / ".placing.lock", "a") as f:
        if fcntl is not None:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        yield


def _sweep_writer(directory: Path, cutoff: float) -> int:
    """Empty and remove a writer's directory if its writer is gone (its lock
    is free); 0 and nothing touched if it is alive or that cannot be told.

    A directory of this process is never swept (on NFS, where ``flock`` is a
    POSIX lock, one process's locks do not exclude each other, and closing
    any descriptor of the file would drop them). One without its lock (a
    sweep killed half-way) goes once it is ``cutoff`` old."""
    if directory.name.startswith(f"{os.getpid()}-"):
        return 0
    try:
        lock = open(directory / LOCK_NAME, "r+b")  # noqa: SIM115 - writable: NFS locks need it
    except FileNotFoundError:
        if directory.stat().st_mtime < cutoff:
            return _empty(directory)
        return 0  # being removed by another sweep
    with lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return 0  # a living writer (BlockingIOError), or a lock this filesystem refuses
        return _empty(directory)


def _empty(directory: Path) -> int:
    """Remove everything in a gone writer's directory (its blobs being written,
    a probe file), the lock last, then the directory; how many blobs."""
    removed = 0
    for entry in directory.iterdir():
        if entry.name == LOCK_NAME:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
            removed += entry.suffix == ".part"
    (directory / LOCK_NAME).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        directory.rmdir()
    return removed


def check_hash(hash: str) -> str:
    if not HASH_RE.match(hash):
        raise InvalidInput(f"{hash!r} is not a SHA-256 address (64 lowercase hex digits).")
    return hash


class FsBlobStore:
    """Encrypted blobs in a directory, named by keyed hashes of their addresses."""

    def __init__(
        self, root: Path, keyring: KeyRing, *, chunk_size: int = stream.CHUNK_SIZE
    ) -> None:
        self.root = Path(root)
        self.keyring = keyring
        self.chunk_size = chunk_size
        self._pending: dict[str, Path] = {}  # address → written, not yet durable
        self._claims: dict[str, int] = {}  # address → puts of it still pending
        self._replaced: set[str] = set()  # placed by another writer first (sync)
        self._lock = threading.Lock()
        self._direct: bool | None = None  # whether O_DIRECT works here, once tried
        self._made: set[Path] = set()  # directories known to exist
        self._writing: Path | None = None  # this store's own directory under .tmp/
        self._writing_lock: BinaryIO | None = None  # held (flock) while the store lives

    def _dir(self, path: Path) -> Path:
        if path not in self._made:
            path.mkdir(parents=True, exist_ok=True)
            self._made.add(path)
        return path

    def _tmp_dir(self) -> Path:
        """This store's directory for blobs being written, made and locked on
        first use (``.tmp/`` itself where ``flock`` does not exist)."""
        with self._lock:
            if self._writing is None:
                tmp = self._dir(self.root / TMP_DIR)
                if fcntl is None:
                    self._writing = tmp
                else:
                    # Made under a name sweep ignores, locked, then renamed:
                    # a sweep never sees it unlocked.
                    name = f"{os.getpid()}-{secrets.token_hex(6)}"
                    making = tmp / (name + ".new")
                    making.mkdir()
                    lock = open(making / LOCK_NAME, "wb")  # noqa: SIM115 - held for the store's life
                    fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
                    os.rename(making, tmp / (name + WRITER_SUFFIX))
                    self._writing, self._writing_lock = tmp / (name + WRITER_SUFFIX), lock
                    # Once the store is gone, its directory is left for the
                    # next sweep (empty unless a batch was cut short).
                    weakref.finalize(self, lock.close)
            return self._writing

    def path(self, hash: str) -> Path:
        name = self.keyring.keyed_name(b"sabt/blob-name/v1\x00" + bytes.fromhex(check_hash(hash)))
        return self.root / name[:2] / (name + SUFFIX)

    def put(
        self,
        src: BinaryIO,
        on_bytes: Callable[[int], None] | None = None,
        *,
        durable: bool = True,
        size_hint: int | None = None,
    ) -> Stored:
        """Store ``src`` (thread-safe).

        With ``durable=False`` the blob stays in ``.tmp/`` until the next
        ``sync()``, which makes every such blob durable at once (fsyncs issued
        together, committed together) and only then renames them into place;
        the caller must ``sync()`` before it appends an event naming one.
        Either way a blob is never visible under its address before its bytes
        are on disk. A ``size_hint`` of ``DIRECT_FROM`` bytes or more writes
        past the page cache (``sabt.vault.direct``) where the filesystem can.
        """
        tmp_dir = self._tmp_dir()
        tmp = tmp_dir / f"{secrets.token_hex(8)}.part"
        keep = False
        try:
            direct = None
            if size_hint is not None and size_hint >= DIRECT_FROM and self._direct_ok(tmp_dir):
                direct = open_direct(tmp, self.chunk_size)
            with direct or open(tmp, "xb") as out:
                hash, size = stream.encrypt(
                    src,
                    out,  # type: ignore[arg-type]
                    self.keyring,
                    chunk_size=self.chunk_size,
                    on_bytes=on_bytes,
                )
            if durable:
                fsync_path(tmp)
            final = self.path(hash)
            with self._lock:
                if hash in self._pending:
                    self._claims[hash] += 1
                    return Stored(hash, size, new=False, claimed=True)
                if final.exists():
                    return Stored(hash, size, new=False)
                if not durable:
                    self._pending[hash] = tmp
                    self._claims[hash] = 1
                    keep = True
                    return Stored(hash, size, new=True, claimed=True)
            placed = _place(tmp, self._dir(final.parent) / final.name)
            fsync_path(final.parent)
            return Stored(hash, size, new=placed)
        finally:
            if not keep:
                tmp.unlink(missing_ok=True)

    def _direct_ok(self, tmp_dir: Path) -> bool:
        if self._direct is None:
            self._direct = direct_works(tmp_dir)
        return self._direct

    def sync(self, hashes: Collection[str] | None = None) -> set[str]:
        """Make every blob put with ``durable=False`` durable, then visible;
        return the addresses (of these) that another writer placed first.

        The files are fsynced together (the filesystem commits concurrent
        fsyncs in one journal transaction), then linked into place, then their
        directories fsynced. ``syncfs(2)`` would be one call, but it would also
        wait for everything else written to the filesystem, a database included.
        With ``hashes``, only those of them still pending. A blob never replaces
        one already in place (another ``sabt add`` of the same bytes, with its
        own data key, may have put it there and sealed text under that key):
        the one in place stays, and ``replaced`` says so from then on.
        """
        with self._lock:
            if hashes is None:
                pending = dict(self._pending)
            else:
                pending = {h: self._pending[h] for h in hashes if h in self._pending}
        # The directories of every blob asked for are fsynced at the end, also
        # of one found in place at ``put``: another process placed it, maybe
        # not yet durably, and an event is about to name it.
        finals = {hash: self.path(hash) for hash in (pending if hashes is None else hashes)}
        if not finals:
            return set()
        pool = _sync_pool()
        list(pool.map(fsync_path, pending.values()))
        lost = set()
        for hash, tmp in pending.items():
            placed = _place(tmp, self._dir(finals[hash].parent) / finals[hash].name)
            with self._lock:  # only now: until placed, readers find it in .tmp/
                self._pending.pop(hash, None)
                self._claims.pop(hash, None)
                if not placed:
                    self._replaced.add(hash)
                    lost.add(hash)
        list(pool.map(fsync_path, {final.parent for final in finals.values()}))
        return lost

    def replaced(self, hash: str) -> bool:
        """Whether ``sync`` found ``hash`` already placed by another writer,
        so that what was derived from this store's copy (its data key) is stale."""
        with self._lock:
            return hash in self._replaced

    def discard(self, hash: str) -> None:
        """Release a claim (``Stored.claimed``) on a blob that will not be
        recorded; the last claim removes it. A blob already in place is never
        removed here: an event may name it (an unnamed one is harmless)."""
        with self._lock:
            if hash not in self._pending:
                return
            self._claims[hash] -= 1
            if self._claims[hash] > 0:
                return
            tmp = self._pending.pop(hash)
            del self._claims[hash]
        tmp.unlink(missing_ok=True)

    def get(self, hash: str) -> Iterator[bytes]:
        """The plaintext, verified against its address as it streams.

        A missing blob, a destroyed key or a header that does not verify raises
        here, before the first byte, so that a web response or an export never
        starts on a blob it cannot finish."""
        f = self._open(hash)
        try:
            header = self._header(f, hash)
        except BaseException:
            f.close()
            raise
        return self._read(f, header, hash)

    def data_key(self, hash: str) -> bytes:
        """The blob's data key, from its header (``sabt.vault.textseal`` derives
        the key of the item's extracted text from it); ``Forgotten`` once shredded."""
        with self._open(hash) as f:
            return self._header(f, hash).key

    def _header(self, f: BinaryIO, hash: str) -> stream.Header:
        """The header of blob ``hash``, which must name that address."""
        header = stream.read_header(f, self.keyring, f"blob {hash}")
        if header.hash != hash:
            raise IntegrityError(f"blob {hash}: file holds {header.hash} instead.")
        return header

    def _open(self, hash: str) -> BinaryIO:
        """The blob's file: in ``.tmp/`` while it waits for ``sync``, else in place
        (tried in that order, so that one placed in between is found in place)."""
        with self._lock:
            tmp = self._pending.get(hash)
        for path in (tmp, self.path(hash)):
            if path is not None:
                with contextlib.suppress(FileNotFoundError):
                    return open(path, "rb")  # noqa: SIM115 - the caller closes it
        raise NotFound(f"Blob {hash} is missing from {self.root}.")

    def _read(self, f: BinaryIO, header: stream.Header, hash: str) -> Iterator[bytes]:
        with f:
            yield from stream.decrypt(f, header, f"blob {hash}")

    def has(self, hash: str) -> bool:
        return self.path(hash).is_file()

    def iterate(self) -> Iterator[str]:
        """Every stored address (read from the headers; unreadable files are skipped,
        ``sabt verify --blobs`` names them)."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.name == TMP_DIR or not sub.is_dir():
                continue
            for path in sorted(sub.glob(f"*{SUFFIX}")):
                with contextlib.suppress(Exception), open(path, "rb") as f:
                    yield stream.read_header(f, self.keyring, str(path)).hash

    def forget_key(self, hash: str) -> None:
        """Destroy the blob's data key in place; the ciphertext stays unreadable."""
        path = self.path(hash)
        if not path.is_file():
            raise NotFound(f"Blob {hash} is missing from {self.root}.")
        with open(path, "r+b") as f:
            f.seek(stream.HEADER_LEN - stream.WRAPPED_LEN)
            f.write(bytes(stream.WRAPPED_LEN))
            f.flush()
            os.fsync(f.fileno())

    def abandon(self) -> None:
        """Remove every blob still waiting for ``sync`` (a batch stopped early:
        no event will name them)."""
        with self._lock:
            pending, self._pending, self._claims = list(self._pending.values()), {}, {}
        for tmp in pending:
            tmp.unlink(missing_ok=True)

    def sweep(self, older_than: float = 3600.0) -> int:
        """Remove what writers that are gone left in ``.tmp/``; return how many
        files. A writer's directory goes once nobody holds its lock; a file
        outside one (written by an earlier sabt, or where there is no
        ``flock``) once it is ``older_than`` seconds old."""
        tmp_dir = self.root / TMP_DIR
        if not tmp_dir.is_dir():
            return 0
        cutoff = time.time() - older_than
        removed = 0
        for entry in tmp_dir.iterdir():
            with contextlib.suppress(FileNotFoundError):
                if entry.suffix == ".part" and entry.stat().st_mtime < cutoff:
                    entry.unlink()
                    removed += 1
                elif entry.suffix == WRITER_SUFFIX and fcntl is not None:
                    removed += _sweep_writer(entry, cutoff)
                elif entry.suffix == ".new" and entry.stat().st_mtime < cutoff:
                    shutil.rmtree(entry, ignore_errors=True)  # a crash while making one
        return removed
