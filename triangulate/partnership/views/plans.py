"""Delivery plan pages: a plan with its colours and reasons, an action and its history."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from triangulate.core import access
from triangulate.core.forms import attempt
from triangulate.core.views.rendering import render_page

from .. import presenters
from ..forms import (
    ActionEditForm,
    ActionForm,
    CompletionForm,
    DateChangeForm,
    MilestoneForm,
    MoveForm,
    OverrideForm,
    UpdateForm,
    VersionForm,
)
from ..models import Action, ActionUpdate, DateMoveRequest, Milestone, Plan, RagOverride
from ..services import plan_records, rag
from ..services import plans as plan_services
from .common import today


def plan_list(request):
    access.require(request.user, "partnership.view")
    plans = Plan.objects.select_related("owning_agency").order_by("-starts_on", "id")
    context = {"plans": plans, "may_manage": access.may(request.user, "partnership.manage")}
    return render(request, "partnership/plan_list.html", context)


def plan_detail(request, pk: int):
    access.require(request.user, "partnership.view")
    plan = get_object_or_404(Plan, pk=pk)
    rule_set = rag.rules_in_force(today())
    only_status = request.GET.get("status", "")
    if only_status not in presenters.RAG_TAGS:
        only_status = ""
    sections, counts = presenters.plan_sections(
        plan, plan_records.plan_actions(plan), rule_set, today(), only_status=only_status
    )
    moved_out = plan_records.moved_out(plan)
    context = {
        "plan": plan,
        "sections": sections,
        "counts": [(presenters.rag_tag(s), counts.get(s, 0)) for s in presenters.RAG_TAGS],
        "count_links": presenters.count_links(counts),
        "only_status": only_status,
        "rule_set": rule_set,
        "evidence_text": rag.evidence_text(rule_set.evidence),
        "moved_out": moved_out,
        "reviews": plan_records.recent_reviews(plan),
        "may_manage": access.may(request.user, "partnership.manage"),
    }
    return render(request, "partnership/plan_detail.html", context)


def action_create(request, pk: int):
    access.require(request.user, "partnership.manage")
    plan = get_object_or_404(Plan, pk=pk)
    form = ActionForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holder = {}

        def call():
            holder["action"] = plan_services.action_create(actor=request.user, **data)

        if attempt(form, call, "target_date"):
            messages.success(request, f"Action {data['number']} has been added.")
            return redirect("partnership:action", pk=holder["action"].pk)
    return render_page(
        request, "partnership/action_form.html", {"form": form, "plan": plan}, forms=[form]
    )


def _action(pk: int) -> Action:
    return get_object_or_404(plan_records.with_history(Action.objects.all()), pk=pk)


def action_detail(request, pk: int):
    access.require(request.user, "partnership.view")
    action = _action(pk)
    rule_set = rag.rules_in_force(today())
    rating = rag.rate(action, rule_set, today())
    user = request.user
    context = {
        "action": action,
        "plan": action.plan,
        "rating_cell": presenters.rating_cell(rating),
        "rating": rating,
        "rule_set": rule_set,
        "date_rows": presenters.date_history_rows(action),
        "pending_overrides": [o for o in action.overrides.all() if o.decided_at is None],
        "date_moves": list(action.date_moves.all()),
        "evidence_text": rag.evidence_text(rule_set.evidence),
        "evidence_problems": {
            u.pk: rag.evidence_problem(u, rule_set.evidence) for u in action.updates.all()
        },
        "may_change": access.may(user, "partnership.change_action", action),
        "may_sign_off": access.may(user, "partnership.sign_off", action),
        "may_approve": access.may(user, "partnership.approve"),
        "may_manage": access.may(user, "partnership.manage"),
        "sign_off_form": VersionForm(initial={"version": action.version}),
    }
    return render(request, "partnership/action_detail.html", context)


def _action_form_page(request, pk, form_class, template, run, success, form_kwargs):
    action = _action(pk)
    access.require(request.user, "partnership.change_action", action)
    files = request.FILES if request.method == "POST" else None
    form = form_class(
        request.POST or None, files, initial={"version": action.version}, **form_kwargs(action)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["expected_version"] = data.pop("version", None) or 0
        if attempt(form, lambda: run(request.user, action, data)):
            messages.success(request, success)
            return redirect("partnership:action", pk=action.pk)
        action = _action(pk)
    return render_page(
        request, template, {"form": form, "action": action, "plan": action.plan}, forms=[form]
    )


def action_update(request, pk: int):
    return _action_form_page(
        request,
        pk,
        UpdateForm,
        "partnership/update_form.html",
        lambda user, action, data: plan_services.update_add(actor=user, action=action, **data),
        "Your progress update has been recorded.",
        form_kwargs=lambda action: {"action": action},
    )


def action_date(request, pk: int):
    return _action_form_page(
        request,
        pk,
        DateChangeForm,
        "partnership/date_form.html",
        lambda user, action, data: plan_services.date_move_request(
            actor=user, action=action, **data
        ),
        "The move has been sent for approval. The target date changes only when the person "
        "you asked approves it.",
        form_kwargs=lambda action: {"action": action, "requester": request.user},
    )


def _second_person_decides(request, *, decide, action_id: int, approved: str, refused: str):
    """A second person approves or refuses what someone else asked for (a date move, an
    override): one way to read the answer, report it and go back to the action."""
    access.require(request.user, "partnership.approve")
    if request.method == "POST":
        form = VersionForm(request.POST)
        approve = request.POST.get("decision") == "approve"
        if attempt(form, lambda: decide(approve)):
            messages.success(request, approved if approve else refused)
        else:
            messages.error(request, " ".join(form.non_field_errors()))
    return redirect("partnership:action", pk=action_id)


def date_move_decide(request, pk: int):
    move = get_object_or_404(DateMoveRequest, pk=pk)
    return _second_person_decides(
        request,
        decide=lambda approve: plan_services.date_move_decide(
            actor=request.user, request=move, approve=approve
        ),
        action_id=move.action_id,
        approved="The move has been approved: the target date has changed.",
        refused="The move has been refused: the target date stays as it was.",
    )


def action_completion(request, pk: int):
    return _action_form_page(
        request,
        pk,
        CompletionForm,
        "partnership/completion_form.html",
        lambda user, action, data: plan_services.completion_request(
            actor=user, action=action, **data
        ),
        "The evidence has been recorded. The action stays open until a chief officer signs it off.",
        form_kwargs=lambda action: {},
    )


def action_move(request, pk: int):
    action = _action(pk)
    access.require(request.user, "partnership.manage")
    return _action_form_page(
        request,
        pk,
        MoveForm,
        "partnership/move_form.html",
        lambda user, action, data: plan_records.action_move(
            actor=user,
            action=action,
            expected_version=data["expected_version"],
            to_objective=data["to_objective"],
            new_number=data["new_number"],
            reason=data["reason"],
        ),
        f"Action {action.number} has been moved. Its history moves with it.",
        form_kwargs=lambda action: {"action": action},
    )


def action_milestone(request, pk: int):
    action = _action(pk)
    access.require(request.user, "partnership.change_action", action)
    form = MilestoneForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():

        def call():
            plan_services.milestone_add(actor=request.user, action=action, **form.cleaned_data)

        if attempt(form, call, "target_date"):
            messages.success(request, "The milestone has been added.")
            return redirect("partnership:action", pk=action.pk)
    return render_page(
        request,
        "partnership/milestone_form.html",
        {"form": form, "action": action, "plan": action.plan},
        forms=[form],
    )


def milestone_done(request, pk: int):
    milestone = get_object_or_404(Milestone.objects.select_related("action"), pk=pk)
    access.require(request.user, "partnership.change_action", milestone.action)
    if request.method == "POST":
        form = VersionForm(request.POST)
        if attempt(
            form,
            lambda: plan_services.milestone_done(actor=request.user, milestone=milestone),
        ):
            messages.success(request, f"The milestone \u201c{milestone.title}\u201d is done.")
        else:
            messages.error(request, " ".join(form.non_field_errors()))
    return redirect("partnership:action", pk=milestone.action_id)


def action_override(request, pk: int):
    action = _action(pk)
    access.require(request.user, "partnership.change_action", action)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan_services.override_propose(actor=request.user, action=action, **form.cleaned_data)
        messages.success(
            request, "Your override has been proposed. It shows only once someone else approves it."
        )
        return redirect("partnership:action", pk=action.pk)
    return render_page(
        request,
        "partnership/override_form.html",
        {"form": form, "action": action, "plan": action.plan},
        forms=[form],
    )


def override_decide(request, pk: int):
    override = get_object_or_404(RagOverride, pk=pk)
    return _second_person_decides(
        request,
        decide=lambda approve: plan_services.override_decide(
            actor=request.user, override=override, approve=approve
        ),
        action_id=override.action_id,
        approved="The override has been approved.",
        refused="The override has been refused.",
    )


def action_sign_off(request, pk: int):
    action = _action(pk)
    access.require(request.user, "partnership.sign_off", action)
    if request.method == "POST":
        form = VersionForm(request.POST)
        form.is_valid()
        version = form.cleaned_data.get("version") or 0
        if attempt(
            form,
            lambda: plan_services.completion_sign_off(
                actor=request.user, action=action, expected_version=version
            ),
        ):
            messages.success(request, f"Action {action.number} has been signed off as complete.")
        else:
            messages.error(request, " ".join(form.non_field_errors()))
    return redirect("partnership:action", pk=action.pk)


def evidence(request, pk: int):
    update = get_object_or_404(ActionUpdate, pk=pk)
    if not update.evidence_file:
        raise Http404
    handle = plan_records.evidence_open(actor=request.user, update=update)
    return FileResponse(
        handle, as_attachment=True, filename=update.evidence_file.name.rsplit("/", 1)[-1]
    )


def action_edit(request, pk: int):
    action = _action(pk)
    access.require(request.user, "partnership.change_action", action)
    initial = {
        "title": action.title,
        "success_measure": action.success_measure,
        "lead_officer": action.lead_officer_id,
        "is_continuing": action.is_continuing,
        "version": action.version,
    }
    form = ActionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0

        def call():
            plan_services.action_edit(
                actor=request.user, action=action, expected_version=version, **data
            )

        if attempt(form, call):
            messages.success(request, "The action has been changed.")
            return redirect("partnership:action", pk=action.pk)
        action = _action(pk)
    return render_page(
        request,
        "partnership/edit_form.html",
        {"form": form, "action": action, "plan": action.plan},
        forms=[form],
    )
