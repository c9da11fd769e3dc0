"""The dead-code check in `make test`: functions, classes, methods and imports nothing uses.

Vulture finds them, with the names and decorators in pyproject's [tool.vulture] that
frameworks call by name. Model fields, form fields, enum members and settings are read by
Django, not by our code, so variables and attributes are not reported.

    python .ci/dead_code.py [PATH ...]     (default: the paths in pyproject)
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from vulture.config import make_config
    from vulture.core import Vulture
except ImportError:  # a test tool, in the dev dependencies only
    sys.exit(
        "The dead-code check needs vulture, one of the test dependencies: run make install-dev."
    )

REPORTED = {"function", "class", "method", "property", "import", "unreachable_code"}


def dead_code(paths: list[str] | None = None) -> list[str]:
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    with pyproject.open("rb") as toml:
        config = make_config([], tomlfile=toml)
    vulture = Vulture(
        ignore_names=config["ignore_names"], ignore_decorators=config["ignore_decorators"]
    )
    vulture.scavenge(paths or config["paths"], exclude=config["exclude"])
    return [
        item.get_report(add_size=False)
        for item in vulture.get_unused_code(min_confidence=config["min_confidence"])
        if item.typ in REPORTED
    ]


if __name__ == "__main__":
    found = dead_code(sys.argv[1:] or None)
    for line in found:
        print(line)
    if found:
        print(
            f"{len(found)} pieces of dead code: remove them, or name a framework hook in "
            "pyproject's [tool.vulture].",
            file=sys.stderr,
        )
    sys.exit(1 if found else 0)
