"""The whole site on each database: SQLite embedded and PostgreSQL on a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webtools import login, post_form

pytest.importorskip("sabt.records.queries", reason="the records package has not landed")


def test_site_on_each_backend(db_url, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sabt.web.app import Settings, create_app
    from sabt.web.samples import add_sample_records
    from sabt.web.testing import add_role_accounts, new_case

    case = new_case(tmp_path / "case", database_url=db_url)
    try:
        add_role_accounts(case)
        ids = add_sample_records(case)
        app = create_app(case, Settings(secure_cookies=False))
        inv = login(TestClient(app), "investigator")
        page = f"/records/{ids['victim']}"
        assert "sources disagree" in inv.get(page).text
        r = post_form(
            inv,
            page,
            f"{page}/claims",
            {"property": "description", "value": "Born in Zanjan", "source": ids["report"]},
        )
        assert r.status_code == 200 and "Born in Zanjan" in r.text
        found = inv.get("/family", params={"name": "حسین رضایی", "father": "علی"}).text
        assert f"/family/{ids['victim']}" in found and f"/family/{ids['namesake']}" not in found
        assert f"/records/{ids['victim']}" in inv.get("/search", params={"q": "zanjan"}).text
        r = post_form(inv, "/ledger", "/ledger/verify", {})
        assert r.status_code == 200 and "verified" in r.text
        assert case.engine.dialect.name == ("postgresql" if db_url else "sqlite")
    finally:
        case.close()
