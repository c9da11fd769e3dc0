"""Display logic for front-door pages."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from triangulate.core.clocks import clock
from triangulate.core.identifiers import format_nhs_number
from triangulate.core.presenters import clock_tag, summary_rows, uk_date, uk_datetime

from .models import URGENT_HOURS, Contact, Indicator, Outcome, Source, TriageDecision


def contact_clock(contact: Contact):
    """The decision clock; an urgent one is "due soon" in its last quarter."""
    decided_at = getattr(getattr(contact, "decision", None), "decided_at", None)
    hours = URGENT_HOURS.get(contact.urgency)
    due_soon = dt.timedelta(hours=hours) / 4 if hours else dt.timedelta(hours=4)
    return clock(contact.decision_due_at, done_at=decided_at, due_soon=due_soon)


def queue_rows(contacts) -> list[list[dict]]:
    rows = []
    for contact in contacts:
        state = contact_clock(contact)
        tag = clock_tag(state)
        href = reverse("frontdoor:contact", args=[contact.pk])
        rows.append(
            [
                {"link": {"href": href, "text": contact.reference}},
                {"text": contact.child_name},
                {
                    "text": contact.raised_by_agency.name
                    if contact.raised_by_agency
                    else contact.get_source_display()
                },
                {"text": uk_datetime(contact.received_at)},
                {"text": uk_datetime(contact.decision_due_at)},
                {"tag": tag},
                {"text": contact.get_urgency_display()},
            ]
        )
    return rows


def indicator_labels(contact: Contact) -> list[str]:
    labels = dict(Indicator.choices)
    return [labels.get(code, code) for code in contact.indicators]


def child_rows(contact: Contact) -> list[dict]:
    return summary_rows(
        [
            ("Name given", contact.child_name),
            ("Known as", contact.child_known_as),
            ("Date of birth", uk_date(contact.child_date_of_birth)),
            ("Age, if date of birth not known", contact.child_age_description),
            ("Address", contact.child_address),
            ("Postcode", contact.child_postcode),
            ("School or college", contact.child_school),
            ("NHS number", format_nhs_number(contact.child_nhs_number)),
            ("Unique pupil number", contact.child_upn),
        ]
    )


def _who_reported(contact: Contact) -> list[tuple[str, str]]:
    """A professional raised it themselves; otherwise the caller, and who recorded it."""
    if contact.source == Source.PROFESSIONAL and contact.raised_by:
        agency = f", {contact.raised_by_agency.name}" if contact.raised_by_agency else ""
        return [("Raised by", f"{contact.raised_by.display_name}{agency}")]
    caller = contact.reporter_name or "Not given"
    if contact.reporter_relationship:
        caller = f"{caller} ({contact.reporter_relationship})"
    rows = [("Who reported it", caller), ("How to contact them", contact.reporter_contact)]
    if contact.raised_by:
        rows.append(("Recorded by", contact.raised_by.display_name))
    return rows


def concern_rows(contact: Contact) -> list[dict]:
    return summary_rows(
        [
            ("Reference", contact.reference),
            ("Received", uk_datetime(contact.received_at)),
            ("How it reached us", contact.get_source_display()),
            *_who_reported(contact),
            ("What was seen or heard", contact.concern),
            ("Where", contact.location),
            ("Indicators noticed", ", ".join(indicator_labels(contact)) or "None noted"),
            ("Urgency", contact.get_urgency_display()),
            ("Family aware", contact.get_family_aware_display()),
            ("Consent", contact.get_consent_display()),
        ]
    )


def decision_rows(decision: TriageDecision) -> list[dict]:
    return summary_rows(
        [
            ("Decision", decision.get_outcome_display()),
            ("Level of need", decision.need_level.label),
            ("Reasons", decision.reasons),
            ("Feedback to the referrer", decision.referrer_feedback),
            ("Decided by", decision.decided_by.display_name),
            ("Decided", uk_datetime(decision.decided_at)),
        ]
    )


def referrer_status(contact: Contact) -> str:
    decision = getattr(contact, "decision", None)
    if decision is not None and not decision.awaiting_agreement:
        return f"Decided: {decision.get_outcome_display()}"
    return contact.get_status_display()


def holder_rows(holders, *, asked: set[int]) -> list[dict]:
    """Agencies holding likely matches the hub cannot see: who, how many, whether asked."""
    return [
        {
            "agency_id": h.agency_id,
            "name": h.name,
            "count": h.count,
            "asked": h.agency_id in asked,
            "summary": f"{h.name} holds {h.count} likely {'match' if h.count == 1 else 'matches'}",
        }
        for h in holders
    ]


def level_rows(levels) -> list[list[dict]]:
    """The table of which decisions fit each level of need (the rule, shown to deciders)."""
    labels = dict(Outcome.choices)
    return [
        [
            {"text": level.label},
            {"text": "; ".join(labels.get(o, o) for o in level.outcomes) or "Any decision"},
        ]
        for level in levels
    ]


def amendment_rows(amendments) -> list[dict]:
    return [
        {
            "when": uk_datetime(a.amended_at),
            "who": a.amended_by.display_name,
            "was": f"{a.get_previous_outcome_display()} ({a.previous_need_level.label})",
            "now": f"{a.get_outcome_display()} ({a.need_level.label})",
            "why": a.why,
            "previous_reasons": a.previous_reasons,
        }
        for a in amendments
    ]


def need_level_rows(levels) -> list[list[dict]]:
    """The continuum of need as its keepers see it: each level, what fits it, in use or not."""
    from django.urls import reverse

    from .models import Outcome

    labels = dict(Outcome.choices)
    return [
        [
            {"text": level.code},
            {
                "link": {
                    "href": reverse("frontdoor:need_level", args=[level.pk]),
                    "text": level.label,
                }
            },  # fmt: skip
            {"text": "; ".join(labels.get(o, o) for o in level.outcomes) or "Any decision"},
            {"text": "In use" if level.is_active else "Not in use"},
        ]
        for level in levels
    ]
