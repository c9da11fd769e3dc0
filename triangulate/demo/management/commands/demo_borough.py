import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from triangulate.core.models import Agency
from triangulate.demo.borough import Borough
from triangulate.demo.steps import STEPS


class Command(BaseCommand):
    help = "Create the synthetic demo borough (fictional people only). Deterministic per seed."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=600)
        parser.add_argument("--seed", type=int, default=20131)
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if data exists")
        parser.add_argument(
            "--years",
            type=int,
            default=0,
            help="Also write this many years of history (contacts, missing episodes, audit)",
        )

    def handle(self, *args, children, seed, if_empty, years=0, **options):
        if Agency.objects.exists():
            if if_empty:
                self.stdout.write("Demo borough already loaded; keeping the existing data.")
                return
            self.stderr.write("The database already has data; use an empty database.")
            raise SystemExit(1)
        started = time.monotonic()
        borough = Borough(rng=random.Random(seed), today=timezone.localdate())
        borough.history_years = years
        with transaction.atomic():
            for step in STEPS:
                step(borough, children=children)
        self.stdout.write(
            f"Demo borough of Kingsmere created: {len(borough.children)} children, "
            f"{len(borough.adults)} adults, {len(borough.users)} demo users "
            f"in {time.monotonic() - started:.1f} s."
        )
