"""What partnership work is due for a user, for the "My work" page.

The functions carry the fixed names core.extensions asks for.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from triangulate.core.extensions import WorkItem, WorkSection
from triangulate.core.presenters import uk_date
from triangulate.core.roles import Role

from .models import Action, DateMoveRequest, Question, RagOverride, Recommendation
from .models.scrutiny import AnswerMode
from .services import recommendations as recommendation_services
from .services import scrutiny as scrutiny_services


def my_work(user) -> list[WorkSection]:
    today = timezone.localdate()
    soon = today + dt.timedelta(days=60)
    sections = []
    actions = Action.objects.filter(
        lead_officer=user, signed_off_at__isnull=True, target_date__lte=soon
    ).order_by("target_date", "id")
    if actions.exists() or user.has_role(Role.PARTNERSHIP_MANAGER):
        sections.append(
            WorkSection(
                "Plan actions you lead due within 60 days",
                [
                    WorkItem(
                        f"{a.number} {a.title}",
                        reverse("partnership:action", args=[a.pk]),
                        a.target_date,
                        a.target_date < today,
                    )
                    for a in actions[:50]
                ],
                "No plan actions you lead are due.",
                order=50,
            )
        )
    if user.has_role(Role.PARTNERSHIP_MANAGER, Role.CHIEF_OFFICER):
        pending = RagOverride.objects.filter(decided_at__isnull=True).exclude(proposed_by=user)
        sections.append(
            WorkSection(
                "RAG overrides waiting for a second person",
                [
                    WorkItem(
                        f"{o.action.number}: proposed {o.get_status_display()}",
                        reverse("partnership:action", args=[o.action_id]),
                    )
                    for o in pending.select_related("action").order_by("proposed_at", "id")[:50]
                ],
                "No overrides are waiting.",
                order=51,
            )
        )
    moves = DateMoveRequest.objects.filter(approver=user, decided_at__isnull=True)
    if moves.exists() or user.has_role(Role.PARTNERSHIP_MANAGER, Role.CHIEF_OFFICER):
        sections.append(
            WorkSection(
                "Target date moves waiting for your approval",
                [
                    WorkItem(
                        f"{m.action.number}: move the target date to {uk_date(m.new_date)}, "
                        f"asked for by {m.requested_by.display_name}",
                        reverse("partnership:action", args=[m.action_id]),
                    )
                    for m in moves.select_related("action", "requested_by").order_by(
                        "requested_at", "id"
                    )[:50]
                ],
                "No date moves are waiting for you.",
                order=51,
            )
        )
    if user.has_role(Role.PARTNERSHIP_MANAGER):
        late = recommendation_services.overdue(today)
        sections.append(
            WorkSection(
                "Overdue recommendations",
                [
                    WorkItem(
                        f"{r.source.title}, recommendation {r.number}",
                        reverse("partnership:recommendation", args=[r.pk]),
                        r.due_by(),
                        True,
                    )
                    for r in late[:50]
                ],
                "No recommendations are overdue.",
                order=53,
            )
        )
        report_backs = (
            Recommendation.objects.filter(report_back_on__lte=soon)
            .exclude(status__in=["done", "merged"])
            .select_related("source")
            .order_by("report_back_on", "id")
        )
        sections.append(
            WorkSection(
                "Recommendations due to report back within 60 days",
                [
                    WorkItem(
                        f"{r.source.title}, recommendation {r.number}",
                        reverse("partnership:recommendation", args=[r.pk]),
                        r.report_back_on,
                        r.report_back_on < today,
                    )
                    for r in report_backs[:50]
                ],
                "No recommendations are due to report back.",
                order=53,
            )
        )
    to_answer = scrutiny_services.questions_to_answer(user)
    if to_answer.exists():
        sections.append(
            WorkSection(
                "Scrutiny questions for your agency to answer",
                [
                    WorkItem(
                        f"Question {q.number} to {q.witness_agency.name}, {q.meeting}",
                        reverse("partnership:question_respond", args=[q.pk]),
                        q.answer_due_on,
                        q.is_overdue(today),
                    )
                    for q in to_answer[:50]
                ],
                "No scrutiny questions are waiting for your agency.",
                order=52,
            )
        )
    owned = scrutiny_services.resolutions_owned(user)
    if owned.exists():
        sections.append(
            WorkSection(
                "Scrutiny resolutions you own",
                [
                    WorkItem(
                        f"Resolution {r.number}, {r.meeting}: {r.text[:120]}",
                        reverse("partnership:meeting", args=[r.meeting_id]),
                        r.follow_up_on,
                        bool(r.follow_up_on and r.follow_up_on < today),
                    )
                    for r in owned[:50]
                ],
                "No resolutions are waiting for you.",
                order=52,
            )
        )
    if user.has_role(Role.SCRUTINY_OFFICER):
        answers = Question.objects.filter(
            answer_mode=AnswerMode.WRITTEN, answered_on__isnull=True
        ).select_related("meeting")
        sections.append(
            WorkSection(
                "Written answers awaited",
                [
                    WorkItem(
                        f"Question {q.number}, {q.meeting}",
                        reverse("partnership:meeting", args=[q.meeting_id]) + f"#question-{q.pk}",
                        q.answer_due_on,
                        q.is_overdue(today),
                    )
                    for q in answers.order_by("answer_due_on", "id")[:50]
                ],
                "No written answers are awaited.",
                order=52,
            )
        )
    return sections
