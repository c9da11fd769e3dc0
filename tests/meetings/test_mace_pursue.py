"""Persons of concern and places on a MACE agenda: each found for its reason, a partner at the
table never reading police-only intelligence through the agenda, and actions from an item
about a person of concern reaching their owner."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.meetings.test_meetings import pdf_text
from triangulate.core import records
from triangulate.core.models import AuditEntry, User
from triangulate.intelligence import services as intelligence
from triangulate.intelligence.models import PersonOfConcern, TacticType
from triangulate.meetings import services
from triangulate.meetings.models import AttendanceStatus, Meeting
from triangulate.meetings.services.agenda import ADDED_BY_CHAIR

WHAT_SEEN = "Jay's silver car collects two girls from the Station Hotel car park after midnight."


@pytest.fixture
def pursue(police_officer, police):
    """A force's persons of concern and a hotel, a MACE a fortnight ago, and since then: new
    graded intelligence about Jay and the hotel, a new person of concern (Kyle), and a
    disruption tactic for Dean whose review falls before the next panel."""
    now = timezone.now()
    today = timezone.localdate()

    def concern(given, family):
        return intelligence.concern_create(
            actor=police_officer, given_name=given, family_name=family, status_on=today
        )

    jay, dean, olly = concern("Jay", "Marlow"), concern("Dean", "Hollis"), concern("Olly", "Quiet")
    PersonOfConcern.objects.filter(pk__in=[jay.pk, dean.pk, olly.pk]).update(
        created_at=now - dt.timedelta(days=30)
    )
    hotel = intelligence.place_create(actor=police_officer, name="Station Hotel", kind="hotel")
    review = intelligence.tactic_add(
        actor=police_officer, concern=dean, tactic_type=TacticType.objects.get(code="sro"),
        owner="DC Shah", started_on=today - dt.timedelta(days=20),
        review_on=today + dt.timedelta(days=1),
    )  # fmt: skip
    last = services.meeting_create(
        actor=police_officer, kind="mace", title="Last MACE", held_at=now - dt.timedelta(days=14)
    )
    item = intelligence.item_submit(
        actor=police_officer, police=police, what_seen=WHAT_SEEN,
        seen_at=now - dt.timedelta(days=2), where_seen="Station Hotel car park",
    )  # fmt: skip
    intelligence.item_grade(
        actor=police_officer, item=item, expected_version=item.version,
        source_evaluation="2", assessment="B", handling_code="P",
    )  # fmt: skip
    intelligence.item_link(actor=police_officer, item=item, kind="concern", value=str(jay.pk))
    intelligence.item_link(actor=police_officer, item=item, kind="place", value=str(hotel.pk))
    kyle = concern("Kyle", "Fresh")
    return {
        "jay": jay, "dean": dean, "olly": olly, "kyle": kyle, "hotel": hotel,
        "review": review, "item": item, "last": last,
    }  # fmt: skip


@pytest.fixture
def panel(police_officer, pursue):
    """The next MACE panel, tomorrow, held by the force."""
    return services.meeting_create(
        actor=police_officer, kind="mace", title="MACE panel",
        held_at=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip


def _by_label(actor, meeting):
    items = services.agenda(actor=actor, meeting=meeting)
    shown = services.items_shown(actor=actor, items=items)
    return {shown[i.pk].title: shown[i.pk].reasons for i in items}


def test_persons_of_concern_and_places_are_found_for_each_reason(police_officer, pursue, panel):
    agenda = _by_label(police_officer, panel)
    reference = pursue["item"].reference
    new_intelligence = f"New intelligence {reference} (graded 2/B/P) linked since the last panel"
    assert agenda["Jay Marlow (person of concern)"] == [new_intelligence]
    assert agenda["Station Hotel (hotel)"] == [new_intelligence]
    review_on = pursue["review"].review_on
    assert agenda["Dean Hollis (person of concern)"] == [
        f"Review of the sexual risk order is due on {review_on:%-d %B %Y} (owner: DC Shah)"
    ]
    # Kyle was recorded since the last panel, so he is newly in the top ten; Olly was already.
    assert agenda["Kyle Fresh (person of concern)"] == [
        "Newly among the 10 highest-priority persons of concern "
        "(ranked 2 of 4, prioritisation criteria version 1)"
    ]
    assert "Olly Quiet (person of concern)" not in agenda
    # The meeting's audit entry names what it put on the agenda.
    entry = AuditEntry.objects.filter(purpose="create a meeting and its agenda").latest("id")
    assert ["intelligence.place", pursue["hotel"].pk] in entry.detail["subjects"]


def test_a_review_that_ended_or_falls_after_the_panel_is_not_due(police_officer, pursue):
    review = pursue["review"]
    type(review).objects.filter(pk=review.pk).update(
        review_on=timezone.localdate() + dt.timedelta(days=5)
    )
    panel = services.meeting_create(
        actor=police_officer, kind="mace", title="MACE panel",
        held_at=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip
    assert "Dean Hollis (person of concern)" not in _by_label(police_officer, panel)


def test_a_daily_hub_and_a_chair_who_may_not_see_them_get_no_persons_of_concern(
    police_officer, practitioner, pursue
):
    hub = services.meeting_create(
        actor=police_officer, kind="daily_hub", title="Hub", held_at=timezone.now()
    )
    assert services.agenda(actor=police_officer, meeting=hub) == []
    council_mace = services.meeting_create(
        actor=practitioner, kind="mace", title="Council MACE", held_at=timezone.now()
    )
    assert services.agenda(actor=practitioner, meeting=council_mace) == []


def _item(chair, meeting, label):
    return next(
        i for i in services.agenda(actor=chair, meeting=meeting) if i.subject_label == label
    )


def _attend(police_officer, panel, practitioner):
    services.attendance_add(
        actor=police_officer, meeting=panel, agency=practitioner.agency,
        name=practitioner.display_name, role="Exploitation practitioner",
        status=AttendanceStatus.PRESENT,
    )  # fmt: skip


POLICE_ONLY = [
    "Jay",
    "Marlow",
    "Hollis",
    "Kyle",
    "Station Hotel",
    "2/B/P",
    "silver car",
    "DC Shah",
    "sexual risk",
]


def test_a_partner_at_the_table_reads_no_police_only_intelligence_through_the_agenda(
    police_officer, practitioner, pursue, panel, client_for
):
    _attend(police_officer, panel, practitioner)
    client = client_for(practitioner)
    page = client.get(f"/meetings/{panel.pk}").content.decode()
    assert page.count("An item about a person of concern your agency cannot see") == 3
    assert page.count("An item about a place your agency cannot see") == 1
    minutes = pdf_text(client.get(f"/meetings/{panel.pk}/minutes.pdf").content)
    assert "An item about a place your agency cannot see" in minutes
    reference = pursue["item"].reference
    for text in [*POLICE_ONLY, reference]:
        assert text not in page
        assert text not in minutes

    # The chair shares Jay's item with the council: it reads that there is something to
    # discuss, never what, nor who Jay is.
    jay_item = _item(police_officer, panel, "Jay Marlow (person of concern)")
    services.item_share(
        actor=police_officer, item=jay_item, agency=practitioner.agency, purpose="Joint plan"
    )
    item_page = client.get(f"/meetings/items/{jay_item.pk}").content.decode()
    assert "A person of concern your agency cannot see" in item_page
    assert "New information held by police" in item_page
    for text in [*POLICE_ONLY, reference]:
        assert text not in item_page

    # The force shares the hotel's record with the council: the council now reads which
    # place it is, and still not the intelligence about it.
    records.share(
        police_officer, pursue["hotel"], practitioner.agency,
        basis=records.LawfulBasis.SAFEGUARDING, purpose="Licensing and safeguarding",
    )  # fmt: skip
    assert _by_label(practitioner, panel) == {
        "A person of concern your agency cannot see": ["New information held by police"],
        "Station Hotel (hotel)": ["New information held by police"],
    }
    page = client.get(f"/meetings/{panel.pk}").content.decode()
    assert "Station Hotel" in page
    assert reference not in page and "2/B/P" not in page


def test_a_police_officer_at_the_table_reads_the_reasons_in_full(
    police_officer, pursue, panel, client_for
):
    page = client_for(police_officer).get(f"/meetings/{panel.pk}").content.decode()
    assert "Jay Marlow (person of concern)" in page
    assert f"New intelligence {pursue['item'].reference} (graded 2/B/P)" in page
    item = _item(police_officer, panel, "Station Hotel (hotel)")
    item_page = client_for(police_officer).get(f"/meetings/items/{item.pk}").content.decode()
    assert f'href="/intelligence/places/{pursue["hotel"].pk}"' in item_page


def test_actions_from_an_item_about_a_person_of_concern_go_to_their_owners(
    police_officer, practitioner, pursue, panel, client_for
):
    _attend(police_officer, panel, practitioner)
    jay_item = _item(police_officer, panel, "Jay Marlow (person of concern)")
    services.item_decide(
        actor=police_officer, item=jay_item, expected_version=jay_item.version,
        discussion="Sightings at the hotel", decision="Disrupt: licensing visit and a warning",
    )  # fmt: skip
    action = services.action_add(
        actor=police_officer, meeting=panel, item=jay_item,
        text="Ask the licensing team to visit the hotel with police", owner=practitioner,
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip
    client = client_for(practitioner)
    work = client.get("/my-work").content.decode()
    assert "Ask the licensing team to visit the hotel with police" in work
    action_page = client.get(f"/meetings/actions/{action.pk}").content.decode()
    assert "A person of concern your agency cannot see" in action_page
    assert "Marlow" not in action_page
    assert "Mark as done" in action_page
    client.post(f"/meetings/actions/{action.pk}/done")
    action.refresh_from_db()
    assert action.status == "done"
    chair_page = client_for(police_officer).get(f"/meetings/actions/{action.pk}").content.decode()
    assert "Jay Marlow (person of concern)" in chair_page


@pytest.mark.django_db
def test_the_demo_mace_discusses_persons_of_concern_places_and_groups_and_partners_see_no_names():
    call_command("demo_borough", children=200, seed=20131)
    officer = User.objects.get(username="priya.officer")
    panel = Meeting.objects.get(kind="mace", owning_agency=officer.agency)
    items = services.agenda(actor=officer, meeting=panel)
    kinds = {shown.kind for shown in services.items_shown(actor=officer, items=items).values()}
    assert {"person of concern", "place"} <= kinds
    council = User.objects.get(username="jo.manager")
    entries = services.agenda_entries(actor=council, meeting=panel)
    held_back = {entry.about for entry in entries if entry.item is None}
    assert {"person of concern", "place"} <= held_back
    # A place the force shares with the council may be named to it; what police hold about
    # it never is.
    withheld = {"New information held by police", "Newly a high priority for police",
                "A disruption review is due (details held by police)"}  # fmt: skip
    groups = []
    for entry in entries:
        if entry.item is not None and entry.shown.kind == "peer group or context":
            groups.append(entry.shown)
        elif entry.item is not None and entry.item.subject_type_id:
            assert set(entry.shown.reasons) <= withheld
    # The friends who go missing together, a group police share with the council: the
    # council reads its contextual assessment's review in full, as police do.
    [friends] = groups
    assert friends.title == "Friends who go missing together (peer group)"
    assert [r.split(" (")[0] for r in friends.reasons] == [
        f"Review of the contextual assessment is due on {timezone.localdate():%-d %B %Y}"
    ]


def test_the_chair_adds_a_person_of_concern_by_hand_and_a_partner_reads_only_that_it_was_added(
    police_officer, practitioner, pursue, panel, client_for
):
    client = client_for(police_officer)
    url = f"/meetings/{panel.pk}"
    olly = pursue["olly"]  # no rule brings Olly to this panel
    assert "Olly Quiet" not in client.get(url).content.decode()
    reason = "Seen with two children at the Station Hotel last week"
    unknown = client.post(url, {"form": "subject", "kind": "concern", "number": "999999",
                                "reason": reason})  # fmt: skip
    assert "Enter the number of a person of concern your agency can see" in (
        unknown.content.decode()
    )
    added = client.post(url, {"form": "subject", "kind": "concern", "number": str(olly.pk),
                              "reason": reason})  # fmt: skip
    assert added.status_code == 302, added.content.decode()[:2000]
    assert _by_label(police_officer, panel)["Olly Quiet (person of concern)"] == [reason]
    again = client.post(url, {"form": "subject", "kind": "concern", "number": str(olly.pk),
                              "reason": reason})  # fmt: skip
    assert "Olly Quiet (person of concern) is already on the agenda" in again.content.decode()
    item = _item(police_officer, panel, "Olly Quiet (person of concern)")
    assert AuditEntry.objects.filter(
        actor=police_officer, object_id=str(item.pk), purpose="add to a meeting's agenda by hand"
    ).exists()
    # A partner at the table reads neither who it is nor the chair's words about them.
    _attend(police_officer, panel, practitioner)
    page = client_for(practitioner).get(url).content.decode()
    assert "Olly" not in page and reason not in page
    assert page.count("An item about a person of concern your agency cannot see") == 4
    item_seen = services.items_shown(actor=practitioner, items=[item])[item.pk]
    assert item_seen.reasons == [ADDED_BY_CHAIR]
    # A council chair cannot put a police record they may not see on their own panel.
    council_mace = services.meeting_create(
        actor=practitioner, kind="mace", title="Council MACE", held_at=timezone.now()
    )
    with pytest.raises(services.SubjectRefused):
        services.subject_add(actor=practitioner, meeting=council_mace, kind="concern",
                             number=olly.pk, reason=reason)  # fmt: skip
    # Only a MACE panel discusses them.
    hub = services.meeting_create(
        actor=police_officer, kind="daily_hub", title="Hub", held_at=timezone.now()
    )
    with pytest.raises(services.SubjectRefused) as refused:
        services.subject_add(actor=police_officer, meeting=hub, kind="concern",
                             number=olly.pk, reason=reason)  # fmt: skip
    assert refused.value.errors == {
        "kind": "Only a MACE panel discusses persons of concern, places and groups"
    }


def test_a_notice_breached_since_the_last_panel_brings_its_person_of_concern_to_the_next(
    police_officer, practitioner, pursue
):
    review = pursue["review"]
    today = timezone.localdate()
    type(review).objects.filter(pk=review.pk).update(
        review_on=today + dt.timedelta(days=30), outcome="issued",
        breached_on=today - dt.timedelta(days=3), breach_note="Seen with the child at the park",
    )  # fmt: skip
    panel = services.meeting_create(
        actor=police_officer, kind="mace", title="MACE panel",
        held_at=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip
    breached = today - dt.timedelta(days=3)
    assert _by_label(police_officer, panel)["Dean Hollis (person of concern)"] == [
        f"The sexual risk order was breached on {breached:%-d %B %Y}: "
        "Seen with the child at the park"
    ]
    # A breach before the last panel was discussed then.
    type(review).objects.filter(pk=review.pk).update(breached_on=today - dt.timedelta(days=20))
    later = services.meeting_create(
        actor=police_officer, kind="mace", title="MACE panel",
        held_at=timezone.now() + dt.timedelta(days=2),
    )  # fmt: skip
    assert "Dean Hollis (person of concern)" not in _by_label(police_officer, later)
