"""``sabt lists import``: a published list becomes attestations, all or nothing.

The whole file is read and every row parsed before anything is written; any
problem (a mapped column missing, a ragged row, a row with no name, a birth
year or date that does not parse) is reported with its row and field, and
nothing is written — unless ``skip_bad``, when the bad rows are left out and
listed in the ``list.imported`` event. The list event and one
``attestation.recorded`` event per row are appended in one ``append_many``:
one transaction, one checkpoint.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sabt.errors import InvalidInput
from sabt.linkage.mapping import Mapping
from sabt.linkage.parse import parse_row
from sabt.linkage.projection import lists
from sabt.linkage.reader import read_list

if TYPE_CHECKING:
    from sabt.case import Case

_LIST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@dataclass
class ImportResult:
    list: str
    imported: int
    skipped: dict[str, str] = field(default_factory=dict)
    first_seq: int | None = None


def check_list_name(name: str) -> None:
    if not _LIST_NAME.match(name):
        raise InvalidInput(
            f"List name {name!r} is not allowed: use 1–100 letters, digits, '_', '-' or '.', starting with a letter or digit."
        )


def prepare(
    path: Path, list_name: str, mapping: Mapping, skip_bad: bool = False
) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, str]]:
    """The events an import would append, and the rows it would skip.

    Raises InvalidInput naming every bad row and field unless ``skip_bad``.
    """
    check_list_name(list_name)
    raw = read_list(path)
    mapping.check_headers(raw.headers, str(path))
    problems = dict(raw.problems)
    parsed: list[tuple[int, dict[str, str], dict[str, Any]]] = []
    for n, row in raw.rows:
        fields, row_problems = parse_row(row, mapping)
        if row_problems:
            problems.update({f"row {n}: {where}": what for where, what in row_problems.items()})
        else:
            parsed.append((n, row, fields))
    if problems and not skip_bad:
        bad_rows = len({k.split(":")[0] for k in problems})
        raise InvalidInput(
            f"{path}: {bad_rows} of {len(raw.rows) + len(raw.problems)} rows are invalid; nothing was imported. "
            "Fix them, or pass --skip-bad to import the other rows.",
            problems,
        )
    if not parsed:
        raise InvalidInput(f"{path}: no rows to import.")
    body = {
        "list": list_name,
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "rows": len(parsed),
        "mapping": mapping.as_dict(),
        "fictional": mapping.fictional,
        "skipped": problems,
    }
    events: list[tuple[str, dict[str, Any]]] = [("list.imported", body)]
    events += [
        ("attestation.recorded", {"list": list_name, "row": n, "raw": row, "fields": fields})
        for n, row, fields in parsed
    ]
    return events, problems


def import_list(
    case: Case,
    path: Path,
    list_name: str,
    mapping: Mapping,
    *,
    skip_bad: bool = False,
    actor: str | None = None,
) -> ImportResult:
    """Validate ``path`` completely, then append its events in one transaction."""
    check_list_name(list_name)
    with case.engine.connect() as conn:
        if conn.execute(sa.select(lists.c.name).where(lists.c.name == list_name)).first():
            raise InvalidInput(
                f"A list named {list_name!r} is already imported; choose another --list name."
            )
    events, skipped = prepare(path, list_name, mapping, skip_bad)
    stored = case.append_many(events, actor=actor)
    return ImportResult(list_name, len(events) - 1, skipped, stored[0].seq)
