"""A check run by `make test`: personal data is read through core.access and shared through
core.records, nowhere else.

- Only an app's ``services`` and ``selectors`` (and its ``models``) read personal data
  directly; every other module (views, presenters, forms, extensions and providers, and any
  module an app adds) reads it through them or through ``core.access`` / ``core.records``
  (scoped querysets that apply need-to-know and shares, and the audit). The check fails on
  ``SomeModel.objects`` (or ``_default_manager``), ``models.SomeModel.objects`` and
  ``get_object_or_404(SomeModel, ...)`` for a model that holds personal data in any module
  outside those (migrations and the synthetic ``demo`` borough, which writes fictional
  records and shows none, apart), and on a query through a related manager that leads to
  personal data (``case.notes.all()``, ``team.members.filter(...)``), in those modules and in
  the apps' templates alike: a related manager is unscoped, whatever scoped the record it
  hangs from.
- No module outside ``core`` makes or changes a :class:`~triangulate.core.models.RecordShare`
  by hand (``RecordShare(...)``, ``RecordShare.objects.create``, ``.filter(...).update``
  and the other writing calls):
  ``core.records.share`` (or ``SharePlan`` for bulk seeding) is the one way, with a lawful
  basis, consent, the agreement and the audit.
- Roles and statuses are named through their enums (``Role``, ``CaseStatus`` and the rest),
  never as text: the check fails on a role given to ``has_role`` as a string, a ``status``,
  ``role``, ``kind`` or ``outcome`` compared with a string, and a ``status``, ``role`` or
  ``outcome`` keyword given a string (a query's ``filter(status="open")``), outside models
  (whose constraints mirror their migrations), migrations and the demo borough.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path

MANAGER_ATTRIBUTES = {"objects", "_default_manager", "_base_manager"}
# Modules (or packages) that may read personal data directly; every other module is checked.
READING_MODULES = {"services", "selectors", "models"}
# Not product code that shows records: schema history, and the synthetic borough's generator.
NOT_CHECKED = {"migrations", "demo"}
FETCHING_SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
SHARE_MODEL = ("RecordShare", "triangulate.core.models")
WRITING_CALLS = {
    "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update", "delete"
}  # fmt: skip


# A query made through a related manager: ``x.notes.all()``, ``x.notes.filter(status=...)``.
# Names a dict or list shares (``get``, ``count``, ``update``, ``values``) count only in the
# form a queryset takes them: ``get``/``update`` with keywords, ``count()`` with nothing, and
# ``values(...)`` with fields.
QUERY_METHODS = {
    "all", "filter", "exclude", "order_by", "select_related", "prefetch_related", "annotate",
    "aggregate", "exists", "first", "last", "latest", "earliest", "only", "defer", "distinct",
    "iterator", "in_bulk", "create", "get_or_create", "update_or_create", "bulk_create",
    "values_list", "dates",
}  # fmt: skip
KEYWORD_QUERY_METHODS = {"get", "update"}
BARE_QUERY_METHODS = {"count", "delete"}
ARGUMENT_QUERY_METHODS = {"values"}


def personal_data_relations() -> set[str]:
    """The name of every related manager that leads to a personal-data model: reverse foreign
    keys (``case.notes``) and many-to-many fields (``committee.members``)."""
    from django.apps import apps

    from triangulate.core.access import is_personal_data_model

    personal_data_models()  # sets Django up
    return {
        field.get_accessor_name() if field.auto_created else field.name
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if (field.one_to_many or field.many_to_many)
        and field.related_model is not None
        and is_personal_data_model(field.related_model)
    }


def _is_related_query(node: ast.AST, relations: set[str]) -> bool:
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr in relations
    ):
        return False
    method = node.func.attr
    return (
        method in QUERY_METHODS
        or (method in KEYWORD_QUERY_METHODS and bool(node.keywords))
        or (method in BARE_QUERY_METHODS and not node.args and not node.keywords)
        or (method in ARGUMENT_QUERY_METHODS and bool(node.args))
    )


def template_violations(path: Path, relations: set[str]) -> list[str]:
    """Queries through a related manager to personal data written in a template."""
    if not relations:
        return []
    pattern = re.compile(
        r"\.("
        + "|".join(sorted(map(re.escape, relations)))
        + r")\.("
        + "|".join(
            sorted(
                QUERY_METHODS | KEYWORD_QUERY_METHODS | BARE_QUERY_METHODS | ARGUMENT_QUERY_METHODS
            )
        )
        + r")\("
    )
    return [
        f"{path}:{number}: .{found.group(1)}.{found.group(2)}() queries personal data through a "
        "related manager in a template; give the page what it shows from the app's services"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        for found in pattern.finditer(line)
    ]


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
    """Map each name bound by ``from M import N [as A]`` (and ``import M.N as A``) to
    (N, absolute M)."""
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
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    source, _, name = alias.name.rpartition(".")
                    names[alias.asname] = (name, source)
    return names


def _resolve(node: ast.AST, names: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """What class a name in the code stands for: ``Person`` imported from a module, or
    ``models.Person`` where ``models`` is an imported module."""
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        imported = names.get(node.value.id)
        if imported is not None:
            name, source = imported
            return node.attr, f"{source}.{name}" if source else name
    return None


def checked_modules(root: Path) -> list[Path]:
    """Every module that may not read personal data directly: all but services, selectors
    and models (as modules or packages), migrations and the demo borough."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = set(path.relative_to(root).with_suffix("").parts)
        if not parts & (READING_MODULES | NOT_CHECKED):
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


