"""Casework pages: cases and caseloads, one case, allocation, tasks, closing and reopening."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from triangulate.core import access, records
from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
from triangulate.core.exports import xlsx_response
from triangulate.core.forms import SensitivityForm, refusal_shown, saved
from triangulate.core.presenters import summary_rows, uk_date, uk_datetime
from triangulate.core.views.rendering import render_page

from . import presenters, services
from .forms import (
    AllocateForm,
    AttachmentForm,
    ChronologyFilterForm,
    ClosureForm,
    InvestigationOutcomeForm,
    InvestigationStartForm,
    MemberCapacityForm,
    MemberRemoveForm,
    NoteCorrectionForm,
    NoteForm,
    OversightForm,
    ReasonForm,
    ReturnForm,
    ShareNoteForm,
    SignOffForm,
    StrategyActionForm,
    StrategyForm,
    SupervisionForm,
    TaskForm,
    TeamForm,
    TeamMemberForm,
    TransferForm,
    WithdrawForm,
)
from .models import CaseStatus, StrategyAction, StrategyDecision
from .services import attachments, casenotes, chronology, closure, oversight, strategy, teams


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


def _case_page(
    request,
    case,
    *,
    allocate_form=None,
    task_form=None,
    reason_form=None,
    transfer_form=None,
    return_form=None,
    stale=False,
):
    user = request.user
    awaiting = closure.awaiting(actor=user, case=case) if case.status == CaseStatus.OPEN else None
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
        "note_rows": presenters.note_rows(user, casenotes.case_notes(actor=user, case=case)),
        "note_head": presenters.NOTE_HEAD,
        "supervisions": oversight.supervisions(actor=user, case=case),
        "may_supervise": access.may(user, "casework.allocate"),
        "may_strategy": access.may(user, "casework.strategy"),
        "discussions": presenters.discussion_links(
            strategy.discussions_for_case(actor=user, case=case)
        ),
        "tasks": services.case_tasks(actor=user, case=case),
        "may_allocate": access.may(user, "casework.allocate")
        and case.status == CaseStatus.OPEN
        and case.worker_id is None,
        "may_transfer": access.may(user, "casework.transfer", case)
        and case.status == CaseStatus.OPEN
        and case.worker_id is not None,
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
    if context["may_transfer"]:
        rows = services.caseloads(teams=services.teams_for(user))
        context["caseload_rows"] = rows
        transfer_form = transfer_form or TransferForm(rows=rows, initial={"version": case.version})
        context["transfer_form"] = transfer_form
        forms.append(transfer_form)
    if context["may_work"]:
        if case.status == CaseStatus.OPEN:
            task_form = task_form or TaskForm(owners=services.possible_task_owners(case))
            context["task_form"] = task_form
            forms.append(task_form)
        if awaiting is None:
            form_class = ClosureForm if case.status == CaseStatus.OPEN else ReasonForm
            reason_form = reason_form or form_class(initial={"version": case.version})
            context["reason_form"] = reason_form
            context["closes_directly"] = closure.signs_off(user, case)
            forms.append(reason_form)
    if awaiting is not None:
        context["awaiting"] = awaiting
        context["awaiting_summary"] = presenters.closure_summary(awaiting)
        if closure.signs_off(user, case):
            context["sign_off_form"] = SignOffForm(initial={"version": awaiting.version})
            return_form = return_form or ReturnForm(initial={"version": awaiting.version})
            context["return_form"] = return_form
            forms.append(return_form)
    return render_page(request, "casework/case.html", context, forms=forms, stale=stale)


def case_detail(request, pk: int):
    case = services.case_open_for(actor=request.user, pk=pk)
    return _case_page(request, case)


def _over_capacity_error(form, row, over, verb: str) -> None:
    form.add_error(
        "confirm_over_capacity",
        f"{row.member.user.display_name} already has {over.caseload} open cases and a "
        f"capacity of {over.capacity}. Choose someone else, or confirm to {verb} anyway",
    )


def _move_case(request, pk: int, *, transferring: bool):
    """Allocate a case without a worker, or transfer one to another worker or team."""
    case = services.case_open_for(actor=request.user, pk=pk)
    if transferring:
        access.require(request.user, "casework.transfer", case)
    else:
        access.require(request.user, "casework.allocate")
    rows = services.caseloads(teams=services.teams_for(request.user))
    form = (TransferForm if transferring else AllocateForm)(request.POST, rows=rows)
    form_key = "transfer_form" if transferring else "allocate_form"
    if not form.is_valid():
        return _case_page(request, case, **{form_key: form})
    team_pk, worker_pk = (int(v) for v in form.cleaned_data["worker"].split(":"))
    row = next(r for r in rows if r.team.pk == team_pk and r.member.user_id == worker_pk)
    move, said = services.case_allocate, {}
    if transferring:
        move = services.case_transfer
        said = {k: form.cleaned_data[k] for k in ("reason", "handover")}
    try:
        move(
            actor=request.user,
            case=case,
            team=row.team,
            worker=row.member.user,
            expected_version=form.cleaned_data["version"],
            confirm_over_capacity=form.cleaned_data["confirm_over_capacity"],
            **said,
        )
    except services.OverCapacity as over:
        _over_capacity_error(form, row, over, "transfer" if transferring else "allocate")
        return _case_page(request, case, **{form_key: form})
    except services.TransferInvalid as error:
        form.add_error(error.field, str(error))
        return _case_page(request, case, **{form_key: form})
    except services.TransferNeeded:
        messages.error(request, "This case already has a worker: transfer it instead.")
        return redirect("casework:case", pk=pk)
    except StaleEdit:
        return _case_page(request, services.case_open_for(actor=request.user, pk=pk), stale=True)
    name = row.member.user.display_name
    messages.success(
        request,
        f"Case transferred to {name}, with the handover note."
        if transferring
        else f"Case allocated to {name}.",
    )
    return redirect("casework:case", pk=pk)


@require_POST
def allocate(request, pk: int):
    return _move_case(request, pk, transferring=False)


@require_POST
def transfer(request, pk: int):
    return _move_case(request, pk, transferring=True)


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
    closing = case.status == CaseStatus.OPEN
    form = (ClosureForm if closing else ReasonForm)(request.POST)
    if not form.is_valid():
        return _case_page(request, case, reason_form=form)
    action = closure.closure_request if closing else services.case_reopen
    outcome = (
        {"safer": form.cleaned_data["safer"], "risk": form.cleaned_data["risk"]} if closing else {}
    )
    try:
        action(
            actor=request.user,
            case=case,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            **outcome,
        )
    except StaleEdit:
        return _case_page(request, services.case_open_for(actor=request.user, pk=pk), stale=True)
    except services.CaseAlreadyOpen:
        messages.error(request, "This child already has another open case.")
        return redirect("casework:case", pk=pk)
    case.refresh_from_db()
    if case.status == CaseStatus.OPEN and closing:
        done = "sent to your team manager to sign off"
    else:
        done = "closed" if closing else "reopened"
    messages.success(request, f"Case {case.reference} {done}.")
    return redirect("casework:case", pk=pk)


@require_POST
def closure_sign_off(request, pk: int, request_pk: int):
    asked = closure.request_get(actor=request.user, case_pk=pk, pk=request_pk)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        return redirect("casework:case", pk=pk)
    try:
        closure.closure_sign_off(
            actor=request.user, request=asked, expected_version=form.cleaned_data["version"]
        )
    except StaleEdit:
        return _case_page(request, services.case_open_for(actor=request.user, pk=pk), stale=True)
    messages.success(request, "Closure signed off. The case is closed.")
    return redirect("casework:case", pk=pk)


@require_POST
def closure_return(request, pk: int, request_pk: int):
    asked = closure.request_get(actor=request.user, case_pk=pk, pk=request_pk)
    access.require(request.user, "casework.sign_off_closure", asked.case)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        case = services.case_open_for(actor=request.user, pk=pk)
        return _case_page(request, case, return_form=form)
    try:
        closure.closure_return(
            actor=request.user,
            request=asked,
            reason=form.cleaned_data["return_reason"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleEdit:
        return _case_page(request, services.case_open_for(actor=request.user, pk=pk), stale=True)
    messages.success(request, f"Closure returned to {asked.requested_by.display_name} for rework.")
    return redirect("casework:case", pk=pk)


def _note_form_page(request, case, form, *, note=None, person=None, status=None, stale=False):
    return render_page(
        request,
        "casework/note_form.html",
        {"case": case, "form": form, "note": note, "person": person},
        forms=[form],
        status=status,
        stale=stale,
    )


def _record_note(request, form, **where):
    """Record the note the valid ``form`` holds (on a case or a child, ``where``): True when
    recorded; otherwise the refusal is on the form."""
    with refusal_shown(form):
        try:
            note = casenotes.note_record(
                actor=request.user, **where, **form.note_values(), **form.label_value()
            )
        except casenotes.EventInFuture as error:
            form.add_error("occurred_time", str(error))
            return False
        messages.success(request, f"{note.get_kind_display()} recorded.")
        return True
    return False


def note_new(request, pk: int):
    case = services.case_open_for(actor=request.user, pk=pk)
    access.require(request.user, "casework.work", record=case)
    labels = casenotes.labels_offered(actor=request.user, owning_agency_id=case.owning_agency_id)
    form = NoteForm(request.POST or None, labels=labels)
    if request.method == "POST" and form.is_valid() and _record_note(request, form, case=case):
        return redirect("casework:case", pk=case.pk)
    return _note_form_page(request, case, form)


def note_child_new(request, person_pk: int):
    """A note on the child's record outside any case, by any practitioner who may see it."""
    person = casenotes.child_for_note(actor=request.user, pk=person_pk)
    labels = casenotes.labels_offered(actor=request.user, owning_agency_id=request.user.agency_id)
    form = NoteForm(request.POST or None, labels=labels)
    if request.method == "POST" and form.is_valid() and _record_note(request, form, person=person):
        return redirect("register:person", pk=person.pk)
    return _note_form_page(request, None, form, person=person)


