"""What an operator sees: the health check, request ids, JSON logs and metrics."""

import json
import logging

import pytest
from django.test import Client

from triangulate.core import observability
from triangulate.core.observability import JsonFormatter, RequestIdFilter, request_id_var


def test_the_health_check_answers_when_the_database_does(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_health_check_says_unavailable_when_the_database_does_not_answer(db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise ConnectionError("connection refused")

    monkeypatch.setattr(observability, "connection", Unreachable())
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert "refused" not in response.content.decode()


def test_every_response_carries_its_own_request_id(db):
    client = Client()
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/sign-in")["X-Request-ID"]
    assert len(first) == 32 and len(second) == 32
    assert first != second


def test_a_proxys_request_id_is_kept_and_anything_else_replaced(db):
    client = Client()
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123-def")["X-Request-ID"] == "abc-123-def"
    typed = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert typed["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(typed["X-Request-ID"]) == 32


def test_a_json_log_line_holds_the_request_id_and_extras():
    record = logging.makeLogRecord(
        {"name": "triangulate.requests", "levelname": "INFO", "msg": "request", "status": 200}
    )
    token = request_id_var.set("req-12345678")
    try:
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["request_id"] == "req-12345678"
    assert line["message"] == "request"
    assert line["status"] == 200
    assert line["level"] == "INFO"


def test_requests_are_logged_with_their_route_and_never_their_path(db, caplog):
    with caplog.at_level(logging.INFO, logger="triangulate.requests"):
        Client().get("/public/concern/status?reference=ABCDEFGHJKLM")
    records = [r for r in caplog.records if r.name == "triangulate.requests"]
    assert records, "the request was not logged"
    assert records[-1].status in (200, 302, 429)
    assert "ABCDEFGHJKLM" not in json.dumps(
        {k: str(v) for k, v in vars(records[-1]).items() if k != "args"}
    )


@pytest.mark.parametrize("token", ["", "wrong-token"])
def test_metrics_are_not_there_without_the_right_token(db, settings, token):
    settings.METRICS_TOKEN = "a-long-scrape-token"
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404


def test_metrics_are_not_there_when_no_token_is_configured(db, settings):
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_a_scraper_with_the_token_reads_request_latency(db, settings):
    settings.METRICS_TOKEN = "a-long-scrape-token"
    client = Client()
    client.get("/healthz")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer a-long-scrape-token")
    assert response.status_code == 200
    body = response.content.decode()
    assert "django_http_requests_latency_seconds_by_view_method" in body
