"""Rate limits are shared by every web process and key on the real client, never on an
address the client wrote itself."""

import pytest
from django.db import connections
from django.test import Client

from tests.frontdoor.test_public import PUBLIC
from triangulate.core import ratelimit
from triangulate.core.models import RateCount


@pytest.mark.django_db(transaction=True)
def test_two_web_processes_count_against_one_bucket(rf, monkeypatch):
    # Each web process has its own database connection; the count is the database's.
    processes = [connections.create_connection("default") for _ in range(2)]
    request = rf.post("/public/concern", REMOTE_ADDR="203.0.113.9")
    limit = ratelimit.LIMITS["public_concern"][0]
    answers = []
    try:
        for n in range(limit + 1):
            monkeypatch.setattr(ratelimit, "connection", processes[n % 2])
            answers.append(ratelimit.allow(request, "public_concern"))
    finally:
        for process in processes:
            process.close()
    assert answers == [True] * limit + [False]


@pytest.mark.django_db
@pytest.mark.parametrize("returning", [True, False])
def test_a_request_is_counted_whether_or_not_the_database_gives_back_what_it_wrote(
    rf, monkeypatch, returning
):
    monkeypatch.setattr(ratelimit, "_returning", lambda: returning)
    request = rf.post("/public/concern", REMOTE_ADDR="203.0.113.9")

    assert [ratelimit.used(request, "public_concern") for _ in range(3)] == [1, 2, 3]


@pytest.mark.django_db
def test_a_new_window_clears_the_counts_of_windows_that_have_ended(rf, monkeypatch):
    request = rf.post("/public/concern", REMOTE_ADDR="203.0.113.9")
    ratelimit.allow(request, "public_concern")
    RateCount.objects.update(expires_at="2020-01-01T00:00:00Z")
    monkeypatch.setattr(ratelimit.time, "time", lambda: 4_000_000_000.0)  # a later window

    assert ratelimit.allow(request, "public_concern")
    assert list(RateCount.objects.values_list("count", flat=True)) == [1]


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
