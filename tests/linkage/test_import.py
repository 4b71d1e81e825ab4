"""``sabt lists import``: every row an attestation; bad rows named; all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from sabt.case import Case
from sabt.errors import InvalidInput
from sabt.linkage.importer import import_list
from sabt.linkage.mapping import Mapping
from sabt.linkage.projection import attestations, lists
from support import run_sabt, sabt_env

MAPPING = Mapping.from_dict(
    {
        "columns": {
            "given_name": "Given",
            "family_name": "Family",
            "father_name": "Father",
            "birth_year": "Born",
        },
        "options": {"birth_calendar": "auto"},
    },
    "test",
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def count(case: Case, table: sa.Table) -> int:
    with case.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_a_simulated_list_imports_with_parsed_fields(case: Case, small_sim: Path) -> None:
    m = Mapping.load(small_sim / "list_c.mapping.toml")
    result = import_list(case, small_sim / "list_c.csv", "list_c", m)
    assert result.imported == count(case, attestations) > 50
    with case.engine.connect() as conn:
        rows = conn.execute(sa.select(attestations.c.raw, attestations.c.fields)).all()
    fields = [json.loads(f) for _, f in rows]
    # The full name was split, titles set aside, Jalali years turned into Gregorian spans.
    assert all(f["given_name"] and f["family_name"] for f in fields)
    assert any("شهید" in f["titles"] for f in fields)
    years = [f["birth_year"] for f in fields if "birth_year" in f]
    assert years and all(
        y["calendar"] == "jalali" and y["gregorian"][1] == y["year"] + 622 for y in years
    )
    # Raw text is kept exactly as printed.
    raw = [json.loads(r) for r, _ in rows]
    assert any("شهید" in r["نام و نام خانوادگی"] for r in raw)
    with case.engine.connect() as conn:
        listed = conn.execute(sa.select(lists)).one()
    assert listed.fictional and listed.rows == result.imported and len(listed.sha256) == 64


def test_bad_rows_are_named_with_row_and_field_and_nothing_is_written(
    case: Case, tmp_path: Path
) -> None:
    f = write(
        tmp_path / "bad.csv",
        "Given,Family,Father,Born\nAli,Karimi,Hassan,1340\nReza,Ahmadi,,19x1\n,,Hassan,1961\nMaryam,Nouri,,1960,extra\nZahra,Amini,,\n",
    )
    before = case.size()
    with pytest.raises(InvalidInput) as e:
        import_list(case, f, "bad", MAPPING)
    errors = e.value.errors
    assert "expected a year" in errors["row 3: birth_year (column 'Born')"]
    assert "no name" in errors["row 4: name"]
    assert "5 cells but the header has 4" in errors["row 5"]
    assert "3 of 5 rows are invalid; nothing was imported" in e.value.message
    assert case.size() == before and count(case, attestations) == 0 and count(case, lists) == 0


def test_skip_bad_imports_the_good_rows_and_records_the_bad_ones(
    case: Case, tmp_path: Path
) -> None:
    f = write(
        tmp_path / "bad.csv",
        "Given,Family,Father,Born\nAli,Karimi,Hassan,1340\nReza,Ahmadi,,19x1\nZahra,Amini,,\n",
    )
    result = import_list(case, f, "partial", MAPPING, skip_bad=True)
    assert result.imported == 2
    assert list(result.skipped) == ["row 3: birth_year (column 'Born')"]
    event = next(case.events(types={"list.imported"})).event
    assert event.body["skipped"] == result.skipped and event.body["rows"] == 2


def test_mapping_problems_are_reported_before_any_row(case: Case, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as e:
        Mapping.from_dict(
            {
                "columns": {"given_name": "G", "nickname": "N"},
                "options": {"birth_calendar": "lunar"},
            },
            "m.toml",
        )
    assert set(e.value.errors) == {"m.toml: columns.nickname", "m.toml: options.birth_calendar"}
    f = write(tmp_path / "l.csv", "Given,Surname\nAli,Karimi\n")
    with pytest.raises(InvalidInput) as e2:
        import_list(case, f, "l", MAPPING)
    assert "column 'Family' is not in the file" in e2.value.errors[f"{f}: columns.family_name"]


def test_a_list_name_is_imported_once_and_must_be_safe(case: Case, tmp_path: Path) -> None:
    f = write(tmp_path / "l.csv", "Given,Family,Father,Born\nAli,Karimi,,\n")
    import_list(case, f, "once", MAPPING)
    with pytest.raises(InvalidInput, match="already imported"):
        import_list(case, f, "once", MAPPING)
    with pytest.raises(InvalidInput, match="not allowed"):
        import_list(case, f, "a:b", MAPPING)


def test_xlsx_and_cp1256_lists_import(case: Case, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Given", "Family", "Father", "Born"])
    ws.append(["علی", "کریمی", "حسن", 1340])
    ws.append(["Reza", "Ahmadi", None, 1961])
    wb.save(tmp_path / "l.xlsx")
    assert import_list(case, tmp_path / "l.xlsx", "xl", MAPPING).imported == 2
    # cp1256 has no Persian yeh or kaf: such files print the Arabic letters,
    # which the display form folds back.
    text = (
        "Given,Family,Father,Born\nعلي,كريمي,حسن,1340\nرضا,احمدي,محمد,1338\nمهدي,كاظمي,علي,1335\n"
    )
    f = write(tmp_path / "old.csv", text, encoding="cp1256")
    import_list(case, f, "legacy", MAPPING)
    with case.engine.connect() as conn:
        names = {
            r[0]
            for r in conn.execute(
                sa.select(attestations.c.family_name).where(attestations.c.list == "legacy")
            )
        }
    assert names == {"کریمی", "احمدی", "کاظمی"}


def test_cli_reports_bad_rows_and_exits_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = sabt_env(SABT_DATA=str(data))
    assert run_sabt("init", "--origin", "test.invalid/cli", "--case", "c", env=env).returncode == 0
    write(tmp_path / "l.csv", "Given,Family,Father,Born\nAli,Karimi,,abc\n")
    (tmp_path / "m.toml").write_text(
        '[columns]\ngiven_name = "Given"\nfamily_name = "Family"\nbirth_year = "Born"\n'
    )
    r = run_sabt(
        "lists",
        "import",
        str(tmp_path / "l.csv"),
        "--list",
        "l",
        "--mapping",
        str(tmp_path / "m.toml"),
        env=env,
    )
    assert r.returncode == 2
    assert "row 2: birth_year (column 'Born')" in r.stderr and "nothing was imported" in r.stderr
