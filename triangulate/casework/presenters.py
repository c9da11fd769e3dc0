"""Display data for casework pages: rows and cells as data (core/cells.html renders them)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.dateparse import parse_datetime

from triangulate.core.presenters import summary_rows, uk_datetime

from .models import CaseNote, NoteKind


def seen_text(seen: bool, alone: bool) -> str:
    if alone:
        return "Seen alone"
    if seen:
        return "Seen, not alone"
    return "Not seen"


def note_rows(notes: list[CaseNote]) -> list[list[dict]]:
    rows = []
    for note in notes:
        kind = {
            "link": {
                "href": reverse("casework:note", args=[note.pk]),
                "text": note.get_kind_display(),
                "hidden": f"on {uk_datetime(note.occurred_at)}",
            }
        }
        if note.significant:
            kind["tag"] = {"text": "Significant", "classes": "govuk-tag--purple"}
        rows.append(
            [
                {"text": uk_datetime(note.occurred_at)},
                kind,
                {"text": seen_text(note.child_seen, note.child_seen_alone)},
                {"text": note.recorded_by.display_name, "note": note.owning_agency.name},
            ]
        )
    return rows


NOTE_HEAD = [{"text": "When"}, {"text": "Contact"}, {"text": "The child"}, {"text": "Recorded by"}]


def note_summary(note: CaseNote) -> list[dict]:
    return summary_rows(
        [
            ("Kind", note.get_kind_display()),
            ("When it happened", uk_datetime(note.occurred_at)),
            ("Who was present", note.present),
            ("The child", seen_text(note.child_seen, note.child_seen_alone)),
            ("What the child said", note.childs_words),
            ("Note", note.summary),
            ("Significant event", "Yes" if note.significant else "No"),
            ("Recorded", f"{uk_datetime(note.recorded_at)} by {note.recorded_by.display_name}"),
            ("Agency", note.owning_agency.name),
        ]
    )


def correction_summary(correction) -> list[dict]:
    was = correction.previous
    kind = dict(NoteKind.choices).get(was.get("kind"), was.get("kind", ""))
    occurred = parse_datetime(was.get("occurred_at", "")) if was.get("occurred_at") else None
    return summary_rows(
        [
            ("Kind", kind),
            ("When it happened", uk_datetime(occurred)),
            ("Who was present", was.get("present", "")),
            ("The child", seen_text(was.get("child_seen"), was.get("child_seen_alone"))),
            ("What the child said", was.get("childs_words", "")),
            ("Note", was.get("summary", "")),
            ("Significant event", "Yes" if was.get("significant") else "No"),
        ]
    )
