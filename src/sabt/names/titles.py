"""Titles mixed into name fields, split off into their own field (PERSIAN.md §5).

Seyyed, Haj, Mashhadi, Karbala'i, Sheikh and memorial words ("martyr",
زنده‌یاد, "comrade") are not part of a name: they are split off before keys are
made, and kept as a (weak) matching feature. Mir, Mirza, Mulla and "Shahid" are
also parts of given names (میرحسین, Mirza as a name), so they are split only
when at least two name words follow them. The table is ``data/titles.tsv``.
"""

from __future__ import annotations

from functools import cache, lru_cache

from sabt.names.data import read_table
from sabt.names.text import name_key, normalize


@cache
def _titles() -> dict[str, tuple[str, bool]]:
    return {name_key(s): (cls, amb == "yes") for s, cls, amb in read_table("titles.tsv", 3)}


def title_class(title: str) -> str | None:
    """The class of a title ("sayyid", "hajj", "martyr", ...), or None if not one."""
    found = _titles().get(name_key(title))
    return found[0] if found else None


@lru_cache(maxsize=1 << 16)
def split_titles(name: str) -> tuple[tuple[str, ...], str]:
    """``(titles, rest)``: the leading titles of ``name`` and the name without them.

    Both are in display form (:func:`sabt.names.normalize`); the titles keep the
    spelling as printed. A trailing خانم / "Khanum" is a title too. The raw
    text is not altered: the caller keeps it.

    >>> split_titles("شهید حاج سید علی رضایی")
    (('شهید', 'حاج', 'سید'), 'علی رضایی')
    """
    words = normalize(name).split(" ")
    table = _titles()
    titles: list[str] = []
    i = 0
    while i < len(words):
        # Two-word titles ("زنده یاد") first.
        if i + 1 < len(words) and name_key(words[i] + words[i + 1]) in table:
            titles.append(words[i] + " " + words[i + 1])
            i += 2
            continue
        found = table.get(name_key(words[i]))
        if found is None:
            break
        _cls, ambiguous = found
        if ambiguous and len(words) - i - 1 < 2:
            break
        titles.append(words[i])
        i += 1
    rest = words[i:]
    if len(rest) > 1 and name_key(rest[-1]) in {"خانم", "khanum", "khanom", "khanoum"}:
        titles.append(rest[-1])
        rest = rest[:-1]
    return tuple(titles), " ".join(rest)
