import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from triangulate.core.audit import verify_chain
from triangulate.core.backup import BackupError, append_head, check_head_store
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
        parser.add_argument(
            "--head-store",
            default=None,
            help=(
                "an append-only file outside the database (another disk, or synchronised to "
                "object storage): every head recorded there must still be in the log, and "
                "this check's head is added to it"
            ),
        )

    def handle(
        self,
        *args,
        full: bool = False,
        workers: int | None = None,
        head_store: str | None = None,
        **options,
    ):
        checkpoint = None if full else AuditCheckpoint.objects.first()
        after = (checkpoint.sequence, checkpoint.entry_hash) if checkpoint else None
        head = AuditHead.objects.filter(id=1).first()
        started = time.monotonic()
        problem = verify_chain(after=after, workers=workers or _default_workers())
        seconds = time.monotonic() - started
        if problem is not None:
            raise CommandError(str(problem))
        stored = 0
        if head_store:
            try:
                stored = check_head_store(head_store)
            except BackupError as error:
                raise CommandError(str(error)) from None
            append_head(head_store)
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
                + (
                    f" Every head in the head store ({stored}) is still in the log; this "
                    "one is added."
                    if head_store
                    else ""
                )
            )
        )


def _default_workers() -> int:
    """One process per CPU, except on an in-memory database no other process can open."""
    database = connection.settings_dict
    name = str(database.get("TEST", {}).get("NAME") or database["NAME"])
    if connection.vendor == "sqlite" and (":memory:" in name or "mode=memory" in name):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))
