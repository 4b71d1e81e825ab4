"""Read a published list (CSV or XLSX) into its header and raw rows.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first
data row is row 2. Text is kept exactly as printed (PERSIAN.md §1); only the
file's encoding is decoded — UTF-8 (with or without BOM) first, else the
encoding charset-normalizer detects (cp1256 lists are common).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sabt.errors import InvalidInput


@dataclass(frozen=True)
class RawList:
    path: Path
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, column -> text)
    problems: dict[str, str]  # rows that could not be read at all


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InvalidInput(f"{path}: cannot decode the file: not UTF-8 and no other encoding fits.")
    return str(best)


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = _decode(path.read_bytes(), path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput(f"{path}: the file is empty; expected a header row.") from None
    except csv.Error as e:
        raise InvalidInput(f"{path}: row 1 is not valid CSV ({e}).") from e
    rows = []
    try:
        for n, cells in enumerate(reader, start=2):
            rows.append((n, cells))
    except csv.Error as e:
        raise InvalidInput(f"{path}: line {reader.line_num} is not valid CSV ({e}).") from e
    return header, rows


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise InvalidInput(
            f"{path}: not a readable XLSX workbook ({type(e).__name__}: {e})."
        ) from e
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    try:
        header = ["" if v is None else str(v) for v in next(it)]
    except StopIteration:
        raise InvalidInput(f"{path}: the first sheet is empty; expected a header row.") from None
    rows = []
    for n, values in enumerate(it, start=2):
        cells = [
            ""
            if v is None
            else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
            for v in values
        ]
        rows.append((n, cells))
    wb.close()
    return header, rows


def read_list(path: Path) -> RawList:
    """Header and rows of ``path``; blank rows are skipped, ragged rows reported."""
    if not path.is_file():
        raise InvalidInput(f"{path}: file not found.")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        header, cells = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        header, cells = _read_xlsx(path)
    else:
        raise InvalidInput(f"{path}: unsupported file type {suffix!r}; expected .csv or .xlsx.")
    header = [h.strip() for h in header]
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise InvalidInput(
            f"{path}: row 1 repeats the column heading(s) {', '.join(map(repr, dupes))}."
        )
    rows: list[tuple[int, dict[str, str]]] = []
    problems: dict[str, str] = {}
    for n, values in cells:
        if not any(v.strip() for v in values):
            continue
        extra = values[len(header) :]
        if any(v.strip() for v in extra):
            problems[f"row {n}"] = (
                f"has {len(values)} cells but the header has {len(header)} columns"
            )
            continue
        padded = values[: len(header)] + [""] * (len(header) - len(values))
        rows.append((n, {h: v for h, v in zip(header, padded, strict=True) if h}))
    return RawList(path, header, rows, problems)
