"""``sabt simulate``: fictional lists with known truth, for testing linkage and estimation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def simulate(
        out: Annotated[
            Path,
            typer.Option("--out", help="Directory to write the lists, mappings and truth into."),
        ],
        size: Annotated[int, typer.Option(help="Number of fictional people.")] = 2000,
        lists: Annotated[int, typer.Option(help="Number of lists (templates cycle after 4).")] = 4,
        seed: Annotated[
            int, typer.Option(help="Random seed: the same arguments give identical files.")
        ] = 1988,
        noise: Annotated[
            float, typer.Option(help="Noise scale: 0 = clean, 1 = default, 2 = twice the errors.")
        ] = 1.0,
        capture: Annotated[
            float, typer.Option(help="Mean probability that a list names a person.")
        ] = 0.5,
    ) -> None:
        """Write FICTIONAL lists of a simulated population, with the truth and import mappings."""
        from sabt.linkage.simulate import SimulationConfig
        from sabt.linkage.simulate import simulate as run
        from sabt.linkage.simulate.write import write_simulation

        sim = run(SimulationConfig(size=size, lists=lists, seed=seed, noise=noise, capture=capture))
        write_simulation(sim, out)
        counts = ", ".join(f"{lst.name}: {len(lst.rows)}" for lst in sim.lists)
        typer.echo(
            f"wrote {len(sim.lists)} fictional lists of {size} simulated people to {out} ({counts})"
        )
