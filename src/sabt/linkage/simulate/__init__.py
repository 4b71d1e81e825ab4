"""``sabt simulate``: fictional lists of a fictional population with known truth.

A population of ``size`` people, each in three strata (prison, city,
affiliation), is captured by ``lists`` lists. A list captures a person with a
probability that depends on the list and on the person's strata (a logistic
model with seeded effects), so capture is heterogeneous, as it is for real
lists — the case multiple systems estimation has to handle. Each captured
person is printed with the noise of that list's template (see ``lists``).

Everything is drawn from one ``random.Random(seed)``: the same arguments give
byte-identical files.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from sabt.errors import InvalidInput
from sabt.linkage.simulate.lists import TEMPLATES, Template
from sabt.linkage.simulate.population import Person, make_population

STRATA = ("prison", "city", "affiliation")
FICTIONAL_NOTE = "FICTIONAL: simulated by `sabt simulate`; no row describes a real person."


@dataclass(frozen=True)
class SimulationConfig:
    size: int = 2000
    lists: int = 3
    seed: int = 1988
    noise: float = 1.0
    capture: float = 0.5  # mean capture probability of a list

    def check(self) -> None:
        errors = {}
        if not 1 <= self.size <= 5_000_000:
            errors["size"] = f"must be between 1 and 5,000,000, got {self.size}"
        if not 1 <= self.lists <= 26:
            errors["lists"] = f"must be between 1 and 26, got {self.lists}"
        if not 0 <= self.noise <= 5:
            errors["noise"] = f"must be between 0 and 5, got {self.noise}"
        if not 0 < self.capture < 1:
            errors["capture"] = f"must be strictly between 0 and 1, got {self.capture}"
        if errors:
            raise InvalidInput("The simulation settings are invalid.", errors)


@dataclass
class SimulatedList:
    name: str
    template: Template
    rows: list[dict[str, str]] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # person id of each row


@dataclass
class Simulation:
    config: SimulationConfig
    population: list[Person]
    lists: list[SimulatedList]
    capture_logits: dict[str, dict[str, float]]

    def truth_rows(self) -> list[dict[str, str]]:
        """One row per attestation: list, spreadsheet row number, person, strata."""
        by_id = {p.id: p for p in self.population}
        out = []
        for lst in self.lists:
            for i, pid in enumerate(lst.people):
                out.append(
                    {"list": lst.name, "row": str(i + 2), "person_id": pid, **by_id[pid].strata}
                )
        return out


def list_name(i: int) -> str:
    return f"list_{chr(ord('a') + i)}"


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _capture_model(
    config: SimulationConfig, rng: random.Random, population: list[Person]
) -> dict[str, dict[str, float]]:
    """Per list: an intercept and an effect for each stratum value."""
    values = {s: sorted({p.strata[s] for p in population}) for s in STRATA}
    model: dict[str, dict[str, float]] = {}
    for i in range(config.lists):
        effects = {"_intercept": _logit(config.capture) + rng.gauss(0, 0.3)}
        for s in STRATA:
            for v in values[s]:
                effects[f"{s}={v}"] = rng.gauss(0, 0.6)
        model[list_name(i)] = effects
    return model


def simulate(config: SimulationConfig) -> Simulation:
    """Build the population and its lists; reproducible from ``config.seed``."""
    config.check()
    rng = random.Random(config.seed)
    population = make_population(config.size, rng)
    model = _capture_model(config, rng, population)
    lists: list[SimulatedList] = []
    for i in range(config.lists):
        name = list_name(i)
        lst = SimulatedList(name, TEMPLATES[i % len(TEMPLATES)])
        effects = model[name]
        captured = []
        for person in population:
            z = effects["_intercept"] + sum(effects[f"{s}={person.strata[s]}"] for s in STRATA)
            if rng.random() < 1 / (1 + math.exp(-z)):
                captured.append(person)
        rng.shuffle(captured)  # row order must not reveal the person
        for person in captured:
            lst.rows.append(lst.template.render(person, rng, config.noise))
            lst.people.append(person.id)
        lists.append(lst)
    return Simulation(config, population, lists, model)
