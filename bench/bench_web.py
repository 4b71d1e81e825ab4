"""Latency of the web pages under 50 concurrent clients on loopback.

Builds the fictional demo case (``sabt demo --no-serve``) in a temporary
directory, serves it with ``sabt serve`` in a separate process (so the load
generator does not share its interpreter), logs in as the demo investigator,
and has 50 concurrent connections (wrk from Debian if installed, else httpx
clients) fetch record pages (persons, places, incidents,
sources, organisations and the record pages they link to) for a fixed time.
Prints p50/p95/p99 latency and throughput.

    python -m bench web
    SABT_BENCH_WEB_SECONDS=60 SABT_BENCH_WEB_CLIENTS=50 SABT_BENCH_WEB_WORKERS=2 python -m bench web
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("SABT_BENCH_WEB_CLIENTS", "50"))
SECONDS = float(os.environ.get("SABT_BENCH_WEB_SECONDS", "30"))
WORKERS = os.environ.get("SABT_BENCH_WEB_WORKERS", "1")
LISTS = ["/persons", "/places", "/incidents", "/sources", "/organisations"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["SABT_DATA"] = str(data)
    env["SABT_PASSPHRASE"] = "fictional-demo-passphrase"  # the demo vault's published passphrase
    return env


async def _login(client: httpx.AsyncClient, username: str, password: str) -> None:
    page = await client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token, "no CSRF token on /login"
    r = await client.post(
        "/login", data={"username": username, "password": password, "csrf": token.group(1)}
    )
    assert r.status_code == 200 and "/login" not in str(r.url), f"login failed: {r.status_code}"


async def _urls(client: httpx.AsyncClient) -> list[str]:
    urls: list[str] = []
    for path in LISTS:
        r = await client.get(path)
        if r.status_code != 200:
            continue
        urls.append(path)
        links = sorted(set(re.findall(r'href="(/records/[A-Za-z0-9_.:-]+)"', r.text)))
        urls.extend(links[:40])
    return urls or ["/"]


async def _worker(
    client: httpx.AsyncClient,
    urls: list[str],
    offset: int,
    stop: float,
    out: list[float],
    errors: list[str],
) -> None:
    i = offset
    while time.perf_counter() < stop:
        url = urls[i % len(urls)]
        i += 1
        t0 = time.perf_counter()
        r = await client.get(url)
        out.append(time.perf_counter() - t0)
        if r.status_code != 200:
            errors.append(f"{url}: {r.status_code}")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _wrk_ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)$", text)
    assert match, f"unexpected wrk latency {text!r}"
    return float(match.group(1)) * _UNITS[match.group(2)]


def _wrk(base: str, urls: list[str], cookie: str) -> None:
    """Drive the load with wrk (C, two threads): the load generator then takes
    little of the CPU the server needs, unlike a Python one."""
    script = "\n".join(
        [
            "local urls = {" + ", ".join(f'"{u}"' for u in urls) + "}",
            "local i = math.random(#urls)",
            f'wrk.headers["Cookie"] = "{cookie}"',
            "request = function() i = i % #urls + 1; return wrk.format('GET', urls[i]) end",
        ]
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CLIENTS}", f"-d{int(SECONDS)}s", "--latency", "-s", f.name, base],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    Path(f.name).unlink()
    pct = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)\s*$", out, re.M))
    if len(pct) < 3:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    kinds = sorted({u.split("/")[1] for u in urls})
    print(
        f"pages: {len(urls)} URLs ({', '.join(kinds)}); {CLIENTS} connections for {SECONDS:.0f} s; {WORKERS} worker(s); load by wrk"
    )
    print(
        f"requests/s: {float(rate.group(1)) if rate else 0:,.0f}, non-2xx: {errors.group(1) if errors else 0}"
    )
    print(
        f"latency p50 {_wrk_ms(pct['50']):.1f} ms · p90 {_wrk_ms(pct['90']):.1f} ms · p99 {_wrk_ms(pct['99']):.1f} ms"
    )


async def _load(base: str) -> None:
    from sabt.web.demo import LOGINS

    username, password, _ = next(x for x in LOGINS if x[2] == "investigator")
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [
        httpx.AsyncClient(base_url=base, limits=limits, timeout=30, follow_redirects=True)
        for _ in range(CLIENTS)
    ]
    try:
        # Log in one client and share its session cookie: 50 Argon2 logins would
        # only measure the password hash.
        await _login(clients[0], username, password)
        for c in clients[1:]:
            c.cookies = clients[0].cookies
        urls = await _urls(clients[0])
        for c in clients[:5]:  # warm up
            await c.get(urls[0])
        if shutil.which("wrk") and os.environ.get("SABT_BENCH_WEB_LOAD", "wrk") == "wrk":
            cookie = "; ".join(f"{k}={v}" for k, v in clients[0].cookies.items())
            for _ in range(4):  # fill every worker's page cache, as on a running site
                await asyncio.gather(*(c.get(u) for c in clients[:8] for u in urls))
            _wrk(base, urls, cookie)
            return
        latencies: list[float] = []
        errors: list[str] = []
        stop = time.perf_counter() + SECONDS
        t0 = time.perf_counter()
        await asyncio.gather(
            *(_worker(c, urls, k * 7, stop, latencies, errors) for k, c in enumerate(clients))
        )
        elapsed = time.perf_counter() - t0
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    q = statistics.quantiles(latencies, n=100)
    kinds = sorted({u.split("/")[1] for u in urls})
    print(
        f"pages: {len(urls)} URLs ({', '.join(kinds)}); {CLIENTS} clients for {SECONDS:.0f} s; {WORKERS} worker(s)"
    )
    print(
        f"requests: {len(latencies):,} ({len(latencies) / elapsed:,.0f}/s), errors: {len(errors)}"
    )
    print(
        f"latency p50 {q[49] * 1000:.1f} ms · p95 {q[94] * 1000:.1f} ms · p99 {q[98] * 1000:.1f} ms"
    )
    if errors:
        print("first errors:", errors[:5])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "demo"
        data.mkdir()
        env = _env(data)
        subprocess.run(
            [sys.executable, "-m", "sabt", "demo", "--no-serve"],
            env=env,
            check=True,
            capture_output=True,
        )
        port = _port()
        server = subprocess.Popen(
            [sys.executable, "-m", "sabt", "serve", "--port", str(port), "--workers", WORKERS],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(base + "/login", timeout=2)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("sabt serve did not start") from None
                    time.sleep(0.2)
            asyncio.run(_load(base))
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
