"""Persian and Latin names, and Solar Hijri dates. Pure: no frameworks.

The rules follow the project's PERSIAN.md; docs/names.md describes the API.
"""

from sabt.names.calendars import Calendar, from_gregorian, month_length, to_gregorian
from sabt.names.dates import PartialDate
from sabt.names.mojibake import repair_mojibake
from sabt.names.skeleton import skeleton_key
from sabt.names.text import latin_key, name_key, normalize, script, search_key, search_terms
from sabt.names.titles import split_titles, title_class

__all__ = [
    "Calendar",
    "PartialDate",
    "from_gregorian",
    "latin_key",
    "month_length",
    "name_key",
    "normalize",
    "repair_mojibake",
    "script",
    "search_key",
    "search_terms",
    "skeleton_key",
    "split_titles",
    "title_class",
    "to_gregorian",
]
