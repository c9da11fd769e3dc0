"""Information-sharing agreements, consent on a share, and shares outside any agreement."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.core import records
from triangulate.core.models import AuditAction, AuditEntry, RecordShare
from triangulate.core.records import Consent, LawfulBasis
from triangulate.core.roles import Role
from triangulate.governance import services
from triangulate.governance.models import Agreement, AgreementStatus


def _error(response) -> str:
    found = re.search(
        r'govuk-error-summary__list"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


@pytest.fixture
def dpo(make_user, council):
    return make_user(council, Role.INFORMATION_GOVERNANCE_LEAD, username="dpo")


@pytest.fixture
def agreement(dpo, council, police):
    return services.agreement_create(
        actor=dpo,
        title="Kingsmere exploitation information-sharing agreement",
        parties=[council, police],
        purposes="To identify and protect children at risk of exploitation",
        data_categories=["identity", "safeguarding"],
        lawful_bases=[LawfulBasis.SAFEGUARDING],
        signatories="Dee Okoro, data protection officer, Kingsmere Children's Services",
        review_on=timezone.localdate() + dt.timedelta(days=200),
        status=AgreementStatus.LIVE,
    )


def test_a_share_names_its_agreement_and_an_overridden_refusal(
    agreement, practitioner, child, police
):
    share = records.share(
        practitioner,
        child,
        police,
        basis=LawfulBasis.SAFEGUARDING,
        purpose="Strategy discussion",
        consent=Consent.REFUSED_OVERRIDDEN,
        consent_reason="Risk of significant harm: seen with adults known for exploitation",
    )
    share.refresh_from_db()
    assert share.agreement == agreement
    assert share.consent == Consent.REFUSED_OVERRIDDEN
    assert share.consent_reason.startswith("Risk of significant harm")
    assert share.approved_at is None and not share.outside_agreement_reason
    entry = AuditEntry.objects.filter(action=AuditAction.SHARE).latest("sequence")
    assert (
        entry.detail["agreement"] == agreement.pk
        and entry.detail["consent"] == "refused_overridden"
    )


def test_overriding_a_refusal_needs_a_reason(agreement, practitioner, child, police):
    with pytest.raises(ValueError):
        records.share(
            practitioner, child, police, basis=LawfulBasis.SAFEGUARDING, purpose="x",
            consent=Consent.REFUSED_OVERRIDDEN, consent_reason="  ",
        )  # fmt: skip
    assert not RecordShare.objects.exists()


def test_an_agreement_covers_only_its_parties_bases_and_while_live(
    agreement, practitioner, child, police, health
):
    other_basis = records.share(
        practitioner, child, police, basis=LawfulBasis.CONSENT, purpose="x", consent=Consent.GIVEN
    )
    assert other_basis.agreement is None
    not_a_party = records.share(
        practitioner, child, health, basis=LawfulBasis.SAFEGUARDING, purpose="x"
    )
    assert not_a_party.agreement is None
    another = PersonFactory(owning_agency=child.owning_agency)
    with pytest.raises(ValueError):
        records.share(
            practitioner, another, health, basis=LawfulBasis.SAFEGUARDING, purpose="x",
            agreement=agreement,
        )  # fmt: skip
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.ENDED)
    ended = records.share(
        practitioner, another, police, basis=LawfulBasis.SAFEGUARDING, purpose="x"
    )
    assert ended.agreement is None


def test_a_share_outside_any_agreement_waits_for_a_managers_reason(
    client_for, practitioner, team_manager, child, police, make_user
):
    share = records.share(
        practitioner, child, police, basis=LawfulBasis.SAFEGUARDING, purpose="Urgent",
        outside_agreement_reason="Police need the address tonight",
    )  # fmt: skip
    assert share.agreement is None and share.approved_at is None
    manager = client_for(team_manager)
    assert "1 share outside any agreement" in manager.get(reverse("core:my_work")).content.decode()
    queue = manager.get(reverse("governance:approvals")).content.decode()
    assert "Police need the address tonight" in queue and "Rosie" not in queue

    url = reverse("governance:approve", args=[share.pk])
    empty = manager.post(url, {"reason": ""})
    assert empty.status_code == 400 and "Enter why this share was right" in _error(empty)
    share.refresh_from_db()
    assert share.approved_at is None

    police_manager = make_user(police, Role.TEAM_MANAGER, username="policemanager")
    assert client_for(police_manager).post(url, {"reason": "fine"}).status_code == 403

    done = manager.post(url, {"reason": "Immediate risk; agreement being drawn up"})
    assert done.status_code == 302
    share.refresh_from_db()
    assert share.approved_by == team_manager and share.approved_at is not None
    assert share.outside_agreement_reason.startswith("Immediate risk")
    assert manager.post(url, {"reason": "again"}).status_code == 403


def test_the_dpo_records_an_agreement_and_bad_input_changes_nothing(
    client_for, dpo, council, police
):
    client = client_for(dpo)
    url = reverse("governance:agreement_new")
    assert client.get(url).status_code == 200
    past = timezone.localdate() - dt.timedelta(days=1)
    bad = client.post(
        url,
        {
            "title": "Too few parties",
            "parties": [council.pk],
            "purposes": "x",
            "data_categories": ["identity"],
            "lawful_bases": [LawfulBasis.SAFEGUARDING],
            "signatories": "Someone",
            "review_on-day": past.day,
            "review_on-month": past.month,
            "review_on-year": past.year,
            "status": "live",
        },
    )
    assert bad.status_code == 400
    errors = _error(bad)
    assert "Select at least two agencies" in errors and "must be today or in the future" in errors
    assert not Agreement.objects.exists()

    due = timezone.localdate() + dt.timedelta(days=10)
    good = client.post(
        url,
        {
            "title": "Missing children protocol",
            "parties": [council.pk, police.pk],
            "purposes": "Finding and protecting missing children",
            "data_categories": ["identity", "missing"],
            "lawful_bases": [LawfulBasis.SAFEGUARDING, LawfulBasis.LAW_ENFORCEMENT],
            "signatories": "Dee Okoro; DCI Sam Patel",
            "review_on-day": due.day,
            "review_on-month": due.month,
            "review_on-year": due.year,
            "status": "live",
        },
    )
    agreement = Agreement.objects.get()
    assert good.status_code == 302 and good.url == reverse(
        "governance:agreement", args=[agreement.pk]
    )
    assert set(agreement.parties.all()) == {council, police}
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, purpose="record a sharing agreement"
    ).exists()
    page = client.get(good.url).content.decode()
    assert "Missing children protocol" in page and "Dee Okoro" in page


def test_agreements_due_for_review_reach_the_partnership_manager(
    client_for, agreement, partnership_manager, dpo
):
    Agreement.objects.filter(pk=agreement.pk).update(
        review_on=timezone.localdate() + dt.timedelta(days=5)
    )
    page = client_for(partnership_manager).get(reverse("core:my_work")).content.decode()
    assert "Sharing agreements due for review" in page and agreement.title in page

    later = timezone.localdate() + dt.timedelta(days=365)
    review = {
        "note": "Checked with all parties",
        "status": "live",
        "review_on-day": later.day,
        "review_on-month": later.month,
        "review_on-year": later.year,
        "version": agreement.version,
    }
    client = client_for(dpo)
    url = reverse("governance:agreement", args=[agreement.pk])
    assert client.post(url, review).status_code == 302
    stale = client.post(url, review)
    assert (
        stale.status_code == 400 and "Someone else" in _error(stale) or "changed" in _error(stale)
    )
    agreement.refresh_from_db()
    assert agreement.review_on == later and agreement.version == 2
    page = client_for(partnership_manager).get(reverse("core:my_work")).content.decode()
    assert agreement.title not in page


def test_only_governance_roles_see_agreements(client_for, practitioner, elected_member):
    assert client_for(practitioner).get(reverse("governance:agreements")).status_code == 403
    assert client_for(elected_member).get(reverse("governance:agreement_new")).status_code == 403
