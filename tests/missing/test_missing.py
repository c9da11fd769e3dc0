"""Missing episodes, the 72-hour return interview clock, repeat missing, out-of-area
placements, interview findings prompting a review, and the audited Philomena release."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image

from triangulate.core.clocks import LONDON, ClockState
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditEntry, RecordShare
from triangulate.intelligence.models import IntelligenceItem
from triangulate.missing import services
from triangulate.missing.models import ReturnInterview
from triangulate.risk import services as risk


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def episode(practitioner, child):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    return services.episode_record(
        actor=practitioner, person=child, category="M", started_at=at(yesterday - dt.timedelta(days=1), 23, 30),
        reported_by="Foster carer", police_risk="medium",
    )  # fmt: skip


def test_an_episode_across_midnight_ends_and_creates_an_interview_due_in_72_hours(
    practitioner, episode
):
    found = episode.started_at + dt.timedelta(hours=3, minutes=15)  # 02:45 the next day
    interview = services.episode_end(
        actor=practitioner, episode=episode, expected_version=episode.version,
        ended_at=found, where_found="Bus station", found_with="Two adults of concern",
    )  # fmt: skip
    assert interview.due_at == found + dt.timedelta(hours=72)
    assert (
        services.interview_clock(interview, now=found + dt.timedelta(hours=10)).state
        == ClockState.ON_TIME
    )
    assert (
        services.interview_clock(interview, now=found + dt.timedelta(hours=60)).state
        == ClockState.DUE_SOON
    )
    assert (
        services.interview_clock(interview, now=found + dt.timedelta(hours=73)).state
        == ClockState.OVERDUE
    )


def test_the_interview_clock_counts_real_hours_across_the_clock_change(practitioner, child):
    returned = at(dt.date(2025, 10, 24), 18)  # Friday before the clocks go back
    ep = services.episode_record(
        actor=practitioner, person=child, category="A", started_at=returned - dt.timedelta(hours=5),
        reported_by="Residential home", now=returned,
    )  # fmt: skip
    interview = services.episode_end(
        actor=practitioner, episode=ep, expected_version=ep.version, ended_at=returned,
        where_found="Friend's address", found_with="", now=returned,
    )  # fmt: skip
    assert (
        timezone.localtime(interview.due_at, LONDON).hour == 17
    )  # 72 real hours, one fewer on the clock


def test_an_episode_cannot_end_before_it_started_or_twice(practitioner, episode):
    with pytest.raises(services.EpisodeInvalid) as caught:
        services.episode_end(
            actor=practitioner, episode=episode, expected_version=episode.version,
            ended_at=episode.started_at - dt.timedelta(minutes=1), where_found="Home", found_with="",
        )  # fmt: skip
    assert "must be after the episode began" in caught.value.errors["ended_on"]
    assert episode.is_open
    services.episode_end(
        actor=practitioner, episode=episode, expected_version=episode.version,
        ended_at=episode.started_at + dt.timedelta(hours=1), where_found="Home", found_with="",
    )  # fmt: skip
    with pytest.raises(services.EpisodeInvalid):
        services.episode_end(
            actor=practitioner, episode=episode, expected_version=episode.version,
            ended_at=episode.started_at + dt.timedelta(hours=2), where_found="Home", found_with="",
        )  # fmt: skip


def test_a_stale_end_is_refused(practitioner, episode):
    with pytest.raises(StaleEdit):
        services.episode_end(
            actor=practitioner, episode=episode, expected_version=episode.version + 5,
            ended_at=episode.started_at + dt.timedelta(hours=1), where_found="Home", found_with="",
        )  # fmt: skip
    assert not ReturnInterview.objects.exists()


def test_an_episode_prompts_a_risk_review(practitioner, episode, child):
    status = risk.risk_status(actor=practitioner, person=child)
    assert [p.reason for p in status.prompts] == ["missing_episode"]


def test_repeat_missing_follows_the_policy(practitioner, child):
    now = timezone.now()
    for days in (80, 40, 5):
        services.episode_record(
            actor=practitioner, person=child, category="M", started_at=now - dt.timedelta(days=days),
            reported_by="Parent",
        )  # fmt: skip
    assert services.repeat_missing(actor=practitioner) == {child.pk: 3}
    policy = services.current_policy()
    policy.repeat_window_days = 30
    policy.save()
    assert services.repeat_missing(actor=practitioner) == {}


def test_out_of_area_needs_the_placing_authority(practitioner, child):
    with pytest.raises(services.EpisodeInvalid) as caught:
        services.episode_record(
            actor=practitioner, person=child, category="M", started_at=timezone.now(),
            reported_by="Carer", placed_out_of_area=True, placing_authority=" ",
        )  # fmt: skip
    assert "placing_authority" in caught.value.errors


def test_interview_findings_prompt_a_review_and_raise_intelligence(
    practitioner, episode, child, police
):
    found = episode.started_at + dt.timedelta(hours=4)
    interview = services.episode_end(
        actor=practitioner, episode=episode, expected_version=episode.version,
        ended_at=found, where_found="Flat above a takeaway", found_with="Adult of concern",
    )  # fmt: skip
    with pytest.raises(services.EpisodeInvalid) as caught:
        services.interview_record(
            actor=practitioner, interview=interview, expected_version=interview.version,
            outcome="held", offered_at=found + dt.timedelta(hours=20),
        )  # fmt: skip
    assert {"held_on", "interviewer", "independent"} <= set(caught.value.errors)
    services.interview_record(
        actor=practitioner, interview=interview, expected_version=interview.version,
        outcome="held", offered_at=found + dt.timedelta(hours=2), held_at=found + dt.timedelta(hours=3),
        interviewer="Tara Quill", interviewer_agency="Safe Futures", independent=True,
        pull_factors="Promised money and a place to stay by an adult of concern",
        harm="Given alcohol; taken to an unknown address", raise_intelligence=True, prompt_review=True,
    )  # fmt: skip
    interview.refresh_from_db()
    assert interview.completed_at and interview.independent
    assert services.interview_clock(interview).state == ClockState.MET
    reasons = [p.reason for p in risk.risk_status(actor=practitioner, person=child).prompts]
    assert "return_interview" in reasons
    assert services.interviews_with_findings(actor=practitioner, since=found) == [interview]


def test_a_declined_interview_needs_a_reason(practitioner, episode):
    found = episode.started_at + dt.timedelta(hours=4)
    interview = services.episode_end(
        actor=practitioner, episode=episode, expected_version=episode.version,
        ended_at=found, where_found="Home", found_with="",
    )  # fmt: skip
    with pytest.raises(services.EpisodeInvalid) as caught:
        services.interview_record(
            actor=practitioner, interview=interview, expected_version=interview.version,
            outcome="declined", offered_at=found + dt.timedelta(hours=2),
        )  # fmt: skip
    assert "not_held_reason" in caught.value.errors


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (120, 140, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_philomena_profile_is_versioned_and_its_release_is_audited(
    client_for, practitioner, episode, child
):
    services.profile_save(
        actor=practitioner, person=child, expected_version=0, description="Slim, long dark hair",
        associates="", places="Retail park", phones_and_social_media="", health_needs="Asthma inhaler",
        photo=_png(), photo_content_type="image/png",
    )  # fmt: skip
    second = services.profile_save(
        actor=practitioner, person=child, expected_version=1, description="Slim, short dark hair",
        associates="", places="Retail park", phones_and_social_media="", health_needs="Asthma inhaler",
    )  # fmt: skip
    assert second.version == 2 and bytes(second.photo) == _png()
    with pytest.raises(StaleEdit):
        services.profile_save(
            actor=practitioner, person=child, expected_version=1, description="x", associates="",
            places="", phones_and_social_media="", health_needs="",
        )  # fmt: skip
    response = client_for(practitioner).post(f"/missing/episodes/{episode.pk}/philomena.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action="export")
    assert entry.detail["episode"] == episode.pk
    assert entry.detail["profile_version"] == 2


def test_the_episode_form_handles_midnight_and_refuses_an_end_before_the_start(
    client_for, practitioner, child
):
    client = client_for(practitioner)
    yesterday = timezone.localdate() - dt.timedelta(days=2)
    response = client.post(
        f"/missing/people/{child.pk}/episodes/new",
        {
            "category": "M", "started_on-day": yesterday.day, "started_on-month": yesterday.month,
            "started_on-year": yesterday.year, "started_time": "23:50", "reported_by": "Carer",
            "police_risk": "high",
        },
    )  # fmt: skip
    assert response.status_code == 302
    episode_url = response["Location"]
    response = client.post(
        episode_url,
        {
            "form": "end", "version": 1, "ended_on-day": yesterday.day,
            "ended_on-month": yesterday.month, "ended_on-year": yesterday.year,
            "ended_time": "23:10", "where_found": "Park",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "must be after the episode began" in response.content.decode()
    today = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        episode_url,
        {
            "form": "end", "version": 1, "ended_on-day": today.day, "ended_on-month": today.month,
            "ended_on-year": today.year, "ended_time": "00:20", "where_found": "Park",
        },
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(episode_url).content.decode()
    assert "interview due" in page
    assert "30 minutes" in page


def test_police_see_an_episode_reported_to_them_read_only(
    client_for, practitioner, police_officer, child, police
):
    """10.14: an episode the police were told of is shared with the police, for reading."""
    started = timezone.now() - dt.timedelta(hours=5)
    told = services.episode_record(
        actor=practitioner, person=child, category="M", started_at=started,
        reported_by="Foster carer", police_reference="MP-40211", police_risk="medium",
    )  # fmt: skip
    not_told = services.episode_record(
        actor=practitioner, person=child, category="A", started_at=started,
        reported_by="Residential home staff",
    )  # fmt: skip
    assert services.recent_episodes(actor=police_officer) == [told]
    share = RecordShare.objects.get(
        content_type__model="missingepisode", object_id=told.pk, shared_with=police
    )
    assert not getattr(share, "permits_change", False)
    client = client_for(police_officer)
    page = client.get(f"/missing/episodes/{told.pk}")
    assert page.status_code == 200
    assert "MP-40211" in page.content.decode()
    assert "Medium" in page.content.decode()  # the risk level history is shared with it
    assert "End the episode" not in page.content.decode()  # shared to read, not to change
    assert "shared it with your agency to read" in page.content.decode()
    assert client.get(f"/missing/episodes/{not_told.pk}").status_code == 403
    overview = client.get("/missing/").content.decode()
    assert f"/missing/episodes/{told.pk}" in overview
    assert f"/missing/episodes/{not_told.pk}" not in overview
    # Police told later: the police risk level is set, and the police see the episode.
    services.police_risk_change(actor=practitioner, episode=not_told, level="low", note="Told")
    assert set(services.recent_episodes(actor=police_officer)) == {told, not_told}
    assert AuditEntry.objects.filter(action="share", detail__shared_with=police.name).exists()


def _at_midday_today(monkeypatch):
    """Hold the clock at midday, so that "later today" is still today whenever the suite
    runs (half an hour after 23:30 is tomorrow)."""
    midday = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)), LONDON)
    monkeypatch.setattr(timezone, "now", lambda: midday)


def test_an_interview_held_later_today_is_refused_and_nothing_changes(
    client_for, practitioner, episode, monkeypatch
):
    """10.19: events that have happened cannot be dated in the future, even later today."""
    _at_midday_today(monkeypatch)
    found = episode.started_at + dt.timedelta(hours=2)
    interview = services.episode_end(
        actor=practitioner, episode=episode, expected_version=episode.version,
        ended_at=found, where_found="Home", found_with="",
    )  # fmt: skip
    later = timezone.localtime(timezone.now() + dt.timedelta(minutes=30), LONDON)
    offered = timezone.localtime(found + dt.timedelta(hours=1), LONDON)
    response = client_for(practitioner).post(
        f"/missing/interviews/{interview.pk}",
        {
            "outcome": "held", "version": interview.version,
            "offered_on-day": offered.day, "offered_on-month": offered.month,
            "offered_on-year": offered.year, "offered_time": offered.strftime("%H:%M"),
            "held_on-day": later.day, "held_on-month": later.month, "held_on-year": later.year,
            "held_time": later.strftime("%H:%M"), "interviewer": "Tara Quill", "independent": "yes",
        },
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "must be now or in the past" in page
    interview.refresh_from_db()
    assert interview.outcome == "awaiting" and interview.held_at is None
    # The service refuses it too, whoever calls it.
    with pytest.raises(services.EpisodeInvalid) as caught:
        services.interview_record(
            actor=practitioner, interview=interview, expected_version=interview.version,
            outcome="held", offered_at=found + dt.timedelta(hours=1),
            held_at=timezone.now() + dt.timedelta(minutes=30), interviewer="Tara Quill",
            independent=True,
        )  # fmt: skip
    assert "held_on" in caught.value.errors


def test_a_child_found_later_today_is_refused_by_the_form(
    client_for, practitioner, episode, monkeypatch
):
    _at_midday_today(monkeypatch)
    later = timezone.localtime(timezone.now() + dt.timedelta(minutes=30), LONDON)
    response = client_for(practitioner).post(
        f"/missing/episodes/{episode.pk}",
        {
            "form": "end", "version": episode.version, "ended_on-day": later.day,
            "ended_on-month": later.month, "ended_on-year": later.year,
            "ended_time": later.strftime("%H:%M"), "where_found": "Park",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "must be now or in the past" in response.content.decode()
    episode.refresh_from_db()
    assert episode.is_open


def test_findings_passed_to_police_reach_their_intelligence_log_and_my_work(
    client_for, practitioner, police_officer, police, school_lead, episode, child
):
    """10.23: ticking "pass to police" submits the findings to the force's intelligence log
    for grading, and makes a task for the police, carrying what they need, that an officer
    completes once the findings are on police systems."""
    found = episode.started_at + dt.timedelta(hours=4)
    interview = services.episode_end(
        actor=practitioner, episode=episode, expected_version=episode.version,
        ended_at=found, where_found="Flat above a takeaway", found_with="Adult of concern",
    )  # fmt: skip
    page = client_for(practitioner).get(f"/missing/interviews/{interview.pk}").content.decode()
    assert "intelligence log for its officers to grade" in page
    assert "does not keep intelligence" not in page
    offered, held = (timezone.localtime(found + dt.timedelta(hours=h), LONDON) for h in (2, 5))
    response = client_for(practitioner).post(
        f"/missing/interviews/{interview.pk}",
        {
            "outcome": "held", "version": interview.version,
            "offered_on-day": offered.day, "offered_on-month": offered.month,
            "offered_on-year": offered.year, "offered_time": offered.strftime("%H:%M"),
            "held_on-day": held.day, "held_on-month": held.month, "held_on-year": held.year,
            "held_time": held.strftime("%H:%M"), "interviewer": "Tara Quill", "independent": "yes",
            "with_whom": "A man called Dex with a silver car", "harm": "Given cannabis",
            "raise_intelligence": "on",
        },
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "sent to Mereshire Police as intelligence to grade" in page
    [item] = IntelligenceItem.objects.filter(person=child)
    assert item.owning_agency == police and not item.is_graded
    assert "Dex with a silver car" in item.what_seen and "Given cannabis" in item.what_seen
    police = client_for(police_officer)
    assert item.reference in police.get("/intelligence/").content.decode()
    # The interviewer's agency keeps sight of what it submitted, as any submitter does.
    assert client_for(practitioner).get(f"/intelligence/items/{item.pk}").status_code == 200
    work = police.get("/my-work").content.decode()
    assert "Return interview findings to record as intelligence" in work
    assert "Rosie Hargreaves" in work
    assert "record as intelligence" not in client_for(school_lead).get("/my-work").content.decode()
    task_url = f"/missing/police-findings/{interview.police_tasks.get().pk}"
    task_page = police.get(task_url).content.decode()
    for needed in ("Rosie Hargreaves", "Dex with a silver car", "Given cannabis", "Tara Quill"):
        assert needed in task_page
    assert client_for(school_lead).get(task_url).status_code == 403
    response = police.post(task_url, {"version": 1, "intelligence_reference": "INT-2231"})
    assert response.status_code == 302
    assert "record as intelligence" not in police.get("/my-work").content.decode()
    episode_page = client_for(practitioner).get(f"/missing/episodes/{episode.pk}").content
    assert "recorded by police" in episode_page.decode() and b"INT-2231" in episode_page
    # The council cannot mark the police's task done for them.
    refused = client_for(practitioner).post(task_url, {"version": 2})
    assert refused.status_code in (302, 403)
    assert interview.police_tasks.get().done_by == police_officer


def _pdf_text(content: bytes) -> str:
    """The text drawn in a PDF's pages (ReportLab compresses each page's stream)."""
    import base64
    import re
    import zlib

    drawn = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            drawn.append(zlib.decompress(base64.a85decode(stream.strip(), adobe=True)))
        except (ValueError, zlib.error):
            try:
                drawn.append(zlib.decompress(stream))
            except zlib.error:
                continue
    return b" ".join(drawn).decode("latin-1")


def test_the_philomena_pdf_carries_address_carer_school_history_and_photo(
    client_for, practitioner, episode, child
):
    """10.27: what police need to find the child is on the one page."""
    from triangulate.register.models import PersonAddress

    PersonAddress.objects.create(
        owning_agency=child.owning_agency, person=child, line_1="14 Canal Row",
        town="Kingsmere", postcode="KM4 2QT", from_date=dt.date(2024, 3, 1),
    )  # fmt: skip
    earlier = services.episode_record(
        actor=practitioner, person=child, category="M",
        started_at=timezone.now() - dt.timedelta(days=30), reported_by="Parent",
        police_reference="MP-11873",
    )  # fmt: skip
    services.episode_end(
        actor=practitioner, episode=earlier, expected_version=earlier.version,
        ended_at=earlier.started_at + dt.timedelta(hours=9), where_found="Retail park car park",
        found_with="",
    )  # fmt: skip
    response = client_for(practitioner).post(
        f"/missing/people/{child.pk}/profile",
        {
            "version": 0, "description": "Slim, long dark hair",
            "carer_contact": "Maria Hargreaves (mother) 07700 900123",
            "school": "Ashby Vale High School, year 9",
            "photo": _upload(),
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    pdf = client_for(practitioner).post(f"/missing/episodes/{episode.pk}/philomena.pdf")
    assert pdf.status_code == 200
    text = _pdf_text(pdf.content)
    for needed in (
        "14 Canal Row", "KM4 2QT", "Maria Hargreaves", "07700 900123",
        "Ashby Vale High School", "Retail park car park", "MP-11873", "Missing history",
    ):  # fmt: skip
        assert needed in text, needed
    assert b"/Subtype /Image" in pdf.content


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("photo.png", _png(), content_type="image/png")
