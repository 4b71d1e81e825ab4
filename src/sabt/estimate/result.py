"""The result of an estimate: a point, an interval, and everything needed to judge it.

sabt never reports a bare number: an :class:`Estimate` always carries the
interval, the method and model, the settings, the diagnostics and the warnings
(what in the data or the run makes the figure doubtful). ``to_dict`` gives the
JSON form the CLI prints and a report stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass
class Estimate:
    """An estimate of the total number of people (documented + undocumented)."""

    method: str
    """``"loglinear"`` or ``"lcmcr"`` (or ``"...+pooled"`` across linkages)."""
    stratum: str
    point: float
    """N̂: the chosen model's estimate (log-linear) or the posterior median (LCMCR)."""
    lower: float
    upper: float
    level: float
    observed: int
    """People documented by at least one list."""
    lists: tuple[str, ...]
    model: str
    """The model: log-linear terms, or the latent-class specification."""
    interval: str
    """How the interval was obtained (profile likelihood, posterior quantiles ...)."""
    se: float | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    diagnostics: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    draws: NDArray[np.float64] | None = field(default=None, repr=False)
    """Posterior draws of N (LCMCR; pooled draws across linkages), else None."""

    @property
    def unobserved(self) -> float:
        """N̂ minus the people documented: the estimate of the undocumented."""
        return self.point - self.observed

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (draws are summarised, not listed)."""
        out: dict[str, Any] = {
            "stratum": self.stratum,
            "method": self.method,
            "point": _num(self.point),
            "interval": {
                "lower": _num(self.lower),
                "upper": _num(self.upper),
                "level": self.level,
                "kind": self.interval,
            },
            "se": None if self.se is None else _num(self.se),
            "observed": self.observed,
            "lists": list(self.lists),
            "model": self.model,
            "settings": _jsonable(self.settings),
            "diagnostics": _jsonable(self.diagnostics),
            "warnings": list(self.warnings),
        }
        if self.draws is not None:
            out["draws"] = int(self.draws.size)
        return out


def _num(x: float) -> float | None:
    """A finite float rounded for people, or None (JSON has no infinity)."""
    return round(float(x), 1) if np.isfinite(x) else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        return round(f, 4) if np.isfinite(f) else None
    return value
