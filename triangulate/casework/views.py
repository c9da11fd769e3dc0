"""Casework pages: cases and caseloads, one case, allocation, tasks, closing and reopening."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from triangulate.core import access
from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
from triangulate.core.presenters import summary_rows, uk_date, uk_datetime
from triangulate.core.views.rendering import render_page

from . import services
from .forms import AllocateForm, ReasonForm, TaskForm
from .models import CaseStatus


def case_list(request):
    user = request.user
    if not access.may(user, "casework.open") and not access.may(user, "casework.work"):
        raise PermissionDenied("Cases are for the front door and the exploitation team.")
    cases = services.cases_list(actor=user)
    context = {"cases": cases, "caseloads": None}
    if access.may(user, "casework.allocate"):
        context["caseloads"] = services.caseloads(teams=services.teams_for(user))
    return render(request, "casework/list.html", context)


def open_case(request, contact_pk: int):
    access.require(request.user, "casework.open")
    contact = services.contact_for_case(actor=request.user, pk=contact_pk)
    if request.method == "POST":
        try:
            case = services.case_open(actor=request.user, contact=contact)
        except services.CaseAlreadyOpen as already:
            messages.error(
                request, f"This child already has an open case, {already.case.reference}."
            )
            return redirect("casework:case", pk=already.case.pk)
        except services.CannotOpen:
            messages.error(request, "A case can only be opened from a decision that calls for one.")
            return redirect("frontdoor:contact", pk=contact.pk)
        messages.success(request, f"Case {case.reference} opened. Allocate it to a worker.")
        return redirect("casework:case", pk=case.pk)
    return render(request, "casework/open.html", {"contact": contact})


def _case_page(request, case, *, allocate_form=None, task_form=None, reason_form=None):
    user = request.user
    context = {
        "case": case,
        "summary": summary_rows(
            [
                ("Child", case.person.full_name),
                ("Status", case.get_status_display()),
                ("Team", case.team.name if case.team else "Not allocated"),
                ("Worker", case.worker.display_name if case.worker else "Not allocated"),
                ("Opened", uk_datetime(case.opened_at)),
                ("Opened from contact", case.contact.reference if case.contact else ""),
            ]
        ),
        "events": services.case_events(actor=user, case=case),
        "tasks": services.case_tasks(actor=user, case=case),
        "may_allocate": access.may(user, "casework.allocate") and case.status == CaseStatus.OPEN,
        "may_work": access.may(user, "casework.work"),
        "uk_date": uk_date,
    }
    forms = []
    if context["may_allocate"]:
        rows = services.caseloads(teams=services.teams_for(user))
        context["caseload_rows"] = rows
        allocate_form = allocate_form or AllocateForm(rows=rows, initial={"version": case.version})
        context["allocate_form"] = allocate_form
        forms.append(allocate_form)
    if context["may_work"]:
        if case.status == CaseStatus.OPEN:
            task_form = task_form or TaskForm(owners=services.possible_task_owners(case))
            context["task_form"] = task_form
            forms.append(task_form)
        reason_form = reason_form or ReasonForm(initial={"version": case.version})
        context["reason_form"] = reason_form
        forms.append(reason_form)
    return render_page(request, "casework/case.html", context, forms=forms)


def case_detail(request, pk: int):
    case = services.case_open_for(actor=request.user, pk=pk)
    return _case_page(request, case)


@require_POST
def allocate(request, pk: int):
    case = services.case_open_for(actor=request.user, pk=pk)
    access.require(request.user, "casework.allocate")
    rows = services.caseloads(teams=services.teams_for(request.user))
    form = AllocateForm(request.POST, rows=rows)
    if not form.is_valid():
        return _case_page(request, case, allocate_form=form)
    team_pk, worker_pk = (int(v) for v in form.cleaned_data["worker"].split(":"))
    row = next(r for r in rows if r.team.pk == team_pk and r.member.user_id == worker_pk)
    try:
        services.case_allocate(
            actor=request.user,
            case=case,
            team=row.team,
            worker=row.member.user,
            expected_version=form.cleaned_data["version"],
            confirm_over_capacity=form.cleaned_data["confirm_over_capacity"],
        )
    except services.OverCapacity as over:
        form.add_error(
            "confirm_over_capacity",
            f"{row.member.user.display_name} already has {over.caseload} open cases and a "
            f"capacity of {over.capacity}. Choose someone else, or confirm to allocate anyway",
        )
        return _case_page(request, case, allocate_form=form)
    except StaleEdit:
        messages.error(request, STALE_MESSAGE)
        return redirect("casework:case", pk=pk)
    messages.success(request, f"Case allocated to {row.member.user.display_name}.")
    return redirect("casework:case", pk=pk)


@require_POST
def add_task(request, pk: int):
    case = services.case_open_for(actor=request.user, pk=pk)
    access.require(request.user, "casework.work")
    owners = services.possible_task_owners(case)
    form = TaskForm(request.POST, owners=owners)
    if not form.is_valid():
        return _case_page(request, case, task_form=form)
    owner = next(u for u in owners if str(u.pk) == form.cleaned_data["owner"])
    services.task_add(
        actor=request.user,
        case=case,
        title=form.cleaned_data["title"],
        owner=owner,
        due_on=form.cleaned_data["due_on"],
    )
    messages.success(request, "Task added.")
    return redirect("casework:case", pk=pk)


@require_POST
def complete_task(request, pk: int, task_pk: int):
    task = services.task_get(actor=request.user, case_pk=pk, pk=task_pk)
    services.task_complete(actor=request.user, task=task)
    messages.success(request, f"Task done: {task.title}.")
    return redirect("casework:case", pk=pk)


@require_POST
def close_or_reopen(request, pk: int):
    case = services.case_open_for(actor=request.user, pk=pk)
    access.require(request.user, "casework.manage")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, reason_form=form)
    action = services.case_close if case.status == CaseStatus.OPEN else services.case_reopen
    try:
        action(
            actor=request.user,
            case=case,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleEdit:
        messages.error(request, STALE_MESSAGE)
        return redirect("casework:case", pk=pk)
    except services.CaseAlreadyOpen:
        messages.error(request, "This child already has another open case.")
        return redirect("casework:case", pk=pk)
    messages.success(
        request,
        f"Case {case.reference} {'closed' if action == services.case_close else 'reopened'}.",
    )
    return redirect("casework:case", pk=pk)
