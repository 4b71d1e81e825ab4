"""The real ``sabt estimate`` command on the Kosovo data and on a broken file."""

from __future__ import annotations

import json
from pathlib import Path

from support import ASSETS, run_sabt

KOSOVO = str(ASSETS / "estimate" / "kosovo_aggregate_tabular.csv")


def test_loglinear_json_gives_the_published_estimate_with_its_context() -> None:
    out = run_sabt("estimate", "--patterns", KOSOVO, "--method", "loglinear", "--json")
    assert out.returncode == 0, out.stderr
    total = json.loads(out.stdout)["total"]
    assert total["point"] == 10356.5 and total["se"] == 785.9
    assert total["method"] == "loglinear"
    assert total["model"] == "[EXH·ABA·OSCE] [EXH·HRW] [OSCE·HRW]"
    assert total["interval"]["kind"] == "profile likelihood"
    assert total["interval"]["lower"] < 10356.5 < total["interval"]["upper"]
    assert total["settings"]["criterion"] == "bic"
    assert total["diagnostics"]["models_fitted"] == 113
    assert total["observed"] == 4400


def test_lcmcr_table_and_report_directory(tmp_path: Path) -> None:
    report = tmp_path / "report"
    out = run_sabt(
        "estimate", "--patterns", KOSOVO, "--method", "lcmcr", "--seed", "7",
        "--chains", "2", "--burn-in", "2000", "--iterations", "4000", "--thin", "10",
        "--report", str(report),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "95% interval" in out.stdout and "4,400" in out.stdout
    assert "seed=7" in out.stdout and "rhat=" in out.stdout
    for name in ("estimate.md", "estimate.csv", "estimate.json", "posterior.png", "overlap.png"):
        assert (report / name).exists(), name
    assert (report / "posterior.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = (report / "estimate.md").read_text(encoding="utf-8")
    assert "| all | 4,400 |" in md and "![posterior.png](posterior.png)" in md
    data = json.loads((report / "estimate.json").read_text(encoding="utf-8"))
    assert data["total"]["settings"]["seed"] == 7
    # so short a run cannot be trusted, and the command says so
    assert "warning:" in out.stdout


def test_a_broken_file_names_row_and_column_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("A,B,C,Freq\n1,0,0,5\n1,yes,0,2\n0,1,1,many\n", encoding="utf-8")
    out = run_sabt("estimate", "--patterns", str(bad), "--method", "loglinear")
    assert out.returncode == 2
    assert "row 3: B: expected 0 or 1, found 'yes'" in out.stderr
    assert "row 4: Freq" in out.stderr
    assert out.stdout == ""
