"""A person's name as one attestation gives it, and comparing two of them (PERSIAN.md §5).

Iranian records identify a person by given name, family name, father's name
and an approximate birth year. Agreement of the father's name is strong
evidence for a link and disagreement strong evidence against; a birth year
agrees within one year (a Jalali year straddles two Gregorian years, and ages
are rounded). Titles are a weak feature: they are reported, not scored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sabt.errors import InvalidInput
from sabt.names.dates import PartialDate
from sabt.names.similarity import THRESHOLD, Match, similarity
from sabt.names.text import normalize
from sabt.names.titles import split_titles, title_class

# "X فرزند Y", "X son of Y", "X s/o Y", "X daughter of Y", "X bin Y".
_FATHER = re.compile(
    r"\s*(?:,\s*)?(?:فرزند|فرزندِ|پسر|دختر|\bson of\b|\bdaughter of\b|\bs/o\b|\bd/o\b|\bbin\b|\bibn\b)\s+",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"[()\[\]{}«»\"]")
_YEAR_SLACK = dt.timedelta(days=366)


@dataclass(frozen=True)
class PersonName:
    """Given and family name, father's name, birth date and titles of one attestation.

    Fields hold display forms (:func:`sabt.names.normalize`); the raw text
    stays with the record that cited it.
    """

    given: str = ""
    family: str = ""
    father: str = ""
    birth: PartialDate | None = None
    titles: tuple[str, ...] = field(default=())

    @classmethod
    def parse(cls, text: str, birth: PartialDate | None = None) -> PersonName:
        """Read "شهید سید علی رضایی فرزند حسن" or "Ali Rezaei son of Hasan".

        The last word is taken as the family name unless a comma puts it
        first ("Rezaei, Ali"); everything before it is the given name.
        """
        pieces = _FATHER.split(_BRACKETS.sub(" ", normalize(text)), maxsplit=1)
        name, father = normalize(pieces[0]), (normalize(pieces[1]) if len(pieces) > 1 else "")
        titles, rest = split_titles(name)
        if "," in rest or "،" in rest:
            family, _, given = rest.replace("،", ",").partition(",")
        else:
            words = rest.split(" ")
            given, family = (" ".join(words[:-1]), words[-1]) if len(words) > 1 else (rest, "")
        return cls(given.strip(), family.strip(), split_titles(father)[1].strip(), birth, titles)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON types; the birth date in :meth:`PartialDate.to_dict` form."""
        return {
            "given": self.given,
            "family": self.family,
            "father": self.father,
            "birth": None if self.birth is None else self.birth.to_dict(),
            "titles": list(self.titles),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PersonName:
        """The inverse of :meth:`to_dict`; InvalidInput if a field is malformed."""
        texts = {k: data.get(k, "") for k in ("given", "family", "father")}
        bad = {
            k: f"expected text, found {type(v).__name__}"
            for k, v in texts.items()
            if not isinstance(v, str)
        }
        titles = data.get("titles", [])
        if not isinstance(titles, list) or not all(isinstance(t, str) for t in titles):
            bad["titles"] = "expected a list of text"
        if bad:
            raise InvalidInput("a stored name has malformed fields", bad)
        birth = data.get("birth")
        return cls(
            texts["given"],
            texts["family"],
            texts["father"],
            None if birth is None else PartialDate.from_dict(birth),
            tuple(titles),
        )

    @property
    def full(self) -> str:
        """Given and family name, given first."""
        return " ".join(p for p in (self.given, self.family) if p)


def _birth(a: PartialDate, b: PartialDate) -> tuple[float, str]:
    if a.overlaps(b):
        return 1.0, f"birth dates agree ({a.text or a.format()} ~ {b.text or b.format()})"
    padded = a.earliest - _YEAR_SLACK <= b.latest and b.earliest - _YEAR_SLACK <= a.latest
    if padded:
        return 0.5, f"birth years within one year ({a.text or a.format()} ~ {b.text or b.format()})"
    return 0.0, f"birth dates differ ({a.text or a.format()} vs {b.text or b.format()})"


def compare(a: PersonName, b: PersonName) -> Match:
    """How likely two attestations name the same person, with the evidence.

    The names set the base score (:func:`similarity` of given + family); the
    father's name moves it halfway to 1 when it agrees and halves it when it
    differs; the birth date confirms (+) or counts against (×0.6).
    """
    names = similarity(a.full, b.full)
    score = names.score
    reasons = list(names.reasons)
    if a.father and b.father:
        father = similarity(a.father, b.father)
        if father.score >= THRESHOLD:
            score += (1.0 - score) * 0.5
            reasons.append(f"father's name agrees ({a.father} ~ {b.father})")
        else:
            score *= 0.5
            reasons.append(f"father's name differs ({a.father} ≠ {b.father})")
    elif a.father or b.father:
        reasons.append("father's name in one record only")
    if a.birth is not None and b.birth is not None:
        agreement, why = _birth(a.birth, b.birth)
        if agreement == 1.0:
            score += (1.0 - score) * 0.3
        elif agreement == 0.5:
            score += (1.0 - score) * 0.1
        else:
            score *= 0.6
        reasons.append(why)
    ta = {title_class(t) for t in a.titles}
    tb = {title_class(t) for t in b.titles}
    if ("sayyid" in ta) != ("sayyid" in tb) and not any("Seyyed" in r for r in reasons):
        reasons.append("Seyyed in one record only")
    return Match(round(max(0.0, min(1.0, score)), 4), tuple(reasons))
