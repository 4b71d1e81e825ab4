"""Text → search keys, for documents and queries alike.

Each word of the text is reduced by ``sabt.names.search_key`` (normalised,
script-independent: Persian and Latin spellings of a name meet on one key), and
the word's plain normalised form is kept too, so that ordinary words match
exactly. Keys are ASCII-safe tokens joined by spaces, which both FTS5's
``unicode61`` tokenizer and PostgreSQL's ``simple`` configuration split on.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN_SAFE = re.compile(r"[^0-9a-z\u0600-\u06ff]+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _token(s: str) -> str:
    return _TOKEN_SAFE.sub("", unicodedata.normalize("NFKC", s).casefold())


def word_keys(word: str) -> list[str]:
    """The tokens one word contributes: its key (prefixed ``k``) and its plain form."""
    from sabt.names import search_key  # imported here: search must import without names' data

    out = []
    key = _token(search_key(word).replace(" ", ""))
    if key:
        out.append("k" + key)
    plain = _token(word)
    if plain and plain.isascii():
        out.append("w" + plain)
    return out


def document_keys(text: str) -> str:
    seen: dict[str, None] = {}
    for w in words(text):
        for k in word_keys(w):
            seen.setdefault(k, None)
    return " ".join(seen)


def query_keys(text: str) -> list[list[str]]:
    """One list of alternatives per query word: a document must match every word,
    by its key or by its plain form."""
    out = []
    for w in words(text):
        alternatives = word_keys(w)
        if alternatives:
            out.append(alternatives)
    return out
