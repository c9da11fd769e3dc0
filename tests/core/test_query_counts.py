"""No page asks the database once per row: the core pages are loaded on a small demo
borough and on one three times its size, and each page's query count must stay flat while
what it shows grows. A change that adds a query per row shown fails here."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from tests.factories import signed_in_client
from triangulate.casework.models import Case
from triangulate.core.models import User
from triangulate.meetings.models import Meeting
from triangulate.partnership.models.plans import Plan
from triangulate.register.models import Person, PersonKind

SMALL, LARGE = 40, 200
# A page may make a few more queries on a larger borough where a section appears only when
# it has something in it; a query per row would add dozens. The one audit entry a page
# writes when it shows records (its savepoint, head and insert) is counted once, not per
# row, so it is left out: an empty list writes none.
SLACK = 4


GROWING = [
    ("alex.practitioner", "/my-work"),
    ("jo.manager", "/my-work"),
    ("alex.practitioner", "/risk/"),
    ("alex.practitioner", "/missing/"),
    ("alex.practitioner", "/meetings/"),
]


def _pages() -> list[tuple[str, str]]:
    """(username, path) for the core pages of each kind of user, on the current demo."""
    practitioner = User.objects.get(username="alex.practitioner")
    case = Case.objects.filter(worker=practitioner).order_by("id").first()
    child = case.person if case else Person.objects.filter(kind=PersonKind.CHILD).first()
    meeting = Meeting.objects.order_by("id").first()
    plan = Plan.objects.order_by("id").first()
    commonest = (
        Person.objects.values("family_name")
        .annotate(n=Count("id"))
        .order_by("-n", "family_name")
        .first()["family_name"]
    )
    return [
        ("sam.frontdoor", "/front-door/"),
        ("sam.frontdoor", "/my-work"),
        ("alex.practitioner", "/my-work"),
        ("alex.practitioner", "/cases/"),
        ("alex.practitioner", f"/register/people/{child.pk}"),
        ("alex.practitioner", f"/register/?name={commonest}"),
        ("alex.practitioner", "/risk/"),
        ("alex.practitioner", "/missing/"),
        ("alex.practitioner", "/meetings/"),
        ("alex.practitioner", f"/meetings/{meeting.pk}"),
        ("jo.manager", "/cases/"),
        ("jo.manager", "/cases/oversight"),
        ("jo.manager", "/my-work"),
        ("priya.officer", "/intelligence/"),
        ("dan.analyst", "/intelligence/people/"),
        ("dan.analyst", "/linkage/review"),
        ("helen.partnership", f"/partnership/plans/{plan.pk}"),
        ("helen.partnership", "/partnership/"),
        ("cllr.okafor", "/partnership/"),
    ]


def _audit_write(sql: str) -> bool:
    return "core_audit" in sql or "SAVEPOINT" in sql


def _measure(children: int) -> dict[tuple[str, str], tuple[int, int]]:
    call_command("demo_borough", children=children, seed=20131, stdout=io.StringIO())
    users = {u.username: u for u in User.objects.filter(is_demo_account=True)}
    measured = {}
    for username, path in _pages():
        client = signed_in_client(users[username])
        client.get(path)  # warm caches the page fills once (sessions, agencies)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, f"{path} for {username}: {response.status_code}"
        page = response.content.decode()
        measured[(username, path.split("?")[0].rstrip("0123456789"))] = (
            sum(1 for query in queries.captured_queries if not _audit_write(query["sql"])),
            page.count("<tr") + page.count("<li") + page.count('class="govuk-summary-card"'),
        )
    return measured


@pytest.mark.django_db
def test_core_pages_make_no_query_per_row():
    with transaction.atomic():
        small = _measure(SMALL)
        transaction.set_rollback(True)
    large = _measure(LARGE)

    # The larger borough must really show more rows on the pages whose lists grow with the
    # borough, or the test proves nothing. (The demo keeps a floor of work on the other pages,
    # so their query counts are only held flat.)
    not_grown = [page for page in GROWING if large[page][1] <= small[page][1]]
    assert not not_grown, f"these pages showed no more rows on the larger borough: {not_grown}"
    per_row = {
        f"{user} {path}": f"{small[(user, path)][0]} -> {large[(user, path)][0]} queries"
        for (user, path) in small
        if large[(user, path)][0] > small[(user, path)][0] + SLACK
    }
    assert not per_row, f"query count grows with the rows shown: {per_row}"