def _note_page(request, note, *, share_form=None, label_form=None, stale=False):
    user = request.user
    may_change = (
        access.may(user, "casework.note", note)
        and access.changeable(user, type(note)).filter(pk=note.pk).exists()
    )
    withheld = access.withheld(user, note)
    context = {
        "note": note,
        "child": access.child_reference(user, note.person),
        "summary": presenters.note_summary(user, note),
        "withheld": withheld,
        "corrections": []
        if withheld
        else [
            (c, presenters.correction_summary(c))
            for c in casenotes.corrections(actor=user, note=note)
        ],
        "may_change": may_change and withheld is None,
    }
    forms = []
    if context["may_change"]:
        share_form = share_form or ShareNoteForm(agencies=casenotes.share_agencies(actor=user))
        labels = casenotes.labels_offered(actor=user, owning_agency_id=note.owning_agency_id)
        label_form = label_form or SensitivityForm(
            initial={"sensitivity": note.sensitivity, "version": note.version}, labels=labels
        )
        context.update(share_form=share_form, label_form=label_form)
        forms += [share_form, label_form]
    return render_page(request, "casework/note.html", context, forms=forms, stale=stale)


def note_detail(request, pk: int):
    note = casenotes.note_open(actor=request.user, pk=pk)
    return _note_page(request, note)


