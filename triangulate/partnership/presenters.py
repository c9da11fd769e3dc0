"""Display logic for partnership pages: RAG tags with their reasons, tables and summaries."""

from __future__ import annotations

from django.urls import reverse

from triangulate.core.presenters import uk_date

from .services import rag

RAG_TAGS = {
    "red": ("Red", "govuk-tag--red"),
    "amber": ("Amber", "govuk-tag--orange"),
    "green": ("Green", "govuk-tag--green"),
    "blue": ("Complete", "govuk-tag--blue"),
    "continuing": ("Continuing", "govuk-tag--purple"),
}


def rag_tag(status: str, override: bool = False) -> dict:
    text, classes = RAG_TAGS[status]
    if override:
        text = f"{text} (override)"
    return {"text": text, "classes": classes}


def count_links(counts: dict[str, int]) -> list[tuple[dict, int, str]]:
    """Each colour's tag, how many actions have it, and its code (for a filter link)."""
    return [(rag_tag(status), counts.get(status, 0), status) for status in RAG_TAGS]


def rag_counts(actions, rule_set, today) -> list[tuple[dict, int, str]]:
    """How many of these actions show each colour."""
    counts: dict[str, int] = {}
    for action in actions:
        status = rag.rate(action, rule_set, today).shown_status
        counts[status] = counts.get(status, 0) + 1
    return count_links(counts)


def facts_text(facts: rag.ActionFacts) -> str:
    """The facts the rules looked at, so a reader can check the colour themselves."""
    evidence = (
        f"last evidence {uk_date(facts.last_evidence_on)}"
        if facts.last_evidence_on
        else "no evidence recorded"
    )
    slips = {0: "never moved later", 1: "moved later once"}.get(
        facts.slips, f"moved later {facts.slips} times"
    )
    milestone = (
        f"; earliest milestone not done due {uk_date(min(facts.open_milestone_dates))}"
        if facts.open_milestone_dates
        else ""
    )
    return f"Facts: {evidence}; target date {slips}{milestone}."


def rating_cell(rating: rag.Rating) -> dict:
    """The colour and, always beside it, the rule that produced it (and any override)."""
    tag = rag_tag(rating.shown_status, bool(rating.override))
    why = f"Rule {rating.rule_number} (version {rating.rules_version}): {rating.reason}"
    if rating.facts is not None:
        why += ". " + facts_text(rating.facts)
    if rating.override:
        why = (
            f"Overridden from {RAG_TAGS[rating.status][0]} by agreement: "
            f"{rating.override.reason}. The rules say — {why}"
        )
    return {"tag": tag, "note": why}


def plan_sections(
    plan, actions, rule_set, today, *, public: bool = False, only_status: str = ""
) -> list[dict]:
    """Rows grouped by priority: number, action, lead, agency, target date, rating."""
    sections: dict[int, dict] = {}
    counts: dict[str, int] = {}
    for action in actions:
        if public and not action.is_public:
            continue
        rating = rag.rate(action, rule_set, today)
        counts[rating.shown_status] = counts.get(rating.shown_status, 0) + 1
        if only_status and rating.shown_status != only_status:
            continue
        priority = action.objective.priority
        section = sections.setdefault(
            priority.pk, {"heading": str(priority), "rows": [], "pdf_rows": []}
        )
        title = {"text": action.title}
        if not public:
            link = reverse("partnership:action", args=[action.pk])
            title = {"link": {"href": link, "text": action.title}}
        moved = action.target_date != action.original_target_date
        target = uk_date(action.target_date) + (
            f" (was {uk_date(action.original_target_date)})" if moved else ""
        )
        row = [
            {"text": action.number},
            title,
            {"text": action.owning_agency.name},
        ]
        if not public:
            row.append({"text": action.lead_officer.display_name})
        row += [{"text": target}, rating_cell(rating)]
        section["rows"].append(row)
        section["pdf_rows"].append(
            [
                action.number,
                action.title,
                action.owning_agency.name,
                target,
                f"{rag_tag(rating.shown_status, bool(rating.override))['text']}"
                f" (rule {rating.rule_number})",
            ]
        )
    return list(sections.values()), counts


def rules_list(rule_set) -> list[str]:
    return [rule["text"] for rule in rule_set.rules]


def date_history_rows(action) -> list[list[dict]]:
    rows = [
        [
            {"text": uk_date(action.created_at)},
            {"text": "Set"},
            {"text": uk_date(action.original_target_date)},
            {"text": "Original target date"},
            {"text": ""},
        ]
    ]
    for change in action.date_changes.all():
        rows.append(
            [
                {"text": uk_date(change.changed_at)},
                {"text": f"Moved from {uk_date(change.old_date)}"},
                {"text": uk_date(change.new_date)},
                {"text": change.reason},
                {
                    "text": f"{change.changed_by.display_name}; approved by "
                    f"{change.approved_by.display_name}"
                },
            ]
        )
    return rows


def slippage_rows(changes) -> list[list[dict]]:
    rows = []
    for change in changes:
        action = change.action
        link = reverse("partnership:action", args=[action.pk])
        rows.append(
            [
                {"text": uk_date(change.changed_at)},
                {"link": {"href": link, "text": f"{action.number} {action.title}"}},
                {"text": uk_date(change.old_date)},
                {"text": uk_date(change.new_date)},
                {"text": f"{(change.new_date - change.old_date).days} days"},
                {"text": change.reason},
                {"text": change.changed_by.display_name},
                {"text": change.approved_by.display_name},
            ]
        )
    return rows


def answer_tag(question, today) -> dict:
    if question.answered_on:
        return {"text": "Answered", "classes": "govuk-tag--green"}
    if question.is_overdue(today):
        return {"text": "Written answer overdue", "classes": "govuk-tag--red"}
    if question.answer_mode == "written":
        return {
            "text": f"Written answer due {uk_date(question.answer_due_on)}",
            "classes": "govuk-tag--yellow",
        }
    if question.sent_at:
        return {"text": "Sent to witness", "classes": "govuk-tag--blue"}
    return {"text": "Draft", "classes": "govuk-tag--grey"}
