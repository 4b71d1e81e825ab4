"""``sabt custody shred``: one item's key destroyed, the decision on record.

Through the real CLI entry point: export refused with when, by whom and why;
verify lists the item as shredded and passes; the blob can never be read; search
forgets its text; rebuild is equal; bad requests change nothing. Then the crash
window (a shred recorded, its key intact) is finished by verify and by a re-run,
and a key destroyed with no shred on record is reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sabt.case import Case
from sabt.errors import Forgotten, InvalidInput
from sabt.vault import stream
from sabt.vault.blobstore import FsBlobStore
from sabt.vault.keys import KeyRing
from support import Ran, sabt_env

PASSPHRASE = sabt_env()["SABT_PASSPHRASE"]
ACTOR = "admin-7"
WITNESS = "Fictional statement: the witness saw the trench near the northern wall. zebrafinch\n"
OTHER = "Fictional note about a different place, also mentioning zebrafinch.\n"
REASON = "Witness withdrew consent [order 12/2026]"


@pytest.fixture
def cli(cli: Callable[..., Ran], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """The in-process ``sabt`` (tests/vault/conftest.py), acting as ``ACTOR``."""
    monkeypatch.setenv("SABT_ACTOR", ACTOR)
    return cli


@pytest.fixture
def held(tmp_path: Path, cli: Callable[..., Ran]) -> Iterator[tuple[Path, dict[str, str]]]:
    """A case holding two text files; their hashes by file name."""
    data = tmp_path / "case"
    r = cli(data, "init", "--origin", "test.invalid/shred", "--case", "shred")
    assert r.returncode == 0, r.stderr
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "witness.txt").write_text(WITNESS, "utf-8")
    (inputs / "other.txt").write_text(OTHER, "utf-8")
    r = cli(data, "add", str(inputs), "--json")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    yield data, {Path(row["name"]).name: row["hash"] for row in rows}


def log_size(data: Path) -> int:
    with Case.open(data, publish=False) as case:
        return case.size()


def store(data: Path) -> FsBlobStore:
    return FsBlobStore(data / "blobs", KeyRing.open(data / "keys", passphrase=PASSPHRASE))


def hits(cli: Callable[..., Ran], data: Path, text: str) -> list[str]:
    r = cli(data, "search", "query", text, "--json")
    assert r.returncode == 0, r.stderr
    return [json.loads(line)["ref"] for line in r.stdout.splitlines()]


def test_shred_refuses_export_verifies_and_forgets_the_text(
    held: tuple[Path, dict[str, str]], tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    data, hashes = held
    h, other = hashes["witness.txt"], hashes["other.txt"]
    assert set(hits(cli, data, "zebrafinch")) == {h, other}
    blob = store(data).path(h)
    wrapped = blob.read_bytes()[stream.HEADER_LEN - stream.WRAPPED_LEN : stream.HEADER_LEN]
    assert any(wrapped)

    r = cli(data, "custody", "shred", h[:10], "--reason", REASON, "--yes")
    assert r.returncode == 0, r.stderr
    size = log_size(data)
    assert f"shredded {h} (witness.txt): key destroyed; event {size - 1}" in r.stdout

    # The blob: its key slot zeroed, the old wrapped key nowhere in the file, unreadable.
    raw = blob.read_bytes()
    assert raw[stream.HEADER_LEN - stream.WRAPPED_LEN : stream.HEADER_LEN] == bytes(
        stream.WRAPPED_LEN
    )
    assert wrapped not in raw
    with pytest.raises(Forgotten, match="key was destroyed"):
        b"".join(store(data).get(h))

    # The step, with reason and actor, in custody and show; the text is gone.
    steps = json.loads(cli(data, "custody", h[:8], "--json").stdout)
    assert [s["event"] for s in steps] == ["received", "shredded"]
    assert steps[1]["actor"] == ACTOR and steps[1]["detail"] == {"reason": REASON}
    shown = json.loads(cli(data, "show", h[:8], "--json").stdout)
    assert "text" not in shown["evidence"]["meta"] and shown["evidence"]["name"] == "witness.txt"
    assert shown["shredded"]["seq"] == size - 1
    r = cli(data, "show", h[:8])
    assert "shredded" in r.stdout and "order 12/2026" in r.stdout and "trench" not in r.stdout
    # The other item keeps its text.
    assert (
        "zebrafinch"
        in json.loads(cli(data, "show", other[:8], "--json").stdout)["evidence"]["meta"]["text"]
    )

    # Export is refused, naming when, by whom and why; nothing written, nothing logged.
    out = tmp_path / "out.txt"
    r = cli(data, "export", h[:8], "--to", str(out))
    assert r.returncode == 3 and not out.exists()
    assert f"{h} (witness.txt) cannot be exported: shredded on {steps[1]['at']}" in r.stderr
    assert f"by {ACTOR} (event {size - 1}): {REASON}" in r.stderr
    assert log_size(data) == size

    # Verify: listed as shredded (the reason intact, brackets and all), not damage.
    r = cli(data, "verify", "--blobs", "all")
    assert r.returncode == 0, r.stderr
    assert "2 of 2 evidence blobs checked" in r.stdout and "1 shredded on purpose" in r.stdout
    assert f"{h} (witness.txt): shredded on {steps[1]['at']} by {ACTOR}" in r.stdout
    assert REASON in r.stdout

    # Search no longer returns it, not even after the index is rebuilt.
    assert hits(cli, data, "zebrafinch") == [other]
    assert hits(cli, data, "trench") == []
    r = cli(data, "search", "reindex")
    assert r.returncode == 0 and "indexed 1 documents" in r.stdout
    assert hits(cli, data, "zebrafinch") == [other]

    r = cli(data, "rebuild")
    assert r.returncode == 0, r.stderr
    assert "the rebuilt projection equals the live one" in r.stdout

    # The same bytes added again: a receipt, and a plain word that nothing was kept.
    again = tmp_path / "again.txt"
    again.write_text(WITNESS, "utf-8")
    r = cli(data, "add", str(again))
    assert r.returncode == 0, r.stderr
    assert f"already held, custody recorded: {h}" in r.stdout
    assert f"but its content was shredded on {steps[1]['at']}" in r.stdout
    assert "this copy was not kept" in r.stdout
    with pytest.raises(Forgotten):
        b"".join(store(data).get(h))


def test_bad_shreds_are_refused_and_change_nothing(
    held: tuple[Path, dict[str, str]], cli: Callable[..., Ran]
) -> None:
    data, hashes = held
    h = hashes["witness.txt"]
    size = log_size(data)
    blob = store(data).path(h)
    before = blob.read_bytes()

    r = cli(data, "custody", "shred", h[:8], "--yes")
    assert r.returncode == 2 and "Missing option '--reason'" in r.stderr
    r = cli(data, "custody", "shred", h[:8], "--reason", "  ", "--yes")
    assert r.returncode == 2 and "A shred needs --reason" in r.stderr
    r = cli(data, "custody", "shred", "abcdef12", "--reason", REASON, "--yes")
    assert r.returncode == 3 and "No evidence with a hash starting abcdef12" in r.stderr
    r = cli(data, "custody", "shred", h[:8], "--reason", REASON, input=b"n\n")
    assert r.returncode == 1 and "Its content can never be read again" in r.stdout
    assert log_size(data) == size and blob.read_bytes() == before

    r = cli(data, "custody", "shred", h[:8], "--reason", REASON, input=b"y\n")
    assert r.returncode == 0, r.stderr
    size += 1
    assert log_size(data) == size
    shredded = blob.read_bytes()
    r = cli(data, "custody", "shred", h[:8], "--reason", "once more", "--yes")
    assert r.returncode == 2
    assert f"{h} (witness.txt) was already shredded on" in r.stderr
    assert f"by {ACTOR} (event {size - 1}): {REASON}; nothing to do." in r.stderr
    assert log_size(data) == size and blob.read_bytes() == shredded

    # A shred is not a step anyone may record by hand.
    r = cli(data, "custody", "add", h[:8], "--event", "shredded")
    assert r.returncode == 2 and "Unknown custody event 'shredded'" in r.stderr
    assert log_size(data) == size


def _record_without_destroying(data: Path, hash: str) -> None:
    """What a crash between the shred's two steps leaves: the event, the key intact."""
    with Case.open(data) as case:
        case.append(
            "custody.recorded", {"hash": hash, "event": "shredded", "reason": REASON}, actor=ACTOR
        )


