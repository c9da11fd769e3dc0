"""Events from other apps that put a child on the next meeting's agenda."""

from __future__ import annotations

from .models import AgendaPromptReason
from .services.candidates import agenda_prompt_create


def on_intelligence_received(*, person, actor=None, **_):
    agenda_prompt_create(
        person=person, reason=AgendaPromptReason.NEW_INTELLIGENCE, detail="", actor=actor
    )
