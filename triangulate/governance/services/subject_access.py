"""Subject access requests (UK GDPR Art. 15): everything Triangulate holds about one person,
gathered across agencies by the information governance lead, third parties redacted for
review, released once as a PDF.

Gathering is the one exceptional read in the system: inside :func:`prepare` the lead reads
every agency's records about the person through ``core.access.exceptional_reading``, using
the same providers as the person's timeline (``core.extensions.timeline``), and nowhere else.
What was gathered is kept on the request and read only through it, by the lead of the agency
keeping it. Every step is audited, naming the person as the subject.

Police intelligence is never gathered: it is exempt while its disclosure would be likely to
prejudice the prevention or detection of crime (DPA 2018 Sch. 2 para. 2), and the police
force's own disclosure team decides. The export says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from triangulate.core import access, extensions, pdf
from triangulate.core.audit import audit, entries_for
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.core.presenters import uk_date, uk_datetime
from triangulate.frontdoor.models import Contact
from triangulate.register.models import Person, Relationship

from ..models import OPEN_SUBJECT_ACCESS, SubjectAccessRequest, SubjectAccessStatus

RULE = "governance.subject_access"

INTELLIGENCE_WITHHELD = (
    "Police intelligence is not included in this export. Intelligence is held by the police "
    "and is exempt from disclosure where releasing it would be likely to prejudice the "
    "prevention or detection of crime (Data Protection Act 2018, Schedule 2, paragraph 2). "
    "The request has been passed to the police force's disclosure team, who will decide "
    "what, if anything, they can release."
)
STAFF_NOTE = (
    "Names of professionals acting in their work are not redacted: they are not third "
    "parties' private information (ICO guidance on subject access)."
)
REGISTER_REASON = "Another person in the register"
REPORTER_REASON = "Someone who reported a concern"
IDENTIFIER_REASON = "Another person's identifier (NHS number, pupil number or contact details)"


class NotAllowed(Exception):
    """The request is not in a state that allows this (released, refused, or not prepared)."""


def due_on(received: dt.date) -> dt.date:
    """One calendar month from receipt (UK GDPR Art. 12(3)): the same day next month, or the
    last day of next month when it has no such day (31 January gives 28 or 29 February)."""
    year, month = (
        (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    )
    return dt.date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


def kept_by(user: User):
    """The requests kept by the user's agency (an information governance lead's)."""
    return SubjectAccessRequest.objects.filter(agency_id=user.agency_id).select_related("person")


def open_requests(user: User):
    return kept_by(user).filter(status__in=OPEN_SUBJECT_ACCESS).order_by("due_on", "id")


def one(user: User, pk: int) -> SubjectAccessRequest:
    """Request ``pk`` if the user's role and agency keep it; a 403 (audited) otherwise."""
    access.require(user, RULE, record=("governance.subjectaccessrequest", pk))
    request = kept_by(user).filter(pk=pk).first()
    if request is None:
        if not SubjectAccessRequest.objects.filter(pk=pk).exists():
            raise Http404
        raise access.AccessDenied(
            "This request is kept by another agency.",
            record=("governance.subjectaccessrequest", pk),
            purpose="open a subject access request",
        )
    return request


@transaction.atomic
def receive(
    *,
    actor: User,
    person: Person,
    requester_kind: str,
    requester_name: str,
    identity_check: str,
    received_on: dt.date,
) -> SubjectAccessRequest:
    access.require(actor, RULE)
    request = SubjectAccessRequest.objects.create(
        person=person,
        agency_id=actor.agency_id,
        requester_kind=requester_kind,
        requester_name=requester_name.strip(),
        identity_check=identity_check.strip(),
        received_on=received_on,
        due_on=due_on(received_on),
        created_by=actor,
    )
    audit(actor, AuditAction.CREATE, request, "record a subject access request",
          detail={"requester": requester_kind, "due_on": request.due_on.isoformat()},
          subject=person)  # fmt: skip
    return request


# --- Gathering ------------------------------------------------------------------------------


