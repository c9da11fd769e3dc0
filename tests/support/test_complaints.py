"""Complaints and whistleblowing: the reference works, the raiser's identity stays sealed to
the designated officer, every opening audited with a reason; stages and deadlines; wards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from triangulate.core.clocks import add_working_days
from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.models import AuditEntry
from triangulate.core.roles import Role
from triangulate.support.models import Complaint, SealedIdentity, Ward
from triangulate.support.services import complaints

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NAME = "Morgan Teale"
CONTACT = "morgan.teale@mail.example"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wards(db):
    return [
        Ward.objects.create(name="Harbour", districts=["KM1", "KM2"]),
        Ward.objects.create(name="Castle", districts=["KM3"]),
    ]


@pytest.fixture
def governance_lead(make_user, council):
    return make_user(council, Role.INFORMATION_GOVERNANCE_LEAD, username="dpo")


def _raise(**changes):
    data = {
        "kind": "whistleblowing",
        "category": "colleague",
        "agency_concerned": "",
        "what_happened": "A manager told the team to close exploitation referrals without visits.",
        "postcode": "km2 4ab",
        "name": NAME,
        "contact": CONTACT,
        "relationship": "Member of staff",
        "website": "",
    }
    data.update(changes)
    return data


def test_staff_blow_the_whistle_the_reference_works_and_the_identity_stays_sealed(
    client_for, partnership_manager, governance_lead, wards, practitioner
):
    public = Client()
    sent = public.post("/public/support/raise", _raise())
    assert sent.status_code == 302
    page = public.get(sent["Location"]).content.decode()
    concern = Complaint.objects.get()
    assert concern.reference in page
    assert concern.ward.name == "Harbour" and concern.stage == "local"
    assert concern.stage_due_on == add_working_days(TODAY, 10)
    assert "km2" not in str(Complaint.objects.values().get()).lower()  # the postcode is not kept

    status = public.post("/public/support/raise/status", {"reference": concern.reference.lower()})
    body = status.content.decode()
    assert "Stage 1: local resolution" in body and NAME not in body

    # The partnership manager handles it without ever seeing who raised it.
    manager = client_for(partnership_manager)
    for url in ("/support/complaints/", f"/support/complaints/{concern.pk}"):
        body = manager.get(url).content.decode()
        assert concern.reference in body
        assert NAME not in body and CONTACT not in body
    assert (
        manager.post(
            f"/support/complaints/{concern.pk}/identity", {"reason": "curious"}
        ).status_code
        == 403
    )
    # Nor does anyone who works with children.
    assert client_for(practitioner).get(f"/support/complaints/{concern.pk}").status_code == 403

    # The designated officer opens it, with a reason, and the opening is audited.
    officer = client_for(governance_lead)
    assert NAME not in officer.get(f"/support/complaints/{concern.pk}").content.decode()
    no_reason = officer.post(f"/support/complaints/{concern.pk}/identity", {"reason": ""})
    assert no_reason.status_code == 400 and NAME not in no_reason.content.decode()
    opened = officer.post(
        f"/support/complaints/{concern.pk}/identity",
        {"reason": "The investigating officer needs to interview the whistleblower."},
    )
    assert opened.status_code == 200 and "no-store" in opened["Cache-Control"]
    assert NAME in opened.content.decode() and CONTACT in opened.content.decode()
    entries = AuditEntry.objects.filter(
        object_id=str(concern.pk), purpose="open the sealed identity of who raised it"
    )
    assert entries.count() == 1
    assert entries.get().detail["reason"].startswith("The investigating officer")
    # No audit entry of the raising names a signed-in user.
    created = AuditEntry.objects.get(object_id=str(concern.pk), action="create")
    assert created.actor_id is None
    assert NAME not in str(AuditEntry.objects.values_list("detail", flat=True))


def test_every_opening_is_audited_again():
    concern = complaints.complaint_raise(
        kind="complaint", category="delay", what_happened="Nobody called back for a month.",
        name=NAME,
    )  # fmt: skip
    from tests.factories import AgencyFactory, UserFactory

    officer = UserFactory(agency=AgencyFactory(), roles=[Role.INFORMATION_GOVERNANCE_LEAD])
    for reason in ("First reason", "Second reason"):
        assert (
            complaints.identity_open(actor=officer, complaint=concern, reason=reason).name == NAME
        )
    assert (
        AuditEntry.objects.filter(
            object_id=str(concern.pk), purpose="open the sealed identity of who raised it"
        ).count()
        == 2
    )


def test_an_anonymous_concern_has_no_identity_to_open(client_for, governance_lead):
    Client().post("/public/support/raise", _raise(name="", contact="", relationship=""))
    concern = Complaint.objects.get()
    assert not SealedIdentity.objects.exists()
    body = client_for(governance_lead).get(f"/support/complaints/{concern.pk}").content.decode()
    assert "did not give their name" in body


def test_the_public_form_has_the_concern_forms_protections():
    client = Client()
    assert client.post("/public/support/raise", _raise(website="x")).status_code == 302
    assert not Complaint.objects.exists()
    assert (
        client.post("/public/support/raise", _raise(what_happened="x" * 40_000)).status_code == 413
    )
    for _ in range(4):
        assert client.post("/public/support/raise", _raise()).status_code == 302
    assert client.post("/public/support/raise", _raise()).status_code == 429
    assert Complaint.objects.count() == 4


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": ""}, "Select what you are raising"),
        ({"category": ""}, "Select what it is about"),
        ({"what_happened": ""}, "Enter what happened"),
    ],
)
def test_bad_input_is_refused_with_the_error_summary(changes, message):
    response = Client().post("/public/support/raise", _raise(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Complaint.objects.exists() and not SealedIdentity.objects.exists()


def test_an_unknown_reference_says_so():
    body = Client().post("/public/support/raise/status", {"reference": "AAAA-BBBB-CCCC"})
    assert "We cannot find that reference" in body.content.decode()


def test_stages_move_on_with_their_deadlines_and_close_with_an_outcome(
    client_for, partnership_manager
):
    concern = complaints.complaint_record(
        actor=partnership_manager, kind="complaint", category="not_listened",
        what_happened="Our daughter's account was not believed.",
        received_on=TODAY - dt.timedelta(days=20),
    )  # fmt: skip
    manager = client_for(partnership_manager)
    assert "Overdue" in manager.get("/support/complaints/").content.decode()
    on = {"on-day": str(TODAY.day), "on-month": str(TODAY.month), "on-year": str(TODAY.year)}
    moved = manager.post(
        f"/support/complaints/{concern.pk}", {"version": "1", "action": "escalate", **on}
    )
    assert moved.status_code == 302
    concern.refresh_from_db()
    assert concern.stage == "investigation"
    assert concern.stage_due_on == add_working_days(TODAY, 25)
    no_outcome = manager.post(
        f"/support/complaints/{concern.pk}", {"version": "2", "action": "close", **on}
    )
    assert no_outcome.status_code == 400 and "Select the outcome" in no_outcome.content.decode()
    stale = manager.post(
        f"/support/complaints/{concern.pk}", {"version": "1", "action": "escalate", **on}
    )
    assert stale.status_code == 409 and STALE_MESSAGE.split(":")[0] in stale.content.decode()
    closed = manager.post(
        f"/support/complaints/{concern.pk}",
        {"version": "2", "action": "close", "outcome": "upheld",
         "learning": "Record the child's own words at every visit.", **on},
    )  # fmt: skip
    assert closed.status_code == 302
    concern.refresh_from_db()
    assert concern.stage == "closed" and concern.outcome == "upheld" and concern.closed_on == TODAY


def test_a_postcode_outside_every_ward_records_no_ward(wards):
    assert complaints.ward_for_postcode("KM3 1AA").name == "Castle"
    assert complaints.ward_for_postcode("SW1A 1AA") is None
    assert complaints.ward_for_postcode("") is None
