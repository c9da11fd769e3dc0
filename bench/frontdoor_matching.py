"""Front-door intake matching: latency (p50/p95) and recall against a large register.

Usage: python -m bench frontdoor_matching [--children N] [--database-url URL] [--queries Q]
Builds the demo borough with N children (default 60,000) into a fresh SQLite file, or into
the empty PostgreSQL database given, unless it already holds one (then it is reused). Then
it takes Q register children, describes each the way a referrer might (misspelt last
names, nicknames, transposed or missing dates of birth, sometimes a postcode or an NHS
number) and times the matcher on each description, as the front door's worker sees it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _misspell(rng: random.Random, name: str) -> str:
    if len(name) < 4:
        return name
    i = rng.randint(1, len(name) - 2)
    slip = rng.choice(["swap", "double", "drop", "vowel"])
    if slip == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if slip == "double":
        return name[:i] + name[i] + name[i:]
    if slip == "drop":
        return name[:i] + name[i + 1 :]
    vowels = "aeiou"
    for j in range(i, len(name)):
        if name[j] in vowels:
            return name[:j] + rng.choice(vowels.replace(name[j], "")) + name[j + 1 :]
    return name


def _describe(rng, person, postcode):
    from triangulate.register.services.matching import IntakeDetails

    given = person.given_name
    if person.known_as and rng.random() < 0.25:
        given = person.known_as.split(",")[0].strip()
    elif rng.random() < 0.2:
        given = _misspell(rng, given)
    family = _misspell(rng, person.family_name) if rng.random() < 0.4 else person.family_name
    dob = person.date_of_birth
    roll = rng.random()
    if roll < 0.15:
        dob = None
    elif roll < 0.25 and dob.day <= 12 and dob.day != dob.month:
        dob = dt.date(dob.year, dob.day, dob.month)
    elif roll < 0.3:
        dob = dob + dt.timedelta(days=1)
    return IntakeDetails(
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        postcode=postcode if rng.random() < 0.5 else "",
        nhs_number=person.nhs_number if rng.random() < 0.1 else "",
    )


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run(children: int, queries: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from triangulate.core.models import Agency, User
    from triangulate.register.models import Person, PersonAddress, PersonKind
    from triangulate.register.services.matching import find_matches

    if not Agency.objects.exists():
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("demo_borough", children=children, seed=seed, verbosity=0)
        print(f"built the register in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    actor = User.objects.get(username="sam.frontdoor")
    register_size = Person.objects.filter(kind=PersonKind.CHILD).count()
    rng = random.Random(seed)
    ids = list(
        Person.objects.filter(kind=PersonKind.CHILD, date_of_birth__isnull=False)
        .order_by("id")
        .values_list("id", flat=True)
    )
    sample = Person.objects.in_bulk(rng.sample(ids, queries))
    postcodes = dict(
        PersonAddress.objects.filter(person_id__in=sample, to_date__isnull=True).values_list(
            "person_id", "postcode"
        )
    )
    # Warm up the connection and caches, as a running server would be.
    for person in list(sample.values())[:10]:
        find_matches(actor=actor, details=_describe(random.Random(0), person, ""))
    timings, first, top5, visible, withheld = [], 0, 0, 0, 0
    for person_id in sorted(sample):
        person = sample[person_id]
        details = _describe(rng, person, postcodes.get(person_id, ""))
        started = time.perf_counter()
        result = find_matches(actor=actor, details=details)
        timings.append((time.perf_counter() - started) * 1000)
        if person.owning_agency_id == actor.agency_id:
            visible += 1
            found = [m.person.pk for m in result.matches]
            first += bool(found) and found[0] == person_id
            top5 += person_id in found[:5]
        else:
            withheld += bool(result.withheld)
    return {
        "database": connection.vendor,
        "children": register_size,
        "people": Person.objects.count(),
        "queries": queries,
        "p50": statistics.median(timings),
        "p95": _percentile(timings, 0.95),
        "p99": _percentile(timings, 0.99),
        "max": max(timings),
        "visible": visible,
        "top1": first,
        "top5": top5,
        "other_agency": queries - visible,
        "withheld_flagged": withheld,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench frontdoor_matching")
    parser.add_argument("--children", type=int, default=60000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--queries", type=int, default=500)
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
        r = run(args.children, args.queries, args.seed)
    print(
        f"{r['database']}: {r['children']:,} children ({r['people']:,} people), "
        f"{r['queries']} queries: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
        f"p99 {r['p99']:.1f} ms, max {r['max']:.1f} ms"
    )
    print(
        f"  records the hub can see: {r['visible']}; right child first {r['top1']} "
        f"({r['top1'] / max(r['visible'], 1):.1%}), in the top 5 {r['top5']} "
        f"({r['top5'] / max(r['visible'], 1):.1%})"
    )
    print(
        f"  records held by other agencies: {r['other_agency']}; flagged as held elsewhere "
        f"{r['withheld_flagged']} ({r['withheld_flagged'] / max(r['other_agency'], 1):.1%})"
    )
    return 0
