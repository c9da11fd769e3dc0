"""Writes and audited reads for meetings. Agendas are built from the records: new high-risk
children, overdue reviews, repeat missing, return interview findings, overdue safety-plan
actions, and prompts other apps leave (new intelligence, cases due for closure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from triangulate.core import access, extensions, records
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import Agency, AuditAction, RecordShare, User
from triangulate.core.spreadsheets import whole_number
from triangulate.missing import services as missing
from triangulate.register import services as register
from triangulate.register.models import Person, PersonKind
from triangulate.risk import scoring
from triangulate.risk import services as risk
from triangulate.risk.models import ReviewPrompt

from .models import (
    AgendaItem,
    AgendaPrompt,
    AgendaPromptReason,
    Attendance,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
    MeetingKind,
)

DEFAULT_LOOKBACK_DAYS = {MeetingKind.DAILY_HUB: 1, MeetingKind.MACE: 14, MeetingKind.STRATEGY: 7}


class MeetingClosed(Exception):
    """The minutes are closed; the record can no longer change."""


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


def readable_items(actor: User):
    """The agenda items this user may read.

    The agency that holds a meeting reads all of its items. An agency at the table (the
    meeting is shared with it when its attendance is recorded) reads the items about
    children it may see, and general business. Any other item only when the holding
    agency has recorded a decision to share that item with it (:func:`item_share`).
    """
    meetings = access.visible(actor, Meeting).values("pk")
    general = Q(person__isnull=True, subject_type__isnull=True)
    about_seen = Q(person__in=access.visible(actor, Person).values("pk"))
    for subject_type in _subject_types():
        about_seen |= Q(
            subject_type=subject_type,
            subject_id__in=access.visible(actor, subject_type.model_class()).values("pk"),
        )
    return AgendaItem.objects.filter(
        Q(pk__in=access.visible(actor, AgendaItem).values("pk"))
        | (Q(meeting__in=meetings) & (general | about_seen))
    )


def _subject_types() -> list[ContentType]:
    """The kinds of record other than children that agendas hold items about."""
    used = AgendaItem.objects.exclude(subject_type=None).values("subject_type").distinct()
    return [ct for ct in ContentType.objects.filter(pk__in=used) if ct.model_class() is not None]


@dataclass(frozen=True)
class Shown:
    """What one viewer reads of an item: what it is about (a link to the subject's page only
    for those who may see it), what kind of record that is, and why it is on the agenda."""

    title: str
    href: str
    kind: str
    reasons: list[str]


def _visible_ids(actor: User, wanted: dict[str, set[int]]) -> set[tuple[str, int]]:
    """Which of these records (by model label) the user may see, in one query a model."""
    seen = set()
    for label, ids in wanted.items():
        model = apps.get_model(label)
        pks = access.visible(actor, model).filter(pk__in=ids).values_list("pk", flat=True)
        seen.update((label, pk) for pk in pks)
    return seen


def _kind_of(item: AgendaItem) -> str:
    return str(item.subject_type.model_class()._meta.verbose_name)


def _reason_shown(reason, seen: set[tuple[str, int]]) -> str:
    """A reason in words: a child's as it was written; one about a record in full only to a
    reader who may see that record, otherwise its withheld words."""
    if isinstance(reason, str):
        return reason
    about = reason.get("about")
    return reason["text"] if not about or tuple(about) in seen else reason["withheld"]


def items_shown(*, actor: User, items: list[AgendaItem]) -> dict[int, Shown]:
    """{item id: Shown} for these items as this user may read them. A subject this user may
    not see is named only by its kind; a reason about a record they may not see reads as its
    ``withheld`` words (never its text or grade)."""
    wanted: dict[str, set[int]] = {}
    for item in items:
        if item.subject_type_id:
            wanted.setdefault(item.subject_type.model_class()._meta.label_lower, set()).add(
                item.subject_id
            )
        for reason in item.reasons:
            if isinstance(reason, dict) and reason.get("about"):
                label, pk = reason["about"]
                wanted.setdefault(label, set()).add(pk)
    seen = _visible_ids(actor, wanted)
    shown = {}
    for item in items:
        reasons = [_reason_shown(reason, seen) for reason in item.reasons]
        if item.subject_type_id:
            kind = _kind_of(item)
            key = (item.subject_type.model_class()._meta.label_lower, item.subject_id)
            if key in seen:
                shown[item.pk] = Shown(item.subject_label, item.subject_href, kind, reasons)
            else:
                shown[item.pk] = Shown(f"A {kind} your agency cannot see", "", kind, reasons)
        else:
            title = item.person.full_name if item.person else "General business"
            shown[item.pk] = Shown(title, "", "", reasons)
    return shown


def agenda(*, actor: User, meeting: Meeting) -> list[AgendaItem]:
    """The items of a meeting this user may read, in agenda order."""
    return list(
        readable_items(actor)
        .filter(meeting=meeting)
        .select_related("person", "subject_type")
        .order_by("position", "id")
    )


class ItemHasRecord(Exception):
    """The item has a decision or actions recorded; it stays in the minutes."""


@transaction.atomic
def item_add(*, actor: User, meeting: Meeting, person: Person, reason: str) -> AgendaItem:
    """Put a child on the agenda, last, with the reason given."""
    access.require(actor, "meetings.manage", meeting)
    _require_open(meeting)
    last = AgendaItem.objects.filter(meeting=meeting).order_by("-position", "-id").first()
    item = AgendaItem.objects.create(
        owning_agency=meeting.owning_agency,
        meeting=meeting,
        person=person,
        position=(last.position + 1) if last else 1,
        reasons=[reason],
    )
    audit(actor, AuditAction.CREATE, item, "add a child to a meeting's agenda")
    return item


ADDED_BY_CHAIR = "Added to the agenda by the chair"


class SubjectRefused(Exception):
    """A subject the chair asked for cannot go on this agenda; ``errors`` maps the form's
    fields to GOV.UK messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@transaction.atomic
