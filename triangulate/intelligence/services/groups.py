"""Peer groups and contexts: their members (children and young adults), the places they use
and dated contextual assessments, held by police or the council and shared with partners."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.records import LawfulBasis, bump
from triangulate.core.spreadsheets import record_number

from ..models import ContextAssessment, Group, GroupKind, GroupMember, GroupPlace, Place
from .common import Invalid, date_problem, share_with_partner, shared_with

# A young adult may be a member up to this age (care leavers, young people still exploited
# alongside the children they grew up with).
YOUNG_ADULT_UNTIL = 25


def _group_changed(actor: User, group, expected_version: int, purpose: str) -> None:
    """Only the group's agency changes it; every change bumps its version, so an edit made
    on a page opened before someone else's change is refused."""
    access.require(actor, "intelligence.groups")
    access.require_changeable(actor, group, purpose=purpose)
    bump(group, expected_version)


def _group_part(actor: User, group, expected_version: int, model, purpose: str, **fields):
    """Add a member, a place or an assessment to the group (held by the group's agency),
    as a change to the group, audited, and shared with every agency the group is shared
    with."""
    _group_changed(actor, group, expected_version, purpose)
    part = model.objects.create(owning_agency=group.owning_agency, group=group, **fields)
    audit(actor, AuditAction.CREATE, part, purpose, detail={"group": group.pk})
    for agency in shared_with(Group, group):
        _share_part(actor, part, agency)
    return part


def _share_part(actor: User, part, agency: Agency) -> None:
    records.share(actor, part, agency, basis=LawfulBasis.SAFEGUARDING,
                  purpose="Part of a peer group or context shared with the agency")  # fmt: skip


def _group_details(name: str, kind: str) -> None:
    errors = {}
    if not (name or "").strip():
        errors["name"] = "Enter the name of the group or context"
    if kind not in GroupKind.values:
        errors["kind"] = "Select whether it is a peer group or a context"
    if errors:
        raise Invalid(errors)


@transaction.atomic
def group_create(*, actor: User, name: str, kind: str, summary: str = ""):
    access.require(actor, "intelligence.groups")
    _group_details(name, kind)
    group = Group.objects.create(
        owning_agency=actor.agency, name=name.strip(), kind=kind,
        summary=(summary or "").strip(), created_by=actor,
    )  # fmt: skip
    audit(actor, AuditAction.CREATE, group, "record a peer group or context")
    return group


@transaction.atomic
def group_change(*, actor: User, group, expected_version: int, name: str, kind: str,
                 summary: str = ""):  # fmt: skip
    """Change a group's name, kind and summary: only its agency may, and an edit made on a
    page opened before someone else's change is refused."""
    _group_details(name, kind)
    before = {"name": group.name, "kind": group.kind}
    _group_changed(actor, group, expected_version, "change a peer group or context")
    Group.objects.filter(pk=group.pk).update(
        name=name.strip(), kind=kind, summary=(summary or "").strip()
    )
    group.refresh_from_db()
    audit(actor, AuditAction.CHANGE, group, "change a peer group or context",
          detail={"before": before})  # fmt: skip
    return group


def groups_visible(*, actor: User) -> list:
    access.require(actor, "intelligence.groups")
    return list(access.visible(actor, Group).select_related("owning_agency").order_by("name", "id"))


def group_open(*, actor: User, pk: int):
    access.require(actor, "intelligence.groups", record=("intelligence.group", pk))
    return records.open(actor, Group, pk, purpose="read a peer group or context")


def group_members(*, actor: User, group) -> list:
    """The group's current members that this user may see."""
    return list(
        access.visible(actor, GroupMember)
        .filter(group=group, removed_at=None)
        .select_related("person")
        .order_by("from_on", "id")
    )


def group_places(*, actor: User, group) -> list:
    """The places the group uses, each marked ``may_open`` when the user may see the place
    itself (a partner sees its name through the group, and opens only its own places)."""
    used = list(
        access.visible(actor, GroupPlace)
        .filter(group=group)
        .select_related("place")
        .order_by("place__name")
    )
    visible = set(
        access.visible(actor, Place).filter(pk__in=[u.place_id for u in used])
        .values_list("pk", flat=True)
    )  # fmt: skip
    for row in used:
        row.may_open = row.place_id in visible
    return used


def group_assessments(*, actor: User, group) -> list:
    """Contextual assessments this user may see, latest first."""
    return list(
        access.visible(actor, ContextAssessment)
        .filter(group=group)
        .select_related("owner_agency")
        .order_by("-assessed_on", "-id")
    )


