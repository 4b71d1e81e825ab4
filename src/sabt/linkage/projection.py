"""Linkage tables, projected from linkage events.

Events (bodies in docs/linkage.md):

- ``list.imported``: a published list (name, file, hash, mapping, row count);
- ``attestation.recorded``: one row of a list — raw text and parsed fields;
- ``linkage.started`` / ``linkage.pairs`` / ``linkage.completed``: a linkage
  run, its trained model, its scored pairs (in chunks) and its thresholds;
- ``link.accepted`` / ``link.rejected``: a reviewer says two attestations are
  (or are not) the same person. The latest decision on a pair wins.

Clusters are a projection of the latest completed run plus every decision:
``linkage.completed`` recomputes them all, a decision the graph components it
touches, with ``sabt.linkage.clusters.cluster`` — deterministic, so
``sabt rebuild`` yields the same table.
"""

from __future__ import annotations

from typing import Any

import rfc8785
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sabt.db.projection import metadata, projector
from sabt.events.event import Event
from sabt.linkage.clusters import Edge, cluster
from sabt.names import skeleton_key


def dumps(value: Any) -> str:
    """JSON text of an event's part, canonical (RFC 8785) as the event is: the
    live handler sees ``0.0`` where a replay sees ``0``, and both must store
    the same text for ``sabt rebuild`` to prove the projection."""
    return rfc8785.dumps(value).decode("utf-8")


