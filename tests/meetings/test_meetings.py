"""MACE agendas from the records, decisions and actions reaching their owners, overdue
actions standing out at the next meeting, and minutes as an audited PDF."""

import base64
import contextlib
import datetime as dt
import importlib
import re
import zlib

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.core import access, extensions, records
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditEntry, RecordShare, User
from triangulate.core.roles import Role
from triangulate.meetings import services
from triangulate.meetings.models import Meeting
from triangulate.missing import services as missing
from triangulate.risk import services as risk


def assess(user, person, level, *, review_in=20, rationale="Judged on the whole picture"):
    assessment = risk.assessment_start(actor=user, person=person)
    risk.assessment_save(
        actor=user, assessment=assessment, expected_version=assessment.version, answers={},
        judged_level=level, rationale=rationale, review_due=timezone.localdate() + dt.timedelta(days=review_in),
        finalise=True,
    )  # fmt: skip
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def borough(practitioner, council):
    high = PersonFactory(owning_agency=council, given_name="Ava", family_name="High")
    overdue = PersonFactory(owning_agency=council, given_name="Ben", family_name="Overdue")
    repeat = PersonFactory(owning_agency=council, given_name="Cara", family_name="Repeat")
    low = PersonFactory(owning_agency=council, given_name="Dev", family_name="Settled")
    assess(practitioner, high, "high")
    old = assess(practitioner, overdue, "medium")
    type(old).objects.filter(pk=old.pk).update(
        review_due=timezone.localdate() - dt.timedelta(days=3),
        completed_at=timezone.now() - dt.timedelta(days=60),
    )
    assess(practitioner, low, "low")
    for days in (60, 30, 2):
        missing.episode_record(
            actor=practitioner, person=repeat, category="M",
            started_at=timezone.now() - dt.timedelta(days=days), reported_by="Carer",
        )  # fmt: skip
    return {"high": high, "overdue": overdue, "repeat": repeat, "low": low}


def test_the_mace_agenda_lists_the_right_children(practitioner, borough):
    extensions.publish(
        "intelligence.received", person=borough["low"], actor=practitioner, item=None
    )
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    items = {i.person_id: i.reasons for i in services.agenda(actor=practitioner, meeting=meeting)}
    assert items[borough["high"].pk] == ["New high-risk assessment"]
    assert items[borough["overdue"].pk] == ["Risk review overdue"]
    assert items[borough["repeat"].pk] == ["Repeat missing (3 episodes)"]
    assert items[borough["low"].pk] == ["New intelligence"]
    again = services.meeting_create(
        actor=practitioner, kind="mace", title="Next MACE", held_at=timezone.now() + dt.timedelta(days=14)
    )  # fmt: skip
    later = {i.person_id for i in services.agenda(actor=practitioner, meeting=again)}
    assert borough["low"].pk not in later  # the intelligence prompt was used once
    assert borough["high"].pk not in later  # no longer new


def test_another_agency_builds_an_agenda_only_from_what_it_may_see(police_officer, borough):
    meeting = services.meeting_create(
        actor=police_officer, kind="mace", title="Police MACE", held_at=timezone.now()
    )
    assert services.agenda(actor=police_officer, meeting=meeting) == []


def test_actions_reach_their_owner_in_another_agency_and_overdue_ones_stand_out(
    practitioner, police_officer, borough, client_for
):
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now() - dt.timedelta(days=20)
    )  # fmt: skip
    item = services.agenda(actor=practitioner, meeting=meeting)[0]
    seen_version = item.version
    services.item_decide(
        actor=practitioner, item=item, expected_version=item.version,
        discussion="Partners shared sightings", decision="Disruption plan for the retail park",
    )  # fmt: skip
    with pytest.raises(StaleEdit):
        services.item_decide(
            actor=practitioner, item=item, expected_version=seen_version,
            discussion="", decision="Overwritten",
        )  # fmt: skip
    action = services.action_add(
        actor=practitioner, meeting=meeting, item=item, text="Visit the retail park with licensing",
        owner=police_officer, due_on=timezone.localdate() - dt.timedelta(days=5),
    )  # fmt: skip
    work = client_for(police_officer).get("/my-work").content.decode()
    assert "Visit the retail park with licensing" in work
    assert "Overdue" in work
    next_meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="Next MACE", held_at=timezone.now()
    )
    assert services.overdue_actions_before(actor=practitioner, meeting=next_meeting) == [action]
    page = client_for(practitioner).get(f"/meetings/{next_meeting.pk}").content.decode()
    assert "1 action from earlier meetings not done by the deadline" in page
    client_for(police_officer).post(f"/meetings/actions/{action.pk}/done")
    assert services.overdue_actions_before(actor=practitioner, meeting=next_meeting) == []


