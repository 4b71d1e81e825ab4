"""The main journeys in a real browser: Debian's chromium driven by Playwright
against the app served by uvicorn on loopback. Screenshots go to
test-artifacts/web/. No browser is downloaded (``chromium_path`` fixture)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from sabt.web.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def site(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(chromium_path: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(15000)
        yield pg
        context.close()
        browser.close()


def log_in(page, site: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{site}/")


def test_log_in_switch_to_persian_and_verify_the_ledger(page, site) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site}/")
    assert "Log in" in page.content()
    log_in(page, site, "admin")
    assert page.locator("h1").inner_text() == "Dashboard"
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    page.click("#lang-toggle")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "پیشخوان"
    # The Persian font is the shipped one, not a system fallback.
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Vazirmatn" in family
    assert page.evaluate("document.fonts.check('16px Vazirmatn', 'ثبت')")
    page.goto(f"{site}/ledger")
    page.click("form[action='/ledger/verify'] button")
    page.wait_for_url(f"{site}/ledger")
    assert "تأیید شد" in page.content()
    page.screenshot(path=str(ARTIFACTS / "ledger-fa.png"), full_page=True)
