"""The spine's CLI, run for real in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sabt.ledger import verify_consistency, verify_inclusion
from support import run_sabt


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "case"
    result = run_sabt(
        "--data",
        str(path),
        "init",
        "--origin",
        "test.invalid/cli",
        "--case",
        "cli",
        "--title",
        "CLI test",
    )
    assert result.returncode == 0, result.stderr
    assert "Log verifier key" in result.stdout
    return path


def test_note_log_verify_and_proofs(data: Path) -> None:
    for text in ["first", "دومین یادداشت", "third"]:
        r = run_sabt("--data", str(data), "note", text)
        assert r.returncode == 0, r.stderr
    log = json.loads(run_sabt("--data", str(data), "log", "--json").stdout)
    assert log["size"] == 4 and log["origin"] == "test.invalid/cli"
    assert log["latest"][0]["body"] == {"text": "third"}
    assert log["latest"][1]["body"] == {"text": "دومین یادداشت"}

    vkey = run_sabt("--data", str(data), "log", "vkey").stdout.strip()
    assert vkey.startswith("test.invalid/cli+")

    ok = run_sabt("--data", str(data), "verify")
    assert ok.returncode == 0, ok.stderr
    assert "4 events" in ok.stdout

    import base64

    inc = json.loads(run_sabt("--data", str(data), "proof", "inclusion", "2").stdout)
    b = base64.b64decode
    verify_inclusion(b(inc["leaf_hash"]), 2, 4, [b(h) for h in inc["proof"]], b(inc["root"]))
    assert inc["root"] == log["root"]
    con = json.loads(run_sabt("--data", str(data), "proof", "consistency", "1").stdout)
    verify_consistency(1, 4, [b(h) for h in con["proof"]], b(con["root1"]), b(con["root2"]))


def test_data_option_and_env_select_the_directory(data: Path) -> None:
    from support import sabt_env

    r = run_sabt("note", "via env", env=sabt_env(SABT_DATA=str(data)))
    assert r.returncode == 0, r.stderr
    assert json.loads(run_sabt("--data", str(data), "log", "--json").stdout)["size"] == 2


def test_init_refuses_to_overwrite(data: Path) -> None:
    r = run_sabt("--data", str(data), "init", "--origin", "x.invalid/y", "--case", "y")
    assert r.returncode == 5
    assert "refusing to overwrite" in r.stderr


def test_bad_input_gets_a_clear_error_and_changes_nothing(data: Path, tmp_path: Path) -> None:
    r = run_sabt("--data", str(data), "note", "   ")
    assert r.returncode == 2 and "must not be empty" in r.stderr
    r = run_sabt("--data", str(data), "proof", "inclusion", "9")
    assert r.returncode == 2 and "index 9" in r.stderr
    r = run_sabt("--data", str(tmp_path / "missing"), "log")
    assert r.returncode == 5 and "sabt init" in r.stderr
    r = run_sabt("--data", str(tmp_path / "bad"), "init", "--origin", "has spaces", "--case", "c")
    assert r.returncode == 2 and "not a valid log name" in r.stderr
    assert json.loads(run_sabt("--data", str(data), "log", "--json").stdout)["size"] == 1


def test_rebuild_proves_the_projection_equal(data: Path) -> None:
    run_sabt("--data", str(data), "note", "x")
    r = run_sabt("--data", str(data), "rebuild")
    assert r.returncode == 0, r.stderr
    assert "equals the live one" in r.stdout


def test_cli_reference_is_current() -> None:
    doc = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    generated = run_sabt("docs", "cli").stdout
    assert doc.read_text("utf-8") == generated, "docs/cli.md is out of date: run `make docs`"
