"""Small-number suppression: the one rule for every figure that is not a list of records.

Primary suppression: a count from 1 to 4 is shown as "Fewer than 5", so that no one can be
singled out from a figure; zero is shown, because it says nothing about anyone. Pages that
show counts without totals (ward figures, intelligence hotspots) need only this.

Secondary suppression, for figures published with a total (the public performance report):
a single suppressed cell could be worked out by subtracting the others from the total, so the
next smallest cell is withheld too (or, when there is none, the total). A rate is published
only when neither its numerator, its denominator nor the difference between them is a small
number, since any of them could be worked out from it.
"""

from __future__ import annotations

THRESHOLD = 5
FEWER = f"Fewer than {THRESHOLD}"
# The same words inside a sentence, and in the cells of the public report.
FEWER_IN_TEXT = FEWER.lower()
WITHHELD = "withheld"
WITHHELD_NOTE = (
    f"“{WITHHELD}”: not published, so that a number {FEWER_IN_TEXT} cannot be worked out from "
    "the total"
)


RATE_WITHHELD = f"{WITHHELD} (a number {FEWER_IN_TEXT} is involved)"
ROUNDED_NOTE = (
    "other counts are rounded to the nearest 5, each on its own, so a total may differ from "
    "the sum of its parts"
)


def rounded(n: int) -> int:
    """A count to the nearest 5, for a product that rounds as well as suppresses:
    0 stays 0, and a small number is never rounded, because it is suppressed instead."""
    return THRESHOLD * ((n + THRESHOLD // 2) // THRESHOLD)


def small(n: int | None) -> bool:
    """True for a count that must not be shown (1 to 4)."""
    return n is not None and 0 < n < THRESHOLD


def suppress(n: int | None) -> int | None:
    """The count, or None where it must not be shown."""
    return None if small(n) else n


def shown(n: int | None, fewer: str = FEWER, *, round_to_five: bool = False) -> str:
    """The count as a page shows it: ``fewer`` for 1 to 4 (or a count already suppressed);
    to the nearest 5 when ``round_to_five``."""
    if n is None or small(n):
        return fewer
    return f"{rounded(n) if round_to_five else n:,}"


def breakdown(values: list[int], *, round_to_five: bool = False) -> tuple[list[str], str]:
    """The cells and their total as they may be published (primary and secondary; each cell
    and the total rounded on its own when ``round_to_five``)."""
    total = sum(values)
    cells = [shown(v, FEWER_IN_TEXT, round_to_five=round_to_five) for v in values]
    total_shown = shown(total, FEWER_IN_TEXT, round_to_five=round_to_five)
    suppressed = [i for i, v in enumerate(values) if small(v)]
    if len(suppressed) == 1 and not small(total):
        others = sorted((v, i) for i, v in enumerate(values) if i not in suppressed and v > 0)
        if others:
            cells[others[0][1]] = WITHHELD
        else:
            total_shown = WITHHELD
    return cells, total_shown


def rate(numerator: int, denominator: int, *, round_to_five: bool = False) -> str:
    """A percentage with its counts, or "withheld" when any part is a small number. When
    ``round_to_five`` the percentage is whole and its counts rounded: a rate to one decimal
    place of exact counts could give back the counts the rounding hides."""
    if not denominator:
        return "No records"
    if small(numerator) or small(denominator) or small(denominator - numerator):
        return RATE_WITHHELD
    if round_to_five:
        return (
            f"{round(100 * numerator / denominator)}% (about {rounded(numerator):,} of "
            f"{rounded(denominator):,})"
        )
    return f"{100 * numerator / denominator:.1f}% ({numerator:,} of {denominator:,})"


def rates(pairs: list[tuple[int, int]]) -> list[str]:
    """Each group's rate (numerator, denominator) as it may be shown beside the figure it
    breaks down: withheld when any part is a small number (as :func:`rate`), and when exactly
    one group is withheld so, the next smallest group too, since the figure's own numerator
    and denominator would give the hidden one away by subtraction."""
    cells = [rate(n, d) for n, d in pairs]
    hidden = [i for i, cell in enumerate(cells) if cell == RATE_WITHHELD]
    if len(hidden) == 1:
        others = sorted((d, i) for i, (_n, d) in enumerate(pairs) if i not in hidden and d > 0)
        if others:
            cells[others[0][1]] = RATE_WITHHELD
    return cells