def _young_enough(person, on: dt.date) -> bool:
    from triangulate.register.models import PersonKind

    if person.kind == PersonKind.CHILD:
        return True
    born = person.date_of_birth
    if born is None:
        return False
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < YOUNG_ADULT_UNTIL


@transaction.atomic
def member_add(
    *,
    actor: User,
    group,
    expected_version: int,
    person: str | int,
    from_on: dt.date | None,
    to_on: dt.date | None = None,
    role: str = "",
):
    """Add a child or young adult from the register (by record number) to the group."""
    from triangulate.register.models import Person

    number = record_number(str(person))
    found = access.visible(actor, Person).filter(pk=number).first() if number else None
    errors = {}
    if found is None:
        errors["person"] = "Enter the record number of a child or young adult you can see"
    elif from_on and not _young_enough(found, from_on):
        errors["person"] = (
            f"Only children and young adults under {YOUNG_ADULT_UNTIL} can be members"
        )
    elif GroupMember.objects.filter(group=group, person=found, removed_at=None).exists():
        errors["person"] = "They are already a member of this group"
    if problem := date_problem(from_on, what="they joined"):
        errors["from_on"] = problem
    if to_on and from_on and to_on < from_on:
        errors["to_on"] = "The date they left must be on or after the date they joined"
    if errors:
        raise Invalid(errors)
    return _group_part(
        actor, group, expected_version, GroupMember, "add a member to a group",
        person=found, role=(role or "").strip(), from_on=from_on, to_on=to_on, added_by=actor,
    )  # fmt: skip


@transaction.atomic
def member_remove(*, actor: User, group, expected_version: int, member: int):
    """Remove a member: the row stays, with who removed them and when."""
    row = GroupMember.objects.filter(group=group, pk=member, removed_at=None).first()
    if row is None:
        raise Invalid({"member": "Select a current member to remove"})
    _group_changed(actor, group, expected_version, "remove a member from a group")
    row.removed_at = timezone.now()
    row.removed_by = actor
    row.save(update_fields=["removed_at", "removed_by"])
    audit(actor, AuditAction.CHANGE, row, "remove a member from a group",
          detail={"group": group.pk})  # fmt: skip
    return row


@transaction.atomic
def group_place_add(*, actor: User, group, expected_version: int, place: str | int):
    """Record that the group uses a place (by its number; a place the user may see)."""
    number = record_number(str(place))
    found = access.visible(actor, Place).filter(pk=number).first() if number else None
    if found is None:
        raise Invalid({"place": "Enter the number of a place you can see"})
    if GroupPlace.objects.filter(group=group, place=found).exists():
        raise Invalid({"place": "The group is already recorded as using this place"})
    return _group_part(
        actor, group, expected_version, GroupPlace, "record a place a group uses",
        place=found, added_by=actor,
    )  # fmt: skip


@transaction.atomic
def context_assess(
    *,
    actor: User,
    group,
    expected_version: int,
    assessed_on: dt.date | None,
    unsafe: str,
    actions: str,
    owner_agency: Agency | None,
    owner_name: str,
    review_on: dt.date | None,
):
    """Write a new contextual assessment of the group (the earlier ones are kept)."""
    errors = {}
    if problem := date_problem(assessed_on, what="of the assessment"):
        errors["assessed_on"] = problem
    if not (unsafe or "").strip():
        errors["unsafe"] = "Enter what makes the context unsafe"
    if not (actions or "").strip():
        errors["actions"] = "Enter what would make the context safer"
    if owner_agency is None:
        errors["owner_agency"] = "Select the agency that owns the action"
    if not (owner_name or "").strip():
        errors["owner_name"] = "Enter who owns the action"
    if review_on is None:
        errors["review_on"] = "Enter the date of the review"
    elif assessed_on and review_on <= assessed_on:
        errors["review_on"] = "The review must be after the assessment"
    if errors:
        raise Invalid(errors)
    return _group_part(
        actor, group, expected_version, ContextAssessment, "assess a context",
        assessed_on=assessed_on, unsafe=unsafe.strip(), actions=actions.strip(),
        owner_agency=owner_agency, owner_name=owner_name.strip(), review_on=review_on,
        written_by=actor,
    )  # fmt: skip


def group_share(*, actor: User, group, agency: Agency | None, purpose: str):
    """Share the group (its members, places and assessments) with another agency."""
    access.require(actor, "intelligence.groups")
    share = share_with_partner(actor, group, agency, purpose, what="group")
    # Its members (named to the agency as ADR 0009 allows), places and assessments with it.
    for parts in (group.members.filter(removed_at=None), group.places.all(),
                  group.assessments.all()):  # fmt: skip
        for part in parts:
            _share_part(actor, part, agency)
    return share


def group_shared_with(group) -> list[Agency]:
    return shared_with(Group, group)
