"""Events from other apps that ask for an earlier risk review than the scheduled date."""

from __future__ import annotations

from .models import PromptReason
from .services.statuses import review_prompt_create


def on_contact_received(*, person, actor=None, contact=None, **_):
    review_prompt_create(
        person=person, reason=PromptReason.CONTACT, detail="A new contact was received", actor=actor
    )


def on_intelligence_received(*, person, actor=None, **_):
    review_prompt_create(
        person=person,
        reason=PromptReason.INTELLIGENCE,
        detail="New intelligence was recorded",
        actor=actor,
    )


def on_missing_episode_started(*, person, episode, actor=None, **_):
    review_prompt_create(
        person=person,
        reason=PromptReason.MISSING_EPISODE,
        detail=f"{episode.get_category_display()} from {episode.started_at:%d/%m/%Y}",
        actor=actor,
    )


def on_missing_episode_ended(**_):
    """The start of the episode already prompted a review; nothing more is needed here."""


def on_interview_findings(*, person, interview, actor=None, prompt_review=False, **_):
    if prompt_review:
        review_prompt_create(
            person=person,
            reason=PromptReason.RETURN_INTERVIEW,
            detail="Findings from a return home interview",
            actor=actor,
        )
