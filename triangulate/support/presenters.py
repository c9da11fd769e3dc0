"""What the support pages show, as data for the GOV.UK components."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.html import escape, format_html_join

from triangulate.core.presenters import summary_rows, uk_date

from .services import directory


def _wait(service) -> str:
    if service.waiting_weeks is None:
        return "Ask the service"
    if service.waiting_weeks == 0:
        return "No wait"
    weeks = "week" if service.waiting_weeks == 1 else "weeks"
    return f"About {service.waiting_weeks} {weeks}"


def _eligibility(service) -> str:
    harms = ", ".join(service.harm_labels()) or "Any kind of harm"
    family = "; also parents, carers and siblings" if service.for_family else ""
    return f"Ages: {service.age_text()}{family}. Area: {service.area}. Helps with: {harms}."


def _contact_html(service):
    lines = []
    if service.phone:
        lines.append(f"Phone: {service.phone}")
    if service.email:
        lines.append(f"Email: {service.email}")
    if service.website:
        lines.append(f"Website: {service.website}")
    if service.self_referral:
        lines.append("You can contact them yourself; you do not need a professional to refer you.")
    if service.how_to_refer:
        lines.append(service.how_to_refer)
    if not lines:
        return escape("Ask a practitioner to refer you.")
    return format_html_join("", '<p class="govuk-body">{}</p>', ((line,) for line in lines))


def public_cards(services) -> list[dict]:
    """One GOV.UK summary card per published service: no contract or funding details."""
    cards = []
    for service in services:
        cards.append(
            {
                "card": {"title": {"text": service.name}},
                "rows": [
                    {"key": {"text": "What it offers"}, "value": {"text": service.summary}},
                    {
                        "key": {"text": "Kind of support"},
                        "value": {"text": service.get_kind_display()},
                    },
                    {"key": {"text": "Run by"}, "value": {"text": service.provider}},
                    {"key": {"text": "Who it is for"}, "value": {"text": _eligibility(service)}},
                    {"key": {"text": "Waiting time"}, "value": {"text": _wait(service)}},
                    {"key": {"text": "How to get help"}, "value": {"html": _contact_html(service)}},
                ],
            }
        )
    return cards


def _ending_tag(service, today: dt.date) -> dict | None:
    ending = directory.ending_soon(service, today)
    if not ending:
        return None
    soonest = min(day for _, day in ending)
    text = "Ended" if soonest < today else "Ends soon"
    return {"text": text, "classes": "govuk-tag--red" if soonest < today else "govuk-tag--yellow"}


def staff_rows(services, today: dt.date) -> list[list[dict]]:
    rows = []
    for service in services:
        ends = [d for d in (service.contract_ends_on, service.funding_ends_on) if d]
        rows.append(
            [
                {
                    "link": {
                        "href": reverse("support:service", args=[service.pk]),
                        "text": service.name,
                    },
                    "note": service.provider,
                },
                {"text": service.get_kind_display()},
                {"text": service.age_text()},
                {"text": _wait(service)},
                {
                    "text": str(service.capacity) if service.capacity is not None else "Not known",
                    "format": "numeric",
                },
                {
                    "text": uk_date(min(ends)) if ends else "No end date",
                    "tag": _ending_tag(service, today),
                },
                {"text": "Yes" if service.is_published else "No"},
            ]
        )
    return rows


def service_summary(service, today: dt.date) -> list[dict]:
    rows = summary_rows(
        [
            ("Kind of service", service.get_kind_display()),
            ("Run by", service.provider),
            ("Partner agency", service.agency.name if service.agency else "None"),
            ("What it offers", service.summary),
            ("Ages", service.age_text()),
            ("Area", service.area),
            ("Kinds of harm", ", ".join(service.harm_labels()) or "Any"),
            ("Family members referred in their own right", "Yes" if service.for_family else "No"),
            ("Capacity", service.capacity),
            ("Typical wait", _wait(service)),
            ("Funded by", service.funder),
            ("Contract ends", uk_date(service.contract_ends_on)),
            ("Funding ends", uk_date(service.funding_ends_on)),
            ("How to refer", service.how_to_refer),
            ("People can refer themselves", "Yes" if service.self_referral else "No"),
            ("Phone", service.phone),
            ("Email", service.email),
            ("Website", service.website),
            ("On the public page", "Yes" if service.is_published else "No"),
        ]
    )
    return rows
