"""Templates build markup; Python never does (an escaped tag once showed as text)."""

import datetime as dt
import pathlib
import re

from django.utils import timezone

import triangulate
from triangulate.risk import services

# Markup written in Python source: HTML tags in strings, or helpers that mark text as safe.
MARKUP_IN_PYTHON = re.compile(
    r"""["'][^"'\n]*<(a|strong|span|p|div|br|ul|li|table|td|tr)[\s>/]"""
    r"|format_html\(|mark_safe\(|Markup\(|conditional_escape\("
)
# PDFs are drawn with the PDF library's own paragraph markup, not HTML pages.
NOT_HTML = {"pdf.py"}


def test_no_python_module_builds_html():
    root = pathlib.Path(triangulate.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts and path.name not in NOT_HTML
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if MARKUP_IN_PYTHON.search(line)
    ]
    assert offenders == []


def test_an_overdue_action_shows_a_tag_not_its_markup(
    client_for, practitioner, school_lead, school, twelve_year_old
):
    plan = services.plan_create(actor=practitioner, person=twelve_year_old)
    action = services.plan_action_add(
        actor=practitioner, plan=plan, text="Check attendance daily", responsible_agency=school,
        owner=school_lead, due_on=timezone.localdate() - dt.timedelta(days=2),
    )  # fmt: skip
    page = client_for(school_lead).get(f"/risk/actions/{action.pk}").content.decode()
    assert "&lt;strong" not in page
    assert re.search(r'<strong class="govuk-tag govuk-tag--red">\s*Overdue\s*</strong>', page)
