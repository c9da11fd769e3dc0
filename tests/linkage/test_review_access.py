"""The review queue keeps to the share rules: a reviewer sees only the records their agency
may see, and decides or merges only records their agency may see and change."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.factories import PersonFactory
from triangulate.core.models import AuditAction, AuditEntry, RecordShare
from triangulate.linkage.models import (
    REGISTER_SOURCE,
    LinkageRun,
    MatchPair,
    MergeEvent,
    PairStatus,
    RunStatus,
    SourceRecord,
)
from triangulate.register.models import Person


def register_record(person, **fields):
    return SourceRecord.objects.create(
        owning_agency=person.owning_agency,
        source_name=REGISTER_SOURCE,
        record_id=str(person.pk),
        first_name=person.given_name,
        last_name=person.family_name,
        date_of_birth=person.date_of_birth,
        person=person,
        **fields,
    )


def pending_pair(left, right):
    run = LinkageRun.objects.create(status=RunStatus.FINISHED)
    return MatchPair.objects.create(
        run=run,
        left=left,
        right=right,
        match_probability=0.8,
        match_weight=2.0,
        reason="uncertain match",
        contributions=[{"comparison": "last_name", "level": "Exact match", "weight": 7.5}],
    )


@pytest.fixture
def health_pair(health):
    """Two Health register entries for one girl, waiting for review."""
    first = PersonFactory(owning_agency=health, given_name="Danielle", family_name="Kowalski")
    second = PersonFactory(
        owning_agency=health,
        given_name="Dani",
        family_name="Kowalski",
        date_of_birth=first.date_of_birth,
    )
    left = register_record(first, nhs_number="9434765919", postcode="KM4 7QT")
    right = register_record(second)
    return pending_pair(left, right), first, second


def test_a_reviewer_does_not_see_another_agencys_pair_and_cannot_decide_it(
    client_for, police_analyst, health_pair
):
    pair, first, second = health_pair
    client = client_for(police_analyst)
    queue = client.get(reverse("linkage:review")).content.decode()
    assert "Kowalski" not in queue
    assert "1 pair involves records your agency may not see" in queue

    page = client.get(reverse("linkage:pair", args=[pair.pk]))
    assert page.status_code == 403
    assert "Kowalski" not in page.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()
    assert AuditEntry.objects.filter(action=AuditAction.DENIED).exists()

    decided = client.post(
        reverse("linkage:pair", args=[pair.pk]), {"decision": "accepted", "note": "same"}
    )
    assert decided.status_code == 403
    pair.refresh_from_db()
    second.refresh_from_db()
    assert pair.status == PairStatus.PENDING and second.merged_into is None
    assert not MergeEvent.objects.exists()


def test_a_pair_spanning_agencies_shows_only_which_agency_holds_the_other_record(
    client_for, police_analyst, police, council
):
    ours = PersonFactory(owning_agency=police, given_name="Niamh", family_name="Murphy")
    theirs = PersonFactory(
        owning_agency=council,
        given_name="Niamh",
        family_name="Murpphy",
        date_of_birth=ours.date_of_birth,
    )
    pair = pending_pair(register_record(ours), register_record(theirs, postcode="KM9 1AA"))
    client = client_for(police_analyst)
    queue = client.get(reverse("linkage:review")).content.decode()
    # Listed as needing the police's view, by the police record only.
    assert "Murpphy" not in queue and "Niamh Murphy" in queue

    response = client.get(reverse("linkage:pair", args=[pair.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Murphy" in page
    assert "Murpphy" not in page and "KM9 1AA" not in page
    assert "A record held by Kingsmere Children&#39;s Services" in page
    assert "Save decision" not in page
    viewed = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="linkage.sourcerecord")
    assert [int(e.object_id) for e in viewed] == [pair.left_id]

    refused = client.post(
        reverse("linkage:pair", args=[pair.pk]), {"decision": "accepted", "note": "same"}
    )
    assert refused.status_code == 403
    assert Person.objects.get(pk=theirs.pk).merged_into is None


def test_a_read_share_shows_both_records_but_deciding_needs_the_right_to_change_them(
    client_for, team_manager, practitioner, health_pair
):
    pair, first, second = health_pair
    for person in (first, second):
        RecordShare.objects.create(
            content_type=ContentType.objects.get_for_model(Person),
            object_id=person.pk,
            shared_with=team_manager.agency,
            shared_by=practitioner,
            lawful_basis="UK GDPR 6(1)(e)",
            purpose="strategy discussion",
        )
    client = client_for(team_manager)
    assert "Danielle Kowalski and Dani Kowalski" in (
        client.get(reverse("linkage:review")).content.decode()
    )
    page = client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "How the match weight adds up" in page
    assert "Save decision" not in page and "cannot decide this pair" in page
    refused = client.post(
        reverse("linkage:pair", args=[pair.pk]), {"decision": "accepted", "note": "same"}
    )
    assert refused.status_code == 403
    assert Person.objects.get(pk=second.pk).merged_into is None

    merge = client.post(
        reverse("linkage:person_merge_confirm", args=[first.pk, second.pk]),
        {"reason": "Same girl"},
    )
    assert merge.status_code == 400
    assert "see and change" in merge.content.decode()
    assert Person.objects.get(pk=second.pk).merged_into is None


def test_a_share_that_permits_change_lets_the_reviewer_decide_and_merge(
    client_for, team_manager, practitioner, health_pair
):
    pair, first, second = health_pair
    for person in (first, second):
        RecordShare.objects.create(
            content_type=ContentType.objects.get_for_model(Person),
            object_id=person.pk,
            shared_with=team_manager.agency,
            shared_by=practitioner,
            lawful_basis="UK GDPR 6(1)(e)",
            purpose="joint decision on duplicate entries",
            permits_change=True,
        )
    client = client_for(team_manager)
    assert "Save decision" in client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    client.post(
        reverse("linkage:pair", args=[pair.pk]), {"decision": "accepted", "note": "Same NHS no."}
    )
    assert Person.objects.get(pk=second.pk).merged_into_id == first.pk


def test_an_entry_held_through_a_read_share_offers_no_merge(
    client_for, team_manager, practitioner, health
):
    girl = PersonFactory(owning_agency=health, given_name="Danielle", family_name="Kowalski")
    RecordShare.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=girl.pk,
        shared_with=team_manager.agency,
        shared_by=practitioner,
        lawful_basis="UK GDPR 6(1)(e)",
        purpose="strategy discussion",
    )
    page = client_for(team_manager).get(reverse("register:person", args=[girl.pk]))
    assert page.status_code == 200 and "Kowalski" in page.content.decode()
    assert "Merge a duplicate entry into this one" not in page.content.decode()


def test_the_queue_records_the_pairs_it_showed_and_their_children_in_one_entry(
    client_for, make_user, health, health_pair
):
    from triangulate.core.roles import Role

    pair, first, second = health_pair
    reviewer = make_user(health, Role.TEAM_MANAGER, username="health.reviewer")
    before = AuditEntry.objects.count()
    page = client_for(reviewer).get(reverse("linkage:review"))
    assert "Kowalski" in page.content.decode()
    entries = list(AuditEntry.objects.filter(sequence__gt=before))
    assert [e.purpose for e in entries] == ["open the match review queue"]
    assert entries[0].detail["pairs"] == [pair.pk]
    assert len(entries[0].detail["records"]["linkage.sourcerecord"]) == 2
    assert sorted(entries[0].detail["people"]) == sorted([str(first.pk), str(second.pk)])


def test_a_reviewer_learns_only_which_agency_holds_a_linked_record_it_may_not_open(
    client_for, team_manager, practitioner, health
):
    girl = PersonFactory(
        owning_agency=practitioner.agency, given_name="Danielle", family_name="Kowalski"
    )
    for agency, source, record_id in (
        (practitioner.agency, "education", "EDU-1"),
        (health, "health", "NHS-7"),
    ):
        SourceRecord.objects.create(
            owning_agency=agency, source_name=source, record_id=record_id, person=girl,
            first_name="Danielle", last_name="Kowalski",
        )  # fmt: skip
    url = reverse("register:person", args=[girl.pk])
    reviewer = client_for(team_manager).get(url).content.decode()
    assert "EDU-1" in reviewer and "NHS-7" not in reviewer
    assert f"Also linked: records held by {health.name}" in reviewer
    worker = client_for(practitioner).get(url).content.decode()
    assert "EDU-1" in worker and "Also linked" not in worker
