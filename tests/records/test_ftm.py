"""FollowTheMoney export, checked by followthemoney's own model: every entity
is valid for its schema, every reference resolves, conflicts are spelled out."""

from __future__ import annotations

import json

from followthemoney import model
from tests.records.conftest import add_sources

from sabt.case import Case
from sabt.records import ftm, store
from sabt.records.draft import ClaimInput


def build(case: Case) -> dict[str, str]:
    a, b, d = add_sources(case)
    ids = {"a": a, "b": b}
    ids["person"] = store.add_record(
        case,
        "person",
        actor="t",
        source=a,
        claims=[
            ("name", "Example Judge"),
            ("name", "قاضی نمونه"),
            ("birth_date", "1950"),
            ("gender", "male"),
        ],
    )
    ids["org"] = store.add_record(
        case,
        "organization",
        actor="t",
        source=a,
        claims=[("name", "Fictional Commission"), ("start", "1988-07")],
    )
    ids["post"] = store.add_record(
        case, "post", actor="t", source=b, claims=[("name", "Fictional Chief Justice")]
    )
    ids["mem"] = store.add_record(
        case,
        "membership",
        actor="t",
        source=a,
        claims=[("member", ids["person"]), ("organization", ids["org"]), ("start", "1988-07-19")],
    )
    store.add_claims(
        case, [ClaimInput(ids["mem"], "member", ids["person"], d, stance="denies")], actor="t"
    )
    ids["occ"] = store.add_record(
        case,
        "position_held",
        actor="t",
        source=b,
        claims=[("holder", ids["person"]), ("post", ids["post"]), ("start", "2004")],
    )
    ids["site"] = store.add_record(
        case,
        "place",
        actor="t",
        source=a,
        claims=[("name", "Fictional Field"), ("coordinates", "35.5, 51.3"), ("type", "mass_grave")],
    )
    ids["inc"] = store.add_record(
        case,
        "incident",
        actor="t",
        source=a,
        claims=[
            ("name", "Fictional executions"),
            ("toll", "several thousand"),
            ("start", "1988-07"),
        ],
    )
    store.add_claims(case, [ClaimInput(ids["inc"], "toll", "over 30,000", b)], actor="t")
    ids["act"] = store.add_record(
        case,
        "act",
        actor="t",
        source=a,
        claims=[("type", "execution"), ("incident", ids["inc"]), ("place", ids["site"])],
    )
    ids["inv"] = store.add_record(
        case,
        "involvement",
        actor="t",
        source=a,
        claims=[
            ("act", ids["act"]),
            ("party", ids["org"]),
            ("role", "perpetrator"),
            ("degree", "decided"),
        ],
    )
    return ids


def test_every_entity_is_valid_followthemoney(sqlite_case: Case) -> None:
    ids = build(sqlite_case)
    with sqlite_case.engine.connect() as conn:
        data = [json.loads(line) for line in ftm.lines(conn, fictional=True)]
    by_id = {d["id"]: d for d in data}
    for d in data:
        schema = model.get(d["schema"])
        assert schema is not None
        schema.validate(d)  # raises InvalidData on a bad value or a missing required property
        proxy = model.get_proxy(d, cleaned=False)
        # followthemoney's own cleaning (as `ftm validate` and Aleph apply it) changes nothing
        cleaned = proxy.to_dict()["properties"]
        assert {k: sorted(v) for k, v in cleaned.items()} == {
            k: sorted(v) for k, v in d["properties"].items()
        }
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in by_id, f"{d['id']}.{prop.name} -> {value} is not exported"
        notes = d["properties"].get("notes", []) + d["properties"].get("description", [])
        assert "FICTIONAL: invented demo data, not a real record." in notes
    person = by_id[ids["person"]]["properties"]
    assert person["name"] == ["Example Judge", "قاضی نمونه"] and person["birthDate"] == ["1950"]
    mem = by_id[ids["mem"]]
    assert mem["schema"] == "Membership" and mem["properties"]["startDate"] == ["1988-07-19"]
    assert any(
        "Conflicting claims on member" in n and "denied" in n
        for n in mem["properties"]["description"]
    )
    assert by_id[ids["occ"]]["schema"] == "Occupancy"
    assert by_id[ids["post"]]["schema"] == "Position"
    inc = by_id[ids["inc"]]["properties"]
    assert any("'several thousand'" in n and "'over 30,000'" in n for n in inc["notes"])
    act = by_id[ids["act"]]["properties"]
    assert act["involved"] == [ids["org"]] and act["addressEntity"] == [ids["site"]]
    site = by_id[ids["site"]]["properties"]
    assert (site["latitude"], site["longitude"]) == (["35.500000"], ["51.300000"])
    assert set(by_id[ids["mem"]]["properties"]["proof"]) <= {ids["a"], ids["b"]} | {
        d["id"] for d in data
    }
    assert by_id[ids["a"]]["schema"] == "Document"
