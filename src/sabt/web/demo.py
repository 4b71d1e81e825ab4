"""The web's part of ``sabt demo``: one account per role, and something to review.

The accounts' passwords are published (printed by ``sabt demo``): the demo case
holds nothing real and is served on loopback only. So that the review queue and
the estimates pages have work on them, three FICTIONAL lists simulated by
``sabt.linkage.simulate`` are imported and linked, unless the linkage package's
own demo already imported lists.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

from sabt.web.roles import ROLES

ORDER = 90  # last: after the records and anything the linkage demo adds
LOGINS: list[tuple[str, str, str]] = [(f"demo-{role}", f"fictional-{role}", role) for role in ROLES]


def contribute(case: Any, rng: random.Random) -> None:
    from sabt.web import accounts

    for username, password, role in LOGINS:
        if accounts.get(case, username) is None:
            accounts.create(case, username, role, password, actor="demo-admin")
    _lists_to_review(case, rng)


def _lists_to_review(case: Any, rng: random.Random) -> None:
    try:
        from sabt.linkage import queries
        from sabt.linkage.importer import import_list
        from sabt.linkage.mapping import Mapping
        from sabt.linkage.run import link_case
        from sabt.linkage.simulate import SimulationConfig, simulate
        from sabt.linkage.simulate.write import write_simulation
    except ImportError:
        return  # no linkage package: no review queue to fill
    with case.engine.connect() as conn:
        if queries.list_names(conn):
            return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        write_simulation(
            simulate(SimulationConfig(size=300, lists=3, seed=rng.randint(1, 10_000))), out
        )
        for name in sorted(p.name[: -len(".mapping.toml")] for p in out.glob("*.mapping.toml")):
            mapping = Mapping.load(out / f"{name}.mapping.toml")
            import_list(
                case,
                out / f"{name}.csv",
                f"demo-{name.replace('_', '-')}",
                mapping,
                actor="demo-analyst",
            )
    link_case(case, actor="demo-analyst")
