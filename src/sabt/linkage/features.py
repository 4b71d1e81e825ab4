"""The columns linkage compares, precomputed from attestations with ``sabt.names``.

Splink compares columns with SQL; the Persian/Latin knowledge lives in
``sabt.names``, so each attestation is turned into plain key columns first and
the same SQL then runs on DuckDB and on Spark:

- ``*_key``: the name key (same-script spelling after normalisation);
- ``*_skel``: the consonant skeleton (both scripts reduce to the same classes;
  coarse, PERSIAN.md §3 — used for blocking and as one comparison level);
- ``by_lo``/``by_hi``: the Gregorian years a birth year can span (Jalali Y is
  Y+621..Y+622, PERSIAN.md §4), so comparisons test overlap, not equality;
- ``death_lo``/``death_hi``: the execution date's interval as day numbers;
- ``prison_key``, ``city_key``, ``affiliation_key``: skeletons of the places;
- ``*_roman``: one Latin key for either script (``sabt.names.roman_key``:
  حسین and Hossein/Husayn agree, حسن and حسین do not);
- ``*_script``: the script a name is printed in (latin, persian, mixed);
- ``sayyid``: whether a sayyid title was printed (a weak feature).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

from sabt.names import Gazetteer, name_key, roman_key, script, skeleton_key, title_class

NAME_PARTS = ("given", "family", "father")
PLACES = ("prison", "city", "affiliation")
COLUMNS = (
    "unique_id",
    "list_name",
    "row",
    *(f"{p}_{k}" for p in NAME_PARTS for k in ("key", "skel", "roman", "script")),
    "by_lo",
    "by_hi",
    "death_lo",
    "death_hi",
    *(f"{p}_key" for p in PLACES),
    "sayyid",
)


@lru_cache(maxsize=200_000)
def _keys(text: str) -> tuple[str | None, str | None, str | None, str | None]:
    # Names repeat a lot across a list (a few hundred given names): cache.
    return name_key(text) or None, skeleton_key(text) or None, roman_key(text) or None, script(text)


@lru_cache(maxsize=10_000)
def place_key(text: str) -> str | None:
    """The gazetteer's id for a known place (Gohardasht = Rajai-Shahr =
    گوهردشت), else the skeleton of the spelling (Evin = اوین)."""
    place = _gazetteer().lookup(text)
    return place.id if place is not None else (skeleton_key(text) or None)


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return Gazetteer.default()


def _day(iso: str) -> int | None:
    # Open intervals ("before 1988") have an earliest of year 1: keep them
    # out of date comparisons rather than compare day 1.
    d = dt.date.fromisoformat(iso)
    return d.toordinal() if dt.date(1800, 1, 1) < d < dt.date(2100, 1, 1) else None


def feature_row(att_id: str, list_name: str, row: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The comparison columns of one attestation."""
    out: dict[str, Any] = {"unique_id": att_id, "list_name": list_name, "row": row}
    for part in NAME_PARTS:
        text = fields.get(f"{part}_name")
        keys = _keys(text) if text else (None, None, None, None)
        for k, v in zip(("key", "skel", "roman", "script"), keys, strict=True):
            out[f"{part}_{k}"] = v
    by = fields.get("birth_year")
    out["by_lo"], out["by_hi"] = (by["gregorian"][0], by["gregorian"][1]) if by else (None, None)
    death = fields.get("death_date")
    out["death_lo"], out["death_hi"] = (
        (_day(death["gregorian"][0]), _day(death["gregorian"][1])) if death else (None, None)
    )
    for place in PLACES:
        out[f"{place}_key"] = place_key(fields[place]) if fields.get(place) else None
    out["sayyid"] = any(title_class(t) == "sayyid" for t in fields.get("titles", ()))
    return out


def feature_frame(attestations: Iterable[tuple[str, str, int, Mapping[str, Any]]]) -> pd.DataFrame:
    """A DataFrame of comparison columns from ``(id, list, row, fields)`` tuples."""
    frame = pd.DataFrame([feature_row(*a) for a in attestations], columns=list(COLUMNS))
    for col in ("by_lo", "by_hi", "death_lo", "death_hi"):
        frame[col] = frame[col].astype("Int64")
    return frame
