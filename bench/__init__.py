"""On-demand benchmarks. Run ``python -m bench`` (all) or ``python -m bench NAME``."""
