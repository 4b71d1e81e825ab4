"""Reading the tab-separated tables shipped in ``sabt/names/data/``.

The tables are data, not code, so a curator can extend them without touching
Python. Lines starting with ``#`` and blank lines are comments.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from sabt.errors import InvalidInput


@cache
def read_table(name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    """The rows of ``data/<name>``, each with exactly ``columns`` fields."""
    text = resources.files("sabt.names").joinpath("data", name).read_text(encoding="utf-8")
    rows: list[tuple[str, ...]] = []
    problems: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(f.strip() for f in line.split("\t"))
        if len(fields) != columns:
            problems[f"{name} line {number}"] = (
                f"expected {columns} tab-separated fields, found {len(fields)}"
            )
            continue
        rows.append(fields)
    if problems:
        raise InvalidInput(f"the names data table {name} is malformed", problems)
    return tuple(rows)