def test_an_interrupted_shred_is_kept_from_export_and_finished_by_verify(
    held: tuple[Path, dict[str, str]], tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    data, hashes = held
    h = hashes["witness.txt"]
    _record_without_destroying(data, h)
    assert b"".join(store(data).get(h)) == WITNESS.encode()  # the crash window: still readable
    size = log_size(data)

    # The record alone keeps it from export.
    r = cli(data, "export", h[:8], "--to", str(tmp_path / "x.txt"))
    assert r.returncode == 3 and "cannot be exported: shredded on" in r.stderr
    assert not (tmp_path / "x.txt").exists()

    # verify checks every shredded item, whatever the sample, and finishes the shred.
    r = cli(data, "verify", "--blobs", "sample", "1")
    assert r.returncode == 0, r.stderr
    assert f"{h} (witness.txt): shredded on" in r.stdout
    assert "its key had survived an interrupted shred and is destroyed now" in r.stdout
    with pytest.raises(Forgotten):
        b"".join(store(data).get(h))
    assert log_size(data) == size
    r = cli(data, "verify", "--blobs", "all")  # and the next run finds nothing to finish
    assert r.returncode == 0 and "survived" not in r.stdout


def test_a_rerun_finishes_an_interrupted_shred_without_a_second_step(
    held: tuple[Path, dict[str, str]], cli: Callable[..., Ran]
) -> None:
    data, hashes = held
    h = hashes["witness.txt"]
    _record_without_destroying(data, h)
    size = log_size(data)
    r = cli(data, "custody", "shred", h[:8], "--reason", "anything", "--yes")
    assert r.returncode == 0, r.stderr
    assert f"finished the shred of {h} (witness.txt) recorded as event {size - 1}" in r.stdout
    assert log_size(data) == size
    with pytest.raises(Forgotten):
        b"".join(store(data).get(h))


def test_a_key_destroyed_with_no_shred_on_record_is_reported(
    held: tuple[Path, dict[str, str]], cli: Callable[..., Ran]
) -> None:
    data, hashes = held
    h = hashes["other.txt"]
    store(data).forget_key(h)  # behind the log's back
    r = cli(data, "verify", "--blobs", "all")
    assert r.returncode == 1
    assert f"{h} (other.txt): its key was destroyed, but the log records no shred" in r.stderr


def test_shred_projection_search_and_rebuild_on_each_database(
    tmp_path: Path, db_url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sabt.db.rebuild import rebuild
    from sabt.search import search
    from sabt.search.index import sync
    from sabt.vault.custody import item, shred
    from sabt.vault.evidence import add_file

    monkeypatch.setenv("SABT_PASSPHRASE", PASSPHRASE)
    if db_url:
        monkeypatch.setenv("SABT_DATABASE_URL", db_url)
    (tmp_path / "data").mkdir()
    (tmp_path / "w.txt").write_text(WITNESS, "utf-8")
    case = Case.init(tmp_path / "data", origin="test.invalid/shred-db", case="s", fictional=True)
    try:
        h = add_file(case, tmp_path / "w.txt").hash
        assert h is not None
        sync(case)
        with case.engine.connect() as conn:
            assert [x.ref for x in search(conn, "zebrafinch")] == [h]
        with pytest.raises(InvalidInput, match="needs --reason"):
            shred(case, h, "\t", actor=ACTOR)
        done = shred(case, h, REASON, actor=ACTOR)
        assert not done.finished and "text" not in item(case, h)["meta"]
        sync(case)
        with case.engine.connect() as conn:
            assert search(conn, "zebrafinch") == []
        report = rebuild(case)
        assert report.equal, report.differences
    finally:
        case.close()
