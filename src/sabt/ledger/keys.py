"""Signed-note keys (c2sp.org/signed-note, "Signatures" and "Ed25519
signatures"; c2sp.org/tlog-cosignature for type 0x04).

A verifier key (vkey) is ``<name>+<hex key ID>+base64(type || public key)``; a
signer key (skey) is ``PRIVATE+KEY+<name>+<hex key ID>+base64(type || seed)``,
the format of golang.org/x/mod/sumdb/note. The key ID is
SHA-256(name || 0x0A || type || public key)[:4]. Two types are supported:
0x01, Ed25519 note signatures, and 0x04, timestamped Ed25519 cosignatures
(cosignature/v1), whose signed message is ``cosignature/v1\\ntime <t>\\n``
followed by the checkpoint text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import time
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature as _CryptoInvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sabt.errors import InvalidInput

ED25519 = 0x01
COSIGNATURE_V1 = 0x04
_TYPES = {ED25519: "Ed25519", COSIGNATURE_V1: "cosignature/v1"}


def valid_name(name: str) -> bool:
    """Key names are non-empty, with no Unicode space, no '+' and no control character."""
    return bool(name) and not any(c.isspace() or c == "+" or ord(c) < 0x20 for c in name)


def key_id(name: str, key_type: int, public_key: bytes) -> int:
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([key_type]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def _b64decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as e:
        raise InvalidInput(f"{what}: not valid base64") from e


def _public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def cosignature_message(text: str, timestamp: int) -> bytes:
    """The message an Ed25519 cosignature/v1 signs (tlog-cosignature, "Ed25519 signed message")."""
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


@dataclass(frozen=True)
class Verifier:
    """A public key that checks signatures in notes."""

    name: str
    key_type: int
    public_key: bytes
    key_id: int = field(init=False)

    def __post_init__(self) -> None:
        if not valid_name(self.name):
            raise InvalidInput(
                f"invalid key name {self.name!r}: it must be non-empty, without spaces or '+'"
            )
        if self.key_type not in _TYPES:
            raise InvalidInput(f"key {self.name}: unsupported signature type 0x{self.key_type:02x}")
        if len(self.public_key) != 32:
            raise InvalidInput(
                f"key {self.name}: an Ed25519 public key is 32 bytes, got {len(self.public_key)}"
            )
        object.__setattr__(self, "key_id", key_id(self.name, self.key_type, self.public_key))

    @classmethod
    def from_vkey(cls, vkey: str) -> Verifier:
        parts = vkey.strip().split("+", 2)
        if (
            len(parts) != 3
            or len(parts[1]) != 8
            or not all(c in "0123456789abcdef" for c in parts[1])
        ):
            raise InvalidInput(
                f"not a verifier key (expected name+<8 hex digits>+<base64>): {vkey!r}"
            )
        raw = _b64decode(parts[2], f"verifier key {parts[0]!r}")
        if not raw:
            raise InvalidInput(f"verifier key {parts[0]!r} is empty")
        v = cls(parts[0], raw[0], raw[1:])
        if v.key_id != int(parts[1], 16):
            raise InvalidInput(
                f"verifier key {parts[0]!r}: key ID {parts[1]} does not match the key (expected {v.key_id:08x})"
            )
        return v

    @property
    def vkey(self) -> str:
        material = base64.b64encode(bytes([self.key_type]) + self.public_key).decode()
        return f"{self.name}+{self.key_id:08x}+{material}"

    @property
    def is_cosigner(self) -> bool:
        return self.key_type == COSIGNATURE_V1

    def verify(self, text: str, signature: bytes) -> bool:
        """Whether ``signature`` (without its 4-byte key ID) signs ``text``."""
        key = Ed25519PublicKey.from_public_bytes(self.public_key)
        if self.key_type == COSIGNATURE_V1:
            if len(signature) != 8 + 64:
                return False
            stamp = int.from_bytes(signature[:8], "big")
            if stamp >= 1 << 63:
                return False
            message, sig = cosignature_message(text, stamp), signature[8:]
        else:
            if len(signature) != 64:
                return False
            message, sig = text.encode(), signature
        try:
            key.verify(sig, message)
        except _CryptoInvalidSignature:
            return False
        return True


class Signer:
    """A private key that signs notes (type 0x01) or cosigns checkpoints (type 0x04)."""

    def __init__(self, name: str, key_type: int, seed: bytes) -> None:
        if len(seed) != 32:
            raise InvalidInput(f"signer key {name!r}: an Ed25519 seed is 32 bytes, got {len(seed)}")
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self._seed = seed
        self.verifier = Verifier(name, key_type, _public_bytes(self._key.public_key()))
        self.name = name
        self.key_type = key_type
        self.key_id = self.verifier.key_id

    @classmethod
    def generate(cls, name: str, key_type: int = ED25519) -> Signer:
        seed = Ed25519PrivateKey.generate().private_bytes_raw()
        return cls(name, key_type, seed)

    @classmethod
    def from_skey(cls, skey: str) -> Signer:
        parts = skey.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise InvalidInput(
                "not a signer key (expected PRIVATE+KEY+name+<8 hex digits>+<base64>)"
            )
        name, hex_id, material = parts[2:]
        raw = _b64decode(material, f"signer key {name!r}")
        if not raw:
            raise InvalidInput(f"signer key {name!r} is empty")
        signer = cls(name, raw[0], raw[1:])
        if len(hex_id) != 8 or f"{signer.key_id:08x}" != hex_id:
            raise InvalidInput(f"signer key {name!r}: key ID {hex_id} does not match the key")
        return signer

    @property
    def skey(self) -> str:
        material = base64.b64encode(bytes([self.key_type]) + self._seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.key_id:08x}+{material}"

    @property
    def vkey(self) -> str:
        return self.verifier.vkey

    def sign(self, text: str, *, timestamp: int | None = None) -> bytes:
        """The signature of ``text`` without the key ID (cosignatures: timestamp || signature)."""
        if self.key_type == COSIGNATURE_V1:
            # A cosignature is only ever a statement about a checkpoint.
            from sabt.ledger.checkpoint import Checkpoint

            Checkpoint.from_text(text)
            stamp = int(time.time()) if timestamp is None else timestamp
            if not 0 <= stamp < 1 << 63:
                raise InvalidInput(f"cosignature timestamp out of range: {stamp}")
            return stamp.to_bytes(8, "big") + self._key.sign(cosignature_message(text, stamp))
        return self._key.sign(text.encode())

    def __repr__(self) -> str:  # never print the seed
        return f"Signer({self.name}+{self.key_id:08x}, {_TYPES[self.key_type]})"


def generate_signer_key(name: str) -> tuple[str, str]:
    """A new Ed25519 note-signing key: (skey, vkey)."""
    s = Signer.generate(name, ED25519)
    return s.skey, s.vkey


def generate_cosigner_key(name: str) -> tuple[str, str]:
    """A new Ed25519 cosignature/v1 witness key: (skey, vkey)."""
    s = Signer.generate(name, COSIGNATURE_V1)
    return s.skey, s.vkey