def test_an_action_is_given_to_its_owner_to_change_and_a_read_share_does_not_let_them_mark_it_done(
    practitioner, police_officer, borough, client_for
):
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    item = services.agenda(actor=practitioner, meeting=meeting)[0]
    action = services.action_add(
        actor=practitioner, meeting=meeting, item=item, text="Visit the retail park",
        owner=police_officer, due_on=timezone.localdate() + dt.timedelta(days=5),
    )  # fmt: skip
    share = records.live_share(action, police_officer.agency)
    assert share.permits_change
    # A share that opens the action only for reading (as every owner's share once did).
    RecordShare.objects.filter(pk=share.pk).update(permits_change=False)
    response = client_for(police_officer).post(f"/meetings/actions/{action.pk}/done")
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "open"
    assert (
        "Mark as done"
        not in client_for(police_officer).get(f"/meetings/actions/{action.pk}").content.decode()
    )


def test_minutes_close_and_export_as_an_audited_pdf(practitioner, borough, client_for, council):
    meeting = services.meeting_create(
        actor=practitioner, kind="daily_hub", title="Daily hub", held_at=timezone.now()
    )
    services.attendance_add(
        actor=practitioner, meeting=meeting, agency=council, name="Jo Marsh", role="Chair",
        status="present",
    )  # fmt: skip
    services.minutes_close(actor=practitioner, meeting=meeting, expected_version=meeting.version)
    with pytest.raises(services.MeetingClosed):
        services.attendance_add(
            actor=practitioner,
            meeting=meeting,
            agency=council,
            name="Late",
            role="",
            status="present",
        )
    response = client_for(practitioner).get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="export", object_type="meetings.meeting").exists()


def test_the_daily_hub_looks_only_at_what_is_new(practitioner, borough):
    open_episode = missing.episode_record(
        actor=practitioner, person=borough["low"], category="M", reported_by="Parent",
        started_at=timezone.now() - dt.timedelta(hours=2),
    )  # fmt: skip
    hub = services.meeting_create(
        actor=practitioner, kind="daily_hub", title="Daily hub", held_at=timezone.now()
    )
    items = {i.person_id: i.reasons for i in services.agenda(actor=practitioner, meeting=hub)}
    assert items[borough["high"].pk] == ["New high-risk assessment"]
    assert items[open_episode.person_id] == ["Missing now"]
    assert borough["overdue"].pk not in items
    assert items[borough["repeat"].pk] == ["Missing now"]  # still open; not "repeat missing"


def test_an_attending_agency_sees_the_meeting_but_not_children_it_may_not_see(
    practitioner, police_officer, police, borough, client_for
):
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    client = client_for(police_officer)
    assert client.get(f"/meetings/{meeting.pk}").status_code == 403
    services.attendance_add(
        actor=practitioner, meeting=meeting, agency=police, name="Priya Lal", role="DC",
        status="present",
    )  # fmt: skip
    page = client.get(f"/meetings/{meeting.pk}").content.decode()
    assert "Ava High" not in page and "Repeat missing" not in page  # council's children
    assert "An item about a child your agency cannot see" in page
    assert AuditEntry.objects.filter(action="share", object_type="meetings.meeting").exists()
    assert (
        "Save decision"
        not in client.get(
            f"/meetings/items/{services.agenda(actor=practitioner, meeting=meeting)[0].pk}"
        ).content.decode()
    )
    with pytest.raises(access.AccessDenied):
        services.minutes_close(
            actor=police_officer, meeting=meeting, expected_version=meeting.version
        )


