from django.core.management.base import BaseCommand, CommandError

from triangulate.core.audit import verify_chain
from triangulate.core.models import AuditHead


class Command(BaseCommand):
    help = "Check the audit log's hash chain and report the first broken link, if any."

    def handle(self, *args, **options):
        problem = verify_chain()
        if problem is not None:
            raise CommandError(str(problem))
        head = AuditHead.objects.filter(id=1).first()
        count = head.sequence if head else 0
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {count} entries, no broken link."))
