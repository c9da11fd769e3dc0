"""Benchmarks (not tests): run with ``python -m bench.<name>``; results in docs/benchmarks.md."""
