"""Latency of the web pages under 50 concurrent clients on loopback.

Builds the fictional demo case (``sabt demo --no-serve``) in a temporary
directory, serves it with ``sabt serve`` in a separate process (so the load
generator does not share its interpreter), logs 50 httpx clients in as the demo
investigator, and has each fetch record pages (persons, places, incidents,
sources, their detail pages; the dashboard if no records are present) for a
fixed time. Prints p50/p95/p99 latency and throughput.

    python -m bench web
    SABT_BENCH_WEB_SECONDS=60 SABT_BENCH_WEB_CLIENTS=50 python -m bench web
"""

from __future__ import annotations

import asyncio
import os
import re
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
LISTS = ["/persons", "/places", "/incidents", "/sources", "/organisations"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["SABT_DATA"] = str(data)
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
        links = sorted(set(re.findall(rf'href="({path}/[A-Za-z0-9_.:-]+)"', r.text)))
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
    print(f"pages: {len(urls)} URLs ({', '.join(kinds)}); {CLIENTS} clients for {SECONDS:.0f} s")
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
            [sys.executable, "-m", "sabt", "serve", "--port", str(port)],
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
