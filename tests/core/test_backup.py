"""Backup and restore round trips on the database the suite runs on (SQLite or PostgreSQL),
and the head store that catches a rewritten audit log."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tests.factories import PersonFactory
from triangulate.core.audit import audit, verify_chain
from triangulate.core.backup import Manifest
from triangulate.core.models import AuditAction, AuditEntry, AuditHead
from triangulate.register.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def _people():
    return sorted(
        Person.objects.values_list("pk", "given_name", "family_name", "date_of_birth", "version")
    )


def _record_people(count):
    people = []
    for _ in range(count):
        with transaction.atomic():
            person = PersonFactory()
            audit(None, AuditAction.CREATE, person, "Recorded for the backup test")
        people.append(person)
    return people


def test_a_restore_brings_back_the_records_and_an_intact_audit_log(tmp_path):
    _record_people(3)
    before = _people()
    path = tmp_path / "kingsmere.backup"
    call_command("backup", str(path))
    manifest = Manifest.read(path)
    assert manifest.vendor == connection.vendor
    assert manifest.audit_sequence == AuditHead.objects.get().sequence

    # What happens after the backup is gone after the restore.
    later = _record_people(1)[0]
    Person.objects.filter(pk=before[0][0]).update(given_name="Changed")
    call_command("restore", str(path), "--replace")

    assert _people() == before
    assert not Person.objects.filter(pk=later.pk).exists()
    assert verify_chain() is None
    last = AuditEntry.objects.order_by("-sequence").first()
    assert last.sequence == manifest.audit_sequence + 1
    assert last.purpose == "Restored from a backup"


def test_a_restore_over_records_needs_to_be_asked_for_and_changes_nothing_when_refused(
    tmp_path,
):
    _record_people(2)
    path = tmp_path / "kingsmere.backup"
    call_command("backup", str(path))
    _record_people(1)
    before, head = _people(), AuditHead.objects.get().sequence

    with pytest.raises(CommandError, match="already holds records.*--replace"):
        call_command("restore", str(path))
    assert (_people(), AuditHead.objects.get().sequence) == (before, head)


def test_a_backup_that_changed_after_it_was_taken_is_refused(tmp_path):
    _record_people(2)
    path = tmp_path / "kingsmere.backup"
    call_command("backup", str(path))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    before = _people()

    with pytest.raises(CommandError, match="does not match its manifest"):
        call_command("restore", str(path), "--replace")
    assert _people() == before


def test_a_backup_never_overwrites_a_file(tmp_path):
    path = tmp_path / "kingsmere.backup"
    path.write_text("an earlier backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(path))
    assert path.read_text() == "an earlier backup"


def _rewrite_log_from(sequence):
    """What someone with the database's keys could do: cut the log back and write it anew,
    with every hash computed as the application would, so the chain itself verifies."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE sequence >= %s", [sequence])
    previous = AuditEntry.objects.get(sequence=sequence - 1)
    AuditHead.objects.filter(id=1).update(
        sequence=previous.sequence, entry_hash=previous.entry_hash
    )


def test_the_head_store_catches_a_log_rewritten_so_that_its_chain_still_verifies(tmp_path):
    store = tmp_path / "audit-heads.jsonl"
    _record_people(3)
    call_command("verify_audit", "--head-store", str(store))
    recorded = AuditHead.objects.get().sequence
    _record_people(1)
    call_command("verify_audit", "--head-store", str(store))
    assert len(store.read_text().splitlines()) == 2

    _rewrite_log_from(recorded - 1)
    with transaction.atomic():
        audit(None, AuditAction.CREATE, ("note", "1"), "A different entry in its place")
        audit(None, AuditAction.CREATE, ("note", "2"), "And another")
    assert verify_chain() is None, "the rewritten chain verifies on its own"

    with pytest.raises(CommandError, match=f"Entry {recorded} .* has been rewritten"):
        call_command("verify_audit", "--full", "--head-store", str(store))


def test_the_head_store_catches_entries_removed_from_the_end(tmp_path):
    store = tmp_path / "audit-heads.jsonl"
    _record_people(3)
    call_command("verify_audit", "--head-store", str(store))
    recorded = AuditHead.objects.get().sequence
    _rewrite_log_from(recorded - 1)
    assert verify_chain() is None

    with pytest.raises(CommandError, match=f"entry {recorded} was recorded .*removed"):
        call_command("verify_audit", "--full", "--head-store", str(store))
