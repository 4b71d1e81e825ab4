"""Signed notes (c2sp.org/signed-note): signing, and opening a note with
several signatures.

Opening follows the spec's "Signatures" section and golang.org/x/mod's
``note.Open``: a signature whose (name, key ID) matches no trusted key is kept
as unverified and otherwise ignored; a signature by a trusted key that fails
to verify rejects the whole note (``InvalidSignature``); a note with no
verified signature is rejected (``InvalidSignature``). Format errors raise
``MalformedNote``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass

from sabt.errors import InvalidSignature, MalformedNote
from sabt.ledger.keys import Signer, Verifier, valid_name

MAX_SIGNATURES = 100  # as golang.org/x/mod; the spec asks for at least 16
_DASH = "\u2014 "


@dataclass(frozen=True)
class Signature:
    """One signature line: the key name, key ID, and signature bytes after the ID."""

    name: str
    key_id: int
    signature: bytes

    @property
    def line(self) -> str:
        raw = self.key_id.to_bytes(4, "big") + self.signature
        return f"{_DASH}{self.name} {base64.b64encode(raw).decode()}\n"

    @property
    def timestamp(self) -> int | None:
        """The cosignature/v1 time, for a 72-byte timestamped signature."""
        if len(self.signature) == 72:
            return int.from_bytes(self.signature[:8], "big")
        return None


@dataclass(frozen=True)
class Note:
    """An opened note: its text, the signatures that verified, and the others."""

    text: str
    signatures: tuple[Signature, ...]
    unverified: tuple[Signature, ...]

    @property
    def verified(self) -> tuple[Signature, ...]:
        """The signatures by trusted keys that verified (the same as ``signatures``)."""
        return self.signatures

    def to_text(self) -> str:
        lines = "".join(s.line for s in (*self.signatures, *self.unverified))
        return f"{self.text}\n{lines}"


def check_text(text: str) -> None:
    """A note text is non-empty, ends in a newline and has no control characters but newlines."""
    if not text or not text.endswith("\n"):
        raise MalformedNote("note text must be non-empty and end with a newline")
    bad = next((i for i, c in enumerate(text) if (ord(c) < 0x20 and c != "\n")), None)
    if bad is not None:
        raise MalformedNote(f"note text has a control character at offset {bad}")


def signature_line(text: str, signer: Signer, *, timestamp: int | None = None) -> str:
    """One ``— name base64`` line signing ``text``."""
    return Signature(signer.name, signer.key_id, signer.sign(text, timestamp=timestamp)).line


def sign_note(text: str, signers: Iterable[Signer]) -> str:
    """``text`` followed by a blank line and one signature line per signer."""
    check_text(text)
    signers = list(signers)
    if not signers:
        raise MalformedNote("a signed note needs at least one signer")
    return text + "\n" + "".join(signature_line(text, s) for s in signers)


def add_signature(note: str, signer: Signer, *, timestamp: int | None = None) -> str:
    """Append ``signer``'s signature to an existing signed note (how a witness cosigns).

    An earlier signature by the same key is replaced; the other lines are kept
    as they were, in their order.
    """
    text, lines = _split(note)
    kept = []
    for n, line in enumerate(lines):
        sig = _parse_line(n, line)
        if (sig.name, sig.key_id) != (signer.name, signer.key_id):
            kept.append(line + "\n")
    return text + "\n" + "".join(kept) + signature_line(text, signer, timestamp=timestamp)


def _split(note: str) -> tuple[str, list[str]]:
    if not note.endswith("\n"):
        raise MalformedNote("signed note must end with a newline")
    bad = next((i for i, c in enumerate(note) if (ord(c) < 0x20 and c != "\n")), None)
    if bad is not None:
        raise MalformedNote(f"signed note has a control character at offset {bad}")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise MalformedNote("signed note has no blank line between the text and the signatures")
    text, block = note[: cut + 1], note[cut + 2 :]
    lines = block[:-1].split("\n") if block else []
    if not lines:
        raise MalformedNote("signed note has no signature lines")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNote(
            f"signed note has {len(lines)} signatures, more than the {MAX_SIGNATURES} allowed"
        )
    return text, lines


def _parse_line(n: int, line: str) -> Signature:
    where = f"signature line {n + 1}"
    if not line.startswith(_DASH):
        raise MalformedNote(f"{where} does not start with an em dash and a space")
    name, sep, b64 = line[len(_DASH) :].partition(" ")
    if not sep or not valid_name(name) or " " in b64:
        raise MalformedNote(f"{where} is not '— <key name> <base64 signature>'")
    try:
        raw = base64.b64decode(b64.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as e:
        raise MalformedNote(f"{where} ({name}): signature is not valid base64") from e
    if len(raw) < 5:
        raise MalformedNote(f"{where} ({name}): signature is too short")
    return Signature(name, int.from_bytes(raw[:4], "big"), raw[4:])


def open_note(note: str, verifiers: Iterable[Verifier]) -> Note:
    """Parse ``note`` and verify its signatures against the trusted ``verifiers``."""
    text, lines = _split(note)
    known = {(v.name, v.key_id): v for v in verifiers}
    verified: list[Signature] = []
    unverified: list[Signature] = []
    seen: set[tuple[str, int]] = set()
    for n, line in enumerate(lines):
        sig = _parse_line(n, line)
        ident = (sig.name, sig.key_id)
        verifier = known.get(ident)
        if verifier is None:
            if sig not in unverified:
                unverified.append(sig)
            continue
        if ident in seen:
            raise MalformedNote(f"signed note has two signatures by {sig.name}+{sig.key_id:08x}")
        seen.add(ident)
        if not verifier.verify(text, sig.signature):
            raise InvalidSignature(
                f"the signature by {sig.name}+{sig.key_id:08x} does not verify: the note was altered "
                "or signed with another key"
            )
        verified.append(sig)
    if not verified:
        names = ", ".join(sorted(f"{v.name}+{v.key_id:08x}" for v in known.values())) or "none"
        raise InvalidSignature(
            f"note has no verifiable signature by a trusted key (trusted: {names})"
        )
    return Note(text, tuple(verified), tuple(unverified))
