"""The vault's CLI run for real: add (with broken files), show, custody, export,
verify --blobs (catching a flipped byte), a wrong passphrase, rebuild."""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from sabt.case import Case
from sabt.vault import samples
from sabt.vault.blobstore import FsBlobStore
from sabt.vault.keys import KeyRing
from support import Ran, run_sabt, sabt_env

PASSPHRASE = sabt_env()["SABT_PASSPHRASE"]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "case"
    r = run_sabt(
        "--data", str(path), "init", "--origin", "test.invalid/vault-cli", "--case", "vault-cli"
    )
    assert r.returncode == 0, r.stderr
    return path


def sabt(data: Path, *args: str, **kw: object) -> object:
    """The real CLI in a subprocess (slow: every run imports every package)."""
    return run_sabt("--data", str(data), *args, **kw)  # type: ignore[arg-type]


def make_inputs(root: Path) -> dict[str, bytes]:
    rng = random.Random(1988)
    photo = samples.photo(rng, taken=datetime(1988, 8, 30, 7, 15), lat=35.6501, lon=51.5812)
    files = {
        "photo.jpg": photo,
        "docs/report.pdf": samples.pdf(["Fictional report text."], title="Fictional report"),
        "docs/note_fa.txt": samples.note_fa().encode(),
        "broken/truncated.jpg": photo[: len(photo) // 2],
        "broken/empty.txt": b"",
        "broken/broken.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog",
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return files


def test_add_show_custody_export_verify(
    data: Path, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    inputs = tmp_path / "in"
    files = make_inputs(inputs)

    r = sabt(
        data,
        "add",
        str(inputs),
        "--json",
        "--source",
        "Partner A (fictional)",
        "--collected-by",
        "inv-1",
    )
    assert r.returncode == 2, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    by_name = {Path(row["name"]).name: row for row in rows}
    assert {n for n, row in by_name.items() if row["status"] == "added"} == {
        "photo.jpg",
        "report.pdf",
        "note_fa.txt",
    }
    assert {n for n, row in by_name.items() if row["status"] == "failed"} == {
        "truncated.jpg",
        "empty.txt",
        "broken.pdf",
    }
    assert "damaged image" in by_name["truncated.jpg"]["error"]
    assert "broken PDF" in by_name["broken.pdf"]["error"]
    assert "3 added, 0 already held, 3 failed" in r.stderr
    for name in ("truncated.jpg", "empty.txt", "broken.pdf"):
        assert str(inputs / "broken" / name) in r.stderr  # the summary names every failure
    photo_hash = by_name["photo.jpg"]["hash"]

    # Same bytes from standard input: a custody event, not a copy.
    r = cli(data, "add", "-", "--note", "re-sent by partner", input=files["photo.jpg"])
    assert r.returncode == 0, r.stderr
    assert f"already held, custody recorded: {photo_hash}" in r.stdout

    r = cli(data, "show", photo_hash[:8])
    assert r.returncode == 0, r.stderr
    assert (
        "1988-08-30T07:15:00" in r.stdout
        and "35.6501" in r.stdout
        and "Fictional Optics" in r.stdout
    )

    r = cli(
        data,
        "custody",
        "add",
        photo_hash[:8],
        "--event",
        "transferred",
        "--to",
        "Court registry",
        "--note",
        "sealed",
    )
    assert r.returncode == 0, r.stderr
    out = tmp_path / "exported.jpg"
    r = cli(data, "export", photo_hash[:10], "--to", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == files["photo.jpg"]
    steps = json.loads(cli(data, "custody", photo_hash[:8], "--json").stdout)
    assert [s["event"] for s in steps] == ["received", "received", "transferred", "exported"]
    assert steps[2]["to_party"] == "Court registry" and steps[3]["to_party"] == str(out)

    r = cli(data, "verify", "--blobs", "all")
    assert r.returncode == 0, r.stderr
    assert "3 of 3 evidence blobs checked" in r.stdout
    assert cli(data, "rebuild").returncode == 0

    # A flipped byte in the stored photo: verify names it by hash and file name.
    ring = KeyRing.open(data / "keys", passphrase=PASSPHRASE)
    blob = FsBlobStore(data / "blobs", ring).path(photo_hash)
    raw = bytearray(blob.read_bytes())
    raw[len(raw) // 2] ^= 0x04
    blob.write_bytes(bytes(raw))
    r = sabt(data, "verify", "--blobs", "sample", "3")
    assert r.returncode == 1
    assert f"{photo_hash} (photo.jpg): blob is corrupt" in r.stderr
    r = cli(data, "export", photo_hash[:8], "--to", str(tmp_path / "bad.jpg"))
    assert r.returncode == 1 and not (tmp_path / "bad.jpg").exists()

    # A wrong passphrase, bad hashes and bad options: clear errors, nothing written.
    r = sabt(data, "add", "-", input="x", env=sabt_env(SABT_PASSPHRASE="not the passphrase"))
    assert r.returncode == 4 and "Wrong passphrase" in r.stderr
    r = cli(data, "custody", "abcd")
    assert r.returncode == 3 and "No evidence with a hash starting abcd" in r.stderr
    r = cli(data, "add", str(data.parent / "nowhere"))
    assert r.returncode == 2 and "no such file or directory" in r.stderr
    r = cli(data, "add", "-", "--collected-at", "last summer", input=b"x")
    assert r.returncode == 2 and "not a date" in r.stderr


def test_init_with_a_key_file(
    tmp_path: Path, cli: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, key = tmp_path / "case", tmp_path / "usb" / "vault.key"
    monkeypatch.delenv("SABT_PASSPHRASE")
    r = cli(
        data, "init", "--origin", "test.invalid/key-file", "--case", "kf", "--key-file", str(key)
    )
    assert r.returncode == 0, r.stderr
    assert f"Created key file {key}" in r.stdout and len(key.read_bytes()) == 32
    r = cli(data, "add", "-", input=b"a fictional note\n")
    assert r.returncode == 4 and "The vault is locked" in r.stderr
    monkeypatch.setenv("SABT_KEY_FILE", str(key))
    r = cli(data, "add", "-", input=b"a fictional note\n")
    assert r.returncode == 0, r.stderr
    monkeypatch.setenv("SABT_PASSPHRASE", "a guess")
    r = cli(data, "add", "-", input=b"another note\n")
    assert r.returncode == 4 and "locked by a key file, not a passphrase" in r.stderr
    inside = cli(
        tmp_path / "case2",
        "init",
        "--origin",
        "t.invalid/x",
        "--case",
        "x",
        "--key-file",
        str(tmp_path / "case2" / "k"),
    )
    assert inside.returncode == 2 and "outside the data directory" in inside.stderr


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="names are Unicode there")
def test_a_file_name_that_is_not_utf8_is_added_with_its_exact_bytes(
    data: Path, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    """A Persian name written in cp1256 by an old Windows tool (not UTF-8) used
    to stop the whole batch at its canonical JSON; now it is added, shown with
    its odd bytes as \\xNN, and its exact bytes are in the log."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    raw = "گزارش".encode("cp1256") + b".txt"
    (Path(os.fsdecode(bytes(inputs) + b"/" + raw))).write_text("Fictional note one.\n")
    (inputs / "plain.txt").write_text("Fictional note two.\n")
    r = cli(data, "add", str(inputs))
    assert r.returncode == 0, r.stderr
    assert "\\x90\\xd2\\xc7\\xd1\\xd4.txt (text/plain" in r.stdout and "plain.txt" in r.stdout
    with Case.open(data, publish=False) as case:
        (odd,) = [
            s.event.body
            for s in case.events(types={"evidence.added"})
            if s.event.body["name"] != "plain.txt"
        ]
    assert odd["name"] == "\\x90\\xd2\\xc7\\xd1\\xd4.txt"
    assert bytes.fromhex(odd["name_bytes"]) == raw
    assert bytes.fromhex(odd["path_bytes"]) == bytes(inputs) + b"/" + raw
    again = cli(data, "add", str(inputs), "--json")  # the custody step keeps them too
    assert again.returncode == 0 and '"status": "duplicate"' in again.stdout
