"""``sabt review``: the queue of uncertain pairs, and reviewers' decisions."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from sabt.cli import state


def _side(att: dict[str, Any]) -> list[str]:
    f = att["fields"]
    by = f.get("birth_year", {}).get("text", "") if f.get("birth_year") else ""
    return [
        f"{att['id']}  (cluster {att['cluster']})",
        "  raw:    " + " | ".join(f"{k}={v}" for k, v in att["raw"].items() if v),
        f"  name:   {att['given_name'] or ''} {att['family_name'] or ''}".rstrip(),
        f"  father: {att['father_name'] or '—'}   born: {by or '—'}   titles: {', '.join(f.get('titles', [])) or '—'}",
    ]


def print_detail(d: dict[str, Any]) -> None:
    for line in _side(d["a"]) + [""] + _side(d["b"]):
        typer.echo(line)
    typer.echo("")
    s = d["score"]
    if s is None:
        typer.echo(
            "not scored by the latest run (below the stored band); `sabt linkage explain` scores it"
        )
    else:
        typer.echo(
            f"{s['run']}: match probability {s['match_probability']:.3f}, weight {s['match_weight']:+.2f} (prior {s['prior_weight']:+.2f})"
        )
        for r in s["reasons"]:
            typer.echo(f"  {r['weight']:+7.2f}  {r['comparison']}: {r['level']}")
    for key, m in d["names"].items():
        typer.echo(
            f"{key.replace('_', ' ')} similarity {m['score']:.2f}: {'; '.join(m['reasons'])}"
        )
    if d["decision"]:
        dec = d["decision"]
        typer.echo(
            f"decision: {dec['decision']} by {dec['actor']} at {dec['at']}"
            + (f" — {dec['note']}" if dec["note"] else "")
        )
    typer.echo("same person (same cluster)" if d["same_cluster"] else "different clusters")


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Review uncertain matches: list, show, accept, reject.", no_args_is_help=True
    )

    @group.command("list")
    def list_(
        ctx: typer.Context,
        limit: Annotated[int, typer.Option(help="How many pairs to show.")] = 20,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Undecided pairs in the review band, most uncertain first."""
        from sabt.linkage import queries

        with state(ctx).case().engine.connect() as conn:
            queue = queries.review_queue(conn, limit=limit)
        if as_json:
            typer.echo(json.dumps(queue, ensure_ascii=False, indent=2))
            return
        if not queue:
            typer.echo("the review queue is empty")
        for p in queue:
            typer.echo(
                f"{p['match_probability']:.3f}  {p['a']}  {p['b']}  {p['a_name']}  ~  {p['b_name']}"
            )

    @group.command("show")
    def show(
        ctx: typer.Context,
        a: Annotated[str, typer.Argument(help="First attestation id (LIST:ROW).")],
        b: Annotated[str, typer.Argument(help="Second attestation id (LIST:ROW).")],
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Both attestations side by side, with the reasons for their score."""
        from sabt.linkage import queries

        with state(ctx).case().engine.connect() as conn:
            detail = queries.pair_detail(conn, a, b)
        if as_json:
            typer.echo(json.dumps(detail, ensure_ascii=False, indent=2))
        else:
            print_detail(detail)

    def _decide(ctx: typer.Context, a: str, b: str, decision: str, note: str) -> None:
        from sabt.linkage.review import decide

        d = decide(state(ctx).case(), a, b, decision, note=note)
        verb = "linked" if decision == "accept" else "unlinked"
        typer.echo(
            f"{verb} {d['a']['id']} and {d['b']['id']}: clusters {d['a']['cluster']} and {d['b']['cluster']}"
        )

    @group.command("accept")
    def accept(
        ctx: typer.Context,
        a: Annotated[str, typer.Argument(help="First attestation id.")],
        b: Annotated[str, typer.Argument(help="Second attestation id.")],
        note: Annotated[str, typer.Option(help="Why (kept in the log).")] = "",
    ) -> None:
        """Decide that two attestations are the same person (a link)."""
        _decide(ctx, a, b, "accept", note)

    @group.command("reject")
    def reject(
        ctx: typer.Context,
        a: Annotated[str, typer.Argument(help="First attestation id.")],
        b: Annotated[str, typer.Argument(help="Second attestation id.")],
        note: Annotated[str, typer.Option(help="Why (kept in the log).")] = "",
    ) -> None:
        """Decide that two attestations are different people (an un-link)."""
        _decide(ctx, a, b, "reject", note)

    app.add_typer(group, name="review")
