"""My work leads with counts by kind and urgency, lists overdue work first and filters by
kind and by when work is due."""

import datetime as dt

from django.utils import timezone

from triangulate.meetings import services as meetings


def _actions(practitioner):
    meeting = meetings.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    today = timezone.localdate()
    for text, days in (
        ("Later: review the plan", 30),
        ("Soon: call the school", 3),
        ("Late: visit the retail park", -2),
    ):
        meetings.action_add(
            actor=practitioner, meeting=meeting, item=None, text=text, owner=practitioner,
            due_on=today + dt.timedelta(days=days),
        )  # fmt: skip


def test_my_work_counts_by_kind_and_urgency_and_lists_overdue_first(practitioner, client_for):
    _actions(practitioner)
    page = client_for(practitioner).get("/my-work").content.decode()
    assert "Your work by kind and when it is due" in page
    summary = page[page.index("Your work by kind") : page.index("moj-sub-navigation")]
    assert '>1<span class="govuk-visually-hidden"> overdue: Meeting actions' in summary
    assert '>1<span class="govuk-visually-hidden"> due within 7 days: Meeting actions' in summary
    assert '>3<span class="govuk-visually-hidden"> in all: Meeting actions' in summary
    assert "Overdue (1)" in page and "Due within 7 days (1)" in page and "All (3)" in page
    listed = page[page.index("Work, overdue first") :]
    late, soon, later = (
        listed.index(text)
        for text in ("Late: visit the retail park", "Soon: call the school", "Later: review")
    )
    assert late < soon < later
    assert 'data-module="moj-sortable-table"' in page


def test_my_work_filters_by_urgency_and_kind(practitioner, client_for):
    _actions(practitioner)
    client = client_for(practitioner)
    overdue = client.get("/my-work?due=overdue").content.decode()
    listed = overdue[overdue.index("Work, overdue first") :]
    assert "Late: visit the retail park" in listed and "Soon: call the school" not in listed
    assert "Remove this filter</span> Overdue" in overdue
    other = client.get("/my-work?kind=my-cases").content.decode()
    assert "Nothing matches these filters" in other and "Late: visit" not in other
    kind = client.get("/my-work?kind=meeting-actions&due=week").content.decode()
    listed = kind[kind.index("Work, overdue first") :]
    assert "Soon: call the school" in listed and "Late: visit" not in listed
    ignored = client.get("/my-work?due=nonsense&kind=nonsense")
    assert ignored.status_code == 200 and "All (3)" in ignored.content.decode()
