"""A case's tasks: listing, adding, completing, and who may own one."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import Case, Task


def case_tasks(*, actor: User, case: Case) -> list[Task]:
    return list(
        access.visible(actor, Task)
        .filter(case=case)
        .select_related("owner")
        .order_by("done_at", "due_on", "id")
    )


def possible_task_owners(case: Case) -> list[User]:
    return list(
        User.objects.filter(agency_id=case.owning_agency_id, is_active=True)
        .filter(Q(team_memberships__isnull=False) | Q(pk=case.worker_id))
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


@transaction.atomic
def task_add(*, actor: User, case: Case, title: str, owner: User, due_on: dt.date) -> Task:
    access.require(actor, "casework.work")
    access.require_changeable(actor, case, purpose="add case task")
    task = Task.objects.create(
        owning_agency=case.owning_agency,
        case=case,
        title=title.strip(),
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, task, "add case task", detail={"owner": owner.pk})
    return task


@transaction.atomic
def task_complete(*, actor: User, task: Task) -> Task:
    access.require(actor, "casework.work")
    access.require_changeable(actor, task, purpose="complete task")
    updated = Task.objects.filter(pk=task.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor
    )
    if updated:
        task.refresh_from_db()
        audit(actor, AuditAction.CHANGE, task, "complete task")
    return task


def task_get(*, actor: User, case_pk: int, pk: int) -> Task:
    """One task of one case (404 if the task is not that case's)."""
    return access.get_visible_or_403(
        actor, Task, pk, purpose="complete task", within={"case_id": case_pk}
    )
