"""Display logic for risk: the one status tag used wherever a child's assessment appears."""

from __future__ import annotations

from django.urls import reverse

from triangulate.core import access
from triangulate.core.presenters import child_cell as core_child_cell
from triangulate.core.presenters import uk_date

from . import scoring
from .services.statuses import RiskStatus

# One rule for every list: "Overdue" only when the review date has passed; an early-review
# prompt is its own status, shown with the day it was prompted.
STATUS_TAGS = {
    "none": ("No assessment", "govuk-tag--grey"),
    "up_to_date": ("Up to date", "govuk-tag--green"),
    "overdue": ("Overdue", "govuk-tag--red"),
    "review_prompted": ("Early review prompted", "govuk-tag--orange"),
}
LEVEL_CLASSES = {
    "none": "govuk-tag--grey",
    "low": "govuk-tag--blue",
    "medium": "govuk-tag--yellow",
    "high": "govuk-tag--red",
}


def status_tag(status: RiskStatus) -> dict:
    text, classes = STATUS_TAGS[status.state]
    return {"text": text, "classes": classes}


def level_tag(definition: dict, code: str) -> dict:
    return {
        "text": scoring.level_label(definition, code) or "Not judged",
        "classes": LEVEL_CLASSES.get(code, "govuk-tag--grey"),
    }


def prompt_text(status: RiskStatus) -> str:
    """'Early review prompted on 3 December 2026 (new contact)', or '' without a prompt."""
    if not status.prompts:
        return ""
    reasons = ", ".join(sorted({p.get_reason_display().lower() for p in status.prompts}))
    return f"Early review prompted on {uk_date(status.prompted_on)} ({reasons})"


def status_sentence(status: RiskStatus) -> str:
    if status.assessment is None:
        return "No risk assessment has been completed or shared with your agency."
    due = uk_date(status.assessment.review_due)
    prompted = prompt_text(status)
    if status.state == "overdue":
        return f"The review was due on {due}." + (f" {prompted}." if prompted else "")
    if status.state == "review_prompted":
        return f"{prompted}. Scheduled review: {due}."
    return f"Next review by {due}."


def child_cell(user, person) -> dict:
    """The child's name as ADR 0009 allows (one rule, in core)."""
    return core_child_cell(user, person)


def review_rows(user, statuses: list[RiskStatus]) -> list[list[dict]]:
    """Rows for a table of reviews due: child, level, review date, status (one rule)."""
    access.remember_visibility(user, [s.assessment.person for s in statuses])
    rows = []
    for status in statuses:
        assessment = status.assessment
        rows.append(
            [
                child_cell(user, assessment.person),
                {
                    "link": {
                        "href": reverse("risk:assessment", args=[assessment.pk]),
                        "text": status.level_label,
                        "hidden": f"assessment for {assessment.person.full_name}",
                    }
                },
                {"text": uk_date(assessment.review_due)},
                {"tag": status_tag(status), "note": prompt_text(status)},
            ]
        )
    return rows


def sign_off_rows(user, awaiting: list[tuple]) -> list[list[dict]]:
    """Rows for assessments awaiting sign-off, each tagged by the same review rule."""
    access.remember_visibility(user, [a.person for a, _status in awaiting])
    rows = []
    for assessment, status in awaiting:
        rows.append(
            [
                child_cell(user, assessment.person),
                {
                    "link": {
                        "href": reverse("risk:assessment", args=[assessment.pk]),
                        "text": "Sign off",
                        "hidden": f"the risk assessment for {assessment.person.full_name}",
                    }
                },
                {"text": uk_date(assessment.completed_at)},
                {"text": uk_date(assessment.review_due)},
                {"tag": status_tag(status), "note": prompt_text(status)},
            ]
        )
    return rows


def action_tag(action, today) -> dict | None:
    """'Overdue' for an open action whose due date has passed."""
    if action.is_open and action.due_on < today:
        return {"text": "Overdue", "classes": "govuk-tag--red"}
    return None


def action_rows(user, actions, today) -> list[list[dict]]:
    access.remember_visibility(user, [a.plan.person for a in actions])
    rows = []
    for action in actions:
        rows.append(
            [
                {"link": {"href": reverse("risk:action", args=[action.pk]), "text": action.text}},
                child_cell(user, action.plan.person),
                {"text": uk_date(action.due_on), "tag": action_tag(action, today)},
                {"text": action.get_status_display()},
            ]
        )
    return rows


def answer_text(indicator: dict, answer: str) -> str:
    if not answer:
        return "Not seen"
    if answer == scoring.CURRENT:
        return "Seen recently" if indicator.get("recency_days") else "Present"
    return "Seen before the window"


def comparison_rows(first, second) -> list[list[dict]]:
    """Rows of a side-by-side table: every indicator in either tool version, then outcomes."""
    rows = []
    seen = set()
    for assessment in (first, second):
        for _section, indicator in scoring.indicators(assessment.tool.definition):
            if indicator["code"] in seen:
                continue
            seen.add(indicator["code"])
            a = first.answers.get(indicator["code"], "")
            b = second.answers.get(indicator["code"], "")
            changed = " app-changed" if a != b else ""
            rows.append(
                [
                    {"text": indicator["text"]},
                    {"text": answer_text(indicator, a), "classes": changed.strip()},
                    {"text": answer_text(indicator, b), "classes": changed.strip()},
                ]
            )
    for label, getter in (
        ("Score", lambda x: str(x.score)),
        ("Suggested level", lambda x: scoring.level_label(x.tool.definition, x.suggested_level)),
        ("Judged level", lambda x: scoring.level_label(x.tool.definition, x.judged_level)),
        ("Rationale", lambda x: x.rationale or "None given"),
        ("Tool version", lambda x: str(x.tool.version)),
        ("Next review", lambda x: uk_date(x.review_due) or "Not set"),
    ):
        rows.append(
            [
                {"text": label, "classes": "govuk-!-font-weight-bold"},
                {"text": getter(first)},
                {"text": getter(second)},
            ]
        )
    return rows


def indicator_names(definition: dict, codes: list[str]) -> str:
    """The wording of indicators a contributor ticked, in the tool's order; unknown codes
    (from an older tool version) are shown as they are."""
    texts = {ind["code"]: ind["text"] for _, ind in scoring.indicators(definition)}
    return "; ".join(texts.get(code, code) for code in codes)
