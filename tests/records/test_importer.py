"""``sabt import``: the whole file validated first, every bad row reported with
its row number and field, nothing written unless every row is good (or the
caller asked to skip bad rows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook
from tests.records.conftest import add_sources

from sabt.case import Case
from sabt.errors import InvalidInput
from sabt.records import importer, queries
from sabt.records.mapping import Mapping
from sabt.records.projection import claim, record

HEADER = "id,name_fa,name_latin,father,born,gender,aliases\n"
GOOD = [
    "v1,حسین نمونه,Hossein Example,Ali,1950,male,Hosseyn;H. Example\n",
    "v2,مریم نمونه,Maryam Example,Reza,1955-03,female,\n",
]


def mapping(source: str, **extra: object) -> Mapping:
    data = {
        "kind": "person",
        "source": source,
        "credibility": 3,
        "id_column": "id",
        "columns": {
            "name_fa": "name", "name_latin": "name", "father": "father_name", "born": "birth_date",
            "gender": "gender", "aliases": {"property": "name", "split": ";"},
        },
    }  # fmt: skip
    data.update(extra)
    return Mapping.from_dict(data)


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, "utf-8")
    return p


def counts(case: Case) -> tuple[int, int]:
    with case.engine.connect() as conn:
        return (
            conn.execute(
                sa.select(sa.func.count()).select_from(record).where(record.c.kind == "person")
            ).scalar_one(),
            conn.execute(sa.select(sa.func.count()).select_from(claim)).scalar_one(),
        )


def test_a_good_csv_becomes_records_and_located_claims(
    case: Case, sources: tuple[str, str, str], tmp_path: Path
) -> None:
    a, _, _ = sources
    p = importer.run(
        case, write(tmp_path, "v.csv", HEADER + "".join(GOOD)), mapping(a), actor="ana"
    )
    assert (len(p.rows), p.claims) == (2, 12)
    with case.engine.connect() as conn:
        view = queries.record_view(conn, "v1")
    names = next(x for x in view.properties if x.name == "name")
    assert [v.value for v in names.values] == [
        "حسین نمونه",
        "Hossein Example",
        "Hosseyn",
        "H. Example",
    ]
    assert {(c.locator, c.grade) for v in names.values for c in v.claims} == {("row 2", "B3")}


def test_xlsx_and_jsonl_are_read_the_same_way(
    case: Case, sources: tuple[str, str, str], tmp_path: Path
) -> None:
    a, _, _ = sources
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.strip().split(","))
    ws.append(["x1", "رضا", "Reza", None, 1960, "male", None])
    wb.save(tmp_path / "v.xlsx")
    rows = [{"id": "j1", "name_latin": "Leila", "born": "1961-02-03", "gender": "female"}]
    jsonl = write(tmp_path, "v.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    importer.run(case, tmp_path / "v.xlsx", mapping(a), actor="ana")
    importer.run(case, jsonl, mapping(a), actor="ana")
    assert counts(case) == (2, 7)
    with case.engine.connect() as conn:
        born = next(x for x in queries.record_view(conn, "x1").properties if x.name == "birth_date")
    assert born.values[0].value == "1960"


def test_every_bad_row_is_reported_and_nothing_is_written(
    case: Case, sources: tuple[str, str, str], tmp_path: Path
) -> None:
    a, _, _ = sources
    bad = [
        "v3,,Bad Date,,1950-02-30,male,\n",  # row 4
        "v4,,Bad Gender,,,robot,\n",  # row 5
        "v1,,Dup Id,,,,\n",  # row 6: v1 was used on row 2
        "v6,,,,,,\n",  # row 7: nothing to import
        "BAD ID,,Bad Id,,,,\n",  # row 8
    ]
    path = write(tmp_path, "v.csv", HEADER + "".join(GOOD) + "".join(bad))
    before = case.size()
    with pytest.raises(InvalidInput) as e:
        importer.run(case, path, mapping(a), actor="ana")
    errors = e.value.errors
    assert "row 4: born" in errors and "1950-02-30" in errors["row 4: born"]
    assert "row 5: gender" in errors and "robot" in errors["row 5: gender"]
    assert "already used on row 2" in errors["row 6: id"]
    assert errors["row 7: row"] == "no mapped column holds a value"
    assert "row 8: id" in errors
    assert "5 bad rows; nothing was imported" in e.value.message
    assert case.size() == before and counts(case) == (0, 0)
    # --skip-bad: the good rows go in, the bad ones are reported
    p = importer.run(case, path, mapping(a), actor="ana", skip_bad=True)
    assert (len(p.rows), sorted(p.bad_rows)) == (2, [4, 5, 6, 7, 8])
    assert counts(case) == (2, 12)


def test_row_level_source_credibility_and_locator_columns(
    sqlite_case: Case, tmp_path: Path
) -> None:
    case = sqlite_case
    sources = add_sources(case)
    a, b, _ = sources
    text = f"name,src,cred,where\nOne,{a},2,p. 4\nTwo,{b},9,p. 5\nThree,src-0000000000,3,p. 6\nFour,{b},3,somewhere\n"
    m = Mapping.from_dict(
        {
            "kind": "person",
            "source_column": "src",
            "credibility_column": "cred",
            "locator_column": "where",
            "columns": {"name": "name"},
        }
    )
    with pytest.raises(InvalidInput) as e:
        importer.run(case, write(tmp_path, "s.csv", text), m, actor="ana")
    assert set(e.value.errors) == {"row 3: cred", "row 4: src", "row 5: where"}


def test_references_may_point_to_earlier_rows_and_earlier_imports(
    case: Case, sources: tuple[str, str, str], tmp_path: Path
) -> None:
    a, _, _ = sources
    importer.run(case, write(tmp_path, "v.csv", HEADER + GOOD[0]), mapping(a), actor="ana")
    org = Mapping.from_dict(
        {"kind": "organization", "source": a, "id_column": "id", "columns": {"name": "name"}}
    )
    importer.run(
        case, write(tmp_path, "o.csv", "id,name\norg-x1,Fictional Commission\n"), org, actor="ana"
    )
    mem = Mapping.from_dict(
        {
            "kind": "membership",
            "source": a,
            "columns": {"who": "member", "start": "start"},
            "values": {"organization": "org-x1"},
        }
    )
    text = "who,start\nv1,1988-07\nper-nothere,1988\n"
    with pytest.raises(InvalidInput) as e:
        importer.run(case, write(tmp_path, "m.csv", text), mem, actor="ana")
    assert list(e.value.errors) == ["row 3: who"]
    assert "existing person or organization" in e.value.errors["row 3: who"]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("v.txt", "a,b\n", "expected a .csv, .tsv, .xlsx or .jsonl"),
        ("v.csv", b"name_fa\n\xff\xfe\n", "not UTF-8"),
        ("v.csv", 'name_fa\n"unclosed\n', "malformed CSV"),
        ("v.csv", "", "the file is empty"),
        ("v.csv", "name_fa,name_fa\nx,y\n", "duplicate column"),
        ("v.csv", "name_fa,\nx,y\n", "column 2 has no name"),
        ("v.csv", "name_fa\nx,y,z\n", "row 2: 3 cells"),
        ("v.csv", "name_fa,shoe_size\nx,42\n", "shoe_size: not in the mapping"),
        ("v.csv", "nom\nx\n", "not in the file: name_fa"),
        ("v.jsonl", '{"name_fa": "x"}\n{"name_fa": \n', "line 2: not valid JSON"),
        ("v.jsonl", "[1, 2]\n", "line 1: expected a JSON object"),
        ("v.jsonl", '{"name_fa": {"a": 1}}\n', "holds a dict"),
        ("v.jsonl", "\n\n", "holds no rows"),
        ("v.xlsx", "this is no workbook", "not a readable XLSX"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_clear_error(
    sqlite_case: Case, tmp_path: Path, name: str, content: str | bytes, problem: str
) -> None:
    case = sqlite_case
    a, _, _ = add_sources(case)
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    m = Mapping.from_dict({"kind": "person", "source": a, "columns": {"name_fa": "name"}})
    before = case.size()
    with pytest.raises(InvalidInput) as e:
        importer.run(case, path, m, actor="ana")
    assert problem in str(e.value)
    assert name in str(e.value)
    assert case.size() == before


def test_a_jsonl_field_not_in_the_mapping_is_a_row_error(sqlite_case: Case, tmp_path: Path) -> None:
    case = sqlite_case
    sources = add_sources(case)
    a, _, _ = sources
    m = Mapping.from_dict({"kind": "person", "source": a, "columns": {"name": "name"}})
    path = write(tmp_path, "v.jsonl", '{"name": "A"}\n{"name": "B", "shoe": 42}\n')
    with pytest.raises(InvalidInput) as e:
        importer.run(case, path, m, actor="ana")
    assert e.value.errors == {"line 2: fields": "shoe: not in the mapping"}


def test_a_missing_file_is_named(sqlite_case: Case, tmp_path: Path) -> None:
    case = sqlite_case
    sources = add_sources(case)
    with pytest.raises(InvalidInput, match="no such file"):
        importer.run(case, tmp_path / "nope.csv", mapping(sources[0]), actor="ana")


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"kind": "starship", "source": "s", "columns": {"a": "name"}}, "kind"),
        ({"kind": "source", "source": "s", "columns": {"a": "title"}}, "kind"),
        ({"kind": "person", "source": "s", "columns": {"a": "shoe_size"}}, "columns.a"),
        ({"kind": "person", "source": "s", "columns": {"a": 3}}, "columns.a"),
        ({"kind": "person", "columns": {"a": "name"}}, "source"),
        (
            {"kind": "person", "source": "s", "credibility": 9, "columns": {"a": "name"}},
            "credibility",
        ),
        ({"kind": "person", "source": "s", "locator": "page", "columns": {"a": "name"}}, "locator"),
        ({"kind": "person", "source": "s", "columns": {}}, "columns"),
        ({"kind": "person", "source": "s", "colums": {"a": "name"}}, "colums"),
        (
            {"kind": "person", "source": "s", "columns": {"a": "name"}, "values": {"shoe": "1"}},
            "values.shoe",
        ),
        ({"kind": "person", "source": "s", "columns": {"a": "name"}, "ignore": "b"}, "ignore"),
    ],
)
def test_a_bad_mapping_names_the_setting(data: dict, where: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInput) as e:
        Mapping.from_dict(data)
    assert where in e.value.errors


def test_a_mapping_file_is_toml(tmp_path: Path) -> None:
    good = write(
        tmp_path, "m.toml", 'kind = "person"\nsource = "src-1"\n[columns]\n"Name (fa)" = "name"\n'
    )
    assert Mapping.load(good).columns[0].name == "Name (fa)"
    with pytest.raises(InvalidInput, match="not valid TOML"):
        Mapping.load(write(tmp_path, "bad.toml", "kind = \n"))
    with pytest.raises(InvalidInput, match="mapping file not found"):
        Mapping.load(tmp_path / "none.toml")


def test_each_claim_is_checked_once(
    sqlite_case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every value was cleaned (normalised, parsed, looked up) while the file
    was checked and again while its events were built; now once."""
    from sabt.records import values

    case = sqlite_case
    a, _, _ = add_sources(case)
    cleaned: list[str] = []
    clean = values.clean

    def spy(prop: object, text: str) -> object:
        cleaned.append(text)
        return clean(prop, text)  # type: ignore[arg-type]

    monkeypatch.setattr(values, "clean", spy)
    p = importer.run(case, write(tmp_path, "v.csv", HEADER + "".join(GOOD)), mapping(a), actor="a")
    assert p.claims == 12
    assert len(cleaned) == 12
    assert counts(case) == (2, 12)


