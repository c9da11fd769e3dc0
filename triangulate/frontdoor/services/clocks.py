"""The front door's clocks: when a decision is due, and the most urgent first."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, IntegerField, QuerySet, Value, When

from triangulate.core.clocks import hours_deadline, working_day_deadline

from ..models import URGENCY_RANK, URGENT_HOURS, Contact


def decision_due(*, received_at: dt.datetime, urgency: str) -> dt.datetime:
    """When the decision is due: hours for an urgent concern (counted out of hours too),
    otherwise one working day after receipt."""
    hours = URGENT_HOURS.get(urgency)
    if hours is not None:
        return hours_deadline(received_at, hours)
    return working_day_deadline(received_at, 1)


def urgent_first(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Most urgent first ("may be in danger now", then "today"), then soonest due."""
    rank = Case(
        *(When(urgency=urgency, then=Value(order)) for urgency, order in URGENCY_RANK.items()),
        default=Value(len(URGENCY_RANK)),
        output_field=IntegerField(),
    )
    return contacts.annotate(urgency_rank=rank).order_by("urgency_rank", "decision_due_at", "id")
