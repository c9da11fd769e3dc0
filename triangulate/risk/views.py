"""Risk pages: assessments (draft, finalise, sign off, history, compare), contributions,
tools and safety plans. Thin: each request makes one domain call."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from triangulate.core import access
from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
from triangulate.core.forms import add_errors, refusal_shown
from triangulate.core.presenters import first_rows
from triangulate.core.views.rendering import render_page
from triangulate.register.services import person_open

from . import presenters, scoring, services
from .forms import (
    ActionOwnerForm,
    ActionStatusForm,
    AssessmentForm,
    CompareForm,
    ContributionForm,
    PlanActionForm,
    PlanViewsForm,
    ShareForm,
    SignOffForm,
    SupportForm,
    ToolForm,
    ToolStructureForm,
    indicator_field_name,
)


def index(request):
    """Where risk starts for the viewer: reviews due, sign-offs waiting and their actions."""
    access.require(request.user, "risk.view")
    user = request.user
    due, reviews_total = first_rows(services.reviews_due(actor=user))
    reviews = services.statuses_of(actor=user, assessments=due)
    awaiting, awaiting_total = first_rows(services.assessments_awaiting_sign_off(actor=user))
    awaiting = services.sign_offs_waiting(actor=user, assessments=awaiting)
    actions, actions_total = first_rows(services.open_actions_for_owner(actor=user))
    context = {
        "may_read": access.may_read_personal_data(user),
        "reviews": presenters.review_rows(user, reviews),
        "reviews_total": reviews_total,
        "awaiting": presenters.sign_off_rows(user, awaiting),
        "awaiting_total": awaiting_total,
        "actions": presenters.action_rows(user, actions, timezone.localdate()),
        "actions_total": actions_total,
        "may_edit_tools": access.may(request.user, "risk.edit_tools"),
    }
    return render(request, "risk/index.html", context)


def assessment_new(request, person_pk: int):
    """GET asks to confirm starting (a bookmark or reload lands here); POST starts or continues
    the agency's draft."""
    person = person_open(actor=request.user, pk=person_pk, purpose="start a risk assessment")
    access.require(request.user, "risk.assess")
    if request.method == "POST":
        assessment = services.assessment_start(actor=request.user, person=person)
        return redirect("risk:assessment_edit", pk=assessment.pk)
    context = {
        "person": person,
        "draft": services.draft_for(actor=request.user, person=person),
        "status": services.risk_status(actor=request.user, person=person),
    }
    return render(request, "risk/assessment_start.html", context)


def _assessment_form(assessment, data=None):
    review_due = assessment.review_due
    if review_due is None and assessment.suggested_level:
        # A starting point only: the longest interval the suggested level allows.
        review_due = services.latest_review_date(
            assessment, assessment.suggested_level, timezone.localdate()
        )
    initial = {
        indicator_field_name(code): answer for code, answer in assessment.answers.items()
    } | {
        "judged_level": assessment.judged_level,
        "rationale": assessment.rationale,
        "review_due": review_due,
        "version": assessment.version,
    }
    return AssessmentForm(
        data, initial=initial, definition=assessment.tool.definition, evidence=assessment.evidence
    )


