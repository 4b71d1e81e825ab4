"""The records part of the FICTIONAL demo case.

Everything here is invented and says so: source titles begin with
"FICTIONAL", organisations and posts carry "(fictional)", family names are
words for "sample", "fictional", "imaginary" (نمونه، ساختگی، خیالی، فرضی،
داستانی) and every person carries a description saying they are invented.
Coordinates point at empty desert. The shape follows the first case's
problems: a commission whose members later hold high offices, sources that
disagree on the toll, on who sat on the commission and on dates, victims with
Persian and Latin names, a bulldozed grave site, and a protected witness.
"""

from __future__ import annotations

from random import Random
from typing import Any

import sqlalchemy as sa

from sabt.records.batch import Batch

ORDER = 30
FICTIONAL = "Fictional person invented for the sabt demo; any likeness is chance."

GIVEN = [("Hossein", "حسین"), ("Maryam", "مریم"), ("Reza", "رضا"), ("Leila", "لیلا"), ("Ali", "علی"),
         ("Zahra", "زهرا"), ("Mehdi", "مهدی"), ("Fatemeh", "فاطمه"), ("Amir", "امیر"), ("Shirin", "شیرین"),
         ("Bahram", "بهرام"), ("Parvin", "پروین"), ("Kaveh", "کاوه"), ("Nasrin", "نسرین")]  # fmt: skip
FAMILY = [
    ("Nemouneh", "نمونه"),
    ("Sakhtegi", "ساختگی"),
    ("Khiali", "خیالی"),
    ("Farzi", "فرضی"),
    ("Dastani", "داستانی"),
]
MALE = {"Hossein", "Reza", "Ali", "Mehdi", "Amir", "Bahram", "Kaveh"}


def _source(b: Batch, title: str, type_: str, grade: str, origin: str, **extra: Any) -> str:
    return b.record(
        "source",
        fields={
            "title": f"FICTIONAL {title}",
            "type": type_,
            "reliability": grade,
            "origin": origin,
            **extra,
        },
    )


def _person(b: Batch, rng: Random, src: str, loc: str, cred: int, **kw: Any) -> tuple[str, str]:
    (g_lat, g_fa), (f_lat, f_fa) = rng.choice(GIVEN), rng.choice(FAMILY)
    (fa_lat, fa_fa) = rng.choice([g for g in GIVEN if g[0] in MALE])
    claims = [("name", f"{g_fa} {f_fa}"), ("name", f"{g_lat} {f_lat}"), ("father_name", fa_fa),
              ("gender", "male" if g_lat in MALE else "female"), ("description", FICTIONAL)]  # fmt: skip
    claims += kw.pop("more", [])
    return b.record(
        "person", claims=claims, source=src, locator=loc, credibility=cred, **kw
    ), f"{g_lat} {f_lat}"


def _evidence(case: Any, prefix: str) -> dict[str, list[str]]:
    """The vault demo's files (ORDER 20, before this) whose names start with ``prefix``."""
    from sabt.vault.projection import evidence

    with case.engine.connect() as conn:
        q = sa.select(evidence.c.hash).where(evidence.c.name.like(f"{prefix}%"))
        hashes = list(conn.execute(q.order_by(evidence.c.name)).scalars())
    return {"blobs": hashes} if hashes else {}


