"""The mapping file of ``sabt lists import``: which column holds which field.

A TOML file::

    [columns]                 # sabt field = column heading in the file
    given_name = "First name"
    family_name = "Last name"
    father_name = "Father's name"
    birth_year = "Year of birth"

    [options]
    birth_calendar = "auto"   # jalali | gregorian | auto (13xx/14xx Jalali, 19xx Gregorian)
    name_order = "given_first"  # or family_first: how full_name is printed
    fictional = false

A file needs ``full_name`` or at least one of ``given_name``/``family_name``.
Columns of the file not named in the mapping are still kept, raw, with each
attestation.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sabt.errors import InvalidInput

FIELDS = (
    "full_name",
    "given_name",
    "family_name",
    "father_name",
    "birth_year",
    "death_date",
    "prison",
    "city",
    "affiliation",
    "sex",
    "notes",
)
OPTIONS = {
    "birth_calendar": ("auto", "jalali", "gregorian"),
    "name_order": ("given_first", "family_first"),
}


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]
    birth_calendar: str = "auto"
    name_order: str = "given_first"
    fictional: bool = False
    extra_options: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "columns": dict(self.columns),
            "birth_calendar": self.birth_calendar,
            "name_order": self.name_order,
            "fictional": self.fictional,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object], where: str) -> Mapping:
        errors: dict[str, str] = {}
        cols = data.get("columns")
        if not isinstance(cols, dict) or not cols:
            raise InvalidInput(
                f"{where}: expected a [columns] table mapping sabt fields to column headings."
            )
        columns: dict[str, str] = {}
        for key, value in cols.items():
            if key not in FIELDS:
                errors[f"{where}: columns.{key}"] = (
                    f"unknown field; known fields: {', '.join(FIELDS)}"
                )
            elif not isinstance(value, str) or not value.strip():
                errors[f"{where}: columns.{key}"] = "expected a column heading (a non-empty string)"
            else:
                columns[key] = value
        if not {"full_name", "given_name", "family_name"} & set(cols):
            errors[f"{where}: columns"] = "map at least one of full_name, given_name, family_name"
        opts = data.get("options", {})
        if not isinstance(opts, dict):
            raise InvalidInput(f"{where}: [options] must be a table.")
        chosen: dict[str, str] = {}
        for key, allowed in OPTIONS.items():
            value = opts.get(key, allowed[0])
            if value not in allowed:
                errors[f"{where}: options.{key}"] = (
                    f"expected one of {', '.join(allowed)}, found {value!r}"
                )
            chosen[key] = str(value)
        fictional = opts.get("fictional", False)
        if not isinstance(fictional, bool):
            errors[f"{where}: options.fictional"] = "expected true or false"
        unknown = set(opts) - set(OPTIONS) - {"fictional"}
        for key in sorted(unknown):
            errors[f"{where}: options.{key}"] = (
                f"unknown option; known: {', '.join([*OPTIONS, 'fictional'])}"
            )
        if errors:
            raise InvalidInput("The mapping file is invalid.", errors)
        return cls(columns, chosen["birth_calendar"], chosen["name_order"], bool(fictional))

    @classmethod
    def load(cls, path: Path) -> Mapping:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise InvalidInput(f"{path}: mapping file not found.") from e
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise InvalidInput(f"{path}: not a valid TOML mapping file ({e}).") from e
        return cls.from_dict(data, str(path))

    def check_headers(self, headers: list[str], where: str) -> None:
        """Every mapped column must exist in the file (fail before any row)."""
        missing = {
            f"{where}: columns.{f}": f"column {c!r} is not in the file; its columns are: {', '.join(headers)}"
            for f, c in self.columns.items()
            if c not in headers
        }
        if missing:
            raise InvalidInput("The mapping names columns the file does not have.", missing)
