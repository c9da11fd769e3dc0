from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from triangulate.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the whole database to a new file, with a manifest beside it naming the "
        "file's SHA-256 and the audit log's head (SQLite: an online copy; PostgreSQL: pg_dump)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file to write (must not exist)")

    def handle(self, *args, path: Path, **options):
        try:
            manifest = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up to {path} (audit log to entry {manifest.audit_sequence}, "
                f"SHA-256 {manifest.sha256[:12]}…)."
            )
        )
