"""Cleaning one property value: what a source printed, checked against the
property's type, with a comparison key.

``clean`` keeps the value as printed (NFC, trimmed) so that a reader sees what
the source said, and derives ``key``: equal keys are "the same value" when
claims are grouped, so two sources for one value show as one value with both.
Dates compare as ranges: "1988" and "1988-08" are compatible (one refines the
other); "1987" and "1988" are not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sabt.names import name_key as names_name_key
from sabt.names import search_key
from sabt.records import dates
from sabt.records.vocab import Property

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
MAX_TEXT = 4000


@dataclass(frozen=True)
class Value:
    text: str  # as printed (NFC, trimmed)
    key: str  # comparison key
    script: str | None = None  # ISO 15924 for names: Arab, Latn, ...


def script_of(text: str) -> str | None:
    """The ISO 15924 code of the first letter's script (Arab, Latn, Cyrl, ...)."""
    names = {
        "ARABIC": "Arab",
        "LATIN": "Latn",
        "CYRILLIC": "Cyrl",
        "HEBREW": "Hebr",
        "ARMENIAN": "Armn",
    }
    for ch in text:
        if ch.isalpha():
            first = unicodedata.name(ch, "").split(" ", 1)[0]
            return names.get(first, "Zyyy")
    return None


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def name_key(text: str) -> str:
    """Key for a claimed name: sabt.names' name key, so spelling variants of one
    printed name (Arabic and Persian yeh; حسین‌زاده, حسین زاده and حسینزاده;
    Mohammad-Ali and Mohammad Ali) count as one value with all their sources."""
    return names_name_key(text) or search_key(text)


def is_record_id(text: str) -> bool:
    return bool(_ID.match(text))


def clean(prop: Property, raw: object) -> Value:
    """The cleaned value, or ``ValueError`` saying what was expected and found."""
    if raw is None:
        raise ValueError("a value is required")
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if not text:
        raise ValueError("a value is required, found an empty string")
    if len(text) > MAX_TEXT:
        raise ValueError(f"at most {MAX_TEXT} characters, found {len(text)}")
    base = prop.base
    if base in ("text", "figure"):
        return Value(text, _fold(text))
    if base == "name":
        return Value(text, name_key(text), script_of(text))
    if base == "date":
        rng = dates.parse(text)
        return Value(text, rng.key)
    if base == "enum":
        folded = text.casefold().replace(" ", "_").replace("-", "_")
        choices = prop.choices
        for choice in choices:
            if folded == choice.casefold():
                return Value(choice, choice)
        raise ValueError(f"expected one of {', '.join(choices)}; found {text!r}")
    if base == "ref":
        if not is_record_id(text):
            raise ValueError(f"expected a record id such as per-1a2b3c; found {text!r}")
        return Value(text, text)
    if base == "coords":
        return _coords(text)
    if base == "sha256":
        low = text.lower()
        if not _SHA256.match(low):
            raise ValueError(f"expected a SHA-256 hash (64 hex digits); found {text!r}")
        return Value(low, low)
    raise ValueError(f"unknown property type {prop.type!r}")  # a vocab.json mistake


def _coords(text: str) -> Value:
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise ValueError(
            f"expected 'latitude, longitude' in decimal degrees; found {text!r}"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"latitude must lie in -90..90 and longitude in -180..180; found {text!r}")
    canonical = f"{lat:.6f},{lon:.6f}"
    return Value(canonical, canonical)


def compatible(prop: Property, a: str, b: str) -> bool:
    """Whether two keys can both be true of one single-valued property."""
    if a == b:
        return True
    if prop.base == "date":
        return dates.overlap(a, b)
    return False
