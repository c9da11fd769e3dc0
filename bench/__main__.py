"""`python -m bench` lists the benchmarks; `python -m bench NAME [ARGS]` runs one."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))


def main(argv: list[str]) -> int:
    names = available()
    if not argv or argv[0] not in names:
        print("Benchmarks (run with: python -m bench NAME [ARGS]):")
        for name in names:
            module = importlib.import_module(f"bench.{name}")
            summary = (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""
            print(f"  {name:<28} {summary}")
        return 0 if not argv else 2
    module = importlib.import_module(f"bench.{argv[0]}")
    return module.main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
