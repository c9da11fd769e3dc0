"""Peer groups and contexts: members (children and young adults from the register) and the
places they use, a contextual assessment (latest shown), shared like other intelligence
records, in the network only for those who may see the group, and on the MACE agenda when a
review falls due or a member is newly at high risk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.core import records
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.core.records import LawfulBasis
from triangulate.intelligence import network, services
from triangulate.meetings import services as meetings
from triangulate.meetings.services.candidates import subject_candidates
from triangulate.register.models import PersonKind
from triangulate.risk import services as risk

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _date(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


@pytest.fixture
def friends(police_officer, police):
    """A police force's peer group: friends who go missing together, using a park."""
    group = services.group_create(
        actor=police_officer, name="Friends who go missing together", kind="peer",
        summary="Three friends reported missing together four times since the summer.",
    )  # fmt: skip
    park = services.place_create(actor=police_officer, name="Mereside Park", kind="park")
    return group, park


@pytest.fixture
def rosie(police):
    return PersonFactory(
        owning_agency=police, given_name="Rosie", family_name="Hargreaves",
        kind=PersonKind.CHILD, date_of_birth=TODAY.replace(year=TODAY.year - 14, day=1),
    )  # fmt: skip


def _post(client, group, form, **data):
    return client.post(reverse("intelligence:group", args=[group.pk]), {"form": form, **data})


def test_members_join_and_leave_from_the_group_page_audited_and_stale_edits_refused(
    client_for, police_officer, police, friends, rosie
):
    group, park = friends
    client = client_for(police_officer)
    joined = TODAY - dt.timedelta(days=90)
    added = _post(client, group, "member", person=rosie.pk, role="Often the first to go",
                  version=1, **_date("from_on", joined))  # fmt: skip
    assert added.status_code == 302, added.content.decode()[:2000]
    page = client.get(reverse("intelligence:group", args=[group.pk])).content.decode()
    assert "Rosie Hargreaves" in page and "Often the first to go" in page
    # A form opened before the member was added is refused, and nothing is saved.
    stale = _post(client, group, "place", place=park.pk, version=1)
    assert stale.status_code == 400 and "Someone else saved this record" in stale.content.decode()
    assert not group.places.exists()
    assert _post(client, group, "place", place=park.pk, version=2).status_code == 302
    assert (
        "Mereside Park"
        in client.get(reverse("intelligence:group", args=[group.pk])).content.decode()
    )

    # An adult of 30 is not a young adult; someone already a member is not added twice.
    adult = PersonFactory(owning_agency=police, kind=PersonKind.ADULT,
                          date_of_birth=TODAY.replace(year=TODAY.year - 30, day=1))  # fmt: skip
    refused = _post(client, group, "member", person=adult.pk, version=3, **_date("from_on", joined))
    assert "Only children and young adults under 25 can be members" in refused.content.decode()
    again = _post(client, group, "member", person=rosie.pk, version=3, **_date("from_on", joined))
    assert "They are already a member of this group" in again.content.decode()
    left_before = _post(client, group, "member", person=PersonFactory(owning_agency=police).pk,
                        version=3, **_date("from_on", joined),
                        **_date("to_on", joined - dt.timedelta(days=1)))  # fmt: skip
    assert "The date they left must be on or after the date they joined" in (
        left_before.content.decode()
    )
    assert group.members.count() == 1

    member = group.members.get()
    removed = _post(client, group, "remove", member=member.pk, version=3)
    assert removed.status_code == 302
    member.refresh_from_db()
    assert member.removed_at is not None and member.removed_by == police_officer
    assert (
        "No members recorded"
        in client.get(reverse("intelligence:group", args=[group.pk])).content.decode()
    )
    purposes = set(
        AuditEntry.objects.filter(object_type="intelligence.groupmember", object_id=str(member.pk))
        .values_list("action", "purpose")
    )  # fmt: skip
    assert purposes == {
        (AuditAction.CREATE, "add a member to a group"),
        (AuditAction.CHANGE, "remove a member from a group"),
    }


def test_the_latest_contextual_assessment_is_shown_and_its_rules_hold(
    client_for, police_officer, police, council, friends
):
    group, _park = friends
    client = client_for(police_officer)

    def assess(version, on, review, unsafe):
        return _post(
            client, group, "assess", version=version, unsafe=unsafe,
            actions="Youth outreach at the park from 3pm; a park guardian; lighting by the gate",
            owner_agency=council.pk, owner_name="Sam Okafor, youth outreach lead",
            **_date("assessed_on", on), **_date("review_on", review),
        )  # fmt: skip

    wrong = assess(1, TODAY - dt.timedelta(days=5), TODAY - dt.timedelta(days=6), "Adults wait")
    assert "The review must be after the assessment" in wrong.content.decode()
    first = assess(1, TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=30),
                   "Older men meet the children at the bandstand after school")  # fmt: skip
    assert first.status_code == 302
    second = assess(2, TODAY - dt.timedelta(days=2), TODAY + dt.timedelta(days=40),
                    "Children are driven from the park gate to a flat in the evening")  # fmt: skip
    assert second.status_code == 302
    assert assess(2, TODAY, TODAY + dt.timedelta(days=9), "Stale").status_code == 400
    page = client.get(reverse("intelligence:group", args=[group.pk])).content.decode()
    latest = page.split("Contextual assessment</h2>")[1].split("Earlier assessments")[0]
    assert "driven from the park gate" in latest
    assert "bandstand" not in latest
    assert "Sam Okafor, youth outreach lead (Kingsmere Children" in latest
    assert "Earlier assessments" in page
    assert group.assessments.count() == 2


