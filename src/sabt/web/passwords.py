"""Password hashing with Argon2id (RFC 9106) through argon2-cffi.

The parameters are argon2-cffi's defaults (its RFC 9106 "low memory" profile).
A hash made with older parameters is flagged by ``needs_rehash`` so a login can
upgrade it. A password shorter than ``MIN_LENGTH`` is refused when set, never when
checked (so a policy change does not lock anyone out).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from sabt.errors import InvalidInput

MIN_LENGTH = 10
_hasher = PasswordHasher()

# Verifying against this when the account does not exist keeps the time of a
# failed login the same whether or not the name is known.
_DUMMY = _hasher.hash("not a real password, only for timing")


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"The password is too short: it needs at least {MIN_LENGTH} characters.",
            errors={"password": f"at least {MIN_LENGTH} characters, got {len(password)}"},
        )
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True if ``password`` matches; False for a mismatch, a missing or a corrupt hash."""
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