lists = sa.Table(
    "linkage_lists",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("file", sa.String(500), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("skipped", sa.Integer, nullable=False),
    sa.Column("mapping", sa.Text, nullable=False),
    sa.Column("fictional", sa.Boolean, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
)

attestations = sa.Table(
    "linkage_attestations",
    metadata,
    sa.Column("id", sa.String(120), primary_key=True),
    sa.Column(
        "list", sa.String(100), sa.ForeignKey("linkage_lists.name"), nullable=False, index=True
    ),
    sa.Column("row", sa.Integer, nullable=False),
    sa.Column("given_name", sa.Text, nullable=True),
    sa.Column("family_name", sa.Text, nullable=True),
    sa.Column("father_name", sa.Text, nullable=True),
    # Skeleton keys (sabt.names) for finding a name across scripts (linkage_0002).
    sa.Column("given_skel", sa.String(100), nullable=True, index=True),
    sa.Column("family_skel", sa.String(100), nullable=True, index=True),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("fields", sa.Text, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
)

runs = sa.Table(
    "linkage_runs",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("backend", sa.String(20), nullable=False),
    sa.Column("settings", sa.Text, nullable=False),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("threshold", sa.Float, nullable=False),
    sa.Column("review_low", sa.Float, nullable=False),
    sa.Column("review_high", sa.Float, nullable=False),
    sa.Column("one_per_list", sa.Boolean, nullable=False),
    sa.Column("attestations", sa.Integer, nullable=False),
    sa.Column("pairs", sa.Integer, nullable=False),
    sa.Column("completed", sa.Boolean, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
)

pairs = sa.Table(
    "linkage_pairs",
    metadata,
    sa.Column("run", sa.String(40), sa.ForeignKey("linkage_runs.id"), primary_key=True),
    sa.Column("a", sa.String(120), primary_key=True),
    sa.Column("b", sa.String(120), primary_key=True),
    sa.Column("match_weight", sa.Float, nullable=False),
    sa.Column("match_probability", sa.Float, nullable=False),
    sa.Column("comparisons", sa.Text, nullable=False),  # {comparison: [gamma, match weight]}
    sa.Index("ix_linkage_pairs_prob", "run", "match_probability"),
    sa.Index("ix_linkage_pairs_b", "run", "b"),
)

decisions = sa.Table(
    "linkage_decisions",
    metadata,
    sa.Column("a", sa.String(120), primary_key=True),
    sa.Column("b", sa.String(120), primary_key=True),
    sa.Column("decision", sa.String(10), nullable=False),  # match | non-match
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
)

clusters = sa.Table(
    "linkage_clusters",
    metadata,
    sa.Column("attestation", sa.String(120), primary_key=True),
    sa.Column("cluster", sa.String(120), nullable=False, index=True),
    sa.Column("run", sa.String(40), nullable=False),
)


def _skel(name: str | None) -> str | None:
    return (skeleton_key(name) or None) if name else None


def ordered(a: str, b: str) -> tuple[str, str]:
    """A pair is stored with the smaller id first, as splink orders them."""
    return (a, b) if a <= b else (b, a)


@projector.on("list.imported", required=("list", "file", "sha256", "rows", "mapping"))
def _list_imported(conn: Connection, seq: int, event: Event) -> None:
    """A published list was imported (its rows follow as attestation.recorded)."""
    b = event.body
    conn.execute(
        lists.insert().values(
            name=b["list"],
            file=b["file"],
            sha256=b["sha256"],
            rows=b["rows"],
            skipped=len(b.get("skipped", {})),
            mapping=dumps(b["mapping"]),
            fictional=bool(b.get("fictional", False)),
            seq=seq,
            at=event.at,
            actor=event.actor,
        )
    )


@projector.on("attestation.recorded", required=("list", "row", "raw", "fields"))
def _attestation(conn: Connection, seq: int, event: Event) -> None:
    """One row of a list: raw text as printed and the fields parsed from it."""
    b = event.body
    f = b["fields"]
    conn.execute(
        attestations.insert().values(
            id=f"{b['list']}:{b['row']}",
            list=b["list"],
            row=b["row"],
            given_name=f.get("given_name") or None,
            family_name=f.get("family_name") or None,
            father_name=f.get("father_name") or None,
            given_skel=_skel(f.get("given_name")),
            family_skel=_skel(f.get("family_name")),
            raw=dumps(b["raw"]),
            fields=dumps(f),
            seq=seq,
        )
    )


@projector.on(
    "linkage.started", required=("run", "backend", "settings", "model", "threshold", "review")
)
def _started(conn: Connection, seq: int, event: Event) -> None:
    """A linkage run began: the trained model and the thresholds it will use."""
    b = event.body
    conn.execute(
        runs.insert().values(
            id=b["run"],
            backend=b["backend"],
            settings=dumps(b["settings"]),
            model=dumps(b["model"]),
            threshold=b["threshold"],
            review_low=b["review"][0],
            review_high=b["review"][1],
            one_per_list=bool(b.get("one_per_list", True)),
            attestations=b.get("attestations", 0),
            pairs=0,
            completed=False,
            seq=seq,
            at=event.at,
        )
    )


@projector.on("linkage.pairs", required=("run", "pairs"))
def _pairs(conn: Connection, seq: int, event: Event) -> None:
    """A chunk of scored pairs: [a, b, match weight, probability, {comparison: [gamma, match weight]}]."""
    rows = [
        {
            "run": event.body["run"],
            "a": a,
            "b": b,
            "match_weight": w,
            "match_probability": p,
            "comparisons": dumps(c),
        }
        for a, b, w, p, c in event.body["pairs"]
    ]
    if rows:
        conn.execute(pairs.insert(), rows)


@projector.on("linkage.completed", required=("run", "pairs"))
def _completed(conn: Connection, seq: int, event: Event) -> None:
    """A linkage run finished: its pairs now define the clusters."""
    run = event.body["run"]
    conn.execute(
        runs.update().where(runs.c.id == run).values(completed=True, pairs=event.body["pairs"])
    )
    recluster(conn)


def _decide(conn: Connection, seq: int, event: Event, decision: str) -> None:
    a, b = ordered(event.body["a"], event.body["b"])
    conn.execute(decisions.delete().where(decisions.c.a == a, decisions.c.b == b))
    conn.execute(
        decisions.insert().values(
            a=a,
            b=b,
            decision=decision,
            note=event.body.get("note", ""),
            actor=event.actor,
            seq=seq,
            at=event.at,
        )
    )
    recluster_around(conn, {a, b})


@projector.on("link.accepted", required=("a", "b"))
def _accepted(conn: Connection, seq: int, event: Event) -> None:
    """A reviewer says two attestations are the same person."""
    _decide(conn, seq, event, "match")


@projector.on("link.rejected", required=("a", "b"))
def _rejected(conn: Connection, seq: int, event: Event) -> None:
    """A reviewer says two attestations are different people (an un-link)."""
    _decide(conn, seq, event, "non-match")


def latest_run(conn: Connection) -> sa.Row[Any] | None:
    return conn.execute(
        sa.select(runs).where(runs.c.completed.is_(True)).order_by(runs.c.seq.desc()).limit(1)
    ).first()


def _edges(conn: Connection, run: Any, around: set[str] | None = None) -> list[Edge]:
    q = sa.select(pairs.c.a, pairs.c.b, pairs.c.match_weight).where(
        pairs.c.run == run.id, pairs.c.match_weight >= run.threshold
    )
    if around is not None:
        q = q.where(sa.or_(pairs.c.a.in_(around), pairs.c.b.in_(around)))
    return [Edge(a, b, w) for a, b, w in conn.execute(q)]


def _decided(
    conn: Connection, around: set[str] | None = None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    q = sa.select(decisions.c.a, decisions.c.b, decisions.c.decision)
    if around is not None:
        q = q.where(sa.or_(decisions.c.a.in_(around), decisions.c.b.in_(around)))
    accepted: list[tuple[str, str]] = []
    rejected: list[tuple[str, str]] = []
    for a, b, d in conn.execute(q):
        (accepted if d == "match" else rejected).append((a, b))
    return accepted, rejected


def recluster_around(conn: Connection, seeds: set[str]) -> None:
    """Recompute only the clusters of the graph components holding ``seeds``.

    Clustering never joins two components of the graph of links (edges at or
    above the threshold, and accepted pairs), and its constraints only act
    inside one, so recomputing the touched components gives exactly what a
    full :func:`recluster` would — in time proportional to them, not to the
    case (a reviewer's click on a 100,000-row case stays fast).
    """
    run = latest_run(conn)
    if run is None:
        return
    nodes: set[str] = set()
    frontier = set(seeds)
    # Every edge and decision touching a node is seen once while the component
    # is walked (in chunks, within the databases' limits on bound parameters);
    # keep them rather than query the whole component again.
    seen_edges: dict[tuple[str, str], Edge] = {}
    seen_decisions: dict[tuple[str, str], bool] = {}
    while frontier:
        nodes |= frontier
        batch = sorted(frontier)
        found: set[str] = set()
        for start in range(0, len(batch), 500):
            chunk = set(batch[start : start + 500])
            for e in _edges(conn, run, chunk):
                seen_edges[(e.a, e.b)] = e
                found |= {e.a, e.b}
            accepted, rejected = _decided(conn, chunk)
            for a, b in accepted:
                seen_decisions[(a, b)] = True
                found |= {a, b}
            for a, b in rejected:
                seen_decisions[(a, b)] = False
        frontier = found - nodes
    edges = [e for (a, b), e in seen_edges.items() if a in nodes and b in nodes]
    inside = {p: match for p, match in seen_decisions.items() if p[0] in nodes and p[1] in nodes}
    accepted = [p for p, match in inside.items() if match]
    rejected = [p for p, match in inside.items() if not match]
    assignment = cluster(
        nodes, edges, run.threshold, accepted, rejected, one_per_list=run.one_per_list
    )
    ids = sorted(assignment)
    for start in range(0, len(ids), 500):
        conn.execute(clusters.delete().where(clusters.c.attestation.in_(ids[start : start + 500])))
    conn.execute(
        clusters.insert(),
        [{"attestation": a, "cluster": assignment[a], "run": run.id} for a in ids],
    )


def recluster(conn: Connection) -> None:
    """Recompute every cluster from the latest completed run and all decisions."""
    run = latest_run(conn)
    if run is None:
        return
    nodes = [r[0] for r in conn.execute(sa.select(attestations.c.id))]
    edges = _edges(conn, run)
    accepted, rejected = _decided(conn)
    assignment = cluster(
        nodes, edges, run.threshold, accepted, rejected, one_per_list=run.one_per_list
    )
    conn.execute(clusters.delete())
    rows = [{"attestation": a, "cluster": c, "run": run.id} for a, c in sorted(assignment.items())]
    for start in range(0, len(rows), 5000):
        conn.execute(clusters.insert(), rows[start : start + 5000])
