"""``sabt witness`` end to end: the real CLI on a generated log directory."""

from __future__ import annotations

from pathlib import Path

from sabt.ledger import (
    Checkpoint,
    Signer,
    TileLog,
    Verifier,
    generate_signer_key,
    leaf_hash,
    open_note,
    sign_note,
)
from support import run_sabt

ORIGIN = "log.example/fictional-case"


def test_init_add_log_cosign_and_rollback(tmp_path: Path) -> None:
    skey, vkey = generate_signer_key(ORIGIN)
    log_dir, state = tmp_path / "log", str(tmp_path / "w.json")
    tiles, signer = TileLog(log_dir), Signer.from_skey(skey)
    root50 = tiles.extend(0, [leaf_hash(b"%d" % i) for i in range(50)])
    old = sign_note(Checkpoint(ORIGIN, 50, root50).to_text(), [signer])
    root90 = tiles.extend(50, [leaf_hash(b"%d" % i) for i in range(50, 90)])
    (log_dir / "checkpoint").write_text(
        sign_note(Checkpoint(ORIGIN, 90, root90).to_text(), [signer])
    )

    init = run_sabt("witness", "init", "--name", "witness.example/w1", "--state", state, check=True)
    witness_key = Verifier.from_vkey(init.stdout.strip())
    assert (
        run_sabt("witness", "add-log", "--state", state, "--vkey", vkey, check=True).stdout
        == f"added log {ORIGIN}\n"
    )

    out = tmp_path / "cosigned"
    done = run_sabt(
        "witness",
        "cosign",
        "--state",
        state,
        "--log-dir",
        str(log_dir),
        "--out",
        str(out),
        check=True,
    )
    assert done.stdout == out.read_text()
    note = open_note(done.stdout, [Verifier.from_vkey(vkey), witness_key])
    assert len(note.signatures) == 2

    (log_dir / "checkpoint").write_text(old)
    refused = run_sabt("witness", "cosign", "--state", state, "--log-dir", str(log_dir))
    assert refused.returncode == 1
    assert "checkpoint for size 50 is older than size 90" in refused.stderr
    assert refused.stdout == ""


def test_cosign_without_a_checkpoint(tmp_path: Path) -> None:
    state = str(tmp_path / "w.json")
    run_sabt("witness", "init", "--name", "w", "--state", state, check=True)
    missing = run_sabt(
        "witness", "cosign", "--state", state, "--log-dir", str(tmp_path / "nowhere")
    )
    assert missing.returncode == 3
    assert "no checkpoint at" in missing.stderr


def test_cosign_a_checkpoint_that_is_not_text(tmp_path: Path) -> None:
    state = str(tmp_path / "w.json")
    run_sabt("witness", "init", "--name", "w", "--state", state, check=True)
    (tmp_path / "checkpoint").write_bytes(b"\xff\xfe not utf-8\n")
    bad = run_sabt("witness", "cosign", "--state", state, "--log-dir", str(tmp_path))
    assert bad.returncode == 1
    assert "is not UTF-8 text" in bad.stderr
