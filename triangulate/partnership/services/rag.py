"""RAG by rule, not opinion: the first rule in the rule set whose conditions hold decides.

The rules are data (:class:`~triangulate.partnership.models.RagRuleSet`), shown on screen
next to every rating. This module only knows the vocabulary of conditions.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from ..models import Action, ActionUpdate, RagOverride, RagRuleSet


@dataclass(frozen=True)
class ActionFacts:
    target_date: dt.date
    signed_off: bool
    continuing: bool
    slips: int
    last_evidence_on: dt.date | None
    open_milestone_dates: tuple[dt.date, ...] = ()


def _days_since_evidence(facts: ActionFacts, today: dt.date) -> int | None:
    return None if facts.last_evidence_on is None else (today - facts.last_evidence_on).days


def _evidence_within(facts, today, days) -> bool:
    since = _days_since_evidence(facts, today)
    return since is not None and since <= days


def _milestone_overdue_more_than(facts, today, days) -> bool:
    return any((today - due).days > days for due in facts.open_milestone_dates)


CONDITIONS = {
    "signed_off": lambda f, today, v: f.signed_off == v,
    "continuing": lambda f, today, v: f.continuing == v,
    "overdue": lambda f, today, v: (f.target_date < today) == v,
    "slips_at_least": lambda f, today, v: f.slips >= v,
    "target_within_days": lambda f, today, v: (f.target_date - today).days <= v,
    "evidence_within_days": lambda f, today, v: _evidence_within(f, today, v),
    "no_evidence_within_days": lambda f, today, v: not _evidence_within(f, today, v),
    "milestone_overdue_days": _milestone_overdue_more_than,
}

# What a rule set may say about evidence (RagRuleSet.evidence), with the meaning of "not said".
EVIDENCE_RULES = {"min_note_words": 0, "needs_link_or_file": True}


def evidence_problem(update: ActionUpdate, evidence: dict) -> str | None:
    """Why a progress update does not count as evidence under these rules (None if it does)."""
    rules = {**EVIDENCE_RULES, **(evidence or {})}
    if rules["needs_link_or_file"] and not update.has_evidence:
        return "no link or file is attached"
    words = len(update.note.split())
    if words < rules["min_note_words"]:
        return (
            f"the note has {words} word{'' if words == 1 else 's'}; it needs at least "
            f"{rules['min_note_words']} words saying what was done"
        )
    return None


def evidence_text(evidence: dict) -> str:
    """The evidence rule in words, shown beside the colour rules."""
    rules = {**EVIDENCE_RULES, **(evidence or {})}
    parts = []
    if rules["needs_link_or_file"]:
        parts.append("a link or an uploaded file")
    if rules["min_note_words"]:
        parts.append(f"a note of at least {rules['min_note_words']} words saying what was done")
    return "An update counts as evidence when it has " + (" and ".join(parts) or "a note") + "."


class InvalidRules(ValueError):
    pass


def validate_rules(rules: list[dict]) -> None:
    """Refuse a rule set that uses unknown conditions or statuses, or can leave no answer."""
    from ..models.plans import RagStatus

    if not rules or rules[-1].get("when"):
        raise InvalidRules("The last rule must have no conditions, so every action gets a colour")
    for number, rule in enumerate(rules, start=1):
        if rule.get("status") not in RagStatus.values:
            raise InvalidRules(f"Rule {number} has an unknown status")
        unknown = set(rule.get("when", {})) - set(CONDITIONS)
        if unknown:
            raise InvalidRules(
                f"Rule {number} uses unknown conditions: {', '.join(sorted(unknown))}"
            )
        if not rule.get("text"):
            raise InvalidRules(f"Rule {number} needs a sentence that explains it")


def validate_evidence(evidence: dict) -> None:
    """Refuse evidence rules with unknown settings or values of the wrong kind."""
    unknown = set(evidence) - set(EVIDENCE_RULES)
    if unknown:
        raise InvalidRules(f"Unknown evidence settings: {', '.join(sorted(unknown))}")
    words = evidence.get("min_note_words", 0)
    if isinstance(words, bool) or not isinstance(words, int) or not 0 <= words <= 200:
        raise InvalidRules("Words a note needs must be a whole number from 0 to 200")
    if not isinstance(evidence.get("needs_link_or_file", True), bool):
        raise InvalidRules("Whether evidence needs a link or file must be true or false")


@dataclass(frozen=True)
class Rating:
    status: str  # what the rules say
    rule_number: int
    reason: str
    rules_version: int
    override: RagOverride | None = None
    facts: ActionFacts | None = None

    @property
    def shown_status(self) -> str:
        return self.override.status if self.override else self.status


def evaluate(facts: ActionFacts, rules: list[dict], today: dt.date) -> tuple[str, int, str]:
    """Return (status, rule number, explanation) from the first rule that holds."""
    for number, rule in enumerate(rules, start=1):
        when = rule.get("when", {})
        if all(CONDITIONS[name](facts, today, value) for name, value in when.items()):
            return rule["status"], number, rule["text"]
    raise InvalidRules("No rule matched; the rule set must end with a rule without conditions")


def ensure_rules() -> RagRuleSet:
    """Make sure the versions of the rules loaded by migrations exist (a database flushed by
    a test runner or restored without data may have lost them); returns the newest."""
    first = importlib.import_module("triangulate.partnership.migrations.0002_rag_rules_version_1")
    RagRuleSet.objects.get_or_create(
        version=1, defaults={"in_force_from": dt.date(2025, 1, 1), "rules": first.RULES}
    )
    second = importlib.import_module("triangulate.partnership.migrations.0004_rag_rules_version_2")
    rule_set, _ = RagRuleSet.objects.get_or_create(
        version=2,
        defaults={
            "in_force_from": timezone.localdate(),
            "rules": second.RULES,
            "evidence": second.EVIDENCE,
            "note": second.NOTE,
        },
    )
    return rule_set


def rules_in_force(today: dt.date) -> RagRuleSet:
    rule_set = (
        RagRuleSet.objects.filter(in_force_from__lte=today).order_by("-version", "-id").first()
    )
    if rule_set is None:
        rule_set = RagRuleSet.objects.order_by("version", "id").first() or ensure_rules()
    return rule_set


def facts_for(action: Action, evidence: dict | None = None) -> ActionFacts:
    """Facts about an action, from its prefetched updates, date changes and milestones;
    only updates that meet the rule set's evidence rules count as evidence."""
    updates = [u for u in action.updates.all() if evidence_problem(u, evidence or {}) is None]
    slips = sum(1 for change in action.date_changes.all() if change.new_date > change.old_date)
    return ActionFacts(
        target_date=action.target_date,
        signed_off=action.signed_off_at is not None,
        continuing=action.is_continuing,
        slips=slips,
        last_evidence_on=max((u.written_on for u in updates), default=None),
        open_milestone_dates=tuple(
            m.target_date for m in action.milestones.all() if m.done_on is None
        ),
    )


