"""Rate limits are shared by every web process and key on the real client, never on an
address the client wrote itself."""

from unittest import mock

from django.core.cache import caches
from django.test import Client

from tests.frontdoor.test_public import PUBLIC
from triangulate.core import ratelimit


def worker_cache():
    """The cache client a newly started web process would make from the settings."""
    with mock.patch.dict("django.core.cache.backends.locmem._caches", clear=True):
        return caches.create_connection("default")


def test_two_web_processes_count_against_one_bucket(db, rf, monkeypatch):
    first, second = worker_cache(), worker_cache()
    request = rf.post("/public/concern", REMOTE_ADDR="203.0.113.9")
    limit = ratelimit.LIMITS["public_concern"][0]
    answers = []
    for n in range(limit + 1):
        monkeypatch.setattr(ratelimit, "cache", first if n % 2 else second)
        answers.append(ratelimit.allow(request, "public_concern"))
    assert answers == [True] * limit + [False]


def test_a_forwarded_header_is_ignored_unless_configured_and_from_a_trusted_proxy(rf, settings):
    spoofed = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert ratelimit.client_address(spoofed) == "198.51.100.7"
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert ratelimit.client_address(spoofed) == "198.51.100.7"
    proxied = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.50, 203.0.113.1, 10.0.0.3"
    )
    assert ratelimit.client_address(proxied) == "203.0.113.1"


def test_behind_a_trusted_proxy_each_reporter_has_their_own_allowance(settings, front_door_worker):
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    limit = ratelimit.LIMITS["public_concern"][0]

    def report(reporter: str) -> int:
        return (
            Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=reporter)
            .post("/public/concern", PUBLIC)
            .status_code
        )

    assert [report("203.0.113.1") for _ in range(limit + 1)][-1] == 429
    assert report("203.0.113.2") != 429
    # A client cannot buy a fresh allowance by writing its own header.
    assert report("192.0.2.99, 203.0.113.1") == 429
