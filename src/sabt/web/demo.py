"""Demo accounts, one per role, for the FICTIONAL demo case.

Their passwords are published (printed by ``sabt demo``): the demo case holds
nothing real and is served on loopback only.
"""

from __future__ import annotations

import random
from typing import Any

from sabt.web.roles import ROLES

ORDER = 5  # before the records, so the demo's own actors exist as accounts
LOGINS: list[tuple[str, str, str]] = [(f"demo-{role}", f"fictional-{role}", role) for role in ROLES]


def contribute(case: Any, rng: random.Random) -> None:
    from sabt.web import accounts

    for username, password, role in LOGINS:
        accounts.create(case, username, role, password, actor="demo-admin")
