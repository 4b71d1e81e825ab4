"""Warnings about data that cannot well support an estimate.

Multiple systems estimation learns about the undocumented from the overlaps
between lists. When overlaps are few, an estimate rests mostly on its model's
assumptions; when the estimate is many times the documented count, it is a long
extrapolation. These warnings travel with every estimate; they never silently
change it.
"""

from __future__ import annotations

from sabt.estimate.captures import CaptureTable

MIN_OVERLAPPING = 20
"""Fewer people on two lists or more than this: the overlap information is thin."""
MIN_PAIR = 5
"""A pair of lists sharing fewer people than this: their dependence is barely estimable."""
MAX_RATIO = 5.0
"""N̂ more than this many times the documented count: a long extrapolation."""


def data_warnings(table: CaptureTable) -> list[str]:
    """What in the capture table itself makes an estimate fragile."""
    out = list(table.notes)
    where = "" if table.stratum == "all" else f"stratum {table.stratum!r}: "
    overlapping = table.overlapping()
    if overlapping < MIN_OVERLAPPING:
        out.append(
            f"{where}too few overlaps: only {overlapping} of {table.observed} people appear on "
            f"two lists or more (fewer than {MIN_OVERLAPPING}); the estimate rests mostly on the "
            "model's assumptions"
        )
    pairs = table.pairwise_overlaps()
    thin = [
        f"{table.lists[a]}·{table.lists[b]} ({int(pairs[a, b])})"
        for a in range(table.n_lists)
        for b in range(a + 1, table.n_lists)
        if pairs[a, b] < MIN_PAIR
    ]
    if thin:
        out.append(
            f"{where}lists with (almost) no one in common: {', '.join(thin)}; "
            "dependence between them cannot be estimated"
        )
    if table.n_lists == 2:
        out.append(
            f"{where}only 2 lists: the estimate must assume the lists are independent, "
            "which cannot be checked"
        )
    return out


def ratio_warning(table: CaptureTable, point: float, upper: float) -> list[str]:
    """Warn when the estimate extrapolates far beyond what was documented."""
    where = "" if table.stratum == "all" else f"stratum {table.stratum!r}: "
    out = []
    if point > MAX_RATIO * table.observed:
        out.append(
            f"{where}the estimate is {point / table.observed:.1f} times the {table.observed} "
            "people documented: a long extrapolation, sensitive to the model"
        )
    if upper == float("inf"):
        out.append(f"{where}the interval has no upper limit: the data cannot bound the total")
    return out
