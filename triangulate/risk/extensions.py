"""What this app adds through core's extension points (core.extensions), under the
fixed names each point asks for:

- The risk panel and safety-plan panel on a person's page.
- My-work sections (reviews due, sign-offs, plan actions) and timeline entries for risk.
"""

from __future__ import annotations

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import (
    OversightItem,
    Panel,
    TimelineEntry,
    WorkItem,
    WorkQuery,
    WorkSection,
)
from triangulate.core.presenters import uk_date

from . import presenters, scoring, services
from .models import FINAL_STATUSES, ActionStatus, AssessmentStatus, RiskAssessment


def person_panels(request, person) -> list[Panel]:
    user = request.user
    if not person.is_child or not access.may_read_personal_data(user):
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


def my_work(user) -> list[WorkSection]:
    if not access.may_read_personal_data(user):
        return []
    today = timezone.localdate()
    sections = []
    if access.may(user, "risk.assess"):

        def review_items(assessments):
            statuses = services.statuses_of(actor=user, assessments=assessments, today=today)
            access.remember_visibility(user, [s.assessment.person for s in statuses])
            return [
                WorkItem(
                    record=s.assessment,
                    text=f"Review risk for {child.label}",
                    href=child.href or reverse("risk:assessment", args=[s.assessment.pk]),
                    due_at=s.assessment.review_due,
                    overdue=s.is_overdue,
                    detail=presenters.prompt_text(s),
                )
                for s in statuses
                for child in [access.child_reference(user, s.assessment.person)]
            ]

        sections.append(
            WorkSection(
                "Risk reviews due",
                query=WorkQuery(
                    services.reviews_due(actor=user, mine_only=True),
                    due_field="review_due",
                    overdue=Q(review_due__lt=today),
                    items=review_items,
                ),
                empty_text="No risk reviews due in the next two weeks.",
                order=20,
            )
        )
    returned = services.assessments_returned_to(actor=user)
    if returned:
        sections.append(
            WorkSection(
                "Risk assessments returned for rework",
                [
                    WorkItem(
                        record=a,
                        text=f"Rework the risk assessment for {a.person.full_name}",
                        href=reverse("risk:assessment_edit", args=[a.pk]),
                        detail=f"Returned by {a.returned_by.display_name} on "
                        f"{uk_date(a.returned_at)}: {a.return_reason}",
                    )
                    for a in returned
                ],
                order=20,
            )
        )

    def sign_off_items(assessments):
        access.remember_visibility(user, [a.person for a in assessments])
        return [
            WorkItem(
                record=a,
                text="Sign off the risk assessment for "
                f"{access.child_reference(user, a.person).label}",
                href=reverse("risk:assessment", args=[a.pk]),
                due_at=a.review_due,
                overdue=status.is_overdue,
                detail="; ".join(
                    part
                    for part in (
                        f"Finalised on {uk_date(a.completed_at)}",
                        presenters.prompt_text(status),
                    )
                    if part
                ),
            )
            for a, status in services.sign_offs_waiting(
                actor=user, assessments=assessments, today=today
            )
        ]

    awaiting = services.assessments_awaiting_sign_off(actor=user)
    if awaiting.exists():
        sections.append(
            WorkSection(
                "Assessments awaiting your sign-off",
                query=WorkQuery(
                    awaiting,
                    due_field="review_due",
                    overdue=Q(review_due__lt=today),
                    items=sign_off_items,
                ),
                order=21,
            )
        )

    def action_items(actions):
        access.remember_visibility(user, [a.plan.person for a in actions])
        return [
            WorkItem(
                record=a,
                text=f"{a.text} ({access.child_reference(user, a.plan.person).label})",
                href=reverse("risk:action", args=[a.pk]),
                due_at=a.due_on,
                overdue=a.due_on < today,
                detail="" if a.owner_id else "No one named yet: name who will do it",
            )
            for a in actions
        ]

    sections.append(
        WorkSection(
            "Safety plan actions",
            query=WorkQuery(
                services.open_actions_for_owner(actor=user),
                due_field="due_on",
                overdue=Q(due_on__lt=today),
                items=action_items,
            ),
            empty_text="No safety plan actions are yours.",
            order=22,
        )
    )
    return sections


def timeline(user, person) -> list[TimelineEntry]:
    entries = []
    for assessment in (
        access.visible(user, RiskAssessment)
        .filter(person=person, status__in=FINAL_STATUSES)
        .select_related("tool", "owning_agency")
        .order_by("id")
    ):
        level = scoring.level_label(assessment.tool.definition, assessment.judged_level)
        entries.append(
            TimelineEntry(
                occurred_at=assessment.completed_at,
                title=f"Risk assessment: {level.lower()}",
                description=f"Score {assessment.score}; next review "
                f"{assessment.review_due:%d/%m/%Y}",
                agency=assessment.owning_agency.name,
                kind="risk",
                href=reverse("risk:assessment", args=[assessment.pk]),
            )
        )
    return entries


def oversight(user, person_ids) -> list[OversightItem]:
    """Risk assessments overdue for these children (the team's open cases): a review date
    that has passed (the one rule every list uses), or no final assessment at all."""
    if not access.may_read_personal_data(user):
        return []
    today = timezone.localdate()
    statuses = services.risk_statuses(actor=user, people_ids=person_ids, today=today)
    items = []
    for person_id in person_ids:
        status = statuses.get(person_id)
        if status is None or status.assessment is None:
            items.append(
                OversightItem(
                    person_id=person_id,
                    text="No risk assessment",
                    href=reverse("risk:assessment_new", args=[person_id]),
                    detail="The child has no finished risk assessment",
                )
            )
        elif status.is_overdue:
            items.append(
                OversightItem(
                    person_id=person_id,
                    text="Risk assessment review overdue",
                    href=reverse("risk:assessment", args=[status.assessment.pk]),
                    due_on=status.assessment.review_due,
                    detail=f"{status.level_label}; last finished "
                    f"{uk_date(status.assessment.completed_at)}",
                    record=status.assessment,
                )
            )
    return items
