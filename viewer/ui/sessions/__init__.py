"""The session list: its model, filter, cells, facets, the quick switcher, and the marks of
sessions that have notes."""