def contribute(case: Any, rng: Random) -> None:
    photos, field_report = _evidence(case, "east-cemetery"), _evidence(case, "field-report")
    with Batch(case, rng) as b:
        report = _source(
            b,
            "report on the summer executions",
            "document",
            "B",
            "Alpha Archive (fictional)",
            date="1990",
            **field_report,
        )
        testimony = _source(
            b,
            "testimony of a survivor, interview 7",
            "testimony",
            "C",
            "Beta Watch (fictional)",
            date="2001-05",
        )
        victims = _source(
            b,
            "list of victims compiled by families",
            "dataset",
            "C",
            "Beta Watch (fictional)",
            date="2010",
        )
        gazette = _source(
            b, "official gazette, appointments", "document", "A", "Fictional Official Gazette"
        )
        article = _source(
            b,
            "press article on the grave site, with before and after photographs",
            "web_capture",
            "D",
            "Gamma Records (fictional)",
            date="2008-02",
            url="https://example.invalid/fictional-article",
            **photos,
        )

        commission = b.record(
            "organization",
            claims=[
                ("name", "Commission of the North Prison (fictional)"),
                ("name", "کمیسیون زندان شمالی (ساختگی)"),
                ("type", "commission"),
                ("start", "1988-07"),
            ],
            source=report,
            locator="p. 3",
            credibility=2,
        )
        prison_admin = b.record(
            "organization",
            claims=[
                ("name", "North Prison Administration (fictional)"),
                ("type", "prison_administration"),
            ],
            source=report,
            locator="p. 2",
            credibility=2,
        )
        ministry = b.record(
            "organization",
            claims=[("name", "Ministry of Justice (fictional)"), ("type", "ministry")],
            source=gazette,
            locator="p. 1",
            credibility=1,
        )
        posts = [b.record("post", claims=[("name", name), ("organization", ministry)], source=gazette, locator="p. 1", credibility=1)
                 for name in ("Chief Justice (fictional)", "Prosecutor-General (fictional)", "Minister of Justice (fictional)")]  # fmt: skip

        # The commission's members, and the offices they held later.
        members = []
        for i, (role, post, year) in enumerate(
            [
                ("judge", posts[0], "2004"),
                ("prosecutor", posts[1], "2009"),
                ("intelligence representative", posts[2], "2013"),
            ]
        ):
            pid, _ = _person(
                b, rng, report, f"p. {12 + i}", 2, more=[("birth_date", str(1950 + i * 3))]
            )
            members.append(pid)
            mem = b.record(
                "membership",
                claims=[
                    ("member", pid),
                    ("organization", commission),
                    ("role", role),
                    ("start", "1988-07"),
                ],
                source=report,
                locator=f"p. {12 + i}",
                credibility=2,
            )
            b.record(
                "position_held",
                claims=[("holder", pid), ("post", post), ("start", year)],
                source=gazette,
                locator=f"p. {4 + i}",
                credibility=1,
            )
            if i == 1:  # the testimony gives this member another role
                b.claim(mem, "role", "judge", testimony, "00:41:10", 3)
            if i == 2:  # the article disputes that this person sat on the commission at all
                b.claim(mem, "member", pid, article, "p. 2", 4, stance="denies")
        b.claim(members[0], "birth_date", "1949", testimony, "00:12:31", 3)  # conflicts with 1950

        # Sites, with coordinates in empty desert (fictional).
        prison = b.record(
            "place",
            claims=[
                ("name", "North Prison (fictional)"),
                ("name", "زندان شمالی (ساختگی)"),
                ("type", "prison"),
                ("coordinates", "33.5012, 54.9031"),
            ],
            source=report,
            locator="p. 2",
            credibility=2,
        )
        grave = b.record(
            "place",
            claims=[
                ("name", "East Field (fictional mass grave site)"),
                ("name", "باغ خاوران ساختگی"),
                ("type", "mass_grave"),
                ("coordinates", "33.4920, 54.9475"),
            ],
            source=testimony,
            locator="00:55:02",
            credibility=3,
        )
        b.claim(
            grave, "coordinates", "33.4931, 54.9460", article, "p. 1", 4
        )  # a second, conflicting location

        incident = b.record(
            "incident",
            claims=[
                ("name", "FICTIONAL summer executions at the North Prison"),
                ("start", "1988-07"),
                ("end", "1988-09"),
                ("place", prison),
                ("toll", "several thousand"),
            ],
            source=report,
            locator="p. 1",
            credibility=2,
        )
        b.claim(incident, "toll", "over 30,000", testimony, "01:02:40", 4)
        b.claim(
            incident, "toll", "over 30,000", victims, "row 1", 3
        )  # same origin as the testimony
        b.claim(incident, "toll", "over 30,000", article, "p. 3", 5)

        execution = b.record(
            "act",
            claims=[
                ("type", "execution"),
                ("incident", incident),
                ("place", prison),
                ("start", "1988-07"),
                ("end", "1988-09"),
            ],
            source=report,
            locator="p. 5",
            credibility=2,
        )
        burial = b.record(
            "act",
            claims=[("type", "secret_burial"), ("incident", incident), ("place", grave)],
            source=testimony,
            locator="00:55:02",
            credibility=3,
        )
        razing = b.record(
            "act",
            claims=[("type", "destruction_of_grave_site"), ("place", grave), ("start", "2008-01")],
            source=article,
            locator="p. 1",
            credibility=3,
        )
        concealment = b.record(
            "act",
            claims=[("type", "concealment_of_fate"), ("incident", incident), ("start", "1988-09")],
            source=testimony,
            locator="01:10:00",
            credibility=3,
        )
        b.record(
            "involvement",
            claims=[
                ("act", execution),
                ("party", commission),
                ("role", "perpetrator"),
                ("degree", "decided"),
            ],
            source=report,
            locator="p. 5",
            credibility=2,
        )
        b.record(
            "involvement",
            claims=[
                ("act", execution),
                ("party", prison_admin),
                ("role", "perpetrator"),
                ("degree", "carried_out"),
            ],
            source=report,
            locator="p. 6",
            credibility=2,
        )
        for act in (burial, razing, concealment):
            b.record(
                "involvement",
                claims=[
                    ("act", act),
                    ("party", prison_admin),
                    ("role", "perpetrator"),
                    ("degree", "complicit"),
                ],
                source=testimony,
                locator="01:11:30",
                credibility=4,
            )
        for pid in members:
            b.record(
                "involvement",
                claims=[
                    ("act", execution),
                    ("party", pid),
                    ("role", "perpetrator"),
                    ("degree", "decided"),
                ],
                source=report,
                locator="p. 14",
                credibility=3,
            )

        # Victims from the families' list; a few dates disputed by the report.
        for row in range(2, 42):
            born = str(rng.randint(1940, 1968))
            pid, _ = _person(
                b,
                rng,
                victims,
                f"row {row}",
                3,
                more=[("birth_date", born), ("death_date", f"1988-0{rng.choice([7, 8, 9])}")],
            )
            b.record(
                "involvement",
                claims=[("act", execution), ("party", pid), ("role", "victim")],
                source=victims,
                locator=f"row {row}",
                credibility=3,
            )
            if row % 9 == 0:
                b.claim(pid, "death_date", "1989", report, f"p. {20 + row}", 3)

        # A witness whose identity is protected: every value sealed under their own key.
        witness = b.record(
            "person",
            protected=True,
            claims=[
                ("name", "Shirin Khiali"),
                ("contact", "+00 000 000 0000 (fictional)"),
                ("address", "1 Imaginary Lane, Nowhere (fictional)"),
            ],
            source=testimony,
            locator="00:00:30",
            credibility=2,
        )
        b.record(
            "involvement",
            claims=[("act", execution), ("party", witness), ("role", "witness")],
            source=testimony,
            locator="00:03:00",
            credibility=2,
        )
        threat = b.record(
            "act",
            claims=[("type", "threat_to_family"), ("start", "2009")],
            source=testimony,
            locator="01:20:00",
            credibility=3,
        )
        b.record(
            "involvement",
            claims=[("act", threat), ("party", witness), ("role", "victim")],
            source=testimony,
            locator="01:20:00",
            credibility=3,
        )
        b.commit("demo-analyst")
