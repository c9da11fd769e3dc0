"""`python -m bench` (what `make bench` runs with no name) lists every benchmark without running
any, even one that needs a running server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_benchmarks_are_listed_without_running_them():
    done = subprocess.run(
        [sys.executable, "-m", "bench"], cwd=ROOT, capture_output=True, text=True, check=False,
        env={"PATH": str(Path(sys.executable).parent)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listed = [line.split()[0] for line in done.stdout.splitlines()[1:]]
    assert {"load", "heldout", "performance_figures"} <= set(listed)
    # The Locust scenarios and the shared generators are not benchmarks.
    assert "locustfile" not in listed and "synthetic" not in listed


def test_an_unknown_benchmark_is_refused_with_the_list():
    done = subprocess.run(
        [sys.executable, "-m", "bench", "nothing_by_that_name"], cwd=ROOT,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and "Benchmarks (run with" in done.stdout
