"""Performance pages: the catalogue of measures, one measure over time, the records behind a
figure. Thin views: the figures come from :mod:`.services`."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from triangulate.core import access
from triangulate.core.views.rendering import render_page

from . import presenters, services, spc
from .periods import Period


def index(request):
    access.require(request.user, "performance.view")
    lines = services.catalogue(actor=request.user)
    current = lines[0].current if lines else Period.containing(timezone.localdate())
    context = {
        "current": current,
        "previous": current.previous(),
        "rows": presenters.catalogue_rows(lines),
    }
    return render_page(request, "performance/index.html", context)


def measure(request, slug: str):
    access.require(request.user, "performance.view")
    chosen = services.measure_or_404(slug)
    points = services.series(actor=request.user, measure=chosen)
    period, figure = points[-1]
    chart = spc.xmr([f.value for _p, f in points], tested=[p.complete for p, _f in points])
    context = {
        "measure": chosen,
        "period": period,
        "figure": figure,
        "value": presenters.value_text(chosen, figure),
        "definition": presenters.definition_rows(chosen),
        "series": presenters.xmr_rows(chosen, points, chart),
        "chart": presenters.xmr_chart(chosen, points, chart),
        "breakdown": presenters.breakdown_rows(figure),
        "quality": presenters.quality_lines(figure),
        "drill": presenters.drill_href(chosen, period),
    }
    return render_page(request, "performance/measure.html", context)


def records(request, slug: str, year: int, month: int):
    access.require(request.user, "performance.view")
    chosen = services.measure_or_404(slug)
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    period = Period.month(year, month)
    if period.start > period.today:
        raise Http404
    part = request.GET.get("list", "numerator")
    drill = services.drill_down(actor=request.user, measure=chosen, period=period, part=part)
    figure = drill.figure
    context = {
        "drill": drill,
        "measure": chosen,
        "period": period,
        "value": presenters.value_text(chosen, figure),
        "rows": presenters.record_rows(request.user, drill.rows),
        "breakdown": presenters.breakdown_rows(figure),
        "quality": presenters.quality_lines(figure),
        "other_href": presenters.drill_href(
            chosen, period, "numerator" if drill.part == "denominator" else "denominator"
        ),
    }
    return render_page(request, "performance/records.html", context)
