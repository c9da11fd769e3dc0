"""Governance in the demo borough: every demo account has an authenticator app set up; an
information governance lead; the partnership's sharing agreements (one due for review),
recorded before any share so that every share is made under one; a parent's subject access
request, gathered and in review; a retention schedule with one legal hold.

All demo accounts share one published authenticator key (synthetic; demo accounts sign in
only where DEMO_MODE is on). A demonstrator may add it to an authenticator app, or read the
current code on the second-step page, which shows it for demo accounts (ADR 0012).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from triangulate.core import access
from triangulate.core.models import Agency, User
from triangulate.core.records import LawfulBasis
from triangulate.core.roles import Role
from triangulate.core.services import user_create
from triangulate.governance import services
from triangulate.governance.models import (
    AgreementStatus,
    BreakGlassGrant,
    DataCategory,
    RequesterKind,
    RetentionClock,
)
from triangulate.governance.services import retention, subject_access
from triangulate.register.models import Person, PersonKind

from .borough import DEMO_PASSWORD

# Base32 "KRZGSYLOM52WYYLUMUWWIZLNN4ZDAMRW" is how an authenticator app takes it.
DEMO_TOTP_KEY = "547269616e67756c6174652d64656d6f32303236"  # "Triangulate-demo2026"


def _lead(borough) -> User:
    council = borough.agencies["Children's Services"]
    return user_create(
        username="dee.governance",
        first_name="Dee",
        last_name="Okoro",
        job_title="Information governance lead and data protection officer",
        email="dee.governance@kingsmere.example",
        agency=council,
        roles=[Role.INFORMATION_GOVERNANCE_LEAD],
        password=DEMO_PASSWORD,
        is_demo_account=True,
    )


def _agreements(lead: User, today: dt.date) -> None:
    everyone = list(Agency.objects.filter(is_active=True).order_by("name"))
    services.agreement_create(
        actor=lead,
        title="Kingsmere multi-agency safeguarding information-sharing agreement",
        parties=everyone,
        purposes="To identify, assess and protect children at risk of exploitation, and to "
        "disrupt those who exploit them.",
        data_categories=list(DataCategory.values),
        lawful_bases=[LawfulBasis.SAFEGUARDING, LawfulBasis.LAW_ENFORCEMENT],
        signatories="Pat Lindqvist, Director of Children's Services\n"
        "Detective Superintendent for Mereshire Police\n"
        "Chief Nurse, Kingsmere Community Health",
        review_on=today + dt.timedelta(days=21),
        status=AgreementStatus.LIVE,
    )
    services.agreement_create(
        actor=lead,
        title="Return home interviews: children's services and the voluntary sector",
        parties=[
            a for a in everyone if a.agency_type in ("childrens_social_care", "voluntary_sector")
        ],
        purposes="Return home interviews for children who have been missing.",
        data_categories=[DataCategory.IDENTITY, DataCategory.MISSING],
        lawful_bases=[LawfulBasis.SAFEGUARDING],
        signatories="Pat Lindqvist, Director of Children's Services",
        review_on=today + dt.timedelta(days=240),
        status=AgreementStatus.DRAFT,
    )


def _emergency_access_and_decisions(borough) -> None:
    """One emergency access (ended, waiting for review) and one decision not to share."""
    officer = borough.users["priya.officer"]
    practitioner = borough.users["kim.practitioner"]
    council = borough.agencies["Children's Services"]
    seen = access.visible(officer, Person).values("pk")
    child = Person.objects.filter(owning_agency=council).exclude(pk__in=seen).order_by("pk").first()
    if child is None:
        return
    now = timezone.now()
    BreakGlassGrant.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=child.pk,
        owning_agency=council,
        user=officer,
        justification="Stopped in a car with two adults at 1am; needed to know whether she "
        "is known to children's services before deciding where she goes tonight.",
        granted_at=now - dt.timedelta(hours=20),
        expires_at=now - dt.timedelta(hours=16),
    )
    services.decision_not_to_share(
        actor=practitioner,
        record=child,
        requesting_agency=borough.agencies["Police"],
        reasons="The police asked for her full record; what they need for the enquiry was "
        "shared through the strategy discussion. The rest is about her family's health.",
        consent_refused=True,
    )


def _subject_access(borough) -> None:
    """One subject access request from a parent, gathered and waiting in review."""
    lead = borough.users["dee.governance"]
    council = borough.agencies["Children's Services"]
    children = Person.objects.filter(owning_agency=council, merged_into__isnull=True)
    child = (
        children.filter(relationships__isnull=False).order_by("pk").first()
        or children.order_by("pk").first()
    )
    if child is None:
        return
    request = subject_access.receive(
        actor=lead,
        person=child,
        requester_kind=RequesterKind.PARENT,
        requester_name=f"A parent of {child.given_name}",
        identity_check="Photo driving licence and a council tax bill seen at the front desk; "
        "the birth certificate names her as the child's mother.",
        received_on=timezone.localdate() - dt.timedelta(days=10),
    )
    subject_access.prepare(actor=lead, request=request, expected_version=request.version)


# The demo's schedule: children's records kept well into adulthood, so that a young person
# who was exploited can still see, years later, what was done to keep them safe.
DEMO_RETENTION = [
    ("register.person", 6, RetentionClock.AGE_25,
     "UK GDPR Art. 6(1)(e), Art. 9(2)(g); DPA 2018 Sch. 1 para 18 (safeguarding of children). "
     "Kept until six years after the young person's 25th birthday, as the partnership's "
     "records retention guidance sets for children's safeguarding records."),
    ("casework.case", 6, RetentionClock.AGE_25,
     "Children Act 1989 case records; the partnership's records retention guidance: six years "
     "after the young person's 25th birthday."),
    ("intelligence.intelligenceitem", 6, RetentionClock.CREATED,
     "Management of Police Information (MoPI) review: six years from when it was submitted, "
     "unless a review keeps it."),
]  # fmt: skip


def _retention(borough) -> None:
    """The partnership's retention schedule, and one legal hold on a child's records."""
    lead = borough.users["dee.governance"]
    for record_type, years, clock, basis in DEMO_RETENTION:
        retention.rule_create(
            actor=lead, record_type=record_type, period_years=years, period_months=0,
            clock=clock, legal_basis=basis,
        )  # fmt: skip
    children = Person.objects.filter(kind=PersonKind.CHILD, merged_into__isnull=True)
    child = children.order_by("pk").first()
    if child is not None:
        retention.hold_place(
            actor=lead, person_number=child.pk,
            reason="A civil claim brought on the young person's behalf about how agencies "
            "responded to their exploitation: keep everything until it is settled.",
        )  # fmt: skip


def agreements(borough, *, children: int) -> None:
    """Run before the steps that share records, so each share is made under the
    partnership's agreement, as a user's share would be."""
    lead = _lead(borough)
    borough.users[lead.username] = lead
    _agreements(lead, timezone.localdate())


def generate(borough, *, children: int) -> None:
    """Run after the steps that make accounts and records."""
    _emergency_access_and_decisions(borough)
    _subject_access(borough)
    _retention(borough)
    enrolled = TOTPDevice.objects.values("user_id")
    TOTPDevice.objects.bulk_create(
        [
            TOTPDevice(user=user, name="Authenticator app", key=DEMO_TOTP_KEY, confirmed=True)
            for user in User.objects.filter(is_demo_account=True).exclude(pk__in=enrolled)
        ]
    )
