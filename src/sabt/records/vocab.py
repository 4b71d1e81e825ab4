"""The records vocabulary, loaded from ``vocab.json``: kinds of record, their
properties (type, cardinality, sensitivity) and the closed lists they use.

Kept as data, like FollowTheMoney's YAML schemata, so that a new act type or
organisation type is a one-line change reviewed by a documenter, not a coder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sabt.errors import InvalidInput


@dataclass(frozen=True)
class Property:
    name: str
    type: str  # text, name, date, figure, coords, sha256, enum:<list>, ref:<kind>|<kind>
    multi: bool = False
    sensitive: bool = False
    required: bool = False

    @property
    def base(self) -> str:
        return self.type.split(":", 1)[0]

    @property
    def ref_kinds(self) -> tuple[str, ...]:
        return tuple(self.type.split(":", 1)[1].split("|")) if self.base == "ref" else ()

    @property
    def choices(self) -> tuple[str, ...]:
        return vocabulary().lists[self.type.split(":", 1)[1]] if self.base == "enum" else ()


@dataclass(frozen=True)
class Kind:
    name: str
    ftm: str
    catalogue: bool  # values are the analyst's catalogue entries, not claims
    properties: dict[str, Property]

    def property(self, name: str) -> Property:
        try:
            return self.properties[name]
        except KeyError:
            known = ", ".join(self.properties)
            raise InvalidInput(
                f"a {self.name} has no property {name!r}; expected one of: {known}."
            ) from None


@dataclass(frozen=True)
class Vocabulary:
    kinds: dict[str, Kind]
    lists: dict[str, tuple[str, ...]]
    labels: dict[str, dict[str, str]]

    def kind(self, name: str) -> Kind:
        try:
            return self.kinds[name]
        except KeyError:
            known = ", ".join(self.kinds)
            raise InvalidInput(
                f"unknown kind of record {name!r}; expected one of: {known}."
            ) from None


@cache
def vocabulary() -> Vocabulary:
    raw = json.loads(resources.files(__package__).joinpath("vocab.json").read_text("utf-8"))
    kinds = {
        name: Kind(
            name=name,
            ftm=spec["ftm"],
            catalogue=bool(spec.get("catalogue", False)),
            properties={p: Property(name=p, **ps) for p, ps in spec["properties"].items()},
        )
        for name, spec in raw["kinds"].items()
    }
    lists = {name: tuple(values) for name, values in raw["lists"].items()}
    return Vocabulary(kinds=kinds, lists=lists, labels=raw["labels"])


def kind(name: str) -> Kind:
    return vocabulary().kind(name)


CREDIBILITY = (1, 2, 3, 4, 5, 6)
RELIABILITY = ("A", "B", "C", "D", "E", "F")
STANCES = ("affirms", "denies")
REVIEWS = ("accepted", "needs-work")
