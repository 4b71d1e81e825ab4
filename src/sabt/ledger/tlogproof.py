"""Offline inclusion proofs in the c2sp.org/tlog-proof@v1 format.

A proof file is: the line ``c2sp.org/tlog-proof@v1``; optionally
``extra <base64>`` (opaque, unauthenticated context); ``index <n>``; the
inclusion proof, one base64 hash per line from the leaf's sibling up; an empty
line; then the log's signed checkpoint verbatim, with any witness
cosignatures. Anyone holding the log's verifier key (and the witnesses' keys)
can check it with no network and no access to the log.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass

from sabt.errors import InvalidSignature, MalformedNote, TileMismatch
from sabt.ledger.checkpoint import Checkpoint
from sabt.ledger.hashing import HASH_SIZE
from sabt.ledger.keys import Verifier
from sabt.ledger.merkle import verify_inclusion
from sabt.ledger.note import Note, open_note
from sabt.ledger.tiles import TileLog

HEADER = "c2sp.org/tlog-proof@v1"


def _b64(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as e:
        raise MalformedNote(f"tlog-proof: {what} is not valid base64") from e
    if base64.b64encode(raw).decode() != text:
        raise MalformedNote(f"tlog-proof: {what} is not canonical base64")
    return raw


@dataclass(frozen=True)
class TlogProof:
    index: int
    proof: tuple[bytes, ...]
    checkpoint: str
    extra: bytes | None = None

    def to_text(self) -> str:
        lines = [HEADER]
        if self.extra is not None:
            lines.append("extra " + base64.b64encode(self.extra).decode())
        lines.append(f"index {self.index}")
        lines.extend(base64.b64encode(h).decode() for h in self.proof)
        return "\n".join(lines) + "\n\n" + self.checkpoint

    @classmethod
    def from_text(cls, text: str) -> TlogProof:
        head, sep, checkpoint = text.partition("\n\n")
        if not sep:
            raise MalformedNote("tlog-proof: no empty line before the checkpoint")
        lines = head.split("\n")
        if lines[0] != HEADER:
            raise MalformedNote(f"tlog-proof: first line must be {HEADER!r}, got {lines[0][:60]!r}")
        pos = 1
        extra = None
        if pos < len(lines) and lines[pos].startswith("extra "):
            extra = _b64(lines[pos][len("extra ") :], "extra data")
            pos += 1
        if pos >= len(lines) or not lines[pos].startswith("index "):
            raise MalformedNote(f"tlog-proof: line {pos + 1} must be 'index <n>'")
        n = lines[pos][len("index ") :]
        if not n.isascii() or not n.isdigit() or (n != "0" and n.startswith("0")):
            raise MalformedNote(f"tlog-proof: index {n!r} is not a decimal without leading zeros")
        proof = []
        for i, line in enumerate(lines[pos + 1 :]):
            h = _b64(line, f"proof line {i + 1}")
            if len(h) != HASH_SIZE:
                raise MalformedNote(
                    f"tlog-proof: proof line {i + 1} is {len(h)} bytes, not a {HASH_SIZE}-byte hash"
                )
            proof.append(h)
        return cls(int(n), tuple(proof), checkpoint, extra)


def create_tlog_proof(
    log: TileLog, index: int, checkpoint_note: str, extra: bytes | None = None
) -> str:
    """A tlog-proof for leaf ``index`` in the tree the signed ``checkpoint_note`` commits to."""
    text = checkpoint_note[: checkpoint_note.rfind("\n\n") + 1]
    cp = Checkpoint.from_text(text)
    if log.root(cp.size) != cp.root:
        raise TileMismatch(
            f"the tiles under {log.directory} do not give the root of the checkpoint for size {cp.size}"
        )
    proof = log.inclusion_proof(index, cp.size)
    return TlogProof(index, tuple(proof), checkpoint_note, extra).to_text()


@dataclass(frozen=True)
class VerifiedProof:
    checkpoint: Checkpoint
    note: Note
    index: int
    extra: bytes | None
    witnesses: tuple[str, ...]


def verify_tlog_proof(
    text: str,
    leaf: bytes,
    log_key: Verifier,
    witnesses: Iterable[Verifier] = (),
    *,
    quorum: int = 0,
    origin: str | None = None,
) -> VerifiedProof:
    """Check a tlog-proof for the entry whose leaf hash is ``leaf``.

    1. the format parses; 2. the checkpoint is signed by ``log_key``; 3. at
    least ``quorum`` of ``witnesses`` cosigned it; 4. its origin is ``origin``
    (default: the log key's name); 5. the inclusion proof leads to its root.
    """
    proof = TlogProof.from_text(text)
    witnesses = list(witnesses)
    note = open_note(proof.checkpoint, [log_key, *witnesses])
    ids = {(s.name, s.key_id) for s in note.signatures}
    if (log_key.name, log_key.key_id) not in ids:
        raise InvalidSignature(
            f"tlog-proof: the checkpoint is not signed by the log key {log_key.name}"
        )
    cosigned = tuple(w.name for w in witnesses if (w.name, w.key_id) in ids)
    if len(cosigned) < quorum:
        raise InvalidSignature(
            f"tlog-proof: {len(cosigned)} of the trusted witnesses cosigned the checkpoint, {quorum} required"
        )
    cp = Checkpoint.from_text(note.text)
    want = log_key.name if origin is None else origin
    if cp.origin != want:
        raise MalformedNote(f"tlog-proof: checkpoint origin is {cp.origin!r}, expected {want!r}")
    verify_inclusion(leaf, proof.index, cp.size, proof.proof, cp.root)
    return VerifiedProof(cp, note, proof.index, proof.extra, cosigned)
