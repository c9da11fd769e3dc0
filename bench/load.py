"""Load test: 50 people at once against gunicorn with the production settings on PostgreSQL.

    python -m bench load [--users 50] [--run-time 120s] [--children 600] [--years 0]
                         [--workers 4]
                         [--database-url postgres://postgres@127.0.0.1:5432/triangulate_load]

Builds the demo borough on a throwaway PostgreSQL database (dropped and created), gives each
simulated person an account of their own (copies of the demo accounts, so no two sign in
with the same authenticator at once), serves with gunicorn and the production settings,
and runs the Locust scenarios in bench/locustfile.py headless: front-door triage, a
practitioner's My work, cases and child pages, a manager's caseloads, police intelligence,
the partnership plan and the public concern form, with 1–5 s between pages. Prints p50, p95
and p99 per page and the failures, and writes them to bench/results/load.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = [
    "sam.frontdoor",
    "alex.practitioner",
    "jo.manager",
    "priya.officer",
    "helen.partnership",
]
TARGET_P95_MS = 100


def _fresh_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


ACCOUNT_COPIES = """
from django_otp.plugins.otp_totp.models import TOTPDevice
from triangulate.core.models import RoleGrant, User
from triangulate.demo.governance import DEMO_TOTP_KEY
for base in {accounts!r}:
    demo = User.objects.get(username=base)
    for number in range({copies}):
        user = User.objects.create(
            username=f"{{base}}.{{number}}", agency=demo.agency, password=demo.password,
            first_name=demo.first_name, last_name=demo.last_name, job_title=demo.job_title,
        )
        RoleGrant.objects.bulk_create(RoleGrant(user=user, role=g.role) for g in demo.grants.all())
        TOTPDevice.objects.create(user=user, name="Authenticator app", key=DEMO_TOTP_KEY,
                                  confirmed=True)
print(DEMO_TOTP_KEY)
"""


PRINT_KEY = """
from triangulate.demo.governance import DEMO_TOTP_KEY
print(DEMO_TOTP_KEY)
"""


def _manage(env: dict, *args: str, input_text: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=input_text,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"{url} did not answer within {seconds} s")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench load")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time", default="120s")
    parser.add_argument("--children", type=int, default=600)
    parser.add_argument("--years", type=int, default=0, help="years of history in the demo")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the database a previous run built (same --children, --years and --users)",
    )
    parser.add_argument("--build-only", action="store_true", help="build the database and stop")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/triangulate_load"
        ),
    )
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="load-"))
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "TRIANGULATE_VAR_DIR": str(work / "var"),
        "PYTHONPATH": str(ROOT),
    }
    (work / "var").mkdir()
    started = time.monotonic()
    local = {**env, "DJANGO_SETTINGS_MODULE": "triangulate.config.settings.local"}
    if args.reuse:
        print("-- the database a previous run built")
        totp_key = _manage(local, "shell", "-v", "0", input_text=PRINT_KEY).split()[-1]
    else:
        print(f"-- demo borough of {args.children} children, {args.years} years, on PostgreSQL")
        _fresh_database(args.database_url)
        _manage(local, "migrate", "--noinput", "-v", "0")
        _manage(
            local,
            "demo_borough",
            "--children",
            str(args.children),
            "--years",
            str(args.years),
            "--seed",
            "20131",
        )
        accounts = ACCOUNT_COPIES.format(accounts=ACCOUNTS, copies=args.users)
        totp_key = _manage(local, "shell", "-v", "0", input_text=accounts).split()[-1]
        print(f"   built in {time.monotonic() - started:.0f} s")
    if args.build_only:
        return 0

    production = {
        **env,
        "DJANGO_SETTINGS_MODULE": "triangulate.config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{args.port}",
        "STATIC_ROOT": str(work / "static"),
        "BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_LOG_LEVEL": "warning",
        "REQUEST_LOG_LEVEL": "WARNING",
    }
    _manage(production, "collectstatic", "--noinput", "-v", "0")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "--config",
            "python:triangulate.config.gunicorn",
            "triangulate.config.wsgi",
        ],
        cwd=ROOT,
        env=production,
        stdout=open(work / "server.log", "w"),  # noqa: SIM115 (closed with the process)
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"http://127.0.0.1:{args.port}/healthz")
        print(
            f"-- {args.users} people, {args.run_time}, gunicorn with {args.workers} workers "
            "(production settings)"
        )
        locust = Path(sys.executable).with_name("locust")
        subprocess.run(
            [
                str(locust),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.run_time,
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--csv",
                str(work / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**env, "LOAD_TOTP_KEY": totp_key},
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return _report(work / "load_stats.csv", args)


def _report(stats_file: Path, args) -> int:
    rows = list(csv.DictReader(stats_file.open()))
    results = []
    print("\n| page | requests | failures | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        entry = {
            "page": row["Name"] if row["Name"] != "Aggregated" else "all pages",
            "method": row["Type"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50": float(row["50%"]),
            "p95": float(row["95%"]),
            "p99": float(row["99%"]),
            "rps": float(row["Requests/s"]),
        }
        results.append(entry)
        print(
            f"| {entry['method']} {entry['page']} | {entry['requests']} | {entry['failures']} | "
            f"{entry['p50']:.0f} | {entry['p95']:.0f} | {entry['p99']:.0f} |"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(
        json.dumps({"options": vars(args), "pages": results}, indent=2), encoding="utf-8"
    )
    slow = [r for r in results if r["page"] != "sign in" and r["p95"] > TARGET_P95_MS]
    failed = sum(r["failures"] for r in results if r["page"] == "all pages")
    print(f"\npages over p95 {TARGET_P95_MS} ms: {len(slow)}; failed requests: {failed}")
    return 0
