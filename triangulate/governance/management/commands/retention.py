from django.core.management.base import BaseCommand, CommandError

from triangulate.governance.services import retention


class Command(BaseCommand):
    help = (
        "Apply the retention schedule: --dry-run lists what would be destroyed today (by type "
        "and record number, with held records and why) and touches nothing; --destroy destroys "
        "it, one transaction per type of record, with a tombstone per record in the audit log."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="report only; change nothing")
        mode.add_argument("--destroy", action="store_true", help="destroy what is due today")
        parser.add_argument(
            "--ids", action="store_true", help="list every record number, not only the counts"
        )

    def handle(self, *args, dry_run=False, destroy=False, ids=False, **options):
        reports = retention.destroy() if destroy else retention.dry_run()
        if not reports:
            raise CommandError("No retention rule is in force: nothing is due.")
        for report in reports:
            rule = report.rule
            line = (
                f"{report.name} ({rule.record_type}, rule {rule.pk} version {rule.version}): "
                f"{len(report.due)} due, {len(report.held)} held back"
            )
            if destroy:
                line += f", {len(report.destroyed)} destroyed, {len(report.skipped)} skipped"
            self.stdout.write(line)
            if ids and report.due:
                self.stdout.write("  due: " + ", ".join(str(pk) for pk in report.due))
            for pk, reason in report.held:
                self.stdout.write(f"  held back {pk}: {reason}")
            for pk, reason in report.skipped:
                self.stdout.write(f"  skipped {pk}: {reason}")
        if destroy:
            total = sum(len(r.destroyed) for r in reports)
            self.stdout.write(f"Destroyed {total} records; each has a tombstone in the audit log.")
