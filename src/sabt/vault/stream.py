"""The encrypted blob format: AES-256-GCM in chunks, streamed in bounded memory.

Layout (all integers big-endian)::

    offset  size  field
    0       8     magic "SABTBLOB"
    8       1     version = 1
    9       4     chunk size C (plaintext bytes per chunk)
    13      101   wrapped payload: KeyRing.wrap(data key ‖ SHA-256(plaintext) ‖ u64 size)
    114     ...   chunks: AES-256-GCM(data key, nonce_i, plaintext_i, aad) = C + 16 bytes,
                  the last one shorter (0 ≤ len < C plaintext bytes, so never absent)

Each blob has its own random data key, so nonces can be counters. Following
the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár, CRYPTO 2015) the
nonce is ``0x000000 ‖ u64 chunk index ‖ u8 last-flag``: a chunk moved to
another position fails its tag (reordering), a file cut at a chunk boundary
lacks a chunk with the last flag (truncation), and bytes after the last chunk
are refused (extension). The AAD is the 13-byte fixed header. Reading also
re-hashes the plaintext and compares it with the address.

The header's wrapped payload is written last (the hash is known only at the
end), into a slot of fixed size. ``forget`` overwrites that slot with zeros:
without the data key the ciphertext can never be read (crypto-shredding).
"""

from __future__ import annotations

import hashlib
import secrets
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sabt.errors import Forgotten, IntegrityError
from sabt.vault.keys import KeyRing

MAGIC = b"SABTBLOB"
VERSION = 1
CHUNK_SIZE = 1 << 20
TAG = 16
_FIXED = struct.Struct(">8sBI")
WRAPPED_LEN = 1 + 12 + (32 + 32 + 8) + TAG
HEADER_LEN = _FIXED.size + WRAPPED_LEN
_CONTEXT = b"sabt/blob/v1\x00"
MAX_CHUNK = 64 << 20


def _nonce(index: int, last: bool) -> bytes:
    return b"\x00\x00\x00" + struct.pack(">QB", index, 1 if last else 0)


@dataclass(frozen=True)
class Header:
    hash: str
    size: int
    chunk_size: int
    key: bytes
    fixed: bytes


def encrypt(
    src: BinaryIO,
    dst: BinaryIO,
    keyring: KeyRing,
    *,
    chunk_size: int = CHUNK_SIZE,
    on_bytes: Callable[[int], None] | None = None,
) -> tuple[str, int]:
    """Encrypt ``src`` into ``dst`` (seekable, at offset 0); return (sha256 hex, size)."""
    key = secrets.token_bytes(32)
    aead = AESGCM(key)
    fixed = _FIXED.pack(MAGIC, VERSION, chunk_size)
    dst.write(fixed + bytes(WRAPPED_LEN))
    digest = hashlib.sha256()
    size = 0
    index = 0
    view = memoryview(_buffer(chunk_size))
    while True:
        n = _fill(src, view)
        last = n < chunk_size
        chunk = view[:n]
        digest.update(chunk)
        dst.write(aead.encrypt(_nonce(index, last), chunk, fixed))
        size += n
        index += 1
        if on_bytes is not None and n:
            on_bytes(n)
        if last:
            break
    sha = digest.digest()
    wrapped = keyring.wrap(key + sha + struct.pack(">Q", size), _CONTEXT + fixed)
    assert len(wrapped) == WRAPPED_LEN
    dst.seek(_FIXED.size)
    dst.write(wrapped)
    dst.seek(0, 2)
    return sha.hex(), size


_buffers = threading.local()


def _buffer(size: int) -> bytearray:
    """A read buffer of ``size`` bytes, one per thread, reused from file to file:
    a new one per file cost a 1 MiB allocation and its zeroing, with the GIL
    held, for every note of a few kilobytes. (What is read into it is copied
    out by the hash and the cipher before the next read.)"""
    buf: bytearray | None = getattr(_buffers, "buf", None)
    if buf is None or len(buf) != size:
        buf = _buffers.buf = bytearray(size)
    return buf


def _fill(src: BinaryIO, view: memoryview) -> int:
    """Read until ``view`` is full or the stream ends (pipes return short reads)."""
    got = 0
    while got < len(view):
        n = src.readinto(view[got:])  # type: ignore[attr-defined]
        if not n:
            break
        got += n
    return got


def read_header(f: BinaryIO, keyring: KeyRing, where: str) -> Header:
    """The header of an encrypted blob; an error naming ``where`` if it is bad."""
    raw = f.read(HEADER_LEN)
    if len(raw) < HEADER_LEN:
        raise IntegrityError(f"{where}: truncated blob header ({len(raw)} of {HEADER_LEN} bytes).")
    magic, version, chunk_size = _FIXED.unpack_from(raw)
    if magic != MAGIC or version != VERSION:
        raise IntegrityError(f"{where}: not a sabt blob (magic {magic!r}, version {version}).")
    if not 0 < chunk_size <= MAX_CHUNK:
        raise IntegrityError(f"{where}: impossible chunk size {chunk_size}.")
    fixed, wrapped = raw[: _FIXED.size], raw[_FIXED.size :]
    if not any(wrapped):
        raise Forgotten(f"{where}: the blob's key was destroyed; its content can never be read.")
    try:
        payload = keyring.unwrap(wrapped, _CONTEXT + fixed)
    except IntegrityError as e:
        raise IntegrityError(f"{where}: blob header does not verify ({e}).") from None
    key, sha, (size,) = payload[:32], payload[32:64], struct.unpack(">Q", payload[64:])
    return Header(sha.hex(), size, chunk_size, key, fixed)


def decrypt(f: BinaryIO, header: Header, where: str) -> Iterator[bytes]:
    """The plaintext of a blob whose header was just read, chunk by chunk.

    The last item is yielded only after the hash and size were checked, so a
    consumer that writes everything before committing never commits bad bytes.
    """
    aead = AESGCM(header.key)
    digest = hashlib.sha256()
    size = 0
    index = 0
    want = header.chunk_size + TAG
    while True:
        block = f.read(want)
        last = len(block) < want
        if not block:
            raise IntegrityError(f"{where}: blob is truncated (chunk {index} missing).")
        try:
            plain = aead.decrypt(_nonce(index, last), block, header.fixed)
        except InvalidTag:
            state = "truncated or altered" if last else "altered or reordered"
            raise IntegrityError(f"{where}: chunk {index} does not verify ({state}).") from None
        digest.update(plain)
        size += len(plain)
        index += 1
        if last:
            if f.read(1):
                raise IntegrityError(f"{where}: bytes follow the last chunk (extended).")
            if digest.hexdigest() != header.hash or size != header.size:
                raise IntegrityError(
                    f"{where}: content hash {digest.hexdigest()} ≠ recorded {header.hash}."
                )
            if plain:
                yield plain
            return
        yield plain
