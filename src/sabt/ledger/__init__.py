"""The Merkle log: RFC 6962/9162 hashing and proofs, C2SP signed notes,
checkpoints, hash tiles, cosignatures and offline proofs.

Pure: the standard library and ``cryptography`` only.
"""
