"""The session list: its model, filter, cells, facets, and the quick switcher."""
