"""The intelligence network at scale: a two-step neighbourhood and a shortest path.

    python -m bench network_scale [--entities 20000] [--links 100000] [--queries 60]
                                  [--hubs 0] [--hub-links 2000] [--database-url URL]

Builds a small demo borough (for its agencies and users) into a fresh SQLite file, or into
the empty PostgreSQL database given, then adds a police force's network of ``--entities``
children, persons of concern, places, vehicles, phones and intelligence items joined by
``--links`` links. Networks are clustered, as real ones are: nine links in ten join two
things in the same group of about a hundred (a county line, a group of friends, a hotel
and its regulars), one in ten joins two groups. As the force's analyst (``dan.analyst``),
it then times, through the same functions the network page calls:

- the network around a child, two steps out (what opening the network from a child draws);
- the shortest path between two people (the page's "how is this child connected" search).

``--hubs N`` adds N hubs, places linked to ``--hub-links`` children and intelligence items
each across the whole network (a hotel or a takeaway everyone passes through), and then
times the searches from children linked to a hub: their second step outgrows the search's
frontier limit, so the network is read whole.

Targets (issue: pursue): p95 of each at or under 300 ms on SQLite and on PostgreSQL.
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
GROUP_SIZE = 100
SHARES = {"person": 0.3, "concern": 0.1, "place": 0.1, "vehicle": 0.15, "phone": 0.15, "item": 0.2}


def _setup(database_url: str | None) -> str:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        folder = Path(tempfile.mkdtemp(prefix="network-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'network.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triangulate.config.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return os.environ["DATABASE_URL"].split(":", 1)[0]


def _build(entities: int, links: int, rng: random.Random, hubs: int = 0, hub_links: int = 0):
    from django.core.management import call_command
    from django.db import transaction

    from triangulate.core.models import User
    from triangulate.intelligence.models import (
        IntelligenceItem,
        Link,
        PersonOfConcern,
        Phone,
        Place,
        Vehicle,
    )
    from triangulate.register.models import Person, PersonKind

    call_command("migrate", "--noinput", "-v", "0")
    if not User.objects.filter(username="dan.analyst").exists():
        call_command("demo_borough", children=20, seed=5)
    analyst = User.objects.get(username="dan.analyst")
    police = analyst.agency
    counts = {kind: int(entities * share) for kind, share in SHARES.items()}
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    with transaction.atomic():
        children = Person.objects.bulk_create(
            Person(
                kind=PersonKind.CHILD,
                given_name=f"Child{n}",
                family_name="Network",
                date_of_birth=dt.date(2010, 1, 1) + dt.timedelta(days=n % 2000),
                owning_agency=police,
            )
            for n in range(counts["person"])
        )
        adults = Person.objects.bulk_create(
            Person(
                kind=PersonKind.ADULT,
                given_name=f"Adult{n}",
                family_name="Network",
                owning_agency=police,
            )
            for n in range(counts["concern"])
        )
        concerns = PersonOfConcern.objects.bulk_create(
            PersonOfConcern(person=adult, owning_agency=police, created_by=analyst)
            for adult in adults
        )
        places = Place.objects.bulk_create(
            Place(name=f"Place {n}", kind="takeaway", owning_agency=police)
            for n in range(counts["place"])
        )
        vehicles = Vehicle.objects.bulk_create(
            Vehicle(registration=f"NB{n:05d}"[:8], owning_agency=police)
            for n in range(counts["vehicle"])
        )
        phones = Phone.objects.bulk_create(
            Phone(number=f"+447700{n:06d}", owning_agency=police) for n in range(counts["phone"])
        )
        items = IntelligenceItem.objects.bulk_create(
            IntelligenceItem(
                reference=f"NB-{n:07d}",
                owning_agency=police,
                submitted_by_agency=police,
                submitted_by=analyst,
                what_seen="A synthetic sighting for the benchmark.",
                seen_at=now,
                source_evaluation="2",
                assessment=rng.choice("ABCDE"),
                handling_code="P",
            )
            for n in range(counts["item"])
        )
        by_kind = {
            "person": children,
            "concern": concerns,
            "place": places,
            "vehicle": vehicles,
            "phone": phones,
            "item": items,
        }
        kinds = list(by_kind)
        groups = max(1, entities // GROUP_SIZE)

        def pick(kind: str, group: int | None):
            rows = by_kind[kind]
            if group is None:
                return rng.choice(rows)
            per_group = max(1, len(rows) // groups)
            return rows[min(len(rows) - 1, group * per_group + rng.randrange(per_group))]

        made = []
        for _ in range(links):
            first, second = rng.sample(kinds, 2)
            group = rng.randrange(groups) if rng.random() < 0.9 else None
            made.append(
                Link(
                    owning_agency=police,
                    created_by=analyst,
                    **{first: pick(first, group), second: pick(second, group)},
                )
            )
        Link.objects.bulk_create(made, batch_size=5000)
        hub_places = Place.objects.bulk_create(
            Place(name=f"Hub {n}", kind="hotel", owning_agency=police) for n in range(hubs)
        )
        hubbed = []
        for hub in hub_places:
            ends = rng.sample(children, hub_links // 2) + rng.sample(items, hub_links // 2)
            hubbed += [end for end in ends if isinstance(end, Person)]
            Link.objects.bulk_create(
                (
                    Link(owning_agency=police, created_by=analyst, place=hub,
                         **{"person" if isinstance(end, Person) else "item": end})
                    for end in ends
                ),
                batch_size=5000,
            )  # fmt: skip
    if hubs:
        print(f"added {hubs} hubs of {hub_links:,} links each")
        children = hubbed  # the searches start beside a hub
    print(
        f"built {sum(counts.values()):,} entities and {links:,} links "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return analyst, children, concerns


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[max(0, int(len(times) * 0.95) - 1)]


def _time(label: str, calls) -> None:
    for call in calls[:5]:  # warm up
        call()
    times = []
    for call in calls[5:]:
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"{label}: {len(times)} runs, p50 {statistics.median(times):.0f} ms, "
        f"p95 {_p95(times):.0f} ms, max {max(times):.0f} ms (target p95 300 ms)"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench network_scale")
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--links", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--hubs", type=int, default=0)
    parser.add_argument("--hub-links", type=int, default=2_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    vendor = _setup(args.database_url)
    rng = random.Random(2014)
    analyst, children, concerns = _build(
        args.entities, args.links, rng, hubs=args.hubs, hub_links=args.hub_links
    )

    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from triangulate.core import access
    from triangulate.intelligence import network

    client = Client(HTTP_HOST="localhost")
    client.force_login(analyst)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.filter(user=analyst).first().persistent_id
    session.save()

    def page(query: dict) -> None:
        response = client.get("/intelligence/network/", query)
        assert response.status_code == 200, response.status_code

    def within_request(call):
        def run():
            with access.visibility_scope():
                call()

        return run

    graph = network.build(analyst, focus=f"person:{children[0].pk}", depth=2)
    print(f"database: {vendor}; around one child, two steps: {len(graph.nodes)} nodes")
    focuses = [f"person:{rng.choice(children).pk}" for _ in range(args.queries + 5)]
    _time(
        "network around a child, two steps (the data)",
        [within_request(lambda f=f: network.build(analyst, focus=f, depth=2)) for f in focuses],
    )
    _time(
        "network page around a child, two steps (the page, drawn and audited)",
        [lambda f=f: page({"focus": f, "depth": 2}) for f in focuses],
    )
    pairs = [
        (f"person:{rng.choice(children).pk}", f"concern:{rng.choice(concerns).pk}")
        for _ in range(args.queries + 5)
    ]
    found = sum(bool(network.path(analyst, a, b)) for a, b in pairs[:20])
    print(f"shortest paths found for {found} of 20 pairs")
    _time(
        "shortest path, child to person of concern (the data)",
        [within_request(lambda a=a, b=b: network.path(analyst, a, b)) for a, b in pairs],
    )
    _time(
        "network page with a path search, child to person of concern (the page)",
        [lambda a=a, b=b: page({"focus": a, "from": a, "to": b}) for a, b in pairs],
    )
    return 0
