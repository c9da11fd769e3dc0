"""Which linkage records a user may see and change.

Roles decide who does linkage work at all (``linkage.rules``). Which records a reviewer
sees is the register's share rules, record by record, as on every other page: their
agency's own records and those shared with it. Deciding a pair or merging entries changes both records, so it needs the
right to see and change both (``core.access.changeable``; ADR 0007).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from triangulate.core import access
from triangulate.register.models import Person

from ..models import REGISTER_SOURCE, SourceRecord


def _records(user, scope) -> QuerySet:
    """Linkage records in ``scope`` (visible or changeable): an extract's record by its own
    owner and shares; the register's copy of an entry follows the entry."""
    return SourceRecord.objects.filter(
        Q(pk__in=scope(user, SourceRecord).values("pk"))
        | Q(source_name=REGISTER_SOURCE, person_id__in=scope(user, Person).values("pk"))
    )


def visible_records(user) -> QuerySet:
    """The linkage records this user may see."""
    return _records(user, access.visible)


def changeable_records(user) -> QuerySet:
    """The linkage records this user may see and change."""
    return _records(user, access.changeable)


def may_change_people(user, person_ids) -> bool:
    """Whether the user may see and change every one of these register entries."""
    wanted = {pk for pk in person_ids if pk}
    found = access.changeable(user, Person).filter(pk__in=wanted).values_list("pk", flat=True)
    return set(found) == wanted
