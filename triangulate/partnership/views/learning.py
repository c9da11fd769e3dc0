"""Training and awareness, case-file audits and Section 11 self-audits."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from triangulate.core import access
from triangulate.core.forms import attempt
from triangulate.core.roles import Role
from triangulate.core.views.rendering import render_page

from ..forms import ActionForm, FileForm
from ..models import (
    AuditFinding,
    AwarenessEvent,
    CaseFileAudit,
    Plan,
    Section11Return,
    TrainingCourse,
)
from ..models.learning import Audience
from ..services import learning as services
from ..services import plans as plan_services
from ..services import reach as reach_services
from ..services.recommendations import ImportRefused
from .common import today


def training(request):
    access.require(request.user, "partnership.view")
    rows = [
        [
            {"text": row.agency.name},
            {"text": row.course.title},
            {"text": Role(row.role).label},
            {"text": f"{row.complete} of {row.required}"},
            {"text": f"{row.percent}%"},
        ]
        for row in services.compliance(today())
    ]
    years, reach = reach_services.reach(today())
    context = {
        "rows": rows,
        "reach_head": [{"text": "Audience"}]
        + [{"text": reach_services.year_label(y), "format": "numeric"} for y in years]
        + [
            {"text": "Change on the year before", "format": "numeric"},
            {"text": "On a roster", "format": "numeric"},
            {"text": "Still to train", "format": "numeric"},
        ],
        "reach_rows": [
            [{"text": row.label}]
            + [{"text": row.trained_by_year[y], "format": "numeric"} for y in years]
            + [
                {"text": _signed(row.change(years[-1])), "format": "numeric"},
                {"text": row.on_roster, "format": "numeric"},
                {
                    "link": {
                        "href": f"{reverse('partnership:still_to_train')}?audience={row.audience}",
                        "text": row.still_to_train,
                        "hidden": f"{row.label.lower()} still to train",
                    },
                    "format": "numeric",
                }
                if row.still_to_train and access.may(request.user, "partnership.manage")
                else {"text": row.still_to_train, "format": "numeric"},
            ]
            for row in reach
        ],
        "this_year": reach_services.year_label(years[-1]),
        "courses": TrainingCourse.objects.order_by("title", "id"),
        "events": AwarenessEvent.objects.select_related("agency").order_by("-held_on", "id"),
        "may_manage": access.may(request.user, "partnership.manage"),
    }
    return render(request, "partnership/training.html", context)


def completions_import(request):
    access.require(request.user, "partnership.manage")
    form = FileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = services.completions_import(
                actor=request.user, filename=upload.name, content=upload.read()
            )
        except ImportRefused as refused:
            problems = refused.problems
            form.add_error("file", "The file was not imported. Nothing has been added.")
        else:
            messages.success(request, f"{count} completions have been imported.")
            return redirect("partnership:training")
    return render_page(
        request,
        "partnership/completions_import.html",
        {"form": form, "problems": problems, "columns": services.COMPLETION_COLUMNS},
        forms=[form],
    )


def _signed(change: int | None) -> str:
    if change is None:
        return "–"
    return f"+{change}" if change > 0 else str(change)


def learners_import(request):
    access.require(request.user, "partnership.manage")
    form = FileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = reach_services.learners_import(
                actor=request.user, filename=upload.name, content=upload.read(), today=today()
            )
        except ImportRefused as refused:
            problems = refused.problems
            form.add_error("file", "The file was not imported. Nothing has been added.")
        else:
            messages.success(
                request,
                f"{counts['added']} learners added, {counts['updated']} updated and "
                f"{counts['completions']} completions recorded.",
            )
            return redirect("partnership:training")
    return render_page(
        request,
        "partnership/learners_import.html",
        {"form": form, "problems": problems, "columns": reach_services.LEARNER_COLUMNS},
        forms=[form],
    )


def still_to_train(request):
    access.require(request.user, "partnership.manage")
    audience = request.GET.get("audience", "")
    if audience and audience not in Audience.values:
        audience = ""
    learners = list(reach_services.still_to_train(today(), audience or None)[:1000])
    context = {
        "learners": learners,
        "audience": Audience(audience).label if audience else "",
        "months": reach_services.IN_DATE_MONTHS,
    }
    return render(request, "partnership/still_to_train.html", context)


def audits(request):
    access.require(request.user, "partnership.view")
    context = {
        "audits": CaseFileAudit.objects.select_related("lead").order_by("-audited_on", "id"),
        "may_manage": access.may(request.user, "partnership.manage"),
        "returns": Section11Return.objects.select_related("agency").order_by(
            "-year", "agency__name", "standard", "id"
        ),
    }
    return render(request, "partnership/audits.html", context)


def audit_detail(request, pk: int):
    access.require(request.user, "partnership.view")
    case_audit = get_object_or_404(CaseFileAudit.objects.select_related("lead"), pk=pk)
    context = {
        "audit": case_audit,
        "summary": services.audit_summary(case_audit),
        "case_count": case_audit.cases.count(),
        "findings": case_audit.findings.select_related("plan_action").order_by("id"),
        "may_manage": access.may(request.user, "partnership.manage"),
    }
    return render(request, "partnership/audit_detail.html", context)


def finding_to_action(request, pk: int):
    access.require(request.user, "partnership.manage")
    finding = get_object_or_404(AuditFinding.objects.select_related("audit"), pk=pk)
    plan = Plan.objects.order_by("-starts_on", "-id").first()
    if plan is None:
        messages.error(request, "Add a delivery plan first.")
        return redirect("partnership:audit", pk=finding.audit_id)
    form = ActionForm(request.POST or None, plan=plan, initial={"title": finding.text})
    if request.method == "POST" and form.is_valid():
        holder = {}

        def call():
            holder["action"] = plan_services.action_create(actor=request.user, **form.cleaned_data)
            services.finding_link_action(
                actor=request.user, finding=finding, action=holder["action"]
            )

        if attempt(form, call, "target_date"):
            messages.success(request, "The finding is now a plan action.")
            return redirect("partnership:action", pk=holder["action"].pk)
    return render_page(
        request,
        "partnership/action_form.html",
        {"form": form, "plan": plan, "finding": finding},
        forms=[form],
    )
