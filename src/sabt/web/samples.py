"""A small, FICTIONAL set of records for the web tests and the benchmark.

Every name, place, date and figure here is invented. It has what the pages
must show: names in Persian and Latin script with fathers' names, an execution
and a secret burial with places and coordinates, two sources that disagree on a
date (a conflict), a perpetrator's role then and office later (a timeline), and
a protected witness.
"""

from __future__ import annotations

from typing import Any

PASSPHRASE = "fictional-test-passphrase"


def add_sample_records(case: Any, actor: str = "test") -> dict[str, str]:
    """Create the records; returns their ids by a short name. The protected
    witness is sealed with the case's vault keys: those the environment
    unlocks, else (a test's case) keys made with the fictional ``PASSPHRASE``."""
    from sabt.records import store

    _unlock(case)
    ids: dict[str, str] = {}

    def src(key: str, title: str, type: str, reliability: str, origin: str) -> None:
        ids[key] = store.add_record(
            case,
            "source",
            actor=actor,
            fields={"title": title, "type": type, "reliability": reliability, "origin": origin},
        )

    def rec(
        key: str,
        kind: str,
        claims: list[tuple[str, str]],
        source: str,
        locator: str,
        *,
        protected: bool = False,
    ) -> None:
        ids[key] = store.add_record(
            case,
            kind,
            actor=actor,
            claims=claims,
            source=ids[source],
            locator=locator,
            credibility=2,
            protected=protected,
        )

    src("report", "FICTIONAL report of the Alpha Archive", "document", "B", "Alpha Archive")
    src("list", "FICTIONAL list of the Beta Watch", "dataset", "C", "Beta Watch")
    rec(
        "prison",
        "place",
        [
            ("name", "North Prison"),
            ("name", "زندان شمال"),
            ("type", "prison"),
            ("coordinates", "35.80, 51.39"),
        ],
        "report",
        "p. 3",
    )
    rec(
        "cemetery",
        "place",
        [
            ("name", "East Field"),
            ("name", "میدان شرقی"),
            ("type", "mass_grave"),
            ("coordinates", "35.55, 51.52"),
        ],
        "report",
        "p. 4",
    )
    rec(
        "incident",
        "incident",
        [
            ("name", "FICTIONAL summer executions"),
            ("start", "1988-07"),
            ("end", "1988-09"),
            ("place", ids["prison"]),
            ("toll", "120"),
        ],
        "report",
        "p. 1",
    )
    rec(
        "victim",
        "person",
        [
            ("name", "Hossein Rezaei"),
            ("name", "حسین رضایی"),
            ("father_name", "Ali"),
            ("father_name", "علی"),
            ("death_date", "1988-08-14"),
        ],
        "list",
        "row 17",
    )
    rec(
        "namesake",
        "person",
        [("name", "Hossein Rezaei"), ("father_name", "Mahmoud")],
        "list",
        "row 18",
    )
    rec("official", "person", [("name", "Karim Fictus")], "report", "p. 9")
    rec("witness", "person", [("name", "Secret Witness Name")], "report", "p. 11", protected=True)
    rec(
        "execution",
        "act",
        [
            ("type", "execution"),
            ("incident", ids["incident"]),
            ("start", "1988-08-14"),
            ("place", ids["prison"]),
        ],
        "report",
        "p. 5",
    )
    rec(
        "burial",
        "act",
        [
            ("type", "secret_burial"),
            ("incident", ids["incident"]),
            ("start", "1988-08"),
            ("place", ids["cemetery"]),
        ],
        "report",
        "p. 6",
    )
    rec(
        "inv_victim",
        "involvement",
        [("act", ids["execution"]), ("party", ids["victim"]), ("role", "victim")],
        "list",
        "row 17",
    )
    rec(
        "inv_burial",
        "involvement",
        [("act", ids["burial"]), ("party", ids["victim"]), ("role", "victim")],
        "report",
        "p. 6",
    )
    rec(
        "inv_witness",
        "involvement",
        [("act", ids["execution"]), ("party", ids["witness"]), ("role", "witness")],
        "report",
        "p. 11",
    )
    rec(
        "commission",
        "organization",
        [("name", "FICTIONAL death commission"), ("type", "commission")],
        "report",
        "p. 2",
    )
    rec(
        "court",
        "organization",
        [("name", "FICTIONAL supreme court"), ("type", "court")],
        "report",
        "p. 20",
    )
    rec(
        "post",
        "post",
        [("name", "FICTIONAL chief justice"), ("organization", ids["court"])],
        "report",
        "p. 20",
    )
    rec(
        "membership",
        "membership",
        [
            ("member", ids["official"]),
            ("organization", ids["commission"]),
            ("role", "member"),
            ("start", "1988-07"),
        ],
        "report",
        "p. 9",
    )
    rec(
        "office",
        "position_held",
        [("holder", ids["official"]), ("post", ids["post"]), ("start", "2004")],
        "report",
        "p. 21",
    )
    # The list disagrees with the report on the date of death: a conflict.
    from sabt.records.draft import ClaimInput

    store.add_claims(
        case,
        [ClaimInput(ids["victim"], "death_date", "1988-09-02", ids["report"], "p. 7", 3)],
        actor=actor,
    )
    store.add_claims(
        case,
        [ClaimInput(ids["witness"], "contact", "+00 000 FICTIONAL", ids["report"], "p. 11", 2)],
        actor=actor,
    )
    return ids


def _unlock(case: Any) -> None:
    """Give ``case`` vault keys under ``PASSPHRASE`` when no credential is in the
    environment (instead of putting one there for everything after)."""
    from sabt.vault.keys import VAULT_FILE, KeyRing
    from sabt.vault.unlock import from_environment

    if from_environment():
        return
    keys = case.dir.keys
    if (keys / VAULT_FILE).exists():
        case.use_keyring(KeyRing.open(keys, passphrase=PASSPHRASE))
    else:
        case.use_keyring(KeyRing.create(keys, passphrase=PASSPHRASE))
