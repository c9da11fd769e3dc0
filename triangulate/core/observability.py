"""What operators see of a running service: a request id on every request and log line,
JSON logs, a health check and token-protected Prometheus metrics.

Nothing here logs personal data: a log line carries the request id, the path's URL name is
the most a metric carries, and the health check answers only whether the database answers.
"""

from __future__ import annotations

import contextvars
import hmac
import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# An id a proxy in front of us set is kept only if it looks like one (letters, digits, dashes,
# at most 64 characters), so nothing a client types reaches the logs.
_INCOMING_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")

logger = logging.getLogger("triangulate.requests")


class RequestIdMiddleware:
    """Give every request an id, answer with it in ``X-Request-ID`` and log the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "route": _route(request),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _route(request) -> str:
    """The URL pattern's name, never the path itself (a path can hold a reference)."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


class RequestIdFilter(logging.Filter):
    """Put the current request id on every log record, for any formatter to use."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry:
                entry[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def health(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logging.getLogger("triangulate.health").exception("The database did not answer")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def metrics(request):
    """Prometheus metrics, for a scraper holding ``METRICS_TOKEN`` as a bearer token.

    Without a token configured the page does not exist; a wrong token is treated the same,
    so the page gives nothing away.
    """
    token = getattr(settings, "METRICS_TOKEN", "")
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(offered.encode(), token.encode()):
        raise Http404
    from django_prometheus.exports import ExportToDjangoView

    response = ExportToDjangoView(request)
    return HttpResponse(response.content, content_type=response["Content-Type"])
