"""Legal holds: a child (everything about them) or one record kept back from destruction
until the hold is released."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from triangulate.core.audit import audit, subject_of
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.register.models import Person

from ...models import LegalHold
from .clocks import model_for, type_name
from .schedule import Invalid


def live_holds() -> models.QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True).select_related(
        "content_type", "placed_by"
    )


def hold_ref(hold: LegalHold) -> str:
    if hold.person_id:
        return f"Child {hold.person_id} and everything about them"
    return (
        f"{type_name(hold.content_type.app_label + '.' + hold.content_type.model)} {hold.object_id}"
    )


@transaction.atomic
def hold_place(
    *, actor: User, reason: str, person_number: int | None = None,
    record_type: str = "", record_id: int | None = None,
) -> LegalHold:  # fmt: skip
    """Hold a child (everything about them) or one record against destruction."""
    if not reason.strip():
        raise Invalid("reason", "Enter why the records must be kept")
    if person_number:
        person = Person._default_manager.filter(pk=person_number).first()
        if person is None:
            raise Invalid("person_number", "There is no register entry with this number")
        hold = LegalHold.objects.create(person=person, reason=reason.strip(), placed_by=actor)
        subject = person
    else:
        model = model_for(record_type)
        if model is None:
            raise Invalid("record_type", "Choose a child, or a type of record from the list")
        if not record_id or not model._default_manager.filter(pk=record_id).exists():
            raise Invalid("record_id", "There is no record of this type with this number")
        hold = LegalHold.objects.create(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id=record_id, reason=reason.strip(), placed_by=actor,
        )  # fmt: skip
        subject = subject_of((model._meta.label_lower, str(record_id)))
    audit(
        actor, AuditAction.CREATE, hold, "place a legal hold",
        detail={"held": hold_ref(hold)}, subject=subject,
    )  # fmt: skip
    return hold


@transaction.atomic
def hold_release(*, actor: User, hold: LegalHold, expected_version: int, reason: str) -> None:
    if not reason.strip():
        raise Invalid("reason", "Enter why the hold can be released")
    bump(
        hold, expected_version, where={"released_at__isnull": True}, released_by=actor,
        released_at=timezone.now(), release_reason=reason.strip(),
    )  # fmt: skip
    subject = hold.person if hold.person_id else None
    audit(
        actor, AuditAction.CHANGE, hold, "release a legal hold",
        detail={"released": hold_ref(hold)}, subject=subject,
    )  # fmt: skip