def _note_for_change(request, pk: int):
    note = casenotes.note_for_change(actor=request.user, pk=pk)
    access.require(request.user, "casework.note", note)
    return note


def note_correct(request, pk: int):
    note = _note_for_change(request, pk)
    if request.method != "POST":
        form = NoteCorrectionForm(initial=NoteCorrectionForm.initial_for(note), note=note)
        return _note_form_page(request, note.case, form, note=note)
    form = NoteCorrectionForm(request.POST, note=note)
    if form.is_valid():
        try:
            casenotes.note_correct(
                actor=request.user,
                note=note,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **form.note_values(),
            )
        except StaleEdit:
            note = casenotes.note_for_change(actor=request.user, pk=pk)
            form = NoteCorrectionForm(initial=NoteCorrectionForm.initial_for(note), note=note)
            return _note_form_page(request, note.case, form, note=note, stale=True)
        except casenotes.EventInFuture as error:
            form.add_error("occurred_time", str(error))
        else:
            messages.success(request, "Note corrected. The note as it was before is kept below.")
            return redirect("casework:note", pk=note.pk)
    return _note_form_page(request, note.case, form, note=note)


@require_POST
def note_share(request, pk: int):
    note = _note_for_change(request, pk)
    agencies = casenotes.share_agencies(actor=request.user)
    form = ShareNoteForm(request.POST, agencies=agencies)
    if not form.is_valid():
        return _note_page(request, note, share_form=form)
    agency = next(a for a in agencies if str(a.pk) == form.cleaned_data["agency"])
    casenotes.note_share(
        actor=request.user, note=note, agency=agency, purpose=form.cleaned_data["purpose"]
    )
    messages.success(request, f"Note shared with {agency.name} to read.")
    return redirect("casework:note", pk=note.pk)


