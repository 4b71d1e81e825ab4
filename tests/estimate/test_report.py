"""The report directory: what a reader gets for a log-linear, stratified estimate."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from sabt.errors import InvalidInput
from sabt.estimate import Options, estimate_strata
from sabt.estimate.report import write_report
from sabt.estimate.simulate import simulate_table

PNG = b"\x89PNG\r\n\x1a\n"


def test_loglinear_report_for_two_strata(tmp_path: Path) -> None:
    rng = np.random.default_rng(31)
    tables = {
        s: simulate_table(n, [1.0], [[0.3, 0.3, 0.4]], rng, stratum=s)
        for s, n in (("Tehran", 900), ("Karaj", 400))
    }
    result = estimate_strata(tables, Options(method="loglinear"))
    written = write_report(result, tables, tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == ["estimate.csv", "estimate.json", "estimate.md", "models.png", "overlap.png"]
    assert all(p.read_bytes()[:8] == PNG for p in written if p.suffix == ".png")
    with (tmp_path / "out" / "estimate.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["stratum"] for r in rows] == ["Tehran", "Karaj", "total"]
    total = rows[-1]
    assert float(total["lower"]) < float(total["point"]) < float(total["upper"])
    assert int(total["observed"]) == sum(t.observed for t in tables.values())
    md = (tmp_path / "out" / "estimate.md").read_text(encoding="utf-8")
    assert "### Log-linear models, Karaj" in md and "| total |" in md
    assert (
        json.loads((tmp_path / "out" / "estimate.json").read_text())["total"]["stratum"] == "total"
    )


def test_a_report_directory_that_cannot_be_made_is_an_input_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    rng = np.random.default_rng(2)
    tables = {"all": simulate_table(500, [1.0], [[0.4, 0.4, 0.4]], rng)}
    result = estimate_strata(tables, Options(method="loglinear"))
    with pytest.raises(InvalidInput, match="cannot create the report directory"):
        write_report(result, tables, blocker / "sub")
