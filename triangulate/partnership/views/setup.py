"""Setting plans up: a new plan and its priorities, objectives, and versions of the RAG rules."""

from __future__ import annotations

import json

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from triangulate.core import access
from triangulate.core.views.rendering import render_page

from ..forms import ObjectiveForm, PlanForm, RulesForm
from ..models import Plan, RagRuleSet
from ..services import plan_records, rag
from .common import today


def rules(request):
    access.require(request.user, "partnership.view")
    versions = [
        (rule_set, rag.evidence_text(rule_set.evidence))
        for rule_set in RagRuleSet.objects.select_related("created_by").order_by("-version", "-id")
    ]
    context = {"versions": versions, "may_manage": access.may(request.user, "partnership.manage")}
    return render(request, "partnership/rules.html", context)


def rules_create(request):
    access.require(request.user, "partnership.manage")
    current = rag.rules_in_force(today())
    form = RulesForm(
        request.POST or None,
        initial={
            "rules": json.dumps(current.rules, indent=2, ensure_ascii=False),
            "min_note_words": {**rag.EVIDENCE_RULES, **current.evidence}["min_note_words"],
            "needs_link_or_file": {**rag.EVIDENCE_RULES, **current.evidence}["needs_link_or_file"],
        },
    )
    if request.method == "POST" and form.is_valid():
        rule_set = rag.rules_version_add(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Version {rule_set.version} of the RAG rules has been added.")
        return redirect("partnership:rules")
    return render_page(request, "partnership/rules_form.html", {"form": form}, forms=[form])


def plan_create(request):
    access.require(request.user, "partnership.manage")
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = plan_records.plan_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"{plan.title} has been started. Add its objectives next.")
        return redirect("partnership:objective_create", pk=plan.pk)
    return render_page(request, "partnership/plan_form.html", {"form": form}, forms=[form])


def objective_create(request, pk: int):
    access.require(request.user, "partnership.manage")
    plan = get_object_or_404(Plan, pk=pk)
    form = ObjectiveForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        objective = plan_records.objective_add(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Objective {objective.number} has been added.")
        return redirect("partnership:plan", pk=plan.pk)
    return render_page(
        request, "partnership/objective_form.html", {"form": form, "plan": plan}, forms=[form]
    )
