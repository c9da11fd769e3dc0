"""Scrutiny: meetings, agendas, questions sent ahead, oral and written answers, follow-ups."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.roles import Role

from ..models import AgendaItem, Committee, Meeting, Question, Resolution, WitnessOfficer
from ..models.scrutiny import AnswerMode
from . import PartnershipError


def _next(queryset, field: str = "number") -> int:
    return (queryset.aggregate(top=Max(field))["top"] or 0) + 1


@transaction.atomic
def meeting_create(*, actor: User, committee: Committee, held_on: dt.date, title: str) -> Meeting:
    access.require(actor, "scrutiny.manage")
    meeting = Meeting.objects.create(committee=committee, held_on=held_on, title=title)
    audit(actor, AuditAction.CREATE, meeting, "arrange a scrutiny meeting")
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    pages: str = "",
    is_exempt: bool = False,
    follow_up_of: Resolution | None = None,
) -> AgendaItem:
    access.require(actor, "scrutiny.manage")
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=_next(meeting.agenda_items),
        title=title,
        pages=pages,
        is_exempt=is_exempt,
        follow_up_of=follow_up_of,
    )
    audit(actor, AuditAction.CREATE, item, "add an agenda item")
    return item


@transaction.atomic
def question_draft(*, actor: User, meeting: Meeting, text: str, witness_agency: Agency) -> Question:
    """A member drafts a question in advance of the meeting."""
    access.require(actor, "scrutiny.ask")
    question = Question.objects.create(
        meeting=meeting,
        number=_next(meeting.questions),
        text=text,
        drafted_by=actor,
        witness_agency=witness_agency,
    )
    audit(actor, AuditAction.CREATE, question, "draft a scrutiny question")
    return question


@transaction.atomic
def question_assign(*, actor: User, question: Question, member: User) -> None:
    """The chair (or the scrutiny officer) decides which member asks each question."""
    committee = question.meeting.committee
    if not (actor.pk == committee.chair_id or access.may(actor, "scrutiny.manage")):
        raise PartnershipError("Only the chair or the scrutiny officer can assign questions")
    if not member.has_role(Role.ELECTED_MEMBER):
        raise PartnershipError("Questions are asked by elected members")
    bump(question, question.version, asked_by=member)
    audit(
        actor,
        AuditAction.CHANGE,
        question,
        "assign a question to a member",
        detail={"member": member.pk},
    )


@transaction.atomic
def questions_send(*, actor: User, meeting: Meeting) -> int:
    """Send every unsent question to its witness agency ahead of the meeting."""
    access.require(actor, "scrutiny.manage")
    count = meeting.questions.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    audit(
        actor,
        AuditAction.SHARE,
        meeting,
        "send questions to witness agencies",
        detail={"sent": count},
    )
    return count


@transaction.atomic
def answer_record(
    *,
    actor: User,
    question: Question,
    expected_version: int,
    mode: str,
    answer: str = "",
    answered_on: dt.date | None = None,
    due_on: dt.date | None = None,
    today: dt.date | None = None,
) -> None:
    """Record an oral answer, or a promised written one with its deadline (or its arrival)."""
    access.require(actor, "scrutiny.manage")
    today = today or timezone.localdate()
    if mode == AnswerMode.WRITTEN and not answer and due_on is None:
        raise PartnershipError("Enter the date the written answer is due")
    if (
        mode == AnswerMode.WRITTEN
        and due_on
        and due_on < today
        and question.answer_due_on != due_on
    ):
        raise PartnershipError("Date the written answer is due must be today or in the future")
    if mode == AnswerMode.ORAL and not answer:
        raise PartnershipError("Enter a summary of the answer given at the meeting")
    fields = {
        "answer_mode": mode,
        "answer": answer,
        "answered_on": (answered_on or today) if answer else None,
        "answer_due_on": due_on if mode == AnswerMode.WRITTEN else None,
    }
    if mode == AnswerMode.WRITTEN and due_on is None:
        fields["answer_due_on"] = question.answer_due_on or today
    bump(question, expected_version, **fields)
    audit(actor, AuditAction.CHANGE, question, "record an answer", detail={"mode": mode})


@transaction.atomic
def resolution_add(
    *, actor: User, meeting: Meeting, text: str, owner: User, follow_up_on: dt.date | None
) -> Resolution:
    access.require(actor, "scrutiny.manage")
    resolution = Resolution.objects.create(
        meeting=meeting,
        number=_next(meeting.resolutions),
        text=text,
        owner=owner,
        follow_up_on=follow_up_on,
    )
    audit(actor, AuditAction.CREATE, resolution, "record a resolution")
    return resolution


def agencies_answered_by(user: User) -> list[int]:
    """The agencies whose scrutiny questions this user answers."""
    nominated = set(WitnessOfficer.objects.filter(officer=user).values_list("agency_id", flat=True))
    answers_for_own = user.agency_id and user.has_role(Role.CHIEF_OFFICER)
    if (
        answers_for_own
        and not WitnessOfficer.objects.filter(
            agency_id=user.agency_id, officer__is_active=True
        ).exists()
    ):
        nominated.add(user.agency_id)
    return sorted(nominated)


def may_answer(user: User, question: Question) -> bool:
    return question.sent_at is not None and question.witness_agency_id in agencies_answered_by(user)


def elected_members_of(committee: Committee):
    """The committee's members who are councillors, by name: those a question may go to."""
    return (
        committee.members.filter(grants__role=Role.ELECTED_MEMBER)
        .select_related("agency")
        .order_by("last_name", "id")
        .distinct()
    )


