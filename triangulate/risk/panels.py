"""The risk panel and safety-plan panel on a person's page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import Panel

from . import presenters, services
from .models import ActionStatus, AssessmentStatus


def person_panels(request, person) -> list[Panel]:
    user = request.user
    if person.kind != "child" or not access.may_read_personal_data(user):
        return []
    status = services.risk_status(actor=user, person=person)
    drafts = [
        a
        for a in services.assessments_for(actor=user, person=person)
        if a.status == AssessmentStatus.DRAFT and a.owning_agency_id == user.agency_id
    ]
    plan = services.plan_for(actor=user, person=person)
    context = {
        "person": person,
        "status": status,
        "tag": presenters.status_tag(status),
        "sentence": presenters.status_sentence(status),
        "level_tag": presenters.level_tag(status.assessment.tool.definition, status.level)
        if status.assessment
        else None,
        "draft": drafts[0] if drafts else None,
        "may_assess": access.may(user, "risk.assess"),
        "may_contribute": access.may(user, "risk.contribute", person),
        "plan": plan,
        "overdue_actions": [
            a
            for a in (services.plan_actions(actor=user, plan=plan) if plan else [])
            if a.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
            and a.due_on < timezone.localdate()
        ],
    }
    return [
        Panel(
            "Risk assessment",
            render_to_string("risk/_panel.html", context, request=request),
            order=20,
        )
    ]
