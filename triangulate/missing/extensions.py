"""What this app adds through core's extension points (core.extensions), under the
fixed names each point asks for:

- The missing panel on a child's page: episodes, interviews, the repeat alert, the profile.
- My-work section for return home interviews due, and timeline entries for episodes.
- What missing episodes tell a risk assessment (see core.extensions.IndicatorEvidence).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import (
    IndicatorEvidence,
    Panel,
    TimelineEntry,
    WorkItem,
    WorkQuery,
    WorkSection,
)
from triangulate.core.presenters import uk_date
from triangulate.register.models import PersonKind

from . import presenters, services
from .models import InterviewOutcome, MissingEpisode, ReturnInterview


def person_panels(request, person) -> list[Panel]:
    user = request.user
    if person.kind != PersonKind.CHILD or not access.may_read_personal_data(user):
        return []
    episodes = services.episodes_for(actor=user, person=person)
    policy = services.current_policy()
    repeat = services.repeat_missing(actor=user, person=person).get(person.pk)
    context = {
        "person": person,
        "rows": presenters.episode_rows(user, episodes[:10], with_child=False),
        "count": len(episodes),
        "repeat": repeat,
        "policy": policy,
        "interviews": presenters.interview_rows(
            user, services.interviews_outstanding(actor=user, person=person)
        ),
        "profile": services.profile_current(actor=user, person=person),
        "may_record": access.may(user, "missing.record", person),
    }
    return [
        Panel(
            "Missing episodes",
            render_to_string("missing/_panel.html", context, request=request),
            order=30,
        )
    ]


def my_work(user) -> list[WorkSection]:
    sections = []
    if access.may(user, "missing.police_task"):
        tasks = services.police_tasks_waiting(actor=user)
        if tasks:
            sections.append(
                WorkSection(
                    "Return interview findings to record as intelligence",
                    [
                        WorkItem(
                            record=task,
                            text=f"Findings from {task.child_name}'s return home interview",
                            href=reverse("missing:police_task", args=[task.pk]),
                            detail=f"Passed on {uk_date(task.created_at)} by "
                            f"{task.owning_agency.name}",
                        )
                        for task in tasks
                    ],
                    order=24,
                )
            )
    if not access.may(user, "missing.interview"):
        return sections

    def items(interviews):
        access.remember_visibility(user, [interview.person for interview in interviews])
        return [
            WorkItem(
                record=interview,
                text="Return home interview for "
                f"{access.child_reference(user, interview.person).label}",
                href=reverse("missing:interview", args=[interview.pk]),
                due_at=interview.due_at,
                overdue=services.interview_clock(interview).is_overdue,
                detail=(
                    f"Placed out of area by {interview.episode.placing_authority}"
                    if interview.episode.placed_out_of_area
                    else ""
                ),
            )
            for interview in interviews
        ]

    return [
        *sections,
        WorkSection(
            "Return home interviews due",
            query=WorkQuery(
                services.interviews_outstanding(actor=user),
                due_field="due_at",
                overdue=services.interview_overdue(),
                items=items,
            ),
            empty_text="No return home interviews are waiting.",
            order=25,
        ),
    ]


def timeline(user, person) -> list[TimelineEntry]:
    entries = []
    for episode in (
        access.visible(user, MissingEpisode)
        .filter(person=person)
        .select_related("owning_agency")
        .order_by("id")
    ):
        entries.append(
            TimelineEntry(
                occurred_at=episode.started_at,
                title="Went missing" if episode.category == "M" else "Away without authorisation",
                description=f"Police risk: {episode.get_police_risk_display().lower()}",
                agency=episode.owning_agency.name,
                kind="missing",
                href=reverse("missing:episode", args=[episode.pk]),
            )
        )
        if episode.ended_at:
            entries.append(
                TimelineEntry(
                    occurred_at=episode.ended_at,
                    title="Found or returned",
                    description=episode.where_found,
                    agency=episode.owning_agency.name,
                    kind="missing",
                    href=reverse("missing:episode", args=[episode.pk]),
                )
            )
    for interview in (
        access.visible(user, ReturnInterview)
        .filter(person=person, completed_at__isnull=False)
        .select_related("owning_agency")
        .order_by("id")
    ):
        held = interview.outcome == InterviewOutcome.HELD
        entries.append(
            TimelineEntry(
                occurred_at=interview.held_at if held else interview.completed_at,
                title="Return home interview held" if held else "Return home interview not held",
                description=(
                    f"By {interview.interviewer}"
                    + (" (independent)" if interview.independent else "")
                    if held
                    else interview.not_held_reason
                ),
                agency=interview.owning_agency.name,
                kind="missing",
                href=reverse("missing:interview", args=[interview.pk]),
            )
        )
    return entries


def indicator_evidence(user, person) -> list[IndicatorEvidence]:
    """Every missing or away episode of the child this user may see: kind ``missing.episode``."""
    episodes = (
        access.visible(user, MissingEpisode)
        .filter(person=person)
        .select_related("owning_agency")
        .order_by("-started_at", "-id")
    )
    return [
        IndicatorEvidence(
            kind="missing.episode",
            occurred_on=timezone.localdate(episode.started_at),
            source=f"{episode.get_category_display().split(' (')[0]} from "
            f"{uk_date(episode.started_at)}, recorded by {episode.owning_agency.name}",
            href=reverse("missing:episode", args=[episode.pk]),
        )
        for episode in episodes
    ]