def test_the_list_links_each_meeting_and_shows_no_markup_as_text(practitioner, client_for):
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE <north> & south", held_at=timezone.now()
    )
    page = client_for(practitioner).get("/meetings/").content.decode()
    assert f'href="/meetings/{meeting.pk}"' in page
    assert "MACE &lt;north&gt; &amp; south</a>" in page
    assert "&lt;a " not in page


def pdf_text(content: bytes) -> str:
    """The text drawn in a PDF's (compressed) content streams."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, flags=re.S):
        data = stream.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data.removeprefix(b"<~").removesuffix(b"~>"))
        with contextlib.suppress(zlib.error):
            data = zlib.decompress(data)
        text.append(data.decode("latin-1"))
    return "".join(text)


@pytest.fixture
def nurse(make_user, health):
    return make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse")


def test_an_attending_agency_reads_only_the_items_about_children_it_may_see(
    practitioner, nurse, health, borough, client_for
):
    RecordShare.objects.create(
        record=borough["overdue"], shared_with=health, shared_by=practitioner,
        lawful_basis=records.LawfulBasis.SAFEGUARDING, purpose="health assessment",
    )  # fmt: skip
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    items = {i.person_id: i for i in services.agenda(actor=practitioner, meeting=meeting)}
    for item in items.values():
        services.item_decide(
            actor=practitioner, item=item, expected_version=item.version, discussion="",
            decision=f"Decision about {item.person.full_name}",
        )  # fmt: skip
    services.attendance_add(
        actor=practitioner, meeting=meeting, agency=health, name="Ruth Ames", role="Nurse",
        status="present",
    )  # fmt: skip
    client = client_for(nurse)
    assert "MACE panel" in client.get("/meetings/").content.decode()
    page = client.get(f"/meetings/{meeting.pk}").content.decode()
    assert "Ben Overdue" in page and "Decision about Ben Overdue" in page
    assert "Ava High" not in page and "Decision about Ava High" not in page
    assert "Cara Repeat" not in page
    assert page.count("An item about a child your agency cannot see") == len(items) - 1
    assert client.get(f"/meetings/items/{items[borough['high'].pk].pk}").status_code == 403
    assert client.get(f"/meetings/items/{items[borough['overdue'].pk].pk}").status_code == 200
    minutes = pdf_text(client.get(f"/meetings/{meeting.pk}/minutes.pdf").content)
    assert "Ben Overdue" in minutes
    assert "Ava High" not in minutes and "Decision about Ava High" not in minutes
    assert "An item about a child your agency cannot see" in minutes
    chair = pdf_text(client_for(practitioner).get(f"/meetings/{meeting.pk}/minutes.pdf").content)
    assert "Decision about Ava High" in chair


def test_sharing_an_item_beyond_that_is_a_recorded_decision(
    practitioner, nurse, health, borough, client_for
):
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    item = next(
        i
        for i in services.agenda(actor=practitioner, meeting=meeting)
        if i.person_id == borough["high"].pk
    )
    services.attendance_add(
        actor=practitioner, meeting=meeting, agency=health, name="Ruth Ames", role="Nurse",
        status="present",
    )  # fmt: skip
    client = client_for(nurse)
    assert client.get(f"/meetings/items/{item.pk}").status_code == 403
    chair = client_for(practitioner)
    refused = chair.post(
        f"/meetings/items/{item.pk}", {"form": "share", "agency": str(health.pk), "purpose": ""}
    )
    assert "Enter why this agency needs the item" in refused.content.decode()
    assert client.get(f"/meetings/items/{item.pk}").status_code == 403
    chair.post(
        f"/meetings/items/{item.pk}",
        {"form": "share", "agency": str(health.pk), "purpose": "Health lead for the plan"},
    )
    share = RecordShare.objects.get(object_id=item.pk, content_type__model="agendaitem")
    assert share.shared_with == health and share.purpose == "Health lead for the plan"
    assert AuditEntry.objects.filter(
        action="share", object_type="meetings.agendaitem", object_id=str(item.pk)
    ).exists()
    page = client.get(f"/meetings/items/{item.pk}").content.decode()
    assert "Ava High" in page
    assert f"/register/people/{borough['high'].pk}" not in page  # the record stays closed


def test_the_demo_mace_is_open_to_the_agencies_at_its_table(client_for):
    call_command("demo_borough", children=120, seed=7)
    officer = User.objects.get(username="priya.officer")
    mace = Meeting.objects.exclude(owning_agency=officer.agency).get(kind="mace")
    client = client_for(officer)
    assert f'href="/meetings/{mace.pk}"' in client.get("/meetings/").content.decode()
    page = client.get(f"/meetings/{mace.pk}").content.decode()
    assert "Disruption visit to the retail park" in page


def test_an_action_shows_its_owner_what_it_needs_not_the_meetings_decision(
    practitioner, school_lead, borough, client_for
):
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    item = next(
        i
        for i in services.agenda(actor=practitioner, meeting=meeting)
        if i.person_id == borough["high"].pk
    )
    services.item_decide(
        actor=practitioner, item=item, expected_version=item.version,
        discussion="Sightings at the retail park", decision="Keep at high risk; joint disruption",
    )  # fmt: skip
    action = services.action_add(
        actor=practitioner, meeting=meeting, item=item, text="Check attendance and share it",
        owner=school_lead, due_on=timezone.localdate() - dt.timedelta(days=1),
    )  # fmt: skip
    client = client_for(school_lead)
    assert client.get(f"/meetings/{meeting.pk}").status_code == 403
    page = client.get(f"/meetings/actions/{action.pk}").content.decode()
    assert "Check attendance and share it" in page and "Ava High" in page
    assert "Keep at high risk" not in page and "Sightings at the retail park" not in page
    assert f"/register/people/{borough['high'].pk}" not in page
    assert "&lt;strong" not in page
    assert re.search(r'<strong class="govuk-tag govuk-tag--red">\s*Overdue\s*</strong>', page)
    chair = client_for(practitioner).get(f"/meetings/actions/{action.pk}").content.decode()
    assert f"/meetings/items/{item.pk}" in chair


def test_a_new_meeting_offers_the_children_a_search_finds_not_the_whole_register(
    practitioner, borough, council, client_for
):
    for n in range(30):
        PersonFactory(owning_agency=council, given_name=f"Child{n}", family_name="Register")
    client = client_for(practitioner)
    page = client.get("/meetings/new").content.decode()
    assert "Child7 Register" not in page and "Ava High" not in page
    found = client.get("/meetings/new?child=ava").content.decode()
    assert "Ava High" in found and "Child7 Register" not in found and "Ben Overdue" not in found
    response = client.post(
        "/meetings/new?child=ava",
        {
            "kind": "strategy", "title": "Strategy: Ava", "held_on-day": "1",
            "held_on-month": "12", "held_on-year": "2026", "held_time": "10:00",
            "child": "ava", "person": str(borough["high"].pk),
        },
    )  # fmt: skip
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Strategy: Ava")
    assert meeting.person == borough["high"]


def test_the_agenda_can_be_added_to_taken_from_and_reordered(
    practitioner, borough, council, client_for
):
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    client = client_for(practitioner)

    def order():
        return [i.person.given_name for i in services.agenda(actor=practitioner, meeting=meeting)]

    first, second = order()[:2]
    before = order()
    first_item = services.agenda(actor=practitioner, meeting=meeting)[0]
    client.post(f"/meetings/items/{first_item.pk}/move", {"down": "1"})
    assert order()[:2] == [second, first]
    client.post(f"/meetings/items/{first_item.pk}/move", {"up": "1"})
    assert order() == before
    extra = PersonFactory(owning_agency=council, given_name="Eli", family_name="Extra")
    page = client.get(f"/meetings/{meeting.pk}?child=eli").content.decode()
    assert "Eli Extra" in page
    client.post(
        f"/meetings/{meeting.pk}",
        {"form": "agenda", "person": str(extra.pk), "reason": "School raised a concern"},
    )
    items = services.agenda(actor=practitioner, meeting=meeting)
    assert items[-1].person == extra and items[-1].reasons == ["School raised a concern"]
    assert [i.position for i in items] == list(range(1, len(items) + 1))
    decided = items[0]
    services.item_decide(
        actor=practitioner, item=decided, expected_version=decided.version, discussion="",
        decision="Keep at high risk",
    )  # fmt: skip
    client.post(f"/meetings/items/{items[1].pk}/remove")
    client.post(f"/meetings/items/{decided.pk}/remove")
    left = services.agenda(actor=practitioner, meeting=meeting)
    assert items[1] not in left and decided in left  # a decided item stays in the minutes
    assert [i.position for i in left] == list(range(1, len(left) + 1))
    assert AuditEntry.objects.filter(action="delete", object_type="meetings.agendaitem").exists()


def test_closing_minutes_without_attendance_or_decisions_asks_first(
    practitioner, borough, client_for
):
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    client = client_for(practitioner)
    page = client.post(f"/meetings/{meeting.pk}/close", {"version": meeting.version})
    text = page.content.decode()
    total = len(services.agenda(actor=practitioner, meeting=meeting))
    assert "No attendance is recorded." in text
    assert f"No decision is recorded for {total} of the {total} items" in text
    meeting.refresh_from_db()
    assert meeting.minutes_closed_at is None
    # Someone else changed the meeting since the page was read: the meeting page says so in
    # its error summary, and the minutes stay open.
    stale = client.post(
        f"/meetings/{meeting.pk}/close", {"version": meeting.version + 1, "confirmed": "yes"}
    )
    assert stale.status_code == 409 and "govuk-error-summary" in stale.content.decode()
    assert "Someone else saved this record after you opened it" in stale.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes_closed_at is None
    client.post(f"/meetings/{meeting.pk}/close", {"version": meeting.version, "confirmed": "yes"})
    meeting.refresh_from_db()
    assert meeting.minutes_closed_at is not None


def test_the_meeting_page_and_its_child_search_open_without_errors(
    practitioner, borough, client_for
):
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    client = client_for(practitioner)
    assert client.get(f"/meetings/{meeting.pk}").status_code == 200
    found = client.get(f"/meetings/{meeting.pk}?child=ava")
    assert found.status_code == 200 and "Ava High" in found.content.decode()


def test_the_upgrade_withdraws_the_old_whole_agenda_shares(practitioner, health, borough):
    from django.apps import apps

    withdraw = importlib.import_module(
        "triangulate.meetings.migrations.0002_withdraw_whole_agenda_shares"
    ).withdraw
    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    item = services.agenda(actor=practitioner, meeting=meeting)[0]
    old = RecordShare.objects.create(
        record=item, shared_with=health, shared_by=practitioner,
        lawful_basis=records.LawfulBasis.SAFEGUARDING,
        purpose="multi-agency meeting attended by this agency",
    )  # fmt: skip
    decided = RecordShare.objects.create(
        record=meeting, shared_with=health, shared_by=practitioner,
        lawful_basis=records.LawfulBasis.SAFEGUARDING,
        purpose="multi-agency meeting attended by this agency",
    )  # fmt: skip
    withdraw(apps, None)
    old.refresh_from_db()
    decided.refresh_from_db()
    assert old.revoked_at is not None  # the item share goes
    assert decided.revoked_at is None  # the meeting share stays


def test_the_meetings_list_records_the_meetings_it_showed(client_for, practitioner, borough):
    from triangulate.core.models import AuditEntry

    meeting = services.meeting_create(
        actor=practitioner, kind="mace", title="MACE panel", held_at=timezone.now()
    )
    before = AuditEntry.objects.count()
    assert client_for(practitioner).get("/meetings/").status_code == 200
    entries = list(AuditEntry.objects.filter(sequence__gt=before))
    assert [e.purpose for e in entries] == ["view the meetings list"]
    assert entries[0].detail["records"]["meetings.meeting"] == [str(meeting.pk)]
