"""Plain-text rendering of records, claims and timelines for the CLI.

Every value is printed with the claims behind it: source, grade
(reliability + credibility), locator, status and claim id. A conflict is
printed as ``CONFLICT`` with each value and its independent origins.
"""

from __future__ import annotations

from collections.abc import Iterator

from sabt.records.queries import ClaimView, Part, RecordView, Span, ValueView


def _claim(c: ClaimView, denied: bool = False) -> str:
    loc = f" {c.locator}" if c.locator else ""
    verb = "DENIED by" if denied else "source"
    note = f" — {c.note}" if c.note else ""
    return f"{verb} {c.source} “{c.source_title}” grade {c.grade}{loc} · {c.status} · {c.id} by {c.analyst}{note}"


def _value(v: ValueView, indent: str) -> Iterator[str]:
    n = v.origins
    backing = (
        f"{n} independent origin{'s' if n != 1 else ''}"
        if v.claims and v.value != "(retracted)"
        else ""
    )
    yield f"{indent}{v.label}" + (f"  [{backing}]" if backing else "")
    for c in v.claims:
        yield f"{indent}    {_claim(c)}"
    for c in v.denials:
        yield f"{indent}    {_claim(c, denied=True)}"


def record(view: RecordView) -> Iterator[str]:
    flags = " · protected" if view.protected else ""
    flags += " · forgotten (key destroyed)" if view.forgotten else ""
    yield f"{view.id}  {view.kind}  {view.label}{flags}"
    for name, value in sorted(view.fields.items()):
        yield f"  {name}: {', '.join(value) if isinstance(value, list) else value}"
    if not view.properties and view.kind != "source":
        yield "  (no claims yet: `sabt claim add`)"
    for p in view.properties:
        head = f"  {p.name}"
        if p.conflict:
            n = sum(1 for v in p.values if v.value != "(retracted)" and v.claims)
            disputed = any(v.claims and v.denials for v in p.values)
            parts = ([f"{n} values side by side"] if n > 1 else []) + (
                ["disputed by a source"] if disputed else []
            )
            head += "  CONFLICT: " + " · ".join(parts)
        yield head
        for v in p.values:
            yield from _value(v, "    ")


def timeline(spans: list[Span]) -> Iterator[str]:
    if not spans:
        return
    yield "  timeline (roles and offices, by earliest claimed start)"
    for s in spans:
        start = " | ".join(v.value for v in s.start) or "?"
        end = " | ".join(v.value for v in s.end) or "?"
        what = "member of" if s.kind == "membership" else "held office"
        role = f" as {s.role}" if s.role else ""
        conflict = " CONFLICT" if any(p.conflict for p in s.view.properties) else ""
        yield f"    {start} – {end}  {what} {s.what}{role}  ({s.record}){conflict}"
        for p in s.view.properties:
            for v in p.values:
                for c in v.claims:
                    yield f"        {p.name}={v.value}: {_claim(c)}"
                for c in v.denials:
                    yield f"        {p.name}={v.value}: {_claim(c, denied=True)}"


def parts(items: list[Part]) -> Iterator[str]:
    if not items:
        return
    yield "  involved in"
    for p in items:
        degree = f" ({p.degree})" if p.degree else ""
        conflict = " CONFLICT" if p.conflict else ""
        yield f"    {p.role or 'involved'}{degree} in {p.act_label} ({p.act}) · {p.involvement}{conflict}"
