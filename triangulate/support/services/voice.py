"""Survivor voice: feedback (public and practitioner-entered), themes, "you said, we did"."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction
from triangulate.partnership.models import Action

from ..models import (
    Feedback,
    FeedbackFrom,
    FeedbackRoute,
    Helped,
    Listened,
    SupportService,
    Theme,
    YouSaidWeDid,
)
from . import Invalid

WORDS_MAX = 3000


def _check(from_whom, helped, listened, words) -> dict:
    errors = {}
    if from_whom not in FeedbackFrom.values:
        errors["from_whom"] = "Select who the feedback is from"
    if helped and helped not in Helped.values:
        errors["helped"] = "Select how much the help helped"
    if listened and listened not in Listened.values:
        errors["listened"] = "Select whether they felt listened to"
    if not (words or "").strip():
        errors["words"] = "Enter what they told us, in their own words"
    elif len(words) > WORDS_MAX:
        errors["words"] = f"Feedback must be {WORDS_MAX} characters or fewer"
    return errors


def _create(*, actor, route, from_whom, service, helped, listened, words) -> Feedback:
    errors = _check(from_whom, helped, listened, words)
    if errors:
        raise Invalid(errors)
    feedback = Feedback.objects.create(
        route=route,
        from_whom=from_whom,
        service=service,
        helped=helped or "",
        listened=listened or "",
        words=words.strip(),
        entered_by=actor,
    )
    audit(actor, AuditAction.CREATE, feedback, "record feedback", detail={"route": route})
    return feedback


@transaction.atomic
def feedback_public(
    *, from_whom: str, words: str, service=None, helped="", listened=""
) -> Feedback:
    """Feedback through the public form: anonymous, from no signed-in user."""
    if service is not None and not service.is_published:
        service = None
    return _create(
        actor=None,
        route=FeedbackRoute.PUBLIC_FORM,
        from_whom=from_whom,
        service=service,
        helped=helped,
        listened=listened,
        words=words,
    )


@transaction.atomic
def feedback_enter(
    *, actor, from_whom: str, words: str, service=None, helped="", listened=""
) -> Feedback:
    """Feedback a practitioner collected (in a session, a review, a survey)."""
    access.require(actor, "support.feedback_enter")
    return _create(
        actor=actor,
        route=FeedbackRoute.PRACTITIONER,
        from_whom=from_whom,
        service=service,
        helped=helped,
        listened=listened,
        words=words,
    )


def feedback_list(*, actor, theme: str = "") -> list[Feedback]:
    access.require(actor, "support.voice")
    items = Feedback.objects.select_related("service").order_by("-received_at", "-id")
    if theme in Theme.values:
        items = [f for f in items if theme in f.themes]
    return list(items)


def feedback_open(*, actor, pk: int) -> Feedback:
    access.require(actor, "support.voice", record=("support.feedback", pk))
    return get_object_or_404(Feedback.objects.select_related("service"), pk=pk)


def theme_counts(items) -> list[tuple[str, str, int]]:
    counts = dict.fromkeys(Theme.values, 0)
    for item in items:
        for code in item.themes:
            if code in counts:
                counts[code] += 1
    return [(code, Theme(code).label, counts[code]) for code in Theme.values]


@transaction.atomic
def feedback_tag(*, actor, feedback: Feedback, expected_version: int, themes: list[str]) -> None:
    access.require(actor, "support.manage_voice", feedback)
    if any(code not in Theme.values for code in themes):
        raise Invalid({"themes": "Select themes from the list"})
    bump(feedback, expected_version, themes=list(themes))
    audit(
        actor, AuditAction.CHANGE, feedback, "tag feedback with themes", detail={"themes": themes}
    )


def action_choices() -> list[Action]:
    """The plan actions a response may be tied to, newest plans first."""
    return list(
        Action.objects.select_related("objective__priority__plan").order_by(
            "-objective__priority__plan__starts_on", "number", "id"
        )
    )


@transaction.atomic
def response_create(
    *, actor, you_said: str, we_did: str, feedback: list[Feedback], action, is_published: bool
) -> YouSaidWeDid:
    access.require(actor, "support.manage_voice")
    errors = {}
    if not you_said.strip():
        errors["you_said"] = "Enter what children, families or survivors told us"
    if not we_did.strip():
        errors["we_did"] = "Enter what the partnership did or is doing about it"
    if errors:
        raise Invalid(errors)
    response = YouSaidWeDid.objects.create(
        you_said=you_said.strip(),
        we_did=we_did.strip(),
        action=action,
        is_published=is_published,
        created_by=actor,
    )
    response.feedback.set(feedback)
    audit(actor, AuditAction.CREATE, response, "record a 'you said, we did'")
    return response


def responses(*, actor) -> list[YouSaidWeDid]:
    access.require(actor, "support.voice")
    return list(
        YouSaidWeDid.objects.select_related("action__objective__priority__plan").prefetch_related(
            "feedback"
        )
    )


def published_responses() -> list[YouSaidWeDid]:
    return list(
        YouSaidWeDid.objects.filter(is_published=True).select_related(
            "action__objective__priority__plan"
        )
    )


def actions_from_feedback(items) -> int:
    """How many distinct plan actions came from what children, families and survivors said."""
    return len({r.action_id for r in items if r.action_id})


def public_action_title(response: YouSaidWeDid) -> str:
    """The plan action as the public may see it: named only if it is in a published plan
    and not kept out of the public version."""
    action = response.action
    if action is None:
        return ""
    plan = action.objective.priority.plan
    if plan.is_published and action.is_public:
        return f"{action.number} {action.title}"
    return "An action in the partnership's plan"


def published_services() -> list[SupportService]:
    return list(SupportService.objects.filter(is_published=True).order_by("name"))
