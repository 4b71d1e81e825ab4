"""Witness protection: sensitive values sealed under a key per subject, shown
by pseudonym to readers without the right, and crypto-shredded by forget."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from sabt.case import Case
from sabt.db.rebuild import rebuild
from sabt.errors import InvalidInput, NotFound
from sabt.events.verify import verify
from sabt.records import ftm, queries, store
from sabt.records.draft import ClaimInput
from sabt.records.projection import claim

pytest.importorskip(
    "sabt.vault.keys", reason="needs the vault's key ring (sabt.vault.keys), not yet merged"
)

PLAINTEXT = ["Shirin Khiali", "+00 000 000 0000", "1 Imaginary Lane"]


def witness(case: Case, source: str) -> str:
    return store.add_record(
        case, "person", actor="t", protected=True, source=source, locator="00:00:30", credibility=2,
        claims=[("name", PLAINTEXT[0]), ("contact", PLAINTEXT[1]), ("address", PLAINTEXT[2])],
    )  # fmt: skip


def everything(case: Case, data: Path) -> bytes:
    """Every byte a leak could hide in: the event log and every projection row."""
    with case.engine.connect() as conn:
        rows = [
            repr(r)
            for t in ("events", "records_claim", "records_record")
            for r in conn.execute(sa.text(f"select * from {t}"))
        ]
    return "\n".join(rows).encode() + b"".join(
        p.read_bytes() for p in data.rglob("*") if p.is_file() and p.suffix != ".db"
    )


def test_sensitive_values_never_reach_the_log_or_the_tables(
    case: Case, sources: tuple[str, str, str]
) -> None:
    a, _, _ = sources
    pid = witness(case, a)
    plain = store.add_record(
        case,
        "person",
        actor="t",
        source=a,
        claims=[("name", "Open Name"), ("address", "2 Hidden Road")],
    )
    stored = everything(case, case.dir.root)
    for secret in [*PLAINTEXT, "2 Hidden Road"]:
        assert secret.encode() not in stored
    assert b"Open Name" in stored
    with case.engine.connect() as conn:
        hidden = queries.record_view(conn, pid)
        shown = queries.record_view(conn, pid, store.unsealer(case))
        other = queries.record_view(conn, plain)
    assert hidden.label == queries.pseudonym(pid) and hidden.label.startswith("Protected person P-")
    assert {v.value for p in hidden.properties for v in p.values} == {queries.SEALED}
    assert sorted(v.value for p in shown.properties for v in p.values) == sorted(PLAINTEXT)
    assert shown.label == PLAINTEXT[0]
    assert [v.value for p in other.properties if p.name == "address" for v in p.values] == [
        queries.SEALED
    ]


def test_forget_shreds_the_subject_and_the_log_still_verifies(
    case: Case, sources: tuple[str, str, str]
) -> None:
    a, _, _ = sources
    pid = witness(case, a)
    keep = witness(case, a)
    store.forget(case, pid, actor="dpo")
    with case.engine.connect() as conn:
        gone = queries.record_view(conn, pid, store.unsealer(case))
        kept = queries.record_view(conn, keep, store.unsealer(case))
        tokens = (
            conn.execute(sa.select(claim.c.sealed).where(claim.c.entity == pid)).scalars().all()
        )
    assert gone.forgotten and gone.label == queries.pseudonym(pid)
    assert {v.value for p in gone.properties for v in p.values} == {queries.ERASED}
    assert sorted(v.value for p in kept.properties for v in p.values) == sorted(PLAINTEXT)
    # The sealed tokens are still there, and no key opens them any more.
    assert len(tokens) == 3 and all(tokens)
    with pytest.raises(NotFound):
        case.keyring.subject_key(pid)
    assert verify(case.journal).size == case.size()
    report = rebuild(case) if case.engine.dialect.name == "sqlite" else None
    assert report is None or report.equal, report and report.differences
    # Nothing more can be sealed for a forgotten subject.
    with pytest.raises(Exception, match="forgotten"):
        store.add_claims(case, [ClaimInput(pid, "name", "New Name", a)], actor="t")


def test_forgetting_an_unknown_subject_is_refused(sqlite_case: Case) -> None:
    before = sqlite_case.size()
    with pytest.raises(NotFound, match="no record and no key"):
        store.forget(sqlite_case, "per-nobody", actor="dpo")
    assert sqlite_case.size() == before


def test_only_a_person_can_be_protected(sqlite_case: Case) -> None:
    with pytest.raises(InvalidInput, match="only a person"):
        store.add_record(sqlite_case, "organization", actor="t", protected=True)


def test_a_protected_person_is_exported_by_pseudonym_only(sqlite_case: Case) -> None:
    from tests.records.conftest import add_sources

    a, _, _ = add_sources(sqlite_case)
    pid = witness(sqlite_case, a)
    with sqlite_case.engine.connect() as conn:
        out = "\n".join(ftm.lines(conn))
    for secret in PLAINTEXT:
        assert secret not in out
    (entity,) = [json.loads(line) for line in out.splitlines() if pid in line]
    assert entity["properties"] == {"name": [queries.pseudonym(pid)], "proof": [a]}


def test_reveal_is_logged_and_forget_works_from_the_cli(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sabt.cli import app

    runner = CliRunner()
    data = tmp_path / "case"
    data.mkdir()

    def sabt(*args: str) -> str:
        r = runner.invoke(app, ["--data", str(data), *args], env={"SABT_ACTOR": "analyst-1"})
        assert r.exit_code == 0, f"{args}: {r.output} {r.exception!r}"
        return r.stdout

    sabt("init", "--origin", "test.invalid/protect", "--case", "p")
    src = sabt(
        "record",
        "add",
        "source",
        "--set",
        "title=Interview",
        "--set",
        "type=testimony",
        "--set",
        "reliability=C",
    ).strip()
    pid = sabt(
        "record",
        "add",
        "person",
        "--protect",
        "--set",
        f"name={PLAINTEXT[0]}",
        "--set",
        f"contact={PLAINTEXT[1]}",
        "-s",
        src,
    ).strip()
    hidden = sabt("record", "show", pid)
    assert queries.pseudonym(pid) in hidden and PLAINTEXT[0] not in hidden and "[sealed]" in hidden
    assert "record.revealed" not in sabt("log", "--json")
    shown = sabt("record", "show", pid, "--reveal")
    assert PLAINTEXT[0] in shown and PLAINTEXT[1] in shown
    log = json.loads(sabt("log", "--json"))
    revealed = [e["body"] for e in log["latest"] if e["type"] == "record.revealed"]
    assert revealed[0] == {"subject": pid, "subjects": [pid]}
    # A page that shows another record's sealed name logs whose it was.
    listed = sabt("record", "list", "--reveal")
    assert PLAINTEXT[0] in listed
    log = json.loads(sabt("log", "--json"))
    revealed = [e["body"] for e in log["latest"] if e["type"] == "record.revealed"]
    assert revealed[0] == {"subject": "*", "subjects": [pid]}
    sabt("forget", pid, "--yes")
    after = sabt("record", "show", pid, "--reveal")
    assert (
        "[erased]" in after and PLAINTEXT[0] not in after and "forgotten (key destroyed)" in after
    )
    assert "OK" in sabt("verify")


def test_a_protected_import_seals_every_value(sqlite_case: Case, tmp_path: Path) -> None:
    from tests.records.conftest import add_sources

    from sabt.records import importer
    from sabt.records.mapping import Mapping

    a, _, _ = add_sources(sqlite_case)
    path = tmp_path / "witnesses.csv"
    path.write_text(f"name,contact\n{PLAINTEXT[0]},{PLAINTEXT[1]}\n", "utf-8")
    m = Mapping.from_dict(
        {
            "kind": "person",
            "source": a,
            "protected": True,
            "columns": {"name": "name", "contact": "contact"},
        }
    )
    importer.run(sqlite_case, path, m, actor="t")
    stored = everything(sqlite_case, sqlite_case.dir.root)
    assert PLAINTEXT[0].encode() not in stored and PLAINTEXT[1].encode() not in stored
    with sqlite_case.engine.connect() as conn:
        (row,) = queries.list_records(conn, "person")
        assert row["label"] == queries.pseudonym(row["id"])
        (shown,) = queries.list_records(conn, "person", store.unsealer(sqlite_case))
    assert shown["label"] == PLAINTEXT[0]
