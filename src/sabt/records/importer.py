"""Importing records and claims from a CSV, XLSX or JSON Lines file.

The whole file is validated before anything is written: every bad row is
reported with its row number and field. If any row is bad nothing is
written, unless the caller asks to skip bad rows. The good rows are then
appended in one transaction (one record and its claims per row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sabt.errors import InvalidInput
from sabt.records import draft, store, tables
from sabt.records.draft import CheckedClaim, ClaimInput, Known, Lookup
from sabt.records.mapping import Mapping

if TYPE_CHECKING:
    from sabt.case import Case


@dataclass
class PlannedRow:
    number: int
    record: dict[str, Any]
    claims: list[CheckedClaim]  # checked once, while planning; sealed at ``run``


@dataclass
class Plan:
    path: Path
    rows: list[PlannedRow] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    bad_rows: set[int] = field(default_factory=set)

    @property
    def claims(self) -> int:
        return sum(len(r.claims) for r in self.rows)


def plan(path: Path, mapping: Mapping, find: Lookup) -> Plan:
    """Validate every row; return the rows that are good and every problem."""
    header, rows = tables.read(path)
    unit = "line" if path.suffix.lower() in (".jsonl", ".ndjson") else "row"
    missing = sorted(mapping.used_columns - set(header))
    unknown = [h for h in header if h not in mapping.used_columns and h not in mapping.ignore]
    file_errors = {}
    if missing and unit == "row":  # a JSON object may leave out what it lacks
        file_errors["columns"] = (
            f"the mapping names column(s) not in the file: {', '.join(missing)}"
        )
    if unknown and unit == "row":
        file_errors["unknown columns"] = (
            f"{', '.join(unknown)}: not in the mapping; map them under [columns] or list them in ignore = [...]"
        )
    if file_errors:
        raise InvalidInput(f"{path}: the file does not match the mapping:", file_errors)
    out = Plan(path)
    created: dict[str, Known] = {}
    seen_ids: dict[str, int] = {}

    def lookup(rid: str) -> Known | None:
        return created.get(rid) or find(rid)

    for n, row in rows:
        where = f"{unit} {n}"
        errs: dict[str, str] = {}
        if unit == "line":
            extra = sorted(set(row) - mapping.used_columns - mapping.ignore)
            if extra:
                errs["fields"] = f"{', '.join(extra)}: not in the mapping"
        rid = row.get(mapping.id_column, "").strip() if mapping.id_column else ""
        if rid and rid in seen_ids:
            errs[mapping.id_column or "id"] = f"id {rid} was already used on {unit} {seen_ids[rid]}"
        try:
            body = draft.record_body(
                mapping.kind, protected=mapping.protected, id=rid or None, lookup=lookup
            )
        except InvalidInput as e:
            for k, v in e.errors.items():
                errs.setdefault(mapping.id_column or k, v)
            body = {"id": rid or "?"}
        this = Known(mapping.kind, mapping.protected)

        def here(r: str, rid: str = body["id"], this: Known = this) -> Known | None:
            return this if r == rid else lookup(r)

        claims = _claims(mapping, n, row, body["id"], here, errs)
        if errs:
            out.bad_rows.add(n)
            out.errors.update({f"{where}: {k}": v for k, v in errs.items()})
            continue
        created[body["id"]] = Known(mapping.kind, mapping.protected)
        if rid:
            seen_ids[rid] = n
        out.rows.append(PlannedRow(n, body, claims))
    return out


def run(case: Case, path: Path, mapping: Mapping, *, actor: str, skip_bad: bool = False) -> Plan:
    """Import the file; raise (writing nothing) if any row is bad and not ``skip_bad``."""
    with case.engine.connect() as conn:
        p = plan(path, mapping, store.lookup(conn))
    if p.errors and not skip_bad:
        n = len(p.bad_rows)
        raise InvalidInput(
            f"{path}: {n} bad row{'s' if n != 1 else ''}; nothing was imported "
            "(fix them, or pass --skip-bad to import the good rows):",
            p.errors,
        )
    if not p.rows:
        return p
    seal = store.sealer(case)
    events: list[tuple[str, dict[str, Any]]] = []
    for r in p.rows:
        events.append(("record.created", r.record))
        events.extend(("claim.added", draft.seal_claim(c, seal)) for c in r.claims)
    store.append(case, events, actor)
    return p


def _claims(
    mapping: Mapping, n: int, row: dict[str, str], rid: str, find: Lookup, errs: dict[str, str]
) -> list[CheckedClaim]:
    """The claims one row makes; problems go into ``errs`` under the file's column names."""
    m = mapping
    source = row.get(m.source_column, "").strip() if m.source_column else m.source or ""
    cred: int | str = (
        row.get(m.credibility_column, "").strip() if m.credibility_column else m.credibility
    )
    if m.locator_column:
        loc = row.get(m.locator_column, "")
    else:
        loc = f"row {n}" if m.locator == "row" else ""
    pairs: list[tuple[str, str, str]] = []  # (column, property, value)
    for col in m.columns:
        cell = row.get(col.name, "").strip()
        if cell:
            parts = [p.strip() for p in cell.split(col.split)] if col.split else [cell]
            pairs.extend((col.name, col.property, p) for p in parts if p)
    if not pairs:
        errs["row"] = "no mapped column holds a value"
    pairs.extend((f"values.{p}", p, v) for p, v in m.values.items())
    where = {
        "source": m.source_column or "source",
        "credibility": m.credibility_column or "credibility",
        "locator": m.locator_column or "locator",
    }
    claims = []
    for col_name, prop, value in pairs:
        c = ClaimInput(rid, prop, value, source, loc, cred or 6, review="needs-work")
        try:
            checked = draft.check_claim(c, find)
        except InvalidInput as e:
            for k, v in e.errors.items():
                # name the file's column, not the claim's internals
                key = col_name if k in ("value", "property") else where.get(k, k)
                errs.setdefault(key, v.removeprefix(f"{prop}: "))
            continue
        claims.append(checked)
    return claims