def test_a_partner_sees_a_group_only_once_shared_and_children_as_adr_0009_allows(
    client_for, police_officer, practitioner, council, make_user, health, friends, rosie
):
    from triangulate.core.roles import Role

    group, _park = friends
    services.member_add(actor=police_officer, group=group, expected_version=1, person=rosie.pk,
                        from_on=TODAY - dt.timedelta(days=30))  # fmt: skip
    url = reverse("intelligence:group", args=[group.pk])
    council_client = client_for(practitioner)
    assert council_client.get(url).status_code == 403
    assert group.name not in council_client.get(reverse("intelligence:groups")).content.decode()
    assert AuditEntry.objects.filter(
        actor=practitioner, action=AuditAction.DENIED, object_id=str(group.pk)
    ).exists()

    police_client = client_for(police_officer)
    shared = _post(police_client, group, "share", agency=council.pk,
                   purpose="The council leads the contextual safety plan")  # fmt: skip
    assert shared.status_code == 302
    page = council_client.get(url).content.decode()
    # Rosie's record is held by police: the council reads her name and age, with no link.
    assert "Rosie Hargreaves (age 14)" in page
    assert reverse("register:person", args=[rosie.pk]) not in page
    assert 'name="form"' not in page  # a partner reads the group; only police change it
    assert AuditEntry.objects.filter(
        actor=practitioner, action=AuditAction.VIEW, object_id=str(group.pk)
    ).exists()
    refused = _post(council_client, group, "assess", version=2, unsafe="x")
    assert refused.status_code == 200 and group.assessments.count() == 0
    # Health is not an agency that holds groups: no page for them, shared or not.
    nurse = make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse")
    assert client_for(nurse).get(reverse("intelligence:groups")).status_code == 403


def test_a_group_is_in_the_network_only_for_those_who_may_see_it(
    police_officer, practitioner, council, friends, rosie
):
    group, park = friends
    services.member_add(actor=police_officer, group=group, expected_version=1, person=rosie.pk,
                        from_on=TODAY - dt.timedelta(days=30))  # fmt: skip
    services.group_place_add(actor=police_officer, group=group, expected_version=2, place=park.pk)
    node = f"group:{group.pk}"
    graph = network.build(police_officer, focus=node)
    assert graph.nodes[node].label == "Friends who go missing together"
    assert sorted(graph.edges) == sorted(
        [tuple(sorted((node, f"person:{rosie.pk}"))), tuple(sorted((node, f"place:{park.pk}")))]
    )
    assert node not in network.build(practitioner).nodes
    assert node not in network.build(practitioner, focus=f"person:{rosie.pk}").nodes
    services.group_share(actor=police_officer, group=group, agency=council, purpose="Safety plan")
    seen = network.build(practitioner, focus=node)
    # The council sees the group and its member; the park, never shared with it, is no node.
    assert set(seen.nodes) == {node, f"person:{rosie.pk}"}


def _assess_high(user, person):
    assessment = risk.assessment_start(actor=user, person=person)
    risk.assessment_save(
        actor=user, assessment=assessment, expected_version=assessment.version, answers={},
        judged_level="high", rationale="Judged on the whole picture",
        review_due=TODAY + dt.timedelta(days=20), finalise=True,
    )  # fmt: skip


