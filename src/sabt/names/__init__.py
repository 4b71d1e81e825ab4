"""Persian and Latin names, and Solar Hijri dates. Pure: no frameworks."""
