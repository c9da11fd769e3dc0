import pytest
from django.test import Client

from tests.frontdoor.factories import raise_contact
from triangulate.core.audit import entries_for
from triangulate.core.models import AuditAction
from triangulate.frontdoor import services
from triangulate.frontdoor.models import Contact, Source

PUBLIC = {
    "reporter_type": "public",
    "child_given_name": "Rosie",
    "child_family_name": "Hargreaves",
    "concern": "I see her being picked up by older men in cars most nights.",
}


@pytest.mark.django_db
def test_a_member_of_the_public_reports_and_checks_status_without_learning_more(
    council, child, front_door_worker
):
    client = Client(enforce_csrf_checks=False)
    response = client.post("/public/concern", PUBLIC, follow=True)
    assert response.status_code == 200
    contact = Contact.objects.get()
    assert contact.source == Source.PUBLIC
    page = response.content.decode()
    assert contact.reference in page
    # The acknowledgement never says whether the child is already known.
    assert "already known" not in page and "register" not in page.lower()

    status = client.post("/public/concern/status", {"reference": contact.reference.lower()})
    assert "Received" in status.content.decode()
    services.contact_open(actor=front_door_worker, pk=contact.pk)
    status = client.post(
        "/public/concern/status", {"reference": contact.reference}
    ).content.decode()
    assert "Being looked at" in status
    assert "Rosie" not in status and "Hargreaves" not in status

    # The acknowledgement is shown once; reloading it does not show the reference again.
    again = client.get("/public/concern/received")
    assert again.status_code == 302


@pytest.mark.django_db
def test_status_refuses_unknown_and_professional_references(council, school_lead):
    professional = raise_contact(school_lead)
    client = Client()
    for reference in ("AAAA-BBBB-CCCC", professional.reference, "x" * 19):
        response = client.post("/public/concern/status", {"reference": reference})
        assert response.status_code == 400
        assert "We cannot find a concern with that reference" in response.content.decode()


@pytest.mark.django_db
def test_references_are_unguessable():
    references = {services.new_reference() for _ in range(2000)}
    assert len(references) == 2000
    assert all(len(r) == 14 and r.count("-") == 2 for r in references)


@pytest.mark.django_db
def test_public_reports_are_rate_limited(council):
    client = Client()
    for _ in range(5):
        assert client.post("/public/concern", PUBLIC).status_code == 302
    refused = client.post("/public/concern", PUBLIC)
    assert refused.status_code == 429
    assert Contact.objects.count() == 5


@pytest.mark.django_db
def test_a_public_report_needs_a_concern_and_a_way_to_find_the_child(council):
    response = Client().post("/public/concern", {"reporter_type": "councillor"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "so that the child can be found" in page
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_oversized_reports_and_bots_store_nothing(council):
    client = Client()
    huge = client.post("/public/concern", {**PUBLIC, "concern": "x" * 40000})
    assert huge.status_code == 413
    bot = client.post("/public/concern", {**PUBLIC, "website": "http://spam.example"})
    assert bot.status_code == 302
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_public_forms_are_csrf_protected(council):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/public/concern", PUBLIC).status_code == 403
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_the_public_path_is_audited_against_the_contact(council, child):
    client = Client()
    client.post("/public/concern", PUBLIC, follow=True)
    contact = Contact.objects.get()
    client.post("/public/concern/status", {"reference": contact.reference})
    client.post("/public/concern/status", {"reference": "AAAA-BBBB-CCCC"})

    checks = [e for e in entries_for(contact) if e.purpose == "public status check"]
    assert len(checks) == 1, "one check of a real reference, none for a wrong one"
    assert checks[0].actor_name == "public" and checks[0].actor_id is None
    assert checks[0].object_id == str(contact.pk)
    assert entries_for(contact).filter(action=AuditAction.CREATE).exists()
