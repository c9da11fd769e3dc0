from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from triangulate.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by `manage.py backup`, after checking the "
        "file against its manifest; then check the whole audit chain and its head."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="restore even though the database holds records (they are all replaced)",
        )

    def handle(self, *args, path: Path, replace: bool = False, **options):
        try:
            manifest = restore(path, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup taken at {manifest.taken_at}: the audit log is intact "
                f"and entry {manifest.audit_sequence} is the one the manifest names; the "
                "restore is audited after it. Run "
                "`manage.py migrate` if this version of Triangulate is newer than the backup."
            )
        )
