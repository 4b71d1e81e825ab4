"""Document providers for the search index, one module per package indexed."""
