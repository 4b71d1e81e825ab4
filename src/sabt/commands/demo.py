"""``sabt demo``: build the fictional demo case from scratch, verify it, serve it.

Every package that has something to show adds it through a module
``sabt/<package>/demo.py`` with ``ORDER`` (an int) and ``contribute(case, rng)``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
import random
import shutil
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

import sabt
from sabt.cli import state
from sabt.errors import ConfigError

DEMO_DIR = "sabt-demo"
ORIGIN = "demo.sabt.invalid/fictional-case"
TITLE = "FICTIONAL demo case — every name, place and figure here is invented"
# The demo vault is locked with a published passphrase: it holds nothing real.
DEMO_PASSPHRASE = "fictional-demo-passphrase"

_DIARY = [
    "FICTIONAL: received list {n} from partner organisation {org}.",
    "FICTIONAL: interview {n} with a family member scheduled; identity protected.",
    "FICTIONAL: photographs of site {site} copied from a partner's drive, hashes recorded.",
    "FICTIONAL: reviewed {n} candidate matches between list {a} and list {b}.",
    "FICTIONAL: source {n} graded B2 after checking its provenance.",
    "یادداشت ساختگی: فهرست شماره {n} از سازمان همکار {org} دریافت شد.",
    "یادداشت ساختگی: عکس‌های محل {site} بررسی شد.",
]
_ORGS = ["Alpha Archive", "Beta Watch", "Gamma Records", "سازمان دلتا"]
_SITES = ["North Field", "East Cemetery", "River Plot", "باغ غربی"]


def contributions() -> list[Any]:
    """Every package's demo module, in ``ORDER``."""
    found = []
    for mod in pkgutil.iter_modules(sabt.__path__):
        name = f"sabt.{mod.name}.demo"
        if mod.ispkg and mod.name != "commands" and importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return sorted(found, key=lambda m: (m.ORDER, m.__name__))


def diary(case: Any, rng: random.Random, count: int = 3000, batch: int = 500) -> None:
    """A few thousand fictional case-diary entries, appended in batches."""
    for start in range(0, count, batch):
        items = []
        for n in range(start, min(count, start + batch)):
            text = rng.choice(_DIARY).format(
                n=n + 1,
                org=rng.choice(_ORGS),
                site=rng.choice(_SITES),
                a=rng.randint(1, 4),
                b=rng.randint(5, 8),
            )
            items.append(("note.added", {"text": text}))
        case.append_many(items, actor=rng.choice(["demo-investigator", "demo-analyst"]))


def build(path: Path, *, seed: int = 1988, console: Console | None = None) -> Any:
    from sabt.case import Case
    from sabt.datadir import DataDir

    out = console or Console()
    directory = DataDir(path)
    if path.exists() and any(path.iterdir()):
        if not directory.exists() or not directory.config().fictional:
            raise ConfigError(
                f"{path} exists and is not a demo case; refusing to delete it. Choose another --data."
            )
        shutil.rmtree(path)
    os.environ.setdefault("SABT_PASSPHRASE", DEMO_PASSPHRASE)
    rng = random.Random(seed)
    case = Case.init(
        path, origin=ORIGIN, case="fictional-demo", title=TITLE, fictional=True, actor="demo-admin"
    )
    t0 = time.perf_counter()
    diary(case, rng)
    out.print(f"  diary: {case.size()} events")
    for module in contributions():
        module.contribute(case, rng)
        out.print(f"  {module.__name__.split('.')[1]}: {case.size()} events")
    out.print(f"built in {time.perf_counter() - t0:.1f} s")
    return case


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        ctx: typer.Context,
        no_serve: Annotated[
            bool, typer.Option("--no-serve", help="Build and verify the demo case, then stop.")
        ] = False,
        seed: Annotated[int, typer.Option(help="Random seed for the fictional data.")] = 1988,
    ) -> None:
        """Build a fresh, clearly FICTIONAL demo case (./sabt-demo unless --data), verify it and serve it."""
        from sabt.events.verify import verify

        st = state(ctx)
        path = st.data if st.explicit else Path(DEMO_DIR).absolute()
        out = Console()
        out.print(f"[bold]Building the fictional demo case in {path}[/]")
        case = build(path, seed=seed, console=out)
        report = verify(case.journal)
        out.print(
            f"[green]verified[/] {report.size} events; root {report.root.hex()[:16]}… matches the signed checkpoint"
        )
        case.close()
        if no_serve:
            return
        from sabt.case import Case
        from sabt.web.demo import LOGINS
        from sabt.web.server import serve

        serve(Case.open(path), logins=LOGINS)