def questions_to_answer(user: User):
    """Questions sent to the agencies this user answers for, not yet answered."""
    return (
        Question.objects.filter(
            witness_agency_id__in=agencies_answered_by(user),
            sent_at__isnull=False,
            answered_on__isnull=True,
        )
        .select_related("meeting__committee", "witness_agency")
        .order_by("answer_due_on", "meeting__held_on", "number", "id")
    )


@transaction.atomic
def witness_officer_nominate(*, actor: User, officer: User) -> WitnessOfficer:
    """Name the officer who answers scrutiny questions for their agency (replacing any other)."""
    access.require(actor, "scrutiny.manage")
    if officer.agency_id is None or not officer.is_active:
        raise PartnershipError("Choose an active officer who works for the witness agency")
    nominee, _ = WitnessOfficer.objects.update_or_create(
        agency_id=officer.agency_id,
        defaults={"officer": officer, "nominated_by": actor, "nominated_at": timezone.now()},
    )
    audit(
        actor,
        AuditAction.CHANGE,
        nominee,
        "nominate an officer to answer scrutiny questions",
        detail={"agency": officer.agency_id, "officer": officer.pk},
    )
    return nominee


@transaction.atomic
def answer_submit(*, actor: User, question: Question, expected_version: int, answer: str) -> None:
    """The witness agency's officer answers a question sent to their agency, in writing."""
    access.require(actor, "scrutiny.answer", question)
    if not answer.strip():
        raise PartnershipError("Enter your agency's answer")
    if question.answered_on is not None:
        raise PartnershipError("This question has already been answered")
    today = timezone.localdate()
    bump(
        question,
        expected_version,
        answer=answer,
        answered_on=today,
        answered_by=actor,
        answer_mode=AnswerMode.WRITTEN,
        answer_due_on=question.answer_due_on or today,
    )
    audit(actor, AuditAction.CHANGE, question, "answer a scrutiny question for a witness agency")


def resolutions_owned(user: User):
    """Resolutions this user owns that have not yet come back to their committee."""
    return (
        Resolution.objects.filter(owner=user)
        .exclude(returns__isnull=False)
        .select_related("meeting__committee")
        .order_by("follow_up_on", "meeting__held_on", "id")
    )


def follow_ups_due(meeting: Meeting):
    """Resolutions of this committee whose follow-up falls due by this meeting, not yet back."""
    return (
        Resolution.objects.filter(
            meeting__committee=meeting.committee,
            follow_up_on__lte=meeting.held_on,
            meeting__held_on__lt=meeting.held_on,
        )
        .exclude(returns__isnull=False)
        .select_related("meeting", "owner")
        .order_by("follow_up_on", "id")
    )


def overdue_answers(today: dt.date):
    return (
        Question.objects.filter(
            answer_mode=AnswerMode.WRITTEN, answered_on__isnull=True, answer_due_on__lt=today
        )
        .select_related("meeting__committee", "witness_agency")
        .order_by("answer_due_on", "id")
    )


def member_questions(user: User):
    return (
        Question.objects.filter(Q(drafted_by=user) | Q(asked_by=user))
        .select_related("meeting__committee", "witness_agency")
        .order_by("-meeting__held_on", "number", "id")
    )


def member_follow_ups(user: User):
    return (
        Resolution.objects.filter(meeting__committee__members=user, follow_up_on__isnull=False)
        .exclude(returns__isnull=False)
        .select_related("meeting__committee", "owner")
        .order_by("follow_up_on", "id")
        .distinct()
    )


def meeting_detail(meeting: Meeting):
    return {
        "agenda": meeting.agenda_items.select_related("follow_up_of__meeting").order_by(
            "number", "id"
        ),
        "questions": meeting.questions.select_related(
            "drafted_by", "asked_by", "witness_agency", "answered_by"
        ).order_by("number", "id"),
        "resolutions": meeting.resolutions.select_related("owner").order_by("number", "id"),
        "follow_ups": follow_ups_due(meeting),
    }
