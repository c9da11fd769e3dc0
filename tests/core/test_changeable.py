"""A share opens a record for reading only unless it says otherwise: every write checks who
owns what it changes (core.access.changeable)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils import timezone

from triangulate.core import access
from triangulate.core.models import AuditAction, AuditEntry, RecordShare
from triangulate.missing import services as missing
from triangulate.missing.models import MissingEpisode, PoliceRiskChange, ReturnInterview
from triangulate.register.models import Person


def share(record, agency, by, **kwargs):
    return RecordShare.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        shared_with=agency,
        shared_by=by,
        lawful_basis="UK GDPR 6(1)(e); DPA 2018 Sch 1 para 18",
        purpose="joint work",
        **kwargs,
    )


def test_a_read_share_opens_a_record_to_see_but_not_to_change(practitioner, police_officer, child):
    live = share(child, police_officer.agency, practitioner)
    assert list(access.visible(police_officer, Person)) == [child]
    assert list(access.changeable(police_officer, Person)) == []
    assert list(access.changeable(practitioner, Person)) == [child]
    with pytest.raises(access.AccessDenied) as refused:
        access.get_changeable_or_403(police_officer, Person, child.pk, purpose="change record")
    assert refused.value.record == ("register.person", child.pk)
    with pytest.raises(Http404):
        access.get_changeable_or_403(police_officer, Person, 999999)
    live.permits_change = True
    live.save()
    assert access.get_changeable_or_403(police_officer, Person, child.pk) == child
    live.expires_at = timezone.now() - dt.timedelta(minutes=1)
    live.save()
    assert not access.changeable(police_officer, Person).exists()


@pytest.fixture
def police_episode(practitioner, police_officer, child):
    """A missing episode the police recorded about a council child: the council reads it."""
    share(child, police_officer.agency, practitioner)
    return missing.episode_record(
        actor=police_officer, person=child, category="M",
        started_at=timezone.now() - dt.timedelta(hours=5), reported_by="Carer",
        police_reference="MP/1", police_risk="high",
    )  # fmt: skip


def test_a_partner_with_a_read_share_cannot_change_or_end_a_police_missing_episode(
    client_for, practitioner, police_episode
):
    client = client_for(practitioner)
    url = f"/missing/episodes/{police_episode.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"form": "risk", "level": "low", "note": "not police"})
    assert response.status_code == 403
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "form": "end", "version": police_episode.version, "ended_on-day": today.day,
            "ended_on-month": today.month, "ended_on-year": today.year,
            "ended_time": timezone.localtime().strftime("%H:%M"), "where_found": "Park",
        },
    )  # fmt: skip
    assert response.status_code == 403
    police_episode.refresh_from_db()
    assert police_episode.police_risk == "high" and police_episode.is_open
    assert PoliceRiskChange.objects.filter(episode=police_episode).count() == 1
    assert not ReturnInterview.objects.exists()
    denied = AuditEntry.objects.filter(action=AuditAction.DENIED).order_by("sequence")
    assert [(e.object_id, e.purpose) for e in denied] == [
        (str(police_episode.pk), "change police risk level"),
        (str(police_episode.pk), "record that a missing child was found"),
    ]


def test_the_owning_police_end_the_episode_and_the_childs_team_records_the_interview(
    practitioner, police_officer, police_episode
):
    interview = missing.episode_end(
        actor=police_officer, episode=police_episode, expected_version=police_episode.version,
        ended_at=timezone.now() - dt.timedelta(hours=1), where_found="Park", found_with="",
    )  # fmt: skip
    assert interview.owning_agency == police_officer.agency
    missing.interview_record(
        actor=practitioner, interview=interview, expected_version=interview.version,
        outcome="declined", offered_at=timezone.now(), not_held_reason="Did not want to talk",
    )  # fmt: skip
    assert MissingEpisode.objects.get().ended_at is not None
