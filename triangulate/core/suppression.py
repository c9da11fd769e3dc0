"""Small-number suppression, the one rule for every figure that is not a list of records.

A count from 1 to 4 is shown as "Fewer than 5", so that no one can be singled out from a
figure; zero is shown, because it says nothing about anyone. Figures that are published with
a total need secondary suppression too (see ``performance.suppression``); pages that show
counts without totals need only this.
"""

from __future__ import annotations

THRESHOLD = 5
FEWER = f"Fewer than {THRESHOLD}"


def small(n: int | None) -> bool:
    """True for a count that must not be shown (1 to 4)."""
    return n is not None and 0 < n < THRESHOLD


def suppress(n: int | None) -> int | None:
    """The count, or None where it must not be shown."""
    return None if small(n) else n


def shown(n: int | None) -> str:
    """The count as a page shows it."""
    if n is None:
        return FEWER
    return FEWER if small(n) else str(n)