# What the import said about these claims when it checked each one twice:
# checked once, it must say exactly the same.
BAD_MEMBERS = (
    "who,org,start,src,cred,where\n"
    "per-nothere,org-x1,1988-07,{a},3,p. 1\n"  # row 2: no such person
    "v1,v1,1988-13,{a},3,p. 2\n"  # row 3: a person is no organisation; no month 13
    "v1,org-x1,1988,src-0000000000,7,p. 3\n"  # row 4: no such source; credibility 7
    "v1,org-x1,1988,{a},3,somewhere\n"  # row 5: no locator
)
BAD_MEMBER_ERRORS = {
    "row 2: who": "member must name an existing person or organization; found 'per-nothere'",
    "row 3: org": "organization must name an existing organization; found 'v1'",
    "row 3: start": "cannot read '1988-13' as a date: month 13 does not exist in the gregorian calendar (1–12)",
    "row 4: src": "no source 'src-0000000000'; create it first (`sabt record add source ...`)",
    "row 4: cred": "expected 1 to 6; found '7'",
    "row 5: where": "expected a page (p. 12), a media time (00:12:31), an offset (offset 1024) "
    "or a dataset row (row 7); found 'somewhere'",
}


def test_a_bad_claim_gets_the_same_clear_error(
    case: Case, sources: tuple[str, str, str], tmp_path: Path
) -> None:
    a, _, _ = sources
    importer.run(case, write(tmp_path, "v.csv", HEADER + GOOD[0]), mapping(a), actor="ana")
    org = Mapping.from_dict(
        {"kind": "organization", "source": a, "id_column": "id", "columns": {"name": "name"}}
    )
    importer.run(case, write(tmp_path, "o.csv", "id,name\norg-x1,Commission\n"), org, actor="ana")
    mem = Mapping.from_dict(
        {
            "kind": "membership",
            "source_column": "src",
            "credibility_column": "cred",
            "locator_column": "where",
            "columns": {"who": "member", "org": "organization", "start": "start"},
        }
    )
    before = case.size()
    path = write(tmp_path, "m.csv", BAD_MEMBERS.format(a=a))
    with pytest.raises(InvalidInput) as e:
        importer.run(case, path, mem, actor="ana")
    assert e.value.message == (
        f"{path}: 4 bad rows; nothing was imported "
        "(fix them, or pass --skip-bad to import the good rows):"
    )
    assert e.value.errors == BAD_MEMBER_ERRORS
    assert case.size() == before