def subject_add(
    *, actor: User, meeting: Meeting, kind: str, number: int | None, reason: str
) -> AgendaItem:
    """Put a person of concern, a place or a group on a MACE panel's agenda by hand, last,
    with the reason given, if the chair's agency may see it."""
    access.require(actor, "meetings.manage", meeting)
    _require_open(meeting)
    kinds = extensions.agenda_subject_kinds()
    if meeting.kind != MeetingKind.MACE:
        raise SubjectRefused(
            {"kind": "Only a MACE panel discusses persons of concern, places and groups"}
        )
    if kind not in kinds:
        raise SubjectRefused({"kind": "Select what to put on the agenda"})
    subject = extensions.agenda_subject(actor, kind, number) if number else None
    if subject is None:
        raise SubjectRefused(
            {"number": f"Enter the number of a {kinds[kind].lower()} your agency can see"}
        )
    subject_type = ContentType.objects.get_for_model(subject.record)
    on_agenda = AgendaItem.objects.filter(
        meeting=meeting, subject_type=subject_type, subject_id=subject.record.pk
    )
    if on_agenda.exists():
        raise SubjectRefused({"number": f"{subject.label} is already on the agenda"})
    last = AgendaItem.objects.filter(meeting=meeting).order_by("-position", "-id").first()
    item = AgendaItem.objects.create(
        owning_agency=meeting.owning_agency,
        meeting=meeting,
        subject_type=subject_type,
        subject_id=subject.record.pk,
        subject_label=subject.label[:300],
        subject_href=subject.href[:200],
        position=(last.position + 1) if last else 1,
        # A partner at the table who may not see the subject reads only that the chair put it
        # there, never the chair's words about it.
        reasons=[
            {
                "text": reason.strip(),
                "about": [subject.record._meta.label_lower, subject.record.pk],
                "withheld": ADDED_BY_CHAIR,
            }
        ],
    )
    audit(actor, AuditAction.CREATE, item, "add to a meeting's agenda by hand",
          detail={"subject": [subject.record._meta.label_lower, subject.record.pk]})  # fmt: skip
    return item


@transaction.atomic
def item_remove(*, actor: User, item: AgendaItem) -> None:
    """Take a child off the agenda before it is discussed. An item with a decision or
    actions stays: it is part of the minutes. A prompt the item used goes back to wait for
    the next meeting."""
    access.require(actor, "meetings.manage", item.meeting)
    _require_open(item.meeting)
    if item.decision or item.actions.exists():
        raise ItemHasRecord
    AgendaPrompt.objects.filter(used_in=item.meeting, person=item.person).update(used_in=None)
    audit(
        actor,
        AuditAction.DELETE,
        item,
        "take a child off a meeting's agenda",
        detail={"meeting": item.meeting_id, "reasons": item.reasons},
    )
    item.delete()
    _renumber(item.meeting)


@transaction.atomic
def item_move(*, actor: User, item: AgendaItem, by: int) -> None:
    """Move an item up (``by=-1``) or down (``by=1``) the agenda."""
    access.require(actor, "meetings.manage", item.meeting)
    _require_open(item.meeting)
    order = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting=item.meeting)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    index = order.index(item.pk)
    target = index + by
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
        _renumber(item.meeting, order)
        audit(
            actor,
            AuditAction.CHANGE,
            item,
            "reorder a meeting's agenda",
            detail={"position": target + 1},
        )


