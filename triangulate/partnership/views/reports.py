"""Slippage report, plan reviews and monthly versions."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from triangulate.core import access, exports
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction
from triangulate.core.spreadsheets import whole_number
from triangulate.core.views.rendering import render_page

from .. import presenters
from ..forms import ReviewForm, SlippageForm
from ..models import Plan, PlanVersion
from ..services import plan_records
from .common import today


def slippage(request):
    access.require(request.user, "partnership.view")
    start, end = SlippageForm.default_period(today())
    if "start-day" in request.GET:
        form = SlippageForm(request.GET)
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        form = SlippageForm(initial={"start": start, "end": end})
    plan = None
    if request.GET.get("plan"):
        try:
            plan = Plan.objects.filter(pk=whole_number(request.GET["plan"])).first()
        except ValueError:
            plan = None
    changes = list(plan_records.slippage(start=start, end=end, plan=plan))
    if request.GET.get("format") == "csv":
        return _slippage_csv(request, changes, start, end)
    context = {
        "form": form,
        "start": start,
        "end": end,
        "plan": plan,
        "rows": presenters.slippage_rows(changes),
        "count": len(changes),
    }
    return render_page(request, "partnership/slippage.html", context, forms=[form])


def review_create(request, pk: int):
    access.require(request.user, "partnership.manage")
    plan = get_object_or_404(Plan, pk=pk)
    form = ReviewForm(request.POST or None, actions=plan_records.plan_actions(plan))
    form.fields["actions"].label_from_instance = lambda a: f"{a.number} {a.title}"
    if request.method == "POST" and form.is_valid():
        plan_records.review_record(actor=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, "The review has been recorded.")
        return redirect("partnership:plan", pk=plan.pk)
    return render_page(
        request, "partnership/review_form.html", {"form": form, "plan": plan}, forms=[form]
    )


def versions(request, pk: int):
    access.require(request.user, "partnership.view")
    plan = get_object_or_404(Plan, pk=pk)
    if request.method == "POST":
        access.require(request.user, "partnership.manage")
        plan_records.version_take(actor=request.user, plan=plan, month=today(), today=today())
        messages.success(request, "This month's version of the plan has been kept.")
        return redirect("partnership:versions", pk=plan.pk)
    context = {
        "plan": plan,
        "versions": plan.versions.order_by("-month", "-id"),
        "may_manage": access.may(request.user, "partnership.manage"),
    }
    return render(request, "partnership/versions.html", context)


def version_detail(request, pk: int):
    access.require(request.user, "partnership.view")
    version = get_object_or_404(PlanVersion.objects.select_related("plan"), pk=pk)
    rows = [
        [
            {"text": a["number"]},
            {"text": a["title"]},
            {"text": a["target_date"]},
            {"text": presenters.rag_tag(a["status"])["text"]},
            {"text": a["reason"]},
        ]
        for a in version.snapshot["actions"]
    ]
    return render(request, "partnership/version_detail.html", {"version": version, "rows": rows})


def _slippage_csv(request, changes, start, end):
    audit(request.user, AuditAction.EXPORT, None, "export the slippage report")
    return exports.csv_response(
        filename=f"slippage-{start}-to-{end}.csv",
        header=[
            "Moved on",
            "Plan",
            "Action",
            "From",
            "To",
            "Days",
            "Reason",
            "Moved by",
            "Approved by",
        ],
        rows=(
            [
                timezone.localdate(change.changed_at),
                change.action.objective.priority.plan.title,
                f"{change.action.number} {change.action.title}",
                change.old_date,
                change.new_date,
                (change.new_date - change.old_date).days,
                change.reason,
                change.changed_by.display_name,
                change.approved_by.display_name,
            ]
            for change in changes
        ),
    )
