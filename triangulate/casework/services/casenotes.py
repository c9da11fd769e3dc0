"""Case notes: contacts with and about a child, recorded and corrected, never deleted."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import Agency, AuditAction, User
from triangulate.register.models import Person

from ..models import Case, CaseNote, NoteCorrection

# What a correction may change; everything else (who recorded it, when) stays as it was.
CORRECTABLE = (
    "kind",
    "occurred_at",
    "present",
    "child_seen",
    "child_seen_alone",
    "childs_words",
    "summary",
    "significant",
)


class EventInFuture(ValueError):
    """A note records something that has happened: it cannot be dated later than now."""


class SeenAloneButNotSeen(ValueError):
    """A child cannot be seen alone without being seen."""


def _check(*, occurred_at: dt.datetime, child_seen: bool, child_seen_alone: bool) -> None:
    if occurred_at > timezone.now():
        raise EventInFuture("The date and time of the contact must be now or in the past")
    if child_seen_alone and not child_seen:
        raise SeenAloneButNotSeen("A child seen alone must also be recorded as seen")


def child_for_note(*, actor: User, pk: int) -> Person:
    """The child a practitioner is adding a note to, outside any case: one whose record they
    may see (403 audited by the 403 page if not)."""
    access.require(actor, "casework.note", record=("register.person", pk))
    return access.get_visible_or_403(actor, Person, pk, purpose="record a note on a child")


@transaction.atomic
def note_record(
    *,
    actor: User,
    case: Case | None = None,
    person: Person | None = None,
    kind: str,
    occurred_at: dt.datetime,
    summary: str,
    present: str = "",
    child_seen: bool = False,
    child_seen_alone: bool = False,
    childs_words: str = "",
    significant: bool = False,
    sensitivity: str = "",
) -> CaseNote:
    """Record a note, dated when the contact happened: on a case (owned by the case's agency),
    or on the child's record outside any case (``person``; owned by the author's agency), with
    a sensitivity label the author may read (core.sensitivity) or none."""
    if case is not None:
        access.require(actor, "casework.work")
        access.require_changeable(actor, case, purpose="record a case note")
        owner, person_id = case.owning_agency, case.person_id
    else:
        child = child_for_note(actor=actor, pk=person.pk)
        owner, person_id = actor.agency, child.pk
    _check(occurred_at=occurred_at, child_seen=child_seen, child_seen_alone=child_seen_alone)
    records.check_label(actor, CaseNote, sensitivity, owner.pk)
    note = CaseNote.objects.create(
        owning_agency=owner,
        person_id=person_id,
        case=case,
        kind=kind,
        occurred_at=occurred_at,
        present=present.strip(),
        child_seen=child_seen,
        child_seen_alone=child_seen_alone,
        childs_words=childs_words.strip(),
        summary=summary.strip(),
        significant=significant,
        recorded_by=actor,
        sensitivity=sensitivity,
    )
    audit(
        actor,
        AuditAction.CREATE,
        note,
        "record a case note",
        detail={
            "case": case.pk if case else None,
            "kind": kind,
            "significant": significant,
            "sensitivity": sensitivity,
        },
    )
    return note


def note_label(*, actor: User, note: CaseNote, expected_version: int, sensitivity: str):
    """Set or clear the note's sensitivity label (audited before and after; stale refused)."""
    access.require(actor, "casework.note", note)
    return records.relabel(
        actor,
        note,
        expected_version=expected_version,
        sensitivity=sensitivity,
        purpose="label a case note",
    )


def labels_offered(*, actor: User, owning_agency_id) -> list[str]:
    return records.labels_offered(actor, CaseNote, owning_agency_id)


def _snapshot(note: CaseNote) -> dict:
    values = {name: getattr(note, name) for name in CORRECTABLE}
    values["occurred_at"] = note.occurred_at.isoformat()
    return values


@transaction.atomic
def note_correct(
    *, actor: User, note: CaseNote, expected_version: int, reason: str, **changes
) -> CaseNote:
    """Correct a note: the note shows the correction, and what it said before is kept with who
    changed it, when and why. Refused (:class:`StaleEdit`) if someone corrected it meanwhile."""
    access.require(actor, "casework.note", note)
    access.require_changeable(actor, note, purpose="correct a case note")
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"Not correctable: {sorted(unknown)}")
    merged = {**{name: getattr(note, name) for name in CORRECTABLE}, **changes}
    _check(
        occurred_at=merged["occurred_at"],
        child_seen=merged["child_seen"],
        child_seen_alone=merged["child_seen_alone"],
    )
    previous = _snapshot(note)
    changed = [name for name in CORRECTABLE if merged[name] != getattr(note, name)]
    records.bump(note, expected_version, **{name: merged[name] for name in changed})
    NoteCorrection.objects.create(
        owning_agency=note.owning_agency,
        note=note,
        previous=previous,
        reason=reason.strip(),
        corrected_by=actor,
    )
    audit(
        actor,
        AuditAction.CHANGE,
        note,
        "correct a case note",
        detail={"changed": changed, "reason": reason.strip()},
    )
    return note


def note_open(*, actor: User, pk: int) -> CaseNote:
    return records.open(actor, CaseNote, pk, purpose="view a case note")


def note_for_change(*, actor: User, pk: int) -> CaseNote:
    return records.open_for_change(actor, CaseNote, pk, purpose="correct a case note")


def case_notes(*, actor: User, case: Case) -> list[CaseNote]:
    return list(
        access.visible(actor, CaseNote)
        .filter(case=case)
        .select_related("recorded_by", "owning_agency")
        .order_by("-occurred_at", "-id")
    )


def corrections(*, actor: User, note: CaseNote) -> list[NoteCorrection]:
    return list(
        access.visible(actor, NoteCorrection)
        .filter(note=note)
        .select_related("corrected_by")
        .order_by("-corrected_at", "-id")
    )


def note_share(*, actor: User, note: CaseNote, agency: Agency, purpose: str):
    """Let another agency read a note (for the child's chronology, a strategy discussion)."""
    access.require(actor, "casework.note", note)
    access.require_changeable(actor, note, purpose="share a case note")
    return records.share(
        actor, note, agency, basis=records.LawfulBasis.SAFEGUARDING, purpose=purpose
    )


def share_agencies(*, actor: User) -> list[Agency]:
    return list(
        Agency.objects.filter(is_active=True).exclude(pk=actor.agency_id).order_by("name", "id")
    )
