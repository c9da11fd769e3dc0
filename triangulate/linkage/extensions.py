"""What linkage adds through core's extension points: the "Records from other agencies" panel
on a person's page and the timeline entries of linked records and merges (the functions carry
the fixed names core.extensions asks for)."""

from __future__ import annotations

from django.template.loader import render_to_string

from triangulate.core import access
from triangulate.core.extensions import Panel, TimelineEntry

from .models import REGISTER_SOURCE, SourceRecord
from .presenters import source_label
from .services import policy
from .services.merges import linked_records, merge_history, undoable_merge


def person_panels(request, person) -> list[Panel]:
    """'Records from other agencies' on the person's page, with merge history and actions."""
    user = request.user
    shown, hidden_agencies = linked_records(actor=user, person=person)
    may_merge = access.may(user, "linkage.merge")
    if not shown and not may_merge:
        return []
    history = merge_history(person) if may_merge else []
    html = render_to_string(
        "linkage/person_panel.html",
        {
            "person": person,
            "records": shown,
            "hidden_agencies": hidden_agencies,
            "may_merge": may_merge,
            # Merging and undoing change the entry: only for those who may change it.
            "may_change": may_merge and policy.may_change_people(user, [person.pk]),
            "history": history,
            "undoable": undoable_merge(person) if may_merge else None,
            "source_label": source_label,
        },
        request=request,
    )
    return [Panel(title="Records from other agencies", html=html, order=50)]


def timeline(user, person) -> list[TimelineEntry]:
    """A linked record the user may see appears on the timeline when it was imported."""
    items = []
    records = (
        access.visible(user, SourceRecord)
        .filter(person=person, is_current=True)
        .exclude(source_name=REGISTER_SOURCE)
        .select_related("owning_agency")
        .order_by("id")
    )
    for record in records:
        items.append(
            TimelineEntry(
                occurred_at=record.imported_at,
                title=f"Record linked from {record.source_name}",
                description=f"{record.full_name}, record {record.record_id}",
                agency=record.owning_agency.name,
                kind="linkage",
            )
        )
    for event in merge_history(person):
        items.append(
            TimelineEntry(
                occurred_at=event.occurred_at,
                title=f"Register entries {event.get_action_display().lower()}",
                description=f"Entry {event.merged_id} {'into' if event.action == 'merge' else 'from'} "
                f"entry {event.surviving_id}: {event.reason}",
                kind="linkage",
            )
        )
    return items
