"""Performance figures at scale: every measure for a month, a measure's months, a board pack
and its PDF, and the drill-down page.

    python -m bench performance_figures [--children 60000] [--years 10] [--database-url URL]

Builds the demo borough with ``--years`` of history into a fresh SQLite file, or into the
PostgreSQL database given (left as it is if it already holds a borough), then times, with
the connection warm: every measure in the catalogue for the last complete month; the months
behind one measure's chart (up to 24); preparing and releasing a board pack of every
measure and building its PDF; and the page of records behind a figure, as a team manager,
20 times (p50, p95).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def run(children: int, years: int, seed: int) -> list[str]:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import signed_in_client
    from triangulate.core.models import Agency, User
    from triangulate.frontdoor.models import Contact
    from triangulate.missing.models import MissingEpisode
    from triangulate.performance import pdf, services
    from triangulate.performance.periods import Period
    from triangulate.performance.services.measures import BY_SLUG, CATALOGUE
    from triangulate.register.models import Person

    lines = []
    if not Agency.objects.exists():
        took, _ = _timed(
            lambda: call_command(
                "demo_borough", children=children, years=years, seed=seed, verbosity=0
            )
        )
        lines.append(f"built the borough ({children:,} children, {years} years) in {took:.0f} s")
    lines.append(
        f"{connection.vendor}: {Person.objects.count():,} people, "
        f"{Contact.objects.count():,} contacts, {MissingEpisode.objects.count():,} episodes"
    )
    month = Period.containing(timezone.localdate()).previous()
    for attempt in ("cold", "warm"):
        each = [(_timed(lambda m=m: m.compute(month))[0], m.figure_id) for m in CATALOGUE]
        took = sum(t for t, _ in each)
        lines.append(f"every measure ({len(CATALOGUE)}) for {month.label}, {attempt}: {took:.2f} s")
    slowest = ", ".join(f"{figure} {t:.2f} s" for t, figure in sorted(each, reverse=True)[:5])
    lines.append(f"the slowest five, warm: {slowest}")
    chief = User.objects.get(username="pat.chief")
    for slug in ("assessments-up-to-date", "children-at-risk", "contacts", "missing-episodes"):
        took, points = _timed(lambda s=slug: services.series(actor=chief, measure=BY_SLUG[s]))
        lines.append(f"{slug}: {len(points)} months for its chart in {took:.2f} s")
    took_release, pack = _timed(
        lambda: services.pack_release(
            actor=chief,
            pack=services.pack_create(
                actor=chief, title="Benchmark pack", month=month.key,
                slugs=[m.slug for m in CATALOGUE],
            ),
            version=1, so_what="Benchmark", actions="", publish=False,
        )
    )  # fmt: skip
    took_pdf, content = _timed(
        lambda: pdf.board_pack(
            pack,
            services.pack_figures(actor=chief, pack=pack),
            services.pack_ward_figures(actor=chief, pack=pack),
        )
    )
    lines.append(
        f"board pack of {len(CATALOGUE)} measures: prepared and released in {took_release:.2f} s, "
        f"PDF ({len(content):,} bytes) in {took_pdf:.2f} s"
    )
    setup_test_environment()
    client = signed_in_client(User.objects.get(username="jo.manager"))
    url = reverse(
        "performance:records",
        kwargs={"slug": "missing-episodes", "year": month.start.year, "month": month.start.month},
    )
    client.get(url, HTTP_HOST="127.0.0.1")
    times = []
    for _ in range(20):
        took, response = _timed(lambda: client.get(url, HTTP_HOST="127.0.0.1"))
        assert response.status_code == 200
        times.append(took)
    times.sort()
    lines.append(
        f"records behind a figure (missing episodes, {month.label}), 20 requests: "
        f"p50 {1000 * statistics.median(times):.0f} ms, p95 {1000 * times[18]:.0f} ms"
    )
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench performance_figures")
    parser.add_argument("--children", type=int, default=60000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=20131)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["DJANGO_SETTINGS_MODULE"] = "triangulate.config.settings.local"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        for line in run(args.children, args.years, args.seed):
            print(line)
    return 0
