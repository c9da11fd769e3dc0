"""Performance pages: the catalogue of measures, one measure over time, the records behind a
figure. Thin views: the figures come from :mod:`.services`."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import StaleEdit
from triangulate.core.exports import csv_response, xlsx_response
from triangulate.core.forms import add_errors
from triangulate.core.middleware import public
from triangulate.core.models import AuditAction
from triangulate.core.suppression import FEWER_IN_TEXT
from triangulate.core.views.rendering import render_page
from triangulate.support import presenters as support_presenters
from triangulate.support.services import wards

from . import pdf, presenters, rag, services, spc
from .forms import InspectionListForm, PackForm, ReleaseForm, TargetForm
from .models import BoardPack
from .periods import Period
from .services import inspection as inspection_lists
from .services.targets import parse_month


def index(request):
    access.require(request.user, "performance.view")
    lines = services.catalogue(actor=request.user)
    current = lines[0].current if lines else Period.containing(timezone.localdate())
    context = {
        "current": current,
        "previous": current.previous(),
        "rows": presenters.catalogue_rows(lines, services.all_targets()),
        "may_download_lists": inspection_lists.may_download(request.user),
    }
    return render_page(request, "performance/index.html", context)


def _target_form(request, chosen, target, data=None):
    if not services.may_set_target(request.user) or chosen.higher_is_better is None:
        return None
    initial = {"version": target.version if target else 0}
    if target:
        initial |= {
            "target": f"{target.target:g}",
            "tolerance": f"{target.tolerance:g}",
            "first_month": f"{target.first_month:%Y-%m}",
            "last_month": f"{target.last_month:%Y-%m}",
        }
    return TargetForm(data, initial=initial, unit=chosen.unit)


def measure(request, slug: str):
    access.require(request.user, "performance.view")
    chosen = services.measure_or_404(slug)
    target = services.current_target(chosen)
    form, stale = _target_form(request, chosen, target, request.POST or None), False
    if request.method == "POST":
        access.require(request.user, "performance.target")
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_target(
                    actor=request.user,
                    measure=chosen,
                    version=data["version"],
                    target=data["target"],
                    tolerance=data["tolerance"],
                    first_month=data["first_month"],
                    last_month=data["last_month"],
                )
            except services.Invalid as invalid:
                add_errors(form, invalid.errors)
            except StaleEdit:
                stale = True
                target = services.current_target(chosen)
                form = _target_form(request, chosen, target)
            else:
                messages.success(request, "Target saved.")
                return redirect("performance:measure", slug=chosen.slug)
    points = services.series(actor=request.user, measure=chosen)
    period, figure = points[-1]
    chart = spc.xmr([f.value for _p, f in points], tested=[p.complete for p, _f in points])
    only_counts = services.counts_only(request.user)
    context = {
        "measure": chosen,
        "period": period,
        "figure": figure,
        "value": presenters.value_text(chosen, figure),
        "definition": presenters.definition_rows(chosen),
        "series": presenters.xmr_rows(chosen, points, chart),
        "chart": presenters.xmr_chart(chosen, points, chart),
        "breakdown": presenters.breakdown_rows(figure),
        "dimensions": presenters.dimension_tables(chosen, figure, only_counts),
        "only_counts": only_counts,
        "fewer": FEWER_IN_TEXT,
        "quality": presenters.quality_lines(figure),
        "drill": presenters.drill_href(chosen, period),
        "target": presenters.target_rows(chosen, target, points),
        "rag_rule": rag.RULE,
        "form": form,
    }
    forms = [form] if form else []
    return render_page(request, "performance/measure.html", context, forms=forms, stale=stale)


def records(request, slug: str, year: int, month: int):
    access.require(request.user, "performance.view")
    chosen = services.measure_or_404(slug)
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    period = Period.month(year, month)
    if period.start > period.today:
        raise Http404
    part = request.GET.get("list", "numerator")
    page = request.GET.get("page", "1")
    drill = services.drill_down(
        actor=request.user, measure=chosen, period=period, part=part,
        page=int(page) if page.isascii() and page.isdigit() and len(page) < 7 else 1,
    )  # fmt: skip
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
        "pagination": presenters.drill_pagination(drill),
    }
    return render_page(request, "performance/records.html", context)


# --- Board packs -------------------------------------------------------------------------------


def packs(request):
    access.require(request.user, "performance.view")
    may_release = services.may_release(request.user)
    form = PackForm(request.POST or None) if may_release else None
    if request.method == "POST":
        access.require(request.user, "performance.release")
        if form.is_valid():
            data = form.cleaned_data
            try:
                pack = services.pack_create(
                    actor=request.user,
                    title=data["title"],
                    month=data["month"],
                    slugs=data["measures"],
                )
            except services.Invalid as invalid:
                add_errors(form, invalid.errors)
            else:
                messages.success(request, "Board pack prepared. Check it, then release it.")
                return redirect("performance:pack", pk=pack.pk)
    context = {"form": form, "rows": presenters.pack_list_rows(services.pack_list())}
    return render_page(request, "performance/packs.html", context, forms=[form] if form else [])


def pack(request, pk: int):
    access.require(request.user, "performance.view")
    chosen = get_object_or_404(BoardPack, pk=pk)
    form, stale = None, False
    if chosen.released_at is None and services.may_release(request.user):
        form = ReleaseForm(request.POST or None, initial={"version": chosen.version})
    if request.method == "POST":
        access.require(request.user, "performance.release")
        if form is None:
            messages.error(request, "This pack has already been released.")
            return redirect("performance:pack", pk=chosen.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pack_release(
                    actor=request.user,
                    pack=chosen,
                    version=data["version"],
                    so_what=data["so_what"],
                    actions=data["actions"],
                    publish=data["publish"],
                    round_to_five=data["round_to_five"],
                )
            except services.Invalid as invalid:
                add_errors(form, invalid.errors)
            except StaleEdit:
                chosen = get_object_or_404(BoardPack, pk=pk)
                stale = True
                form = None
                if chosen.released_at is None:
                    form = ReleaseForm(initial={"version": chosen.version})
            else:
                messages.success(request, "Board pack released. Its figures are now fixed.")
                return redirect("performance:pack", pk=chosen.pk)
    figures = services.pack_figures(actor=request.user, pack=chosen)
    changed = services.changed_since(actor=request.user, pack=chosen)
    by_ward = services.pack_ward_figures(actor=request.user, pack=chosen)
    own = wards.member_ward(request.user)
    context = {
        "pack": chosen,
        "period": services.pack_period(chosen),
        "form": form,
        "rows": presenters.pack_rows(chosen, figures, changed),
        "changed": len(changed),
        "may_see_wards": by_ward is not None,
        "ward_head": support_presenters.ward_head(),
        "ward_rows": support_presenters.ward_rows(by_ward or [], own=own.name if own else None),
        "fewer": FEWER_IN_TEXT,
        "rag_rule": rag.RULE,
    }
    return render_page(
        request, "performance/pack.html", context, forms=[form] if form else [], stale=stale
    )


def pack_pdf(request, pk: int):
    access.require(request.user, "performance.view")
    chosen = get_object_or_404(BoardPack, pk=pk)
    if chosen.released_at is None:
        raise Http404
    content = pdf.board_pack(
        chosen,
        services.pack_figures(actor=request.user, pack=chosen),
        services.pack_ward_figures(actor=request.user, pack=chosen),
    )
    audit(request.user, AuditAction.EXPORT, chosen, "export a board pack as PDF")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="board-pack-{chosen.pk}.pdf"'
    return response


# --- The public report -----------------------------------------------------------------------


@public
def public_reports(request):
    rows = presenters.public_list_rows(services.released_for_public())
    return render(request, "performance/public_list.html", {"rows": rows})


@public
def public_report(request, pk: int):
    chosen = services.released_for_public(pk)
    context = {
        "pack": chosen,
        "period": services.pack_period(chosen),
        "figures": presenters.public_figures(chosen, chosen.figures.order_by("position")),
        "note": presenters.public_note(chosen),
    }
    return render(request, "performance/public_report.html", context)


@public
def public_report_pdf(request, pk: int):
    chosen = services.released_for_public(pk)
    content = pdf.public_report(
        chosen,
        services.pack_period(chosen),
        presenters.public_figures(chosen, chosen.figures.order_by("position")),
        presenters.public_note(chosen),
    )
    response = HttpResponse(content, content_type="application/pdf")
    period = services.pack_period(chosen).key
    response["Content-Disposition"] = f'inline; filename="partnership-figures-{period}.pdf"'
    return response


@public
def public_report_csv(request, pk: int):
    chosen = services.released_for_public(pk)
    rows = presenters.public_csv_rows(chosen, chosen.figures.order_by("position"))
    return csv_response(
        filename=f"partnership-figures-{services.pack_period(chosen).key}.csv",
        header=presenters.PUBLIC_CSV_HEADER,
        rows=rows,
    )


def inspection(request):
    """Lists for inspectors: a form, and the workbook when the form is sent valid."""
    access.require(request.user, "performance.inspection")
    form = InspectionListForm(request.GET or None, lists=inspection_lists.LISTS)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        first = parse_month(data["first_month"])
        last = parse_month(data["last_month"])
        content = inspection_lists.download(
            actor=request.user,
            slug=data["which"],
            first=first,
            last=last,
            base=request.build_absolute_uri("/").rstrip("/"),
        )
        return xlsx_response(
            filename=f"{data['which']}-{first.key}-to-{last.key}.xlsx", content=content
        )
    context = {"form": form, "lists": inspection_lists.LISTS}
    return render_page(request, "performance/inspection.html", context, forms=[form])