@require_POST
def note_label(request, pk: int):
    note = _note_for_change(request, pk)
    labels = casenotes.labels_offered(actor=request.user, owning_agency_id=note.owning_agency_id)
    form = SensitivityForm(request.POST, labels=labels)
    save = partial(casenotes.note_label, actor=request.user, note=note)
    if saved(request, form, save, "Sensitivity label saved."):
        return redirect("casework:note", pk=note.pk)
    if form.non_field_errors() and STALE_MESSAGE in form.non_field_errors():
        return _note_page(request, casenotes.note_open(actor=request.user, pk=pk), stale=True)
    return _note_page(request, note, label_form=form)


def _chronology(request, person_pk: int):
    """The child, the events after the filter, the filter form and the filter as asked."""
    person = chronology.person_for_chronology(actor=request.user, pk=person_pk)
    entries = chronology.events(actor=request.user, person=person)
    form = ChronologyFilterForm(
        request.GET if request.GET else None, kinds=chronology.kinds_of(entries)
    )
    filters = {"start": None, "end": None, "kinds": []}
    if form.is_bound and form.is_valid():
        filters = {k: form.cleaned_data[k] for k in filters}
    shown = chronology.within(entries, **filters)
    return person, shown, form, filters


def _filters_for_audit(filters: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items()}


def chronology_page(request, person_pk: int):
    person, shown, form, filters = _chronology(request, person_pk)
    chronology.record_shown(
        actor=request.user, person=person, entries=shown, filters=_filters_for_audit(filters)
    )
    query = request.GET.urlencode()
    return render_page(
        request,
        "casework/chronology.html",
        {
            "person": person,
            "form": form,
            "rows": presenters.chronology_rows(shown),
            "head": presenters.CHRONOLOGY_HEAD,
            "period": chronology.period_text(filters["start"], filters["end"]),
            "count": len(shown),
            "query": f"?{query}" if query else "",
        },
        forms=[form],
    )


