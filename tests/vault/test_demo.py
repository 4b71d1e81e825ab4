"""The vault's demo contribution: fictional evidence that verifies."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sabt.case import Case
from sabt.vault import demo
from sabt.vault.custody import readable_item, timeline
from sabt.vault.verify import check_blobs


def test_demo_evidence_is_fictional_complete_and_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SABT_PASSPHRASE", "fictional-demo-passphrase")
    with Case.init(
        tmp_path / "demo", origin="demo.invalid/vault", case="demo", fictional=True
    ) as case:
        demo.contribute(case, random.Random(1988))
        added = [s.event.body for s in case.events(types={"evidence.added"})]
        kinds = sorted({b["media_type"] for b in added})
        assert kinds == ["application/pdf", "image/jpeg", "text/plain"]
        photos = [b for b in added if b["media_type"] == "image/jpeg"]
        assert len(photos) == 7 and all(
            "gps" in b["metadata"] and "captured_at" in b["metadata"] for b in photos
        )
        derived = [b for b in photos if b.get("derived_from")]
        assert (
            len(derived) == 1
            and derived[0]["near_duplicates"][0]["hash"] == derived[0]["derived_from"]
        )
        assert any(
            "FICTIONAL" in readable_item(case, b["hash"])["meta"]["text"]
            for b in added
            if b["media_type"] == "application/pdf"
        )
        events = {s["event"] for b in added for s in timeline(case, b["hash"])}
        assert events == {"received", "derived", "transferred", "exported"}
        report = check_blobs(case)
        assert report.ok and report.checked == len(added) == 10
