"""Adding evidence to a case in-process: events, duplicates, near-duplicates,
derived copies, the projection (SQLite and PostgreSQL) and blob verification."""

from __future__ import annotations

import io
import os
import random
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from sabt.case import Case
from sabt.errors import InvalidInput
from sabt.vault import samples
from sabt.vault.custody import export, readable_item, record, resolve, timeline
from sabt.vault.evidence import Provenance, add_paths, blob_store
from sabt.vault.projection import evidence
from sabt.vault.verify import check_blobs


@pytest.fixture
def case(tmp_path: Path, db_url: str | None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Case]:
    monkeypatch.setenv("SABT_PASSPHRASE", "evidence-test")
    if db_url:
        monkeypatch.setenv("SABT_DATABASE_URL", db_url)
    (tmp_path / "data").mkdir()
    c = Case.init(tmp_path / "data", origin="test.invalid/vault", case="vault-test", fictional=True)
    yield c
    c.close()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_added_once_received_twice_and_projection_rebuilds(case: Case, tmp_path: Path) -> None:
    rng = random.Random(1)
    photo = samples.photo(rng, taken=datetime(1988, 9, 1, 6, 0), lat=35.5, lon=51.4)
    write(tmp_path / "in" / "site.jpg", photo)
    write(tmp_path / "in" / "sub" / "report.pdf", samples.pdf(["x"], title="Fictional"))
    prov = Provenance(source="Partner A", collected_by="investigator-1", collected_at="2026-11-01")
    results, failures = add_paths(case, [str(tmp_path / "in")], prov, actor="investigator-1")
    assert not failures and [r.status for r in results] == ["added", "added"]
    # The same bytes under another name, from another source: custody, not a copy.
    again = write(tmp_path / "copy-of-site.dat", photo)
    (dup,), _ = add_paths(case, [str(again)], Provenance(source="Partner B"))
    assert dup.status == "duplicate" and dup.hash == results[0].hash
    assert len([p for p in case.dir.blobs.rglob("*.blob")]) == 2

    added = [s.event.body for s in case.events(types={"evidence.added"})]
    assert added[0]["metadata"]["gps"] == {"lat": 35.5, "lon": 51.4}
    assert added[0]["source"] == "Partner A" and added[0]["collected_at"] == "2026-11-01"
    steps = timeline(case, dup.hash)
    assert [s["event"] for s in steps] == ["received", "received"]
    assert steps[1]["detail"] == {
        "name": "copy-of-site.dat",
        "path": str(again),
        "source": "Partner B",
    }

    if case.engine.dialect.name == "sqlite":  # PostgreSQL rebuild is the spine's own test
        from sabt.db.rebuild import rebuild

        assert rebuild(case).equal


def test_near_duplicate_and_derived_working_copy(case: Case, tmp_path: Path) -> None:
    rng = random.Random(2)
    scene = samples.scene(rng)
    original = write(
        tmp_path / "orig.jpg",
        samples.photo(rng, taken=datetime(1988, 9, 1), lat=1, lon=1, base=scene),
    )
    smaller = scene.resize((320, 240))
    copy = write(
        tmp_path / "work.jpg",
        samples.photo(rng, taken=datetime(1988, 9, 1), lat=1, lon=1, base=smaller),
    )
    (first,), _ = add_paths(case, [str(original)], Provenance())
    (second,), _ = add_paths(
        case, [str(copy)], Provenance(derived_from=first.hash, note="resized for the report")
    )
    assert second.status == "added" and second.hash != first.hash
    assert second.near and second.near[0]["hash"] == first.hash and second.near[0]["distance"] <= 6
    body = next(iter(case.events(types={"evidence.added"}, start=second.seq))).event.body
    assert body["derived_from"] == first.hash and body["near_duplicates"][0]["hash"] == first.hash
    derived = [s for s in timeline(case, first.hash) if s["event"] == "derived"]
    assert derived and derived[0]["detail"]["derived"] == second.hash


