"""Database triggers that refuse UPDATE and DELETE on the audit log.

The hash chain detects tampering by anyone who gets past these (for example a database
administrator who drops the triggers); the triggers stop accidents and ordinary code.
The test settings turn them off so that the suite can empty tables between tests; the
tests that check them install them for themselves.
"""

from __future__ import annotations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS core_auditentry_no_update ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""
SQLITE_UP = [
    "CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'The audit log is append-only'); END;",
    "CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'The audit log is append-only'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete;",
]


def install(connection, executor) -> None:
    """Create the triggers; ``executor`` is a schema editor or a cursor."""
    vendor = connection.vendor
    if vendor == "postgresql":
        executor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            executor.execute(statement)


def uninstall(connection, executor) -> None:
    vendor = connection.vendor
    if vendor == "postgresql":
        executor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            executor.execute(statement)
