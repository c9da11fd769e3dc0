"""A problem profile for a year on the intelligence network at scale.

    python -m bench problem_profile [--entities 20000] [--links 100000] [--runs 5]
                                    [--seed 2014] [--profile] [--database-url URL]

Builds the network of ``bench.network_scale`` (a small demo borough, then a police force's
``--entities`` children, persons of concern, places, vehicles, phones and intelligence
joined by ``--links`` links), then spreads the intelligence over the last year with
postcodes and gives the children the other records a profile counts: a current address,
missing episodes (some children repeatedly), exploitation and looked-after flags. As the
force's analyst (``dan.analyst``) it then times, ``--runs`` times after one warm-up, what
making a profile for the last year does: both editions' figures
(``intelligence.services.profile_figures.compute_editions``) and both PDFs.

Target (issue: pursue): a profile for a year within 5 s, on SQLite and on PostgreSQL.
``--seed`` builds another network of the same shape (tune on one, report on another);
``--profile`` profiles one run instead of timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from bench import network_scale


def _records(analyst, children, items, rng: random.Random) -> dict:
    """The records a profile counts besides intelligence and links, spread over the year."""
    from django.db import transaction

    from triangulate.intelligence.models import IntelligenceItem
    from triangulate.missing.models import MissingEpisode
    from triangulate.register.models import FlagType, PersonAddress, PersonFlag

    police = analyst.agency
    now = dt.datetime.now(dt.UTC)
    with transaction.atomic():
        for n, item in enumerate(items):
            item.seen_at = now - dt.timedelta(days=rng.randrange(365), hours=rng.randrange(24))
            item.postcode = f"KM{n % 24 + 1} {n % 9 + 1}AA"
            item.handling_code = "C" if n % 10 == 0 else "P"
            item.handling_conditions = "Not to be disclosed" if n % 10 == 0 else ""
        IntelligenceItem.objects.bulk_update(
            items,
            ["seen_at", "postcode", "handling_code", "handling_conditions"],
            batch_size=2000,
        )
        PersonAddress.objects.bulk_create(
            (
                PersonAddress(
                    owning_agency=police,
                    person=child,
                    line_1=f"{n % 200 + 1} Bench Street",
                    postcode=f"KM{n % 24 + 1} {n % 9 + 1}BB",
                    from_date=dt.date(2020, 1, 1),
                )
                for n, child in enumerate(children)
            ),
            batch_size=2000,
        )
        missing = rng.sample(children, len(children) // 5)
        episodes = [
            MissingEpisode(
                owning_agency=police,
                person=child,
                category="M",
                created_by=analyst,
                reported_by="Carer",
                started_at=now - dt.timedelta(days=rng.randrange(365)),
            )
            for n, child in enumerate(missing)
            for _ in range(1 + (n % 4))
        ]
        MissingEpisode.objects.bulk_create(episodes, batch_size=2000)
        flags = [
            PersonFlag(
                owning_agency=police,
                person=child,
                flag=flag,
                reason="Benchmark",
                set_by=analyst,
                set_at=now - dt.timedelta(days=rng.randrange(720)),
            )
            for flag, share in ((FlagType.RISK_CCE, 10), (FlagType.LOOKED_AFTER, 12))
            for child in children[::share]
        ]
        PersonFlag.objects.bulk_create(flags, batch_size=2000)
    return {"missing episodes": len(episodes), "flags": len(flags)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench problem_profile")
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--links", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--profile", action="store_true", help="profile one run instead")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    vendor = network_scale._setup(args.database_url)
    rng = random.Random(args.seed)
    analyst, children, _concerns = network_scale._build(args.entities, args.links, rng)

    from django.utils import timezone

    from triangulate.intelligence import presenters
    from triangulate.intelligence.models import IntelligenceItem
    from triangulate.intelligence.pdf import profile_pdf
    from triangulate.intelligence.services import profile_figures
    from triangulate.intelligence.services.profiles import profile_create, profile_ranked

    items = list(IntelligenceItem.objects.filter(reference__startswith="NB-").order_by("id"))
    added = _records(analyst, children, items, rng)
    print(f"added {added['missing episodes']:,} missing episodes and {added['flags']:,} flags")
    until = timezone.localdate()
    since = until - dt.timedelta(days=364)
    made = profile_create(actor=analyst, title="Bench", since=since, until=until)

    def whole() -> tuple[dict, int]:
        figures = profile_figures.compute_editions(analyst, since=since, until=until)
        made.figures = figures
        size = 0
        for edition in ("police", "partner"):
            size += len(
                profile_pdf(
                    made,
                    edition=edition,
                    sections=[],
                    tables=presenters.profile_tables(
                        figures[edition], partner=edition == "partner"
                    ),
                    ranked=presenters.ranked_rows(profile_ranked(actor=analyst, profile=made))
                    if edition == "police"
                    else [],
                    definition=profile_figures.DEFINITION,
                )
            )
        return figures, size

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(whole)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return 0
    figures, size = whole()  # warm up
    police = figures["police"]
    print(
        f"database: {vendor}; a year: {police['children']['total']:,} children counted, "
        f"{police['intelligence']:,} pieces of intelligence, {police['places']['total']:,} "
        f"places, {police['concerns']['total']:,} persons of concern; both PDFs {size:,} bytes"
    )
    times, figure_times = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        profile_figures.compute_editions(analyst, since=since, until=until)
        figure_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        whole()
        times.append(time.perf_counter() - started)
    print(
        f"figures, both editions: {args.runs} runs, median {statistics.median(figure_times):.2f} s, "
        f"max {max(figure_times):.2f} s"
    )
    print(
        f"problem profile for a year (figures and both PDFs): {args.runs} runs, median "
        f"{statistics.median(times):.2f} s, max {max(times):.2f} s (target 5 s)"
    )
    return 0
