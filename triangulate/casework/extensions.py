"""What this app adds through core's extension points (core.extensions), under the
fixed names each point asks for:

- What casework adds to a child's timeline, to the person page and to "My work".
- The casework panel on a child's page: their case, when they were last seen (alone), and the
  way to their chronology.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.access import child_reference, remember_visibility
from triangulate.core.clocks import LONDON
from triangulate.core.extensions import Panel, RecordLink, TimelineEntry, WorkItem, WorkSection
from triangulate.core.presenters import uk_datetime

from .models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseNote,
    CaseStatus,
    JointInvestigation,
    StrategyAction,
    StrategyDiscussion,
    Task,
)
from .presenters import seen_text
from .services.closure import awaiting_sign_off, returned_to


def _note_entries(user, person, *, significant_only: bool = False) -> list[TimelineEntry]:
    notes = access.visible(user, CaseNote).filter(person=person)
    if significant_only:
        notes = notes.filter(significant=True)
    return [
        TimelineEntry(
            occurred_at=note.occurred_at,
            title=f"{note.get_kind_display()}: {seen_text(note.child_seen, note.child_seen_alone)}"
            + (" (significant)" if note.significant else ""),
            description=access.shown(user, note, "summary")[:200],
            agency=note.owning_agency.name,
            kind="note",
            href=reverse("casework:note", args=[note.pk]),
            label=access.label_shown(user, note),
        )
        for note in notes.select_related("owning_agency").order_by("id")
    ]


def _case_event_entries(user, person, *, kinds=None) -> list[TimelineEntry]:
    events = access.visible(user, CaseEvent).filter(case__person=person)
    if kinds is not None:
        events = events.filter(kind__in=kinds)
    return [
        TimelineEntry(
            occurred_at=event.occurred_at,
            title=f"{event.get_kind_display()} ({event.case.reference})",
            description=" ".join(p for p in (event.detail, event.reason) if p),
            agency=event.owning_agency.name,
            kind="case",
            href=reverse("casework:case", args=[event.case_id]),
        )
        for event in events.select_related("case", "owning_agency").order_by("id")
    ]


def timeline(user, person) -> list[TimelineEntry]:
    return (
        _case_event_entries(user, person)
        + _note_entries(user, person)
        + _strategy_entries(user, person)
    )


def my_work(user) -> list[WorkSection]:
    cases = (
        access.visible(user, Case)
        .filter(worker=user, status=CaseStatus.OPEN)
        .select_related("person")
        .order_by("opened_at", "id")
    )
    today = timezone.localdate()
    tasks = (
        access.visible(user, Task)
        .filter(owner=user, done_at__isnull=True)
        .select_related("case", "case__person")
        .order_by("due_on", "id")[:50]
    )
    strategy_actions = list(
        access.visible(user, StrategyAction)
        .filter(owner=user, done_at__isnull=True)
        .select_related("person")
        .order_by("due_on", "id")[:50]
    )
    remember_visibility(user, [action.person for action in strategy_actions])
    sections = _closure_sections(user)
    if strategy_actions:
        sections.append(
            WorkSection(
                title="Actions from strategy discussions",
                items=[
                    WorkItem(
                        record=action,
                        text=f"{action.text} – {child_reference(user, action.person).label}",
                        href=reverse("casework:strategy", args=[action.discussion_id]),
                        due_at=action.due_on,
                        overdue=action.due_on < today,
                    )
                    for action in strategy_actions
                ],
                empty_text="You have no actions from strategy discussions.",
                order=25,
            )
        )
    return sections + [
        WorkSection(
            title="My cases",
            items=[
                WorkItem(
                    record=case,
                    text=f"{case.person.full_name} ({case.reference})",
                    href=reverse("casework:case", args=[case.pk]),
                    detail=f"Opened {case.opened_at:%d/%m/%Y}",
                )
                for case in cases
            ],
            empty_text="No cases are allocated to you.",
            order=10,
        ),
        WorkSection(
            title="Tasks due",
            items=[
                WorkItem(
                    record=task,
                    text=f"{task.title} – {task.case.person.full_name}",
                    href=reverse("casework:case", args=[task.case_id]),
                    due_at=task.due_on,
                    overdue=task.due_on < today,
                )
                for task in tasks
            ],
            empty_text="You have no tasks due.",
            order=20,
        ),
    ]


SIGNIFICANT_CASE_EVENTS = (
    CaseEventKind.OPENED,
    CaseEventKind.CLOSED,
    CaseEventKind.REOPENED,
    CaseEventKind.TRANSFERRED,
)


def chronology(user, person) -> list[TimelineEntry]:
    """What casework adds to a child's chronology: the case opening, moving and closing,
    notes marked significant, strategy discussions and joint investigations."""
    return (
        _case_event_entries(user, person, kinds=SIGNIFICANT_CASE_EVENTS)
        + _note_entries(user, person, significant_only=True)
        + _strategy_entries(user, person)
    )


def _strategy_entries(user, person) -> list[TimelineEntry]:
    entries = []
    discussions = (
        access.visible(user, StrategyDiscussion)
        .filter(person=person)
        .select_related("owning_agency")
        .order_by("id")
    )
    for discussion in discussions:
        entries.append(
            TimelineEntry(
                occurred_at=discussion.held_at,
                title=f"Strategy discussion: {discussion.get_decision_display()}",
                description=discussion.reasons[:200],
                agency=discussion.owning_agency.name,
                kind="strategy",
                href=reverse("casework:strategy", args=[discussion.pk]),
            )
        )
    for investigation in (
        access.visible(user, JointInvestigation)
        .filter(person=person)
        .select_related("owning_agency")
        .order_by("id")
    ):
        started = timezone.make_aware(
            dt.datetime.combine(investigation.started_on, dt.time(9)), LONDON
        )
        entries.append(
            TimelineEntry(
                occurred_at=started,
                title=f"Joint investigation started ({investigation.police_reference})",
                description=investigation.get_outcome_display(),
                agency=investigation.owning_agency.name,
                kind="strategy",
                href=reverse("casework:strategy", args=[investigation.discussion_id]),
            )
        )
    return entries


def record_links(user, record) -> list[RecordLink]:
    """The strategy discussions started from a front-door contact, for the contact's page."""
    if record._meta.label_lower != "frontdoor.contact":
        return []
    return [
        RecordLink(
            text=f"Strategy discussion on {uk_datetime(d.held_at)}: {d.get_decision_display()}",
            href=reverse("casework:strategy", args=[d.pk]),
        )
        for d in access.visible(user, StrategyDiscussion)
        .filter(contact_id=record.pk)
        .order_by("held_at", "id")
    ]