def _renumber(meeting: Meeting, order: list[int] | None = None) -> None:
    if order is None:
        order = list(
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
    for position, pk in enumerate(order, start=1):
        AgendaItem.objects.filter(pk=pk).exclude(position=position).update(position=position)


def closing_gaps(*, meeting: Meeting) -> list[str]:
    """What the minutes lack, to confirm before they close for good."""
    gaps = []
    if not meeting.attendance.exists():
        gaps.append("No attendance is recorded.")
    items = AgendaItem.objects.filter(meeting=meeting)
    total = items.count()
    undecided = items.filter(decision="").count()
    if undecided:
        gaps.append(
            f"No decision is recorded for {undecided} of the {total} "
            f"item{'s' if total != 1 else ''} on the agenda."
        )
    return gaps


def may_read_item(*, actor: User, item_id: int | None) -> bool:
    return item_id is not None and readable_items(actor).filter(pk=item_id).exists()


@dataclass(frozen=True)
class AgendaEntry:
    """One place on the agenda: the item, or None where the viewer may not read it."""

    position: int
    item: AgendaItem | None
    # What the item is about, for one the viewer may not read: "child", "place" ...
    about: str = "child"
    shown: Shown | None = None


def agenda_entries(*, actor: User, meeting: Meeting) -> list[AgendaEntry]:
    """The whole agenda in order, items the viewer may not read held back as a place only,
    so an agency at the table knows that other children (or persons of concern, or places)
    are discussed but not who or which."""
    readable = {item.pk: item for item in agenda(actor=actor, meeting=meeting)}
    shown = items_shown(actor=actor, items=list(readable.values()))
    # Of the others only their place and kind are read: never their reasons.
    places = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("subject_type")
        .only("pk", "position", "subject_type__app_label", "subject_type__model")
        .order_by("position", "id")
    )
    return [
        AgendaEntry(
            place.position,
            readable.get(place.pk),
            _kind_of(place) if place.subject_type_id else "child",
            shown.get(place.pk),
        )
        for place in places
    ]