def test_stdin_export_and_prefixes(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = samples.note_en().encode() * 1000
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))
    (r,), _ = add_paths(case, ["-"], Provenance(note="pasted"))
    assert r.status == "added" and r.media_type == "text/plain"
    assert resolve(case, r.hash[:6]) == r.hash
    out, stored = export(case, r.hash, tmp_path / "out.txt", note="for counsel")
    assert out.read_bytes() == data
    assert stored.event.body == {
        "hash": r.hash,
        "event": "exported",
        "to": str(out),
        "note": "for counsel",
    }
    before = case.size()
    with pytest.raises(InvalidInput, match="cannot write the export"):
        export(case, r.hash, Path("/proc/sabt-export.txt"))  # not writable, even by root
    assert case.size() == before  # nothing logged for an export that did not happen
    record(case, r.hash, "transferred", to="Court registry", note="sealed envelope")
    assert [s["event"] for s in timeline(case, r.hash)] == ["received", "exported", "transferred"]


def test_verify_names_corrupt_and_missing_blobs(case: Case, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", b"first fictional note\n" * 50)
    b = write(tmp_path / "b.txt", b"second fictional note\n" * 50)
    results, _ = add_paths(case, [str(a), str(b)], Provenance())
    assert check_blobs(case).ok
    store = blob_store(case)
    path = store.path(results[0].hash)
    raw = bytearray(path.read_bytes())
    raw[-40] ^= 0x01
    path.write_bytes(bytes(raw))
    store.path(results[1].hash).unlink()
    report = check_blobs(case)
    assert report.problems == {
        f"{results[0].hash} (a.txt)": "blob is corrupt: chunk 0 does not verify (truncated or altered).",
        f"{results[1].hash} (b.txt)": "blob is missing",
    }
    with case.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(evidence)).scalar() == 2


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("1988-13-45", "month must be in 1..12"),
        ("1988-02-30", "day is out of range"),
        ("0000", "year 0"),
        ("1988-08-30T07:15:00", "offset from UTC"),
    ],
)
def test_collected_at_must_be_a_real_time(value: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        Provenance(collected_at=value)


def test_collected_at_accepts_dates_of_any_precision_and_offsets() -> None:
    for value in [
        "1988",
        "1988-08",
        "1988-08-30",
        "1988-08-30T07:15:00Z",
        "1988-08-30T07:15:00+03:30",
    ]:
        assert Provenance(collected_at=value).collected_at == value


def _mixed_batch(root: Path) -> None:
    rng = random.Random(5)
    for i in range(8):
        taken = datetime(1988, 8, 1 + i, 7, 30)
        write(root / f"photo{i}.jpg", samples.photo(rng, taken=taken, lat=35.0 + i, lon=51.0))
    for i in range(6):
        write(root / f"report{i}.pdf", samples.pdf([f"Fictional report {i}."], title=f"R{i}"))
    for i in range(6):
        write(root / f"note{i}.txt", (samples.note_fa() + f" {i}").encode())
    garbled = "شهادت علی — گوهردشت".encode().decode("cp1256").encode("utf-8")
    write(root / "garbled.txt", garbled)
    broken = samples.photo(rng, taken=datetime(1988, 9, 1, 6, 0), lat=35.0, lon=51.0)
    write(root / "zz-truncated.jpg", broken[: len(broken) // 2])
    write(root / "zz-broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog")


def test_a_large_batch_is_described_in_worker_processes_exactly_as_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From DESCRIBE_PROCESSES_FROM files on, metadata is read in worker
    processes: the events, the failures and their messages are the same."""
    from sabt.vault import evidence as ev
    from sabt.vault import workers

    monkeypatch.setenv("SABT_PASSPHRASE", "evidence-test")
    _mixed_batch(tmp_path / "in")
    pools: list[object] = []
    real = ev.start_describers
    monkeypatch.setattr(ev, "start_describers", lambda n: pools.append(real(n)) or pools[-1])

    def run(name: str) -> tuple[list[dict[str, object]], dict[str, str]]:
        (tmp_path / name).mkdir()
        with Case.init(tmp_path / name, origin="test.invalid/v", case=name) as case:
            results, _ = add_paths(case, [str(tmp_path / "in")], Provenance())
            bodies = [s.event.body for s in case.events(types={"evidence.added"})]
            for b in bodies:  # sealed under each case's own keys: compared opened
                if "text_sealed" in b["metadata"]:
                    b["metadata"] = readable_item(case, b["hash"])["meta"]
        failed = {r.name.rsplit("/", 1)[-1]: r.error or "" for r in results if r.error}
        return bodies, failed

    in_processes = run("a")
    assert len(pools) == 1 and pools[0] is not None  # the worker processes were used
    monkeypatch.setattr(workers, "DESCRIBE_PROCESSES_FROM", 10_000)
    in_process = run("b")
    assert len(pools) == 2 and pools[1] is None
    assert in_processes == in_process
    bodies, failed = in_processes
    assert sorted(failed) == ["zz-broken.pdf", "zz-truncated.jpg"]
    assert failed["zz-truncated.jpg"].startswith("damaged image")
    assert failed["zz-broken.pdf"].startswith("broken PDF")
    by_name = {b["name"]: b["metadata"] for b in bodies}
    assert by_name["garbled.txt"]["text"] == "شهادت علی — گوهردشت"
    assert by_name["garbled.txt"]["mojibake_repaired"] is True
    assert by_name["photo3.jpg"]["captured_at"] == "1988-08-04T07:30:00"
    assert "Fictional report 2." in by_name["report2.pdf"]["text"]
    assert len(bodies) == 21


def test_large_files_stored_early_still_come_in_name_order(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files from ``BULK_FROM`` bytes are stored from the start, beside the
    small ones; results and events still follow the names, a large file that
    repeats another is a duplicate, and every blob is whole."""
    from sabt.vault import evidence as ev

    monkeypatch.setattr(ev, "BULK_FROM", 20_000)
    rng = random.Random(7)
    sizes = [30_000, 500, 90_000, 800, 25_000, 700, 60_000]
    datas = [rng.randbytes(n) for n in sizes]
    datas.append(datas[2])  # a large file again, last: custody, not a copy
    for i, data in enumerate(datas):
        write(tmp_path / "in" / f"f{i}.bin", data)
    results, _ = add_paths(case, [str(tmp_path / "in")], Provenance())
    assert [r.name.rsplit("/", 1)[-1] for r in results] == [f"f{i}.bin" for i in range(8)]
    assert [r.status for r in results] == ["added"] * 7 + ["duplicate"]
    assert [r.seq for r in results] == sorted(r.seq for r in results)
    added = [s.event.body["name"].rsplit("/", 1)[-1] for s in case.events(types={"evidence.added"})]
    assert added == [f"f{i}.bin" for i in range(7)]
    store = blob_store(case)
    for r, data in zip(results, datas, strict=True):
        assert b"".join(store.get(r.hash or "")) == data


def test_stopping_early_abandons_a_large_file_being_stored(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large files are stored from the start; when the caller stops early (an
    error, Ctrl-C) the one being stored stops at its next chunk instead of being
    read to the end, and leaves nothing behind."""
    import threading

    from sabt.vault import evidence as ev
    from sabt.vault.intake import Source

    chunk, chunks = 1 << 20, 64
    monkeypatch.setattr(ev, "BULK_FROM", chunk)
    first_read, resume = threading.Event(), threading.Event()
    served = [0]

    class Slow(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, b: memoryview) -> int:  # type: ignore[override]
            if served[0] >= chunks:
                return 0
            if served[0] == 1:
                first_read.set()
                resume.wait(10)  # held here until the caller has stopped
            n = min(len(b), chunk)
            b[:n] = bytes([served[0] % 251]) * n
            served[0] += 1
            return n

    class SlowSource(Source):
        def open(self) -> io.BufferedReader:  # type: ignore[override]
            return io.BufferedReader(Slow(), chunk)

    small = write(tmp_path / "in" / "a.txt", b"a small note\n")
    sources = [Source("a.txt", small, small.stat().st_size)]
    sources.append(SlowSource("big.bin", tmp_path / "big.bin", chunk * chunks))
    store = blob_store(case)
    gen = ev._ingested(sources, store, None)
    source, item = next(gen)
    assert source.name == "a.txt" and not isinstance(item, Exception)
    assert first_read.wait(10)  # the large file is being stored meanwhile
    threading.Timer(0.2, resume.set).start()  # let its reader go on once stopped
    gen.close()
    assert served[0] < 5  # abandoned after a chunk or two, not read to the end
    # Its partial file is gone; the small note's (stored, never recorded)
    # waits in the store's .tmp directory: add_sources abandons it (below).
    parts = list((store.root / ".tmp").rglob("*.part"))
    assert len(parts) == 1 and parts[0].stat().st_size < chunk
    store.abandon()
    assert list((store.root / ".tmp").rglob("*.part")) == []


def test_a_batch_stopped_early_leaves_nothing_in_tmp(case: Case, tmp_path: Path) -> None:
    """Files stored ahead of the one being recorded (up to INGEST_AHEAD) and
    never recorded are removed when the caller stops, not left for a sweep."""
    from sabt.vault.evidence import add_sources
    from sabt.vault.intake import expand

    for i in range(40):
        write(tmp_path / "in" / f"n{i:02}.txt", f"Fictional note {i}.\n".encode())
    sources, _ = expand([str(tmp_path / "in")])
    results = add_sources(case, sources, Provenance())
    assert next(results).status == "added"
    results.close()
    assert list((case.dir.blobs / ".tmp").rglob("*.part")) == []


def test_a_decoder_failing_its_own_way_fails_that_file_only(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pypdf or Pillow raising what they do not document (an IndexError deep in
    a damaged file) is that file's failure, named; lone surrogates in what a
    decoder returns are replaced, not a refused group of events."""
    from sabt.vault import metadata

    def pdf(open_file: object) -> dict[str, object]:
        raise IndexError("list index out of range")

    def text(open_file: object) -> dict[str, object]:
        return {"encoding": "utf_8", "text": "Fictional \ud800note", "title": "odd\udcff"}

    monkeypatch.setattr(metadata, "pdf", pdf)
    monkeypatch.setattr(metadata, "text", text)
    write(tmp_path / "in" / "a.pdf", samples.pdf(["x"], title="Fictional"))
    write(tmp_path / "in" / "b.txt", b"Fictional note.\n")
    results, _ = add_paths(case, [str(tmp_path / "in")], Provenance())
    assert [r.status for r in results] == ["failed", "added"]
    assert results[0].error == "cannot be described (IndexError: list index out of range)"
    row = readable_item(case, results[1].hash or "")
    assert row["meta"]["text"] == "Fictional ?note" and row["meta"]["title"] == "odd?"


def test_provenance_that_is_not_utf8_is_refused_before_anything_is_stored() -> None:
    """An option given in another encoding (its bytes reach Python as lone
    surrogates) is named, instead of failing at the first group's event."""
    with pytest.raises(InvalidInput, match=r"--collected-by: not valid UTF-8 text: inv\\xe6"):
        Provenance(source="Partner A", collected_by="inv\udce6")


def test_a_describing_worker_killed_mid_batch_fails_no_file(case: Case, tmp_path: Path) -> None:
    """A worker killed while it reads a file (the out-of-memory killer, a
    decoder's segfault) breaks its pool: the files in flight are described
    again alone, the rest by a new pool, and every one is recorded with its text."""
    import signal
    import threading

    from sabt.vault.workers import start_describers

    for i in range(24):
        lines = [f"Fictional report {i}, line {n}: the site was surveyed again." for n in range(60)]
        write(tmp_path / "in" / f"r{i:02}.pdf", samples.pdf(lines * 8, title=f"Report {i}"))
    describers = start_describers(24)
    assert describers is not None
    describers._starting.join()
    first = describers.pool
    busy = threading.Event()

    def kill_one() -> None:
        busy.wait(30)  # the batch has started: files are being read
        pid = next(iter(first._processes))  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_one)
    killer.start()
    with describers:
        results, _ = add_paths(
            case,
            [str(tmp_path / "in")],
            Provenance(),
            describers=describers,
            on_bytes=lambda n: busy.set(),
        )
    killer.join()
    assert describers.pool is not first  # the broken pool was replaced
    assert [r.status for r in results] == ["added"] * 24, [r.error for r in results]
    for r in results:
        assert "surveyed again" in readable_item(case, r.hash or "")["meta"]["text"]


def test_a_file_that_kills_its_own_describing_process_fails_alone() -> None:
    """Described alone after its pool broke, a file whose process dies again is
    that file's failure, named; nothing else is."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from sabt.vault.workers import DIED, Describers

    class Dying:  # a pool whose every worker dies on what it is given
        def submit(self, *args: object) -> Future[object]:
            f: Future[object] = Future()
            f.set_exception(BrokenProcessPool("a worker died"))
            return f

        def shutdown(self, **kw: object) -> None:
            pass

    describers = Describers(lambda n: Dying(), 2)  # type: ignore[arg-type, return-value]
    broken: Future[tuple[str, object]] = Future()
    broken.set_exception(BrokenProcessPool("a worker died"))
    assert describers.result(broken, "application/pdf", "/x.pdf", None, "ab" * 32) == (
        "corrupt",
        DIED,
    )