def chronology_export(request, person_pk: int, export_format: str):
    person, shown, form, filters = _chronology(request, person_pk)
    if form.is_bound and not form.is_valid():
        return redirect(
            reverse("casework:chronology", args=[person.pk]) + f"?{request.GET.urlencode()}"
        )
    chronology.record_shown(
        actor=request.user,
        person=person,
        entries=shown,
        export_format=export_format,
        filters=_filters_for_audit(filters),
    )
    filename = f"chronology-{person.pk}-{timezone.localdate():%Y%m%d}"
    if export_format == "xlsx":
        return xlsx_response(
            filename=f"{filename}.xlsx", content=chronology.as_xlsx(person=person, entries=shown)
        )
    content = chronology.as_pdf(
        person=person,
        entries=shown,
        actor=request.user,
        kinds=filters["kinds"],
        **{"start": filters["start"], "end": filters["end"]},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def team_oversight(request):
    access.require(request.user, "casework.allocate")
    defaults = {
        "days": oversight.visit_gap_days(),
        "working_days": oversight.note_working_days(),
    }
    form = OversightForm(request.GET if request.GET else None, initial=defaults)
    values = dict(defaults)
    if form.is_bound and form.is_valid():
        values = {k: form.cleaned_data[k] for k in defaults}
    view = oversight.team_view(
        actor=request.user, gap_days=values["days"], note_days=values["working_days"]
    )
    return render_page(
        request,
        "casework/oversight.html",
        {
            "form": form,
            "values": values,
            "gaps": presenters.gap_rows(request.user, view["gaps"]),
            "late": presenters.late_note_rows(request.user, view["late"], values["working_days"]),
            "unallocated": presenters.unallocated_rows(request.user, view["unallocated"]),
            "assessments": presenters.overdue_rows(request.user, view["assessments"]),
            "overdue_head": presenters.OVERDUE_HEAD,
            "gap_head": presenters.GAP_HEAD,
            "late_head": presenters.LATE_HEAD,
            "unallocated_head": presenters.UNALLOCATED_HEAD,
        },
        forms=[form],
    )


def supervision_new(request, pk: int):
    case = services.case_open_for(actor=request.user, pk=pk)
    access.require(request.user, "casework.allocate", record=case)
    owners = services.possible_task_owners(case)
    form = SupervisionForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        by_pk = {str(u.pk): u for u in owners}
        oversight.supervision_record(
            actor=request.user,
            case=case,
            held_on=form.cleaned_data["held_on"],
            reflection=form.cleaned_data["reflection"],
            decisions=form.cleaned_data["decisions"],
            actions=[
                (text, by_pk[owner], due) for text, owner, due in form.cleaned_data["actions"]
            ],
        )
        messages.success(request, "Supervision recorded. Its actions are on the case's tasks.")
        return redirect("casework:case", pk=case.pk)
    return render_page(
        request, "casework/supervision_form.html", {"case": case, "form": form}, forms=[form]
    )


def _strategy_new(request, *, person, case=None, contact=None, action_url: str, back):
    access.require(request.user, "casework.strategy")
    agencies = strategy.invitable_agencies(request.user)
    form = StrategyForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["held_at"]:
        by_pk = {str(a.pk): a for a in agencies}
        try:
            discussion = strategy.strategy_record(
                actor=request.user,
                person=person,
                case=case,
                contact=contact,
                held_at=form.cleaned_data["held_at"],
                invited=[by_pk[pk] for pk in form.cleaned_data["invited"]],
                attended=[by_pk[pk] for pk in form.cleaned_data["attended"]],
                information_shared=form.cleaned_data["information_shared"],
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
            )
        except strategy.StrategyInvalid as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request, "Strategy discussion recorded and shared with the agencies invited."
            )
            return redirect("casework:strategy", pk=discussion.pk)
    return render_page(
        request,
        "casework/strategy_form.html",
        {
            "form": form,
            "child": access.child_reference(request.user, person),
            "action_url": action_url,
            "back": back,
        },
        forms=[form],
    )


def strategy_new(request, pk: int):
    case = services.case_open_for(actor=request.user, pk=pk)
    return _strategy_new(
        request,
        person=case.person,
        case=case,
        action_url=reverse("casework:strategy_new", args=[case.pk]),
        back=("Case " + case.reference, reverse("casework:case", args=[case.pk])),
    )


