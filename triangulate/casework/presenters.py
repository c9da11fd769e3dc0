"""Display data for casework pages: rows and cells as data (core/cells.html renders them)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.dateparse import parse_datetime

from triangulate.core import access
from triangulate.core.clocks import local, working_days_between
from triangulate.core.presenters import (
    child_cell,
    labelled,
    sensitivity_tag,
    summary_rows,
    uk_date,
    uk_datetime,
)

from .models import CaseNote, NoteKind
from .services.chronology import kind_label


def seen_text(seen: bool, alone: bool) -> str:
    if alone:
        return "Seen alone"
    if seen:
        return "Seen, not alone"
    return "Not seen"


def note_rows(user, notes: list[CaseNote]) -> list[list[dict]]:
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
                labelled(user, note, kind),
                {"text": seen_text(note.child_seen, note.child_seen_alone)},
                {"text": note.recorded_by.display_name, "note": note.owning_agency.name},
            ]
        )
    return rows


NOTE_HEAD = [{"text": "When"}, {"text": "Contact"}, {"text": "The child"}, {"text": "Recorded by"}]


def note_summary(user, note: CaseNote) -> list[dict]:
    label = access.label_shown(user, note)
    return summary_rows(
        [
            ("Kind", note.get_kind_display()),
            ("When it happened", uk_datetime(note.occurred_at)),
            ("Who was present", access.shown(user, note, "present")),
            ("The child", seen_text(note.child_seen, note.child_seen_alone)),
            ("What the child said", access.shown(user, note, "childs_words")),
            ("Note", access.shown(user, note, "summary")),
            *([("Sensitivity label", label)] if label else []),
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


CHRONOLOGY_HEAD = [{"text": "When"}, {"text": "Kind"}, {"text": "Event"}, {"text": "Source"}]


def chronology_rows(entries) -> list[list[dict]]:
    rows = []
    for entry in entries:
        event = {"text": entry.title}
        if entry.href:
            event = {"link": {"href": entry.href, "text": entry.title}}
        if entry.description:
            event["note"] = entry.description
        if entry.label:
            event["tags"] = [sensitivity_tag(entry.label)]
        rows.append(
            [
                {"text": uk_datetime(entry.occurred_at)},
                {"text": kind_label(entry.kind)},
                event,
                {"text": entry.agency},
            ]
        )
    return rows


GAP_HEAD = [
    {"text": "Child"},
    {"text": "Case"},
    {"text": "Worker"},
    {"text": "Last seen"},
    {"text": "Last seen alone"},
    {"text": "Days", "format": "numeric"},
]


def _case_link(case) -> dict:
    return {"link": {"href": reverse("casework:case", args=[case.pk]), "text": case.reference}}


def gap_rows(user, gaps) -> list[list[dict]]:
    return [
        [
            child_cell(user, gap.case.person),
            _case_link(gap.case),
            {"text": gap.case.worker.display_name if gap.case.worker else "Not allocated"},
            {"text": uk_date(gap.last_seen) or "Not seen since the case opened"},
            {
                "text": uk_date(gap.last_seen_alone) or "Never",
                **(
                    {"tag": {"text": "Never seen alone", "classes": "govuk-tag--red"}}
                    if gap.last_seen_alone is None
                    else {}
                ),
            },
            {"text": str(gap.days), "format": "numeric"},
        ]
        for gap in gaps
    ]


LATE_HEAD = [
    {"text": "Child"},
    {"text": "Contact"},
    {"text": "Happened"},
    {"text": "Recorded"},
    {"text": "Working days late", "format": "numeric"},
]


def late_note_rows(user, notes, allowed: int) -> list[list[dict]]:
    rows = []
    for note in notes:
        taken = working_days_between(local(note.occurred_at).date(), local(note.recorded_at).date())
        rows.append(
            [
                child_cell(user, note.person),
                {
                    "link": {
                        "href": reverse("casework:note", args=[note.pk]),
                        "text": note.get_kind_display(),
                        "hidden": f"on {uk_date(note.occurred_at)}",
                    }
                },
                {"text": uk_datetime(note.occurred_at)},
                {"text": uk_datetime(note.recorded_at), "note": note.recorded_by.display_name},
                {"text": str(taken - allowed), "format": "numeric"},
            ]
        )
    return rows


UNALLOCATED_HEAD = [{"text": "Child"}, {"text": "Case"}, {"text": "Opened"}]


def unallocated_rows(user, cases) -> list[list[dict]]:
    return [
        [child_cell(user, case.person), _case_link(case), {"text": uk_date(case.opened_at)}]
        for case in cases
    ]


def strategy_summary(discussion, agencies) -> list[dict]:
    invited = ", ".join(a.agency.name for a in agencies)
    attended = ", ".join(a.agency.name for a in agencies if a.attended)
    return summary_rows(
        [
            ("When", uk_datetime(discussion.held_at)),
            (
                "Chaired and recorded by",
                f"{discussion.chair.display_name}, {discussion.owning_agency.name}",
            ),
            ("Agencies invited", invited),
            (
                "Agencies that took part",
                f"{discussion.owning_agency.name}" + (f", {attended}" if attended else ""),
            ),
            ("Information shared", discussion.information_shared),
            ("Decision", discussion.get_decision_display()),
            ("Reasons", discussion.reasons),
        ]
    )


def strategy_action_rows(actions, *, may_change) -> list[dict]:
    return [
        {
            "pk": action.pk,
            "text": action.text,
            "owner": f"{action.owner.display_name}, "
            f"{action.owner.agency.name if action.owner.agency else ''}",
            "due": uk_date(action.due_on),
            "done": uk_date(action.done_at),
            "may_complete": action.done_at is None and may_change(action),
        }
        for action in actions
    ]


def investigation_summary(investigation) -> list[dict]:
    return summary_rows(
        [
            ("Police reference", investigation.police_reference),
            ("Started", uk_date(investigation.started_on)),
            ("Ended", uk_date(investigation.ended_on) or "Ongoing"),
            ("Where it has got to", investigation.get_outcome_display()),
            ("Outcome", investigation.outcome_detail),
        ]
    )


def discussion_links(discussions) -> list[dict]:
    return [
        {
            "href": reverse("casework:strategy", args=[d.pk]),
            "text": f"{uk_date(d.held_at)}: {d.get_decision_display()}",
        }
        for d in discussions
    ]


ATTACHMENT_HEAD = [
    {"text": "Document"},
    {"text": "Uploaded"},
    {"text": "Case"},
    {"text": "Virus scan"},
]


def file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _scan_cell(attachment) -> dict:
    if attachment.scanned:
        return {"text": "No virus found"}
    return {"text": "", "tag": {"text": "Not scanned", "classes": "govuk-tag--yellow"}}


def attachment_rows(attachments) -> list[list[dict]]:
    rows = []
    for attachment in attachments:
        document = {
            "link": {
                "href": reverse("casework:document", args=[attachment.pk]),
                "text": attachment.title,
            },
            "note": f"{attachment.original_name}, {file_size(attachment.size)}",
        }
        if attachment.withdrawn_at:
            document["tag"] = {"text": "Withdrawn", "classes": "govuk-tag--grey"}
        rows.append(
            [
                document,
                {
                    "text": uk_datetime(attachment.uploaded_at),
                    "note": f"{attachment.uploaded_by.display_name}, "
                    f"{attachment.owning_agency.name}",
                },
                {"text": attachment.case.reference if attachment.case else "The child's record"},
                _scan_cell(attachment),
            ]
        )
    return rows


def attachment_summary(attachment) -> list[dict]:
    rows = [
        ("What it is", attachment.title),
        ("File", f"{attachment.original_name} ({file_size(attachment.size)})"),
        (
            "Uploaded",
            f"{uk_datetime(attachment.uploaded_at)} by {attachment.uploaded_by.display_name}, "
            f"{attachment.owning_agency.name}",
        ),
        ("Case", attachment.case.reference if attachment.case else "The child's record only"),
        ("Virus scan", attachment.scan_detail),
        ("SHA-256 checksum", attachment.sha256),
    ]
    if attachment.withdrawn_at:
        rows.append(
            (
                "Withdrawn",
                f"{uk_datetime(attachment.withdrawn_at)} by "
                f"{attachment.withdrawn_by.display_name}: {attachment.withdrawn_reason}",
            )
        )
    return summary_rows(rows)


OVERDUE_HEAD = [
    {"text": "Child"},
    {"text": "Case"},
    {"text": "Worker"},
    {"text": "What is overdue"},
    {"text": "Due"},
]


def overdue_rows(user, overdue) -> list[list[dict]]:
    return [
        [
            child_cell(user, row.case.person),
            _case_link(row.case),
            {"text": row.case.worker.display_name if row.case.worker else "Not allocated"},
            {
                "link": {"href": row.item.href, "text": row.item.text},
                "note": row.item.detail,
            },
            {"text": uk_date(row.item.due_on) or "Never assessed"},
        ]
        for row in overdue
    ]


def closure_summary(request) -> list[dict]:
    return summary_rows(
        [
            (
                "Asked by",
                f"{request.requested_by.display_name}, {uk_datetime(request.requested_at)}",
            ),
            ("Is the child safer?", request.get_safer_display()),
            ("Risk of exploitation now", request.get_risk_display()),
            ("Why close it", request.reason),
        ]
    )
