"""Display data for governance pages (never HTML: templates build the markup)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.urls import reverse
from django.utils import timezone

from triangulate.core.presenters import summary_rows, uk_date, uk_datetime
from triangulate.core.records import Consent, LawfulBasis

from .models import OPEN_SUBJECT_ACCESS, DataCategory


def qr_code_data_uri(text: str) -> str:
    """``text`` as a QR code: an SVG drawn by qrcode's SVG factory, carried inside the page
    as a data URI, so the secret it holds never travels in a URL of its own."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def grouped_secret(key_hex: str) -> str:
    """An authenticator key as base32 in groups of four, for typing in by hand."""
    secret = base64.b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _labels(values, choices) -> str:
    names = dict(choices)
    return "; ".join(names.get(value, value) for value in values)


def agreement_rows(agreements) -> list[list[dict]]:
    today = timezone.localdate()
    rows = []
    for agreement in agreements:
        status = {"text": agreement.get_status_display()}
        if agreement.due_for_review(today):
            status["tag"] = {"text": "Due for review", "classes": "govuk-tag--orange"}
        rows.append(
            [
                {
                    "link": {
                        "text": agreement.title,
                        "href": reverse("governance:agreement", args=[agreement.pk]),
                    }
                },
                {"text": ", ".join(sorted(p.name for p in agreement.parties.all()))},
                status,
                {"text": uk_date(agreement.review_on)},
            ]
        )
    return rows


def agreement_summary(agreement, shares: int) -> list[dict]:
    return summary_rows(
        [
            ("Status", agreement.get_status_display()),
            ("Agencies", ", ".join(sorted(p.name for p in agreement.parties.all()))),
            ("Purposes", agreement.purposes),
            ("Information shared", _labels(agreement.data_categories, DataCategory.choices)),
            ("Lawful bases", _labels(agreement.lawful_bases, LawfulBasis.choices)),
            ("Signatories", agreement.signatories),
            ("Review date", uk_date(agreement.review_on)),
            ("Last reviewed", uk_datetime(agreement.reviewed_at) if agreement.reviewed_at else ""),
            ("Shares made under it", shares),
        ]
    )


def _record_label(row) -> str:
    """A record named by type and number only (a share, a grant or a decision points at it)."""
    model = row.content_type.model_class()
    name = model._meta.verbose_name if model else row.content_type.model
    return f"{str(name).capitalize()} {row.object_id}"


def approval_rows(shares) -> list[list[dict]]:
    return [
        [
            {
                "link": {
                    "text": _record_label(share),
                    "href": reverse("governance:approve", args=[share.pk]),
                }
            },
            {"text": share.shared_with.name},
            {"text": share.shared_by.display_name},
            {"text": uk_datetime(share.shared_at)},
            {"text": share.outside_agreement_reason or "No reason given"},
        ]
        for share in shares
    ]


def share_summary(share) -> list[dict]:
    return summary_rows(
        [
            ("Record", _record_label(share)),
            ("Shared with", share.shared_with.name),
            ("Shared by", share.shared_by.display_name),
            ("Shared on", uk_datetime(share.shared_at)),
            ("Lawful basis", LawfulBasis(share.lawful_basis).label
             if share.lawful_basis in LawfulBasis.values else share.lawful_basis),
            ("Purpose", share.purpose),
            ("Consent", Consent(share.consent).label if share.consent in Consent.values else ""),
            ("Consent: why", share.consent_reason),
            ("Reason given when shared", share.outside_agreement_reason),
        ]
    )  # fmt: skip


def _grant_status(grant, now) -> dict:
    cell = {"text": "Open until " + uk_datetime(grant.expires_at)}
    if grant.expires_at <= now:
        cell = {"text": "Ended " + uk_datetime(grant.expires_at)}
    if grant.reviewed_at is None:
        cell["tag"] = {"text": "To review", "classes": "govuk-tag--orange"}
    elif grant.review_concern:
        cell["tag"] = {"text": "Concern", "classes": "govuk-tag--red"}
    return cell


def break_glass_rows(grants) -> list[list[dict]]:
    now = timezone.now()
    return [
        [
            {
                "link": {
                    "text": uk_datetime(grant.granted_at),
                    "href": reverse("governance:break_glass_review", args=[grant.pk]),
                    "hidden": f"break-glass by {grant.user.display_name}",
                }
            },
            {"text": grant.user.display_name,
             "note": grant.user.agency.name if grant.user.agency else ""},
            {"text": _record_label(grant)},
            {"text": grant.justification},
            _grant_status(grant, now),
        ]
        for grant in grants
    ]  # fmt: skip


