"""A small fixed-window rate limit for the public pages, keyed by a hash of the client address.

Uses Django's cache: configure a shared cache (for example Redis or the database cache) in
production so that every web process counts against the same limit.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

LIMITS = {
    # bucket: (requests allowed, window in seconds)
    "public_concern": (5, 3600),
    "public_status": (20, 3600),
}


def _client(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(address.encode()).hexdigest()[:24]


def allow(request, bucket: str) -> bool:
    """Count one request in ``bucket``; False once the client has used up its allowance."""
    limit, window = LIMITS[bucket]
    key = f"ratelimit:{bucket}:{_client(request)}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # pragma: no cover - the key expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