def strategy_from_contact(request, contact_pk: int):
    access.require(request.user, "casework.strategy", record=("frontdoor.contact", contact_pk))
    contact = services.contact_for_case(actor=request.user, pk=contact_pk)
    if contact.person is None:
        messages.error(request, "Link the contact to a child's record first.")
        return redirect("frontdoor:contact", pk=contact.pk)
    return _strategy_new(
        request,
        person=contact.person,
        contact=contact,
        action_url=reverse("casework:strategy_from_contact", args=[contact.pk]),
        back=("Contact " + contact.reference, reverse("frontdoor:contact", args=[contact.pk])),
    )


def _strategy_page(
    request, discussion, *, action_form=None, start_form=None, outcome_form=None, stale=False
):
    user = request.user
    mine = strategy.may_change(user, discussion) and access.may(user, "casework.strategy")
    investigation = strategy.investigation(actor=user, discussion=discussion)
    context = {
        "discussion": discussion,
        "child": access.child_reference(user, discussion.person),
        "summary": presenters.strategy_summary(discussion, strategy.agencies(discussion)),
        "actions": presenters.strategy_action_rows(
            strategy.actions(actor=user, discussion=discussion),
            may_change=lambda a: strategy.may_change(user, a),
        ),
        "investigation": investigation,
        "investigation_summary": presenters.investigation_summary(investigation)
        if investigation
        else None,
    }
    forms = []
    if mine:
        action_form = action_form or StrategyActionForm(owners=strategy.action_owners(discussion))
        context["action_form"] = action_form
        forms.append(action_form)
        if investigation is None and discussion.decision == StrategyDecision.S47_JOINT:
            start_form = start_form or InvestigationStartForm()
            context["start_form"] = start_form
            forms.append(start_form)
    if (
        investigation is not None
        and access.may(user, "casework.investigate")
        and strategy.may_change(user, investigation)
    ):
        outcome_form = outcome_form or InvestigationOutcomeForm(
            initial={
                "outcome": investigation.outcome,
                "ended_on": investigation.ended_on,
                "outcome_detail": investigation.outcome_detail,
                "version": investigation.version,
            }
        )
        context["outcome_form"] = outcome_form
        forms.append(outcome_form)
    return render_page(request, "casework/strategy.html", context, forms=forms, stale=stale)


def strategy_detail(request, pk: int):
    discussion = strategy.strategy_open(actor=request.user, pk=pk)
    return _strategy_page(request, discussion)


@require_POST
def strategy_action_add(request, pk: int):
    discussion = strategy.strategy_open(actor=request.user, pk=pk)
    owners = strategy.action_owners(discussion)
    form = StrategyActionForm(request.POST, owners=owners)
    if not form.is_valid():
        return _strategy_page(request, discussion, action_form=form)
    owner = next(u for u in owners if str(u.pk) == form.cleaned_data["owner"])
    strategy.action_add(
        actor=request.user,
        discussion=discussion,
        text=form.cleaned_data["text"],
        owner=owner,
        due_on=form.cleaned_data["due_on"],
    )
    messages.success(request, f"Action given to {owner.display_name}.")
    return redirect("casework:strategy", pk=discussion.pk)


@require_POST
def strategy_action_done(request, pk: int):
    action = records.open_for_change(
        request.user, StrategyAction, pk, purpose="complete a strategy action"
    )
    strategy.action_done(actor=request.user, action=action)
    messages.success(request, f"Action done: {action.text}.")
    return redirect("casework:strategy", pk=action.discussion_id)