def _person_rows(person: Person, actor: User) -> list[list[str]]:
    rows = [
        ["Name", person.full_name],
        ["Known as", person.known_as or "Not recorded"],
        ["Date of birth", uk_date(person.date_of_birth) or "Not recorded"],
        ["NHS number", person.nhs_number or "Not recorded"],
        ["Unique pupil number", person.upn or "Not recorded"],
        ["Added to the register by", person.owning_agency.name],
    ]
    relationships = (
        access.visible(actor, Relationship)
        .filter(person=person)
        .select_related("other", "owning_agency")
        .order_by("id")
    )
    for relation in relationships:
        rows.append(
            [
                relation.get_relationship_display(),
                f"{relation.other.full_name} (recorded by {relation.owning_agency.name})",
            ]
        )
    return rows


def _seen_rows(person: Person) -> list[list[str]]:
    """Who has seen or changed anything about the person: the recipients of their data."""
    return [
        [
            uk_datetime(entry.occurred_at),
            entry.actor_name,
            entry.agency_name,
            f"{entry.get_action_display()}: {entry.purpose}",
        ]
        for entry in entries_for(person).filter(actor__isnull=False).order_by("sequence")
    ]


def _third_parties(actor: User, person: Person, text: str) -> list[tuple[str, str]]:
    """(text, reason) for every other person's name or identifier found in ``text``."""
    found: dict[str, str] = {}
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", text)}
    others = (
        access.visible(actor, Person)
        .exclude(pk=person.pk)
        .filter(family_name_lower__in=words)
        .values_list("given_name", "family_name", "known_as", "nhs_number", "upn")
    )
    lowered = text.lower()
    for given, family, known_as, nhs, upn in others:
        names = [f"{given} {family}"] + [
            f"{n.strip()} {family}" for n in known_as.split(",") if n.strip()
        ]
        for name in names:
            if name.lower() in lowered:
                found.setdefault(name, REGISTER_REASON)
        for number in (nhs, upn):
            if number and number in text:
                found.setdefault(number, IDENTIFIER_REASON)
    reporters = (
        access.visible(actor, Contact)
        .filter(person=person, raised_by__isnull=True)
        .values_list("reporter_name", "reporter_contact")
    )
    for name, contact in reporters:
        for value, reason in ((name, REPORTER_REASON), (contact, IDENTIFIER_REASON)):
            value = value.strip()
            if len(value) > 2 and value.lower() in lowered:
                found.setdefault(value, reason)
    own = {person.full_name.lower(), f"{person.given_name} {person.family_name}".lower()}
    return [(value, reason) for value, reason in found.items() if value.lower() not in own]


def _cells(sections) -> str:
    return "\n".join(cell for section in sections for row in section["rows"] for cell in row)


@transaction.atomic
def prepare(*, actor: User, request: SubjectAccessRequest, expected_version: int) -> None:
    """Gather everything held about the person, across agencies, and redact third parties.

    The exceptional read: every agency's records about this one person, for this request,
    audited. Only before review has ended (a released or refused request refuses it)."""
    access.require(actor, RULE, request)
    if request.status not in OPEN_SUBJECT_ACCESS:
        raise NotAllowed("This request is closed.")
    person = request.person
    with access.exceptional_reading(actor):
        entries = extensions.timeline(actor, person, purpose="gather a subject access request")
        register_rows = _person_rows(person, actor)
        sections = [
            {"title": "Register entry", "rows": register_rows},
            {
                "title": "What agencies recorded",
                "rows": [
                    [uk_datetime(e.occurred_at), e.agency, e.title, e.description]
                    for e in reversed(entries)
                ],
            },
            {"title": "Who has seen or changed the record", "rows": _seen_rows(person)},
            {"title": "Police intelligence", "rows": [["Withheld", INTELLIGENCE_WITHHELD]]},
        ]
        third = _third_parties(actor, person, _cells(sections))
    redactions = [
        {"id": n, "text": value, "label": f"[third party {n}]", "reason": reason, "kept": True,
         "added_by_reviewer": False}
        for n, (value, reason) in enumerate(third, start=1)
    ]  # fmt: skip
    bump(request, expected_version, where={"status__in": OPEN_SUBJECT_ACCESS},
         sections=sections, redactions=redactions, prepared_at=timezone.now(),
         status=SubjectAccessStatus.IN_REVIEW)  # fmt: skip
    audit(
        actor,
        AuditAction.VIEW,
        request,
        "subject access: gather every agency's records (exceptional read)",
        detail={
            "entries": len(entries),
            "redactions": len(redactions),
            "withheld": "police intelligence: DPA 2018 Sch. 2 para. 2, for the force to decide",
        },
        subject=person,
    )


