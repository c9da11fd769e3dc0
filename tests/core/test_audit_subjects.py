"""Each audit entry names the child it concerns, and "who has seen this record" is asked of
the child: views, changes, exports and shares of anything about them, refusals included."""

import datetime as dt
import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from triangulate.core.audit import GENESIS_HASH, audit, entries_for, entry_digest, verify_chain
from triangulate.core.models import AuditAction, AuditEntry, AuditHead, RecordShare
from triangulate.missing import services as missing
from triangulate.missing.models import PoliceRiskChange


def _entry_as_written_before_subjects(actor, child):
    """An entry exactly as the log wrote it before entries named their subject."""
    head, _ = AuditHead.objects.get_or_create(id=1)
    fields = {
        "sequence": head.sequence + 1, "occurred_at": timezone.now(), "actor_id": actor.pk,
        "actor_name": actor.username, "agency_name": actor.agency.name, "action": "view",
        "object_type": "register.person", "object_id": str(child.pk), "purpose": "old look",
        "detail": {}, "previous_hash": head.entry_hash or GENESIS_HASH,
    }  # fmt: skip
    values = [
        value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if name == "occurred_at"
        else value
        for name, value in fields.items()
    ]  # fmt: skip
    digest = hashlib.sha256(
        json.dumps(values, sort_keys=True, separators=(",", ":"), default=str).encode()
    ).hexdigest()
    entry = AuditEntry.objects.create(**fields, entry_hash=digest)
    AuditHead.objects.filter(id=1).update(sequence=entry.sequence, entry_hash=digest)
    return entry


def test_entries_name_their_subject_and_old_entries_still_verify(practitioner, child):
    old = _entry_as_written_before_subjects(practitioner, child)
    assert old.subject_id is None
    assert entry_digest({**old.__dict__, "subject_type": None, "subject_id": None}) == (
        old.entry_hash
    )
    episode = missing.episode_record(
        actor=practitioner, person=child, category="M",
        started_at=timezone.now() - dt.timedelta(hours=2), reported_by="Carer",
    )  # fmt: skip
    change = PoliceRiskChange.objects.get(episode=episode)
    by_object = audit(practitioner, AuditAction.VIEW, episode, "look at episode")
    by_parent = audit(practitioner, AuditAction.VIEW, change, "look at risk change")
    by_person = audit(practitioner, AuditAction.VIEW, child, "look at child")
    named = audit(practitioner, AuditAction.EXPORT, None, "export", subject=child)
    for entry in (by_object, by_parent, by_person, named):
        assert (entry.subject_type, entry.subject_id) == ("register.person", str(child.pk))
    assert audit(practitioner, AuditAction.SIGN_IN).subject_id is None
    assert verify_chain() is None
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET subject_id = %s WHERE sequence = %s",
            ["999", by_object.sequence],
        )
    problem = verify_chain()
    assert problem is not None and problem.sequence == by_object.sequence


def test_who_has_seen_this_record_lists_what_happened_to_anything_about_the_child(
    client_for, practitioner, team_manager, police_officer, child
):
    RecordShare.objects.create(
        content_type=ContentType.objects.get_for_model(child), object_id=child.pk,
        shared_with=police_officer.agency, shared_by=practitioner,
        lawful_basis="UK GDPR 6(1)(e)", purpose="joint work",
    )  # fmt: skip
    episode = missing.episode_record(
        actor=police_officer, person=child, category="M",
        started_at=timezone.now() - dt.timedelta(hours=2), reported_by="Carer",
    )  # fmt: skip
    client_for(practitioner).get(reverse("missing:episode", args=[episode.pk]))
    purposes = [e.purpose for e in entries_for(child)]
    assert "record a missing episode" in purposes
    assert "view missing episode" in purposes
    page = client_for(team_manager).get(reverse("register:access_log", args=[child.pk]))
    text = page.content.decode()
    assert "view missing episode" in text and "record a missing episode" in text


def test_a_refused_attempt_is_logged_as_refused_never_as_viewed(
    client_for, practitioner, team_manager, child
):
    response = client_for(practitioner).get(reverse("register:access_log", args=[child.pk]))
    assert response.status_code == 403
    mine = AuditEntry.objects.filter(actor=practitioner)
    assert [e.action for e in mine] == [AuditAction.DENIED]
    page = client_for(team_manager).get(reverse("register:access_log", args=[child.pk]))
    text = page.content.decode()
    assert "Refused" in text and "Viewed" in text  # the manager's own look is a view
    row = next(e for e in entries_for(child) if e.actor_id == practitioner.pk)
    assert row.get_action_display() == "Refused"


def test_every_refusal_is_audited_once_by_role_and_by_record(
    client_for, practitioner, elected_member, police_officer, child
):
    before = AuditEntry.objects.count()
    # by role: a councillor never reads a child's record; the register is not for them
    assert client_for(elected_member).get("/register/").status_code == 403
    # by record: another agency without a share
    assert (
        client_for(police_officer).get(reverse("register:person", args=[child.pk])).status_code
        == 403
    )
    denied = list(AuditEntry.objects.filter(action=AuditAction.DENIED).order_by("sequence"))
    assert AuditEntry.objects.count() - before == 2 == len(denied)
    assert denied[0].actor_id == elected_member.pk and denied[0].detail["path"] == "/register/"
    assert (denied[1].subject_type, denied[1].subject_id) == ("register.person", str(child.pk))


def test_lists_that_name_children_record_what_they_showed_once_per_page(
    client_for, practitioner, child
):
    episode = missing.episode_record(
        actor=practitioner, person=child, category="M",
        started_at=timezone.now() - dt.timedelta(hours=2), reported_by="Carer",
    )  # fmt: skip
    client = client_for(practitioner)
    before = AuditEntry.objects.count()
    assert client.get("/missing/").status_code == 200
    entries = list(AuditEntry.objects.filter(sequence__gt=before))
    assert len(entries) == 1
    shown = entries[0]
    assert shown.purpose == "view the missing overview"
    assert shown.detail["records"]["missing.missingepisode"] == [str(episode.pk)]
    assert shown.detail["people"] == [str(child.pk)] and shown.subject_id == str(child.pk)
    missing.episode_end(
        actor=practitioner, episode=episode, expected_version=episode.version,
        ended_at=timezone.now() - dt.timedelta(hours=1), where_found="Park", found_with="",
    )  # fmt: skip
    before = AuditEntry.objects.count()
    assert client.get("/my-work").status_code == 200
    entries = list(AuditEntry.objects.filter(sequence__gt=before))
    assert [e.purpose for e in entries] == ["view My work"]
    assert entries[0].detail["shown"]
    # The return interview My work lists is named, and so is the child it concerns.
    assert entries[0].detail["records"]["missing.returninterview"]
    assert entries[0].detail["people"] == [str(child.pk)] and entries[0].subject_id == str(child.pk)


def test_the_front_doors_lists_record_the_contacts_they_showed_in_one_entry(
    client_for, front_door_worker, school_lead
):
    from tests.frontdoor.factories import raise_contact

    contact = raise_contact(school_lead)
    before = AuditEntry.objects.count()
    assert client_for(front_door_worker).get(reverse("frontdoor:home")).status_code == 200
    entries = list(AuditEntry.objects.filter(sequence__gt=before))
    assert [e.purpose for e in entries] == ["view the front door's lists"]
    assert entries[0].detail["records"]["frontdoor.contact"] == [str(contact.pk)]
