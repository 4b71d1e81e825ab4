"""CLI command groups, one module per group. Each module defines
``register(app: typer.Typer) -> None``; ``sabt.cli`` discovers and calls them."""
