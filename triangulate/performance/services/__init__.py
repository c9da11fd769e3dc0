"""Figures for people: the catalogue's values by period, and the records behind a figure.

Headline figures and breakdowns count every record in the partnership (they name no one).
The records behind a figure are listed only to people whose work is with children, and only
the rows ``core.access`` lets them see, each list audited; elected members, scrutiny officers
and chief officers see counts and breakdowns, never names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit, audit_shown
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.core.roles import Role
from triangulate.support.services import wards

from ..models import BoardPack, PackFigure
from ..periods import Period, months_between
from ..spc import XmR, xmr
from .measures import BY_SLUG, CATALOGUE, Figure, Measure

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


@dataclass
class DrillDown:
    measure: Measure
    period: Period
    figure: Figure
    part: str  # "numerator" or "denominator"
    total: int
    rows: list  # records the viewer may open (empty when counts only)
    counts_only: bool
    not_personal: bool  # the rows are not records about children (training)

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


def drill_down(*, actor: User, measure: Measure, period: Period, part: str) -> DrillDown:
    access.require(actor, "performance.view")
    figure = measure.compute(period)
    chosen = figure.denominator if part == "denominator" and figure.denominator else None
    part = "denominator" if chosen is not None else "numerator"
    chosen = chosen or figure.numerator
    not_personal = not access.is_personal_data_model(chosen.model)
    only_counts = counts_only(actor) or not_personal
    rows: list = []
    if not only_counts:
        rows_qs = access.visible(actor, chosen.model).filter(pk__in=chosen.ids).order_by("pk")
        if any(f.name == "person" for f in chosen.model._meta.concrete_fields):
            rows_qs = rows_qs.select_related("person")
        rows = list(rows_qs)
        audit_shown(
            actor,
            rows,
            "view the records behind a performance figure",
            measure=measure.figure_id,
            version=measure.version,
            period=period.key,
        )
    return DrillDown(measure, period, figure, part, len(chosen), rows, only_counts, not_personal)


# --- Board packs ---------------------------------------------------------------------------


class Invalid(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def may_release(user: User) -> bool:
    return access.may(user, "performance.release")


def pack_period(pack: BoardPack) -> Period:
    return Period.containing(pack.period_start)


@transaction.atomic
def pack_create(*, actor: User, title: str, month: str, slugs: list[str]) -> BoardPack:
    """A draft pack for a month that has ended, with the measures chosen (in catalogue order)."""
    access.require(actor, "performance.release")
    errors = {}
    title = title.strip()
    if not title:
        errors["title"] = "Enter a title for the pack"
    try:
        year, number = (int(part) for part in month.split("-"))
        period = Period.month(year, number)
    except ValueError:
        errors["month"] = "Choose the month the pack reports"
    else:
        if not period.complete:
            errors["month"] = "Choose a month that has ended"
    chosen = [m.slug for m in CATALOGUE if m.slug in set(slugs)]
    if not chosen:
        errors["measures"] = "Choose at least one measure"
    if errors:
        raise Invalid(errors)
    pack = BoardPack.objects.create(
        title=title, period_start=period.start, measures=chosen, created_by=actor
    )
    audit(actor, AuditAction.CREATE, pack, "prepare a board pack")
    return pack


def _freeze(pack: BoardPack, measure: Measure, position: int) -> PackFigure:
    figure = measure.compute(pack_period(pack))
    return PackFigure(
        pack=pack,
        position=position,
        figure_id=measure.figure_id,
        slug=measure.slug,
        name=measure.name,
        definition_version=measure.version,
        definition=measure.written(),
        is_rate=measure.is_rate,
        value=figure.value,
        numerator=len(figure.numerator),
        denominator=len(figure.denominator) if figure.denominator is not None else None,
        shown=shown(measure, figure),
        breakdown=[[label, n] for label, n in figure.breakdown],
        breakdown_additive=measure.additive,
        quality=[f"{q.count:,} of {q.of:,} {q.text}." for q in figure.quality if q.of],
    )


def shown(measure: Measure, figure: Figure) -> str:
    text = measure.format(figure.value)
    if measure.is_rate and figure.denominator:
        text += f" ({len(figure.numerator)} of {len(figure.denominator)})"
    return text


def pack_figures(*, actor: User, pack: BoardPack) -> list[PackFigure]:
    """A released pack's figures as they were released; a draft's as they stand now."""
    access.require(actor, "performance.view")
    if pack.released_at is not None:
        return list(pack.figures.order_by("position"))
    return [
        _freeze(pack, BY_SLUG[slug], position)
        for position, slug in enumerate(pack.measures)
        if slug in BY_SLUG
    ]


def _pack_wards(actor: User, pack: BoardPack) -> list[dict]:
    period = pack_period(pack)
    return wards.ward_figures(actor=actor, since=period.start, until=period.as_of)


def pack_ward_figures(*, actor: User, pack: BoardPack) -> list[dict] | None:
    """The pack's figures by ward (small numbers suppressed) for those who may see ward
    figures, else None: as released for a released pack, as the records give them for a
    draft. The same function as the ward figures page computes them."""
    access.require(actor, "performance.view")
    if not access.may(actor, "support.wards"):
        return None
    if pack.released_at is not None:
        return pack.ward_figures
    return _pack_wards(actor, pack)


def changed_since(*, actor: User, pack: BoardPack) -> dict[str, str]:
    """{slug: the figure now} for each released figure that the records now give differently."""
    access.require(actor, "performance.view")
    if pack.released_at is None:
        return {}
    now = {}
    for stored in pack.figures.all():
        measure = BY_SLUG.get(stored.slug)
        if measure is None:
            continue
        current = shown(measure, measure.compute(pack_period(pack)))
        if current != stored.shown or measure.version != stored.definition_version:
            now[stored.slug] = f"{current} (definition version {measure.version})"
    return now


@transaction.atomic
def pack_release(
    *, actor: User, pack: BoardPack, version: int, so_what: str, actions: str, publish: bool
) -> BoardPack:
    """Freeze the pack's figures as they stand, with the lead officer's commentary."""
    access.require(actor, "performance.release")
    so_what = so_what.strip()
    if not so_what:
        raise Invalid({"so_what": "Say what the figures mean for children: the 'so what'"})
    figures = [
        _freeze(pack, BY_SLUG[slug], position)
        for position, slug in enumerate(pack.measures)
        if slug in BY_SLUG
    ]
    by_ward = _pack_wards(actor, pack)
    now = timezone.now()
    bump(
        pack,
        version,
        where={"released_at__isnull": True},
        released_at=now,
        released_by=actor,
        so_what=so_what,
        actions=actions.strip(),
        published_at=now if publish else None,
        ward_figures=by_ward,
    )
    PackFigure.objects.bulk_create(figures)
    audit(
        actor,
        AuditAction.CHANGE,
        pack,
        "release a board pack",
        detail={
            "period": pack_period(pack).key,
            "figures": {f.figure_id: f.shown for f in figures},
            "versions": {f.figure_id: f.definition_version for f in figures},
            "published": publish,
        },
    )
    return pack


def released_for_public(pk: int | None = None):
    packs = BoardPack.objects.filter(published_at__isnull=False).order_by("-period_start", "-id")
    if pk is None:
        return list(packs)
    pack = packs.filter(pk=pk).first()
    if pack is None:
        raise Http404
    return pack


def pack_list() -> list[BoardPack]:
    return list(BoardPack.objects.select_related("released_by").order_by("-period_start", "-id"))
