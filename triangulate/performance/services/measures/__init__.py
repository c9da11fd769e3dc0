"""The catalogue of measures: each figure the partnership reports, defined in writing and
computed from the records by one function.

A measure's written definition and its function are kept side by side and versioned together:
a change to how a figure is counted is a new version, and every figure shown names the
version that produced it (ADR 0016). The function returns the records behind the figure
(numerator and, for a rate, denominator), never a typed-in number, so the figure on a page and
the rows a viewer drills down to are the same rows.

Headline figures count every record in the partnership; the drill-down to rows goes through
``core.access`` (see :mod:`triangulate.performance.services.figures`).

Each subject's measures live in a module of their own (``cases``, ``front_door``,
``police``, ``cohort``, ``missing``, ``disruption``,
``training``, ``partnership``, ``community``,
``outcomes``); this module puts them in one catalogue.
"""

from __future__ import annotations

from . import (
    cases,
    cohort,
    community,
    disruption,
    front_door,
    missing,
    outcomes,
    partnership,
    police,
    training,
)
from .base import Measure

# In the order of the partnership's list of figures (F1, F2, ... F60), by the number after F;
# figures beyond the list ("Is anyone better off?") are numbered after it, from F61.
CATALOGUE: list[Measure] = sorted(
    [
        *cases.MEASURES,
        *front_door.MEASURES,
        *police.MEASURES,
        *cohort.MEASURES,
        *missing.MEASURES,
        *disruption.MEASURES,
        *training.MEASURES,
        *partnership.MEASURES,
        *community.MEASURES,
        *outcomes.MEASURES,
    ],
    key=lambda measure: int(measure.figure_id.removeprefix("F")),
)

BY_SLUG = {measure.slug: measure for measure in CATALOGUE}
