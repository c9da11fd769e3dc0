"""The personal-data lint fails on planted violations: unscoped reads outside an app's services
and selectors, and record shares made by hand outside core."""

from __future__ import annotations

from triangulate.core import lint_personal_data as lint

MODELS = {("Person", "app.models.people")}


def _module(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_an_unscoped_fetch_by_the_shortcut_is_caught(tmp_path):
    presenters = _module(
        tmp_path,
        "presenters.py",
        "from django.shortcuts import get_object_or_404\n"
        "from .models import Person\n\n"
        "def p(pk):\n    return get_object_or_404(Person, pk=pk)\n",
    )
    problems = lint.violations(presenters, MODELS, "app.presenters")
    assert len(problems) == 1 and "get_object_or_404(Person" in problems[0]


def test_a_read_through_the_models_module_is_caught(tmp_path):
    views = _module(
        tmp_path,
        "views.py",
        "from app import models\n"
        "import app.models as m\n\n"
        "def v(request):\n"
        "    return models.Person.objects.all(), m.Person._default_manager.all()\n",
    )
    problems = lint.violations(views, MODELS, "app.views")
    assert len(problems) == 2
    assert "models.Person.objects" in problems[0] and "m.Person._default_manager" in problems[1]


def test_every_module_outside_services_and_selectors_is_checked(tmp_path):
    root = tmp_path / "triangulate"
    for name in (
        "app/views/pages.py", "app/presenters.py", "app/forms.py", "app/extensions.py",
        "app/casenotes.py", "app/measures.py", "app/management/commands/tidy.py",
        "app/services/__init__.py", "app/services/casenotes.py", "app/selectors.py",
        "app/models/people.py", "app/migrations/0001_initial.py", "demo/borough.py",
    ):  # fmt: skip
        _module(root, name, "x = 1\n")
    found = {str(path.relative_to(root)) for path in lint.checked_modules(root)}
    assert found == {
        "app/views/pages.py", "app/presenters.py", "app/forms.py", "app/extensions.py",
        "app/casenotes.py", "app/measures.py", "app/management/commands/tidy.py",
    }  # fmt: skip


def test_a_direct_read_planted_in_a_module_outside_services_fails_the_check(tmp_path):
    root = tmp_path / "triangulate"
    reading = "from .models import Person\n\ndef f():\n    return Person.objects.all()\n"
    _module(root, "app/services/casenotes.py", reading.replace(".models", "..models"))
    _module(root, "app/selectors.py", reading)
    assert lint.check(root, {("Person", "triangulate.app.models")}) == []
    _module(root, "app/casenotes.py", reading)
    problems = lint.check(root, {("Person", "triangulate.app.models")})
    assert len(problems) == 1 and "app/casenotes.py:4" in problems[0]


def test_a_record_share_made_by_hand_outside_core_is_caught(tmp_path):
    services = _module(
        tmp_path,
        "services.py",
        "from triangulate.core.models import RecordShare\n"
        "from triangulate.core import models as core_models\n\n"
        "def s(record, agency, user, ids):\n"
        "    RecordShare(record=record, shared_with=agency, shared_by=user)\n"
        "    RecordShare.objects.create(record=record, shared_with=agency)\n"
        "    RecordShare.objects.filter(pk__in=ids).bulk_create([])\n"
        "    core_models.RecordShare.objects.get_or_create(object_id=1)\n"
        "    RecordShare.objects.filter(pk__in=ids).update(expires_at=None)\n",
    )
    problems = lint.share_violations(services, "app.services")
    assert sorted(int(p.split(":")[1]) for p in problems) == [5, 6, 7, 8, 9]


def test_sharing_through_core_and_reading_shares_pass(tmp_path):
    services = _module(
        tmp_path,
        "services.py",
        "from triangulate.core import records\n"
        "from triangulate.core.models import RecordShare\n\n"
        "def s(actor, record, agency):\n"
        "    records.share(actor, record, agency, basis='b', purpose='p')\n"
        "    return RecordShare.objects.filter(object_id=record.pk).exists()\n",
    )
    assert lint.share_violations(services, "app.services") == []


def test_core_itself_is_not_checked_for_shares(tmp_path):
    root = tmp_path / "triangulate"
    _module(root, "core/records.py", "x = 1\n")
    _module(root, "risk/services.py", "x = 1\n")
    found = [str(path.relative_to(root)) for path in lint.outside_core(root)]
    assert found == ["risk/services.py"]


def test_a_role_or_status_written_as_text_is_caught(tmp_path):
    views = _module(
        tmp_path,
        "views.py",
        "from triangulate.core.roles import Role\n\n"
        "def v(user, case, cases, note):\n"
        "    user.has_role('team_manager')\n"
        "    case.status == 'open'\n"
        "    cases.filter(status='closed')\n"
        "    note.outcome in ('held', 'refused')\n"
        "    user.has_role(Role.TEAM_MANAGER)\n"
        "    case.status == CaseStatus.OPEN and note.outcome != ''\n"
        "    cases.filter(status=CaseStatus.OPEN, reason='open')\n",
    )
    problems = lint.enum_violations(views)
    assert sorted(int(p.split(":")[1]) for p in problems) == [4, 5, 6, 7]


def test_models_migrations_and_the_demo_may_write_statuses_as_text(tmp_path):
    root = tmp_path / "triangulate"
    for name in (
        "app/models.py", "app/models/cases.py", "app/migrations/0001_initial.py",
        "demo/borough.py", "app/services/cases.py", "app/views.py",
    ):  # fmt: skip
        _module(root, name, "x = 1\n")
    found = {str(path.relative_to(root)) for path in lint.enum_checked_modules(root)}
    assert found == {"app/services/cases.py", "app/views.py"}
    _module(
        root, "app/services/cases.py", "def s(cases):\n    return cases.filter(status='open')\n"
    )
    problems = lint.check(root, set())
    assert len(problems) == 1 and "app/services/cases.py:2" in problems[0]


def test_a_query_through_a_related_manager_is_caught_outside_services(tmp_path):
    root = tmp_path / "triangulate"
    reading = (
        "def f(case, team, form):\n"
        "    notes = case.notes.all()\n"
        "    first = case.notes.filter(kind=1).order_by('id').first()\n"
        "    one = case.notes.get(pk=3)\n"
        "    n = team.members.count()\n"
        "    chosen = form.notes.get('x')\n"  # a dict's get: not a query
        "    left = form.notes.count('x')\n"  # a list's count: not a query
        "    return notes, first, one, n, chosen, left\n"
    )
    _module(root, "app/services/casenotes.py", reading)
    assert lint.check(root, set(), {"notes", "members"}) == []
    _module(root, "app/presenters.py", reading)
    problems = lint.check(root, set(), {"notes", "members"})
    lines = sorted(int(problem.split(": ")[0].rsplit(":", 1)[1]) for problem in problems)
    assert lines == [2, 3, 4, 5]
    assert any("case.notes.all()" in problem for problem in problems)
    # Only the managers that lead to personal data count.
    assert len(lint.check(root, set(), {"members"})) == 1


def test_a_query_through_a_related_manager_in_a_template_is_caught(tmp_path):
    root = tmp_path / "triangulate"
    _module(
        root,
        "app/jinja2/app/case.html",
        "{% for note in case.notes.all() %}{{ note.text }}{% endfor %}\n"
        "{{ case.note_list | length }} {{ plan.reviews.count() }}\n",
    )
    _module(root, "demo/jinja2/demo.html", "{{ case.notes.all() }}\n")
    problems = lint.check(root, set(), {"notes"})
    assert len(problems) == 1
    assert "app/jinja2/app/case.html:1: .notes.all()" in problems[0]


def test_the_related_managers_leading_to_personal_data_are_found():
    relations = lint.personal_data_relations()
    # A case's notes and a team's workers lead to personal data; an action's milestones do not.
    assert {"notes", "members"} <= relations
    assert "milestones" not in relations
