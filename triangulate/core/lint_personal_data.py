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


def personal_data_model_names() -> set[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triangulate.config.settings.test")
    import django

    django.setup()
    from django.apps import apps

    from triangulate.core.access import is_personal_data_model

    return {model.__name__ for model in apps.get_models() if is_personal_data_model(model)}


def view_modules(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "migrations" in parts:
            continue
        if path.name == "views.py" or "views" in parts[:-1]:
            found.append(path)
    return found


def violations(path: Path, names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    problems = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGER_ATTRIBUTES
            and isinstance(node.value, ast.Name)
            and node.value.id in names
        ):
            problems.append(
                f"{path}:{node.lineno}: {node.value.id}.{node.attr} read directly in a view; "
                "use triangulate.core.access instead"
            )
    return problems


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    names = personal_data_model_names()
    problems = [p for module in view_modules(root) for p in violations(module, names)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"Personal-data access check: {len(names)} models, no direct reads in views.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
