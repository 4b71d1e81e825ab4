"""A witness (c2sp.org/tlog-witness semantics, c2sp.org/tlog-cosignature
signatures): cosign a log's checkpoint only after checking that it extends
the last checkpoint this witness cosigned for that log.

State is one JSON file, written atomically with mode 0600 because it holds
the witness's private key::

    {"version": 1, "name": ..., "skey": "PRIVATE+KEY+...",
     "logs": {"<origin>": {"vkey": ..., "size": 70000, "root": "<base64>"}}}

Checks, in order: the log's signature; the origin is a known log; the size
does not go back (``CheckpointRollback``); an equal size has the same root
and a larger one is consistent with the old root (``SplitView``); the tiles
the proof is read from give the checkpoint's root (``TileMismatch``).
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sabt.errors import (
    CheckpointRollback,
    ConfigError,
    InvalidInput,
    InvalidProof,
    MalformedNote,
    NotFound,
    SplitView,
    TileMismatch,
)
from sabt.ledger.checkpoint import Checkpoint
from sabt.ledger.keys import COSIGNATURE_V1, ED25519, Signer, Verifier
from sabt.ledger.merkle import verify_consistency
from sabt.ledger.note import add_signature, open_note
from sabt.ledger.tiles import TileLog

STATE_VERSION = 1


@dataclass
class LogState:
    vkey: str
    size: int = 0
    root: str | None = None


@dataclass
class WitnessState:
    path: Path
    signer: Signer
    logs: dict[str, LogState] = field(default_factory=dict)

    @classmethod
    def create(cls, path: Path, name: str) -> WitnessState:
        if path.exists():
            raise InvalidInput(f"witness state {path} already exists; refusing to replace its key")
        state = cls(path, Signer.generate(name, COSIGNATURE_V1))
        state.save()
        return state

    @classmethod
    def load(cls, path: Path) -> WitnessState:
        try:
            raw: Any = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise NotFound(
                f"witness state {path} does not exist; run `sabt witness init` first"
            ) from e
        except (OSError, ValueError) as e:
            raise ConfigError(f"witness state {path} is not readable JSON: {e}") from e
        try:
            if raw["version"] != STATE_VERSION:
                raise ConfigError(f"witness state {path}: unsupported version {raw['version']!r}")
            signer = Signer.from_skey(raw["skey"])
            logs = {
                origin: LogState(entry["vkey"], int(entry["size"]), entry.get("root"))
                for origin, entry in raw["logs"].items()
            }
        except (KeyError, TypeError, AttributeError, ValueError) as e:
            raise ConfigError(f"witness state {path} is malformed: {e!r}") from e
        if signer.key_type != COSIGNATURE_V1:
            raise ConfigError(f"witness state {path}: the key is not a cosignature/v1 key")
        return cls(path, signer, logs)

    def save(self) -> None:
        data = {
            "version": STATE_VERSION,
            "name": self.signer.name,
            "skey": self.signer.skey,
            "logs": {
                origin: {"vkey": s.vkey, "size": s.size, "root": s.root}
                for origin, s in sorted(self.logs.items())
            },
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def add_log(self, vkey: str, origin: str | None = None) -> str:
        """Trust the log with verifier key ``vkey`` (origin: the key name by default)."""
        verifier = Verifier.from_vkey(vkey)
        if verifier.key_type != ED25519:
            raise InvalidInput(
                f"{verifier.name}: a log key must be an Ed25519 note key (type 0x01)"
            )
        origin = origin or verifier.name
        if origin in self.logs and self.logs[origin].vkey != verifier.vkey:
            raise InvalidInput(
                f"log {origin} is already known with another key; remove it from {self.path} first"
            )
        self.logs.setdefault(origin, LogState(verifier.vkey))
        self.save()
        return origin

    def cosign(self, note: str, tiles: TileLog, *, timestamp: int | None = None) -> str:
        """Check ``note`` (a signed checkpoint) against the tiles and this witness's
        history, record it, and return the note with this witness's cosignature."""
        # 1. Find the log by the (so far untrusted) origin line, then verify.
        text = note[: note.rfind("\n\n") + 1]
        if not text:
            raise MalformedNote("checkpoint note has no blank line before its signatures")
        origin = text.split("\n", 1)[0]
        log = self.logs.get(origin)
        if log is None:
            raise NotFound(
                f"log {origin!r} is not known to this witness; add it with `sabt witness add-log`"
            )
        opened = open_note(note, [Verifier.from_vkey(log.vkey)])
        cp = Checkpoint.from_text(opened.text)
        where = f"log {origin}"
        # 2. Never go back, never accept two roots for one size.
        old_root = base64.b64decode(log.root) if log.root else None
        if cp.size < log.size:
            raise CheckpointRollback(
                f"{where}: checkpoint for size {cp.size} is older than size {log.size} already cosigned"
            )
        if cp.size == log.size and old_root is not None and cp.root != old_root:
            raise SplitView(f"{where}: two different roots for size {cp.size}; the log was forked")
        # 3. The tiles must match the checkpoint before a proof read from them means anything.
        if tiles.root(cp.size) != cp.root:
            raise TileMismatch(
                f"{where}: the tiles under {tiles.directory} do not give the checkpoint root for size {cp.size}"
            )
        if old_root is not None and cp.size > log.size:
            proof = tiles.consistency_proof(log.size, cp.size)
            try:
                verify_consistency(log.size, cp.size, proof, old_root, cp.root)
            except InvalidProof as e:
                raise SplitView(
                    f"{where}: size {cp.size} does not extend size {log.size} already cosigned; the log was forked ({e})"
                ) from e
        # 4. Record, then sign: a crash in between only costs a retry.
        log.size, log.root = cp.size, base64.b64encode(cp.root).decode()
        self.save()
        return add_signature(note, self.signer, timestamp=timestamp)
