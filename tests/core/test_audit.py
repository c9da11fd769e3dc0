import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from triangulate.core import db_triggers
from triangulate.core.audit import audit, entries_for, verify_chain
from triangulate.core.models import AuditAction, AuditEntry


def _drop_append_only_triggers():
    """Simulate someone with direct database access getting past the triggers.

    (The test settings leave the triggers out, so there is nothing to drop here: the
    point is that the hash chain catches what the triggers did not stop.)
    """


@pytest.fixture
def log(practitioner, child):
    for purpose in ("first look", "second look", "third look", "fourth look"):
        audit(practitioner, AuditAction.VIEW, child, purpose)
    return list(AuditEntry.objects.order_by("sequence"))


def test_entries_chain_and_verify(log, practitioner, child):
    assert verify_chain() is None
    assert [e.previous_hash for e in log[1:]] == [e.entry_hash for e in log[:-1]]
    latest = entries_for(child).first()
    assert latest.actor_name == practitioner.username
    assert latest.agency_name == practitioner.agency.name
    assert latest.purpose == "fourth look"


def test_orm_refuses_to_edit_or_delete(log):
    entry = log[0]
    entry.purpose = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


@pytest.mark.parametrize(
    "statement", ["UPDATE core_auditentry SET purpose = 'x'", "DELETE FROM core_auditentry"]
)
def test_database_triggers_refuse_raw_edits(practitioner, child, statement):
    audit(practitioner, AuditAction.VIEW, child, "look")
    with connection.cursor() as cursor:
        db_triggers.install(connection, cursor)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.get().purpose == "look"


def test_edited_entry_is_caught(log):
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET purpose = %s WHERE sequence = %s",
            ["nothing to see", log[1].sequence],
        )
    problem = verify_chain()
    assert problem is not None
    assert problem.sequence == log[1].sequence
    assert "changed" in problem.reason
    with pytest.raises(CommandError, match=f"entry {log[1].sequence}"):
        call_command("verify_audit")


def test_deleted_entry_is_caught(log):
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE sequence = %s", [log[2].sequence])
    problem = verify_chain()
    assert problem is not None and problem.sequence == log[2].sequence


def test_deleted_last_entry_is_caught(log):
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE sequence = %s", [log[-1].sequence])
    problem = verify_chain()
    assert problem is not None and "removed" in problem.reason


def test_reordered_entries_are_caught(log):
    _drop_append_only_triggers()
    a, b = log[1].sequence, log[2].sequence
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET sequence = %s WHERE sequence = %s", [999999, a])
        cursor.execute("UPDATE core_auditentry SET sequence = %s WHERE sequence = %s", [a, b])
        cursor.execute("UPDATE core_auditentry SET sequence = %s WHERE sequence = %s", [b, 999999])
    problem = verify_chain()
    assert problem is not None and problem.sequence == a


def test_verify_audit_command_passes_on_intact_log(log, capsys):
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
