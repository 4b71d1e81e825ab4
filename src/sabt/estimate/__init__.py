"""Multiple systems estimation: log-linear models and LCMCR. Pure: numpy, scipy, statsmodels, numba.

Start with :func:`estimate_from_patterns` (a CSV of capture patterns),
:func:`estimate_from_memberships` (linkage clusters) or
:func:`estimate_from_linkages` (several alternative clusterings). See
docs/estimate.md for the methods, their assumptions and how to read the output.
"""

from sabt.estimate.api import (
    estimate_from_linkages,
    estimate_from_memberships,
    estimate_from_patterns,
)
from sabt.estimate.captures import CaptureTable
from sabt.estimate.lcmcr import LcmcrSettings, lcmcr_estimate
from sabt.estimate.memberships import tables_from_memberships
from sabt.estimate.patterns_csv import parse_patterns, read_patterns
from sabt.estimate.result import Estimate
from sabt.estimate.selection import loglinear_estimate
from sabt.estimate.strata import Options, StratifiedEstimate, estimate_strata

__all__ = [
    "CaptureTable",
    "Estimate",
    "LcmcrSettings",
    "Options",
    "StratifiedEstimate",
    "estimate_from_linkages",
    "estimate_from_memberships",
    "estimate_from_patterns",
    "estimate_strata",
    "lcmcr_estimate",
    "loglinear_estimate",
    "parse_patterns",
    "read_patterns",
    "tables_from_memberships",
]
