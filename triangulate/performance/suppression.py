"""Statistical disclosure control for figures published to the public.

Primary suppression: a count from 1 to 4 is never published ("fewer than 5"); zero is
published, because it says nothing about anyone. Secondary suppression: in a breakdown
published with its total, a single suppressed cell could be worked out by subtracting the
others from the total, so the next smallest cell is withheld too (or, when there is none,
the total). A rate is published only when neither its numerator, its denominator nor the
difference between them is a small number, since any of them could be worked out from it.
"""

from __future__ import annotations

THRESHOLD = 5
FEWER = f"fewer than {THRESHOLD}"
WITHHELD = "withheld"
WITHHELD_NOTE = (
    f"“{WITHHELD}”: not published, so that a number {FEWER} cannot be worked out from the total"
)


def small(n: int | None) -> bool:
    return n is not None and 0 < n < THRESHOLD


def count(n: int) -> str:
    return FEWER if small(n) else f"{n:,}"


def breakdown(values: list[int]) -> tuple[list[str], str]:
    """The cells and their total as they may be published."""
    total = sum(values)
    shown = [FEWER if small(v) else f"{v:,}" for v in values]
    total_shown = FEWER if small(total) else f"{total:,}"
    suppressed = [i for i, v in enumerate(values) if small(v)]
    if len(suppressed) == 1 and not small(total):
        others = sorted((v, i) for i, v in enumerate(values) if i not in suppressed and v > 0)
        if others:
            shown[others[0][1]] = WITHHELD
        else:
            total_shown = WITHHELD
    return shown, total_shown


def rate(numerator: int, denominator: int) -> str:
    """A percentage with its counts, or "withheld" when any part is a small number."""
    if not denominator:
        return "No records"
    if small(numerator) or small(denominator) or small(denominator - numerator):
        return f"{WITHHELD} (a number {FEWER} is involved)"
    return f"{100 * numerator / denominator:.1f}% ({numerator:,} of {denominator:,})"
