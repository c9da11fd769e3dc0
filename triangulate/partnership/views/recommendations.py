"""The recommendations register: sources, recommendations, links, overlaps and imports."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from triangulate.core import access, exports
from triangulate.core.audit import audit
from triangulate.core.forms import attempt
from triangulate.core.models import AuditAction
from triangulate.core.spreadsheets import whole_number
from triangulate.core.views.rendering import render_page

from ..forms import FileForm, LinkForm, RecommendationForm, RecommendationStatusForm, SourceForm
from ..models import Recommendation, Source
from ..models.recommendations import RecommendationCrossReference
from ..services import recommendations as services
from .common import today


def register(request):
    access.require(request.user, "partnership.view")
    summary = services.register_progress(today())
    context = {
        "summary": summary,
        "total": sum(s.total for s in summary),
        "done": sum(s.done for s in summary),
        "overdue": sum(s.overdue for s in summary),
        "may_manage": access.may(request.user, "partnership.manage"),
    }
    return render(request, "partnership/register.html", context)


def source_create(request):
    access.require(request.user, "partnership.manage")
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = services.source_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"{source.title} has been added to the register.")
        return redirect("partnership:source", pk=source.pk)
    return render_page(request, "partnership/source_form.html", {"form": form}, forms=[form])


def source_detail(request, pk: int):
    access.require(request.user, "partnership.view")
    source = get_object_or_404(Source, pk=pk)
    context = {
        "source": source,
        "recommendations": services.of_source(source),
        "today": today(),
        "may_manage": access.may(request.user, "partnership.manage"),
    }
    return render(request, "partnership/source_detail.html", context)


def recommendation_create(request, pk: int):
    access.require(request.user, "partnership.manage")
    source = get_object_or_404(Source, pk=pk)
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holder = {}

        def call():
            holder["rec"] = services.recommendation_create(
                actor=request.user, source=source, **form.cleaned_data
            )

        if attempt(form, call, "number"):
            messages.success(request, f"Recommendation {holder['rec'].number} has been added.")
            return redirect("partnership:recommendation", pk=holder["rec"].pk)
    return render_page(
        request,
        "partnership/recommendation_form.html",
        {"form": form, "source": source},
        forms=[form],
    )


def recommendation_detail(request, pk: int):
    access.require(request.user, "partnership.view")
    rec = get_object_or_404(Recommendation.objects.select_related("source"), pk=pk)
    may_manage = access.may(request.user, "partnership.manage")
    actions = services.plan_actions_for_linking()
    link_form = LinkForm(
        request.POST if request.POST.get("form") == "links" else None,
        actions=actions,
        initial={"actions": services.linked_action_ids(rec)},
    )
    status_form = RecommendationStatusForm(
        request.POST if request.POST.get("form") == "status" else None,
        initial={
            "status": rec.status,
            "evidence": rec.evidence,
            "report_back_on": rec.report_back_on,
            "version": rec.version,
        },
    )
    if request.method == "POST":
        access.require(request.user, "partnership.manage")
        if link_form.is_bound and link_form.is_valid():
            services.links_set(
                actor=request.user,
                recommendation=rec,
                actions=link_form.cleaned_data["actions"],
                note=link_form.cleaned_data["note"],
            )
            messages.success(request, "The links to plan actions have been saved.")
            return redirect("partnership:recommendation", pk=rec.pk)
        if status_form.is_bound and status_form.is_valid():
            data = dict(status_form.cleaned_data)
            version = data.pop("version") or 0

            def call():
                services.recommendation_update(
                    actor=request.user, recommendation=rec, expected_version=version, **data
                )

            if attempt(status_form, call):
                messages.success(request, "The recommendation has been updated.")
                return redirect("partnership:recommendation", pk=rec.pk)
    links = rec.recommendationlink_set.select_related(
        "action__objective__priority__plan", "linked_by"
    ).order_by("action__number", "id")
    context = {
        "rec": rec,
        "today": today(),
        "links": links,
        "link_form": link_form,
        "status_form": status_form,
        "may_manage": may_manage,
    }
    return render_page(
        request, "partnership/recommendation_detail.html", context, forms=[link_form, status_form]
    )


def overlaps(request):
    access.require(request.user, "partnership.view")
    try:
        threshold = whole_number(
            request.GET.get("threshold", str(services.OVERLAP_THRESHOLD)), minimum=40, maximum=100
        )
    except ValueError:
        threshold = services.OVERLAP_THRESHOLD
    if request.method == "POST":
        access.require(request.user, "partnership.manage")
        first = get_object_or_404(Recommendation, pk=request.POST.get("first"))
        second = get_object_or_404(Recommendation, pk=request.POST.get("second"))
        kind = request.POST.get("kind")
        if kind in RecommendationCrossReference.Kind.values:
            services.cross_reference(actor=request.user, first=first, second=second, kind=kind)
            messages.success(request, "The decision has been recorded.")
        return redirect("partnership:overlaps")
    context = {
        "pairs": services.overlaps(threshold=threshold),
        "threshold": threshold,
        "may_manage": access.may(request.user, "partnership.manage"),
    }
    return render(request, "partnership/overlaps.html", context)


def recommendations_import(request, pk: int):
    access.require(request.user, "partnership.manage")
    source = get_object_or_404(Source, pk=pk)
    form = FileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = services.recommendations_import(
                actor=request.user, source=source, filename=upload.name, content=upload.read()
            )
        except services.ImportRefused as refused:
            problems = refused.problems
            form.add_error(
                "file",
                f"The file was not imported: {len(problems)} problem{'s' if len(problems) != 1 else ''} found. Nothing has been added.",
            )
        else:
            messages.success(request, f"{count} recommendations have been imported.")
            return redirect("partnership:source", pk=source.pk)
    return render_page(
        request,
        "partnership/import_form.html",
        {"form": form, "source": source, "problems": problems, "columns": services.IMPORT_COLUMNS},
        forms=[form],
    )


def register_export(request):
    access.require(request.user, "partnership.view")
    audit(request.user, AuditAction.EXPORT, None, "export the recommendations register")
    return exports.xlsx_response(filename="recommendations.xlsx", content=services.register_xlsx())
