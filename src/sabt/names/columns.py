"""Per-string keys as columns, for linkage and search to precompute.

Linkage engines (splink on DuckDB or Spark) compare columns with SQL, so every
key a comparison needs is computed once per string here, in Python, and stored
beside the raw text. Each function maps one string to one string and is safe to
apply element-wise (``map``, ``pandas.Series.map``, a DuckDB Python UDF).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sabt.names.romanize import roman_key
from sabt.names.skeleton import skeleton_key
from sabt.names.text import name_key, normalize, script, search_key
from sabt.names.titles import split_titles


def _untitled(name: str) -> str:
    return split_titles(name)[1]


COLUMNS: dict[str, Callable[[str], str]] = {
    "display": normalize,
    "search_key": search_key,
    "name_key": lambda s: name_key(_untitled(s)),
    "skeleton_key": lambda s: skeleton_key(_untitled(s)),
    "roman_key": lambda s: roman_key(_untitled(s)),
    "script": script,
}
"""Column name → key function. name, skeleton and roman keys set titles aside."""


def name_columns(name: str, prefix: str = "") -> dict[str, str]:
    """Every key of one name: ``{"name_key": ..., "skeleton_key": ..., ...}``.

    ``prefix`` names the field: ``name_columns(father, "father_")`` gives
    ``father_name_key`` and so on.
    """
    return {f"{prefix}{column}": fn(name) for column, fn in COLUMNS.items()}


def key_column(values: Iterable[str | None], column: str) -> list[str | None]:
    """One key over a column of names; None and empty stay None."""
    fn = COLUMNS[column]
    return [fn(v) if v else None for v in values]
