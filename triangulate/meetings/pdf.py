"""Meeting minutes as a PDF, drawn with ReportLab."""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from triangulate.core import pdf
from triangulate.core.pdf import mm
from triangulate.core.pdf import text as _p
from triangulate.core.presenters import uk_date, uk_datetime


def minutes_pdf(meeting, entries, attendance, actions) -> bytes:
    """``entries`` are the agenda's places (services.AgendaEntry); an item the reader may
    not read is only its number and a sentence saying so."""
    styles = pdf.stylesheet()
    body = styles["BodyText"]
    story = [
        Paragraph("OFFICIAL-SENSITIVE", styles["Heading4"]),
        _p(meeting.title, styles["Title"]),
        _p(
            f"{meeting.get_kind_display()}, {uk_datetime(meeting.held_at)}. "
            f"Chair: {meeting.chair.display_name}.",
            body,
        ),  # fmt: skip
        Paragraph("Attendance", styles["Heading2"]),
    ]
    if attendance:
        rows = [["Agency", "Name", "Role", ""]] + [
            [_p(a.agency.name, body), _p(a.name, body), _p(a.role, body), a.get_status_display()]
            for a in attendance
        ]
        story.append(pdf.table(rows, [55 * mm, 40 * mm, 45 * mm, 30 * mm]))
    else:
        story.append(_p("No attendance recorded.", body))
    story.append(Paragraph("Children, persons of concern and places discussed", styles["Heading2"]))
    by_item: dict[int, list] = {}
    for action in actions:
        by_item.setdefault(action.item_id, []).append(action)
    for entry in entries:
        item = entry.item
        if item is None:
            withheld = f"An item about a {entry.about} your agency cannot see."
            story.append(_p(f"{entry.position}. {withheld}", styles["Heading3"]))
            story.append(Spacer(1, 3 * mm))
            continue
        story.append(_p(f"{item.position}. {entry.shown.title}", styles["Heading3"]))
        story.append(_p("Why on the agenda: " + "; ".join(entry.shown.reasons), body))
        story.append(_p("Discussion: " + (item.discussion or "Not recorded"), body))
        story.append(_p("Decision: " + (item.decision or "No decision recorded"), body))
        for action in by_item.get(item.pk, []):
            story.append(
                _p(
                    f"Action: {action.text} – {action.owner.display_name} "
                    f"({action.owner.agency.name if action.owner.agency else ''}), "
                    f"by {uk_date(action.due_on)}",
                    body,
                )
            )
        story.append(Spacer(1, 3 * mm))
    if meeting.minutes_closed_at:
        story.append(
            _p(f"Minutes closed {uk_datetime(meeting.minutes_closed_at)}.", styles["Italic"])
        )
    else:
        story.append(_p("Draft minutes: not yet closed.", styles["Italic"]))
    return pdf.build(story, title=f"Minutes – {meeting.title}")
