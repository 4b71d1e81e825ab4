"""The transparency-dev/merkle inclusion and consistency probes (196 files).

Each probe says whether a correct verifier accepts it (``wantErr``). One probe
is rejected on purpose, because sabt's verifier is stricter than Go's:
``consistency/additional/sizes-are-equal-one-and-proof-is-empty.json`` expects
acceptance of two equal 12-byte "roots" (``don't care 2``). sabt refuses any
root that is not a 32-byte SHA-256 hash (fail closed, STYLE.md), so for that
probe the test asserts the rejection and names the reason. See the README in
tests/assets/ledger/tlog/.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from sabt.errors import InvalidProof
from sabt.ledger import verify_consistency, verify_inclusion
from support import ASSETS

DATA = ASSETS / "ledger/tlog/transparency-dev-merkle/testdata"
STRICT_REJECTS = {"consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"}


def _probes(kind: str) -> list[Path]:
    return sorted((DATA / kind).rglob("*.json"))


def _b(text: str) -> bytes:
    return base64.b64decode(text)


def _id(path: Path) -> str:
    return str(path.relative_to(DATA))


def test_all_probes_are_present() -> None:
    assert len(_probes("inclusion")) == 98
    assert len(_probes("consistency")) == 98


@pytest.mark.parametrize("path", _probes("inclusion"), ids=_id)
def test_inclusion_probe(path: Path) -> None:
    p = json.loads(path.read_text())
    proof = [_b(x) for x in p["proof"] or []]

    def run() -> None:
        verify_inclusion(_b(p["leafHash"]), p["leafIdx"], p["treeSize"], proof, _b(p["root"]))

    if p["wantErr"]:
        with pytest.raises(InvalidProof):
            run()
    else:
        run()


@pytest.mark.parametrize("path", _probes("consistency"), ids=_id)
def test_consistency_probe(path: Path) -> None:
    p = json.loads(path.read_text())
    proof = [_b(x) for x in p["proof"] or []]

    def run() -> None:
        verify_consistency(p["size1"], p["size2"], proof, _b(p["root1"]), _b(p["root2"]))

    if _id(path) in STRICT_REJECTS:
        assert not p["wantErr"] and len(_b(p["root1"])) == 12
        with pytest.raises(InvalidProof, match="32-byte"):
            run()
    elif p["wantErr"]:
        with pytest.raises(InvalidProof):
            run()
    else:
        run()
