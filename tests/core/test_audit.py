import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from triangulate.core import db_triggers
from triangulate.core.audit import audit, entries_for, verify_chain
from triangulate.core.models import AuditAction, AuditCheckpoint, AuditEntry


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


def _tamper(sequence: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET purpose = %s WHERE sequence = %s", ["altered", sequence]
        )


def test_the_nightly_check_reads_only_what_is_new(log, practitioner, child, capsys):
    call_command("verify_audit")
    assert "every entry checked" in capsys.readouterr().out
    first = AuditCheckpoint.objects.get()
    assert first.full and first.sequence == log[-1].sequence

    for purpose in ("fifth look", "sixth look"):
        audit(practitioner, AuditAction.VIEW, child, purpose)
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert f"entries {first.sequence + 1} to {first.sequence + 2} checked, 2 in" in out
    assert AuditCheckpoint.objects.first().full is False


def test_a_change_after_the_checkpoint_is_caught_by_the_nightly_check(log, practitioner, child):
    call_command("verify_audit")
    entry = audit(practitioner, AuditAction.VIEW, child, "a later look")
    _tamper(entry.sequence)
    with pytest.raises(CommandError, match=f"entry {entry.sequence}"):
        call_command("verify_audit")


def test_a_change_before_the_checkpoint_is_caught_by_the_full_check(log):
    call_command("verify_audit")
    _tamper(log[1].sequence)
    call_command("verify_audit")  # the nightly check reads only what is new
    with pytest.raises(CommandError, match=f"entry {log[1].sequence}"):
        call_command("verify_audit", full=True)


def test_a_replaced_checkpoint_entry_is_caught(log):
    call_command("verify_audit")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET entry_hash = %s WHERE sequence = %s",
            ["f" * 64, log[-1].sequence],
        )
    with pytest.raises(CommandError, match="not the entry that was checked before"):
        call_command("verify_audit")


in_memory = pytest.mark.skipif(
    "memory" in str(connection.settings_dict.get("NAME", "")) or connection.vendor == "sqlite",
    reason="other processes cannot open the suite's in-memory SQLite database",
)


@in_memory
@pytest.mark.django_db(transaction=True)
def test_stretches_checked_at_once_find_the_same_break(practitioner, child):
    entries = [audit(practitioner, AuditAction.VIEW, child, f"look {n}") for n in range(9)]
    assert verify_chain(workers=3, min_stretch=1) is None
    _tamper(entries[5].sequence)
    problem = verify_chain(workers=3, min_stretch=1)
    assert problem is not None and problem.sequence == entries[5].sequence
    assert verify_chain() == problem
