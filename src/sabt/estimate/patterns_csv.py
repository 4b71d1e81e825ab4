"""Read capture patterns from a CSV file.

The layout is the one of Rcapture's and LCMCR's tables: one 0/1 column per list
and a count column (``Freq``, ``count``, ``n`` ...) giving how many people have
that pattern; or, without a count column, one row per person. An optional
``stratum`` column splits the table into strata. Every problem is collected and
reported together (``row N: COLUMN``, rows numbered as a spreadsheet shows them,
the header being row 1), and nothing is returned unless the whole file is valid.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sabt.errors import InvalidInput
from sabt.estimate.captures import ALL, CaptureTable

COUNT_COLUMNS = ("freq", "count", "counts", "n", "frequency", "weight")
STRATUM_COLUMNS = ("stratum", "strata")
MAX_ERRORS = 50


def read_patterns(path: str | Path) -> dict[str, CaptureTable]:
    """The capture tables of a CSV file, one per stratum (``"all"`` if unstratified)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise InvalidInput(f"{path}: no such file", {str(path): "not found"}) from e
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput(f"{path}: cannot be read as UTF-8 text: {e}", {str(path): str(e)}) from e
    return parse_patterns(text, source=str(path))


def parse_patterns(text: str, source: str = "<patterns>") -> dict[str, CaptureTable]:
    """Parse CSV text of capture patterns (see the module docstring)."""
    try:
        sniffed = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        delimiter = sniffed.delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise InvalidInput(f"{source}: the file is empty; expected a header and capture patterns")
    header = [h.strip() for h in rows[0]]
    lowered = [h.lower() for h in header]
    count_col = next((lowered.index(c) for c in COUNT_COLUMNS if c in lowered), None)
    stratum_col = next((lowered.index(c) for c in STRATUM_COLUMNS if c in lowered), None)
    list_cols = [i for i in range(len(header)) if i not in (count_col, stratum_col)]
    problems: dict[str, str] = {}
    if any(not header[i] for i in list_cols):
        problems["row 1"] = "every column needs a name in the header"
    if len(set(lowered)) != len(lowered):
        problems["row 1"] = f"column names must be distinct, found {header}"
    if len(list_cols) < 2:
        problems["row 1"] = (
            f"expected at least 2 list columns (0/1) besides the count column, found {header}"
        )
    if problems:
        raise InvalidInput(f"{source}: the header is not a capture-pattern header", problems)
    lists = [header[i] for i in list_cols]

    by_stratum: dict[str, tuple[list[list[int]], list[int]]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(problems) >= MAX_ERRORS:
            problems["..."] = "too many errors; fix these first"
            break
        if len(row) != len(header):
            problems[f"row {number}"] = f"expected {len(header)} fields, found {len(row)}"
            continue
        pattern: list[int] = []
        for i in list_cols:
            value = row[i].strip()
            if value in ("0", "1"):
                pattern.append(int(value))
            else:
                problems[f"row {number}: {header[i]}"] = f"expected 0 or 1, found {value!r}"
        count = 1
        if count_col is not None:
            value = row[count_col].strip()
            try:
                count = int(value)
                if count < 0:
                    raise ValueError
            except ValueError:
                problems[f"row {number}: {header[count_col]}"] = (
                    f"expected a whole number >= 0, found {value!r}"
                )
                continue
        if len(pattern) != len(list_cols):
            continue
        if not any(pattern):
            if count > 0:
                problems[f"row {number}"] = (
                    "the all-zero pattern (people on no list) cannot have been observed; "
                    "remove the row or give it count 0"
                )
            continue
        stratum = row[stratum_col].strip() if stratum_col is not None else ALL
        if stratum_col is not None and not stratum:
            problems[f"row {number}: {header[stratum_col]}"] = "the stratum is empty"
            continue
        pats, counts = by_stratum.setdefault(stratum, ([], []))
        pats.append(pattern)
        counts.append(count)
    if problems:
        raise InvalidInput(
            f"{source}: {len(problems)} problem(s) in the capture patterns", problems
        )
    if not by_stratum:
        raise InvalidInput(f"{source}: no capture pattern rows after the header")
    return {
        stratum: CaptureTable.from_patterns(lists, pats, counts, stratum)
        for stratum, (pats, counts) in sorted(by_stratum.items())
    }
