"""The real ``sabt estimate`` command on the Kosovo data and on a broken file.

One test runs the CLI in a subprocess; the others call ``sabt.cli.main`` in
process (same code path, exit codes and error printing) to keep the suite fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sabt.cli import main
from support import ASSETS, run_sabt

KOSOVO = str(ASSETS / "estimate" / "kosovo_aggregate_tabular.csv")


def _sabt(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


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


def test_lcmcr_table_and_report_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report"
    code, stdout, stderr = _sabt(
        capsys,
        "estimate", "--patterns", KOSOVO, "--method", "lcmcr", "--seed", "7",
        "--chains", "2", "--burn-in", "2000", "--iterations", "4000", "--thin", "10",
        "--report", str(report),
    )  # fmt: skip
    assert code == 0, stderr
    assert "95% interval" in stdout and "4,400" in stdout
    assert "seed=7" in stdout and "rhat=" in stdout
    for name in ("estimate.md", "estimate.csv", "estimate.json", "posterior.png", "overlap.png"):
        assert (report / name).exists(), name
    assert (report / "posterior.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = (report / "estimate.md").read_text(encoding="utf-8")
    assert "| all | 4,400 |" in md and "![posterior.png](posterior.png)" in md
    data = json.loads((report / "estimate.json").read_text(encoding="utf-8"))
    assert data["total"]["settings"]["seed"] == 7
    # so short a run cannot be trusted, and the command says so
    assert "warning:" in stdout


def test_a_broken_file_names_row_and_column_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("A,B,C,Freq\n1,0,0,5\n1,yes,0,2\n0,1,1,many\n", encoding="utf-8")
    code, stdout, stderr = _sabt(
        capsys, "estimate", "--patterns", str(bad), "--method", "loglinear"
    )
    assert code == 2
    assert "row 3: B: expected 0 or 1, found 'yes'" in stderr
    assert "row 4: Freq" in stderr
    assert stdout == ""


def test_lcmcr_on_two_lists_is_refused_with_advice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two = tmp_path / "two.csv"
    two.write_text("A,B,n\n1,0,30\n0,1,20\n1,1,10\n", encoding="utf-8")
    code, stdout, stderr = _sabt(capsys, "estimate", "--patterns", str(two), "--method", "lcmcr")
    assert code == 2
    assert "LCMCR needs at least 3 lists" in stderr and "log-linear" in stderr


def _options(command: object) -> dict[str, tuple[object, object, str | None]]:
    params = command.params  # type: ignore[attr-defined]
    return {p.name: (p.opts, p.default, getattr(p, "help", None)) for p in params}


def test_clusters_estimate_offers_the_options_and_defaults_of_estimate() -> None:
    """`sabt clusters estimate` once defaulted to loglinear where `sabt
    estimate` defaults to lcmcr, and offered only a few of its options."""
    import typer

    from sabt.cli import app

    root = typer.main.get_command(app)
    estimate = _options(root.commands["estimate"])  # type: ignore[attr-defined]
    clusters = _options(root.commands["clusters"].commands["estimate"])  # type: ignore[attr-defined]
    assert estimate.pop("patterns")[0] == ["--patterns"]
    assert clusters.pop("stratum")[1] == "none"
    assert clusters == estimate
    assert str(clusters["method"][1]) == "lcmcr"
