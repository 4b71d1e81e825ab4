"""Crash safety of ``sabt add``: kill -9 at 20 random moments, then no event
points at a missing blob, no partial blob is visible, and verify passes; and
a killed ``sabt add`` leaves none of its worker processes running.

A blob is written to ``blobs/.tmp``, fsynced and renamed before its event is
appended (sabt.vault.evidence), so whatever moment the process dies the log
names only whole blobs.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import BinaryIO

import pytest

import sabt.vault.custody  # noqa: F401 - loaded once here, shared by every forked run
from sabt.case import Case
from sabt.cli import main  # loads every command module
from sabt.vault import evidence
from sabt.vault.blobstore import TMP_DIR, FsBlobStore
from sabt.vault.keys import KeyRing
from support import run_sabt, sabt_env

KILLS = 20
PASSPHRASE = sabt_env()["SABT_PASSPHRASE"]
CHEAP = {"iterations": 1, "lanes": 1, "memory_cost": 8}
FILES_PER_RUN = 80


def _fork_sabt(*argv: str) -> tuple[int, BinaryIO]:
    """Run the real ``sabt`` command in a forked child (imports already loaded, so
    20 runs take seconds, not minutes); return its pid and its stdout."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: stdout to the pipe, stderr discarded, never returns
        try:
            os.dup2(w, 1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            os.environ.update(sabt_env())
            main(list(argv))
        except BaseException:  # noqa: BLE001 - the child must exit, whatever happened
            os._exit(1)
        os._exit(0)
    os.close(w)
    return pid, os.fdopen(r, "rb")


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc), or nothing where there is no /proc."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except OSError:
                continue
            todo.extend(children - found)
            found |= children
    return found


def _alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie has exited)."""
    running = set()
    for p in pids:
        try:
            state = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            running.add(p)
    return running


@pytest.mark.slow
def test_kill_9_during_add_leaves_no_dangling_event_or_partial_blob(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Short groups: more appends per run, so kills land between and inside them
    # (the forked children inherit this).
    monkeypatch.setattr(evidence, "BATCH_SECONDS", 0.1)
    data = tmp_path / "case"
    data.mkdir()
    Case.init(data, origin="test.invalid/crash", case="crash").close()
    # Cheap Argon2id, so that each of the 20 runs unlocks the vault in no time.
    KeyRing.create(data / "keys", passphrase=PASSPHRASE, kdf_params=CHEAP)
    rng = random.Random(20261121)
    killed = 0
    for run in range(KILLS):
        batch = tmp_path / f"batch-{run}"
        batch.mkdir()
        for i in range(FILES_PER_RUN):  # new bytes every run, so every run writes blobs
            (batch / f"f{i:03}.bin").write_bytes(rng.randbytes(rng.randrange(5_000, 60_000)))
        pid, out = _fork_sabt("--data", str(data), "add", str(batch), "--json")
        # A random point in the batch, by progress rather than by clock (so the
        # test means the same on a fast or a loaded machine): after k recorded
        # files, plus a few milliseconds into storing or appending the next.
        for _ in range(1 + rng.randrange(FILES_PER_RUN // 2)):
            out.readline()
        time.sleep(rng.uniform(0.0, 0.03))
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            killed += 1
            os.waitpid(pid, 0)
        out.close()
    assert killed >= KILLS * 3 // 4, f"only {killed} of {KILLS} runs were still adding when killed"

    ring = KeyRing.open(data / "keys", passphrase=PASSPHRASE)
    store = FsBlobStore(data / "blobs", ring)
    with Case.open(data) as case:
        hashes = [s.event.body["hash"] for s in case.events(types={"evidence.added"})]
    assert len(hashes) > KILLS  # each run got some files in before the kill
    for h in hashes:  # every event's blob is whole and matches its hash
        assert sum(len(c) for c in store.get(h)) > 0
    visible = [p for p in (data / "blobs").rglob("*") if p.is_file() and TMP_DIR not in p.parts]
    held = set(store.iterate())  # reads every visible file's header
    assert len(held) == len(visible), "a visible blob file is not a whole blob"
    for h in held:  # blobs without an event (killed before the append) are still whole
        b"".join(store.get(h))

    r = run_sabt("--data", str(data), "verify", "--blobs", "all")
    assert r.returncode == 0, r.stderr
    assert f"{len(hashes)} of {len(hashes)} evidence blobs checked" in r.stdout


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", ["SIGKILL", "Ctrl-C"])
def test_a_killed_or_interrupted_add_leaves_no_worker_process_behind(
    tmp_path: Path, how: str
) -> None:
    """The real command, as a user runs it: its metadata workers (and their
    forkserver) must not outlive it when it is killed with SIGKILL, and Ctrl-C
    (SIGINT to the whole process group) stops it without a traceback."""
    import subprocess

    data = tmp_path / "case"
    data.mkdir()
    Case.init(data, origin="test.invalid/crash", case="crash").close()
    KeyRing.create(data / "keys", passphrase=PASSPHRASE, kdf_params=CHEAP)
    batch = tmp_path / "batch"
    batch.mkdir()
    rng = random.Random(7)
    # Enough notes that the run is still going after its first group (half a
    # second), each with text for the workers to read.
    for i in range(1500):
        (batch / f"n{i:04}.txt").write_text(f"FICTIONAL note {i} " * rng.randrange(50, 500))
    proc = subprocess.Popen(
        [sys.executable, "-m", "sabt", "--data", str(data), "add", str(batch), "--json"],
        env=sabt_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell gives a command
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()  # the first group is recorded: the workers are up
    helpers = _descendants(proc.pid)
    assert proc.poll() is None, "the run ended before it could be stopped"
    if how == "SIGKILL":
        proc.kill()
    else:
        os.killpg(proc.pid, signal.SIGINT)
    proc.stdout.read()
    stderr = proc.stderr.read().decode()
    assert proc.wait() != 0
    proc.stdout.close()
    proc.stderr.close()
    assert helpers, "the run had no worker processes to check"
    deadline = time.monotonic() + 60  # a liveness check, not a speed target
    while _alive(helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(helpers), f"processes of a stopped `sabt add` ({how}) were left running"
    assert "Traceback" not in stderr
    r = run_sabt("--data", str(data), "verify", "--blobs", "all")
    assert r.returncode == 0, r.stdout + r.stderr
