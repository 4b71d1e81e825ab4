"""Reading tabular files for import: CSV, XLSX and JSON Lines.

Each reader yields ``(row_number, {column: text})`` where the row number is
what the person fixing the file sees: the spreadsheet row (the header is row
1) for CSV and XLSX, the line number for JSON Lines. A file that cannot be
read at all is one ``InvalidInput`` naming the file and the place.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from sabt.errors import InvalidInput

Row = tuple[int, dict[str, str]]


def read(path: Path) -> tuple[list[str], list[Row]]:
    """The header and the non-blank rows of a CSV, XLSX or JSON Lines file."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file.")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        header, rows = _csv(path, "\t" if suffix == ".tsv" else ",")
    elif suffix == ".xlsx":
        header, rows = _xlsx(path)
    elif suffix in (".jsonl", ".ndjson"):
        header, rows = _jsonl(path)
    else:
        raise InvalidInput(
            f"{path}: expected a .csv, .tsv, .xlsx or .jsonl file; found {suffix or 'no extension'!r}."
        )
    return header, [(n, r) for n, r in rows if any(v.strip() for v in r.values())]


def _csv(path: Path, delimiter: str) -> tuple[list[str], list[Row]]:
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InvalidInput(
            f"{path}: not UTF-8 text (byte {e.start}); save the file as UTF-8 and try again."
        ) from None
    reader = csv.reader(text.splitlines(), delimiter=delimiter, strict=True)
    try:
        lines = list(reader)
    except csv.Error as e:
        raise InvalidInput(f"{path}: row {reader.line_num}: malformed CSV ({e}).") from None
    if not lines:
        raise InvalidInput(f"{path}: the file is empty; expected a header row.")
    header = [h.strip() for h in lines[0]]
    _check_header(path, header)
    rows: list[Row] = []
    for n, cells in enumerate(lines[1:], 2):
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise InvalidInput(
                f"{path}: row {n}: {len(cells)} cells but the header has {len(header)} columns."
            )
        rows.append((n, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}))
    return header, rows


def _check_header(path: Path, header: list[str]) -> None:
    if any(not h for h in header):
        raise InvalidInput(f"{path}: row 1: column {header.index('') + 1} has no name.")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise InvalidInput(f"{path}: row 1: duplicate column(s) {', '.join(dupes)}.")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx(path: Path) -> tuple[list[str], list[Row]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise InvalidInput(
            f"{path}: not a readable XLSX workbook ({type(e).__name__}: {e})."
        ) from None
    try:
        ws = wb.worksheets[0]
        it: Iterator[tuple[object, ...]] = ws.iter_rows(values_only=True)
        first = next(it, None)
        if first is None:
            raise InvalidInput(f"{path}: the first sheet is empty; expected a header row.")
        while first and first[-1] is None:  # trailing empty header cells
            first = first[:-1]
        header = [_cell(h).strip() for h in first]
        _check_header(path, header)
        rows: list[Row] = []
        for n, cells in enumerate(it, 2):
            rows.append(
                (n, {h: _cell(cells[i]) if i < len(cells) else "" for i, h in enumerate(header)})
            )
    finally:
        wb.close()
    return header, rows


def _jsonl(path: Path) -> tuple[list[str], list[Row]]:
    header: list[str] = []
    rows: list[Row] = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {e.start}).") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InvalidInput(
                f"{path}: line {n}: not valid JSON ({e.msg} at column {e.colno})."
            ) from None
        if not isinstance(obj, dict):
            raise InvalidInput(
                f"{path}: line {n}: expected a JSON object, found {type(obj).__name__}."
            )
        row = {}
        for k, v in obj.items():
            if isinstance(v, dict | list):
                raise InvalidInput(
                    f"{path}: line {n}: field {k!r} holds a {type(v).__name__}; expected text or a number."
                )
            row[k] = "" if v is None else str(v)
            if k not in header:
                header.append(k)
        rows.append((n, row))
    if not rows:
        raise InvalidInput(f"{path}: the file holds no rows.")
    return header, rows
