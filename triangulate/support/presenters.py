"""What the support pages show, as data for the GOV.UK components."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from triangulate.core import suppression
from triangulate.core.access import child_reference
from triangulate.core.presenters import child_cell, summary_rows, uk_date

from .services import directory, referrals, voice, wards


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


def _contact_text(service) -> str:
    """How to reach the service, one route a line (shown with line breaks kept)."""
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
    return "\n".join(lines) or "Ask a practitioner to refer you."


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
                    {
                        "key": {"text": "How to get help"},
                        "value": {"text": _contact_text(service), "classes": "app-lines"},
                    },
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


def staff_rows(services, today: dt.date, figures: dict | None = None) -> list[list[dict]]:
    rows = []
    figures = figures or {}
    for service in services:
        seen = figures.get(service.pk, {})
        waiting = seen.get("waiting", 0)
        average = seen.get("average_to_start")
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
                    "text": str(waiting),
                    "format": "numeric",
                    "note": f"longest {_days(seen['longest'])}" if waiting else None,
                },
                {
                    "text": _days(average) if average is not None else "None started",
                    "format": "numeric",
                },
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


# Referrals ----------------------------------------------------------------------------------

STATUS_TAGS = {
    "referred": "govuk-tag--blue",
    "offered": "govuk-tag--light-blue",
    "accepted": "govuk-tag--turquoise",
    "declined": "govuk-tag--grey",
    "waiting": "govuk-tag--yellow",
    "started": "govuk-tag--green",
    "ended": "govuk-tag--grey",
}


def status_tag(referral) -> dict:
    return {"text": referral.get_status_display(), "classes": STATUS_TAGS[referral.status]}


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def wait_cell(referral, today: dt.date) -> dict:
    days = referral.waiting_days(today)
    if referral.started_on:
        return {"text": f"{_days(days)} to start"}
    if referral.still_waiting:
        cell = {"text": f"{_days(days)} so far"}
        if referrals.waiting_too_long(referral, today):
            cell["tag"] = {"text": "Waiting too long", "classes": "govuk-tag--red"}
        return cell
    return {"text": "Did not start"}


def linked_child_text(user, referral) -> str:
    """The linked child's name only for a viewer who may open the child's record."""
    if referral.linked_child is None:
        return ""
    child = child_reference(user, referral.linked_child)
    return child.label if child.href else "A child whose record the referring agency holds"


def referral_rows(user, items, today: dt.date, *, with_person: bool = True) -> list[list[dict]]:
    rows = []
    for referral in items:
        row = []
        if with_person:
            row.append(child_cell(user, referral.person))
        row += [
            {
                "link": {
                    "href": reverse("support:referral", args=[referral.pk]),
                    "text": referral.service.name,
                    "hidden": f"referral of {uk_date(referral.referred_on)}",
                },
                "note": referral.get_referred_as_display(),
            },
            {"text": uk_date(referral.referred_on)},
            {"text": "", "tag": status_tag(referral)},
            wait_cell(referral, today),
        ]
        rows.append(row)
    return rows


def referral_summary(user, referral, today: dt.date) -> list[dict]:
    wait = wait_cell(referral, today)
    rows = summary_rows(
        [
            ("Person referred", child_reference(user, referral.person).label),
            ("Referred as", referral.get_referred_as_display()),
            ("Linked to the child", linked_child_text(user, referral) or None),
            ("Service", referral.service.name),
            ("What help it is for", referral.reason),
            ("Consent", referral.get_consent_display()),
            ("Why, without consent", referral.consent_reason or None),
            ("Referred on", uk_date(referral.referred_on)),
            ("Referred by", f"{referral.referred_by.display_name}, {referral.owning_agency.name}"),
            ("Status", referral.get_status_display()),
            ("Why it was declined", referral.declined_reason or None),
            ("Support started", uk_date(referral.started_on) or None),
            ("Closed on", uk_date(referral.closed_on) or None),
            ("Outcome", referral.outcome or None),
            ("Wait", wait["text"] + (" (waiting too long)" if "tag" in wait else "")),
        ]
    )
    # Rows that do not apply to this referral are left out rather than shown as "Not known".
    keep = {
        "Linked to the child": referral.linked_child_id is not None,
        "Why, without consent": bool(referral.consent_reason),
        "Why it was declined": bool(referral.declined_reason),
        "Support started": referral.started_on is not None,
        "Closed on": referral.closed_on is not None,
        "Outcome": bool(referral.outcome),
    }
    return [row for row in rows if keep.get(row["key"]["text"], True)]


# Survivors' feedback and "you said, we did" -----------------------------------------------------


def feedback_rows(items) -> list[list[dict]]:
    rows = []
    for item in items:
        words = item.words if len(item.words) <= 160 else item.words[:157] + "..."
        rows.append(
            [
                {
                    "link": {
                        "href": reverse("support:feedback", args=[item.pk]),
                        "text": uk_date(item.received_at),
                        "hidden": "feedback",
                    },
                    "note": item.get_route_display(),
                },
                {"text": item.get_from_whom_display()},
                {"text": words, "note": item.service.name if item.service else None},
                {"text": ", ".join(item.theme_labels()) or "Not tagged yet"},
            ]
        )
    return rows


def feedback_summary(item) -> list[dict]:
    return summary_rows(
        [
            ("Received", uk_date(item.received_at)),
            ("How", item.get_route_display()),
            ("From", item.get_from_whom_display()),
            ("About", item.service.name if item.service else "Not about one service"),
            ("Made a difference", item.get_helped_display() or "Not answered"),
            ("Listened to and believed", item.get_listened_display() or "Not answered"),
            ("In their own words", item.words),
            ("Themes", ", ".join(item.theme_labels()) or "Not tagged yet"),
        ]
    )


def staff_responses(items) -> list[list[dict]]:
    rows = []
    for item in items:
        action = item.action
        rows.append(
            [
                {"text": item.you_said},
                {"text": item.we_did},
                {
                    "link": {
                        "href": reverse("partnership:action", args=[action.pk]),
                        "text": f"{action.number} {action.title}",
                    }
                }
                if action
                else {"text": "None"},
                {"text": str(item.feedback.count()), "format": "numeric"},
                {"text": "Yes" if item.is_published else "No"},
            ]
        )
    return rows


def public_responses(items) -> list[dict]:
    """Summary cards for the public page: what was said, what was done, the plan action."""
    cards = []
    for item in items:
        rows = [
            {"key": {"text": "You said"}, "value": {"text": item.you_said}},
            {"key": {"text": "We did"}, "value": {"text": item.we_did}},
        ]
        title = voice.public_action_title(item)
        if title:
            rows.append({"key": {"text": "In our plan"}, "value": {"text": title}})
        cards.append({"rows": rows})
    return cards


# Complaints and whistleblowing ------------------------------------------------------------------


def _due_tag(complaint, today: dt.date) -> dict | None:
    if complaint.stage == "closed":
        return None
    if complaint.stage_due_on < today:
        return {"text": "Overdue", "classes": "govuk-tag--red"}
    if (complaint.stage_due_on - today).days <= 2:
        return {"text": "Due soon", "classes": "govuk-tag--yellow"}
    return None


def complaint_rows(items, today: dt.date) -> list[list[dict]]:
    """The list names no one who raised anything: the identity is sealed (ADR 0015)."""
    rows = []
    for item in items:
        due = "" if item.stage == "closed" else uk_date(item.stage_due_on)
        rows.append(
            [
                {
                    "link": {
                        "href": reverse("support:complaint", args=[item.pk]),
                        "text": item.reference,
                    },
                    "note": item.get_kind_display(),
                },
                {"text": item.get_category_display()},
                {"text": item.agency_concerned.name if item.agency_concerned else "Not known"},
                {"text": item.ward.name if item.ward else "Not known"},
                {"text": uk_date(item.received_on)},
                {"text": item.get_stage_display(), "note": f"Due {due}" if due else None},
                {"text": "", "tag": _due_tag(item, today)},
            ]
        )
    return rows


def complaint_summary(item, today: dt.date) -> list[dict]:
    rows = [
        ("Reference", item.reference),
        ("Kind", item.get_kind_display()),
        ("About", item.get_category_display()),
        ("Organisation", item.agency_concerned.name if item.agency_concerned else "Not known"),
        ("Ward", item.ward.name if item.ward else "Not known"),
        ("Received", uk_date(item.received_on)),
        ("What happened", item.what_happened),
        ("Stage", item.get_stage_display()),
    ]
    if item.stage != "closed":
        tag = _due_tag(item, today)
        rows.append(
            ("Stage due", uk_date(item.stage_due_on) + (f" ({tag['text']})" if tag else ""))
        )
    else:
        rows += [
            ("Outcome", item.get_outcome_display()),
            ("Closed", uk_date(item.closed_on)),
            ("Learning", item.learning or "None recorded"),
        ]
    return summary_rows(rows)


def public_status(item) -> list[dict]:
    """What the person who raised it sees by reference: stage and outcome only."""
    if item is None:
        return []
    rows = [
        ("Reference", item.reference),
        ("Kind", item.get_kind_display()),
        ("Received", uk_date(item.received_on)),
        ("Where it is", item.get_stage_display()),
    ]
    if item.stage == "closed":
        rows.append(("Outcome", item.get_outcome_display()))
    return summary_rows(rows)


def ward_head() -> list[dict]:
    return [{"text": "Ward"}] + [
        {"text": label, "format": "numeric"} for _key, label in wards.COLUMNS
    ]


def ward_rows(rows, *, own: str | None = None) -> list[list[dict]]:
    """Every ward's counts, suppressed; the viewer's own ward first and marked as theirs."""
    ordered = sorted(rows, key=lambda r: r["ward"] != own)
    return [
        [{"text": f"{r['ward']} (your ward)" if r["ward"] == own else r["ward"]}]
        + [{"text": suppression.shown(r[key]), "format": "numeric"} for key, _ in wards.COLUMNS]
        for r in ordered
    ]


def own_ward_summary(rows, own: str) -> list[dict]:
    """The viewer's own ward's counts, suppressed, as a summary list."""
    row = next(r for r in rows if r["ward"] == own)
    return summary_rows([(label, suppression.shown(row[key])) for key, label in wards.COLUMNS])
