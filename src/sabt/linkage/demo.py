"""Demo contribution: three small FICTIONAL lists, imported and linked.

``sabt demo`` calls :func:`contribute` in ``ORDER``. The lists come from the
simulator (fictional people, marked fictional in every file and mapping);
they are imported as attestations and linked, and the linkage leaves some
uncertain pairs in the review queue for the web UI to show.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sabt.linkage.importer import import_list
from sabt.linkage.mapping import Mapping
from sabt.linkage.run import link_case
from sabt.linkage.simulate import SimulationConfig, simulate
from sabt.linkage.simulate.write import write_simulation

if TYPE_CHECKING:
    from sabt.case import Case

ORDER = 40
SIZE = 300
LISTS = 3


def contribute(case: Case, rng: random.Random) -> None:
    sim = simulate(SimulationConfig(size=SIZE, lists=LISTS, seed=rng.randrange(1 << 30)))
    with tempfile.TemporaryDirectory(prefix="sabt-demo-lists-") as tmp:
        out = Path(tmp)
        write_simulation(sim, out)
        for lst in sim.lists:
            mapping = Mapping.load(out / f"{lst.name}.mapping.toml")
            import_list(
                case, out / f"{lst.name}.csv", f"demo_{lst.name}", mapping, actor="demo-analyst"
            )
    link_case(case, actor="demo-analyst")
