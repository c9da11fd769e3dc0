"""Sensitivity labels: the kinds of information that stay with fewer people than the record.

A record carries at most one label (a ``sensitivity`` field made by :func:`label_field`, or a
``sensitivity_label`` property where the label follows from something else, like police
handling code C). The label withholds the fields the model names in ``WITHHELD_FIELDS`` from
everyone the label's entitlement leaves out, even when they may see the record itself. Who is
entitled is written here once, as data; :func:`triangulate.core.access.withheld` applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from .roles import AgencyType, Role


class Sensitivity(models.TextChoices):
    SEXUAL_HEALTH = "sexual_health", "Sexual health"
    INTELLIGENCE_C = "intelligence_c", "Intelligence handling code C"
    SCHOOL_CONFIDENTIAL = "school_confidential", "School confidential"
    ADOPTION = "adoption", "Adoption"
    ADDRESS_WITHHELD = "address_withheld", "Address withheld for safety"


@dataclass(frozen=True)
class Entitlement:
    """Who may read what a label withholds.

    ``roles`` in any agency (of ``agency_types`` when given) are entitled; so is anyone in the
    record's owning agency when ``owning_agency`` says so (holding ``owner_roles`` when those
    are given, or any role that reads personal data when not). ``withheld`` names the
    information in the words a viewer reads; ``ask`` whom to ask, with ``{owner}`` for the
    owning agency's name.
    """

    withheld: str
    ask: str
    roles: frozenset = frozenset()
    agency_types: frozenset = frozenset()
    owning_agency: bool = False
    owner_roles: frozenset = frozenset()


POLICE_INTELLIGENCE_ROLES = frozenset({Role.POLICE_OFFICER, Role.POLICE_ANALYST})

ENTITLEMENTS: dict[str, Entitlement] = {
    Sensitivity.SEXUAL_HEALTH: Entitlement(
        withheld="sexual health information",
        ask="Ask {owner}'s safeguarding lead.",
        roles=frozenset({Role.HEALTH_SAFEGUARDING}),
        owning_agency=True,
    ),
    Sensitivity.INTELLIGENCE_C: Entitlement(
        withheld="intelligence with handling code C, not to go outside the force without the "
        "originator's agreement",
        ask="Ask {owner}, who graded it.",
        owning_agency=True,
        owner_roles=POLICE_INTELLIGENCE_ROLES,
    ),
    Sensitivity.SCHOOL_CONFIDENTIAL: Entitlement(
        withheld="school confidential information",
        ask="Ask {owner}'s designated safeguarding lead.",
        roles=frozenset({Role.SCHOOL_SAFEGUARDING_LEAD}),
        owning_agency=True,
    ),
    Sensitivity.ADOPTION: Entitlement(
        withheld="adoption information",
        ask="Ask a children's social care team manager.",
        roles=frozenset({Role.TEAM_MANAGER}),
        agency_types=frozenset({AgencyType.CHILDRENS_SOCIAL_CARE}),
    ),
    Sensitivity.ADDRESS_WITHHELD: Entitlement(
        withheld="the address, kept back for the child's safety",
        ask="Ask {owner}.",
        owning_agency=True,
    ),
}


def label_field() -> models.CharField:
    """The ``sensitivity`` field a labelled record carries (empty: no label)."""
    return models.CharField(
        max_length=24, choices=Sensitivity.choices, blank=True, default="", db_index=False
    )


def label_of(record) -> str:
    """The record's label, or "" for none."""
    label = getattr(record, "sensitivity_label", None)
    if label is None:
        label = getattr(record, "sensitivity", "")
    return label or ""


def label_name(label: str) -> str:
    return Sensitivity(label).label if label else ""


def choices_for(labels) -> list[tuple[str, str]]:
    """A label field's choices: none first, then ``labels`` in the enum's order."""
    return [("", "No label")] + [(s.value, s.label) for s in Sensitivity if s in set(labels)]