def _closure_sections(user) -> list[WorkSection]:
    sections = []
    returned = returned_to(actor=user)
    if returned:
        sections.append(
            WorkSection(
                title="Case closures returned for rework",
                items=[
                    WorkItem(
                        record=r,
                        text=f"Rework the closure of case {r.case.reference} – "
                        f"{r.case.person.full_name}",
                        href=reverse("casework:case", args=[r.case_id]),
                        detail=f"Returned by {r.decided_by.display_name}: {r.return_reason}",
                    )
                    for r in returned
                ],
                order=15,
            )
        )
    waiting = awaiting_sign_off(actor=user)
    if waiting:
        sections.append(
            WorkSection(
                title="Case closures awaiting your sign-off",
                items=[
                    WorkItem(
                        record=r,
                        text=f"Sign off the closure of case {r.case.reference} – "
                        f"{r.case.person.full_name}",
                        href=reverse("casework:case", args=[r.case_id]),
                        detail=f"Asked by {r.requested_by.display_name} on "
                        f"{r.requested_at:%d/%m/%Y}",
                    )
                    for r in waiting
                ],
                order=16,
            )
        )
    return sections


def person_panels(request, person) -> list[Panel]:
    user = request.user
    if getattr(person, "kind", "child") != "child" or not access.may(user, "casework.chronology"):
        return []
    case = (
        access.visible(user, Case)
        .filter(person=person, status=CaseStatus.OPEN)
        .select_related("worker")
        .order_by("-opened_at", "id")
        .first()
    )
    seen = (
        access.visible(user, CaseNote)
        .filter(person=person)
        .aggregate(
            last_seen=Max("occurred_at", filter=Q(child_seen=True)),
            last_seen_alone=Max("occurred_at", filter=Q(child_seen_alone=True)),
        )
    )
    context = {
        "person": person,
        "case": case,
        "may_note": access.may(user, "casework.note"),
        **seen,
    }
    return [
        Panel(
            "Casework and chronology",
            render_to_string("casework/_panel.html", context, request=request),
            order=30,
        )
    ]
