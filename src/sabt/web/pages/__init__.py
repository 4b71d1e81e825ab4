"""Server-rendered pages, one module per feature, each with a ``router``."""
