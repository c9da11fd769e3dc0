"""Meetings themselves: creating one with its agenda, opening and listing them, the
agencies invited and at the table, and the children and agencies to choose from."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from triangulate.core import access, extensions, records
from triangulate.core.audit import audit
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.spreadsheets import whole_number
from triangulate.register import services as register
from triangulate.register.models import Person, PersonKind

from ..models import AgendaItem, AgendaPrompt, Attendance, Meeting, MeetingKind
from .candidates import agenda_candidates, subject_candidates


class MeetingClosed(Exception):
    """The minutes are closed; the record can no longer change."""


def _reason_data(reason: extensions.AgendaReason) -> dict:
    return {
        "text": reason.text,
        "about": list(reason.about) if reason.about else None,
        "withheld": reason.withheld,
    }


@transaction.atomic
def meeting_create(
    *, actor: User, kind: str, title: str, held_at: dt.datetime, person=None
) -> Meeting:
    """Create a meeting and build its agenda from the records the chair's agency may see."""
    access.require(actor, "meetings.manage")
    meeting = Meeting.objects.create(
        owning_agency=actor.agency, kind=kind, title=title, held_at=held_at, chair=actor,
        person=person,
    )  # fmt: skip
    if kind == MeetingKind.STRATEGY and person is not None:
        candidates = {person.pk: ["Strategy discussion"]}
    else:
        candidates = agenda_candidates(actor=actor, kind=kind, held_at=held_at)
    people = {
        p.pk: p
        for p in access.visible(actor, Person).filter(pk__in=list(candidates)).order_by("id")
    }
    ordered = sorted(
        (pid for pid in candidates if pid in people),
        key=lambda pid: (-len(candidates[pid]), people[pid].family_name, pid),
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            owning_agency=actor.agency,
            meeting=meeting,
            person=people[pid],
            position=index,
            reasons=candidates[pid],
        )
        for index, pid in enumerate(ordered, start=1)
    )
    access.visible(actor, AgendaPrompt).filter(used_in__isnull=True, person_id__in=ordered).update(
        used_in=meeting
    )
    subjects = subject_candidates(actor=actor, kind=kind, held_at=held_at)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            owning_agency=actor.agency,
            meeting=meeting,
            subject_type=ContentType.objects.get_for_model(subject.record),
            subject_id=subject.record.pk,
            subject_label=subject.label[:300],
            subject_href=subject.href[:200],
            position=index,
            reasons=[_reason_data(reason) for reason in subject.reasons],
        )
        for index, subject in enumerate(subjects, start=len(ordered) + 1)
    )
    audit(
        actor,
        AuditAction.CREATE,
        meeting,
        "create a meeting and its agenda",
        detail={
            "children": ordered,
            "subjects": [[s.record._meta.label_lower, s.record.pk] for s in subjects],
        },
    )
    return meeting


def meeting_open(*, actor: User, pk: int, purpose: str = "view meeting") -> Meeting:
    meeting = access.get_visible_or_403(actor, Meeting, pk, purpose=purpose)
    audit(actor, AuditAction.VIEW, meeting, purpose)
    return meeting


def meetings_list(*, actor: User) -> list[Meeting]:
    return list(
        access.visible(actor, Meeting).select_related("chair").order_by("-held_at", "-id")[:100]
    )


def _require_open(meeting: Meeting):
    if meeting.minutes_closed_at:
        raise MeetingClosed


@transaction.atomic
def attendance_add(
    *, actor: User, meeting: Meeting, agency: Agency, name: str, role: str, status: str
) -> Attendance:
    access.require(actor, "meetings.manage", meeting)
    _require_open(meeting)
    row = Attendance.objects.create(
        meeting=meeting, agency=agency, name=name, role=role, status=status
    )
    audit(actor, AuditAction.CHANGE, meeting, "record attendance", detail={"agency": agency.name})
    if agency.pk != meeting.owning_agency_id:
        _share_meeting(actor, meeting, agency)
    return row


@transaction.atomic
def meeting_invite(*, actor: User, meeting: Meeting, agencies: list[Agency]) -> None:
    """Invite partner agencies to a meeting the actor's agency holds (a strategy meeting set
    up by the front door): each is shared the meeting as an attending agency is."""
    access.require(actor, "meetings.manage", meeting)
    for agency in agencies:
        if agency.pk != meeting.owning_agency_id:
            _share_meeting(actor, meeting, agency)


def _invited(meeting: Meeting, agency: Agency) -> bool:
    """Whether the meeting was shared with the agency by an invitation (:func:`meeting_invite`)."""
    return records.live_share(meeting, agency) is not None


def _share_meeting(actor: User, meeting: Meeting, agency: Agency) -> None:
    """An agency at the table sees the meeting: an explicit share of the meeting, with the
    safeguarding lawful basis, written to the audit. Of its agenda it reads the items about
    children it may see (:func:`readable_items`); any other item only by :func:`item_share`."""
    records.share(
        actor,
        meeting,
        agency,
        basis=records.LawfulBasis.SAFEGUARDING,
        purpose="multi-agency meeting attended by this agency",
    )


def attendance(*, meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("agency").order_by("agency__name", "name", "id"))


CHILD_SEARCH_LIMIT = 20


def child_choices(*, actor: User, query: str = "", chosen: str = "") -> list[Person]:
    """The children to choose from for a strategy meeting or an agenda: those found by a
    register search (audited there), and the one already chosen if the user may see it.
    Never the whole register."""
    people: list[Person] = []
    if query.strip():
        found = register.person_search(
            actor=actor, query=register.SearchQuery(name=query), limit=CHILD_SEARCH_LIMIT
        )
        people = [p for p in found if p.kind == PersonKind.CHILD]
    try:
        chosen_pk = whole_number(chosen)
    except ValueError:
        return people
    if all(p.pk != chosen_pk for p in people):
        people += list(
            access.visible(actor, Person).filter(pk=chosen_pk, kind="child", merged_into=None)
        )
    return people


def agencies() -> list[Agency]:
    return list(Agency.objects.filter(is_active=True).order_by("name", "id"))
