"""The support directory: kept by the partnership manager, read by staff, published to all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.models import AuditEntry
from triangulate.support.models import SupportService

pytestmark = pytest.mark.django_db


def _form(**changes):
    data = {
        "name": "Mereside Families Together",
        "kind": "family",
        "provider": "Mereside Families Together",
        "agency": "",
        "summary": "A family worker and a parents' group for families of exploited children.",
        "min_age": "",
        "max_age": "",
        "area": "Kingsmere",
        "harms": ["sexual_exploitation", "criminal_exploitation"],
        "for_family": "on",
        "capacity": "30",
        "waiting_weeks": "6",
        "funder": "Kingsmere Safeguarding Children Partnership",
        "contract_ends_on-day": "31",
        "contract_ends_on-month": "3",
        "contract_ends_on-year": "2031",
        "how_to_refer": "Phone or email with the family's agreement.",
        "self_referral": "on",
        "phone": "01632 960103",
        "email": "hello@mereside.example",
        "website": "https://mereside.example",
        "is_published": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_manager_adds_a_service_that_staff_and_the_public_then_see(
    client_for, partnership_manager, practitioner
):
    response = client_for(partnership_manager).post("/support/services/new", _form())
    service = SupportService.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/support/services/{service.pk}"
    assert (
        service.for_family
        and service.self_referral
        and service.harms
        == [
            "sexual_exploitation",
            "criminal_exploitation",
        ]
    )
    assert service.contract_ends_on == dt.date(2031, 3, 31)
    assert AuditEntry.objects.filter(object_id=str(service.pk), action="create").exists()
    page = client_for(partnership_manager).get(response["Location"]).content.decode()
    assert f'href="/support/services/{service.pk}/edit"' in page

    staff = client_for(practitioner).get("/support/").content.decode()
    assert "Mereside Families Together" in staff and "31 March 2031" in staff

    page = Client().get("/public/support")
    body = page.content.decode()
    assert page.status_code == 200
    assert "govuk-summary-card" in body and "Mereside Families Together" in body
    assert "About 6 weeks" in body and "01632 960103" in body
    # Contracts and funding are the partnership's business, not the public page's.
    assert "2031" not in body and "Kingsmere Safeguarding Children Partnership" not in body


def test_a_service_taken_off_the_public_page_is_not_shown_there(make_service):
    make_service(name="Hidden pilot service", is_published=False)
    make_service(name="Speak Out Kingsmere helpline")
    body = Client().get("/public/support").content.decode()
    assert "Speak Out Kingsmere helpline" in body
    assert "Hidden pilot service" not in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_age": "18", "max_age": "10"}, "Oldest age must be the same as or more than"),
        (
            {"phone": "", "email": "", "website": "", "how_to_refer": ""},
            "Enter at least one way to contact the service",
        ),
        ({"email": "not an address"}, "Enter an email address in the correct format"),
        ({"kind": ""}, "Select kind of service"),
    ],
)
def test_bad_input_is_shown_in_the_error_summary_and_nothing_is_saved(
    client_for, partnership_manager, changes, message
):
    response = client_for(partnership_manager).post("/support/services/new", _form(**changes))
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body and message in body
    assert not SupportService.objects.exists()


def test_a_second_service_of_the_same_name_is_refused(
    client_for, partnership_manager, make_service
):
    make_service(name="Mereside Families Together")
    response = client_for(partnership_manager).post("/support/services/new", _form())
    assert response.status_code == 400
    assert "already in the directory" in response.content.decode()
    assert SupportService.objects.count() == 1


def test_a_stale_edit_is_refused_and_the_other_change_kept(
    client_for, partnership_manager, make_user, council, make_service
):
    from triangulate.core.roles import Role

    service = make_service()
    other = make_user(council, Role.PARTNERSHIP_MANAGER, username="other.manager")
    url = f"/support/services/{service.pk}/edit"
    base = _form(name=service.name, version=str(service.version))

    first = client_for(other).post(url, {**base, "waiting_weeks": "12"})
    assert first.status_code == 302
    second = client_for(partnership_manager).post(url, {**base, "waiting_weeks": "1"})
    body = second.content.decode()
    assert second.status_code == 409
    assert STALE_MESSAGE.split(":")[0] in body
    service.refresh_from_db()
    assert service.waiting_weeks == 12 and service.version == 2
    # The page now shows what the other manager saved.
    assert 'value="12"' in body


def test_practitioners_read_the_directory_but_only_the_manager_keeps_it(
    client_for, practitioner, elected_member, make_service
):
    service = make_service()
    reader = client_for(practitioner)
    assert reader.get("/support/").status_code == 200
    page = reader.get(f"/support/services/{service.pk}")
    assert page.status_code == 200 and "/edit" not in page.content.decode()
    assert reader.get("/support/services/new").status_code == 403
    assert reader.post(f"/support/services/{service.pk}/edit", _form()).status_code == 403
    assert client_for(elected_member).get("/support/").status_code == 403
    service.refresh_from_db()
    assert service.name == "Safe Futures exploitation support"


def test_contracts_ending_within_ninety_days_are_marked(client_for, practitioner, make_service):
    today = timezone.localdate()
    make_service(name="Online Safe", contract_ends_on=today + dt.timedelta(days=30))
    make_service(
        name="After Harm",
        contract_ends_on=today + dt.timedelta(days=300),
        funding_ends_on=today + dt.timedelta(days=300),
    )
    body = client_for(practitioner).get("/support/").content.decode()
    assert body.count("Ends soon") == 1
    online = body.index("Online Safe")
    assert body.index("Ends soon") > online
