"""The event: one change, as a JSON object ``{v, type, at, actor, case, body}``.

An event's bytes are its RFC 8785 (JSON Canonicalization Scheme) encoding, and
its leaf in the log is SHA-256(0x00 ‖ those bytes) (RFC 6962 §2.1). Encoding is
deterministic, so anyone holding the event can recompute its leaf hash.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import rfc8785

from sabt.errors import InvalidInput
from sabt.ledger import leaf_hash

VERSION = 1
_TYPE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
# RFC 3339, UTC, "Z" suffix, optional fraction: the only form sabt writes or accepts.
_AT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")


def now() -> str:
    """The current time in the form events carry (RFC 3339, UTC, microseconds)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_SAFE_INT = 2**53 - 1


def _simple(value: Any) -> bool:
    """True if RFC 8785 and ``json.dumps(sort_keys=True)`` agree on ``value``:
    no floats (RFC 8785 prints them the ECMAScript way), no integers outside the
    safe range, and no key outside the Basic Multilingual Plane (RFC 8785 sorts
    keys by UTF-16 code units, Python by code points). A lone surrogate in a
    string value is left to the final UTF-8 encoding, which refuses it (scanning
    every string for one cost more than encoding the whole event)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, (str, bool)) or v is None:
            continue
        elif isinstance(v, int):
            if not -_SAFE_INT <= v <= _SAFE_INT:
                return False
        elif isinstance(v, dict):
            for k, item in v.items():
                if not isinstance(k, str) or _ASTRAL_OR_SURROGATE.search(k):
                    return False
                stack.append(item)
        elif isinstance(v, list):
            stack.extend(v)
        else:
            return False
    return True


_ASTRAL_OR_SURROGATE = re.compile("[\ud800-\udfff\U00010000-\U0010ffff]")
_dumps = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
).encode


def canonical(value: Any, *, what: str = "value") -> bytes:
    """The RFC 8785 encoding of ``value``.

    The ``rfc8785`` package is the reference; for the common case (strings,
    safe integers, booleans, nulls) the standard library's encoder gives the
    same bytes much faster, and a property test holds the two equal."""
    if _simple(value):
        try:
            return _dumps(value).encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate: rfc8785 refuses it with its own message
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as e:
        raise InvalidInput(f"{what} cannot be encoded as canonical JSON (RFC 8785): {e}") from e


@dataclass(frozen=True)
class Event:
    type: str
    body: dict[str, Any]
    actor: str
    case: str
    at: str = field(default_factory=now)
    v: int = VERSION

    def __post_init__(self) -> None:
        problems: dict[str, str] = {}
        if self.v != VERSION:
            problems["v"] = f"expected {VERSION}, found {self.v!r}"
        if not isinstance(self.type, str) or not _TYPE.match(self.type):
            problems["type"] = (
                f"expected a dotted lower-case name like 'note.added', found {self.type!r}"
            )
        if not isinstance(self.at, str) or not _AT.match(self.at):
            problems["at"] = f"expected an RFC 3339 UTC time ending in Z, found {self.at!r}"
        if not isinstance(self.actor, str) or not self.actor.strip():
            problems["actor"] = "expected a non-empty actor name"
        if not isinstance(self.case, str) or not self.case.strip():
            problems["case"] = "expected a non-empty case id"
        if not isinstance(self.body, dict):
            problems["body"] = f"expected a JSON object, found {type(self.body).__name__}"
        if problems:
            raise InvalidInput("Invalid event.", problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": self.v,
            "type": self.type,
            "at": self.at,
            "actor": self.actor,
            "case": self.case,
            "body": self.body,
        }

    def canonical(self) -> bytes:
        """RFC 8785 bytes. Integers beyond ±(2^53 − 1) are refused."""
        return canonical(self.to_dict(), what=f"Event {self.type!r}")

    def leaf_hash(self) -> bytes:
        return leaf_hash(self.canonical())

    @classmethod
    def from_dict(cls, data: Any) -> Event:
        if not isinstance(data, dict):
            raise InvalidInput(f"An event is a JSON object, found {type(data).__name__}.")
        expected = {"v", "type", "at", "actor", "case", "body"}
        if set(data) != expected:
            missing = sorted(expected - set(data))
            extra = sorted(set(data) - expected)
            raise InvalidInput(
                "Event has the wrong fields.",
                {"missing": ", ".join(missing), "unexpected": ", ".join(extra)},
            )
        return cls(
            type=data["type"],
            body=data["body"],
            actor=data["actor"],
            case=data["case"],
            at=data["at"],
            v=data["v"],
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Event:
        """Parse stored bytes, and insist they are the canonical encoding."""
        try:
            parsed = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise InvalidInput(f"Event bytes are not JSON: {e}") from e
        event = cls.from_dict(parsed)
        if event.canonical() != data:
            raise InvalidInput("Event bytes are JSON but not in RFC 8785 canonical form.")
        return event


@dataclass(frozen=True)
class Stored:
    """An event as the log holds it: its position (the leaf index) and hash."""

    seq: int
    leaf_hash: bytes
    event: Event
