"""Lists for inspectors: the records behind the front door's and the cohort's figures, one row
per contact, referral or child, as an inspection asks for them.

Three lists, each in the shape inspectors are used to:

- contacts received in the months chosen (as Ofsted's ILACS Annex A list of contacts);
- exploitation referrals decided in those months (as its list of referrals), with the child's
  earlier referrals in the year before and who holds their case;
- children at risk of exploitation at the end of the last month chosen (as a joint targeted
  area inspection's list of children at risk), with their latest risk assessment, missing
  episodes and return home interviews in the year before, and who holds their case.

Each list is the records the requester may see (``core.access``), nothing more: a manager in
one agency gets their agency's records and what has been shared with it. Every download is
audited, naming each child on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from triangulate.casework.models import Case, CaseStatus
from triangulate.core import access, exports
from triangulate.core.audit import audit, audit_shown
from triangulate.core.models import AuditAction, User
from triangulate.core.presenters import age_on
from triangulate.frontdoor.models import Contact
from triangulate.missing.models import MissingEpisode, ReturnInterview
from triangulate.register.models import Ethnicity, Person, Sex
from triangulate.risk.models import RiskAssessment

from ..periods import Period
from .measures.cohort import children_at_risk
from .measures.front_door import REFERRAL_OUTCOMES

PURPOSE = "download a list for inspectors"
EARLIEST_MONTHS = 24  # how far back a list may reach


@dataclass(frozen=True)
class InspectionList:
    slug: str
    title: str
    what: str


LISTS = (
    InspectionList(
        "contacts",
        "Contacts",
        "Every contact the front door received in the months chosen, one row each.",
    ),
    InspectionList(
        "referrals",
        "Exploitation referrals",
        "Every contact decided in the months chosen as a referral to the exploitation team, a "
        "strategy discussion or MACE, with the child's referrals in the year before it and "
        "who holds their case now.",
    ),
    InspectionList(
        "children-at-risk",
        "Children at risk of exploitation",
        "Every child identified at risk of sexual exploitation at the end of the last month "
        "chosen, with their latest risk assessment, missing episodes and return home "
        "interviews in the year before, and who holds their case.",
    ),
)
BY_SLUG = {item.slug: item for item in LISTS}


def may_download(user: User) -> bool:
    return access.may(user, "performance.inspection")


def _link(request_base: str, person: Person | None) -> exports.Link | str:
    if person is None:
        return "Not linked to a child"
    return exports.Link(str(person.pk), request_base + reverse("register:person", args=[person.pk]))


def _child_columns(person: Person | None, on: dt.date) -> list:
    if person is None:
        return ["", "", "", None, None]
    return [
        person.full_name,
        dict(Sex.choices).get(person.sex, person.sex),
        dict(Ethnicity.choices).get(person.ethnicity, person.ethnicity),
        person.date_of_birth,
        age_on(person.date_of_birth, on) if person.date_of_birth else None,
    ]


CHILD_HEADER = ["Child's record number", "Name", "Gender", "Ethnicity", "Date of birth", "Age"]


def _allocation(actor: User, person_ids: set[int]) -> dict[int, Case]:
    cases = (
        access.visible(actor, Case)
        .filter(person_id__in=person_ids, status=CaseStatus.OPEN)
        .select_related("team", "worker")
        .order_by("person_id", "-opened_at", "-id")
    )
    held: dict[int, Case] = {}
    for case in cases:
        held.setdefault(case.person_id, case)
    return held


def _case_columns(case: Case | None) -> list:
    if case is None:
        return ["No open case", ""]
    worker = case.worker.display_name if case.worker_id else "Not allocated"
    return [case.team.name if case.team_id else "", worker]


def _contacts(actor: User, first: Period, last: Period, base: str) -> tuple[list, list, list]:
    contacts = list(
        access.visible(actor, Contact)
        .filter(received_at__gte=first.start_at, received_at__lt=last.end_at)
        .select_related("person", "decision", "raised_by_agency")
        .order_by("received_at", "id")
    )
    header = [
        *CHILD_HEADER, "Contact reference", "Date of contact", "Source of contact",
        "Raised by agency", "Decision", "Date of decision",
    ]  # fmt: skip
    rows = []
    for contact in contacts:
        received = timezone.localtime(contact.received_at).date()
        decision = getattr(contact, "decision", None)
        rows.append(
            [
                _link(base, contact.person),
                *_child_columns(contact.person, received),
                contact.reference,
                received,
                contact.get_source_display(),
                contact.raised_by_agency.name if contact.raised_by_agency_id else "",
                decision.get_outcome_display() if decision else "Not yet decided",
                timezone.localtime(decision.decided_at).date() if decision else None,
            ]
        )
    return header, rows, [c.person for c in contacts if c.person_id]


def _referrals(actor: User, first: Period, last: Period, base: str) -> tuple[list, list, list]:
    referrals = list(
        access.visible(actor, Contact)
        .filter(
            decision__decided_at__gte=first.start_at,
            decision__decided_at__lt=last.end_at,
            decision__outcome__in=list(REFERRAL_OUTCOMES),
        )
        .select_related("person", "decision", "raised_by_agency")
        .order_by("decision__decided_at", "id")
    )
    people = {c.person_id for c in referrals if c.person_id}
    earlier = list(
        access.visible(actor, Contact)
        .filter(person_id__in=people, decision__outcome__in=list(REFERRAL_OUTCOMES))
        .values_list("person_id", "decision__decided_at")
    )
    held = _allocation(actor, people)
    header = [
        *CHILD_HEADER, "Contact reference", "Date of referral", "Source of contact",
        "Referred to", "Referrals in the 12 months before", "Allocated team", "Allocated worker",
    ]  # fmt: skip
    rows = []
    for contact in referrals:
        decided_at = contact.decision.decided_at
        decided = timezone.localtime(decided_at).date()
        year_before = decided_at - dt.timedelta(days=365)
        before = sum(
            1 for pid, at in earlier if pid == contact.person_id and year_before <= at < decided_at
        )
        rows.append(
            [
                _link(base, contact.person),
                *_child_columns(contact.person, decided),
                contact.reference,
                decided,
                contact.get_source_display(),
                contact.decision.get_outcome_display(),
                before if contact.person_id else None,
                *_case_columns(held.get(contact.person_id)),
            ]
        )
    return header, rows, [c.person for c in referrals if c.person_id]


def _children_at_risk(actor: User, last: Period, base: str) -> tuple[list, list, list]:
    ids = children_at_risk(last).numerator.ids
    people = list(access.visible(actor, Person).filter(pk__in=ids).order_by("family_name", "id"))
    seen = {p.pk for p in people}
    latest: dict[int, RiskAssessment] = {}
    for assessment in (
        access.visible(actor, RiskAssessment)
        .filter(person_id__in=seen, completed_at__isnull=False, completed_at__lt=last.end_at)
        .order_by("person_id", "-completed_at", "-id")
    ):
        latest.setdefault(assessment.person_id, assessment)
    year_start = last.end_at - dt.timedelta(days=365)
    episodes = dict(
        access.visible(actor, MissingEpisode)
        .filter(person_id__in=seen, started_at__gte=year_start, started_at__lt=last.end_at)
        .values_list("person_id")
        .annotate(n=Count("id"))
    )
    interviews = dict(
        access.visible(actor, ReturnInterview)
        .filter(person_id__in=seen, held_at__gte=year_start, held_at__lt=last.end_at)
        .values_list("person_id")
        .annotate(n=Count("id"))
    )
    held = _allocation(actor, seen)
    header = [
        *CHILD_HEADER, "Latest risk level", "Date of latest risk assessment", "Review due",
        "Missing episodes in the 12 months before", "Return home interviews held in them",
        "Allocated team", "Allocated worker",
    ]  # fmt: skip
    rows = []
    for person in people:
        assessment = latest.get(person.pk)
        rows.append(
            [
                _link(base, person),
                *_child_columns(person, last.as_of),
                (assessment.judged_level or "").title() if assessment else "No assessment",
                timezone.localtime(assessment.completed_at).date() if assessment else None,
                assessment.review_due if assessment else None,
                episodes.get(person.pk, 0),
                interviews.get(person.pk, 0),
                *_case_columns(held.get(person.pk)),
            ]
        )
    return header, rows, people


def download(*, actor: User, slug: str, first: Period, last: Period, base: str) -> bytes:
    """The list as a workbook, each child's record number a link to their record (``base``
    is the site's address); audited naming every child on it."""
    access.require(actor, "performance.inspection")
    chosen = BY_SLUG[slug]
    if slug == "contacts":
        header, rows, people = _contacts(actor, first, last, base)
    elif slug == "referrals":
        header, rows, people = _referrals(actor, first, last, base)
    else:
        header, rows, people = _children_at_risk(actor, last, base)
    detail = {"list": slug, "months": f"{first.key} to {last.key}", "rows": len(rows)}
    named = list({p.pk: p for p in people}.values())
    if not audit_shown(actor, named, PURPOSE, **detail):
        audit(actor, AuditAction.EXPORT, None, PURPOSE, detail=detail)
    return exports.xlsx_bytes(sheet_title=chosen.title, header=header, rows=rows)
