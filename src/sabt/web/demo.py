"""The web's part of ``sabt demo``: one account per role.

Their passwords are published (printed by ``sabt demo``): the demo case holds
nothing real and is served on loopback only.
"""

from __future__ import annotations

import random
from typing import Any

from sabt.web.roles import ROLES

ORDER = 90  # last: the accounts are not needed by any other package's demo
LOGINS: list[tuple[str, str, str]] = [(f"demo-{role}", f"fictional-{role}", role) for role in ROLES]


def contribute(case: Any, rng: random.Random) -> None:
    from sabt.web import accounts

    for username, password, role in LOGINS:
        if accounts.get(case, username) is None:
            accounts.create(case, username, role, password, actor="demo-admin")
