"""The RAG rule for a figure against its target: one rule, written in plain English.

- Green, "On target": the figure is on the right side of the target, or on it.
- Amber, "Within tolerance": on the wrong side, by no more than the tolerance.
- Red, "Off target": on the wrong side by more than the tolerance.

Which side is right is the measure's polarity (higher or lower is better). A figure with no
value (no records in the period) has no status. The status is always given in words beside
the figure, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

GREEN, AMBER, RED = "green", "amber", "red"
WORDS = {GREEN: "On target", AMBER: "Within tolerance", RED: "Off target"}
CLASSES = {GREEN: "govuk-tag--green", AMBER: "govuk-tag--yellow", RED: "govuk-tag--red"}

RULE = (
    "Green (on target) when the figure is on the right side of the target or on it; amber "
    "(within tolerance) when it is on the wrong side by no more than the tolerance; red (off "
    "target) when it is on the wrong side by more than the tolerance."
)


@dataclass(frozen=True)
class Status:
    rag: str
    text: str  # the rule applied, in a sentence

    @property
    def words(self) -> str:
        return WORDS[self.rag]

    def tag(self) -> dict:
        return {"text": self.words, "classes": CLASSES[self.rag]}


def _amount(value: float, unit: str) -> str:
    number = f"{value:g}" if unit == "%" else f"{value:,g}"
    return f"{number}%" if unit == "%" else number


def _gap(value: float, unit: str) -> str:
    return f"{value:g} percentage points" if unit == "%" else f"{value:,g}"


def status(
    value: float | None, *, target: float, tolerance: float, higher_is_better: bool, unit: str = ""
) -> Status | None:
    """The figure's status against its target, or None when there is no figure."""
    if value is None:
        return None
    # Rounded so that a figure exactly at the tolerance's edge is not lost to binary fractions.
    shortfall = round((target - value) if higher_is_better else (value - target), 6)
    side = "below" if higher_is_better else "above"
    figure, aim = _amount(value, unit), _amount(target, unit)
    better = "higher" if higher_is_better else "lower"
    if shortfall <= 0:
        return Status(GREEN, f"{figure} meets the target of {aim} ({better} is better).")
    if shortfall <= tolerance:
        return Status(
            AMBER,
            f"{figure} is {side} the target of {aim}, within the tolerance of "
            f"{_gap(tolerance, unit)} ({better} is better).",
        )
    return Status(
        RED,
        f"{figure} is {side} the target of {aim} by more than the tolerance of "
        f"{_gap(tolerance, unit)} ({better} is better).",
    )
