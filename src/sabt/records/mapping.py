"""The import mapping: how the columns of a file become records and claims.

A mapping is a TOML file (docs/records.md, "Import mapping")::

    kind = "person"              # each row creates one record of this kind
    source = "src-1a2b3c4d5e"    # the source every claim cites...
    source_column = "source"     # ...or a column naming it per row
    credibility = 3              # or credibility_column
    locator = "row"              # "row": the row number; or locator_column
    id_column = "id"             # optional: the record id (else generated)
    protected = false            # true: every value sealed (a witness list)
    ignore = ["notes"]           # columns deliberately not imported

    [columns]                    # column -> property
    "Name (fa)" = "name"
    "Aliases" = { property = "name", split = ";" }

    [values]                     # a value for every row (a membership's organisation)
    organization = "org-0a1b2c3d4e"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sabt.errors import InvalidInput
from sabt.records.vocab import CREDIBILITY, vocabulary


@dataclass(frozen=True)
class Column:
    name: str
    property: str
    split: str | None = None


@dataclass(frozen=True)
class Mapping:
    kind: str
    columns: tuple[Column, ...]
    source: str | None = None
    source_column: str | None = None
    credibility: int = 6
    credibility_column: str | None = None
    locator: str = "row"
    locator_column: str | None = None
    id_column: str | None = None
    protected: bool = False
    ignore: frozenset[str] = frozenset()
    values: dict[str, str] = field(default_factory=dict)

    @property
    def used_columns(self) -> set[str]:
        named = {self.source_column, self.credibility_column, self.locator_column, self.id_column}
        return {c.name for c in self.columns} | {n for n in named if n}

    @classmethod
    def load(cls, path: Path) -> Mapping:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise InvalidInput(f"{path}: mapping file not found.") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise InvalidInput(f"{path}: the mapping is not valid TOML ({e}).") from None
        return cls.from_dict(data, str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "mapping") -> Mapping:
        errors: dict[str, str] = {}
        known = {"kind", "columns", "source", "source_column", "credibility", "credibility_column",
                 "locator", "locator_column", "id_column", "protected", "ignore", "values"}  # fmt: skip
        for key in sorted(set(data) - known):
            errors[key] = f"unknown setting; expected one of {', '.join(sorted(known))}"
        kind_name = data.get("kind")
        k = vocabulary().kinds.get(kind_name) if isinstance(kind_name, str) else None
        if k is None:
            errors["kind"] = f"expected one of {', '.join(vocabulary().kinds)}; found {kind_name!r}"
        elif k.catalogue:
            errors["kind"] = (
                f"{kind_name} records are catalogued one by one (`sabt record add`), not imported"
            )
        columns: list[Column] = []
        raw_cols = data.get("columns", {})
        if not isinstance(raw_cols, dict) or not raw_cols:
            errors["columns"] = (
                "a [columns] table mapping at least one column to a property is required"
            )
            raw_cols = {}
        for col, spec in raw_cols.items():
            if isinstance(spec, str):
                spec = {"property": spec}
            if not isinstance(spec, dict) or not isinstance(spec.get("property"), str):
                errors[f"columns.{col}"] = (
                    "expected a property name or {property = ..., split = ...}"
                )
                continue
            if k is not None and spec["property"] not in k.properties:
                errors[f"columns.{col}"] = f"a {k.name} has no property {spec['property']!r}"
                continue
            columns.append(Column(col, spec["property"], spec.get("split") or None))
        vals = data.get("values", {})
        if not isinstance(vals, dict):
            errors["values"] = "expected a table of property = value"
            vals = {}
        for prop in vals:
            if k is not None and prop not in k.properties:
                errors[f"values.{prop}"] = f"a {k.name} has no property {prop!r}"
        if not data.get("source") and not data.get("source_column"):
            errors["source"] = (
                "every claim needs a source: set source = ID or source_column = COLUMN"
            )
        cred = data.get("credibility", 6)
        if cred not in CREDIBILITY:
            errors["credibility"] = f"expected 1 to 6; found {cred!r}"
        locator = data.get("locator", "row")
        if locator not in ("row", ""):
            errors["locator"] = (
                f'expected "row" or "" (use locator_column for per-row locators); found {locator!r}'
            )
        ignore = data.get("ignore", [])
        if not isinstance(ignore, list) or not all(isinstance(i, str) for i in ignore):
            errors["ignore"] = "expected a list of column names"
            ignore = []
        if errors:
            raise InvalidInput(f"{where}: the mapping is not valid:", errors)
        return cls(
            kind=str(kind_name), columns=tuple(columns), source=data.get("source"),
            source_column=data.get("source_column"), credibility=int(cred),
            credibility_column=data.get("credibility_column"), locator=locator,
            locator_column=data.get("locator_column"), id_column=data.get("id_column"),
            protected=bool(data.get("protected", False)), ignore=frozenset(ignore),
            values={str(p): str(v) for p, v in vals.items()},
        )  # fmt: skip