@require_POST
def investigation_save(request, pk: int):
    discussion = strategy.strategy_open(actor=request.user, pk=pk)
    access.require(request.user, "casework.investigate", record=discussion)
    investigation = strategy.investigation(actor=request.user, discussion=discussion)
    if investigation is None:
        form = InvestigationStartForm(request.POST)
        if form.is_valid():
            try:
                strategy.investigation_start(
                    actor=request.user, discussion=discussion, **form.cleaned_data
                )
            except strategy.StrategyInvalid as error:
                form.add_error(error.field, str(error))
            else:
                messages.success(request, "Joint investigation recorded.")
                return redirect("casework:strategy", pk=discussion.pk)
        return _strategy_page(request, discussion, start_form=form)
    form = InvestigationOutcomeForm(request.POST)
    if form.is_valid():
        try:
            strategy.investigation_update(
                actor=request.user,
                investigation=investigation,
                expected_version=form.cleaned_data["version"],
                outcome=form.cleaned_data["outcome"],
                ended_on=form.cleaned_data["ended_on"],
                outcome_detail=form.cleaned_data["outcome_detail"],
            )
        except StaleEdit:
            discussion = strategy.strategy_open(actor=request.user, pk=pk)
            return _strategy_page(request, discussion, stale=True)
        except strategy.StrategyInvalid as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, "Investigation outcome saved.")
            return redirect("casework:strategy", pk=discussion.pk)
    return _strategy_page(request, discussion, outcome_form=form)


def _documents_page(request, person, *, form=None):
    user = request.user
    context = {
        "child": access.child_reference(user, person),
        "person": person,
        "rows": presenters.attachment_rows(attachments.attachments_for(actor=user, person=person)),
        "head": presenters.ATTACHMENT_HEAD,
    }
    forms = []
    if access.may(user, "casework.attach"):
        form = form or AttachmentForm(
            cases=attachments.open_cases_for(actor=user, person=person),
            max_mb=attachments.max_megabytes(),
        )
        context["form"] = form
        forms.append(form)
    return render_page(request, "casework/documents.html", context, forms=forms)


def documents(request, person_pk: int):
    """The child's documents this user may see, and (POST) a new one."""
    person = chronology.person_for_chronology(actor=request.user, pk=person_pk)
    if request.method != "POST":
        return _documents_page(request, person)
    access.require(request.user, "casework.attach", record=person)
    cases = attachments.open_cases_for(actor=request.user, person=person)
    form = AttachmentForm(
        request.POST, request.FILES, cases=cases, max_mb=attachments.max_megabytes()
    )
    if form.is_valid():
        case = next((c for c in cases if str(c.pk) == form.cleaned_data.get("case")), None)
        try:
            attachment = attachments.attachment_add(
                actor=request.user,
                person=person,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                case=case,
            )
        except attachments.AttachmentRefused as refused:
            form.add_error("file", str(refused))
        else:
            messages.success(request, f"{attachment.title} uploaded.")
            return redirect("casework:documents", person_pk=person.pk)
    return _documents_page(request, person, form=form)


def _document_page(request, attachment, *, withdraw_form=None, share_form=None, stale=False):
    user = request.user
    may_change = (
        access.may(user, "casework.attach")
        and access.changeable(user, type(attachment)).filter(pk=attachment.pk).exists()
    )
    context = {
        "attachment": attachment,
        "child": access.child_reference(user, attachment.person),
        "summary": presenters.attachment_summary(attachment),
        "may_download": attachment.withdrawn_at is None
        or attachments.may_fetch_withdrawn(user, attachment),
    }
    forms = []
    if may_change and attachment.withdrawn_at is None:
        withdraw_form = withdraw_form or WithdrawForm(initial={"version": attachment.version})
        share_form = share_form or ShareNoteForm(
            agencies=casenotes.share_agencies(actor=user), thing="document"
        )
        context.update(withdraw_form=withdraw_form, share_form=share_form)
        forms += [withdraw_form, share_form]
    return render_page(request, "casework/document.html", context, forms=forms, stale=stale)


def document(request, pk: int):
    attachment = records.open(request.user, attachments.Attachment, pk, purpose="view a document")
    return _document_page(request, attachment)