def assessment_edit(request, pk: int):
    access.require(request.user, "risk.assess", record=("risk.riskassessment", pk))
    assessment = services.assessment_open(actor=request.user, pk=pk, purpose="edit risk assessment")
    if assessment.is_final:
        messages.info(request, "This assessment is finalised. Start a new one to supersede it.")
        return redirect("risk:assessment", pk=assessment.pk)
    form = _assessment_form(assessment, request.POST or None)
    if request.method == "POST" and form.is_valid():
        finalise = request.POST.get("action") == "finalise"
        try:
            services.assessment_save(
                actor=request.user,
                assessment=assessment,
                expected_version=form.cleaned_data["version"],
                answers=form.answers(),
                judged_level=form.cleaned_data["judged_level"],
                rationale=form.cleaned_data["rationale"],
                review_due=form.cleaned_data["review_due"],
                finalise=finalise,
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except services.AssessmentLocked:
            messages.info(request, "This assessment was finalised by someone else.")
            return redirect("risk:assessment", pk=assessment.pk)
        except services.AssessmentInvalid as invalid:
            assessment.refresh_from_db()
            form = _assessment_form(assessment, request.POST)
            form.is_valid()
            add_errors(form, invalid.errors)
        else:
            if finalise:
                messages.success(request, "Assessment finalised and sent for manager sign-off.")
                return redirect("risk:assessment", pk=assessment.pk)
            messages.success(request, "Draft saved.")
            return redirect("risk:assessment_edit", pk=assessment.pk)
    definition = assessment.tool.definition
    since = None
    previous = services.latest_final(actor=request.user, person=assessment.person)
    if previous:
        since = previous.completed_at
    context = {
        "assessment": assessment,
        "person": assessment.person,
        "form": form,
        "sections": form.sections(),
        "suggested": scoring.level_label(definition, assessment.suggested_level),
        "band": scoring.level_label(definition, assessment.band_level),
        "floor": scoring.level_label(definition, assessment.floor_level)
        if assessment.floor_level
        else "",
        "review_days": {
            level["code"]: scoring.review_days(definition, level["code"])
            for level in definition["levels"]
        },
        "levels": definition["levels"],
        "contributions": services.contributions_for(
            actor=request.user, person=assessment.person, since=since
        ),
        "status": services.risk_status(actor=request.user, person=assessment.person),
        "indicator_names": lambda codes: presenters.indicator_names(definition, codes),
    }
    return render_page(request, "risk/assessment_form.html", context, forms=[form])


def assessment_detail(request, pk: int):
    assessment = services.assessment_open(actor=request.user, pk=pk)
    which = request.POST.get("form")
    share_form = ShareForm(
        request.POST if which == "share" else None,
        agencies=[a for a in services.agencies() if a.pk != assessment.owning_agency_id],
    )
    may_share = services.may_share_assessment(actor=request.user, assessment=assessment)
    if which == "share":
        if not may_share:
            raise PermissionDenied("Only the agency that holds an assessment can share it.")
        if share_form.is_valid():
            agency = share_form.agencies[share_form.cleaned_data["agency"]]
            services.assessment_share(
                actor=request.user,
                assessment=assessment,
                agency=agency,
                lawful_basis=share_form.cleaned_data["lawful_basis"],
            )
            messages.success(request, f"Assessment shared with {agency.name}.")
            return redirect("risk:assessment", pk=assessment.pk)
    form = SignOffForm(
        (request.POST or None) if which != "share" else None,
        initial={"version": assessment.version},
    )
    may_sign_off = services.may_sign_off(actor=request.user, assessment=assessment)
    if request.method == "POST" and which != "share":
        if not may_sign_off:
            raise PermissionDenied("Only a team manager in the assessing agency can sign off.")
        if form.is_valid():
            returning = form.cleaned_data["decision"] == "return"
            decide = services.assessment_return if returning else services.assessment_sign_off
            reason = "reason" if returning else "comment"
            with refusal_shown(form):
                decide(
                    actor=request.user,
                    assessment=assessment,
                    expected_version=form.cleaned_data["version"],
                    **{reason: form.cleaned_data["comment"]},
                )
                messages.success(
                    request,
                    "Assessment returned for rework." if returning else "Assessment signed off.",
                )
                return redirect("risk:assessment", pk=assessment.pk)
    definition = assessment.tool.definition
    context = {
        "assessment": assessment,
        "person": assessment.person,
        # A partner the assessment is shared with may not open the child's record: name the
        # child without links to pages that would refuse them.
        "child": presenters.child_cell(request.user, assessment.person),
        "may_open_child": access.may(request.user, "record.view", assessment.person),
        "form": form,
        "may_sign_off": may_sign_off,
        "level_tag": presenters.level_tag(definition, assessment.judged_level),
        "suggested": scoring.level_label(definition, assessment.suggested_level),
        "band": scoring.level_label(definition, assessment.band_level),
        "answers": [
            (
                section,
                [
                    (ind, presenters.answer_text(ind, assessment.answers.get(ind["code"], "")))
                    for ind in section["indicators"]
                    if assessment.answers.get(ind["code"])
                ],
            )
            for section in definition["sections"]
        ],
        "status": services.risk_status(actor=request.user, person=assessment.person),
        "share_form": share_form,
        "may_share": may_share,
        "shares": services.assessment_shares(assessment=assessment) if may_share else [],
    }
    return render_page(request, "risk/assessment_detail.html", context, forms=[form, share_form])


def history(request, person_pk: int):
    person = person_open(actor=request.user, pk=person_pk, purpose="view risk history")
    assessments = services.assessments_for(actor=request.user, person=person)
    finals = [a for a in assessments if a.is_final]
    form = CompareForm(request.GET or None, assessments=finals)
    comparison = None
    if request.GET and form.is_valid():
        chosen = {a.pk: a for a in finals}
        first = chosen[int(form.cleaned_data["first"])]
        second = chosen[int(form.cleaned_data["second"])]
        if (first.completed_at, first.pk) > (second.completed_at, second.pk):
            first, second = second, first
        comparison = {
            "first": first,
            "second": second,
            "rows": presenters.comparison_rows(first, second),
        }
    context = {
        "person": person,
        "assessments": assessments,
        "form": form,
        "comparison": comparison,
        "status": services.risk_status(actor=request.user, person=person),
        "labels": {a.pk: scoring.level_label(a.tool.definition, a.judged_level) for a in finals},
    }
    return render_page(request, "risk/history.html", context, forms=[form])


def contribute(request, person_pk: int):
    access.require(request.user, "risk.contribute", record=("register.person", person_pk))
    person = person_open(actor=request.user, pk=person_pk, purpose="contribute to risk assessment")
    access.require(request.user, "risk.contribute", person)
    agencies = services.agencies()
    form = ContributionForm(
        request.POST or None,
        definition=services.current_tool().definition,
        agencies=agencies,
        initial={"share_with": str(person.owning_agency_id)},
    )
    if request.method == "POST" and form.is_valid():
        services.contribution_create(
            actor=request.user,
            person=person,
            share_with=form.agencies[form.cleaned_data["share_with"]],
            lawful_basis=form.cleaned_data["lawful_basis"],
            text=form.cleaned_data["text"],
            indicators=form.cleaned_data["indicators"],
        )
        messages.success(request, "Your contribution has been recorded and shared.")
        return redirect("register:person", pk=person.pk)
    return render_page(
        request, "risk/contribute.html", {"person": person, "form": form}, forms=[form]
    )


def tools(request):
    access.require(request.user, "risk.edit_tools")
    versions = services.tool_versions()
    return render(request, "risk/tools.html", {"versions": versions, "current": versions[0]})


def tool_structure(request):
    access.require(request.user, "risk.edit_tools")
    current = services.current_tool()
    form = ToolStructureForm(
        request.POST or None, definition=current.definition, initial={"based_on": current.version}
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            tool = services.tool_publish(
                actor=request.user,
                slug=current.slug,
                name=current.name,
                definition=form.definition(),
                change_note=form.cleaned_data["change_note"],
                based_on=form.cleaned_data["based_on"],
            )
            messages.success(request, f"Version {tool.version} published.")
            return redirect("risk:tools")
    context = {"form": form, "current": current, "layout": form.layout()}
    return render_page(request, "risk/tool_structure.html", context, forms=[form])


def tool_edit(request):
    access.require(request.user, "risk.edit_tools")
    current = services.current_tool()
    form = ToolForm(
        request.POST or None,
        initial={
            "name": current.name,
            "definition": json.dumps(current.definition, indent=2),
            "based_on": current.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            tool = services.tool_publish(
                actor=request.user,
                slug=current.slug,
                name=form.cleaned_data["name"],
                definition=form.cleaned_data["definition"],
                change_note=form.cleaned_data["change_note"],
                based_on=form.cleaned_data["based_on"],
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except services.AssessmentInvalid as invalid:
            form.add_error("definition", invalid.errors["definition"])
        else:
            messages.success(request, f"Version {tool.version} published.")
            return redirect("risk:tools")
    return render_page(
        request, "risk/tool_form.html", {"form": form, "current": current}, forms=[form]
    )


# --- Safety plans ----------------------------------------------------------------------------


def plan_new(request, person_pk: int):
    """GET asks to confirm starting a safety plan (or links to the open one); POST starts it."""
    person = person_open(actor=request.user, pk=person_pk, purpose="start a safety plan")
    access.require(request.user, "risk.assess")
    existing = services.plan_for(actor=request.user, person=person)
    if request.method == "POST" or existing:
        plan = existing or services.plan_create(actor=request.user, person=person)
        return redirect("risk:plan", pk=plan.pk)
    return render(request, "risk/plan_start.html", {"person": person})


def plan_detail(request, pk: int):
    plan = services.plan_open(actor=request.user, pk=pk)
    views_form = PlanViewsForm(
        request.POST if request.POST.get("form") == "views" else None,
        initial={
            "purpose": plan.purpose,
            "child_views": plan.child_views,
            "family_views": plan.family_views,
            "version": plan.version,
        },
    )
    action_form = PlanActionForm(
        request.POST if request.POST.get("form") == "action" else None,
        agencies=services.responsible_agencies(),
        users=services.casework_users(),
    )
    support_form = SupportForm(request.POST if request.POST.get("form") == "support" else None)
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "views" and views_form.is_valid():
            with refusal_shown(views_form):
                services.plan_update_views(
                    actor=request.user,
                    plan=plan,
                    expected_version=views_form.cleaned_data["version"],
                    child_views=views_form.cleaned_data["child_views"],
                    family_views=views_form.cleaned_data["family_views"],
                    purpose=views_form.cleaned_data["purpose"],
                )
                messages.success(request, "Views saved.")
                return redirect("risk:plan", pk=plan.pk)
        elif which == "action" and action_form.is_valid():
            data = action_form.cleaned_data
            with refusal_shown(action_form):
                services.plan_action_add(
                    actor=request.user,
                    plan=plan,
                    text=data["text"],
                    responsible_agency=action_form.agencies[data["responsible_agency"]],
                    owner=action_form.users.get(data["owner"] or ""),
                    due_on=data["due_on"],
                    is_milestone=data["is_milestone"],
                )
                messages.success(request, "Action added.")
                return redirect("risk:plan", pk=plan.pk)
        elif which == "support" and support_form.is_valid():
            data = support_form.cleaned_data
            services.support_record(
                actor=request.user,
                plan=plan,
                delivered_on=data["delivered_on"],
                kind=data["kind"],
                description=data["description"],
            )
            messages.success(request, "Support recorded.")
            return redirect("risk:plan", pk=plan.pk)
    context = {
        "plan": plan,
        "person": plan.person,
        "actions": services.plan_actions(actor=request.user, plan=plan),
        "support": services.plan_support(actor=request.user, plan=plan),
        "views_form": views_form,
        "action_form": action_form,
        "support_form": support_form,
        "status_form": ActionStatusForm(),
        "today": timezone.localdate(),
    }
    return render_page(
        request,
        "risk/plan.html",
        context,
        forms=[views_form, action_form, support_form],
    )


def plan_action_detail(request, pk: int):
    """The action's own page: what it needs (the child, the plan's purpose, who holds the
    plan), its progress and outcome, and naming who carries it out."""
    user = request.user
    action = services.plan_action_open(actor=user, pk=pk)
    which = request.POST.get("form")
    may_update = services.may_update_action(actor=user, action=action)
    may_name = services.may_name_action_owner(actor=user, action=action)
    form = ActionStatusForm(
        (request.POST or None) if which != "owner" else None,
        initial={"status": action.status, "outcome": action.outcome, "version": action.version},
    )
    owner_form = ActionOwnerForm(
        request.POST if which == "owner" else None,
        users=services.action_owners(agency=action.responsible_agency),
        initial={"owner": str(action.owner_id or ""), "version": action.version},
    )
    if request.method == "POST":
        if not (may_name if which == "owner" else may_update):
            raise PermissionDenied("Only the action's owner or the plan's team can update it.")
        chosen = form if which != "owner" else owner_form
        if chosen.is_valid():
            with refusal_shown(chosen):
                if which == "owner":
                    services.plan_action_name_owner(
                        actor=user,
                        action=action,
                        owner=owner_form.users[owner_form.cleaned_data["owner"]],
                        expected_version=owner_form.cleaned_data["version"],
                    )
                else:
                    services.plan_action_update(
                        actor=user,
                        action=action,
                        status=form.cleaned_data["status"],
                        # The plan's table changes the status only; keep the outcome.
                        outcome=form.cleaned_data["outcome"]
                        if "outcome" in request.POST
                        else action.outcome,
                        expected_version=form.cleaned_data["version"],
                    )
                messages.success(request, "Action updated.")
                if which != "owner" and access.may(user, "record.view", action.plan):
                    return redirect("risk:plan", pk=action.plan_id)
                return redirect("risk:action", pk=action.pk)
    context = {
        "action": action,
        "form": form,
        "owner_form": owner_form,
        "may_update": may_update,
        "may_name": may_name,
        "may_open_plan": access.may(user, "record.view", action.plan),
        "child": presenters.child_cell(user, action.plan.person),
        "due_tag": presenters.action_tag(action, timezone.localdate()),
    }
    return render_page(request, "risk/action.html", context, forms=[form, owner_form])
