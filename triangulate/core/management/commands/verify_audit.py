import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from triangulate.core.audit import verify_chain
from triangulate.core.models import AuditCheckpoint, AuditHead


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain from the last check's checkpoint (or, with --full, "
        "from the first entry) and report the first broken link, if any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help="check every entry, not only those written since the last check",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes checking stretches of the log at once (default: one per CPU)",
        )

    def handle(self, *args, full: bool = False, workers: int | None = None, **options):
        checkpoint = None if full else AuditCheckpoint.objects.first()
        after = (checkpoint.sequence, checkpoint.entry_hash) if checkpoint else None
        head = AuditHead.objects.filter(id=1).first()
        started = time.monotonic()
        problem = verify_chain(after=after, workers=workers or _default_workers())
        seconds = time.monotonic() - started
        if problem is not None:
            raise CommandError(str(problem))
        count = head.sequence if head else 0
        first = after[0] + 1 if after else 1
        checked = max(count - first + 1, 0)
        if head is not None and count:
            AuditCheckpoint.objects.create(
                sequence=count,
                entry_hash=head.entry_hash,
                full=after is None,
                entries_checked=checked,
                seconds=seconds,
            )
        scope = "every entry" if after is None else f"entries {first} to {count}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit log intact: {count} entries, no broken link ({scope} checked, "
                f"{checked} in {seconds:.1f} s)."
            )
        )


def _default_workers() -> int:
    """One process per CPU, except on an in-memory database no other process can open."""
    database = connection.settings_dict
    name = str(database.get("TEST", {}).get("NAME") or database["NAME"])
    if connection.vendor == "sqlite" and (":memory:" in name or "mode=memory" in name):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))
