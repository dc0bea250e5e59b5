"""Search across the library: the panel, its results, the background worker, people."""
