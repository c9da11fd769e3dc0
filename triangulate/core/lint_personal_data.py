"""A check run by `make test`: no view module may read a personal-data model directly.

Views read personal data only through ``core.access`` (scoped querysets that apply
need-to-know and shares). This walks every ``views`` module and package in the project and
fails if it finds ``SomeModel.objects`` (or ``_default_manager``) for a model that holds
personal data.
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

MANAGER_ATTRIBUTES = {"objects", "_default_manager", "_base_manager"}


def personal_data_models() -> set[tuple[str, str]]:
    """(class name, defining module) for every personal-data model."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triangulate.config.settings.test")
    import django

    django.setup()
    from django.apps import apps

    from triangulate.core.access import is_personal_data_model

    return {
        (model.__name__, model.__module__)
        for model in apps.get_models()
        if is_personal_data_model(model)
    }


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(tree: ast.AST, module: str, is_package: bool) -> dict[str, tuple[str, str]]:
    """Map each name bound by ``from M import N [as A]`` to (N, absolute M)."""
    package = module if is_package else module.rpartition(".")[0]
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                names[alias.asname or alias.name] = (alias.name, source)
    return names


def view_modules(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "migrations" in parts:
            continue
        if path.name == "views.py" or "views" in parts[:-1]:
            found.append(path)
    return found


def _is_personal(imported: tuple[str, str] | None, models: set[tuple[str, str]]) -> bool:
    if imported is None:
        return False
    name, source = imported
    return any(
        name == model_name and (module == source or module.startswith(source + "."))
        for model_name, module in models
    )


def violations(path: Path, models: set[tuple[str, str]], module: str = "views") -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = imported_names(tree, module, path.name == "__init__.py")
    problems = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGER_ATTRIBUTES
            and isinstance(node.value, ast.Name)
            and _is_personal(names.get(node.value.id), models)
        ):
            problems.append(
                f"{path}:{node.lineno}: {node.value.id}.{node.attr} read directly in a view; "
                "use triangulate.core.access instead"
            )
    return problems


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    models = personal_data_models()
    problems = [
        problem
        for path in view_modules(root)
        for problem in violations(path, models, _module_name(path, root))
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"Personal-data access check: {len(models)} models, no direct reads in views.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
