"""The role names, apart from the web machinery so that the CLI can list them
without importing FastAPI at start-up."""

ROLES: tuple[str, ...] = ("admin", "investigator", "analyst", "reviewer", "liaison", "viewer")