def violations(
    path: Path,
    models: set[tuple[str, str]],
    module: str = "views",
    relations: frozenset[str] | set[str] = frozenset(),
) -> list[str]:
    """Direct reads of personal-data models in one module outside services and selectors."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = imported_names(tree, module, path.name == "__init__.py")
    problems = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGER_ATTRIBUTES
            and _is_personal(_resolve(node.value, names), models)
        ):
            problems.append(
                f"{path}:{node.lineno}: {ast.unparse(node)} read directly outside the app's "
                "services and selectors; read through them, core.access or core.records"
            )
        elif (
            isinstance(node, ast.Call)
            and _called(node) in FETCHING_SHORTCUTS
            and node.args
            and _is_personal(_resolve(node.args[0], names), models)
        ):
            problems.append(
                f"{path}:{node.lineno}: {_called(node)}({ast.unparse(node.args[0])}, ...) "
                "fetches personal data unscoped; use triangulate.core.records.open instead"
            )
        elif _is_related_query(node, set(relations)):
            problems.append(
                f"{path}:{node.lineno}: {ast.unparse(node)[:80]} queries personal data through "
                "a related manager outside the app's services and selectors; read it there"
            )
    return problems


def _called(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_share_model(node: ast.AST, names: dict[str, tuple[str, str]]) -> bool:
    return _resolve(node, names) == SHARE_MODEL


def share_violations(path: Path, module: str) -> list[str]:
    """Record shares made or changed by hand in a module outside core."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names = imported_names(tree, module, path.name == "__init__.py")
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        made_by_hand = _is_share_model(node.func, names) or (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITING_CALLS
            and _manager_of_share(node.func.value, names)
        )
        if made_by_hand:
            problems.append(
                f"{path}:{node.lineno}: a RecordShare written by hand; share through "
                "triangulate.core.records (share, end_shares, or SharePlan for bulk seeding)"
            )
    return problems


def _manager_of_share(node: ast.AST, names) -> bool:
    """``RecordShare.objects`` (or a queryset made from it, ``RecordShare.objects.filter(...)``)."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        node = node.func.value
    return (
        isinstance(node, ast.Attribute)
        and node.attr in MANAGER_ATTRIBUTES
        and _is_share_model(node.value, names)
    )


def outside_core(root: Path) -> list[Path]:
    return [
        path
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.relative_to(root).parts
        and path.relative_to(root).parts[0] != "core"
    ]


def check(
    root: Path, models: set[tuple[str, str]], relations: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """Every problem in the package at ``root``."""
    return (
        [
            problem
            for path in checked_modules(root)
            for problem in violations(path, models, _module_name(path, root), relations)
        ]
        + [
            problem
            for path in sorted(root.rglob("*.html"))
            if not set(path.relative_to(root).parts) & NOT_CHECKED
            for problem in template_violations(path, set(relations))
        ]
        + [
            problem
            for path in outside_core(root)
            for problem in share_violations(path, _module_name(path, root))
        ]
        + [problem for path in enum_checked_modules(root) for problem in enum_violations(path)]
    )


ENUM_ATTRIBUTES = {"status", "role", "kind", "outcome"}
ENUM_KEYWORDS = {"status", "role", "outcome"}


def _text(node: ast.AST) -> bool:
    """A non-empty string written in the code (alone, or in a tuple, list or set)."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_text(element) for element in node.elts)
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value != ""


def enum_violations(path: Path) -> list[str]:
    """Roles and statuses written as text in one module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    problems = []
    for node in ast.walk(tree):
        found = None
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(
                isinstance(side, ast.Attribute) and side.attr in ENUM_ATTRIBUTES for side in sides
            ) and any(_text(side) for side in sides):
                found = ast.unparse(node)
        elif isinstance(node, ast.Call):
            if _called(node) == "has_role" and any(_text(arg) for arg in node.args):
                found = ast.unparse(node)
            for keyword in node.keywords:
                if keyword.arg in ENUM_KEYWORDS and _text(keyword.value):
                    found = f"{keyword.arg}={ast.unparse(keyword.value)}"
        if found:
            problems.append(
                f"{path}:{node.lineno}: {found[:80]} names a role or status as text; use its "
                "enum (Role, CaseStatus, ...)"
            )
    return problems


def enum_checked_modules(root: Path) -> list[Path]:
    return [
        path
        for path in sorted(root.rglob("*.py"))
        if not set(path.relative_to(root).with_suffix("").parts) & ({"models"} | NOT_CHECKED)
    ]


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    models = personal_data_models()
    relations = personal_data_relations()
    problems = check(root, models, relations)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(
        f"Personal-data access check: {len(models)} models and {len(relations)} related "
        "managers, no direct reads outside services and selectors, no record shares written outside core, roles and statuses named "
        "through their enums."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
