"""The text extracted from a file, sealed under a key derived from the file's own.

The text of a note or a PDF (up to ``metadata.TEXT_LIMIT`` characters) is the
file's content in another form: a witness's testimony typed up is as sensitive
as the scan it came from. So it is never written in plaintext to the log or to
the projections (the search index, a cache, holds it once a search with the
vault unlocked indexed it, and drops it at a shred). At intake it is compressed
(Zstandard, in the describing process) and encrypted with AES-256-GCM under
``HKDF-SHA256(the blob's data key, info = "sabt/text/v1" ‖ address)``, the
version and the address as its associated data; the event's metadata carries
``text_sealed`` (base64 of version ‖ nonce ‖ ciphertext) instead of ``text``. Readers (``sabt
show``, the item page, the search index) open it with the blob's key. A shred
zeroes that key (``FsBlobStore.forget_key``): from then on the text can no
longer be read anywhere, in the append-only log either.

Events written before sealing (a plaintext ``text``) are read as they are, and
so are seals of version 1 (zlib, the address alone as associated data).
"""

from __future__ import annotations

import base64
import binascii
import secrets
import zlib
from typing import Any, Protocol

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sabt.errors import Forgotten, IntegrityError, NotFound

TEXT = "text"
SEALED = "text_sealed"
PACKED = "text_packed"  # between extraction and sealing only: never in an event
VERSION = 2  # written; version 1 (zlib) is still read
VERSIONS = (1, 2)  # read
# No text kept is longer (metadata.TEXT_LIMIT characters of at most 4 bytes);
# a seal that claims more is refused before it is decompressed.
MAX_TEXT_BYTES = 1 << 20
# Zstandard level 1: 0.25 ms for a 50,000-character note, 2.7:1 (zlib's fastest
# level took 0.75 ms for 2.4:1), and describing notes is on the critical path
# of a batch.
LEVEL = 1
_INFO = b"sabt/text/v1\x00"


class KeySource(Protocol):
    def data_key(self, hash: str) -> bytes: ...


def key_for(store: KeySource, hash: str) -> bytes | None:
    """The key that seals the text of blob ``hash`` (stored or pending), or None
    if the blob's key was destroyed (shredded content added again: its event
    will be a custody step, which carries no text)."""
    try:
        return _text_key(store.data_key(hash), hash)
    except Forgotten:
        return None


def pack(meta: dict[str, Any], key: bytes | None = None, hash: str | None = None) -> dict[str, Any]:
    """The extracted text compressed, and sealed if ``key`` (from ``key_for``)
    is given: a describing worker process does both, and sends back a third
    of the bytes. Without a key, ``seal`` finishes it."""
    text = meta.pop(TEXT, None)
    if text:
        packed = zstandard.compress(text.encode("utf-8"), LEVEL)
        if key is not None and hash is not None:
            meta[SEALED] = _seal(packed, key, hash)
        else:
            meta[PACKED] = packed
    return meta


def needs_key(meta: dict[str, Any]) -> bool:
    """Whether ``pack`` left text in ``meta`` that ``seal`` must still seal."""
    return PACKED in meta


def seal(meta: dict[str, Any], key: bytes | None, hash: str) -> dict[str, Any]:
    """``meta`` with the text ``pack`` left sealed with ``key`` (``key_for``
    the blob ``hash``); without a key (the blob's was destroyed), no text."""
    packed = meta.pop(PACKED, None)
    if packed is not None and key is not None:
        meta[SEALED] = _seal(packed, key, hash)
    return meta


def reseal(meta: dict[str, Any], old: bytes, new: bytes | None, hash: str) -> dict[str, Any]:
    """``meta`` with its text sealed with ``old`` sealed again with ``new``: the
    blob under ``hash`` turned out to be another writer's copy, with its own key."""
    token = meta.pop(SEALED, None)
    if token is None:
        return meta
    if new is not None:
        version, packed = _open(token, old, hash)
        meta[SEALED] = _seal(packed, new, hash, version)
    return meta


def _seal(packed: bytes, key: bytes, hash: str, version: int = VERSION) -> str:
    nonce = secrets.token_bytes(12)
    token = bytes([version]) + nonce + AESGCM(key).encrypt(nonce, packed, _aad(hash, version))
    return base64.b64encode(token).decode("ascii")