def live_override(action: Action, today: dt.date) -> RagOverride | None:
    for override in action.overrides.all():
        if override.approved and (override.ends_on is None or override.ends_on >= today):
            return override
    return None


def rate(action: Action, rule_set: RagRuleSet, today: dt.date) -> Rating:
    facts = facts_for(action, rule_set.evidence)
    status, number, reason = evaluate(facts, rule_set.rules, today)
    return Rating(status, number, reason, rule_set.version, live_override(action, today), facts)


def with_rating_data(queryset):
    """Prefetch what :func:`rate` reads, so a whole plan rates in a handful of queries."""
    return queryset.prefetch_related(
        Prefetch("updates", queryset=ActionUpdate.objects.order_by("written_on", "id")),
        "date_changes",
        "milestones",
        Prefetch("overrides", queryset=RagOverride.objects.order_by("-decided_at", "-id")),
    )


def rules_version_add(
    *, actor, rules: list[dict], in_force_from: dt.date, note: str, evidence: dict | None = None
) -> RagRuleSet:
    """Add a new version of the RAG rules (old versions are kept to explain past colours)."""
    from django.db import transaction
    from django.db.models import Max

    from triangulate.core import access
    from triangulate.core.audit import audit
    from triangulate.core.models import AuditAction

    access.require(actor, "partnership.manage")
    validate_rules(rules)
    evidence = evidence or {}
    validate_evidence(evidence)
    with transaction.atomic():
        top = RagRuleSet.objects.select_for_update().aggregate(top=Max("version"))["top"] or 0
        rule_set = RagRuleSet.objects.create(
            version=top + 1,
            in_force_from=in_force_from,
            rules=rules,
            evidence=evidence,
            note=note,
            created_by=actor,
        )
        audit(actor, AuditAction.CREATE, rule_set, "add a version of the RAG rules")
    return rule_set
