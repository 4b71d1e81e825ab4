"""Flipping any byte of an event, a tile or the checkpoint makes verification fail."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sabt.case import Case
from sabt.errors import IntegrityError
from sabt.events.verify import verify
from support import run_sabt


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tamper") / "data"
    with Case.init(path, origin="test.invalid/tamper", case="t") as case:
        rng = random.Random(7)
        for _ in range(6):
            case.append_many(
                [
                    ("note.added", {"text": f"note {rng.random()}"})
                    for _ in range(rng.randint(1, 200))
                ]
            )
    return path


def copy_case(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def tiles(path: Path) -> list[Path]:
    return sorted(p for p in (path / "log" / "tile").rglob("*") if p.is_file())


def test_pristine_case_verifies(pristine: Path) -> None:
    with Case.open(pristine, publish=False) as case:
        assert verify(case.journal).size > 100


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_flipping_any_byte_fails_verification(
    pristine: Path, tmp_path: Path, data: st.DataObject
) -> None:
    import uuid

    path = copy_case(pristine, tmp_path / uuid.uuid4().hex)
    target = data.draw(st.sampled_from(["event", "tile", "checkpoint"]))
    if target == "event":
        with Case.open(path, publish=False) as case, case.engine.begin() as conn:
            n = case.size()
            seq = data.draw(st.integers(0, n - 1))
            raw = bytearray(
                conn.execute(
                    sa.text("select data from events where seq = :s"), {"s": seq}
                ).scalar_one()
            )
            i = data.draw(st.integers(0, len(raw) - 1))
            raw[i] ^= 1 << data.draw(st.integers(0, 7))
            conn.execute(
                sa.text("update events set data = :d where seq = :s"), {"d": bytes(raw), "s": seq}
            )
    else:
        file = (
            path / "log" / "checkpoint"
            if target == "checkpoint"
            else data.draw(st.sampled_from(tiles(path)))
        )
        raw = bytearray(file.read_bytes())
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] ^= 1 << data.draw(st.integers(0, 7))
        file.write_bytes(bytes(raw))
    with pytest.raises(IntegrityError), Case.open(path, publish=False) as case:
        verify(case.journal)


def test_cli_verify_names_the_forged_tile(pristine: Path, tmp_path: Path) -> None:
    path = copy_case(pristine, tmp_path / "forged")
    tile = tiles(path)[0]
    raw = bytearray(tile.read_bytes())
    raw[5] ^= 0xFF
    tile.write_bytes(bytes(raw))
    result = run_sabt("--data", str(path), "verify")
    assert result.returncode == 1
    assert "tile" in result.stderr.lower()
    assert (
        str(tile.relative_to(path / "log")).split("/")[0] in result.stderr
        or "tile/0" in result.stderr
    )


def test_cli_verify_catches_an_edited_event(pristine: Path, tmp_path: Path) -> None:
    path = copy_case(pristine, tmp_path / "edited")
    with Case.open(path, publish=False) as case, case.engine.begin() as conn:
        raw = conn.execute(sa.text("select data from events where seq = 3")).scalar_one()
        forged = bytes(raw).replace(b"note 0.", b"note 1.")
        conn.execute(sa.text("update events set data = :d where seq = 3"), {"d": forged})
    result = run_sabt("--data", str(path), "verify")
    assert result.returncode == 1
    assert "Event 3" in result.stderr
