"""A child's chronology: the significant events every app and agency holds that the viewer may
see, filtered by period and kind, on screen or exported (PDF, XLSX) for a review."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from triangulate.core import access, exports, pdf
from triangulate.core.audit import audit
from triangulate.core.clocks import local
from triangulate.core.extensions import TimelineEntry
from triangulate.core.extensions import chronology as gather
from triangulate.core.models import AuditAction, User
from triangulate.core.presenters import uk_date, uk_datetime
from triangulate.register.models import Person

KIND_LABELS = {
    "contact": "Contacts to the front door",
    "decision": "Front-door decisions",
    "contribution": "Agency contributions to decisions",
    "risk": "Assessments and risk levels",
    "plan": "Safety plan changes",
    "missing": "Missing episodes and return interviews",
    "meeting": "Meetings",
    "case": "Case opened, transferred and closed",
    "note": "Significant notes",
    "strategy": "Strategy discussions and joint investigations",
    "register": "Register",
    "linkage": "Records joined",
}

HEADER = ["Date", "Time", "Kind", "Event", "Detail", "Source agency", "Source", "Sensitivity label"]


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def person_for_chronology(*, actor: User, pk: int) -> Person:
    """The child, if the viewer may see their record (403 audited by the 403 page if not)."""
    access.require(actor, "casework.chronology", record=("register.person", pk))
    return access.get_visible_or_403(actor, Person, pk, purpose="view the chronology")


def events(*, actor: User, person: Person) -> list[TimelineEntry]:
    """Every significant event about the child the viewer may see, oldest first."""
    return gather(actor, person)


def kinds_of(entries: list[TimelineEntry]) -> list[tuple[str, str]]:
    """The kinds present, as (kind, label) choices for the filter."""
    return sorted({(e.kind, kind_label(e.kind)) for e in entries}, key=lambda k: k[1])


def within(
    entries: list[TimelineEntry],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kinds=(),
) -> list[TimelineEntry]:
    """The events in the period (inclusive, UK dates) and of the kinds asked for (all if none)."""
    kinds = set(kinds or ())
    return [
        entry
        for entry in entries
        if (start is None or local(entry.occurred_at).date() >= start)
        and (end is None or local(entry.occurred_at).date() <= end)
        and (not kinds or entry.kind in kinds)
    ]


def record_shown(
    *,
    actor: User,
    person: Person,
    entries: list[TimelineEntry],
    export_format: str = "",
    filters: dict | None = None,
) -> None:
    """One audit entry naming the child and every event shown or exported."""
    audit(
        actor,
        AuditAction.EXPORT if export_format else AuditAction.VIEW,
        person,
        f"export the chronology ({export_format})" if export_format else "view the chronology",
        detail={
            "shown": [[e.kind, e.agency, e.href] for e in entries],
            "filters": filters or {},
        },
    )


def _row(entry: TimelineEntry) -> list:
    moment = local(entry.occurred_at)
    return [
        moment.date(),
        f"{moment:%H:%M}",
        kind_label(entry.kind),
        entry.title,
        entry.description,
        entry.agency,
        entry.href,
        entry.label,
    ]


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{uk_date(start)} to {uk_date(end)}"
    if start:
        return f"From {uk_date(start)}"
    if end:
        return f"Up to {uk_date(end)}"
    return "All dates"


def as_xlsx(*, person: Person, entries: list[TimelineEntry]) -> bytes:
    return exports.xlsx_bytes(
        sheet_title="Chronology", header=HEADER, rows=[_row(e) for e in entries]
    )


def as_pdf(
    *,
    person: Person,
    entries: list[TimelineEntry],
    actor: User,
    start: dt.date | None,
    end: dt.date | None,
    kinds=(),
) -> bytes:
    styles = pdf.stylesheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    story = [
        pdf.text(f"Chronology: {person.full_name}", styles["Title"]),
        pdf.table(
            [
                ["Child", pdf.text(person.full_name, small)],
                ["Date of birth", pdf.text(uk_date(person.date_of_birth), small)],
                ["Period", pdf.text(period_text(start, end), small)],
                [
                    "Kinds",
                    pdf.text(", ".join(kind_label(k) for k in kinds) or "Every kind", small),
                ],
                [
                    "Produced",
                    pdf.text(
                        f"{uk_datetime(timezone.now())} by {actor.display_name}"
                        f" ({actor.agency.name if actor.agency else ''})",
                        small,
                    ),
                ],
                [
                    "Scope",
                    pdf.text(
                        "Only what the person who produced it may see. Other agencies may hold "
                        "more. OFFICIAL-SENSITIVE.",
                        small,
                    ),
                ],
            ],
            [35 * pdf.mm, 139 * pdf.mm],
            bold="labels",
            font_size=8,
        ),
    ]
    rows = [[pdf.text(h, small) for h in ("When", "Kind", "Event", "Source")]]
    for entry in entries:
        rows.append(
            [
                pdf.text(uk_datetime(entry.occurred_at), small),
                pdf.text(kind_label(entry.kind), small),
                pdf.text(
                    entry.title
                    + (f" [{entry.label}]" if entry.label else "")
                    + (f"\n{entry.description}" if entry.description else ""),
                    small,
                ),
                pdf.text(entry.agency, small),
            ]
        )
    if len(rows) == 1:
        story.append(pdf.text("No events in this period.", styles["BodyText"]))
    else:
        story.append(
            pdf.table(rows, [30 * pdf.mm, 30 * pdf.mm, 82 * pdf.mm, 32 * pdf.mm], font_size=8)
        )
    return pdf.build(story, title=f"Chronology: {person.full_name}")
