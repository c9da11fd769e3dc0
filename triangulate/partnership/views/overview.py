"""The partnership's front page: each area with the numbers that need attention."""

from __future__ import annotations

from django.shortcuts import render

from triangulate.core import access

from .. import presenters
from ..models import Meeting, Plan
from ..services import plan_records, rag
from ..services import recommendations as recommendation_services
from ..services import scrutiny as scrutiny_services
from .common import today


def index(request):
    access.require(request.user, "partnership.view")
    day = today()
    rule_set = rag.rules_in_force(day)
    plans = [
        {
            "plan": plan,
            "counts": presenters.rag_counts(plan_records.plan_actions(plan), rule_set, day),
        }
        for plan in Plan.objects.order_by("-starts_on", "id")
    ]
    context = {
        "plans": plans,
        "recommendations": recommendation_services.register_progress(day),
        "overdue_answers": scrutiny_services.overdue_answers(day).count(),
        "next_meeting": Meeting.objects.select_related("committee")
        .filter(held_on__gte=day)
        .order_by("held_on", "id")
        .first(),
    }
    return render(request, "partnership/index.html", context)
