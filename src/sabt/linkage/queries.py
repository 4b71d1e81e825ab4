"""Read-side queries over the linkage projection, for the CLI and the web app.

Every function takes a SQLAlchemy connection and returns plain data (dicts,
lists), so a template or a JSON response can use it directly:

- :func:`review_queue`: undecided pairs of the latest run in the review band;
- :func:`pair_detail`: two attestations side by side, with the model's reasons
  (each comparison's level and its weight) and the name similarity's reasons;
- :func:`cluster_attestations`, :func:`cluster_of`, :func:`attestation`;
- :func:`export_rows` and :func:`memberships`: one row per attestation with
  its cluster, for estimation and for anyone checking the work.
"""

from __future__ import annotations

import json
import math
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sabt.errors import NotFound
from sabt.linkage.projection import (
    attestations,
    clusters,
    decisions,
    latest_run,
    lists,
    ordered,
    pairs,
)

STRATA = ("prison", "city", "affiliation")
UNKNOWN = "unknown"


def _att_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "list": row.list,
        "row": row.row,
        "given_name": row.given_name,
        "family_name": row.family_name,
        "father_name": row.father_name,
        "raw": json.loads(row.raw),
        "fields": json.loads(row.fields),
    }


def attestation(conn: Connection, att_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(attestations).where(attestations.c.id == att_id)).first()
    if row is None:
        raise NotFound(
            f"No attestation {att_id!r}; ids are LIST:ROW, e.g. list_a:2 (see `sabt clusters export`)."
        )
    out = _att_dict(row)
    out["cluster"] = cluster_of(conn, att_id)
    return out


def cluster_of(conn: Connection, att_id: str) -> str | None:
    return conn.execute(
        sa.select(clusters.c.cluster).where(clusters.c.attestation == att_id)
    ).scalar_one_or_none()


def cluster_attestations(conn: Connection, cluster_id: str) -> list[dict[str, Any]]:
    """Every attestation of one person (cluster), by list and row."""
    q = (
        sa.select(attestations)
        .join(clusters, clusters.c.attestation == attestations.c.id)
        .where(clusters.c.cluster == cluster_id)
        .order_by(attestations.c.list, attestations.c.row)
    )
    rows = [_att_dict(r) for r in conn.execute(q)]
    if not rows:
        raise NotFound(
            f"No cluster {cluster_id!r}; a cluster id is the smallest attestation id in it."
        )
    return rows


def cluster_count(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count(sa.distinct(clusters.c.cluster)))).scalar_one())


def _undecided_in_band(run: Any) -> list[Any]:
    """Conditions for the review queue: the latest run's pairs in its review
    band that no reviewer has decided (``decisions`` must be outer-joined)."""
    return [
        pairs.c.run == run.id,
        pairs.c.match_probability >= run.review_low,
        pairs.c.match_probability <= run.review_high,
        decisions.c.a.is_(None),
    ]


def review_count(conn: Connection) -> int:
    """How many pairs wait for review (what ``review_queue`` would list)."""
    run = latest_run(conn)
    if run is None:
        return 0
    q = (
        sa.select(sa.func.count())
        .select_from(pairs)
        .outerjoin(decisions, sa.and_(decisions.c.a == pairs.c.a, decisions.c.b == pairs.c.b))
        .where(*_undecided_in_band(run))
    )
    return int(conn.execute(q).scalar_one())