# --- Review ---------------------------------------------------------------------------------


def redacted(text: str, redactions: list[dict]) -> str:
    """``text`` with every kept redaction replaced by its label, the same label everywhere."""
    for item in sorted(redactions, key=lambda r: len(r["text"]), reverse=True):
        if item["kept"]:
            text = re.sub(re.escape(item["text"]), item["label"], text, flags=re.IGNORECASE)
    return text


def reviewed_sections(request: SubjectAccessRequest) -> list[dict]:
    return [
        {
            "title": section["title"],
            "rows": [
                [redacted(cell, request.redactions) for cell in row] for row in section["rows"]
            ],
        }
        for section in request.sections
    ]


def _in_review(request: SubjectAccessRequest) -> None:
    if request.status != SubjectAccessStatus.IN_REVIEW:
        raise NotAllowed("Only a request in review can be changed this way.")


@transaction.atomic
def redaction_decide(
    *, actor: User, request: SubjectAccessRequest, expected_version: int, redaction: int, keep: bool
) -> None:
    """Keep or lift one redaction (audited with what it covers)."""
    access.require(actor, RULE, request)
    _in_review(request)
    items = [dict(item) for item in request.redactions]
    chosen = next((item for item in items if item["id"] == redaction), None)
    if chosen is None:
        raise NotAllowed("There is no such redaction.")
    chosen["kept"] = keep
    bump(request, expected_version, where={"status": SubjectAccessStatus.IN_REVIEW},
         redactions=items)  # fmt: skip
    audit(actor, AuditAction.CHANGE, request,
          "subject access: keep a redaction" if keep else "subject access: lift a redaction",
          detail={"redaction": chosen["label"], "reason": chosen["reason"]},
          subject=request.person)  # fmt: skip


@transaction.atomic
def redaction_add(
    *, actor: User, request: SubjectAccessRequest, expected_version: int, text: str, reason: str
) -> None:
    """Redact more text, wherever it appears, with the reviewer's reason."""
    access.require(actor, RULE, request)
    _in_review(request)
    text, reason = text.strip(), reason.strip()
    if not text or not reason or text.lower() not in _cells(request.sections).lower():
        raise NotAllowed("Redact text that appears in the export, with a reason.")
    items = [dict(item) for item in request.redactions]
    n = max((item["id"] for item in items), default=0) + 1
    items.append({"id": n, "text": text, "label": f"[redacted {n}]", "reason": reason,
                  "kept": True, "added_by_reviewer": True})  # fmt: skip
    bump(request, expected_version, where={"status": SubjectAccessStatus.IN_REVIEW},
         redactions=items)  # fmt: skip
    audit(actor, AuditAction.CHANGE, request, "subject access: add a redaction",
          detail={"redaction": f"[redacted {n}]", "reason": reason},
          subject=request.person)  # fmt: skip


# --- Release or refusal ---------------------------------------------------------------------


# Column widths (mm, A4 less margins) for the export's two- and four-column tables.
COLUMNS_MM = {2: [40, 134], 4: [30, 34, 50, 60]}


