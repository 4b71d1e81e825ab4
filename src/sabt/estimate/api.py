"""The entry points other packages call: from a pattern file, or from linkage clusters.

The linkage package calls :func:`estimate_from_memberships` with one membership
``(cluster_id, list_name, stratum)`` per linked record, and
:func:`estimate_from_linkages` with several alternative clusterings when the
linkage is uncertain. Both return a :class:`StratifiedEstimate` (strata and
total, each with its interval, method, model, settings, diagnostics and
warnings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from sabt.estimate.memberships import Membership, tables_from_memberships
from sabt.estimate.patterns_csv import read_patterns
from sabt.estimate.pooling import estimate_over_linkages
from sabt.estimate.strata import Options, StratifiedEstimate, estimate_strata


def estimate_from_patterns(path: str | Path, options: Options | None = None) -> StratifiedEstimate:
    """Estimate from a CSV of capture patterns (see :mod:`sabt.estimate.patterns_csv`)."""
    return estimate_strata(read_patterns(path), options or Options())


def estimate_from_memberships(
    memberships: Iterable[Membership],
    options: Options | None = None,
    lists: Sequence[str] | None = None,
) -> StratifiedEstimate:
    """Estimate from one clustering's per-record memberships.

    ``lists`` names every list of the case (so a list that documented nobody in
    a stratum is known and reported as dropped there); by default the lists seen.
    """
    return estimate_strata(tables_from_memberships(memberships, lists), options or Options())


def estimate_from_linkages(
    alternatives: Iterable[Iterable[Membership]] | Callable[[int], Iterable[Membership]],
    options: Options | None = None,
    lists: Sequence[str] | None = None,
    count: int | None = None,
) -> StratifiedEstimate:
    """Estimate over alternative clusterings and pool (linkage uncertainty).

    ``alternatives`` is an iterable of clusterings (each an iterable of
    memberships) or a sampler called with 0, 1, ... returning one; ``count``
    limits how many are used (required for a sampler).
    """
    options = options or Options()
    if callable(alternatives):
        sampler = alternatives
        return estimate_over_linkages(
            lambda i: tables_from_memberships(sampler(i), lists), options, count
        )
    tables = (tables_from_memberships(alt, lists) for alt in alternatives)
    return estimate_over_linkages(tables, options, count)
