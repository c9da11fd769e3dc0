"""Return home interviews: their clock, recording the offer and outcome (passing findings on
and announcing them to other apps), and the interviews outstanding or with findings."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from triangulate.core import access, extensions
from triangulate.core.audit import audit
from triangulate.core.clocks import Clock, clock
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User

from ..models import InterviewOutcome, MissingEpisode, ReturnInterview
from .errors import EpisodeInvalid
from .police import _pass_findings_to_police, police_forces

OPEN_INTERVIEW = (InterviewOutcome.AWAITING, InterviewOutcome.OFFERED)


def interview_clock(interview: ReturnInterview, now: dt.datetime | None = None) -> Clock:
    done = interview.offered_at if interview.outcome != InterviewOutcome.AWAITING else None
    return clock(interview.due_at, done_at=done, now=now, due_soon=dt.timedelta(hours=24))


def interview_overdue(now: dt.datetime | None = None) -> Q:
    """``interview_clock``'s overdue as a condition on interviews, for lists counted in the
    database: still awaiting an offer after the due time, or offered after it."""
    now = now or timezone.now()
    awaiting = Q(outcome=InterviewOutcome.AWAITING)
    return (awaiting & Q(due_at__lt=now)) | (~awaiting & Q(offered_at__gt=F("due_at")))


@transaction.atomic
def interview_record(
    *,
    actor: User,
    interview: ReturnInterview,
    expected_version: int,
    outcome: str,
    offered_at: dt.datetime | None,
    held_at: dt.datetime | None = None,
    not_held_reason: str = "",
    interviewer: str = "",
    interviewer_agency: str = "",
    independent: bool | None = None,
    push_factors: str = "",
    pull_factors: str = "",
    where_went: str = "",
    with_whom: str = "",
    harm: str = "",
    shared_with: str = "",
    raise_intelligence: bool = False,
    prompt_review: bool = False,
    now: dt.datetime | None = None,
) -> ReturnInterview:
    """Record the offer and the outcome of a return home interview."""
    access.require(actor, "missing.interview", interview.person)
    access.require_changeable(actor, interview, purpose="record a return home interview")
    now = now or timezone.now()
    errors = {}
    if outcome == InterviewOutcome.AWAITING:
        errors["outcome"] = "Select what happened with the interview"
    if outcome != InterviewOutcome.AWAITING and not offered_at:
        errors["offered_on"] = "Enter when the interview was offered"
    if offered_at and offered_at < interview.episode.ended_at:
        errors["offered_on"] = "The interview cannot be offered before the child returned"
    if offered_at and offered_at > now:
        errors["offered_on"] = "The time the interview was offered must be now or in the past"
    if outcome == InterviewOutcome.HELD:
        if not held_at:
            errors["held_on"] = "Enter when the interview was held"
        elif held_at > now:
            errors["held_on"] = "The time the interview was held must be now or in the past"
        elif offered_at and held_at < offered_at:
            errors["held_on"] = "The interview cannot be held before it was offered"
        if not interviewer.strip():
            errors["interviewer"] = "Enter who held the interview"
        if independent is None:
            errors["independent"] = "Select whether the interviewer was independent"
    if outcome in (InterviewOutcome.DECLINED, InterviewOutcome.NOT_HELD) and not (
        not_held_reason.strip()
    ):
        errors["not_held_reason"] = "Enter the reason the interview was not held"
    if outcome == InterviewOutcome.HELD and raise_intelligence and not police_forces():
        errors["raise_intelligence"] = "There is no police force here to pass the findings to"
    if errors:
        raise EpisodeInvalid(errors)
    completed = outcome in (
        InterviewOutcome.HELD,
        InterviewOutcome.DECLINED,
        InterviewOutcome.NOT_HELD,
    )
    bump(
        interview,
        expected_version,
        outcome=outcome,
        offered_at=offered_at,
        held_at=held_at if outcome == InterviewOutcome.HELD else None,
        not_held_reason=not_held_reason,
        interviewer=interviewer,
        interviewer_agency=interviewer_agency,
        independent=independent,
        push_factors=push_factors,
        pull_factors=pull_factors,
        where_went=where_went,
        with_whom=with_whom,
        harm=harm,
        shared_with=shared_with,
        raised_intelligence=raise_intelligence,
        completed_at=timezone.now() if completed else None,
        recorded_by=actor,
    )
    interview.refresh_from_db()
    audit(actor, AuditAction.CHANGE, interview, "record a return home interview")
    if outcome == InterviewOutcome.HELD and raise_intelligence:
        _pass_findings_to_police(actor, interview)
    if outcome == InterviewOutcome.HELD and (prompt_review or raise_intelligence):
        extensions.publish(
            "missing.interview_findings",
            person=interview.person,
            interview=interview,
            actor=actor,
            prompt_review=prompt_review,
            raise_intelligence=raise_intelligence,
        )
    return interview


def interview_open(*, actor: User, pk: int) -> ReturnInterview:
    interview = access.get_visible_or_403(actor, ReturnInterview, pk, purpose="view interview")
    audit(actor, AuditAction.VIEW, interview, "view return home interview")
    return interview


def interview_for(*, actor: User, episode: MissingEpisode) -> ReturnInterview | None:
    return access.visible(actor, ReturnInterview).filter(episode=episode).first()


def interviews_outstanding(*, actor: User, person=None) -> QuerySet[ReturnInterview]:
    """Interviews waiting to be held or recorded, soonest due first (a query: a page shows the
    first rows)."""
    rows = access.visible(actor, ReturnInterview)
    if person is not None:
        rows = rows.filter(person=person)
    return (
        rows.filter(outcome__in=OPEN_INTERVIEW)
        .select_related("person", "episode")
        .order_by("due_at", "id")
    )


def interviews_with_findings(*, actor: User, since: dt.datetime) -> list[ReturnInterview]:
    return list(
        access.visible(actor, ReturnInterview)
        .filter(outcome=InterviewOutcome.HELD, completed_at__gte=since)
        .filter(~Q(harm="") | Q(raised_intelligence=True))
        .select_related("person")
        .order_by("completed_at", "id")
    )
