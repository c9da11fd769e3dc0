"""Breakdowns the measures share: counts by label, age bands, and the children behind a
figure by ward and by ethnic group."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from triangulate.register.models import Ethnicity, Person
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


def by_ward_and_ethnicity(counted: set[int], of: set[int] | None, on: dt.date) -> list[Dimension]:
    """The children ``counted`` (of the children ``of``, for a rate) by the ward of their
    address on ``on`` and by ethnic group."""
    everyone = set(counted) | set(of or ())
    ward = wards.wards_of_people(everyone, on)
    ethnicity = {
        pk: ethnic_group(code)
        for pk, code in Person.objects.filter(pk__in=everyone).values_list("id", "ethnicity")
    }
    ethnic_order = [*dict.fromkeys(ETHNIC_GROUPS.values()), NOT_RECORDED]

    def rows(group_of: dict[int, str], groups: list[str]) -> list[tuple[str, int, int | None]]:
        counts = Counter(group_of.get(pk, NOT_RECORDED) for pk in counted)
        totals = Counter(group_of.get(pk, NOT_RECORDED) for pk in of or ())
        return [(g, counts[g], None if of is None else totals[g]) for g in groups]

    return [
        Dimension("Ward", rows(ward, wards.ward_names())),
        Dimension("Ethnicity", rows(ethnicity, ethnic_order)),
    ]
