"""The vault's keys: a key-encryption key (KEK) unlocked by a passphrase or a key
file, data keys wrapped by it, and per-subject keys for crypto-shredding.

Hierarchy::

    passphrase ──Argon2id(salt, params)──┐
    key file  ───HKDF-SHA256(salt)───────┴─► unlock key ──AES-256-GCM──► KEK (random, 32 bytes)
    KEK ──wrap──► blob data keys, subject keys

``<data>/keys/vault.json`` holds the KDF name, salt and parameters and the KEK
*wrapped* under the unlock key. The AES-GCM tag of that wrapped KEK is the check
value: a wrong passphrase fails it, so it is a clear ``NotAuthenticated`` and
never a garbage key. Neither the passphrase, the key file nor the KEK is ever
written to the data directory; a key file must live outside it.

Subject keys (``<data>/keys/subjects/``) protect a person's sensitive fields
(DESIGN.md, principle 3). ``forget_subject`` overwrites and deletes the key and
leaves a tombstone, so every later use fails with ``Forgotten``. File names are
keyed hashes of the subject id, so the directory does not list who is in it.
Overwriting a file is best effort on SSDs and copy-on-write file systems: keep
backups of ``keys/`` under the same retention rules as the key itself.

Algorithms: Argon2id (RFC 9106, second recommended option: 64 MiB, t=3, p=4),
HKDF (RFC 5869), AES-256-GCM (NIST SP 800-38D) with 96-bit random nonces.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sabt.errors import (
    ConfigError,
    Forgotten,
    IntegrityError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
)

VAULT_FILE = "vault.json"
SUBJECTS_DIR = "subjects"
KEY_SIZE = 32
MIN_KEY_FILE_BYTES = 32
WRAP_VERSION = 1
# RFC 9106 §4, second recommended option (for memory-constrained settings).
ARGON2_DEFAULTS = {"iterations": 3, "lanes": 4, "memory_cost": 65536}

_KEK_AAD = b"sabt/vault/kek/v1"
_WRAP_AAD = b"sabt/wrap/v1\x00"
_SUBJECT_CONTEXT = b"sabt/subject/v1\x00"
_SEAL_AAD = b"sabt/seal/v1\x00"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def write_private(path: Path, data: bytes, *, exclusive: bool = False) -> bool:
    """Write ``data`` to ``path`` atomically (temp file, fsync, rename), mode 0600.

    With ``exclusive`` an existing file wins and False is returned, so two
    processes creating the same key agree on one.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if exclusive:
            try:
                os.link(tmp, path)
            except FileExistsError:
                return False
        else:
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_path(path.parent)
    return True


