"""The columns linkage compares, precomputed from attestations with ``sabt.names``.

Splink compares columns with SQL; the Persian/Latin knowledge lives in
``sabt.names``, so each attestation is turned into plain key columns first and
the same SQL then runs on DuckDB and on Spark:

- ``*_key``: the name key (same-script spelling after normalisation);
- ``*_skel``: the consonant skeleton (both scripts reduce to the same classes;
  coarse, PERSIAN.md §3 — used for blocking and as one comparison level);
- ``by_lo``/``by_hi``: the Gregorian years a birth year can span (Jalali Y is
  Y+621..Y+622, PERSIAN.md §4), so comparisons test overlap, not equality;
- ``sayyid``: whether a sayyid title was printed (a weak feature).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from sabt.names import name_key, skeleton_key, title_class

NAME_PARTS = ("given", "family", "father")
COLUMNS = (
    "unique_id",
    "list_name",
    "row",
    *(f"{p}_{k}" for p in NAME_PARTS for k in ("key", "skel")),
    "by_lo",
    "by_hi",
    "sayyid",
)


def _keys(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    key = name_key(text)
    skel = skeleton_key(text)
    return key or None, skel or None


def feature_row(att_id: str, list_name: str, row: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The comparison columns of one attestation."""
    out: dict[str, Any] = {"unique_id": att_id, "list_name": list_name, "row": row}
    for part in NAME_PARTS:
        out[f"{part}_key"], out[f"{part}_skel"] = _keys(fields.get(f"{part}_name"))
    by = fields.get("birth_year")
    out["by_lo"], out["by_hi"] = (by["gregorian"][0], by["gregorian"][1]) if by else (None, None)
    out["sayyid"] = any(title_class(t) == "sayyid" for t in fields.get("titles", ()))
    return out


def feature_frame(attestations: Iterable[tuple[str, str, int, Mapping[str, Any]]]) -> pd.DataFrame:
    """A DataFrame of comparison columns from ``(id, list, row, fields)`` tuples."""
    frame = pd.DataFrame([feature_row(*a) for a in attestations], columns=list(COLUMNS))
    for col in ("by_lo", "by_hi"):
        frame[col] = frame[col].astype("Int64")
    return frame
