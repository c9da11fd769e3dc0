"""Time to build the demo borough (and the 60,000-child benchmark register) on a database.

Usage: python -m bench demo_generation [--children N] [--database-url URL]
Builds into a fresh SQLite file by default; pass the URL of an empty PostgreSQL database to
measure there.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench demo_generation")
    parser.add_argument("--children", type=int, default=600)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "triangulate.config.settings.local",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], check=True, env=env)
        started = time.perf_counter()
        subprocess.run(
            [*manage, "demo_borough", "--children", str(args.children), "--seed", "1"],
            check=True,
            env=env,
        )
        elapsed = time.perf_counter() - started
    print(f"demo_borough --children {args.children}: {elapsed:.1f} s")
    return 0
