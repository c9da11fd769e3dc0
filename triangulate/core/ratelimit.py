"""Rate limits and the client's address, counted in the database.

Every web process counts against the same limits because the counts live in the database
(``core.RateCount``), which every process shares; a per-process memory would multiply every
limit by the number of processes. A request is counted by one statement, an insert that adds
one to the row if it is there already and gives back the new count (PostgreSQL and SQLite
both have it), where the database cache took about ten queries for its add and increment
(ADR 0027).

The client is the address that connected to us (``REMOTE_ADDR``). Behind a reverse proxy
that would put every user in one bucket, so an installation behind one names the header its
proxy sets (``CLIENT_ADDRESS_HEADER``, for example ``X-Forwarded-For``) and the proxies'
addresses (``TRUSTED_PROXIES``). Only a request that reaches us from a trusted proxy has its
header read, and then only the right-most address that is not a trusted proxy counts: the
addresses to its left were written by the client and prove nothing. With no header
configured (the default) the header is never read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import sqlite3
import time
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import RateCount

LIMITS = {
    # bucket: (requests allowed, window in seconds)
    "public_concern": (5, 3600),
    "public_status": (20, 3600),
    "public_feedback": (5, 3600),
    "public_complaint": (5, 3600),
    # The API: each token, and each client offering no valid token (a guessing run).
    "api_token": (120, 60),
    "api_unauthenticated": (30, 60),
}


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str:
    """The address of the client making ``request`` (see the module docstring)."""
    peer = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    header = settings.CLIENT_ADDRESS_HEADER
    if not header or not _trusted(peer):
        return peer
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    hops = [hop.strip() for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop
    return hops[0] if hops else peer


def hashed(*parts: str) -> str:
    """A cache key part for personal values (addresses, usernames): never stored in clear."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _returning() -> bool:
    """Whether the database gives back what an insert wrote (SQLite from 3.35)."""
    return connection.vendor != "sqlite" or sqlite3.sqlite_version_info >= (3, 35)


def count(key: str, window: int) -> int:
    """Add one to the counter ``key`` (kept for ``window`` seconds); the count so far. The
    first count of a new window also removes the counters whose windows have ended."""
    now = timezone.now()
    table, name, tally, expiry = (
        connection.ops.quote_name(n)
        for n in (RateCount._meta.db_table, "key", "count", "expires_at")
    )
    # Only the table's and columns' own names, quoted, are written into the statement.
    upsert = (
        f"INSERT INTO {table} ({name}, {tally}, {expiry}) VALUES (%s, 1, %s) "  # noqa: S608
        f"ON CONFLICT ({name}) DO UPDATE SET {tally} = {table}.{tally} + 1"
    )
    with connection.cursor() as cursor:
        if _returning():
            cursor.execute(f"{upsert} RETURNING {tally}", [key, now + dt.timedelta(seconds=window)])
            counted = cursor.fetchone()[0]
        else:  # an SQLite older than 3.35: the same count in two statements, in one transaction
            with transaction.atomic(using=connection.alias):
                cursor.execute(upsert, [key, now + dt.timedelta(seconds=window)])
                counted = RateCount.objects.using(connection.alias).get(key=key).count
    if counted == 1:
        RateCount.objects.filter(expires_at__lt=now).delete()
    return counted


def allow(request, bucket: str) -> bool:
    """Count one request in ``bucket``; False once the client has used up its allowance."""
    return used(request, bucket) <= LIMITS[bucket][0]


def used(request, bucket: str, *, who: str | None = None) -> int:
    """Count one request in ``bucket`` and return how many the client (or ``who``) has made in
    this window, so that a caller can tell the first request over the limit from the rest."""
    _limit, window = LIMITS[bucket]
    who = client_address(request) if who is None else who
    key = f"ratelimit:{bucket}:{hashed(who)}:{int(time.time() // window)}"
    return count(key, window)


# Bigger than any honest public report, feedback or complaint. Checked from the declared
# length before the body is read, so a huge body costs nothing.
PUBLIC_BODY_LIMIT = 32 * 1024


def body_too_big(request, limit: int = PUBLIC_BODY_LIMIT) -> bool:
    """Whether a public form's request body is over ``limit`` (or its length is unreadable)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return True
