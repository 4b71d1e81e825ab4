"""kill -9 an appending process at random moments: every append it reported done
is present, and the log verifies after recovery."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sabt.case import Case
from sabt.events.verify import verify
from support import sabt_env

WRITER = r"""
import sys
from sabt.case import Case
case = Case.open(sys.argv[1])
round_ = sys.argv[2]
i = 0
while True:
    n = 1 + (i % 7) * 13
    stored = case.append_many([("note.added", {"text": f"{round_}:{i}:{k}"}) for k in range(n)])
    # One write per acknowledgement (print writes its parts one by one when
    # output is unbuffered, PYTHONUNBUFFERED): a kill cannot cut it in two.
    sys.stdout.write(f"{stored[-1].seq} {round_}:{i}:{n - 1}\n")
    sys.stdout.flush()
    i += 1
"""


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_no_acknowledged_append(
    tmp_path: Path, db_url: str | None
) -> None:
    path = tmp_path / "data"
    Case.init(path, origin="test.invalid/crash", case="t", database_url=db_url).close()
    env = sabt_env(**({"SABT_DATABASE_URL": db_url} if db_url else {}))
    rng = random.Random(1988)
    acknowledged: dict[int, str] = {}
    for round_ in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(round_)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until appends are under way, however slow start-up is
        time.sleep(rng.random() * 0.5)  # then kill at a random moment
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        for line in (first + out).splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # cut by the kill: not an acknowledgement
            seq, text = line.rstrip("\n").split(" ", 1)
            acknowledged[int(seq)] = text
    assert len(acknowledged) > 20, "the writer never got going; the test proves nothing"
    with Case.open(path, database_url=db_url) as case:  # recovery: publish what was committed
        report = verify(case.journal)
        stored = {s.seq: s.event.body.get("text") for s in case.events()}
    assert report.size == len(stored)
    missing = {seq: text for seq, text in acknowledged.items() if stored.get(seq) != text}
    assert not missing, f"acknowledged appends lost: {list(missing.items())[:5]}"
