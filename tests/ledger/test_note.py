"""Signed notes: Go's x/mod sumdb note vectors byte for byte, the C2SP
signed-note example, and the rejection rules of c2sp.org/signed-note."""

from __future__ import annotations

import base64
import json

import pytest

from sabt.errors import InvalidInput, InvalidSignature, MalformedNote
from sabt.ledger import Signer, Verifier, generate_signer_key, open_note, sign_note
from sabt.ledger.keys import COSIGNATURE_V1, ED25519, key_id
from support import ASSETS

GO = json.loads((ASSETS / "ledger/tlog/go-xmod-sumdb-vectors.json").read_text())["note"]
C2SP = json.loads((ASSETS / "ledger/tlog/c2sp-spec-examples.json").read_text())

PETER = Verifier.from_vkey(GO["vkey_peter"])
ENOCH = Verifier.from_vkey(GO["vkey_enoch"])
TWO_SIGS = GO["signed_by_peter"] + GO["enoch_signature_line"]


def test_go_key_pair_round_trips() -> None:
    signer = Signer.from_skey(GO["skey_peter_PUBLIC_TEST_KEY"])
    assert signer.vkey == GO["vkey_peter"]
    assert signer.skey == GO["skey_peter_PUBLIC_TEST_KEY"]
    assert (PETER.name, f"{PETER.key_id:08x}") == ("PeterNeumann", "c74f20a3")
    assert "AYEKFAL" not in repr(signer)  # the seed never shows in a repr


def test_go_signed_note_is_reproduced_byte_for_byte() -> None:
    signer = Signer.from_skey(GO["skey_peter_PUBLIC_TEST_KEY"])
    assert sign_note(GO["text"], [signer]) == GO["signed_by_peter"]


def test_open_with_one_known_key_leaves_the_other_unverified() -> None:
    note = open_note(TWO_SIGS, [PETER])
    assert note.text == GO["text"]
    assert [s.name for s in note.signatures] == ["PeterNeumann"]
    assert [s.name for s in note.unverified] == ["EnochRoot"]
    assert note.to_text() == TWO_SIGS


def test_open_with_both_keys_verifies_both() -> None:
    note = open_note(TWO_SIGS, [PETER, ENOCH])
    assert [s.name for s in note.signatures] == ["PeterNeumann", "EnochRoot"]
    assert note.unverified == ()


def test_open_with_no_trusted_key_is_refused() -> None:
    with pytest.raises(InvalidSignature, match="no verifiable signature"):
        open_note(TWO_SIGS, [])


def test_a_key_with_the_same_name_but_another_id_is_ignored() -> None:
    other = Verifier.from_vkey(generate_signer_key("PeterNeumann")[1])
    with pytest.raises(InvalidSignature, match="no verifiable signature"):
        open_note(GO["signed_by_peter"], [other])


def test_101_signatures_are_malformed() -> None:
    lines = GO["enoch_signature_line"] * 101
    with pytest.raises(MalformedNote, match="101 signatures"):
        open_note(GO["text"] + "\n" + lines, [PETER])


def test_corrupted_signature_from_a_known_key_rejects_the_note() -> None:
    text = GO["text"] + "\n"
    sig = GO["signed_by_peter"][len(text) :]
    bad = text + sig[:60] + "ABCD" + sig[60:] + GO["enoch_signature_line"]
    with pytest.raises(InvalidSignature, match="PeterNeumann"):
        open_note(bad, [PETER, ENOCH])


def test_altered_text_is_rejected() -> None:
    forged = GO["signed_by_peter"].replace("cryptography", "cryptanalysis")
    with pytest.raises(InvalidSignature, match="does not verify"):
        open_note(forged, [PETER])


def test_c2sp_signed_note_example_verifies() -> None:
    ex = C2SP["signed_note_example"]
    note = open_note(ex["note"], [Verifier.from_vkey(ex["vkey"])])
    assert note.text == "This is an example message.\n"


@pytest.mark.parametrize(
    ("note", "match"),
    [
        ("text\n\n", "no signature lines"),
        ("text\n— a AAAA\n", "no blank line"),
        ("text\n\n— a AAAAAAAA", "end with a newline"),
        ("text\n\n- a AAAAAAAA\n", "em dash"),
        ("text\n\n— a+b AAAAAAAA\n", "not '— <key name>"),
        ("text\n\n— a not*base64\n", "not valid base64"),
        ("text\n\n— a AAAA\n", "too short"),
        ("te\txt\n\n— a AAAAAAAA\n", "control character"),
    ],
)
def test_malformed_notes(note: str, match: str) -> None:
    with pytest.raises(MalformedNote, match=match):
        open_note(note, [PETER])


def test_duplicate_signatures_by_a_known_key_are_malformed() -> None:
    with pytest.raises(MalformedNote, match="two signatures"):
        open_note(GO["signed_by_peter"] + GO["signed_by_peter"].split("\n\n")[1], [PETER])


def test_generated_key_signs_and_verifies() -> None:
    skey, vkey = generate_signer_key("sabt.example/log")
    signer, verifier = Signer.from_skey(skey), Verifier.from_vkey(vkey)
    assert signer.key_id == verifier.key_id and verifier.key_type == ED25519
    assert vkey.startswith(f"sabt.example/log+{verifier.key_id:08x}+")
    assert open_note(sign_note("hello\n", [signer]), [verifier]).text == "hello\n"


def test_key_id_is_sha256_of_name_type_and_key() -> None:
    raw = base64.b64decode(GO["vkey_peter"].split("+")[2])
    assert key_id("PeterNeumann", raw[0], raw[1:]) == 0xC74F20A3


@pytest.mark.parametrize(
    ("vkey", "match"),
    [
        ("PeterNeumann+c74f20a3", "not a verifier key"),
        ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "does not match"),
        (
            "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "not a verifier key",
        ),
        (
            "PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "unsupported signature type",
        ),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T", "base64"),
        ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "invalid key name"),
    ],
)
def test_bad_verifier_keys_are_refused(vkey: str, match: str) -> None:
    with pytest.raises(InvalidInput, match=match):
        Verifier.from_vkey(vkey)


def test_bad_signer_keys_are_refused() -> None:
    with pytest.raises(InvalidInput, match="not a signer key"):
        Signer.from_skey(GO["vkey_peter"])
    with pytest.raises(InvalidInput, match="does not match"):
        Signer.from_skey(GO["skey_peter_PUBLIC_TEST_KEY"].replace("c74f20a3", "c74f20a4"))


def test_signing_refuses_text_without_final_newline_or_signers() -> None:
    signer = Signer.from_skey(GO["skey_peter_PUBLIC_TEST_KEY"])
    with pytest.raises(MalformedNote, match="end with a newline"):
        sign_note("no newline", [signer])
    with pytest.raises(MalformedNote, match="at least one signer"):
        sign_note("text\n", [])


def test_cosigner_keys_only_sign_checkpoints() -> None:
    cosigner = Signer.generate("witness.example/w", COSIGNATURE_V1)
    with pytest.raises(MalformedNote):
        sign_note("not a checkpoint\n", [cosigner])
