"""The retention schedule: one rule per type of personal record (how long it is kept, what the
time runs from, the legal basis), legal holds that stop destruction, a dry run of what would
be destroyed today, and the destruction itself with a tombstone per record in the audit log.

The schedule is the partnership's: it runs over every agency's records. What it reports and
what the tombstones say are references (record type and number), never a record's contents
(ADR 0023). Holds are checked in the database inside the transaction that destroys.
"""

from .clocks import (  # noqa: F401
    ADULTHOOD_CLOCK_AGE,
    CLOSED_FIELDS,
    MADE_FIELDS,
    clocks_for,
    cutoff,
    due_filter,
    model_for,
    record_types,
    type_name,
)
from .destruction import SYSTEM_ACTOR, TypeReport, audit_report_seen, destroy, dry_run  # noqa: F401
from .holds import hold_place, hold_ref, hold_release, live_holds  # noqa: F401
from .schedule import RULE, Invalid, rule_change, rule_create, rule_fields, rules  # noqa: F401
