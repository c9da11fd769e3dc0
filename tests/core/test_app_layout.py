"""Every domain app is laid out the one way docs/architecture.md describes: its providers for
core's extension points in ``extensions.py`` under fixed names, and its access rules in
``rules.py``, registered when the app is ready."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps

from triangulate.core import access

DOMAIN_APPS = {
    "register", "frontdoor", "casework", "meetings", "risk", "missing", "intelligence",
    "linkage", "governance", "performance", "partnership", "support",
}  # fmt: skip
FIXED_NAMES = {
    "timeline_provider": "timeline",
    "chronology_provider": "chronology",
    "person_panels_provider": "person_panels",
    "my_work_provider": "my_work",
    "record_links_provider": "record_links",
    "oversight_provider": "oversight",
    "indicator_evidence_provider": "indicator_evidence",
    "agenda_provider": "agenda_subjects",
}
OLD_PROVIDER_MODULES = {"providers", "panels", "work", "timeline", "evidence"}


def _apps():
    return [config for config in apps.get_app_configs() if config.label in DOMAIN_APPS]


def test_every_provider_lives_in_the_apps_extensions_module_under_its_fixed_name():
    wrong = {
        (config.label, attribute): getattr(config, attribute)
        for config in _apps()
        for attribute, name in FIXED_NAMES.items()
        if getattr(config, attribute, None) not in (None, f"{config.name}.extensions.{name}")
    }
    assert wrong == {}


def test_no_app_keeps_providers_in_modules_of_other_names():
    left = sorted(
        f"{config.label}/{path.name}"
        for config in _apps()
        for path in Path(config.path).iterdir()
        if path.stem in OLD_PROVIDER_MODULES
    )
    assert left == []


def test_every_access_rule_an_app_adds_is_written_in_its_rules_module():
    modules_by_app: dict[str, set[str]] = {}
    for rule in access.RULES.values():
        modules_by_app.setdefault(rule.__module__.split(".")[1], set()).add(rule.__module__)
    for config in _apps():
        assert modules_by_app.get(config.label) == {f"{config.name}.rules"}, config.label


# A services module past about 300 lines becomes a package of modules by subject, each about
# that size: a module of a package may run a little over while its subject holds together.
SERVICES_MODULE_LINES = 300
SERVICES_PACKAGE_MODULE_LINES = 350


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines())


def test_services_past_about_300_lines_are_a_package_of_modules_of_about_that_size():
    too_long = {}
    for config in _apps():
        module = Path(config.path) / "services.py"
        package = Path(config.path) / "services"
        if module.exists() and _lines(module) > SERVICES_MODULE_LINES:
            too_long[f"{config.label}/services.py"] = _lines(module)
        for path in package.rglob("*.py") if package.is_dir() else []:
            if _lines(path) > SERVICES_PACKAGE_MODULE_LINES:
                too_long[str(path.relative_to(Path(config.path).parent))] = _lines(path)
    assert too_long == {}
