"""A fictional population with known truth.

Every person gets a given name, a family name (plain or compound), a father's
name, a Jalali birth date, a sex, and the three strata the lists depend on:
prison, city and affiliation. Names are drawn independently from the tables,
so the people are fictional.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sabt.linkage.simulate import nametables as t


@dataclass(frozen=True)
class NamePart:
    """One name as the person would write it: Persian parts and Latin
    spellings of each part (a compound such as حسین‌زاده has two parts)."""

    fa: tuple[str, ...]
    latin: tuple[tuple[str, ...], ...]
    usual: tuple[str, ...]  # this person's habitual Latin spelling of each part


@dataclass(frozen=True)
class Person:
    id: str
    sex: str
    given: NamePart
    family: NamePart
    father: NamePart
    sayyid: bool
    birth: tuple[int, int, int]  # Jalali year, month, day
    death: tuple[int, int, int]  # Jalali year, month, day
    prison: str
    city: str
    affiliation: str

    @property
    def strata(self) -> dict[str, str]:
        return {"prison": self.prison, "city": self.city, "affiliation": self.affiliation}


def _part(entries: list[tuple[str, str]], rng: random.Random) -> NamePart:
    fa = tuple(e[0] for e in entries)
    latin = tuple(tuple(t.spellings(e)) for e in entries)
    # Most people keep the commonest spelling; some habitually use another.
    usual = tuple(v[0] if rng.random() < 0.7 else rng.choice(v) for v in latin)
    return NamePart(fa, latin, usual)


def _derived(stem: tuple[str, str], rng: random.Random) -> list[tuple[str, str]]:
    """A surname derived from a given name: Karim → Karimi / Karimian (one
    part), or Hossein → Hossein-zadeh / -pour / -nejad / … (two parts, sabt.names' affixes)."""
    fa, latin = stem
    if fa[-1] not in "یاوه" and rng.random() < 0.5:
        suffix_fa, suffix_lat = rng.choice([("ی", ("i", "y")), ("یان", ("ian", "yan"))])
        spell = "|".join(
            f"{v}{s}"
            for v in t.spellings(stem)
            for s in suffix_lat
            if " " not in v and "-" not in v
        )
        return [(fa + suffix_fa, spell or latin)]
    return [(fa, latin), _affix(rng)]


def _affix(rng: random.Random) -> tuple[str, str]:
    return rng.choices(t.SURNAME_AFFIXES, weights=t.SURNAME_AFFIX_WEIGHTS)[0]


def _family(rng: random.Random) -> NamePart:
    # Surnames are far more varied than given names; deriving them from given
    # names (as many real ones are) gives a few hundred distinct families.
    r = rng.random()
    if r < 0.15:
        return _part([rng.choice(t.SURNAME_STEMS), _affix(rng)], rng)
    if r < 0.6:
        stem = rng.choice([g for g in t.MALE_GIVEN if "‌" not in g[0]])
        return _part(_derived(stem, rng), rng)
    return _part([rng.choice(t.SURNAME_BASES)], rng)


def _weighted(options: tuple[tuple[str, str], ...], rng: random.Random, skew: float) -> str:
    # Zipf-like: the first entries (Evin, Tehran, ...) hold most people.
    weights = [1.0 / (i + 1) ** skew for i in range(len(options))]
    return rng.choices(options, weights=weights)[0][1]


def make_population(size: int, rng: random.Random) -> list[Person]:
    """``size`` fictional people, reproducible from ``rng``."""
    people: list[Person] = []
    width = len(str(size))
    for n in range(size):
        sex = "F" if rng.random() < 0.1 else "M"
        given_table = t.FEMALE_GIVEN if sex == "F" else t.MALE_GIVEN
        prison = _weighted(t.PRISONS, rng, 0.9)
        people.append(
            Person(
                id=f"P{n + 1:0{width}d}",
                sex=sex,
                given=_part([rng.choice(given_table)], rng),
                family=_family(rng),
                father=_part([rng.choice(t.MALE_GIVEN)], rng),
                sayyid=rng.random() < 0.08,
                birth=(rng.randint(1320, 1348), rng.randint(1, 12), rng.randint(1, 29)),
                death=(1367, rng.choice([5, 5, 5, 6, 6, 7]), rng.randint(1, 30)),
                prison=prison,
                city=_weighted(t.CITIES, rng, 1.0),
                affiliation=_weighted(t.AFFILIATIONS, rng, 0.6),
            )
        )
    return people
