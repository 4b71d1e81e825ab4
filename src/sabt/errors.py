"""The one exception hierarchy of sabt.

Every error carries a message fit for a person (what was expected, what was
found, where, and what to do next), an HTTP ``status`` for the web layer and an
``exit_code`` for the CLI. Subclasses are grouped by what the caller can do
about them, not by where they were raised.
"""

from __future__ import annotations

from collections.abc import Mapping


class SabtError(Exception):
    """Base class: something went wrong that a person should read about."""

    status: int = 500
    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(SabtError):
    """The input is wrong; fix it and try again.

    ``errors`` maps a location (a field name, ``"row 12: father_name"``, a file
    path) to what is wrong there, so a batch import can report every problem at
    once.
    """

    status = 422
    exit_code = 2

    def __init__(self, message: str, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors: dict[str, str] = dict(errors or {})

    def __str__(self) -> str:
        if not self.errors:
            return self.message
        lines = [self.message]
        lines.extend(f"  {where}: {what}" for where, what in self.errors.items())
        return "\n".join(lines)


class NotFound(SabtError):
    """The thing asked for does not exist (or the caller may not know it does)."""

    status = 404
    exit_code = 3


class IntegrityError(SabtError):
    """A hash, proof, signature, tile or checkpoint does not verify.

    Never retry blindly: something was altered, truncated or forged.
    """

    status = 409
    exit_code = 1


class InvalidProof(IntegrityError):
    """An inclusion or consistency proof is malformed or does not verify."""


class InvalidSignature(IntegrityError):
    """A signed note carries a signature by a known key that does not verify,
    or carries no signature by any key the verifier trusts."""


class MalformedNote(IntegrityError):
    """A signed note, checkpoint or cosignature is not in the C2SP format."""


class TileMismatch(IntegrityError):
    """A hash tile does not match the log (forged, or written by another log)."""


class TruncatedTile(TileMismatch):
    """A hash tile is shorter than its path says it must be."""


class CheckpointRollback(IntegrityError):
    """A checkpoint is for a smaller tree than one already seen for this log."""


class SplitView(IntegrityError):
    """Two checkpoints for one log disagree: same size and different roots, or a
    larger tree that is not consistent with a smaller one. The log was forked."""


class PermissionDenied(SabtError):
    """The caller is known but not allowed to do this."""

    status = 403
    exit_code = 4


class NotAuthenticated(PermissionDenied):
    """The caller must log in (or give the vault passphrase) first."""

    status = 401


class ConfigError(SabtError):
    """The data directory, a setting or a key is missing or wrong."""

    status = 500
    exit_code = 5


class VaultLocked(ConfigError):
    """A server has no vault keys: it tried once, at start, and never asks
    again on a request (``Case.freeze_keys``). The person asking is logged in
    (not a 401) and asked nothing wrong (not a 500): the service is not
    available until the server is restarted with the passphrase or key file."""

    status = 503


class BackendError(SabtError):
    """A library or service under sabt failed (database, DuckDB, Spark, disk).

    Raise it ``from`` the original exception so the cause is kept.
    """

    status = 503
    exit_code = 6


class Forgotten(NotFound):
    """A key was destroyed on purpose (crypto-shredding): what it protected can
    never be read again. Not a fault, and nothing can bring it back."""

    status = 410
