"""Display logic for register pages."""

from __future__ import annotations

from django.urls import reverse

from triangulate.core import access
from triangulate.core.identifiers import format_nhs_number
from triangulate.core.presenters import age_on, sensitivity_tag, summary_rows, uk_date

from .models import Person, PersonAddress


def address_text(user, address: PersonAddress | None) -> str:
    """An address as this viewer may read it: the address, or that it is withheld and why."""
    if address is None:
        return ""
    held = access.withheld(user, address)
    return held.text if held else str(address)


def address_rows(user, person: Person, addresses) -> list[list[dict]]:
    """The address history, each address as the viewer may read it, with the way to label
    those their agency holds and may label."""
    rows = []
    for address in addresses:
        cell = {"text": address_text(user, address)}
        tag = sensitivity_tag(access.label_shown(user, address))
        if tag:
            cell["tags"] = [tag]
        if address.owning_agency_id == user.agency_id and access.may(user, "register.flag"):
            cell = {
                **cell,
                "link": {
                    "href": reverse("register:address_label", args=[person.pk, address.pk]),
                    "text": address_text(user, address),
                    "hidden": "(change its sensitivity label)",
                },
            }
        rows.append(
            [
                cell,
                {"text": uk_date(address.from_date) or "Not known"},
                {"text": uk_date(address.to_date) or "Current"},
            ]
        )
    return rows


ADDRESS_HEAD = [{"text": "Address"}, {"text": "From"}, {"text": "To"}]


def person_summary(user, person: Person, addresses) -> list[dict]:
    current = next((a for a in addresses if a.to_date is None), None)
    dob = person.date_of_birth
    return summary_rows(
        [
            ("Name", person.full_name),
            ("Known as", ", ".join(person.known_as_names)),
            ("Date of birth", f"{uk_date(dob)} (age {age_on(dob)})" if dob else ""),
            ("Sex", person.get_sex_display()),
            ("Ethnicity", person.get_ethnicity_display()),
            ("NHS number", format_nhs_number(person.nhs_number)),
            ("Unique pupil number", person.upn),
            ("Current address", address_text(user, current)),
            ("Record held by", person.owning_agency.name),
        ]
    )


def search_rows(user, people, addresses: dict) -> list[list[dict]]:
    rows = []
    for person in people:
        address = addresses.get(person.pk)
        rows.append(
            [
                {
                    "link": {
                        "href": reverse("register:person", args=[person.pk]),
                        "text": person.full_name,
                    }
                },
                {"text": ", ".join(person.known_as_names)},
                {"text": uk_date(person.date_of_birth) or "Not known"},
                {"text": address_text(user, address) or "Not known"},
                {"text": person.owning_agency.name},
            ]
        )
    return rows
