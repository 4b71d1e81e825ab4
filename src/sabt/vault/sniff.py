"""A file's media type, judged from its content, never from its name.

Binary formats are recognised by their signatures (the ``filetype`` library's
table of magic numbers). What has no signature is text if it is valid UTF-8 or charset-normalizer
can decode its first bytes coherently (HTML and XML are told apart by their
opening, as in the WHATWG MIME Sniffing standard, §7.1), else
``application/octet-stream``.
"""

from __future__ import annotations

import codecs

import filetype
from charset_normalizer import from_bytes

HEAD = 64 * 1024
OCTET = "application/octet-stream"

_MARKUP = (
    (b"<!doctype html", "text/html"),
    (b"<html", "text/html"),
    (b"<?xml", "application/xml"),
)


def sniff(head: bytes) -> str:
    """The media type of a file that begins with ``head`` (its first 64 KiB)."""
    kind = filetype.guess(head[:8192]) if head else None
    if kind is not None:
        return str(kind.mime)
    if not head or b"\x00" in head[:8192] and not _utf16(head):
        return OCTET
    text = utf8(head)
    if text is None:
        best = from_bytes(head).best()
        if best is None:
            return OCTET
        text = str(best)
    opening = text.lstrip("\ufeff \t\r\n")[:16].lower().encode("ascii", "ignore")
    for prefix, mime in _MARKUP:
        if opening.startswith(prefix):
            return mime
    return "text/plain"


def utf8(head: bytes) -> str | None:
    """``head`` decoded as UTF-8, if it is UTF-8 (a character cut at the end of
    the head allowed); else None. Most text is, and this is a hundred times
    faster than asking charset-normalizer."""
    try:
        # Not final: an incomplete character at the end is left out, not an error.
        return codecs.utf_8_decode(head, "strict", False)[0]
    except UnicodeDecodeError:
        return None


def _utf16(head: bytes) -> bool:
    return head[:2] in (b"\xff\xfe", b"\xfe\xff")


def family(mime: str) -> str:
    """The broad kind that decides which metadata to extract."""
    if mime.startswith("image/"):
        return "image"
    if mime == "application/pdf":
        return "pdf"
    if mime.startswith("text/") or mime in ("application/xml", "application/json"):
        return "text"
    if mime.startswith(("audio/", "video/")):
        return "media"
    return "other"
