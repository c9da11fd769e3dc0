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
from triangulate.core.concurrency import StaleEdit, bump
from triangulate.core.models import AuditAction, User
from triangulate.core.roles import Role
from triangulate.support.services import wards

from .. import rag
from ..models import BoardPack, MeasureTarget, PackFigure
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
    period = parse_month(month)
    if period is None:
        errors["month"] = "Choose the month the pack reports"
    elif not period.complete:
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


def parse_month(value: str | None) -> Period | None:
    """The month a form's "YYYY-MM" names, or None."""
    try:
        year, number = (int(part) for part in (value or "").split("-"))
        return Period.month(year, number)
    except ValueError:
        return None


def _freeze(pack: BoardPack, measure: Measure, position: int) -> PackFigure:
    period = pack_period(pack)
    figure = measure.compute(period)
    target = target_for(measure, period)
    status = figure_status(measure, figure.value, target)
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
        target=target_written(measure, target) if target else None,
        status=status.rag if status else "",
        status_text=status.text if status else "",
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


# --- Targets and the RAG rule ----------------------------------------------------------------


def may_set_target(user: User) -> bool:
    return access.may(user, "performance.target")


def current_target(measure: Measure) -> MeasureTarget | None:
    return MeasureTarget.objects.filter(slug=measure.slug).select_related("set_by").first()


def target_for(measure: Measure, period: Period, targets=None) -> MeasureTarget | None:
    """The measure's target if it applies to the period's month (``targets``: {slug: target},
    read once for a page of measures)."""
    if measure.higher_is_better is None:
        return None
    target = targets.get(measure.slug) if targets is not None else current_target(measure)
    return target if target is not None and target.applies_to(period.start) else None


def all_targets() -> dict[str, MeasureTarget]:
    return {t.slug: t for t in MeasureTarget.objects.all()}


def figure_status(measure: Measure, value, target: MeasureTarget | None) -> rag.Status | None:
    """The figure's RAG status by the rule, or None with no target or no figure."""
    if target is None or measure.higher_is_better is None:
        return None
    return rag.status(
        value,
        target=target.target,
        tolerance=target.tolerance,
        higher_is_better=measure.higher_is_better,
        unit=measure.unit,
    )


def target_written(measure: Measure, target: MeasureTarget) -> dict:
    """The target as a released figure keeps it."""
    return {
        "target": target.target,
        "tolerance": target.tolerance,
        "higher_is_better": measure.higher_is_better,
        "unit": measure.unit,
        "first_month": target.first_month.isoformat(),
        "last_month": target.last_month.isoformat(),
    }


def _number(value: str | None) -> float | None:
    try:
        number = float((value or "").strip().rstrip("%").replace(",", ""))
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def _target_errors(measure, target, tolerance, first, last) -> dict[str, str]:
    errors = {}
    most = 100 if measure.is_rate else None
    unit = "a percentage" if measure.is_rate else "a number"
    if measure.higher_is_better is None:
        errors["target"] = (
            "This measure has no better direction, so it has no target: read its trend instead"
        )
    elif target is None:
        errors["target"] = f"Enter the target as {unit}"
    elif target < 0 or (most is not None and target > most):
        errors["target"] = "Enter a target from 0 to 100" if most else "Enter a target of 0 or more"
    if tolerance is None:
        errors["tolerance"] = f"Enter the tolerance as {unit} (0 for none)"
    elif tolerance < 0:
        errors["tolerance"] = "Enter a tolerance of 0 or more"
    elif target is not None and "target" not in errors:
        if measure.higher_is_better and tolerance >= target and target > 0:
            errors["tolerance"] = "The tolerance must be smaller than the target"
        elif most is not None and not measure.higher_is_better and target + tolerance >= most:
            errors["tolerance"] = "The target and the tolerance together must be under 100"
    if first is None:
        errors["first_month"] = "Choose the first month the target applies to"
    if last is None:
        errors["last_month"] = "Choose the last month the target applies to"
    elif first is not None and last.start < first.start:
        errors["last_month"] = "The last month must be the same as or after the first month"
    return errors


@transaction.atomic
def set_target(
    *,
    actor: User,
    measure: Measure,
    version: int,
    target: str,
    tolerance: str,
    first_month: str,
    last_month: str,
) -> MeasureTarget:
    """Set or change the measure's target; a stale form (someone set it meanwhile) is refused.
    ``version`` is 0 when the form was opened with no target set."""
    access.require(actor, "performance.target")
    aim, slack = _number(target), _number(tolerance)
    first, last = parse_month(first_month), parse_month(last_month)
    errors = _target_errors(measure, aim, slack, first, last)
    if errors:
        raise Invalid(errors)
    existing = MeasureTarget.objects.filter(slug=measure.slug).first()
    changes = {
        "target": aim,
        "tolerance": slack,
        "first_month": first.start,
        "last_month": last.start,
        "set_by": actor,
        "set_at": timezone.now(),
    }
    if existing is None:
        if int(version) != 0:
            raise StaleEdit
        existing = MeasureTarget.objects.create(slug=measure.slug, **changes)
        before = None
    else:
        before = target_written(measure, existing)
        bump(existing, version, **changes)
    audit(
        actor,
        AuditAction.CREATE if before is None else AuditAction.CHANGE,
        existing,
        "set a measure's target",
        detail={
            "measure": measure.figure_id,
            "before": before,
            "after": target_written(measure, existing),
        },
    )
    return existing
