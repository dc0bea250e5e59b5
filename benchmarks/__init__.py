"""Reproducible measurements of the viewer, each a ratio against a floor measured in the same run.

`python -m benchmarks.run` (or `make bench`) prints the table and writes JSON to
`benchmarks/results/`; `python -m benchmarks.synth OUT --sessions N` writes a synthetic collection.
"""
