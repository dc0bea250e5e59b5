"""The command-line modes that run without a window."""
