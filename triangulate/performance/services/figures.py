"""Figures for people: the catalogue's values by period, and the records behind a figure.

Headline figures and breakdowns count every record in the partnership (they name no one).
The records behind a figure are listed only to people whose work is with children, and only
the rows ``core.access`` lets them see, each list audited; elected members, scrutiny officers
and chief officers see counts and breakdowns, never names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit_shown
from triangulate.core.models import User
from triangulate.core.roles import Role

from ..periods import Period, months_between
from ..spc import XmR, xmr
from .measures import BY_SLUG, CATALOGUE
from .measures.base import Figure, Measure

COUNTS_ONLY_ROLES = (Role.ELECTED_MEMBER, Role.SCRUTINY_OFFICER, Role.CHIEF_OFFICER)


def counts_only(user: User) -> bool:
    """True for a viewer who sees figures and breakdowns but never the rows behind them."""
    return user.has_role(*COUNTS_ONLY_ROLES) or not access.may_read_personal_data(user)


def measure_or_404(slug: str) -> Measure:
    measure = BY_SLUG.get(slug)
    if measure is None:
        raise Http404
    return measure


@dataclass
class Line:
    measure: Measure
    current: Period
    now: Figure
    before: Figure
    chart: XmR | None = None
    latest: tuple | None = None  # (period, point): the latest complete month with a value


def catalogue(*, actor: User, today=None) -> list[Line]:
    """Every measure for the current month (to date) and the month before."""
    access.require(actor, "performance.view")
    current = Period.containing(today or timezone.localdate(), today)
    lines = []
    for m in CATALOGUE:
        points = series(actor=actor, measure=m, today=today)
        chart = xmr([f.value for _p, f in points], tested=[p.complete for p, _f in points])
        latest = next(
            ((p, pt) for (p, _f), pt in reversed(list(zip(points, chart.points, strict=True)))
             if pt.tested and pt.value is not None),
            None,
        )  # fmt: skip
        line = Line(m, current, points[-1][1], m.compute(current.previous()))
        line.chart, line.latest = chart, latest
        lines.append(line)
    return lines


def series(*, actor: User, measure: Measure, today=None) -> list[tuple[Period, Figure]]:
    """The measure for every month from its first record (at most 24 months), oldest first."""
    access.require(actor, "performance.view")
    today = today or timezone.localdate()
    first = measure.first_record()
    if first is None:
        return [(Period.containing(today, today), measure.compute(Period.containing(today, today)))]
    if hasattr(first, "date"):
        first = timezone.localtime(first).date()
    return [(period, measure.compute(period)) for period in months_between(first, today)]


# Records behind a figure are shown a page at a time: a month of a ten-year borough can hold
# more than a thousand (1,359 missing episodes in one month), and drawing them all took over
# a second.
PAGE_SIZE = 100


@dataclass
class DrillDown:
    measure: Measure
    period: Period
    figure: Figure
    part: str  # "numerator" or "denominator"
    total: int
    rows: list  # this page of the records the viewer may open (empty when counts only)
    counts_only: bool
    not_personal: bool  # the rows are not records about children (training)
    may_open: int = 0  # how many of the records the viewer may open, on every page
    page: int = 1

    @property
    def hidden(self) -> int:
        return self.total - self.may_open

    @property
    def pages(self) -> int:
        return max(1, -(-self.may_open // PAGE_SIZE))

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.rows else 0


def drill_down(
    *, actor: User, measure: Measure, period: Period, part: str, page: int = 1
) -> DrillDown:
    """The records behind a figure that ``actor`` may open, ``PAGE_SIZE`` to a ``page``
    (past the last page is the last page); those shown are audited."""
    access.require(actor, "performance.view")
    figure = measure.compute(period)
    chosen = figure.denominator if part == "denominator" and figure.denominator else None
    part = "denominator" if chosen is not None else "numerator"
    chosen = chosen or figure.numerator
    not_personal = not access.is_personal_data_model(chosen.model)
    only_counts = counts_only(actor) or not_personal
    rows: list = []
    may_open = 0
    if not only_counts:
        rows_qs = access.visible(actor, chosen.model).filter(pk__in=chosen.ids).order_by("pk")
        if any(f.name == "person" for f in chosen.model._meta.concrete_fields):
            rows_qs = rows_qs.select_related("person")
        may_open = rows_qs.count()
        page = min(max(1, page), max(1, -(-may_open // PAGE_SIZE)))
        rows = list(rows_qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
        audit_shown(
            actor,
            rows,
            "view the records behind a performance figure",
            measure=measure.figure_id,
            version=measure.version,
            period=period.key,
            page=page,
        )
    return DrillDown(
        measure, period, figure, part, len(chosen), rows, only_counts, not_personal,
        may_open=may_open, page=page,
    )  # fmt: skip
