"""The import contracts in `make test` fail on planted violations, and domain apps reach one
another only through each other's models and services."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {
    "register", "frontdoor", "casework", "meetings", "risk", "missing", "intelligence",
    "linkage", "governance", "performance", "partnership", "support",
}  # fmt: skip
# What another domain app may import: the records and the writes and scoped reads on them, and
# the risk tool's scoring (pure functions over a tool's definition).
OPEN_TO_OTHER_APPS = {"models", "services", "scoring"}
NOT_MODULES = {"migrations", "jinja2", "templates", "static", "__pycache__"}


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def _protecting(app: str) -> dict:
    return next(
        c
        for c in _contracts()
        if c["type"] == "protected" and c["allowed_importers"][0] == f"triangulate.{app}"
    )


def test_every_module_an_app_keeps_to_itself_is_protected_by_its_contract():
    unprotected = {}
    for app in sorted(DOMAIN_APPS):
        modules = {
            path.stem
            for path in (ROOT / "triangulate" / app).iterdir()
            if (path.suffix == ".py" or path.is_dir())
            and path.name != "__init__.py"
            and path.stem not in OPEN_TO_OTHER_APPS | NOT_MODULES
        }
        protected = {m.rpartition(".")[2] for m in _protecting(app)["protected_modules"]}
        if modules - protected:
            unprotected[app] = sorted(modules - protected)
    assert unprotected == {}


def test_only_what_sits_on_top_of_every_app_may_use_its_pages():
    for app in DOMAIN_APPS:
        others = set(_protecting(app)["allowed_importers"]) - {f"triangulate.{app}"}
        assert others == {
            "triangulate.config", "triangulate.api", "triangulate.cli", "triangulate.demo"
        }  # fmt: skip


def _run_lint_imports(
    tmp_path: Path, files: dict[str, str], contract: str
) -> subprocess.CompletedProcess:
    """Run lint-imports with one contract over a planted package ``planted`` whose modules are
    ``files`` (dotted name below ``planted`` to source)."""
    for dotted, source in files.items():
        path = tmp_path / "planted" / Path(*dotted.split("."))
        for package in [tmp_path / "planted", *path.parents]:
            if package.is_relative_to(tmp_path / "planted"):
                package.mkdir(parents=True, exist_ok=True)
                (package / "__init__.py").touch()
        path.with_suffix(".py").write_text(source)
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "planted"\n\n[[tool.importlinter.contracts]]\n'
        + contract
    )
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": str(Path(sys.executable).parent)},
    )


def _toml_list(values) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


def _lint_imports(tmp_path: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the project's own layers contract over a planted app ``planted.app``."""
    layers = next(
        c["layers"] for c in _contracts() if c["name"].startswith("layers inside each domain")
    )
    names = ("views", "extensions", "presenters", "forms", "services", "rules", "models")
    return _run_lint_imports(
        tmp_path,
        {f"app.{name}": files.get(name, "x = 1\n") for name in names},
        'name = "layers"\ntype = "layers"\ncontainers = ["planted.app"]\n'
        f"layers = {_toml_list(layers)}\nexhaustive = false\n",
    )


def _app_boundary(tmp_path: Path, meetings_views: str) -> subprocess.CompletedProcess:
    """Risk's own contract, as the project writes it, over a planted risk and meetings."""
    contract = _protecting("risk")
    protected = [m.replace("triangulate.", "planted.") for m in contract["protected_modules"]]
    allowed = [m.replace("triangulate.", "planted.") for m in contract["allowed_importers"]]
    files = {m.removeprefix("planted."): "x = 1\n" for m in protected}
    files |= {"risk.services": "x = 1\n", "risk.models": "x = 1\n"}
    files |= {"meetings.views": meetings_views, "config": "", "api": "", "cli": "", "demo": ""}
    return _run_lint_imports(
        tmp_path,
        files,
        f'name = "{contract["name"]}"\ntype = "protected"\n'
        f"protected_modules = {_toml_list(protected)}\n"
        f"allowed_importers = {_toml_list(allowed)}\n",
    )


def test_an_app_may_use_another_apps_models_and_services(tmp_path):
    done = _app_boundary(tmp_path, "from planted.risk import models, services\n")
    assert done.returncode == 0, done.stdout


def test_an_import_of_another_apps_page_code_is_caught(tmp_path):
    done = _app_boundary(
        tmp_path, "from planted.risk import presenters\nfrom planted.risk import rules\n"
    )
    assert done.returncode == 1
    assert "planted.meetings.views -> planted.risk.presenters" in done.stdout
    assert "planted.meetings.views -> planted.risk.rules" in done.stdout


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
