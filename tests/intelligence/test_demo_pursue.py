"""The demo borough's pursue side shows analyst tasking and licensing referrals."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from triangulate.core.models import User
from triangulate.intelligence.models import AnalystTask, Group, LicensingReferral, ProblemProfile
from triangulate.meetings.models import Meeting


@pytest.mark.django_db
def test_demo_has_an_overdue_analyst_task_and_licensing_referrals(client_for):
    call_command("demo_borough", children=120, seed=7)
    analyst = User.objects.get(username="dan.analyst")
    assert AnalystTask.objects.filter(analyst=analyst, completed_on=None).count() == 2
    work = client_for(analyst).get("/my-work").content.decode()
    assert '>1<span class="govuk-visually-hidden"> overdue: Intelligence tasks' in work
    hotel = LicensingReferral.objects.exclude(outcome="awaited").get()
    assert hotel.get_outcome_display() == "Conditions added to the licence"
    takeaway = LicensingReferral.objects.get(outcome="awaited")
    practitioner = User.objects.get(username="alex.practitioner")
    assert takeaway.owning_agency == practitioner.agency
    page = client_for(User.objects.get(username="priya.officer")).get(
        reverse("intelligence:place", args=[takeaway.place_id])
    )
    assert "Alex Brennan, exploitation team" in page.content.decode()

    # Two groups: the friends (police's, due for review at today's panel) and the park
    # (the council's), each shared with the other agency.
    friends = Group.objects.get(name="Friends who go missing together")
    park = Group.objects.get(name="Memorial Park after school")
    assert (friends.owning_agency, park.owning_agency) == (
        User.objects.get(username="priya.officer").agency,
        practitioner.agency,
    )
    assert friends.members.count() == 3 and park.members.count() == 4
    page = client_for(practitioner).get(reverse("intelligence:group", args=[friends.pk]))
    assert "Golden Fry" in page.content.decode()
    panel = Meeting.objects.get(kind="mace", owning_agency=friends.owning_agency)
    assert panel.items.filter(subject_id=friends.pk, subject_type__model="group").exists()

    # The analyst's problem profile of the last twelve months, released to the council: the
    # council reads its partner edition, which names no person of concern.
    made = ProblemProfile.objects.get()
    assert made.figures["police"]["children"]["total"] > 0
    page = client_for(practitioner).get(reverse("intelligence:profile", args=[made.pk]))
    text = page.content.decode()
    assert "partner edition" in text and "Going missing is often the first sign" in text
    assert "Marlow" not in text and "Rourke" not in text
    police_page = client_for(analyst).get(reverse("intelligence:profile", args=[made.pk]))
    assert "Jason Marlow" in police_page.content.decode()