def document_file(request, pk: int):
    try:
        attachment = attachments.attachment_download(actor=request.user, pk=pk)
    except attachments.WithdrawnFile:
        messages.error(request, "This document was withdrawn. The file is kept for audit only.")
        return redirect("casework:document", pk=pk)
    # Always a download, never shown in the browser: a file is never run in our pages.
    return FileResponse(
        attachments.open_file(attachment),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_POST
def document_withdraw(request, pk: int):
    access.require(request.user, "casework.attach", record=("casework.attachment", pk))
    attachment = attachments.attachment_for_change(actor=request.user, pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _document_page(request, attachment, withdraw_form=form)
    try:
        attachments.attachment_withdraw(
            actor=request.user,
            attachment=attachment,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleEdit:
        attachment = records.open(
            request.user, attachments.Attachment, pk, purpose="view a document"
        )
        return _document_page(request, attachment, stale=True)
    messages.success(request, "Document withdrawn. The file is kept for audit.")
    return redirect("casework:document", pk=pk)


@require_POST
def document_share(request, pk: int):
    access.require(request.user, "casework.attach", record=("casework.attachment", pk))
    attachment = attachments.attachment_for_change(actor=request.user, pk=pk)
    agencies = casenotes.share_agencies(actor=request.user)
    form = ShareNoteForm(request.POST, agencies=agencies, thing="document")
    if not form.is_valid():
        return _document_page(request, attachment, share_form=form)
    agency = next(a for a in agencies if str(a.pk) == form.cleaned_data["agency"])
    attachments.attachment_share(
        actor=request.user,
        attachment=attachment,
        agency=agency,
        purpose=form.cleaned_data["purpose"],
    )
    messages.success(request, f"Document shared with {agency.name}.")
    return redirect("casework:document", pk=pk)


# Teams and capacity ---------------------------------------------------------------------------


def team_list(request):
    rows = teams.teams_kept(actor=request.user)
    return render(request, "casework/teams.html", {"rows": rows})


def team_new(request):
    access.require(request.user, "casework.teams")
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            team = teams.team_create(
                actor=request.user, name=form.cleaned_data["name"],
                default_capacity=form.cleaned_data["default_capacity"],
            )  # fmt: skip
            messages.success(request, f"Team added: {team.name}")
            return redirect("casework:team", pk=team.pk)
    return render_page(request, "casework/team_new.html", {"form": form}, forms=[form])


def team_detail(request, pk: int):
    user = request.user
    team = teams.team_open(actor=user, pk=pk)
    which = request.POST.get("form") if request.method == "POST" else None

    def bound(name):
        return request.POST if which == name else None

    forms = {
        "team": TeamForm(bound("team"), initial={"name": team.name,
                                                 "default_capacity": team.default_capacity}),
        "add": TeamMemberForm(bound("add"), workers=teams.workers_to_add(team=team)),
        "capacity": MemberCapacityForm(bound("capacity")),
        "remove": MemberRemoveForm(bound("remove")),
    }  # fmt: skip
    saves = {
        "team": (partial(teams.team_update, actor=user, team=team), "Team saved."),
        "capacity": (partial(teams.member_capacity, actor=user, team=team), "Capacity saved."),
        "remove": (partial(teams.member_remove, actor=user, team=team), "Worker taken out."),
    }
    if which == "add" and forms["add"].is_valid():
        chosen = forms["add"].workers.get(forms["add"].cleaned_data["worker"])
        forms["add"].cleaned_data["worker"] = chosen
        if saved(request, forms["add"], partial(teams.member_add, actor=user, team=team),
                       "Worker added to the team."):  # fmt: skip
            return redirect("casework:team", pk=team.pk)
    elif which in saves:
        save, message = saves[which]
        if saved(request, forms[which], save, message):
            return redirect("casework:team", pk=team.pk)
    team.refresh_from_db()
    members = teams.members_with_cases(team)
    context = {"team": team, "members": members, **{f"{k}_form": f for k, f in forms.items()}}
    return render_page(request, "casework/team.html", context, forms=list(forms.values()))