def fsync_path(path: Path) -> None:
    """Make a file's bytes durable, or, for a directory, a rename or unlink in it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_key_file(path: str | os.PathLike[str]) -> Path:
    """Create a new random key file (mode 0600); refuse to overwrite one."""
    target = Path(path).expanduser().absolute()
    if target.exists():
        raise InvalidInput(f"{target}: a key file already exists; refusing to overwrite it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_private(target, secrets.token_bytes(KEY_SIZE), exclusive=True)
    return target


class KeyRing:
    """The unlocked vault keys of one data directory."""

    def __init__(self, keys_dir: Path, kek: bytes) -> None:
        self.keys_dir = keys_dir
        self._kek = AESGCM(kek)
        self._names = _hkdf(kek, b"sabt/names/v1")
        self._subjects: dict[str, AESGCM] = {}

    # -- creating and unlocking -------------------------------------------------

    @classmethod
    def create(
        cls,
        keys_dir: str | os.PathLike[str],
        *,
        passphrase: str | None = None,
        key_file: str | os.PathLike[str] | None = None,
        kdf_params: dict[str, int] | None = None,
    ) -> KeyRing:
        """Make a new KEK for ``keys_dir`` locked by a passphrase or a key file.

        ``kdf_params`` overrides the Argon2id cost (tests use a cheaper one).
        """
        keys = Path(keys_dir).absolute()
        path = keys / VAULT_FILE
        if path.exists():
            raise ConfigError(f"{path}: the vault keys already exist; open them instead.")
        secret, kdf = _credential(keys, passphrase, key_file, None)
        kdf["salt"] = _b64(secrets.token_bytes(16))
        if kdf["name"] == "argon2id":
            kdf.update(kdf_params or ARGON2_DEFAULTS)
        kek = secrets.token_bytes(KEY_SIZE)
        nonce = secrets.token_bytes(12)
        wrapped = nonce + AESGCM(_unlock_key(secret, kdf)).encrypt(nonce, kek, _KEK_AAD)
        doc = {
            "v": 1,
            "kdf": kdf,
            "kek": _b64(wrapped),
            "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        keys.mkdir(parents=True, exist_ok=True, mode=0o700)
        (keys / SUBJECTS_DIR).mkdir(exist_ok=True, mode=0o700)
        if not write_private(path, (json.dumps(doc, indent=2) + "\n").encode(), exclusive=True):
            raise ConfigError(f"{path}: the vault keys were created by another process.")
        return cls(keys, kek)

    @classmethod
    def open(
        cls,
        keys_dir: str | os.PathLike[str],
        *,
        passphrase: str | None = None,
        key_file: str | os.PathLike[str] | None = None,
    ) -> KeyRing:
        """Unlock the KEK; a wrong passphrase or key file raises ``NotAuthenticated``."""
        keys = Path(keys_dir).absolute()
        path = keys / VAULT_FILE
        if not path.is_file():
            raise ConfigError(
                f"{path}: no vault keys. Run `sabt init` to create them "
                "(the data directory may be incomplete)."
            )
        try:
            doc = json.loads(path.read_text("utf-8"))
            kdf = dict(doc["kdf"])
            wrapped = _unb64(doc["kek"])
        except (ValueError, KeyError, TypeError) as e:
            raise ConfigError(f"{path}: not a valid vault key file ({e}).") from e
        if doc.get("v") != 1 or kdf.get("name") not in ("argon2id", "key-file"):
            raise ConfigError(
                f"{path}: unknown vault key format {doc.get('v')!r}/{kdf.get('name')!r}."
            )
        secret, _ = _credential(keys, passphrase, key_file, kdf["name"])
        try:
            kek = AESGCM(_unlock_key(secret, kdf)).decrypt(wrapped[:12], wrapped[12:], _KEK_AAD)
        except InvalidTag:
            what = "passphrase" if kdf["name"] == "argon2id" else "key file"
            raise NotAuthenticated(
                f"Wrong {what}: it does not unlock the vault keys in {keys}."
            ) from None
        return cls(keys, kek)

    # -- wrapping data keys -----------------------------------------------------

    def wrap(self, key: bytes, context: bytes = b"") -> bytes:
        """``key`` encrypted under the KEK; ``context`` binds it to where it is used."""
        nonce = secrets.token_bytes(12)
        return bytes([WRAP_VERSION]) + nonce + self._kek.encrypt(nonce, key, _WRAP_AAD + context)

    def unwrap(self, wrapped: bytes, context: bytes = b"") -> bytes:
        """The key inside ``wrapped``; an ``IntegrityError`` if it was altered,
        wrapped by another vault or for another context."""
        if len(wrapped) < 1 + 12 + 16 or wrapped[0] != WRAP_VERSION:
            raise IntegrityError("Wrapped key is malformed (wrong length or version).")
        try:
            return self._kek.decrypt(wrapped[1:13], wrapped[13:], _WRAP_AAD + context)
        except InvalidTag:
            raise IntegrityError(
                "Wrapped key does not verify: it was altered, or wrapped by another vault."
            ) from None

    def keyed_name(self, label: bytes) -> str:
        """A stable file name for ``label`` that reveals nothing without the KEK."""
        return hmac.new(self._names, label, hashlib.sha256).hexdigest()

    # -- subject keys (crypto-shredding) ----------------------------------------

    def _subject_paths(self, subject_id: str) -> tuple[Path, Path]:
        if not subject_id:
            raise InvalidInput("A subject id must not be empty.")
        name = self.keyed_name(_SUBJECT_CONTEXT + subject_id.encode("utf-8"))
        base = self.keys_dir / SUBJECTS_DIR
        return base / f"{name}.key", base / f"{name}.forgotten"

    def subject_key(self, subject_id: str, create: bool = False) -> bytes:
        """The key of ``subject_id``, made on first use with ``create``.

        Raises ``Forgotten`` once the subject was forgotten, ``NotFound`` if it
        has no key and ``create`` is false.
        """
        key_path, tomb = self._subject_paths(subject_id)
        context = _SUBJECT_CONTEXT + subject_id.encode("utf-8")
        if tomb.exists():
            raise Forgotten(
                f"Subject {subject_id!r} was forgotten: its key was destroyed and "
                "what was sealed for it can never be read again."
            )
        if not key_path.exists():
            if not create:
                raise NotFound(f"Subject {subject_id!r} has no key in {key_path.parent}.")
            key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_private(
                key_path, self.wrap(secrets.token_bytes(KEY_SIZE), context), exclusive=True
            )
        return self.unwrap(key_path.read_bytes(), context)

    def forget_subject(self, subject_id: str) -> None:
        """Destroy the subject's key for good (idempotent) and leave a tombstone."""
        key_path, tomb = self._subject_paths(subject_id)
        tomb.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # The tombstone first: a crash in between must not leave a subject whose
        # key is gone but who could silently get a fresh one.
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        write_private(tomb, f"forgotten {stamp}\n".encode())
        if key_path.exists():
            size = key_path.stat().st_size
            with open(key_path, "r+b") as f:
                f.write(secrets.token_bytes(size))
                f.flush()
                os.fsync(f.fileno())
            key_path.unlink()
            fsync_path(key_path.parent)
        self._subjects.pop(subject_id, None)

    def _subject_cipher(self, subject_id: str, create: bool) -> AESGCM:
        cipher = self._subjects.get(subject_id)
        if cipher is None:
            cipher = AESGCM(self.subject_key(subject_id, create=create))
            self._subjects[subject_id] = cipher
        return cipher

    def seal(self, subject_id: str, plaintext: bytes, aad: bytes = b"") -> bytes:
        """``plaintext`` encrypted under the subject's key (made on first use)."""
        _, tomb = self._subject_paths(subject_id)
        if tomb.exists():  # a cached cipher must not outlive a forget by another process
            self._subjects.pop(subject_id, None)
        cipher = self._subject_cipher(subject_id, create=True)
        nonce = secrets.token_bytes(12)
        full_aad = _SEAL_AAD + subject_id.encode("utf-8") + b"\x00" + aad
        return bytes([WRAP_VERSION]) + nonce + cipher.encrypt(nonce, plaintext, full_aad)

    def unseal(self, subject_id: str, token: bytes, aad: bytes = b"") -> bytes:
        """The plaintext of a ``seal`` token; ``Forgotten`` after ``forget_subject``,
        ``IntegrityError`` if the token was altered or sealed for someone else."""
        _, tomb = self._subject_paths(subject_id)
        if tomb.exists():
            self._subjects.pop(subject_id, None)
        cipher = self._subject_cipher(subject_id, create=False)
        if len(token) < 1 + 12 + 16 or token[0] != WRAP_VERSION:
            raise IntegrityError(f"Sealed value for subject {subject_id!r} is malformed.")
        full_aad = _SEAL_AAD + subject_id.encode("utf-8") + b"\x00" + aad
        try:
            return cipher.decrypt(token[1:13], token[13:], full_aad)
        except InvalidTag:
            raise IntegrityError(
                f"Sealed value does not verify for subject {subject_id!r}: "
                "altered, or sealed for another subject or field."
            ) from None


