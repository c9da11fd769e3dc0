"""Prioritising persons of concern by written, versioned criteria, always with reasons.

Each criterion gives points that the page shows beside the score, so a list of "top 10"
people is never a black box: harm (the officer's assessment), frequency (intelligence in the
period), recency (how lately), children (how many children are linked) and escalation
(more intelligence lately than in the period before).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The high-priority list (the seeds' "top 10"): the persons of concern ranked highest.
HIGH_PRIORITY = 10


@dataclass(frozen=True)
class Facts:
    """What the records show about one person of concern."""

    harm: int
    harm_label: str
    intelligence_dates: tuple[dt.date, ...] = ()
    children: int = 0


@dataclass
class Priority:
    score: int
    reasons: list[str] = field(default_factory=list)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def prioritise(facts: Facts, criteria, today: dt.date) -> Priority:
    """Score one person of concern under ``criteria`` (a PriorityCriteria row), with reasons."""
    reasons = []
    harm = criteria.harm_weight * facts.harm
    reasons.append(f"Harm assessed as {facts.harm_label.lower()}: {harm} points")

    window = today - dt.timedelta(days=criteria.frequency_days)
    recent = [d for d in facts.intelligence_dates if window < d <= today]
    frequency = criteria.frequency_weight * len(recent)
    if recent:
        reasons.append(
            f"{_plural(len(recent), 'piece')} of intelligence in the last "
            f"{criteria.frequency_days} days: {frequency} points"
        )

    recency = 0
    if facts.intelligence_dates:
        latest = max(facts.intelligence_dates)
        days = (today - latest).days
        if 0 <= days < criteria.recency_days:
            recency = round(criteria.recency_weight * (1 - days / criteria.recency_days))
            reasons.append(f"Latest intelligence {_plural(days, 'day')} ago: {recency} points")

    children = criteria.children_weight * facts.children
    if facts.children:
        who = "1 child" if facts.children == 1 else f"{facts.children} children"
        reasons.append(f"Linked to {who}: {children} points")

    escalation = 0
    span = dt.timedelta(days=criteria.escalation_days)
    lately = sum(1 for d in facts.intelligence_dates if today - span < d <= today)
    before = sum(1 for d in facts.intelligence_dates if today - 2 * span < d <= today - span)
    if lately > before:
        escalation = criteria.escalation_weight
        reasons.append(
            f"Escalating: {lately} in the last {criteria.escalation_days} days against "
            f"{before} in the {criteria.escalation_days} days before: {escalation} points"
        )
    return Priority(score=harm + frequency + recency + children + escalation, reasons=reasons)
