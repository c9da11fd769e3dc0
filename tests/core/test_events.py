"""Domain events are declared by the app that publishes them: a misspelt event or a changed
payload fails where it is published, and a handler for an event no one publishes fails
`manage.py check`."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from triangulate.core.extensions import UnknownEvent, check_event_handlers, publish


def test_an_event_no_app_declares_is_refused():
    with pytest.raises(UnknownEvent, match="contact.recieved"):
        publish("contact.recieved", person=None, contact=None, actor=None)


def test_an_event_with_other_fields_than_declared_is_refused():
    with pytest.raises(UnknownEvent, match="carries"):
        publish("contact.received", person=None, contact=None)


def test_every_installed_handler_listens_for_a_published_event():
    assert check_event_handlers() == []


def test_a_handler_for_an_event_nobody_publishes_fails_the_system_check(monkeypatch):
    meetings = apps.get_app_config("meetings")
    monkeypatch.setattr(
        meetings,
        "event_handlers",
        {**meetings.event_handlers, "case.due_for_closure": "triangulate.meetings.handlers.x"},
    )
    problems = check_event_handlers()
    assert [p.id for p in problems] == ["triangulate.E001"]
    assert "case.due_for_closure" in problems[0].msg
    with pytest.raises(SystemCheckError):
        call_command("check")


def test_a_handler_that_cannot_be_imported_fails_the_system_check(monkeypatch):
    risk = apps.get_app_config("risk")
    monkeypatch.setattr(
        risk,
        "event_handlers",
        {**risk.event_handlers, "contact.received": "triangulate.risk.handlers.missing_one"},
    )
    assert [p.id for p in check_event_handlers()] == ["triangulate.E002"]
