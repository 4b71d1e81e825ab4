"""``sabt user`` and ``sabt serve``, run for real in subprocesses."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def data(tmp_path: Path) -> Path:
    from sabt.web.testing import new_case

    path = tmp_path / "case"
    new_case(path).close()
    return path


def sabt(data: Path, *args: str) -> tuple[int, str, str]:
    """The real CLI in-process (``sabt.cli.main``): exit code, stdout, stderr."""
    import contextlib
    import io

    from sabt.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["--data", str(data), *args])
        except SystemExit as e:
            code = int(e.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_user_add_list_role_and_bad_input(data: Path) -> None:
    code, out, _ = sabt(
        data, "user", "add", "ann", "--role", "liaison", "--password", "a-long-password"
    )
    assert code == 0 and "created ann (liaison)" in out
    code, _, err = sabt(
        data, "user", "add", "bob", "--role", "emperor", "--password", "a-long-password"
    )
    assert code == 2 and "role" in err and "liaison" in err
    code, _, err = sabt(data, "user", "add", "cy", "--role", "viewer", "--password", "short")
    assert code == 2 and "too short" in err
    code, _, err = sabt(
        data, "user", "add", "ann", "--role", "viewer", "--password", "a-long-password"
    )
    assert code == 2 and "already exists" in err
    assert sabt(data, "user", "role", "ann", "reviewer")[0] == 0
    assert sabt(data, "user", "list")[1].splitlines() == ["ann\treviewer\tactive"]
    log = sabt(data, "log", "--json")[1]
    assert '"account.role_changed"' in log and '"account.created"' in log


def test_serve_builds_the_app_and_prints_its_url(data: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``sabt serve`` wires the case into the app and hands it to uvicorn (here a
    stand-in that serves one request in-process instead of listening)."""
    import uvicorn
    from fastapi.testclient import TestClient

    seen: dict[str, object] = {}

    def fake_run(app, **kw):  # type: ignore[no-untyped-def]
        seen.update(kw)
        seen["checkpoint"] = TestClient(app).get("/log/checkpoint").text

    monkeypatch.setattr(uvicorn, "run", fake_run)
    code, out, _ = sabt(data, "serve", "--port", "8123")
    assert code == 0 and "at http://127.0.0.1:8123/" in out
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert str(seen["checkpoint"]).startswith("test.sabt.invalid/web\n")
    code, out, _ = sabt(data, "serve", "--host", "0.0.0.0", "--port", "8124", "--insecure-cookies")
    assert code == 0 and seen["host"] == "0.0.0.0"


def test_search_command(tmp_path: Path) -> None:
    pytest.importorskip("sabt.records.queries", reason="the records package has not landed")
    from sabt.web.samples import add_sample_records
    from sabt.web.testing import new_case

    path = tmp_path / "case"
    case = new_case(path)
    ids = add_sample_records(case)
    case.close()
    code, out, _ = sabt(path, "search", "query", "حسین", "--kind", "person")
    assert code == 0
    refs = [line.split("\t")[1] for line in out.splitlines()]
    assert set(refs) == {ids["victim"], ids["namesake"]}
    code, out, _ = sabt(path, "search", "reindex")
    assert code == 0 and out.strip() == "indexed 14 documents"
    code, out, _ = sabt(path, "search", "query", "north prison", "--json")
    assert code == 0 and f'"ref": "{ids["prison"]}"' in out
