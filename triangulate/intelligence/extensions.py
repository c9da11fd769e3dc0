"""What the intelligence app gives core's extension points (``core.extensions``), under the
fixed names the standard layout gives them:

- ``person_panels``: the intelligence panel on a child's page, what this viewer may see and
  nothing more (police see the intelligence linked to the child; a partner sees the
  sanitised versions shared with their agency and what their own agency submitted);
- ``my_work``: an analyst's open intelligence tasks;
- ``agenda_subjects`` and ``agenda_subject``: persons of concern, places and peer groups a
  MACE panel should discuss, and one a chair adds by hand. Meetings never imports this app.
  Everything is read as the chair through ``core.access``: a chair whose agency may not see
  a person of concern, a tactic or a piece of intelligence gets no reason from it. Each
  reason that tells of a police record names it, so a partner at the table who may not see
  it reads only that there is something to discuss.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import (
    AgendaReason,
    AgendaSubject,
    Panel,
    WorkItem,
    WorkQuery,
    WorkSection,
)
from triangulate.core.presenters import uk_date
from triangulate.core.roles import Role
from triangulate.register.models import PersonKind

from . import presenters, services
from .models import (
    ContextAssessment,
    Group,
    GroupMember,
    IntelligenceItem,
    Link,
    PersonOfConcern,
    Place,
    Tactic,
    TacticOutcome,
)
from .priority import HIGH_PRIORITY

# The panel on a child's page ---------------------------------------------------------------


def person_panels(request, person) -> list[Panel]:
    user = request.user
    if person.kind != PersonKind.CHILD or not access.may(user, "intelligence.submit"):
        return []
    shared = [
        s
        for s in services.sanitised_visible(actor=user, person=person)
        if s.owning_agency_id != user.agency_id
    ]
    items = services.items_about(actor=user, person=person)
    context = {
        "person": person,
        "shared": presenters.sanitised_rows(user, shared, with_child=False),
        "items": presenters.item_rows(user, items),
        "police": access.may(user, "intelligence.pursue"),
    }
    return [
        Panel(
            "Intelligence",
            render_to_string("intelligence/_panel.html", context, request=request),
            order=40,
        )
    ]


# My work --------------------------------------------------------------------------------------


def my_work(user) -> list[WorkSection]:
    if not (access.may_read_personal_data(user) and user.has_role(Role.POLICE_ANALYST)):
        return []
    today = timezone.localdate()

    def items(tasks):
        return [
            WorkItem(
                record=task,
                text=f"Intelligence {task.item.reference}: {_short(task.asked)}",
                href=reverse("intelligence:task", args=[task.pk]),
                due_at=task.due_on,
                overdue=task.due_on < today,
                detail=f"Tasked by {task.tasked_by.display_name} on {uk_date(task.tasked_on)}",
            )
            for task in tasks
        ]

    return [
        WorkSection(
            "Intelligence tasks",
            query=WorkQuery(
                services.tasks_open_for(actor=user),
                due_field="due_on",
                overdue=Q(due_on__lt=today),
                items=items,
            ),
            empty_text="No intelligence is tasked to you.",
            order=26,
        )
    ]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# The MACE agenda ------------------------------------------------------------------------------

NEW_INFORMATION = "New information held by police"
REVIEW_DUE = "A disruption review is due (details held by police)"
BREACHED = "A disruption tactic was breached (details held by police)"
NEWLY_HIGH = "Newly a high priority for police"
GROUP_KINDS = {"peer": "peer group", "context": "context"}
CONTEXT_REVIEW_DUE = "A review of the group's contextual assessment is due"
MEMBER_HIGH_RISK = "A member's risk has changed"
# Tactics still running: a review of one that ended would decide nothing.
LIVE_OUTCOMES = (TacticOutcome.PLANNED, TacticOutcome.IN_PROGRESS, TacticOutcome.ISSUED)


def agenda_subjects(user, since: dt.datetime, held_at: dt.datetime) -> list[AgendaSubject]:
    reasons: dict[tuple[str, int], list[AgendaReason]] = {}
    records: dict[tuple[str, int], object] = {}

    def add(record, reason: AgendaReason):
        key = (record._meta.label_lower, record.pk)
        records[key] = record
        reasons.setdefault(key, []).append(reason)

    for concern, reason in _newly_high_priority(user, since, held_at):
        add(concern, reason)
    for tactic in _reviews_due(user, held_at):
        add(tactic.concern, _review_reason(tactic, held_at))
    for tactic in _breaches(user, since, held_at):
        add(tactic.concern, _breach_reason(tactic))
    for link in _new_intelligence(user, since, held_at):
        add(link.concern or link.place or link.group, _intelligence_reason(link.item))
    for assessment in _context_reviews_due(user, held_at):
        add(assessment.group, _context_reason(assessment, held_at))
    for group, assessment in _members_newly_high(user, since, held_at):
        add(group, _member_reason(assessment))
    return [
        AgendaSubject(record=records[key], label=_label(records[key]),
                      href=_href(records[key]), reasons=reasons[key])
        for key in reasons
    ]  # fmt: skip


LOOKUP = {"concern": PersonOfConcern, "place": Place, "group": Group}


def agenda_subject(user, kind: str, pk: int) -> AgendaSubject | None:
    """A person of concern, place or group this user may see, for a chair to put on a MACE
    agenda by hand."""
    model = LOOKUP.get(kind)
    if model is None:
        return None
    records = access.visible(user, model)
    if model is PersonOfConcern:
        records = records.select_related("person")
    record = records.filter(pk=pk).first()
    if record is None:
        return None
    return AgendaSubject(record=record, label=_label(record), href=_href(record), reasons=[])


def _label(record) -> str:
    if isinstance(record, PersonOfConcern):
        return f"{record.person.full_name} (person of concern)"
    if isinstance(record, Group):
        return f"{record.name} ({GROUP_KINDS[record.kind]})"
    return f"{record.name} ({record.get_kind_display().lower()})"


def _href(record) -> str:
    if isinstance(record, PersonOfConcern):
        return reverse("intelligence:concern", args=[record.pk])
    if isinstance(record, Group):
        return reverse("intelligence:group", args=[record.pk])
    return reverse("intelligence:place", args=[record.pk])


def _newly_high_priority(user, since, held_at):
    """Persons of concern in the high-priority list now (as the meeting's day) who were not
    in it when the last panel met, under the current criteria."""
    if not access.may(user, "intelligence.pursue"):
        return []
    now = min(held_at, timezone.now())
    ranked = services.concerns_prioritised(actor=user, today=timezone.localdate(now), as_at=now)
    before = services.concerns_prioritised(actor=user, today=timezone.localdate(since), as_at=since)
    was_high = {concern.pk for concern, _ in before[:HIGH_PRIORITY]}
    criteria = services.current_criteria()
    return [
        (
            concern,
            AgendaReason(
                text=f"Newly among the {HIGH_PRIORITY} highest-priority persons of concern "
                f"(ranked {rank} of {len(ranked)}, prioritisation criteria version "
                f"{criteria.version})",
                about=(concern._meta.label_lower, concern.pk),
                withheld=NEWLY_HIGH,
            ),
        )
        for rank, (concern, _) in enumerate(ranked[:HIGH_PRIORITY], start=1)
        if concern.pk not in was_high
    ]


def _reviews_due(user, held_at):
    """Disruption tactics still running whose review falls on or before the meeting's day."""
    return list(
        access.visible(user, Tactic)
        .filter(
            review_on__lte=timezone.localdate(held_at),
            outcome__in=LIVE_OUTCOMES,
            concern__in=access.visible(user, PersonOfConcern),
        )
        .select_related("tactic_type", "concern__person")
        .order_by("review_on", "id")
    )


def _review_reason(tactic, held_at) -> AgendaReason:
    when = "was due" if tactic.review_on < timezone.localdate(held_at) else "is due"
    return AgendaReason(
        text=f"Review of the {tactic.tactic_type.name.lower()} {when} on "
        f"{uk_date(tactic.review_on)} (owner: {tactic.owner})",
        about=(tactic._meta.label_lower, tactic.pk),
        withheld=REVIEW_DUE,
    )


def _breaches(user, since, held_at):
    """Disruption tactics breached since the last panel (a notice or order not kept)."""
    return list(
        access.visible(user, Tactic)
        .filter(
            breached_on__gte=timezone.localdate(since),
            breached_on__lte=timezone.localdate(held_at),
            concern__in=access.visible(user, PersonOfConcern),
        )
        .select_related("tactic_type", "concern__person")
        .order_by("breached_on", "id")
    )


def _breach_reason(tactic) -> AgendaReason:
    return AgendaReason(
        text=f"The {tactic.tactic_type.name.lower()} was breached on {uk_date(tactic.breached_on)}"
        + (f": {tactic.breach_note}" if tactic.breach_note else ""),
        about=(tactic._meta.label_lower, tactic.pk),
        withheld=BREACHED,
    )


def _new_intelligence(user, since, held_at):
    """Intelligence this user may read, linked since the last panel to a person of concern, a
    place or a peer group or context this user may see."""
    return list(
        access.visible(user, Link)
        .filter(
            Q(concern__in=access.visible(user, PersonOfConcern))
            | Q(place__in=access.visible(user, Place))
            | Q(group__in=access.visible(user, Group)),
            created_at__gte=since,
            created_at__lte=held_at,
            item__in=access.visible(user, IntelligenceItem),
        )
        .select_related("item", "concern__person", "place", "group")
        .order_by("created_at", "id")
    )


def _intelligence_reason(item) -> AgendaReason:
    return AgendaReason(
        text=f"New intelligence {item.reference} ("
        + (f"graded {item.grade}" if item.is_graded else "not yet graded")
        + ") linked since the last panel",
        about=(item._meta.label_lower, item.pk),
        withheld=NEW_INFORMATION,
    )


def _context_reviews_due(user, held_at):
    """The latest contextual assessment of each group this user may see, where its review
    falls on or before the meeting's day."""
    latest: dict[int, ContextAssessment] = {}
    for assessment in (
        access.visible(user, ContextAssessment)
        .filter(group__in=access.visible(user, Group))
        .select_related("group", "owner_agency")
        .order_by("group_id", "-assessed_on", "-id")
    ):
        latest.setdefault(assessment.group_id, assessment)
    day = timezone.localdate(held_at)
    return sorted(
        (a for a in latest.values() if a.review_on <= day), key=lambda a: (a.review_on, a.pk)
    )


def _context_reason(assessment, held_at) -> AgendaReason:
    when = "was due" if assessment.review_on < timezone.localdate(held_at) else "is due"
    return AgendaReason(
        text=f"Review of the contextual assessment {when} on {uk_date(assessment.review_on)} "
        f"(action owned by {assessment.owner_name}, {assessment.owner_agency.name})",
        about=(assessment.group._meta.label_lower, assessment.group_id),
        withheld=CONTEXT_REVIEW_DUE,
    )


def _members_newly_high(user, since, held_at):
    """(group, assessment) for each current member of a group this user may see whose latest
    risk assessment this user may see was judged at its tool's highest level since the last
    panel."""
    from triangulate.risk import scoring
    from triangulate.risk import services as risk

    members = list(
        access.visible(user, GroupMember)
        .filter(group__in=access.visible(user, Group), removed_at=None)
        # Members who had left the group by the panel's day are not its members then.
        .filter(Q(to_on=None) | Q(to_on__gte=timezone.localtime(held_at).date()))
        .select_related("group")
        .order_by("group_id", "id")
    )
    if not members:
        return []
    newly_high = {
        assessment.person_id: assessment
        for assessment in risk.latest_finals(actor=user)
        .filter(
            person_id__in={m.person_id for m in members},
            completed_at__gte=since,
            completed_at__lte=held_at,
        )
        .select_related("tool")
        if assessment.judged_level == scoring.level_codes(assessment.tool.definition)[-1]
    }
    return [(m.group, newly_high[m.person_id]) for m in members if m.person_id in newly_high]


def _member_reason(assessment) -> AgendaReason:
    return AgendaReason(
        text=f"A member was assessed at high risk on {uk_date(timezone.localdate(assessment.completed_at))}",
        about=(assessment._meta.label_lower, assessment.pk),
        withheld=MEMBER_HIGH_RISK,
    )
