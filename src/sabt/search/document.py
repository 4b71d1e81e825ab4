"""What the search index holds: documents, and the hits a query returns.

A document is a thing a person looks for (an evidence item's text, a person, a
place, an incident, a claim), named by ``kind`` and ``ref`` so a hit links to
its page. ``keys`` is the document's text turned into search keys by
``sabt.search.keys``; queries go through the same function, so a name written in
Persian script finds its Latin transliteration and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    kind: str
    ref: str
    title: str
    body: str = ""
    sensitive: bool = False  # never shown to the redacted public view
    # False when part of it could not be read yet (evidence text sealed while
    # the vault is locked): the index reads it again once it is unlocked.
    complete: bool = True


@dataclass(frozen=True)
class Hit:
    kind: str
    ref: str
    title: str
    snippet: str
    score: float
