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
def site(linked_app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    app = linked_app
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
def browser(chromium_path: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=ARGS, headless=True)
        yield b
        b.close()


def new_page(browser):  # type: ignore[no-untyped-def]
    """A fresh context (its own cookies) and page: one person at one browser."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def log_in(page, site: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{site}/")


def test_log_in_switch_to_persian_and_verify_the_ledger(browser, site) -> None:  # type: ignore[no-untyped-def]
    page = new_page(browser)
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


def test_investigator_adds_a_claim_with_a_source(browser, site, linked_app) -> None:  # type: ignore[no-untyped-def]
    ids = linked_app.state.ids
    page = new_page(browser)
    log_in(page, site, "investigator")
    page.click("nav >> text=Persons")
    page.click("a:text('Hossein Rezaei') >> nth=0")
    page.goto(f"{site}/records/{ids['victim']}")
    form = page.locator("#add-claim")
    form.locator("select[name=property]").select_option("birth_date")
    form.locator("input[name=value]").fill("1961-04-02")
    form.locator("select[name=source]").select_option(ids["report"])
    form.locator("input[name=locator]").fill("p. 14")
    form.locator("select[name=credibility]").select_option("2")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=The claim was added")
    section = page.locator("#prop-birth_date")
    assert (
        "1961-04-02" in section.inner_text()
        and "B2" in section.inner_text()
        and "page 14" in section.inner_text()
    )  # the locator, normalised
    page.screenshot(path=str(ARTIFACTS / "claim-added.png"), full_page=True)
    last = linked_app.state.case.latest(1)[0]
    assert last.event.type == "claim.added" and last.event.body["locator"] == "page 14"


def test_family_lookup_in_persian(browser, site, linked_app) -> None:  # type: ignore[no-untyped-def]
    ids = linked_app.state.ids
    page = new_page(browser)
    log_in(page, site, "liaison")
    page.click("#lang-toggle")
    page.wait_for_load_state()
    page.click("nav >> text=جست‌وجوی خانواده")
    page.fill("input[name=name]", "حسین رضایی")
    page.fill("input[name=father]", "علی")
    page.click("#family-form button")
    page.wait_for_selector("#family-results")
    rows = page.locator("#family-results tbody tr")
    assert rows.count() == 1
    page.screenshot(path=str(ARTIFACTS / "family-results-fa.png"), full_page=True)
    rows.first.locator("a").click()
    page.wait_for_url(f"{site}/family/{ids['victim']}")
    sheet = page.locator(".family-sheet").inner_text()
    assert (
        "اعدام" in sheet
        and "North Prison" in sheet
        and "East Field" in sheet
        and "1988-08-14" in sheet
    )
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()  # the printed sheet has no menu
    page.screenshot(path=str(ARTIFACTS / "family-sheet-fa-print.png"), full_page=True)


def test_reviewer_reviews_a_pair(browser, site, linked_app) -> None:  # type: ignore[no-untyped-def]
    page = new_page(browser)
    log_in(page, site, "reviewer")
    page.click("nav >> text=Review queue")
    first = page.locator("#review-queue tbody tr").first
    first.locator("a").click()
    page.wait_for_selector("#decide")
    url = page.url
    page.screenshot(path=str(ARTIFACTS / "review-pair.png"), full_page=True)
    page.fill("#decide input[name=note]", "same father's name, spelling differs")
    page.click("#accept")
    page.wait_for_selector("text=Decision recorded")
    assert page.url != url
    last = linked_app.state.case.latest(1)[0]
    assert last.event.type == "link.accepted" and last.event.actor == "reviewer"
    assert last.event.body["note"] == "same father's name, spelling differs"


def test_map_draws_the_places_without_tiles(browser, site) -> None:  # type: ignore[no-untyped-def]
    page = new_page(browser)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    log_in(page, site, "viewer")
    page.goto(f"{site}/map")
    page.wait_for_selector("path.leaflet-interactive")
    assert page.locator("path.leaflet-interactive").count() == 2  # the two places with coordinates
    assert page.locator("#map-count").inner_text() == "2"
    assert all(u.startswith(site) for u in requests), [
        u for u in requests if not u.startswith(site)
    ]
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
