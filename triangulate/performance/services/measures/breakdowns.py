"""Breakdowns the measures share: counts by label, age bands, and the children behind a
figure by ward, ethnic group, looked-after status, the agency holding their record and the
team holding their case."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q

from triangulate.casework.models import Case
from triangulate.register.models import Ethnicity, FlagType, Person, PersonFlag
from triangulate.support.services import wards

from .base import Dimension


def age_band(born: dt.date | None, on: dt.date) -> str:
    if born is None:
        return "Age not known"
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for low, high in ((0, 9), (10, 13), (14, 15), (16, 17)):
        if low <= age <= high:
            return f"Aged {low} to {high}"
    return "Aged 18 or over"


def counted(labels) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items())


NOT_RECORDED = wards.NOT_RECORDED
# DfE's major ethnic groups, by the first letter of the census code.
ETHNIC_GROUPS = {
    "W": "White",
    "M": "Mixed or multiple ethnic groups",
    "A": "Asian or Asian British",
    "B": "Black or Black British",
    "C": "Chinese or any other ethnic group",
    "O": "Chinese or any other ethnic group",
}
UNRECORDED_ETHNICITY = {"", Ethnicity.NOBT, Ethnicity.REFU}


def ethnic_group(code: str | None) -> str:
    """The major group of a census ethnicity code; "Not recorded" when not obtained, declined
    or blank."""
    if not code or code in UNRECORDED_ETHNICITY:
        return NOT_RECORDED
    return ETHNIC_GROUPS.get(code[0], ETHNIC_GROUPS["O"])


LOOKED_AFTER = "Looked after"
NOT_LOOKED_AFTER = "Not looked after"
NO_OPEN_CASE = "No open case"


def _looked_after(people: set[int], cutoff: dt.datetime) -> dict[int, str]:
    flagged = set(
        PersonFlag.objects.filter(
            person_id__in=people, flag=FlagType.LOOKED_AFTER, set_at__lt=cutoff
        )
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=cutoff))
        .values_list("person_id", flat=True)
    )
    return {pk: LOOKED_AFTER if pk in flagged else NOT_LOOKED_AFTER for pk in people}


def _teams(people: set[int], cutoff: dt.datetime) -> dict[int, str]:
    """The team of each child's open case at ``cutoff`` (the latest opened, when several)."""
    open_then = (
        Case.objects.filter(person_id__in=people, opened_at__lt=cutoff)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff))
        .order_by("person_id", "opened_at", "id")
        .values_list("person_id", "team__name")
    )
    teams = dict.fromkeys(people, NO_OPEN_CASE)
    for pk, team in open_then:
        teams[pk] = team or "Not allocated to a team"
    return teams


def standard_dimensions(
    counted: set[int], of: set[int] | None, on: dt.date, cutoff: dt.datetime
) -> list[Dimension]:
    """The children ``counted`` (of the children ``of``, for a rate) by the ward of their
    address on ``on``, by ethnic group, by whether they were looked after, by the agency
    holding their record and by the team holding their open case at ``cutoff``."""
    everyone = set(counted) | set(of or ())
    ward = wards.wards_of_people(everyone, on)
    ethnicity, agency = {}, {}
    for pk, code, holder in Person.objects.filter(pk__in=everyone).values_list(
        "id", "ethnicity", "owning_agency__name"
    ):
        ethnicity[pk], agency[pk] = ethnic_group(code), holder or NOT_RECORDED
    looked_after = _looked_after(everyone, cutoff)
    team = _teams(everyone, cutoff)
    ethnic_order = [*dict.fromkeys(ETHNIC_GROUPS.values()), NOT_RECORDED]

    def rows(group_of: dict[int, str], groups: list[str]) -> list[tuple[str, int, int | None]]:
        counts = Counter(group_of.get(pk, NOT_RECORDED) for pk in counted)
        totals = Counter(group_of.get(pk, NOT_RECORDED) for pk in of or ())
        return [(g, counts[g], None if of is None else totals[g]) for g in groups]

    def seen(group_of: dict[int, str], last: str) -> list[str]:
        """The groups present, by name, with ``last`` at the end."""
        present = sorted({g for g in group_of.values() if g != last})
        return [*present, last] if last in group_of.values() else present

    return [
        Dimension("Ward", rows(ward, wards.ward_names())),
        Dimension("Ethnicity", rows(ethnicity, ethnic_order)),
        Dimension("Looked after", rows(looked_after, [LOOKED_AFTER, NOT_LOOKED_AFTER])),
        Dimension("Agency", rows(agency, seen(agency, NOT_RECORDED))),
        Dimension("Team", rows(team, seen(team, NO_OPEN_CASE))),
    ]
