"""Board packs: a month's measures prepared as a draft, then released with the lead
officer's commentary, each figure frozen as it stood (and published where chosen)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.support.services import wards

from ..models import BoardPack, PackFigure
from ..periods import Period
from .measures import BY_SLUG, CATALOGUE
from .measures.base import Figure, Measure
from .targets import Invalid, figure_status, parse_month, target_for, target_written


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
    *,
    actor: User,
    pack: BoardPack,
    version: int,
    so_what: str,
    actions: str,
    publish: bool,
    round_to_five: bool = False,
) -> BoardPack:
    """Freeze the pack's figures as they stand, with the lead officer's commentary; with
    ``publish``, publish a public report too (its counts rounded when ``round_to_five``)."""
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
        public_rounded=publish and round_to_five,
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
            "rounded": publish and round_to_five,
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
