"""What a scripted client of the web app needs: the code an authenticator app shows, and the
CSRF token of a form. Used by the production-server check and the load test."""

from __future__ import annotations

import hashlib
import hmac
import re
import struct
import time


def totp(key: bytes, at: float | None = None, *, step: int = 30, digits: int = 6) -> str:
    """The time-based one-time code (RFC 6238, SHA-1) an authenticator app shows for ``key``."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def csrf_token(page: str) -> str | None:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else None
