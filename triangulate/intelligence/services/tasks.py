"""Analyst tasking: intelligence handed to an analyst of the force that holds it, with what
is asked and when it is due, and the outcome recorded."""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.records import bump
from triangulate.core.roles import Role

from ..models import AnalystTask, IntelligenceItem
from .common import Invalid, date_problem


def analysts_of(agency: Agency) -> list[User]:
    """The force's analysts: the people an item of its intelligence can be tasked to."""
    return list(
        User.objects.filter(agency=agency, is_active=True, grants__role=Role.POLICE_ANALYST)
        .distinct()
        .order_by("first_name", "last_name", "id")
    )


@transaction.atomic
def task_create(
    *,
    actor: User,
    item: IntelligenceItem,
    analyst: User | None,
    asked: str,
    due_on: dt.date | None,
    tasked_on: dt.date | None = None,
):
    """Task intelligence to an analyst of the force that holds it, with what is asked and the
    date it is due (the day it is tasked or later). One open task per analyst per item."""
    access.require(actor, "intelligence.grade", item)
    access.require_changeable(actor, item, purpose="task intelligence to an analyst")
    tasked_on = tasked_on or timezone.localdate()
    errors = {}
    if analyst is None or analyst not in analysts_of(item.owning_agency):
        errors["analyst"] = f"Select an analyst of {item.owning_agency.name}"
    elif AnalystTask.objects.filter(item=item, analyst=analyst, completed_on=None).exists():
        errors["analyst"] = (
            f"{analyst.display_name} already has an open task on this intelligence: "
            "record its outcome first"
        )
    if not (asked or "").strip():
        errors["asked"] = "Enter what the analyst is asked to do"
    if due_on is None:
        errors["due_on"] = "Enter the date the task is due"
    elif due_on < tasked_on:
        errors["due_on"] = "The date the task is due must be today or in the future"
    if errors:
        raise Invalid(errors)
    task = AnalystTask.objects.create(
        owning_agency=item.owning_agency,
        item=item,
        analyst=analyst,
        asked=asked.strip(),
        due_on=due_on,
        tasked_by=actor,
        tasked_on=tasked_on,
    )
    audit(actor, AuditAction.CREATE, task, "task intelligence to an analyst",
          detail={"analyst": analyst.username, "due_on": due_on.isoformat()})  # fmt: skip
    return task


@transaction.atomic
def task_complete(
    *, actor: User, task, expected_version: int, outcome: str, completed_on: dt.date | None
):
    """Record what came of a task and the day it was done (refused if someone saved it since
    it was opened)."""
    access.require(actor, "intelligence.grade", task)
    access.require_changeable(actor, task, purpose="record the outcome of an analyst task")
    errors = {}
    if not (outcome or "").strip():
        errors["outcome"] = "Enter the outcome of the task"
    if problem := date_problem(
        completed_on,
        what="the task was completed",
        earliest=task.tasked_on,
        before="The task cannot be completed before it was set",
    ):
        errors["completed_on"] = problem
    if errors:
        raise Invalid(errors)
    bump(task, expected_version, outcome=outcome.strip(), completed_on=completed_on)
    audit(actor, AuditAction.CHANGE, task, "record the outcome of an analyst task",
          detail={"completed_on": completed_on.isoformat()})  # fmt: skip
    return task


def tasks_of(*, actor: User, item: IntelligenceItem) -> list:
    """The item's tasks, open ones first: only the force that holds it sees them."""
    if not access.may(actor, "intelligence.grade", item):
        return []
    return list(
        access.visible(actor, AnalystTask)
        .filter(item=item)
        .select_related("analyst", "tasked_by")
        .order_by(models.F("completed_on").desc(nulls_first=True), "due_on", "id")
    )


def tasks_open_for(*, actor: User) -> models.QuerySet:
    """The analyst's own open tasks, soonest due first (a query: My work counts it)."""
    return (
        access.visible(actor, AnalystTask)
        .filter(analyst=actor, completed_on__isnull=True)
        .select_related("item", "tasked_by")
        .order_by("due_on", "id")
    )


def task_open(*, actor: User, pk: int):
    access.require(actor, "intelligence.grade", record=("intelligence.analysttask", pk))
    return records.open(actor, AnalystTask, pk, purpose="read an analyst task")
