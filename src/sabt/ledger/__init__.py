"""The Merkle log: RFC 6962/9162 hashing and proofs, C2SP signed notes,
checkpoints, hash tiles, cosignatures and offline proofs.

Pure: the standard library and ``cryptography`` only.
"""

from sabt.ledger.checkpoint import Checkpoint
from sabt.ledger.hashing import EMPTY_ROOT, HASH_SIZE, leaf_hash, node_hash, tree_root
from sabt.ledger.keys import (
    COSIGNATURE_V1,
    ED25519,
    Signer,
    Verifier,
    generate_cosigner_key,
    generate_signer_key,
)
from sabt.ledger.merkle import MemoryTree, verify_consistency, verify_inclusion
from sabt.ledger.note import Note, Signature, add_signature, open_note, sign_note
from sabt.ledger.tilepath import Tile, tiles_for_size
from sabt.ledger.tiles import TileLog
from sabt.ledger.tlogproof import TlogProof, VerifiedProof, create_tlog_proof, verify_tlog_proof
from sabt.ledger.witness import WitnessState

__all__ = [
    "COSIGNATURE_V1",
    "ED25519",
    "EMPTY_ROOT",
    "HASH_SIZE",
    "Checkpoint",
    "MemoryTree",
    "Note",
    "Signature",
    "Signer",
    "Tile",
    "TileLog",
    "TlogProof",
    "VerifiedProof",
    "WitnessState",
    "Verifier",
    "add_signature",
    "create_tlog_proof",
    "generate_cosigner_key",
    "generate_signer_key",
    "leaf_hash",
    "node_hash",
    "open_note",
    "sign_note",
    "tiles_for_size",
    "tree_root",
    "verify_consistency",
    "verify_inclusion",
    "verify_tlog_proof",
]