def review_queue(conn: Connection, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Undecided pairs of the latest run whose probability is in the review band,
    most uncertain first (closest to 0.5), then by id."""
    run = latest_run(conn)
    if run is None:
        return []
    a_att, b_att = attestations.alias("a_att"), attestations.alias("b_att")
    q = (
        sa.select(
            pairs.c.a,
            pairs.c.b,
            pairs.c.match_weight,
            pairs.c.match_probability,
            a_att.c.given_name.label("a_given"),
            a_att.c.family_name.label("a_family"),
            b_att.c.given_name.label("b_given"),
            b_att.c.family_name.label("b_family"),
        )
        .join(a_att, a_att.c.id == pairs.c.a)
        .join(b_att, b_att.c.id == pairs.c.b)
        .outerjoin(decisions, sa.and_(decisions.c.a == pairs.c.a, decisions.c.b == pairs.c.b))
        .where(*_undecided_in_band(run))
        .order_by(sa.func.abs(pairs.c.match_probability - 0.5), pairs.c.a, pairs.c.b)
        .offset(offset)
    )
    if limit is not None:
        q = q.limit(limit)
    return [
        {
            "a": r.a,
            "b": r.b,
            "match_weight": r.match_weight,
            "match_probability": r.match_probability,
            "a_name": " ".join(x for x in (r.a_given, r.a_family) if x),
            "b_name": " ".join(x for x in (r.b_given, r.b_family) if x),
        }
        for r in conn.execute(q)
    ]


def model_reasons(
    model: dict[str, Any], comparisons: dict[str, list[float]]
) -> list[dict[str, Any]]:
    """Each comparison's level and its match weight (log2 of m/u), strongest first."""
    from sabt.linkage.predict import level_labels

    labels = level_labels(model)
    out = []
    for name, (gamma, weight) in comparisons.items():
        out.append(
            {
                "comparison": name,
                "level": labels.get(name, {}).get(int(gamma), str(gamma)),
                "gamma": int(gamma),
                "weight": round(weight, 3),
            }
        )
    return sorted(out, key=lambda r: -abs(r["weight"]))


def _name(att: dict[str, Any]) -> str:
    return " ".join(x for x in (att["given_name"], att["family_name"]) if x)


def name_reasons(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """What ``sabt.names.similarity`` says of the two names and fathers' names."""
    from sabt.names import similarity

    out: dict[str, Any] = {}
    m = similarity(_name(a), _name(b))
    out["name"] = {"score": m.score, "reasons": list(m.reasons)}
    if a["father_name"] and b["father_name"]:
        f = similarity(a["father_name"], b["father_name"])
        out["father_name"] = {"score": f.score, "reasons": list(f.reasons)}
    return out


def pair_detail(conn: Connection, a: str, b: str) -> dict[str, Any]:
    """Both attestations side by side, the latest run's score and reasons, any decision."""
    a, b = ordered(a, b)
    left, right = attestation(conn, a), attestation(conn, b)
    run = latest_run(conn)
    scored = None
    if run is not None:
        row = conn.execute(
            sa.select(pairs).where(pairs.c.run == run.id, pairs.c.a == a, pairs.c.b == b)
        ).first()
        if row is not None:
            comps = json.loads(row.comparisons)
            scored = {
                "run": run.id,
                "match_weight": row.match_weight,
                "match_probability": row.match_probability,
                "prior_weight": prior_weight(json.loads(run.model)),
                "reasons": model_reasons(json.loads(run.model), comps),
            }
    decision = conn.execute(
        sa.select(decisions).where(decisions.c.a == a, decisions.c.b == b)
    ).first()
    return {
        "a": left,
        "b": right,
        "score": scored,
        "names": name_reasons(left, right),
        "decision": None
        if decision is None
        else {
            "decision": decision.decision,
            "note": decision.note,
            "actor": decision.actor,
            "at": decision.at,
        },
        "same_cluster": left["cluster"] is not None and left["cluster"] == right["cluster"],
    }


def prior_weight(model: dict[str, Any]) -> float:
    lam = float(model["probability_two_random_records_match"])
    return round(math.log2(lam / (1 - lam)), 3)


def export_rows(conn: Connection) -> list[dict[str, Any]]:
    """One row per attestation: list, row, attestation id, cluster id and strata fields."""
    q = (
        sa.select(
            attestations.c.id,
            attestations.c.list,
            attestations.c.row,
            attestations.c.fields,
            clusters.c.cluster,
        )
        .outerjoin(clusters, clusters.c.attestation == attestations.c.id)
        .order_by(attestations.c.list, attestations.c.row)
    )
    out = []
    for r in conn.execute(q):
        fields = json.loads(r.fields)
        out.append(
            {
                "list": r.list,
                "row": r.row,
                "attestation": r.id,
                "cluster": r.cluster or r.id,
                **{s: fields.get(s, "") for s in STRATA},
            }
        )
    return out


def stratum_labels(values: list[str]) -> dict[str, str]:
    """value -> label: values that are one place (Evin, اوین; Gohardasht,
    Rajai-Shahr, گوهردشت — the key linkage itself compares places by) get one
    label, the commonest Latin spelling if any."""
    from collections import Counter

    from sabt.linkage.features import place_key
    from sabt.names import script

    counts = Counter(v for v in values if v)
    groups: dict[str, list[str]] = {}
    for v in counts:
        groups.setdefault(place_key(v) or v, []).append(v)
    out = {}
    for members in groups.values():
        latin = [v for v in members if script(v) == "latin"]
        label = max(latin or members, key=lambda v: (counts[v], v))
        out.update(dict.fromkeys(members, label))
    return out


def memberships(conn: Connection, stratum: str | None = None) -> list[tuple[str, str, str | None]]:
    """``(cluster_id, list_name, stratum value)`` per attestation, as estimation takes them.

    A cluster's stratum is the first value (by list, row) any of its
    attestations gives — lists disagree on fields; most give a place, some
    none — with one label per place whatever its script; a cluster no
    attestation places is in the stratum ``"unknown"``.
    """
    rows = export_rows(conn)
    value: dict[str, str] = {}
    if stratum is not None:
        labels = stratum_labels([r[stratum] for r in rows])
        for r in rows:
            if r[stratum] and r["cluster"] not in value:
                value[r["cluster"]] = labels[r[stratum]]
    # A person no list places in the stratum is "unknown", not unstratified:
    # estimation must keep them in a stratum of their own.
    return [
        (r["cluster"], r["list"], value.get(r["cluster"], UNKNOWN) if stratum else None)
        for r in rows
    ]


def _person(att: dict[str, Any]) -> Any:
    from sabt.names import PartialDate, PersonName

    f = att["fields"]
    by = f.get("birth_year")
    birth = PartialDate(by["calendar"], by["year"], text=by["text"]) if by else None
    return PersonName(
        f.get("given_name", ""),
        f.get("family_name", ""),
        f.get("father_name", ""),
        birth,
        tuple(f.get("titles", ())),
    )


def find_attestations(
    conn: Connection, query: str, limit: int = 20, min_score: float = 0.6
) -> list[dict[str, Any]]:
    """Attestations naming someone like ``query`` ("علی کریمی فرزند حسن",
    "Karimi, Ali son of Hassan"), in either script, best first.

    Candidates share the consonant skeleton of the family (or given) name —
    an index lookup — and are ranked by ``sabt.names.compare``, whose reasons
    come with each hit, so a family liaison can see why a row was found.
    """
    from sabt.names import PersonName, compare, skeleton_key

    wanted = PersonName.parse(query)
    keys = {k for k in (skeleton_key(wanted.family), skeleton_key(wanted.given)) if k}
    if not keys:
        return []
    q = (
        sa.select(attestations, clusters.c.cluster)
        .outerjoin(clusters, clusters.c.attestation == attestations.c.id)
        .where(sa.or_(attestations.c.family_skel.in_(keys), attestations.c.given_skel.in_(keys)))
        .limit(20_000)
    )
    hits = []
    for row in conn.execute(q):
        att = _att_dict(row)
        m = compare(wanted, _person(att))
        if m.score >= min_score:
            att["cluster"] = row.cluster or row.id
            hits.append({**att, "score": m.score, "reasons": list(m.reasons)})
    hits.sort(key=lambda h: (-h["score"], h["list"], h["row"]))
    return hits[:limit]


def list_names(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(sa.select(lists.c.name).order_by(lists.c.name))]