def item_open(*, actor: User, pk: int) -> AgendaItem:
    item = (
        readable_items(actor)
        .select_related("meeting", "person", "subject_type")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        # Not readable: a 404 if there is no such item, otherwise an audited refusal.
        access.get_visible_or_403(actor, AgendaItem, pk, purpose="view agenda item")
    audit(actor, AuditAction.VIEW, item, "view agenda item")
    return item


class AlreadyShared(Exception):
    """The item is already shared with that agency."""


@transaction.atomic
def item_share(*, actor: User, item: AgendaItem, agency: Agency, purpose: str) -> RecordShare:
    """Share one agenda item (its reasons, discussion, decision and place in the minutes)
    with an agency at the table that may not see the child: a recorded decision, with the
    safeguarding lawful basis and the reason given, written to the audit. The child's own
    record stays closed to that agency unless it is shared separately."""
    access.require(actor, "meetings.manage", item.meeting)
    at_table = agency in sharing_agencies(meeting=item.meeting) or _invited(item.meeting, agency)
    if agency.pk == item.owning_agency_id or not at_table:
        raise access.AccessDenied("An item is shared only with another agency at the table.")
    if records.live_share(item, agency) is not None:
        raise AlreadyShared
    try:
        with transaction.atomic():
            return records.share(
                actor, item, agency, basis=records.LawfulBasis.SAFEGUARDING, purpose=purpose
            )
    except IntegrityError:  # shared by someone else at the same moment
        raise AlreadyShared from None


def sharing_agencies(*, meeting: Meeting) -> list[Agency]:
    """The other agencies at the table, to whom an item may be shared."""
    return list(
        Agency.objects.filter(pk__in=meeting.attendance.values("agency_id"))
        .exclude(pk=meeting.owning_agency_id)
        .order_by("name", "id")
    )


def _require_open(meeting: Meeting):
    if meeting.minutes_closed_at:
        raise MeetingClosed


@transaction.atomic
def item_decide(
    *, actor: User, item: AgendaItem, expected_version: int, discussion: str, decision: str
) -> AgendaItem:
    """Record what was discussed and decided about one child; stale edits are refused."""
    access.require(actor, "meetings.manage", item.meeting)
    _require_open(item.meeting)
    bump(
        item,
        expected_version,
        discussion=discussion,
        decision=decision,
        decided_at=timezone.now(),
    )
    item.refresh_from_db()
    audit(actor, AuditAction.CHANGE, item, "record a meeting decision")
    return item


OWNER_SHARE_PURPOSE = "meeting action for its owner"


@transaction.atomic
def action_add(
    *, actor: User, meeting: Meeting, item: AgendaItem | None, text: str, owner: User,
    due_on: dt.date,
) -> MeetingAction:  # fmt: skip
    """Add an action with an owner and deadline; it is shared with the owner's agency, to
    change (the action is theirs to do), so it lands on their 'my work' list."""
    access.require(actor, "meetings.manage", meeting)
    _require_open(meeting)
    action = MeetingAction.objects.create(
        owning_agency=meeting.owning_agency,
        meeting=meeting,
        item=item,
        person=item.person if item else None,
        text=text,
        owner=owner,
        due_on=due_on,
    )
    audit(actor, AuditAction.CREATE, action, "add a meeting action")
    if owner.agency_id:
        records.share(
            actor,
            action,
            owner.agency,
            basis=records.LawfulBasis.SAFEGUARDING,
            purpose=OWNER_SHARE_PURPOSE,
            permits_change=True,
        )
    return action


def action_open(*, actor: User, pk: int) -> MeetingAction:
    action = access.get_visible_or_403(actor, MeetingAction, pk, purpose="meeting action")
    audit(actor, AuditAction.VIEW, action, "view meeting action")
    return action


def may_complete(*, actor: User, action: MeetingAction) -> bool:
    """The meeting's chair, or the action's owner while their agency may change the action
    (the share that gave it to them permits change; one for reading does not)."""
    if action.status != MeetingActionStatus.OPEN:
        return False
    if access.may(actor, "meetings.manage", action):
        return True
    return (
        action.owner_id == actor.pk
        and access.changeable(actor, MeetingAction).filter(pk=action.pk).exists()
    )


@transaction.atomic
def action_complete(*, actor: User, action: MeetingAction) -> MeetingAction:
    if not may_complete(actor=actor, action=action):
        raise access.AccessDenied("Only the action's owner or the meeting's chair can update it.")
    action.status = MeetingActionStatus.DONE
    action.done_on = timezone.localdate()
    action.save(update_fields=["status", "done_on"])
    audit(actor, AuditAction.CHANGE, action, "complete a meeting action")
    return action


def actions_for_meeting(*, actor: User, meeting: Meeting) -> list[MeetingAction]:
    return list(
        access.visible(actor, MeetingAction)
        .filter(meeting=meeting)
        .select_related("owner__agency", "person")
        .order_by("due_on", "id")
    )


def overdue_actions_before(*, actor: User, meeting: Meeting) -> list[MeetingAction]:
    """Actions from earlier meetings not done by their deadline, to stand out at this one."""
    return list(
        access.visible(actor, MeetingAction)
        .filter(
            status=MeetingActionStatus.OPEN,
            due_on__lt=timezone.localtime(meeting.held_at).date(),
            meeting__held_at__lt=meeting.held_at,
        )
        .select_related("owner__agency", "person", "meeting")
        .order_by("due_on", "id")
    )


def open_actions_for_owner(*, actor: User) -> list[MeetingAction]:
    return list(
        access.visible(actor, MeetingAction)
        .filter(owner=actor, status=MeetingActionStatus.OPEN)
        .select_related("meeting", "person")
        .order_by("due_on", "id")
    )


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


@transaction.atomic
def minutes_close(*, actor: User, meeting: Meeting, expected_version: int) -> Meeting:
    access.require(actor, "meetings.manage", meeting)
    bump(
        meeting,
        expected_version,
        where={"minutes_closed_at__isnull": True},
        minutes_closed_at=timezone.now(),
    )
    meeting.refresh_from_db()
    audit(actor, AuditAction.CHANGE, meeting, "close the minutes")
    return meeting


def minutes_export(*, actor: User, meeting: Meeting) -> bytes:
    """The minutes as a PDF, audited as an export: the items this user may read, and only
    a place for each of the others, as on the meeting's page."""
    from .pdf import minutes_pdf

    content = minutes_pdf(
        meeting,
        agenda_entries(actor=actor, meeting=meeting),
        attendance(meeting=meeting),
        actions_for_meeting(actor=actor, meeting=meeting),
    )
    audit(actor, AuditAction.EXPORT, meeting, "export meeting minutes as PDF")
    return content


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


def owners() -> list[User]:
    from triangulate.core.roles import CASEWORK_ROLES

    return list(
        User.objects.filter(is_active=True, agency__isnull=False, grants__role__in=CASEWORK_ROLES)
        .select_related("agency")
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def agencies() -> list[Agency]:
    return list(Agency.objects.filter(is_active=True).order_by("name", "id"))


PROMPT_REASONS = AgendaPromptReason
