"""The interface's two languages: a message catalogue per language.

Every string the interface shows comes from ``messages/<lang>.json`` through
``t(key)``; user text is never translated, only given ``dir="auto"``. The
catalogues must hold the same keys (``tests/web/test_i18n.py`` checks them and
every key the templates use). Placeholders use ``str.format`` names.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from fastapi import Request

LANGUAGES = ("en", "fa")
DIRECTION = {"en": "ltr", "fa": "rtl"}
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@cache
def catalogue(lang: str) -> dict[str, str]:
    text = resources.files("sabt.web").joinpath("messages", f"{lang}.json").read_text("utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"messages/{lang}.json: expected an object")
    return {str(k): str(v) for k, v in data.items()}


def language(request: Request) -> str:
    """The session's choice, else the browser's first supported language, else English."""
    chosen = request.session.get("lang")
    if chosen in LANGUAGES:
        return str(chosen)
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.dir = DIRECTION[lang]
        self._messages = catalogue(lang)

    def __call__(self, key: str, **params: object) -> str:
        try:
            message = self._messages[key]
        except KeyError:
            # Fail loudly in tests (the catalogue check), visibly in production.
            return f"[{key}]"
        return message.format(**params) if params else message

    def has(self, key: str) -> bool:
        return key in self._messages

    def maybe(self, key: str, fallback: str) -> str:
        """The message for ``key`` if the catalogue has one (vocabulary values), else ``fallback``."""
        return self._messages.get(key, fallback)

    def number(self, value: object) -> str:
        text = f"{value:,}" if isinstance(value, int) else str(value)
        return text.translate(_PERSIAN_DIGITS).replace(",", "٬") if self.lang == "fa" else text
