"""What each viewer reads of an agenda: the items their agency may read, the subjects and
reasons as they may see them, and only a place for each of the others."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User
from triangulate.register.models import Person

from ..models import AgendaItem, Meeting


def readable_items(actor: User):
    """The agenda items this user may read.

    The agency that holds a meeting reads all of its items. An agency at the table (the
    meeting is shared with it when its attendance is recorded) reads the items about
    children it may see, and general business. Any other item only when the holding
    agency has recorded a decision to share that item with it (:func:`item_share`).
    """
    meetings = access.visible(actor, Meeting).values("pk")
    general = Q(person__isnull=True, subject_type__isnull=True)
    about_seen = Q(person__in=access.visible(actor, Person).values("pk"))
    for subject_type in _subject_types():
        about_seen |= Q(
            subject_type=subject_type,
            subject_id__in=access.visible(actor, subject_type.model_class()).values("pk"),
        )
    return AgendaItem.objects.filter(
        Q(pk__in=access.visible(actor, AgendaItem).values("pk"))
        | (Q(meeting__in=meetings) & (general | about_seen))
    )


def _subject_types() -> list[ContentType]:
    """The kinds of record other than children that agendas hold items about."""
    used = AgendaItem.objects.exclude(subject_type=None).values("subject_type").distinct()
    return [ct for ct in ContentType.objects.filter(pk__in=used) if ct.model_class() is not None]


@dataclass(frozen=True)
class Shown:
    """What one viewer reads of an item: what it is about (a link to the subject's page only
    for those who may see it), what kind of record that is, and why it is on the agenda."""

    title: str
    href: str
    kind: str
    reasons: list[str]


def _visible_ids(actor: User, wanted: dict[str, set[int]]) -> set[tuple[str, int]]:
    """Which of these records (by model label) the user may see, in one query a model."""
    seen = set()
    for label, ids in wanted.items():
        model = apps.get_model(label)
        pks = access.visible(actor, model).filter(pk__in=ids).values_list("pk", flat=True)
        seen.update((label, pk) for pk in pks)
    return seen


def _kind_of(item: AgendaItem) -> str:
    return str(item.subject_type.model_class()._meta.verbose_name)


def _reason_shown(reason, seen: set[tuple[str, int]]) -> str:
    """A reason in words: a child's as it was written; one about a record in full only to a
    reader who may see that record, otherwise its withheld words."""
    if isinstance(reason, str):
        return reason
    about = reason.get("about")
    return reason["text"] if not about or tuple(about) in seen else reason["withheld"]


def items_shown(*, actor: User, items: list[AgendaItem]) -> dict[int, Shown]:
    """{item id: Shown} for these items as this user may read them. A subject this user may
    not see is named only by its kind; a reason about a record they may not see reads as its
    ``withheld`` words (never its text or grade)."""
    wanted: dict[str, set[int]] = {}
    for item in items:
        if item.subject_type_id:
            wanted.setdefault(item.subject_type.model_class()._meta.label_lower, set()).add(
                item.subject_id
            )
        for reason in item.reasons:
            if isinstance(reason, dict) and reason.get("about"):
                label, pk = reason["about"]
                wanted.setdefault(label, set()).add(pk)
    seen = _visible_ids(actor, wanted)
    shown = {}
    for item in items:
        reasons = [_reason_shown(reason, seen) for reason in item.reasons]
        if item.subject_type_id:
            kind = _kind_of(item)
            key = (item.subject_type.model_class()._meta.label_lower, item.subject_id)
            if key in seen:
                shown[item.pk] = Shown(item.subject_label, item.subject_href, kind, reasons)
            else:
                shown[item.pk] = Shown(f"A {kind} your agency cannot see", "", kind, reasons)
        else:
            title = item.person.full_name if item.person else "General business"
            shown[item.pk] = Shown(title, "", "", reasons)
    return shown


def agenda(*, actor: User, meeting: Meeting) -> list[AgendaItem]:
    """The items of a meeting this user may read, in agenda order."""
    return list(
        readable_items(actor)
        .filter(meeting=meeting)
        .select_related("person", "subject_type")
        .order_by("position", "id")
    )


def may_read_item(*, actor: User, item_id: int | None) -> bool:
    return item_id is not None and readable_items(actor).filter(pk=item_id).exists()


@dataclass(frozen=True)
class AgendaEntry:
    """One place on the agenda: the item, or None where the viewer may not read it."""

    position: int
    item: AgendaItem | None
    # What the item is about, for one the viewer may not read: "child", "place" ...
    about: str = "child"
    shown: Shown | None = None


def agenda_entries(*, actor: User, meeting: Meeting) -> list[AgendaEntry]:
    """The whole agenda in order, items the viewer may not read held back as a place only,
    so an agency at the table knows that other children (or persons of concern, or places)
    are discussed but not who or which."""
    readable = {item.pk: item for item in agenda(actor=actor, meeting=meeting)}
    shown = items_shown(actor=actor, items=list(readable.values()))
    # Of the others only their place and kind are read: never their reasons.
    places = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("subject_type")
        .only("pk", "position", "subject_type__app_label", "subject_type__model")
        .order_by("position", "id")
    )
    return [
        AgendaEntry(
            place.position,
            readable.get(place.pk),
            _kind_of(place) if place.subject_type_id else "child",
            shown.get(place.pk),
        )
        for place in places
    ]


def item_open(*, actor: User, pk: int) -> AgendaItem:
    item = (
        readable_items(actor)
        .select_related("meeting", "person", "subject_type")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        # Not readable: a 404 if there is no such item, otherwise an audited refusal.
        access.get_visible_or_403(actor, AgendaItem, pk, purpose="view agenda item")
    audit(actor, AuditAction.VIEW, item, "view agenda item")
    return item
