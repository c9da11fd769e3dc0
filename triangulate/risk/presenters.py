"""Display logic for risk: the one status tag used wherever a child's assessment appears."""

from __future__ import annotations

from triangulate.core.presenters import uk_date

from . import scoring
from .services import RiskStatus

STATUS_TAGS = {
    "none": ("No assessment", "govuk-tag--grey"),
    "up_to_date": ("Up to date", "govuk-tag--green"),
    "overdue": ("Overdue", "govuk-tag--red"),
    "review_prompted": ("Overdue: early review prompted", "govuk-tag--red"),
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


def status_sentence(status: RiskStatus) -> str:
    if status.assessment is None:
        return "No risk assessment has been completed or shared with your agency."
    due = uk_date(status.assessment.review_due)
    if status.state == "overdue":
        return f"The review was due on {due}."
    if status.state == "review_prompted":
        reasons = ", ".join(p.get_reason_display().lower() for p in status.prompts)
        return f"An early review is needed now ({reasons}). Scheduled review: {due}."
    return f"Next review by {due}."


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