def is_sealed(meta: dict[str, Any]) -> bool:
    return bool(meta.get(SEALED))


def open_text(meta: dict[str, Any], store: KeySource, hash: str) -> str | None:
    """The text extracted from blob ``hash``, or None if none was.

    Raises ``Forgotten`` (the item was shredded), ``NotFound`` (its blob is
    missing), ``IntegrityError`` (the sealed text or the blob's header was
    altered) and, from the keyring, ``NotAuthenticated`` (the vault is locked)."""
    if meta.get(TEXT):
        return str(meta[TEXT])  # written before sealing
    token = meta.get(SEALED)
    if not token:
        return None
    version, packed = _open(token, _text_key(store.data_key(hash), hash), hash)
    try:
        return _unpack(version, packed).decode("utf-8")
    except (zlib.error, zstandard.ZstdError, UnicodeDecodeError, ValueError) as e:
        # Verified, so sealed by this vault: not expected.
        raise IntegrityError(f"blob {hash}: the sealed text does not decompress ({e}).") from None


def _unpack(version: int, packed: bytes) -> bytes:
    """The text's bytes, never more than ``MAX_TEXT_BYTES`` of them (a seal is
    authenticated, but a bomb sealed by someone holding the key must not take
    a server's memory)."""
    if version == 1:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_TEXT_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError(f"more than {MAX_TEXT_BYTES} bytes, or cut short")
        return raw
    size = zstandard.frame_content_size(packed)
    if not 0 <= size <= MAX_TEXT_BYTES:  # -1: not stated
        raise ValueError(f"states {size} bytes (at most {MAX_TEXT_BYTES})")
    return zstandard.ZstdDecompressor().decompress(packed, max_output_size=MAX_TEXT_BYTES)


def _open(token: object, key: bytes, hash: str) -> tuple[int, bytes]:
    """The version and packed text inside ``token``; ``IntegrityError`` naming
    the blob if it is not one of ours or does not verify."""
    if not isinstance(token, str):
        raise IntegrityError(f"blob {hash}: the sealed text is not a string.")
    try:
        raw = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError):
        raise IntegrityError(f"blob {hash}: the sealed text is not base64.") from None
    if len(raw) < 1 + 12 + 16 or raw[0] not in VERSIONS:
        raise IntegrityError(f"blob {hash}: the sealed text is malformed (version or length).")
    try:
        return raw[0], AESGCM(key).decrypt(raw[1:13], raw[13:], _aad(hash, raw[0]))
    except InvalidTag:
        raise IntegrityError(f"blob {hash}: the sealed text does not verify (altered).") from None


# Why the text of an item cannot be shown (``readable``), for a person.
WHY_NOT = {
    "locked": "the extracted text is sealed: unlock the vault to read it",
    "shredded": "the item was shredded: its text can no longer be read",
    "damaged": "the extracted text cannot be read: the sealed text or the blob's header "
    "does not verify, or the blob is missing (run `sabt verify --blobs all`)",
}


def readable(
    meta: dict[str, Any], store: KeySource | None, hash: str
) -> tuple[dict[str, Any], str | None, str | None]:
    """For display: (the metadata without its text, the text or None, and when
    there is text that cannot be shown, why: a key of ``WHY_NOT``). ``store``
    is None when the vault is locked."""
    rest = {k: v for k, v in meta.items() if k not in (TEXT, SEALED)}
    if meta.get(TEXT):
        return rest, str(meta[TEXT]), None  # written before sealing
    if not is_sealed(meta):
        return rest, None, None
    if store is None:
        return rest, None, "locked"
    try:
        return rest, open_text(meta, store, hash), None
    except Forgotten:
        return rest, None, "shredded"
    except (NotFound, IntegrityError):
        return rest, None, "damaged"


def _text_key(data_key: bytes, hash: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_context(hash)).derive(
        data_key
    )


def _context(hash: str) -> bytes:
    """What binds a sealed text to its item: the key derivation's info."""
    return _INFO + bytes.fromhex(hash)


def _aad(hash: str, version: int) -> bytes:
    """The associated data: the item, and from version 2 the version too (so
    that a token's version byte cannot be changed to pick another decompressor)."""
    return _context(hash) if version == 1 else bytes([version]) + _context(hash)
