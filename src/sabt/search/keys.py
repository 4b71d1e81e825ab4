"""Text → search keys, for documents and queries alike.

Each word gives two kinds of token (PERSIAN.md §2–3, via ``sabt.names``):

- ``w`` + its ``search_key`` (normalised, casefolded, script kept): exact words
  in either language, whatever the spelling of Arabic-script letters or digits;
- ``r`` + each of its ``roman_keys`` (a Persian name's romanisations, or a Latin
  spelling, folded by the variant rules): so حسین, Hossein and Hosein meet on
  one token, and a Persian query finds a Latin record and the other way round.

Documents store the tokens joined by spaces; a query must match every word by
any of its tokens. Both FTS5's ``unicode61`` tokenizer and PostgreSQL's
``simple`` configuration split on the spaces and keep each token whole.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_UNSAFE = re.compile(r"[^\w]+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def _token(prefix: str, s: str) -> str:
    safe = _UNSAFE.sub("", s).replace("_", "")
    return prefix + safe if safe else ""


def word_keys(word: str) -> list[str]:
    """The tokens one word contributes: its search key, then its romanised keys."""
    # Imported here: search must import (for the projection registry) on its own.
    from sabt.names import search_key
    from sabt.names.romanize import roman_keys

    out = [_token("w", search_key(word).replace(" ", ""))]
    if not word.isdigit():
        out.extend(_token("r", k) for k in sorted(roman_keys(word)))
    return [t for t in dict.fromkeys(out) if t]


def document_keys(text: str) -> str:
    seen: dict[str, None] = {}
    for w in words(text):
        for k in word_keys(w):
            seen.setdefault(k, None)
    return " ".join(seen)


def query_keys(text: str) -> list[list[str]]:
    """One list of alternatives per query word: a document must match every word,
    by any of that word's tokens."""
    return [alternatives for w in words(text) if (alternatives := word_keys(w))]