def export_pdf(request: SubjectAccessRequest, *, released_by: User, released_at) -> bytes:
    styles = pdf.stylesheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    story = [
        pdf.text("Subject access request: what Triangulate holds", styles["Title"]),
        pdf.table(
            [
                ["About", pdf.text(request.person.full_name, small)],
                ["Asked by", pdf.text(request.get_requester_kind_display(), small)],
                ["Received", pdf.text(uk_date(request.received_on), small)],
                [
                    "Released",
                    pdf.text(
                        f"{uk_datetime(released_at)} by {released_by.display_name}"
                        f" ({released_by.agency.name if released_by.agency else ''})",
                        small,
                    ),
                ],
                [
                    "Redactions",
                    pdf.text(
                        "Other people's details are replaced by a numbered label, the same "
                        f"label wherever they appear. {STAFF_NOTE}",
                        small,
                    ),
                ],
            ],
            [35 * pdf.mm, 139 * pdf.mm],
            bold="labels",
            font_size=8,
        ),
    ]
    for section in reviewed_sections(request):
        story.append(pdf.text(section["title"], styles["Heading3"]))
        if not section["rows"]:
            story.append(pdf.text("Nothing recorded.", styles["BodyText"]))
            continue
        widths = COLUMNS_MM.get(len(section["rows"][0]), [174 / len(section["rows"][0])] * 9)
        story.append(
            pdf.table(
                [[pdf.text(cell, small) for cell in row] for row in section["rows"]],
                [w * pdf.mm for w in widths[: len(section["rows"][0])]],
                bold="none",
                font_size=8,
            )
        )
    return pdf.build(story, title="Subject access request")


@transaction.atomic
def release(*, actor: User, request: SubjectAccessRequest, expected_version: int) -> None:
    """Release the reviewed export: the PDF is made once and never changes afterwards."""
    access.require(actor, RULE, request)
    _in_review(request)
    now = timezone.now()
    content = export_pdf(request, released_by=actor, released_at=now)
    bump(request, expected_version, where={"status": SubjectAccessStatus.IN_REVIEW},
         status=SubjectAccessStatus.RELEASED, closed_by=actor, closed_at=now,
         released_pdf=content)  # fmt: skip
    kept = sum(1 for item in request.redactions if item["kept"])
    audit(actor, AuditAction.EXPORT, request, "subject access: release",
          detail={"redactions_kept": kept, "redactions_lifted": len(request.redactions) - kept},
          subject=request.person)  # fmt: skip


@transaction.atomic
def refuse(*, actor: User, request: SubjectAccessRequest, expected_version: int, reason: str):
    """Refuse the request with the reason (manifestly unfounded or excessive, identity not
    confirmed); the gathered export, if any, is discarded."""
    access.require(actor, RULE, request)
    reason = reason.strip()
    if request.status not in OPEN_SUBJECT_ACCESS or not reason:
        raise NotAllowed("Only an open request can be refused, with the reason.")
    bump(request, expected_version, where={"status__in": OPEN_SUBJECT_ACCESS},
         status=SubjectAccessStatus.REFUSED, refusal_reason=reason, closed_by=actor,
         closed_at=timezone.now(), sections=[], redactions=[])  # fmt: skip
    audit(actor, AuditAction.CHANGE, request, "subject access: refuse",
          detail={"reason": reason}, subject=request.person)  # fmt: skip


def download(*, actor: User, request: SubjectAccessRequest) -> bytes:
    """The released PDF (each download audited)."""
    access.require(actor, RULE, request)
    if request.status != SubjectAccessStatus.RELEASED:
        raise NotAllowed("Only a released export can be downloaded.")
    audit(actor, AuditAction.EXPORT, request, "subject access: download the released export",
          subject=request.person)  # fmt: skip
    return bytes(request.released_pdf)


def person_for_request(number: int) -> Person | None:
    """The register entry a new request names (checked by the lead before recording it)."""
    return Person._default_manager.filter(pk=number, merged_into__isnull=True).first()


def audit_opened(actor: User, request: SubjectAccessRequest) -> None:
    audit(actor, AuditAction.VIEW, request, "open a subject access request",
          detail={"status": request.status}, subject=request.person)  # fmt: skip