def _hkdf(ikm: bytes, info: bytes, salt: bytes | None = None) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=info).derive(ikm)


def _unlock_key(secret: bytes, kdf: dict[str, Any]) -> bytes:
    salt = _unb64(kdf["salt"])
    if kdf["name"] == "argon2id":
        return Argon2id(
            salt=salt,
            length=KEY_SIZE,
            iterations=int(kdf["iterations"]),
            lanes=int(kdf["lanes"]),
            memory_cost=int(kdf["memory_cost"]),
        ).derive(secret)
    return _hkdf(secret, b"sabt/vault/key-file/v1", salt)


def check_credential(
    keys_dir: Path, passphrase: str | None, key_file: str | os.PathLike[str] | None
) -> None:
    """Raise what ``KeyRing.create`` would about these credentials, creating nothing."""
    _credential(Path(keys_dir).absolute(), passphrase, key_file, None)


def _credential(
    keys: Path,
    passphrase: str | None,
    key_file: str | os.PathLike[str] | None,
    expected: str | None,
) -> tuple[bytes, dict[str, Any]]:
    """The secret bytes and KDF name for one of passphrase / key file."""
    if passphrase is not None and key_file is not None:
        raise InvalidInput("Give either a passphrase or a key file, not both.")
    if passphrase is None and key_file is None:
        raise NotAuthenticated(
            "The vault is locked: set SABT_PASSPHRASE or SABT_KEY_FILE, or enter the passphrase."
        )
    if passphrase is not None:
        if expected == "key-file":
            raise NotAuthenticated(
                f"The vault in {keys} is locked by a key file, not a passphrase: set SABT_KEY_FILE."
            )
        if not passphrase:
            raise InvalidInput("The vault passphrase must not be empty.")
        return passphrase.encode("utf-8"), {"name": "argon2id"}
    assert key_file is not None
    if expected == "argon2id":
        raise NotAuthenticated(
            f"The vault in {keys} is locked by a passphrase, not a key file: set SABT_PASSPHRASE."
        )
    path = Path(key_file).expanduser().absolute()
    if path.resolve().is_relative_to(keys.parent.resolve()):
        raise InvalidInput(
            f"{path}: the key file must be kept outside the data directory {keys.parent}, "
            "or a stolen disk would carry its own key."
        )
    try:
        secret = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the key file ({e.strerror}).") from e
    if len(secret) < MIN_KEY_FILE_BYTES:
        raise InvalidInput(
            f"{path}: a key file must hold at least {MIN_KEY_FILE_BYTES} bytes, found {len(secret)}."
        )
    return secret, {"name": "key-file"}