def break_glass_summary(grant) -> list[dict]:
    return summary_rows(
        [
            ("Who", grant.user.display_name),
            ("Their agency", grant.user.agency.name if grant.user.agency else ""),
            ("Record", _record_label(grant)),
            ("Justification", grant.justification),
            ("Opened", uk_datetime(grant.granted_at)),
            ("Access ends", uk_datetime(grant.expires_at)),
            ("Reviewed", uk_datetime(grant.reviewed_at) if grant.reviewed_at else "Not yet"),
            ("Review notes", grant.review_note),
        ]
    )


def decision_rows(decisions) -> list[list[dict]]:
    return [
        [
            {"text": uk_datetime(decision.decided_at)},
            {"text": _record_label(decision)},
            {"text": decision.requesting_agency.name},
            {"text": decision.reasons},
            {"text": "Refused" if decision.consent_refused else "Not refused"},
            {"text": decision.decided_by.display_name},
        ]
        for decision in decisions
    ]


def decision_count_rows(counts) -> list[list[dict]]:
    return [[{"text": name}, {"text": str(n), "format": "numeric"}] for name, n in counts]


def _sar_status(item, today) -> dict:
    cell = {"text": item.get_status_display()}
    if item.status in OPEN_SUBJECT_ACCESS and item.due_on < today:
        cell["tag"] = {"text": "Overdue", "classes": "govuk-tag--red"}
    return cell


def subject_access_rows(items, today) -> list[list[dict]]:
    return [
        [
            {
                "link": {
                    "text": f"Request {item.pk}",
                    "href": reverse("governance:subject_access", args=[item.pk]),
                }
            },
            {"text": item.get_requester_kind_display()},
            {"text": uk_date(item.received_on)},
            {"text": uk_date(item.due_on)},
            _sar_status(item, today),
        ]
        for item in items
    ]


def subject_access_summary(item, today) -> list[dict]:
    overdue = item.status in OPEN_SUBJECT_ACCESS and item.due_on < today
    return summary_rows(
        [
            ("About", f"{item.person.full_name} (record {item.person_id})"),
            ("Date of birth", uk_date(item.person.date_of_birth)),
            ("Who asked", item.get_requester_kind_display()),
            ("Their name", item.requester_name or "The person themselves"),
            ("Identity checked", item.identity_check),
            ("Received", uk_date(item.received_on)),
            ("Due by", uk_date(item.due_on) + (" (overdue)" if overdue else "")),
            ("Status", item.get_status_display()),
            ("Reason for refusal", item.refusal_reason),
            ("Closed", uk_datetime(item.closed_at) if item.closed_at else ""),
        ]
    )


def _period(years: int, months: int) -> str:
    parts = []
    if years:
        parts.append(f"{years} year" + ("s" if years != 1 else ""))
    if months:
        parts.append(f"{months} month" + ("s" if months != 1 else ""))
    return " and ".join(parts)


def retention_rule_rows(rules, type_name) -> list[list[dict]]:
    return [
        [
            {"link": {"text": type_name(r.record_type),
                      "href": reverse("governance:retention_rule", args=[r.pk])}},
            {"text": _period(r.period_years, r.period_months)},
            {"text": r.get_clock_display()},
            {"text": r.legal_basis},
            {"text": ("In force" if r.active else "Not in force") + f" (version {r.version})"},
        ]
        for r in rules
    ]  # fmt: skip


def legal_hold_rows(holds, hold_ref) -> list[list[dict]]:
    return [
        [
            {"link": {"text": hold_ref(h), "href": reverse("governance:legal_hold", args=[h.pk])}},
            {"text": h.reason},
            {"text": h.placed_by.get_full_name() or h.placed_by.username},
            {"text": uk_date(timezone.localtime(h.placed_at).date())},
        ]
        for h in holds
    ]  # fmt: skip


def legal_hold_summary(hold, hold_ref) -> list[dict]:
    rows = [
        ("What is held", hold_ref(hold)),
        ("Why", hold.reason),
        ("Placed by", hold.placed_by.get_full_name() or hold.placed_by.username),
        ("Placed", uk_datetime(hold.placed_at)),
    ]
    if hold.released_at:
        rows += [
            ("Released by", hold.released_by.get_full_name() or hold.released_by.username),
            ("Released", uk_datetime(hold.released_at)),
            ("Why it was released", hold.release_reason),
        ]
    return summary_rows(rows)


def retention_report_rows(reports) -> list[list[dict]]:
    """Per type of record: how many are due, held back and (after destruction) destroyed or
    skipped."""
    return [
        [
            {"text": r.name},
            {"text": _period(r.rule.period_years, r.rule.period_months)
             + " from " + r.rule.get_clock_display().lower()},
            {"text": str(len(r.due)), "format": "numeric"},
            {"text": str(len(r.held)), "format": "numeric"},
        ]
        for r in reports
    ]  # fmt: skip
