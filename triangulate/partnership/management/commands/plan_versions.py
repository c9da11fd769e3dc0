"""Keep this month's version of every delivery plan (run monthly, for example from cron)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from triangulate.partnership.models import Plan
from triangulate.partnership.services.plan_records import version_take


class Command(BaseCommand):
    help = "Keep this month's version of every delivery plan (replaces this month's if kept)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        plans = Plan.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by("id")
        for plan in plans:
            version_take(actor=None, plan=plan, month=today, today=today)
        self.stdout.write(f"Kept {today:%B %Y} versions of {plans.count()} plans.")
