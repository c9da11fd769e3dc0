"""A pair whose two records are held by agencies that may not see each other's records is
decided by the two record owners together: each sees its own record and only the match
weight of the other, gives its agency's view, and agreeing views decide the pair."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.factories import PersonFactory
from tests.linkage.test_review_access import pending_pair, register_record
from triangulate.core.models import AuditAction, AuditEntry, RecordShare
from triangulate.core.roles import Role
from triangulate.linkage.models import AgencyView, MergeEvent, PairStatus, ReviewDecision
from triangulate.register.models import Person

NHS_NUMBER = "9434765919"


@pytest.fixture
def health_reviewer(make_user, health):
    return make_user(health, Role.TEAM_MANAGER, username="health-manager")


@pytest.fixture
def spanning_pair(police, health):
    """The police know Niamh Murphy; Community Health hold Niamh Murpphy."""
    ours = PersonFactory(owning_agency=police, given_name="Niamh", family_name="Murphy")
    theirs = PersonFactory(
        owning_agency=health,
        given_name="Niamh",
        family_name="Murpphy",
        date_of_birth=ours.date_of_birth,
    )
    left = register_record(ours)
    right = register_record(theirs, nhs_number=NHS_NUMBER, postcode="KM9 1AA")
    return pending_pair(left, right), ours, theirs


def give_view(client, pair, view, note="", version=None):
    pair.refresh_from_db()
    return client.post(
        reverse("linkage:pair", args=[pair.pk]),
        {"view": view, "note": note, "version": pair.version if version is None else version},
    )


def test_a_police_reviewer_sees_only_their_record_and_the_match_weight(
    client_for, police_analyst, spanning_pair
):
    pair, ours, theirs = spanning_pair
    client = client_for(police_analyst)
    queue = client.get(reverse("linkage:review")).content.decode()
    assert "Pairs that need your agency&#39;s view" in queue
    assert "Niamh Murphy" in queue and "Kingsmere Community Health" in queue
    assert "Murpphy" not in queue and NHS_NUMBER not in queue

    page = client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "Murphy" in page and "How the match weight adds up" in page
    assert "Save your agency&#39;s view" in page
    for secret in ("Murpphy", NHS_NUMBER, "943 476 5919", "KM9 1AA", str(theirs.date_of_birth)):
        assert secret not in page
    viewed = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="linkage.sourcerecord")
    assert [int(e.object_id) for e in viewed] == [pair.left_id]


def test_two_agreeing_views_decide_the_pair_and_name_both_reviewers(
    client_for, police_analyst, health_reviewer, spanning_pair
):
    pair, ours, theirs = spanning_pair
    police_client, health_client = client_for(police_analyst), client_for(health_reviewer)
    first = give_view(police_client, pair, PairStatus.ACCEPTED, "Same date of birth and school")
    assert first.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING
    health_page = health_client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "Mereshire Police has given its view" in health_page
    # The police note may describe the police record: the health reviewer never sees it.
    assert "Same date of birth and school" not in health_page and "Murphy" not in health_page

    second = give_view(health_client, pair, PairStatus.ACCEPTED, "Matches our record")
    assert second.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACCEPTED
    merged = MergeEvent.objects.get(pair=pair)
    assert {merged.surviving_id, merged.merged_id} == {ours.pk, theirs.pk}
    assert Person.objects.get(pk=max(ours.pk, theirs.pk)).merged_into_id == min(ours.pk, theirs.pk)
    decision = ReviewDecision.objects.get(pair=pair)
    assert decision.decision == PairStatus.ACCEPTED
    assert {decision.decided_by, decision.agreed_with} == {police_analyst, health_reviewer}
    # It leaves the waiting queue and is listed with the pairs decided with another agency.
    assert "Niamh Murphy" not in police_client.get(reverse("linkage:review")).content.decode()
    decided = police_client.get(reverse("linkage:review") + "?status=accepted").content.decode()
    assert "Pairs your agency decided with another agency" in decided
    assert "Niamh Murphy" in decided and "Murpphy" not in decided


def test_two_views_of_different_people_decide_the_pair_without_a_merge(
    client_for, police_analyst, health_reviewer, spanning_pair
):
    pair, _, _ = spanning_pair
    give_view(client_for(police_analyst), pair, PairStatus.REJECTED)
    give_view(client_for(health_reviewer), pair, PairStatus.REJECTED)
    pair.refresh_from_db()
    assert pair.status == PairStatus.REJECTED
    assert not MergeEvent.objects.exists()


def test_a_disagreement_leaves_the_pair_waiting_and_each_side_is_told(
    client_for, police_analyst, health_reviewer, spanning_pair
):
    pair, ours, theirs = spanning_pair
    police_client, health_client = client_for(police_analyst), client_for(health_reviewer)
    give_view(police_client, pair, PairStatus.ACCEPTED, "Our record has the same mother")
    give_view(health_client, pair, PairStatus.REJECTED, "Ours has a different NHS history")
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING
    assert not MergeEvent.objects.exists() and not ReviewDecision.objects.exists()

    police_page = police_client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "Kingsmere Community Health sees it differently" in police_page
    assert "different NHS history" not in police_page
    health_page = health_client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "Mereshire Police sees it differently" in health_page
    assert "same mother" not in health_page
    queue = police_client.get(reverse("linkage:review")).content.decode()
    assert "The agencies disagree" in queue


def test_not_sure_leaves_the_pair_waiting(
    client_for, police_analyst, health_reviewer, spanning_pair
):
    pair, _, _ = spanning_pair
    give_view(client_for(police_analyst), pair, PairStatus.NOT_SURE, "Only a first name")
    give_view(client_for(health_reviewer), pair, PairStatus.NOT_SURE, "Cannot tell")
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING


def test_a_view_given_on_a_stale_page_is_refused(
    client_for, police_analyst, health_reviewer, spanning_pair
):
    pair, _, _ = spanning_pair
    opened_at = pair.version
    give_view(client_for(health_reviewer), pair, PairStatus.REJECTED)
    stale = give_view(client_for(police_analyst), pair, PairStatus.REJECTED, version=opened_at)
    assert stale.status_code == 400
    assert "Someone else saved this record after you opened it" in stale.content.decode()
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING
    assert list(AgencyView.objects.values_list("agency__name", flat=True)) == [
        "Kingsmere Community Health"
    ]


def test_an_agency_that_holds_neither_record_cannot_give_a_view(
    client_for, team_manager, practitioner, police_analyst, spanning_pair
):
    pair, ours, _ = spanning_pair
    # The council may see the police record through a share, yet holds neither record.
    RecordShare.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=ours.pk,
        shared_with=team_manager.agency,
        shared_by=police_analyst,
        lawful_basis="UK GDPR 6(1)(e)",
        purpose="strategy discussion",
    )
    client = client_for(team_manager)
    page = client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "Save your agency&#39;s view" not in page and "Save decision" not in page
    assert (
        "Pairs that need your agency" not in client.get(reverse("linkage:review")).content.decode()
    )

    refused = client.post(
        reverse("linkage:pair", args=[pair.pk]),
        {"view": PairStatus.ACCEPTED, "note": "", "version": pair.version},
    )
    assert refused.status_code == 403
    assert not AgencyView.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, object_type="linkage.matchpair", object_id=str(pair.pk)
    ).exists()


def test_pairs_that_go_to_their_owners_are_no_longer_counted_as_withheld(
    client_for, police_analyst, health, spanning_pair
):
    pair, _, _ = spanning_pair
    # Two Health records: the police hold neither, so this pair stays withheld from them.
    pending_pair(
        register_record(PersonFactory(owning_agency=health, family_name="Kowalski")),
        register_record(PersonFactory(owning_agency=health, family_name="Kowalsky")),
    )
    queue = client_for(police_analyst).get(reverse("linkage:review")).content.decode()
    assert "1 pair involves records your agency may not see" in queue
    assert "Kowalsk" not in queue


def test_a_record_shared_to_read_does_not_stop_its_holders_deciding_together(
    client_for, police_analyst, health_reviewer, spanning_pair
):
    """The police may read the health record through a share but not change it: they still
    give their view, and agreeing views decide the pair."""
    pair, ours, theirs = spanning_pair
    RecordShare.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=theirs.pk,
        shared_with=police_analyst.agency,
        shared_by=health_reviewer,
        lawful_basis="UK GDPR 6(1)(e)",
        purpose="strategy discussion",
    )
    police_client = client_for(police_analyst)
    page = police_client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "Murpphy" in page and "Save your agency&#39;s view" in page
    assert "Save decision" not in page
    give_view(police_client, pair, PairStatus.REJECTED)
    give_view(client_for(health_reviewer), pair, PairStatus.REJECTED)
    pair.refresh_from_db()
    assert pair.status == PairStatus.REJECTED
