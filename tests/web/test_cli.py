"""``sabt user`` and ``sabt serve``, run for real in subprocesses."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from support import sabt_env


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


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_loopback(data: Path) -> None:
    assert (
        sabt(data, "user", "add", "ann", "--role", "analyst", "--password", "a-long-password")[0]
        == 0
    )
    port = _port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sabt", "--data", str(data), "serve", "--port", str(port)],
        env=sabt_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(base + "/login", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, (
                    "sabt serve did not start"
                )
                time.sleep(0.2)
        with httpx.Client(base_url=base, follow_redirects=True) as c:
            page = c.get("/login")
            token = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert token
            r = c.post(
                "/login",
                data={"username": "ann", "password": "a-long-password", "csrf": token.group(1)},
            )
            assert r.status_code == 200 and "ann" in r.text
            assert c.get("/log/checkpoint").text.startswith("test.sabt.invalid/web\n2\n")
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in out
