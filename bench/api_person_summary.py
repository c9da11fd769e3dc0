"""The API's person summary (GET /api/people/<id>) on a big register: p50, p95 and queries.

    python -m bench api_person_summary [--template triangulate_load] [--requests 300]

Copies the database the load test built (`bench load --build-only`: a ten-year borough of
60,000 children on PostgreSQL) to a throwaway database, adds this version's tables, issues
a token to a front-door social worker and asks for the summaries of children their agency
holds, one request each, through the whole Django stack in process (no network): token
check, access policy, audit entry, the answer. The rate limit is lifted for the run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import time

POSTGRES = "postgres://postgres@127.0.0.1:5432"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench api_person_summary")
    parser.add_argument("--template", default="triangulate_load")
    parser.add_argument("--database", default="triangulate_api_bench")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database])
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", "-T", args.template, args.database],
        check=True,
    )
    os.environ["DATABASE_URL"] = f"{POSTGRES}/{args.database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "triangulate.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from triangulate.api.services import token_issue
    from triangulate.core import access, ratelimit
    from triangulate.core.models import User
    from triangulate.core.roles import Role
    from triangulate.register.models import Person

    call_command("migrate", "--noinput", "-v", "0")
    ratelimit.LIMITS["api_token"] = (10**9, 60)
    user = (
        User.objects.filter(grants__role=Role.FRONT_DOOR_SOCIAL_WORKER, is_active=True)
        .order_by("id")
        .first()
    )
    ids = list(access.visible(user, Person).values_list("id", flat=True))
    print(f"register: {Person.objects.count():,} people; {user.username} may see {len(ids):,}")
    _token, secret = token_issue(user=user, name="benchmark")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    chosen = random.Random(20131).sample(ids, min(args.requests + 20, len(ids)))
    for pk in chosen[:20]:  # warm up
        client.get(f"/api/people/{pk}")
    times, queries = [], []
    for pk in chosen[20:]:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(f"/api/people/{pk}")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content
        queries.append(len(captured))
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"person summary: {len(times)} requests, p50 {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms, queries per request {statistics.median(queries):.0f}"
    )
    connection.close()
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database])
    return 0
