"""Meeting actions on their owners' 'my work' lists.

The functions carry the fixed names core.extensions asks for.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import WorkItem, WorkSection

from . import services


def my_work(user) -> list[WorkSection]:
    if not access.may_read_personal_data(user):
        return []
    today = timezone.localdate()
    actions = services.open_actions_for_owner(actor=user)
    access.remember_visibility(user, [a.person for a in actions])
    items = [
        WorkItem(
            record=a,
            text=a.text
            + (f" ({access.child_reference(user, a.person).label})" if a.person else ""),
            href=reverse("meetings:action", args=[a.pk]),
            due_at=a.due_on,
            overdue=a.due_on < today,
            detail=f"From {a.meeting.title}",
        )
        for a in actions
    ]
    return [
        WorkSection("Meeting actions", items, empty_text="No meeting actions are yours.", order=30)
    ]
