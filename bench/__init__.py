"""Benchmarks. Run one with `python -m bench NAME` (or `make bench` to list them).

Results are written up in docs/benchmarks.md; no speed target is asserted in unit tests.
"""
