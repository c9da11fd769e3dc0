"""The audit log at scale: a full hash-chain check of millions of entries, the nightly
check of what is new, and the entries for one record.

    python -m bench audit_scale [--entries 5000000] [--database-url postgres://...]

Writes a valid chain of ``--entries`` entries about 50,000 people into a throwaway database
(PostgreSQL: dropped and created; without --database-url a temporary SQLite file), then
times `manage.py verify_audit --full`, a nightly `verify_audit` after 10,000 more entries,
and `entries_for` one person (the page "who has seen this child").
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

PEOPLE = 50_000


def _fresh_postgres(url: str) -> None:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _write_chain(count: int, start: int, previous_hash: str, rng: random.Random) -> str:
    """Append ``count`` entries after sequence ``start - 1``; return the last hash."""
    from triangulate.core.audit import entry_digest
    from triangulate.core.models import AuditEntry, AuditHead

    when = dt.datetime(2016, 4, 1, tzinfo=dt.UTC)
    actions = ["view", "view", "view", "change", "create", "export"]
    batch = []
    sequence = start
    for _ in range(count):
        person = rng.randrange(1, PEOPLE)
        fields = {
            "sequence": sequence,
            "occurred_at": when + dt.timedelta(seconds=sequence * 60),
            "actor_id": None,
            "actor_name": f"user{rng.randrange(400)}",
            "agency_name": "Kingsmere Children's Services",
            "action": rng.choice(actions),
            "object_type": "register.person",
            "object_id": str(person),
            "purpose": "open a child's record",
            "detail": {},
            "previous_hash": previous_hash,
            "subject_type": "register.person",
            "subject_id": str(person),
        }
        fields["entry_hash"] = previous_hash = entry_digest(fields)
        batch.append(AuditEntry(**fields))
        sequence += 1
        if len(batch) == 20_000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
    AuditHead.objects.update_or_create(
        id=1, defaults={"sequence": sequence - 1, "entry_hash": previous_hash}
    )
    return previous_hash


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench audit_scale")
    parser.add_argument("--entries", type=int, default=5_000_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="audit-")
    if args.database_url:
        _fresh_postgres(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "triangulate.config.settings.local"
    os.environ["TRIANGULATE_VAR_DIR"] = tmp
    import django

    django.setup()
    from django.core.management import call_command

    from triangulate.core.audit import GENESIS_HASH, entries_for

    call_command("migrate", verbosity=0)
    rng = random.Random(5)
    started = time.monotonic()
    last = _write_chain(args.entries, 1, GENESIS_HASH, rng)
    print(f"wrote {args.entries:,} entries in {time.monotonic() - started:.0f} s")

    started = time.monotonic()
    call_command("verify_audit", full=True)
    full = time.monotonic() - started

    _write_chain(10_000, args.entries + 1, last, rng)
    started = time.monotonic()
    call_command("verify_audit")
    nightly = time.monotonic() - started

    timings = []
    for person in rng.sample(range(1, PEOPLE), 50):
        started = time.perf_counter()
        rows = list(entries_for(("register.person", person))[:200])
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(
        f"full check of {args.entries:,}: {full:.1f} s; nightly check of 10,000 new: "
        f"{nightly:.2f} s; entries for one person: median {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms ({len(rows)} rows)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
