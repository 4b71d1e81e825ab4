"""/log/ serves the checkpoint and hash tiles to anyone, and nothing else."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient


def test_checkpoint_and_tiles_are_public(app: FastAPI) -> None:
    case = app.state.case
    anonymous = TestClient(app)
    r = anonymous.get("/log/checkpoint")
    assert r.status_code == 200
    assert r.text == case.journal.checkpoint_path.read_text()
    tile = next(p for p in sorted((case.dir.log / "tile").rglob("*")) if p.is_file())
    r = anonymous.get("/log/" + tile.relative_to(case.dir.log).as_posix())
    assert r.status_code == 200 and r.content == tile.read_bytes()
    assert anonymous.get("/log/vkey").text.strip() == case.vkey


@pytest.mark.parametrize(
    "path",
    [
        "/log/tile/0/..%2F..%2Fkeys%2Flog.key",
        "/log/tile/%2E%2E/%2E%2E/keys/log.key",
        "/log/tile/..%2F..%2Fconfig.toml",
        "/log/keys/log.key",
        "/log/.lock",
        "/log/tile/0/000.tmp",
    ],
)
def test_nothing_outside_the_public_log_is_served(app: FastAPI, path: str) -> None:
    r = TestClient(app).get(path)
    assert r.status_code == 404
    assert "PRIVATE+KEY" not in r.text and "origin =" not in r.text