def test_a_group_due_for_review_or_with_a_member_newly_at_high_risk_is_a_mace_candidate(
    police_officer, practitioner, team_manager, council, friends
):
    group, _park = friends
    services.group_share(actor=police_officer, group=group, agency=council, purpose="MACE")
    services.context_assess(
        actor=police_officer, group=group, expected_version=1,
        assessed_on=TODAY - dt.timedelta(days=40), unsafe="Adults wait at the park gate",
        actions="Outreach after school", owner_agency=council, owner_name="Sam Okafor",
        review_on=TODAY + dt.timedelta(days=1),
    )  # fmt: skip
    held_at = timezone.now() + dt.timedelta(days=1)
    label = "Friends who go missing together (peer group)"
    review = (
        f"Review of the contextual assessment is due on "
        f"{TODAY + dt.timedelta(days=1):%-d %B %Y} "
        "(action owned by Sam Okafor, Kingsmere Children's Services)"
    )
    candidates = {
        s.label: [r.text for r in s.reasons]
        for s in subject_candidates(actor=practitioner, kind="mace", held_at=held_at)
    }
    assert candidates == {label: [review]}
    # A meeting the day before the review is not offered it.
    earlier = subject_candidates(actor=practitioner, kind="mace", held_at=timezone.now())
    assert label not in {s.label for s in earlier}

    ava = PersonFactory(owning_agency=council, given_name="Ava", family_name="Hollis")
    records.share(practitioner, ava, police_officer.agency, basis=LawfulBasis.SAFEGUARDING,
                  purpose="Police hold the group she is in")  # fmt: skip
    services.member_add(actor=police_officer, group=group, expected_version=2, person=ava.pk,
                        from_on=TODAY - dt.timedelta(days=30))  # fmt: skip
    _assess_high(practitioner, ava)
    [subject] = subject_candidates(actor=practitioner, kind="mace", held_at=held_at)
    assert [r.text for r in subject.reasons] == [
        review,
        f"A member was assessed at high risk on {TODAY:%-d %B %Y}",
    ]
    # Police do not see the council's risk assessment, so for them only the review is due.
    [for_police] = subject_candidates(actor=police_officer, kind="mace", held_at=held_at)
    assert [r.text for r in for_police.reasons] == [review]
    # The panel's agenda names the group, and shares members' risk only with those who see it.
    panel = meetings.meeting_create(actor=team_manager, kind="mace", title="MACE",
                                    held_at=held_at)  # fmt: skip
    items = meetings.agenda(actor=team_manager, meeting=panel)
    shown = meetings.items_shown(actor=police_officer, items=items)
    group_items = [s for s in shown.values() if s.kind == "peer group or context"]
    assert [s.reasons for s in group_items] == [[review, "A member's risk has changed"]]


def test_a_member_who_left_before_the_panel_does_not_bring_the_group_to_it(
    police_officer, practitioner, council, friends
):
    group, _park = friends
    services.group_share(actor=police_officer, group=group, agency=council, purpose="MACE")
    ava = PersonFactory(owning_agency=council, given_name="Ava", family_name="Hollis")
    records.share(practitioner, ava, police_officer.agency, basis=LawfulBasis.SAFEGUARDING,
                  purpose="Police hold the group she was in")  # fmt: skip
    services.member_add(actor=police_officer, group=group, expected_version=1, person=ava.pk,
                        from_on=TODAY - dt.timedelta(days=60),
                        to_on=TODAY - dt.timedelta(days=1))  # fmt: skip
    _assess_high(practitioner, ava)
    held_at = timezone.now() + dt.timedelta(days=1)
    assert subject_candidates(actor=practitioner, kind="mace", held_at=held_at) == []


def test_intelligence_linked_to_a_group_shows_on_its_page_in_the_network_and_at_mace(
    client_for, police_officer, friends, submitted
):
    group, _park = friends
    item = submitted(who="Three friends from the group and an adult who drives them")
    services.item_grade(actor=police_officer, item=item, expected_version=1,
                        source_evaluation="2", assessment="B", handling_code="P")  # fmt: skip
    with pytest.raises(services.Invalid) as unknown:
        services.item_link(actor=police_officer, item=item, kind="group", value="999999")
    assert unknown.value.errors == {"value": "Select the peer group or context to link"}
    services.item_link(actor=police_officer, item=item, kind="group", value=str(group.pk))
    page = client_for(police_officer).get(reverse("intelligence:group", args=[group.pk]))
    assert item.reference in page.content.decode()
    graph = network.build(police_officer, focus=f"group:{group.pk}")
    assert tuple(sorted((f"group:{group.pk}", f"item:{item.pk}"))) in graph.edges
    held_at = timezone.now() + dt.timedelta(days=1)
    candidates = {
        s.label: [r.text for r in s.reasons]
        for s in subject_candidates(actor=police_officer, kind="mace", held_at=held_at)
    }
    assert candidates["Friends who go missing together (peer group)"] == [
        f"New intelligence {item.reference} (graded 2/B/P) linked since the last panel"
    ]


def test_the_groups_agency_changes_its_name_kind_and_summary_and_a_stale_change_is_refused(
    client_for, police_officer, practitioner, council, friends
):
    group, _park = friends
    client = client_for(police_officer)
    empty = _post(client, group, "edit", version=1, name=" ", kind="peer")
    assert empty.status_code == 400 and "Enter name" in empty.content.decode()
    changed = _post(client, group, "edit", version=1, name="Friends at the Golden Fry",
                    kind="context", summary="They meet at the takeaway after school.")  # fmt: skip
    assert changed.status_code == 302, changed.content.decode()[:2000]
    group.refresh_from_db()
    assert (group.name, group.kind, group.version) == ("Friends at the Golden Fry", "context", 2)
    assert AuditEntry.objects.filter(
        actor=police_officer, action=AuditAction.CHANGE, object_id=str(group.pk),
        purpose="change a peer group or context",
    ).exists()  # fmt: skip
    stale = _post(client, group, "edit", version=1, name="Another name", kind="peer")
    assert stale.status_code == 400 and "Someone else saved this record" in stale.content.decode()
    # A partner the group is shared with reads it and cannot change it.
    services.group_share(actor=police_officer, group=group, agency=council, purpose="MACE")
    _post(client_for(practitioner), group, "edit", version=2, name="Renamed", kind="peer")
    group.refresh_from_db()
    assert (group.name, group.version) == ("Friends at the Golden Fry", 2)
