"""Schemathesis over the OpenAPI document: requests generated from the schema for every
operation, sent to the WSGI application with a token, must never meet a server error and
every response must be one the schema describes (status, content type and body).

The number of examples is bounded so that it runs in ``make test``; the figures (operations,
cases generated, server errors) are printed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import PersonFactory
from triangulate.api.services import token_issue
from triangulate.core import ratelimit
from triangulate.core.roles import Role
from triangulate.intelligence.models import IntelligenceItem
from triangulate.performance.models import BoardPack, PackFigure

EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _records(council, police, user):
    """One record behind each read, so that generated requests reach real answers too."""
    child = PersonFactory(owning_agency=council, given_name="Kai", family_name="Nowak")
    item = IntelligenceItem.objects.create(
        owning_agency=police,
        reference="INT-000001",
        submitted_by_agency=council,
        submitted_by=user,
        what_seen="A car waits by the park at night",
        seen_at=timezone.now() - dt.timedelta(days=2),
        person=child,
    )
    pack = BoardPack.objects.create(
        title="Board pack",
        period_start=dt.date(2026, 1, 1),
        created_by=user,
        released_at=timezone.now(),
        published_at=timezone.now(),
    )
    PackFigure.objects.create(
        pack=pack,
        position=0,
        figure_id="F1",
        slug="contacts",
        name="Contacts",
        definition_version=1,
        definition={"counts": "contacts"},
        numerator=3,
        breakdown=[["Police", 3], ["Health", 12]],
        breakdown_additive=True,
    )
    return {"person_id": child.pk, "item_id": item.pk, "report_id": pack.pk}


@pytest.fixture
def wsgi_app():
    """The real WSGI application, kept on the test's database connection (as Django's test
    client does: the end of a request must not close the connection the test runs in)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_operation_answers_within_the_schema_and_never_fails(
    make_user, council, police, monkeypatch, wsgi_app
):
    monkeypatch.setitem(ratelimit.LIMITS, "api_token", (10**6, 60))
    user = make_user(council, Role.FRONT_DOOR_SOCIAL_WORKER, username="demo.api")
    ids = _records(council, police, user)
    _token, secret = token_issue(user=user, name="Schemathesis")
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)

    statuses: Counter = Counter()
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        params = {p.name for p in operation.path_parameters}
        strategies = [operation.as_strategy()]
        if params:  # also with an id that names a real record
            strategies.append(
                operation.as_strategy(path_parameters={p: ids.get(p, 1) for p in params})
            )
        for strategy in strategies:

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def check(case):
                response = case.call(headers=headers)
                statuses[response.status_code] += 1
                try:
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except Exception as failure:  # noqa: BLE001 - collected and reported below
                    failures.append(f"{case.operation.label}: {failure}"[:600])

            check()

    cases = sum(statuses.values())
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    print(
        f"schemathesis: {len(operations)} operations, {cases} cases generated, "
        f"500s: {server_errors}, outside the schema: {len(failures)}, "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    assert len(operations) >= 8
    assert server_errors == 0 and not failures, failures[:5]
