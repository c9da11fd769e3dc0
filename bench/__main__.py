"""`python -m bench` lists the benchmarks; `python -m bench NAME [ARGS]` runs one."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).parent


def available() -> dict[str, str]:
    """{name: the first line of its docstring} for every module here with a ``main``: read
    from the source, so listing runs none of them (the Locust scenarios need a server)."""
    found = {}
    for path in sorted(HERE.glob("*.py")):
        if path.name.startswith("_"):
            continue
        tree = ast.parse(path.read_text())
        if any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body):
            doc = ast.get_docstring(tree) or ""
            found[path.stem] = doc.strip().splitlines()[0] if doc.strip() else ""
    return found


def main(argv: list[str]) -> int:
    names = available()
    if not argv or argv[0] not in names:
        print("Benchmarks (run with: python -m bench NAME [ARGS]):")
        for name, summary in names.items():
            print(f"  {name:<28} {summary}")
        return 0 if not argv else 2
    module = importlib.import_module(f"bench.{argv[0]}")
    return module.main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
