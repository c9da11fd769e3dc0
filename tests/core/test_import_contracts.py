"""The import contracts in `make test` fail on planted violations, and domain apps reach one
another only through each other's models and services."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {
    "register", "frontdoor", "casework", "meetings", "risk", "missing", "intelligence",
    "linkage", "governance", "performance", "partnership", "support",
}  # fmt: skip
# What another domain app may import: the records and the writes and scoped reads on them, and
# the risk tool's scoring (pure functions over a tool's definition).
OPEN_TO_OTHER_APPS = {"models", "services", "scoring"}
# Known crossings into another app's pages, each a piece of that app's display reused as it is.
KNOWN_CROSSINGS = {
    ("triangulate.frontdoor.views", "triangulate.register.forms"),  # the register's search
    ("triangulate.meetings.views", "triangulate.risk.presenters"),  # a child's risk status tag
    ("triangulate.performance.views", "triangulate.support.presenters"),  # ward figures
}


def crossings(edges) -> set[tuple[str, str]]:
    """Imports from one domain app into another's views, presenters, forms, extensions, rules
    or any other module not open to other apps."""
    found = set()
    for importer, imported in edges:
        mine, theirs = importer.split("."), imported.split(".")
        if len(mine) < 2 or len(theirs) < 3 or mine[0] != "triangulate":
            continue
        between_apps = mine[1] in DOMAIN_APPS and theirs[1] in DOMAIN_APPS and mine[1] != theirs[1]
        if (
            between_apps
            and theirs[2] not in OPEN_TO_OTHER_APPS
            and (importer, imported) not in KNOWN_CROSSINGS
        ):
            found.add((importer, imported))
    return found


def test_domain_apps_reach_each_other_only_through_models_and_services():
    graph = grimp.build_graph("triangulate", cache_dir=None)
    edges = [
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
    ]
    assert crossings(edges) == set()


def test_an_import_of_another_apps_page_code_is_caught():
    planted = [
        ("triangulate.casework.views", "triangulate.risk.presenters"),
        ("triangulate.support.extensions", "triangulate.register.forms"),
        ("triangulate.missing.services", "triangulate.risk.rules"),
        ("triangulate.missing.views", "triangulate.register.services"),  # open: allowed
        ("triangulate.casework.views", "triangulate.casework.presenters"),  # its own: allowed
    ]
    assert crossings(planted) == set(planted[:3])


def _lint_imports(tmp_path: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the project's own layers contract over a planted app ``planted.app``."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(
        c["layers"]
        for c in contracts["contracts"]
        if c["name"].startswith("layers inside each domain")
    )
    app = tmp_path / "planted" / "app"
    app.mkdir(parents=True)
    (tmp_path / "planted" / "__init__.py").write_text("")
    (app / "__init__.py").write_text("")
    for name in ("views", "extensions", "presenters", "forms", "services", "rules", "models"):
        (app / f"{name}.py").write_text(files.get(name, "x = 1\n"))
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "planted"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "layers"\ntype = "layers"\ncontainers = ["planted.app"]\n'
        f"layers = {layers!r}\nexhaustive = false\n".replace("'", '"')
    )
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": str(Path(sys.executable).parent)},
    )


def test_the_layers_contract_passes_the_standard_layout(tmp_path):
    done = _lint_imports(
        tmp_path,
        {
            "views": "from . import forms, presenters, services\n",
            "extensions": "from . import presenters, services\n",
            "presenters": "from . import models, services\n",
            "services": "from . import models, rules\n",
            "rules": "from . import models, services\n",
        },
    )
    assert done.returncode == 0, done.stdout


def test_the_layers_contract_fails_on_a_planted_violation(tmp_path):
    # A model reaching up to the views, and an extension reaching into the views.
    done = _lint_imports(
        tmp_path,
        {"models": "from . import views\n", "extensions": "from . import views\n"},
    )
    assert done.returncode == 1
    assert "planted.app.models is not allowed to import planted.app.views" in done.stdout
    assert "planted.app.extensions is not allowed to import planted.app.views" in done.stdout
