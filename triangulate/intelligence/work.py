"""My-work section for an analyst's open intelligence tasks."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import WorkItem, WorkQuery, WorkSection
from triangulate.core.presenters import uk_date
from triangulate.core.roles import Role

from . import services


def my_work(user) -> list[WorkSection]:
    if not (access.may_read_personal_data(user) and user.has_role(Role.POLICE_ANALYST)):
        return []
    today = timezone.localdate()

    def items(tasks):
        return [
            WorkItem(
                record=task,
                text=f"Intelligence {task.item.reference}: {_short(task.asked)}",
                href=reverse("intelligence:task", args=[task.pk]),
                due_at=task.due_on,
                overdue=task.due_on < today,
                detail=f"Tasked by {task.tasked_by.display_name} on {uk_date(task.tasked_on)}",
            )
            for task in tasks
        ]

    return [
        WorkSection(
            "Intelligence tasks",
            query=WorkQuery(
                services.tasks_open_for(actor=user),
                due_field="due_on",
                overdue=Q(due_on__lt=today),
                items=items,
            ),
            empty_text="No intelligence is tasked to you.",
            order=26,
        )
    ]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
