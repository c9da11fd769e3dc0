"""What casework adds to a child's timeline, to the person page and to "My work"."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import TimelineEntry, WorkItem, WorkSection

from .models import Case, CaseEvent, CaseStatus, Task


def timeline(user, person) -> list[TimelineEntry]:
    events = (
        access.visible(user, CaseEvent)
        .filter(case__person=person)
        .select_related("case", "owning_agency")
        .order_by("id")
    )
    return [
        TimelineEntry(
            occurred_at=event.occurred_at,
            title=f"{event.get_kind_display()} ({event.case.reference})",
            description=" ".join(p for p in (event.detail, event.reason) if p),
            agency=event.owning_agency.name,
            kind="case",
            href=reverse("casework:case", args=[event.case_id]),
        )
        for event in events
    ]


def my_work(user) -> list[WorkSection]:
    cases = (
        access.visible(user, Case)
        .filter(worker=user, status=CaseStatus.OPEN)
        .select_related("person")
        .order_by("opened_at", "id")
    )
    today = timezone.localdate()
    tasks = (
        access.visible(user, Task)
        .filter(owner=user, done_at__isnull=True)
        .select_related("case", "case__person")
        .order_by("due_on", "id")[:50]
    )
    return [
        WorkSection(
            title="My cases",
            items=[
                WorkItem(
                    record=case,
                    text=f"{case.person.full_name} ({case.reference})",
                    href=reverse("casework:case", args=[case.pk]),
                    detail=f"Opened {case.opened_at:%d/%m/%Y}",
                )
                for case in cases
            ],
            empty_text="No cases are allocated to you.",
            order=10,
        ),
        WorkSection(
            title="Tasks due",
            items=[
                WorkItem(
                    record=task,
                    text=f"{task.title} – {task.case.person.full_name}",
                    href=reverse("casework:case", args=[task.case_id]),
                    due_at=task.due_on,
                    overdue=task.due_on < today,
                )
                for task in tasks
            ],
            empty_text="You have no tasks due.",
            order=20,
        ),
    ]
