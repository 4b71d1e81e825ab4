"""Both interface languages: same keys, every key the templates use, right-to-left."""

from __future__ import annotations

import re
from pathlib import Path

from webtools import post_form

from sabt.vault import textseal
from sabt.web.i18n import LANGUAGES, catalogue
from sabt.web.roles import ROLES

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "sabt" / "web" / "templates"
PAGES = Path(__file__).resolve().parents[2] / "src" / "sabt" / "web" / "pages"
KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


def test_catalogues_have_the_same_keys() -> None:
    en, fa = catalogue("en"), catalogue("fa")
    assert set(en) == set(fa)
    untranslated = [k for k in en if en[k] == fa[k] and re.search("[A-Za-z]{3}", en[k])]
    assert untranslated == []


def test_every_key_used_exists() -> None:
    used: set[str] = set()
    for path in [*TEMPLATES.rglob("*.html"), *PAGES.glob("*.py")]:
        used.update(KEY.findall(path.read_text("utf-8")))
        used.update(
            re.findall(r"""add_(?:nav|count)\(\s*["']([a-z0-9_.]+)["']""", path.read_text("utf-8"))
        )
    # A key ending in "." is a prefix completed at run time (``t("role." + role)``).
    prefixes = {k for k in used if k.endswith((".", "_"))}
    assert prefixes <= {
        "role.",
        "kind.",
        "nav.",
        "records.span_",
        "estimates.chart_",
        "evidence.",
        "evidence.text_",
    }, prefixes
    used -= prefixes
    used |= {f"role.{r}" for r in ROLES}
    used |= {f"evidence.text_{why}" for why in textseal.WHY_NOT}
    for lang in LANGUAGES:
        missing = sorted(used - set(catalogue(lang)))
        assert missing == [], f"{lang}: {missing}"


def test_persian_interface_is_right_to_left(client_as) -> None:  # type: ignore[no-untyped-def]
    c = client_as("admin")
    page = c.get("/")
    assert 'lang="en" dir="ltr"' in page.text and "Dashboard" in page.text
    r = post_form(c, "/", "/lang", {"lang": "fa", "next": "/ledger"})
    assert r.url.path == "/ledger"
    assert 'lang="fa" dir="rtl"' in r.text and "دفتر" in r.text
    assert "[" + "ledger." not in r.text  # no missing message shown as its key


def test_browser_language_is_the_default(app) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    page = TestClient(app).get("/login", headers={"Accept-Language": "fa-IR,fa;q=0.9,en;q=0.5"})
    assert 'dir="rtl"' in page.text and "ورود" in page.text


def test_persian_font_is_shipped(app) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    c = TestClient(app)
    css = c.get("/static/sabt.css").text
    assert "Vazirmatn-Regular.woff2" in css
    font = c.get("/static/vendor/vazirmatn/Vazirmatn-Regular.woff2")
    assert font.status_code == 200 and font.content[:4] == b"wOF2"
    assert "SIL OPEN FONT LICENSE" in c.get("/static/vendor/vazirmatn/OFL.txt").text.upper()
