"""A gazetteer of places with every spelling, in both scripts (PERSIAN.md §5).

Sources name the same prison "Gohardasht", "Rajai-Shahr", "گوهردشت" or
"زندان رجایی‌شهر". A :class:`Gazetteer` resolves any listed spelling to one
:class:`Place`: Persian spellings by name key, Latin ones also by the folded
Latin key (so "Gowhardasht" and "Gohar Dasht" agree), and with or without a
generic word ("prison", "زندان", "cemetery"). The built-in places come from
``data/places.tsv``; callers (the records package) add their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from sabt.errors import InvalidInput, NotFound
from sabt.names.data import read_table
from sabt.names.romanize import fold_latin
from sabt.names.text import name_key, normalize, script

_GENERIC = re.compile(
    r"\b(?:the|prison|jail|central|cemetery|graveyard)\b|زندان|مرکزی|گورستان|قبرستان|گلزار",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Place:
    """A place: a stable id, a kind (city, prison, cemetery...), its names, its parent."""

    id: str
    kind: str
    names: tuple[str, ...]
    within: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Plain JSON types, for an event body."""
        return {"id": self.id, "kind": self.kind, "names": list(self.names), "within": self.within}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Place:
        """The inverse of :meth:`to_dict`; InvalidInput if a field is missing or malformed."""
        names = data.get("names")
        pid, kind, within = data.get("id"), data.get("kind"), data.get("within")
        if not isinstance(pid, str) or not pid or not isinstance(kind, str) or not kind:
            raise InvalidInput("a place needs a non-empty 'id' and 'kind'", {"place": repr(data)})
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            raise InvalidInput(
                f"place {pid!r} needs a list of non-empty 'names'", {"place": repr(data)}
            )
        if within is not None and not isinstance(within, str):
            raise InvalidInput(f"place {pid!r} has a malformed 'within'", {"place": repr(data)})
        return cls(pid, kind, tuple(normalize(n) for n in names), within)

    def name(self, script_: str = "latin") -> str:
        """The display name in ``"latin"`` or ``"persian"`` script (the first listed)."""
        wanted = [n for n in self.names if script(n) == script_]
        return wanted[0] if wanted else self.names[0]


def _keys(spelling: str) -> set[str]:
    """The lookup keys of one spelling: exact name key, and the folded Latin key."""
    keys = {name_key(spelling)}
    if script(spelling) == "latin":
        keys.add("latin:" + fold_latin(spelling))
    return {k for k in keys if k and k != "latin:"}


def _stripped(spelling: str) -> str:
    return normalize(_GENERIC.sub(" ", normalize(spelling)))


class Gazetteer:
    """Places by id, resolvable from any of their spellings; extensible by the caller."""

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self._places: dict[str, Place] = {}
        self._exact: dict[str, str] = {}
        self._loose: dict[str, set[str]] = {}
        for place in places:
            self.add(place)

    @classmethod
    def default(cls) -> Gazetteer:
        """The places shipped with sabt (``data/places.tsv``)."""
        return cls(
            Place(
                pid,
                kind,
                tuple(n.strip() for n in names.split("|")),
                None if within == "-" else within,
            )
            for pid, kind, names, within in read_table("places.tsv", 4)
        )

    def add(self, place: Place) -> Place:
        """Add a place; InvalidInput if its id exists or a spelling names another place."""
        if place.id in self._places:
            raise InvalidInput(f"the gazetteer already has a place with id {place.id!r}")
        if not place.names:
            raise InvalidInput(f"place {place.id!r} has no name")
        clashes = {n: self._exact[k] for n in place.names for k in _keys(n) if k in self._exact}
        if clashes:
            raise InvalidInput(
                f"place {place.id!r} has spellings that already name other places",
                {name: f"already names {other!r}" for name, other in clashes.items()},
            )
        self._places[place.id] = place
        for spelling in place.names:
            self._index(place.id, spelling)
        return place

    def add_alias(self, place_id: str, spelling: str) -> Place:
        """Add one more spelling to a place; InvalidInput if it names another place."""
        place = self.get(place_id)
        for k in _keys(spelling):
            if self._exact.get(k, place_id) != place_id:
                raise InvalidInput(
                    f"{spelling!r} already names the place {self._exact[k]!r}, not {place_id!r}"
                )
        updated = Place(place.id, place.kind, (*place.names, normalize(spelling)), place.within)
        self._places[place_id] = updated
        self._index(place_id, spelling)
        return updated

    def _index(self, place_id: str, spelling: str) -> None:
        for k in _keys(spelling):
            self._exact[k] = place_id
        for k in _keys(_stripped(spelling)):
            self._loose.setdefault(k, set()).add(place_id)

    def get(self, place_id: str) -> Place:
        """The place with this id; NotFound if none."""
        try:
            return self._places[place_id]
        except KeyError:
            raise NotFound(f"no place with id {place_id!r} in the gazetteer") from None

    def candidates(self, spelling: str) -> list[Place]:
        """Every place ``spelling`` can name: one for an exact spelling, several if ambiguous."""
        for k in _keys(spelling):
            if k in self._exact:
                return [self._places[self._exact[k]]]
        ids: set[str] = set()
        for k in _keys(_stripped(spelling)):
            ids |= self._loose.get(k, set())
        return [self._places[i] for i in sorted(ids)]

    def lookup(self, spelling: str) -> Place | None:
        """The one place ``spelling`` names, or None if unknown or ambiguous."""
        found = self.candidates(spelling)
        return found[0] if len(found) == 1 else None

    def resolve(self, spelling: str) -> Place:
        """The one place ``spelling`` names; NotFound (with suggestions) otherwise."""
        found = self.candidates(spelling)
        if len(found) == 1:
            return found[0]
        if found:
            raise NotFound(
                f"{spelling!r} could name {', '.join(p.id for p in found)}; be more specific"
            )
        near = ", ".join(p.name() for p, _score in self.search(spelling, limit=3))
        raise NotFound(
            f"no place called {spelling!r} in the gazetteer"
            + (f"; did you mean {near}?" if near else "")
        )

    def search(self, text: str, limit: int = 5) -> list[tuple[Place, float]]:
        """Places whose spellings are closest to ``text`` (fuzzy), best first, score in [0, 1]."""
        choices = {
            f"{pid}\t{i}": name_key(n)
            for pid, p in self._places.items()
            for i, n in enumerate(p.names)
        }
        best: dict[str, float] = {}
        for _choice, score, key in process.extract(
            name_key(text), choices, scorer=fuzz.ratio, limit=limit * 4
        ):
            pid = str(key).split("\t")[0]
            best[pid] = max(best.get(pid, 0.0), score / 100.0)
        ranked = sorted(best.items(), key=lambda item: -item[1])[:limit]
        return [(self._places[pid], score) for pid, score in ranked if score >= 0.6]

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._places
