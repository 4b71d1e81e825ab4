"""Persian and Latin names, and Solar Hijri dates. Pure: no frameworks.

The rules follow the project's PERSIAN.md; docs/names.md describes the API.
"""

from sabt.names.calendars import Calendar, from_gregorian, month_length, to_gregorian
from sabt.names.columns import COLUMNS, key_column, name_columns
from sabt.names.dates import PartialDate
from sabt.names.gazetteer import Gazetteer, Place
from sabt.names.mojibake import repair_mojibake
from sabt.names.person import PersonName, compare
from sabt.names.romanize import (
    fold_latin,
    roman_key,
    roman_keys,
    romanizations,
    surname_affixes,
)
from sabt.names.similarity import THRESHOLD, Match, similarity
from sabt.names.skeleton import skeleton_key
from sabt.names.text import latin_key, name_key, normalize, script, search_key, search_terms
from sabt.names.titles import split_titles, title_class

NameRecord = PersonName
"""Another name for :class:`PersonName` (one attestation's name fields)."""

__all__ = [
    "COLUMNS",
    "THRESHOLD",
    "Calendar",
    "Gazetteer",
    "Match",
    "NameRecord",
    "PartialDate",
    "PersonName",
    "Place",
    "compare",
    "fold_latin",
    "from_gregorian",
    "key_column",
    "latin_key",
    "month_length",
    "name_columns",
    "name_key",
    "normalize",
    "repair_mojibake",
    "roman_key",
    "roman_keys",
    "romanizations",
    "script",
    "search_key",
    "search_terms",
    "similarity",
    "skeleton_key",
    "split_titles",
    "surname_affixes",
    "title_class",
    "to_gregorian",
]
