"""What a new meeting's agenda is built from: the children the records say it should discuss
(new high-risk children, overdue reviews, repeat missing, return interview findings,
overdue safety-plan actions, prompts other apps leave) and, for a MACE panel, the persons
of concern and places due for discussion."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from triangulate.core import access, extensions
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User
from triangulate.missing import services as missing
from triangulate.risk import scoring
from triangulate.risk import services as risk
from triangulate.risk.models import ReviewPrompt

from ..models import AgendaPrompt, Meeting, MeetingKind

DEFAULT_LOOKBACK_DAYS = {MeetingKind.DAILY_HUB: 1, MeetingKind.MACE: 14, MeetingKind.STRATEGY: 7}


def _is_high(assessment) -> bool:
    codes = scoring.level_codes(assessment.tool.definition)
    return assessment.judged_level == codes[-1]


def _medium_or_above(assessment) -> bool:
    codes = scoring.level_codes(assessment.tool.definition)
    return codes.index(assessment.judged_level) >= len(codes) - 2


def previous_meeting(*, actor: User, kind: str, before: dt.datetime) -> Meeting | None:
    return (
        access.visible(actor, Meeting)
        .filter(kind=kind, held_at__lt=before)
        .order_by("-held_at", "-id")
        .first()
    )


def _since(*, actor: User, kind: str, held_at: dt.datetime) -> dt.datetime:
    """When the last meeting of this kind met, or the default look-back before this one."""
    previous = previous_meeting(actor=actor, kind=kind, before=held_at)
    if previous:
        return previous.held_at
    return held_at - dt.timedelta(days=DEFAULT_LOOKBACK_DAYS.get(kind, 14))


def agenda_candidates(*, actor: User, kind: str, held_at: dt.datetime) -> dict[int, list[str]]:
    """{person id: [reasons]} for the children this meeting should discuss."""
    since = _since(actor=actor, kind=kind, held_at=held_at)
    reasons: dict[int, list[str]] = {}

    def add(person_id: int, reason: str):
        reasons.setdefault(person_id, [])
        if reason not in reasons[person_id]:
            reasons[person_id].append(reason)

    today = timezone.localdate()
    # The daily hub looks only at what is new since the last hub; the MACE panel also
    # looks at what has slipped (overdue reviews and actions, repeat missing).
    full = kind != MeetingKind.DAILY_HUB
    # Only the latest assessments that could give a reason, chosen in the database: a
    # borough holds tens of thousands, and reading them all made a new meeting take seconds.
    could_matter = Q(completed_at__gte=since)
    if full:
        prompted = access.visible(actor, ReviewPrompt).filter(resolved_by__isnull=True)
        could_matter |= Q(review_due__lt=today) | Q(person_id__in=prompted.values("person_id"))
    latest = (
        risk.latest_finals(actor=actor)
        .filter(could_matter)
        .prefetch_related("tool")
        .defer("answers", "evidence", "floor_reasons")
    )
    for status in risk.statuses_of(actor=actor, assessments=latest, today=today):
        assessment = status.assessment
        person_id = assessment.person_id
        if _is_high(assessment) and assessment.completed_at >= since:
            add(person_id, "New high-risk assessment")
        if full and status.state == "overdue" and _medium_or_above(assessment):
            add(person_id, "Risk review overdue")
        elif full and status.state == "review_prompted" and _medium_or_above(assessment):
            add(person_id, "Early risk review prompted and not yet done")
    if full:
        for person_id, count in missing.repeat_missing(actor=actor).items():
            add(person_id, f"Repeat missing ({count} episodes)")
        for action in risk.overdue_plan_actions(actor=actor, today=today):
            add(action.plan.person_id, "Safety plan action overdue")
    else:
        for episode in missing.open_episodes(actor=actor):
            add(episode.person_id, "Missing now")
    for interview in missing.interviews_with_findings(actor=actor, since=since):
        add(interview.person_id, "Return home interview findings")
    for prompt in access.visible(actor, AgendaPrompt).filter(used_in__isnull=True):
        add(prompt.person_id, prompt.get_reason_display())
    return reasons


def subject_candidates(
    *, actor: User, kind: str, held_at: dt.datetime
) -> list[extensions.AgendaSubject]:
    """What else than children a MACE panel should discuss (persons of concern and places
    due for discussion, from the apps that hold them), as the chair's agency may see them,
    most reasons first."""
    if kind != MeetingKind.MACE:
        return []
    since = _since(actor=actor, kind=kind, held_at=held_at)
    subjects = extensions.agenda_subjects(actor, since=since, held_at=held_at)
    return sorted(subjects, key=lambda s: (-len(s.reasons), s.label, s.record.pk))


def agenda_prompt_create(*, person, reason: str, detail: str = "", actor=None) -> AgendaPrompt:
    """A hook for other apps: ask for a child to be discussed at the next meeting."""
    prompt = AgendaPrompt.objects.create(
        owning_agency=person.owning_agency, person=person, reason=reason, detail=detail[:300]
    )
    audit(
        actor,
        AuditAction.CREATE,
        prompt,
        "ask for a child to be discussed",
        detail={"reason": reason},
    )
    return prompt
