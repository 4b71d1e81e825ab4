"""``sabt rebuild`` proves the records projection equal to the live one, for any
sequence of writes (a hypothesis property), including writes that were refused."""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sabt.case import Case
from sabt.db.rebuild import rebuild
from sabt.errors import InvalidInput
from sabt.records import store
from sabt.records.draft import ClaimInput

NAMES = st.sampled_from(["حسین", "Hossein", "Maryam", "مریم", "Reza Example", "رضا"])
DATES = st.sampled_from(["1950", "1950-03", "1952", "1988-07", "1988-08-01", "2004", "not a date"])
TOLLS = st.sampled_from(["several thousand", "over 30,000", "Over 30,000", "4,481"])
IDX = st.integers(0, 40)

OPS = st.one_of(
    st.tuples(st.just("source"), st.sampled_from("ABCDEF"), st.sampled_from(["Org One", "Org Two", ""])),
    st.tuples(st.just("person"), NAMES, DATES, IDX),
    st.tuples(st.just("organization"), NAMES, IDX),
    st.tuples(st.just("incident"), TOLLS, IDX),
    st.tuples(st.just("membership"), IDX, IDX, DATES, IDX),
    st.tuples(st.just("claim"), IDX, st.sampled_from(["name", "birth_date", "toll", "start", "gender"]),
              st.one_of(NAMES, DATES, TOLLS, st.just("female")), IDX, st.booleans(), st.integers(0, 7)),
    st.tuples(st.just("retract"), IDX),
    st.tuples(st.just("review"), IDX, st.sampled_from(["accepted", "needs-work", "bogus"])),
    st.tuples(st.just("edit"), IDX, st.sampled_from("ABCDEFZ")),
    *(  # sealed values and crypto-shredding, once the vault's key ring is there
        [st.tuples(st.just("witness"), NAMES, IDX), st.tuples(st.just("forget"), IDX)]
        if importlib.util.find_spec("sabt.vault.keys") is not None
        else []
    ),
)  # fmt: skip


def pick(items: list[str], i: int) -> str:
    return items[i % len(items)] if items else "nothing-0"


def apply(case: Case, op: tuple, made: dict[str, list[str]]) -> None:  # type: ignore[type-arg]
    src = lambda i: pick(made["source"], i)  # noqa: E731
    match op:
        case ("source", grade, origin):
            fields = {
                "title": f"Source {len(made['source'])}",
                "type": "document",
                "reliability": grade,
            }
            if origin:
                fields["origin"] = origin
            made["source"].append(store.add_record(case, "source", actor="a", fields=fields))
        case ("person", name, date, s):
            rid = store.add_record(
                case,
                "person",
                actor="a",
                source=src(s),
                claims=[("name", name), ("birth_date", date)],
            )
            made["person"].append(rid)
        case ("organization", name, s):
            made["organization"].append(
                store.add_record(
                    case, "organization", actor="a", source=src(s), claims=[("name", name)]
                )
            )
        case ("incident", toll, s):
            made["incident"].append(
                store.add_record(
                    case, "incident", actor="a", source=src(s), claims=[("toll", toll)]
                )
            )
        case ("membership", p, o, date, s):
            claims = [
                ("member", pick(made["person"], p)),
                ("organization", pick(made["organization"], o)),
                ("start", date),
            ]
            made["membership"].append(
                store.add_record(case, "membership", actor="b", source=src(s), claims=claims)
            )
        case ("claim", target, prop, value, s, denies, cred):
            everything = (
                made["person"] + made["incident"] + made["membership"] + made["organization"]
            )
            c = ClaimInput(
                pick(everything, target),
                prop,
                value,
                src(s),
                "p. 3",
                cred,
                "denies" if denies else "affirms",
            )
            made["claim"].extend(store.add_claims(case, [c], actor="b"))
        case ("retract", c):
            store.retract_claim(case, pick(made["claim"], c), "mistake", actor="a")
        case ("review", c, review):
            store.review_claim(case, pick(made["claim"], c), review, "", actor="a")
        case ("witness", name, s):
            claims = [("name", name), ("contact", f"{name} at +00 000 (fictional)")]
            made["witness"].append(
                store.add_record(
                    case, "person", actor="a", protected=True, source=src(s), claims=claims
                )
            )
        case ("forget", w):
            store.forget(case, pick(made["witness"], w), actor="dpo")
        case ("edit", s, grade):
            store.edit_record(case, src(s), actor="a", fields={"reliability": grade})


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(OPS, min_size=1, max_size=30))
def test_rebuilt_projection_equals_the_live_one(ops: list[tuple]) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case"
        path.mkdir()
        with Case.init(path, origin="test.invalid/records", case="r") as case:
            made: dict[str, list[str]] = {
                k: []
                for k in (
                    "source",
                    "person",
                    "organization",
                    "incident",
                    "membership",
                    "claim",
                    "witness",
                )
            }
            for op in [("source", "B", "Org One"), *ops]:
                before = case.size()
                try:
                    apply(case, op, made)
                except InvalidInput:
                    assert case.size() == before  # a refused write changes nothing
                except Exception as e:  # NotFound for picks from empty lists, Forgotten
                    assert type(e).__name__ in ("NotFound", "Forgotten"), e
                    assert case.size() == before
            report = rebuild(case)
            assert report.equal, report.differences
