"""Analyst tasking: a force tasks its intelligence to its own analysts; partners never see the
tasks; the analyst's My work lists open tasks with the overdue ones marked; stale edits and bad
input are refused with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AgencyFactory
from triangulate.core.access import AccessDenied
from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
from triangulate.core.roles import AgencyType, Role
from triangulate.intelligence import services
from triangulate.intelligence.models import AnalystTask

pytestmark = pytest.mark.django_db

ASKED = "Research the silver car and who it is seen with near the school"


def _task(officer, item, analyst, **changes):
    values = {
        "actor": officer,
        "item": item,
        "analyst": analyst,
        "asked": ASKED,
        "due_on": timezone.localdate() + dt.timedelta(days=5),
    }
    values.update(changes)
    return services.task_create(**values)


def test_the_item_page_tasks_an_analyst_and_lists_the_task(
    submitted, client_for, police_officer, police_analyst
):
    item = submitted()
    client = client_for(police_officer)
    url = reverse("intelligence:item", args=[item.pk])
    due = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        url,
        {"form": "task", "task-analyst": police_analyst.pk, "task-asked": ASKED,
         "task-due_on-day": due.day, "task-due_on-month": due.month,
         "task-due_on-year": due.year},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    task = AnalystTask.objects.get()
    assert (task.analyst, task.due_on, task.owning_agency) == (
        police_analyst,
        due,
        item.owning_agency,
    )
    page = client.get(url).content.decode()
    assert (
        reverse("intelligence:task", args=[task.pk]) in page and "Research the silver car" in page
    )


def test_bad_input_is_refused_with_gov_uk_errors_and_nothing_saved(
    submitted, client_for, police_officer
):
    item = submitted()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client_for(police_officer).post(
        reverse("intelligence:item", args=[item.pk]),
        {"form": "task", "task-analyst": "", "task-asked": " ",
         "task-due_on-day": yesterday.day, "task-due_on-month": yesterday.month,
         "task-due_on-year": yesterday.year},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert f"Select an analyst of {item.owning_agency.name}" in body
    assert "Enter what the analyst is asked to do" in body
    assert "The date the task is due must be today or in the future" in body
    assert not AnalystTask.objects.exists()


def test_only_an_analyst_of_the_force_that_holds_the_item_can_be_tasked(
    submitted, police_officer, police_analyst, make_user
):
    item = submitted()
    other_force = AgencyFactory(name="Northshire Police", agency_type=AgencyType.POLICE)
    elsewhere = make_user(other_force, Role.POLICE_ANALYST, username="analyst2")
    for who in (police_officer, elsewhere):  # an officer is not an analyst; nor is another force's
        with pytest.raises(services.Invalid) as caught:
            _task(police_officer, item, who)
        assert "Select an analyst of" in caught.value.errors["analyst"]
    # Nor may the other force's analyst task the item at all: it is not their force's.
    with pytest.raises(AccessDenied):
        _task(elsewhere, item, police_analyst)
    assert not AnalystTask.objects.exists()


def test_one_open_task_per_analyst_per_item(submitted, police_officer, police_analyst):
    item = submitted()
    first = _task(police_officer, item, police_analyst)
    with pytest.raises(services.Invalid) as caught:
        _task(police_officer, item, police_analyst, asked="Check the phone number too")
    assert "already has an open task" in caught.value.errors["analyst"]
    with pytest.raises(services.Invalid) as caught:
        services.task_complete(
            actor=police_analyst, task=first, expected_version=1, outcome="  ",
            completed_on=timezone.localdate(),
        )  # fmt: skip
    assert caught.value.errors == {"outcome": "Enter the outcome of the task"}
    services.task_complete(
        actor=police_analyst, task=first, expected_version=1,
        outcome="The car is registered to an adult of concern.", completed_on=timezone.localdate(),
    )  # fmt: skip
    second = _task(police_officer, item, police_analyst, asked="Check the phone number too")
    assert [t.pk for t in services.tasks_of(actor=police_officer, item=item)] == [
        second.pk,
        first.pk,
    ]


def test_a_partner_never_sees_or_creates_tasks_even_on_its_own_submission(
    submitted, client_for, school_lead, police_officer, police_analyst
):
    item = submitted()  # submitted by the school, which keeps sight of it
    task = _task(police_officer, item, police_analyst)
    school = client_for(school_lead)
    page = school.get(reverse("intelligence:item", args=[item.pk])).content.decode()
    assert "Analyst tasks" not in page and "Research the silver car" not in page
    assert school.get(reverse("intelligence:task", args=[task.pk])).status_code == 403
    assert services.tasks_of(actor=school_lead, item=item) == []
    with pytest.raises(AccessDenied):
        _task(school_lead, item, police_analyst)
    refused = school.post(
        reverse("intelligence:item", args=[item.pk]),
        {"form": "task", "task-analyst": police_analyst.pk, "task-asked": ASKED},
    )
    assert "Analyst tasks" not in refused.content.decode()
    assert AnalystTask.objects.count() == 1
    assert (
        school.post(
            reverse("intelligence:task", args=[task.pk]), {"outcome": "x", "version": 1}
        ).status_code
        == 403
    )
    task.refresh_from_db()
    assert task.outcome == ""


def test_my_work_lists_the_analysts_open_tasks_with_overdue_ones_marked(
    submitted, client_for, police_officer, police_analyst
):
    today = timezone.localdate()
    late = _task(police_officer, submitted(), police_analyst, asked="Overdue: map the phones",
                 tasked_on=today - dt.timedelta(days=20), due_on=today - dt.timedelta(days=2))  # fmt: skip
    _task(police_officer, submitted(), police_analyst, asked="Soon: check the car")
    done = _task(police_officer, submitted(), police_analyst, asked="Done: the hotel's visitors")
    services.task_complete(actor=police_analyst, task=done, expected_version=1,
                           outcome="Nothing further found.", completed_on=today)  # fmt: skip
    page = client_for(police_analyst).get("/my-work").content.decode()
    summary = page[page.index("Your work by kind") : page.index("moj-sub-navigation")]
    assert '>1<span class="govuk-visually-hidden"> overdue: Intelligence tasks' in summary
    assert '>2<span class="govuk-visually-hidden"> in all: Intelligence tasks' in summary
    listed = page[page.index("Work, overdue first") :]
    assert listed.index("Overdue: map the phones") < listed.index("Soon: check the car")
    assert "Done: the hotel" not in listed
    assert reverse("intelligence:task", args=[late.pk]) in listed
    # The officer who set the tasks has none of their own.
    assert "Intelligence tasks" not in client_for(police_officer).get("/my-work").content.decode()


def test_a_stale_outcome_is_refused_and_nothing_overwritten(
    submitted, client_for, police_officer, police_analyst
):
    task = _task(police_officer, submitted(), police_analyst)
    today = timezone.localdate()
    services.task_complete(actor=police_officer, task=task, expected_version=1,
                           outcome="First outcome", completed_on=today)  # fmt: skip
    stale = AnalystTask.objects.get(pk=task.pk)
    stale.version = 1
    with pytest.raises(StaleEdit):
        services.task_complete(actor=police_analyst, task=stale, expected_version=1,
                               outcome="Second outcome", completed_on=today)  # fmt: skip
    response = client_for(police_analyst).post(
        reverse("intelligence:task", args=[task.pk]),
        {"outcome": "Second outcome", "completed_on-day": today.day,
         "completed_on-month": today.month, "completed_on-year": today.year, "version": 1},
    )  # fmt: skip
    assert response.status_code == 400
    assert STALE_MESSAGE.split(":")[0] in response.content.decode()
    task.refresh_from_db()
    assert (task.outcome, task.version) == ("First outcome", 2)
