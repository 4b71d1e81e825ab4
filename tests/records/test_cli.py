"""The analyst's journey through the real CLI: one source says a person sat on
a commission in 1988, another that the person later held a named office, a
third disputes the first; all three are shown with grades and sources."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sabt.cli import app
from sabt.errors import InvalidInput
from support import run_sabt

# In-process (Typer's CliRunner) for speed; the error path runs the real
# `sabt` in a subprocess to check its exit code and message.
runner = CliRunner()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "case"
    path.mkdir()
    sabt(path, "init", "--origin", "test.invalid/records-cli", "--case", "cli")
    return path


def sabt(data: Path, *args: str) -> str:
    r = runner.invoke(app, ["--data", str(data), *args], env={"SABT_ACTOR": "analyst-1"})
    assert r.exit_code == 0, f"sabt {' '.join(args)}\n{r.output}\n{r.exception!r}"
    return r.stdout.strip()


def test_three_sources_on_one_person_are_shown_with_grades_and_the_dispute(data: Path) -> None:
    report = sabt(
        data,
        "record",
        "add",
        "source",
        "--set",
        "title=Fictional NGO report",
        "--set",
        "type=document",
        "--set",
        "reliability=B",
        "--set",
        "origin=Fictional Watch",
    )
    gazette = sabt(
        data,
        "record",
        "add",
        "source",
        "--set",
        "title=Fictional official gazette",
        "--set",
        "type=document",
        "--set",
        "reliability=A",
    )
    memoir = sabt(
        data,
        "record",
        "add",
        "source",
        "--set",
        "title=Fictional memoir",
        "--set",
        "type=testimony",
        "--set",
        "reliability=D",
    )
    person = sabt(
        data,
        "record",
        "add",
        "person",
        "--set",
        "name=Example Judge",
        "--set",
        "name=قاضی نمونه",
        "-s",
        report,
        "-l",
        "p. 4",
        "-c",
        "2",
    )
    commission = sabt(
        data,
        "record",
        "add",
        "organization",
        "--set",
        "name=Fictional Commission",
        "--set",
        "type=commission",
        "-s",
        report,
        "-l",
        "p. 3",
        "-c",
        "2",
    )
    membership = sabt(data, "record", "add", "membership", "--set", f"member={person}", "--set", f"organization={commission}",
                      "--set", "start=1988", "--set", "role=member", "-s", report, "-l", "p. 12", "-c", "2")  # fmt: skip
    office = sabt(
        data,
        "record",
        "add",
        "post",
        "--set",
        "name=Fictional Chief Justice",
        "-s",
        gazette,
        "-l",
        "p. 1",
        "-c",
        "1",
    )
    sabt(
        data,
        "record",
        "add",
        "position_held",
        "--set",
        f"holder={person}",
        "--set",
        f"post={office}",
        "--set",
        "start=2004",
        "-s",
        gazette,
        "-l",
        "p. 1",
        "-c",
        "1",
    )
    dispute = sabt(
        data,
        "claim",
        "add",
        membership,
        "member",
        person,
        "--source",
        memoir,
        "--denies",
        "-l",
        "00:41:10",
        "-c",
        "4",
    )

    shown = sabt(data, "record", "show", person)
    assert "member of Fictional Commission as member" in shown
    assert "held office Fictional Chief Justice" in shown
    assert shown.index("1988") < shown.index("2004")  # the role then before the office later
    assert f"source {report} “Fictional NGO report” grade B2 page 12" in shown
    assert f"source {gazette} “Fictional official gazette” grade A1 page 1" in shown
    assert (
        f"DENIED by {memoir} “Fictional memoir” grade D4 time 00:41:10 · conflict · {dispute}"
        in shown
    )

    mem = sabt(data, "record", "show", membership)
    assert "member  CONFLICT: disputed by a source" in mem
    listed = json.loads(sabt(data, "claim", "list", membership, "--json"))
    assert {(c["source"], c["grade"], c["stance"], c["status"]) for c in listed if c["property"] == "member"} == {
        (report, "B2", "affirms", "conflict"), (memoir, "D4", "denies", "conflict"),
    }  # fmt: skip

    sabt(data, "claim", "retract", dispute, "--reason", "the memoir names another judge")
    assert "CONFLICT" not in sabt(data, "record", "show", membership)
    assert "retracted" in sabt(data, "claim", "list", membership)

    rows = list(csv.DictReader(io.StringIO(sabt(data, "records", "export", "--format", "csv"))))
    assert {r["grade"] for r in rows if r["record"] == membership} == {"B2", "D4"}
    ftm = [
        json.loads(line) for line in sabt(data, "records", "export", "--format", "ftm").splitlines()
    ]
    assert {e["schema"] for e in ftm} >= {
        "Person",
        "Organization",
        "Membership",
        "Position",
        "Occupancy",
        "Document",
    }
    assert (
        "4 claims" in sabt(data, "records", "sources").splitlines()[1]
    )  # the gazette's post and office

    size = json.loads(sabt(data, "log", "--json"))["size"]
    out = data.parent / "claims.csv"
    sabt(data, "records", "export", "--format", "csv", "--out", str(out))
    assert list(csv.DictReader(io.StringIO(out.read_text("utf-8")))) == rows
    assert json.loads(sabt(data, "log", "--json"))["size"] == size + 1
    bad = runner.invoke(app, ["--data", str(data), "records", "export", "-o", "/proc/x.csv"])
    assert isinstance(bad.exception, InvalidInput) and "cannot write the export" in str(
        bad.exception
    )
    assert json.loads(sabt(data, "log", "--json"))["size"] == size + 1  # nothing logged
    assert "OK" in sabt(data, "rebuild")
    assert "OK" in sabt(data, "verify")


def test_import_reports_every_bad_row_and_writes_nothing(data: Path, tmp_path: Path) -> None:
    src = sabt(
        data,
        "record",
        "add",
        "source",
        "--set",
        "title=Fictional list",
        "--set",
        "type=dataset",
        "--set",
        "reliability=C",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        f'kind = "person"\nsource = "{src}"\ncredibility = 3\n[columns]\nname = "name"\nborn = "birth_date"\n',
        "utf-8",
    )
    bad = tmp_path / "victims.csv"
    bad.write_text(
        "name,born\nOne Example,1960\nTwo Example,1960-13\nThree Example,soon\n", "utf-8"
    )
    before = sabt(data, "log")
    r = run_sabt(
        "--data",
        str(data),
        "import",
        str(bad),
        "--mapping",
        str(mapping),
    )
    err = r.stderr
    assert r.returncode == 2 and "2 bad rows; nothing was imported" in err
    assert "row 3: born:" in err and "1960-13" in err and "row 4: born:" in err and "soon" in err
    assert sabt(data, "log") == before
    good = tmp_path / "good.csv"
    good.write_text("name,born\nFour Example,1367\n", "utf-8")
    assert "1 rows, 2 claims would be imported" in sabt(
        data, "import", str(good), "--mapping", str(mapping), "--dry-run"
    )
    assert sabt(data, "log") == before
    out = sabt(data, "import", str(bad), "--mapping", str(mapping), "--skip-bad")
    assert "imported 1 person records with 2 claims" in out
    assert "One Example" in sabt(data, "record", "list", "--kind", "person")


def test_a_source_points_only_at_evidence_the_vault_holds(data: Path, tmp_path: Path) -> None:
    photo = tmp_path / "site.txt"
    photo.write_text("FICTIONAL notes on the grave site", "utf-8")
    added = json.loads(sabt(data, "add", str(photo), "--json").splitlines()[0])
    digest = added["hash"]
    src = sabt(
        data,
        "record",
        "add",
        "source",
        "--set",
        "title=Fictional photos",
        "--set",
        "type=document",
        "--set",
        "reliability=B",
        "--set",
        f"blobs={digest}",
    )
    (listed,) = json.loads(sabt(data, "records", "sources", "--json"))
    assert listed["id"] == src and [e["hash"] for e in listed["evidence"]] == [digest]
    r = runner.invoke(
        app, ["--data", str(data), "record", "edit", src, "--set", f"blobs={'0' * 64}"]
    )
    assert r.exit_code != 0 and "not in the vault" in str(r.exception)
