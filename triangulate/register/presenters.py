"""Display logic for register pages."""

from __future__ import annotations

from django.urls import reverse

from triangulate.core.identifiers import format_nhs_number
from triangulate.core.presenters import age_on, summary_rows, uk_date

from .models import Person


def person_summary(person: Person, addresses) -> list[dict]:
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
            ("Current address", str(current) if current else ""),
            ("Record held by", person.owning_agency.name),
        ]
    )


def search_rows(people) -> list[list[dict]]:
    rows = []
    for person in people:
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
                {"text": person.owning_agency.name},
            ]
        )
    return rows
