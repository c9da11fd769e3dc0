"""Break-glass: emergency read access outside one's scope, time-limited, reviewed, counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.core.roles import Role
from triangulate.governance import services
from triangulate.governance.models import BreakGlassGrant
from triangulate.register.models import Person

JUSTIFICATION = "Found at 2am at a train station with an older man; she will not give details"


@pytest.fixture
def police_lead(make_user, police):
    return make_user(police, Role.INFORMATION_GOVERNANCE_LEAD, username="policelead")


@pytest.fixture
def council_lead(make_user, council):
    return make_user(council, Role.INFORMATION_GOVERNANCE_LEAD, username="councillead")


def test_break_glass_opens_a_record_to_read_only_until_it_expires(
    client_for, police_officer, child
):
    client = client_for(police_officer)
    person_url = reverse("register:person", args=[child.pk])
    assert client.get(person_url).status_code == 403

    url = reverse("governance:break_glass", args=[child.pk])
    form = client.get(url).content.decode()
    assert "Rosie" not in form and "Hargreaves" not in form

    short = client.post(url, {"justification": "urgent", "hours": "1"})
    assert short.status_code == 400 and "at least 20 characters" in short.content.decode()
    assert not BreakGlassGrant.objects.exists()

    done = client.post(url, {"justification": JUSTIFICATION, "hours": "1"})
    assert done.status_code == 302 and done.url == person_url
    page = client.get(person_url)
    assert page.status_code == 200 and "Rosie Hargreaves" in page.content.decode()
    assert access.visible(police_officer, Person).filter(pk=child.pk).exists()
    assert not access.changeable(police_officer, Person).filter(pk=child.pk).exists()
    entry = AuditEntry.objects.get(purpose="break-glass: emergency access")
    assert entry.detail["justification"] == JUSTIFICATION and entry.subject_id == str(child.pk)

    BreakGlassGrant.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(person_url).status_code == 403
    assert not access.visible(police_officer, Person).filter(pk=child.pk).exists()


def test_only_people_who_read_records_may_break_glass(client_for, partnership_manager, child):
    client = client_for(partnership_manager)
    url = reverse("governance:break_glass", args=[child.pk])
    assert client.post(url, {"justification": JUSTIFICATION, "hours": "4"}).status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_a_record_already_visible_needs_no_break_glass(client_for, practitioner, child):
    response = client_for(practitioner).get(reverse("governance:break_glass", args=[child.pk]))
    assert response.status_code == 302
    with pytest.raises(services.BreakGlassRefused):
        services.break_glass(actor=practitioner, record=child, justification=JUSTIFICATION, hours=1)


def test_every_use_reaches_the_owners_lead_who_reviews_it(
    client_for, police_officer, child, council_lead, police_lead
):
    grant = services.break_glass(
        actor=police_officer, record=child, justification=JUSTIFICATION, hours=4
    )
    lead = client_for(council_lead)
    assert "1 break-glass use to review" in lead.get(reverse("core:my_work")).content.decode()
    queue = lead.get(reverse("governance:break_glass_queue")).content.decode()
    assert JUSTIFICATION in queue and "Rosie" not in queue
    # The police officer's own agency's lead does not review another agency's records.
    assert (
        JUSTIFICATION
        not in client_for(police_lead).get(reverse("governance:break_glass_queue")).content.decode()
    )
    review_url = reverse("governance:break_glass_review", args=[grant.pk])
    assert client_for(police_lead).get(review_url).status_code == 403

    empty = lead.post(review_url, {"note": "", "concern": ""})
    assert empty.status_code == 400
    grant.refresh_from_db()
    assert grant.reviewed_at is None

    done = lead.post(
        review_url, {"note": "Not an emergency", "concern": "concern", "end_now": "on"}
    )
    assert done.status_code == 302
    grant.refresh_from_db()
    assert grant.review_concern and grant.reviewed_by == council_lead
    assert grant.expires_at <= timezone.now()
    assert not access.visible(police_officer, Person).filter(pk=child.pk).exists()
    counts = services.break_glass_counts(council_lead)
    assert counts == {"total": 1, "waiting": 0, "concerns": 1, "live": 0}
    assert AuditEntry.objects.filter(
        action=AuditAction.CHANGE, purpose="review break-glass"
    ).exists()
