"""Meeting pages: list, new meeting (agenda built from records), the meeting itself, one
child's item (decision and actions), attendance and minutes."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from triangulate.core import access, extensions
from triangulate.core.audit import audit_shown
from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
from triangulate.core.forms import add_errors
from triangulate.core.spreadsheets import record_number, whole_number
from triangulate.core.views.rendering import render_page
from triangulate.risk import presenters as risk_presenters
from triangulate.risk import services as risk

from . import services
from .forms import (
    ActionForm,
    AgendaAddForm,
    AgendaSubjectForm,
    AttendanceForm,
    DecisionForm,
    ItemShareForm,
    MeetingForm,
)

CLOSED_MESSAGE = "The minutes of this meeting are closed and can no longer change."


def meeting_list(request):
    access.require(request.user, "record.view")
    meetings = services.meetings_list(actor=request.user)
    audit_shown(request.user, meetings, "view the meetings list")
    context = {
        "meetings": meetings,
        "may_manage": access.may(request.user, "meetings.manage"),
    }
    return render(request, "meetings/list.html", context)


def _child_search(request) -> tuple[str, list]:
    """The children found by the page's "Find a child" search, and the one already chosen."""
    query = (request.GET.get("child") or request.POST.get("child") or "").strip()[:100]
    people = services.child_choices(
        actor=request.user, query=query, chosen=request.POST.get("person", "")
    )
    return query, people


def meeting_new(request):
    access.require(request.user, "meetings.manage")
    query, people = _child_search(request)
    form = MeetingForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = services.meeting_create(
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            held_at=data["held_at"],
            person=form.people.get(data["person"] or ""),
        )
        messages.success(request, "Meeting created and its agenda built from the records.")
        return redirect("meetings:meeting", pk=meeting.pk)
    return render_page(request, "meetings/new.html", {"form": form, "child": query}, forms=[form])


def meeting_detail(request, pk: int):
    meeting = services.meeting_open(actor=request.user, pk=pk)
    query, people = _child_search(request)
    data = request.POST or None
    which = request.POST.get("form", "attendance")
    form = AttendanceForm(data if which == "attendance" else None, agencies=services.agencies())
    add_form = AgendaAddForm(data if which == "agenda" else None, people=people)
    if request.method == "POST" and which == "agenda" and add_form.is_valid():
        try:
            services.item_add(
                actor=request.user,
                meeting=meeting,
                person=add_form.people[add_form.cleaned_data["person"]],
                reason=add_form.cleaned_data["reason"],
            )
        except services.MeetingClosed:
            add_form.add_error(None, CLOSED_MESSAGE)
        else:
            messages.success(request, "Child added to the agenda.")
            return redirect("meetings:meeting", pk=meeting.pk)
    subject_form = AgendaSubjectForm(
        data if which == "subject" else None, kinds=extensions.agenda_subject_kinds()
    )
    if request.method == "POST" and which == "subject" and subject_form.is_valid():
        data = subject_form.cleaned_data
        try:
            services.subject_add(
                actor=request.user,
                meeting=meeting,
                kind=data["kind"],
                number=record_number(data["number"]),
                reason=data["reason"],
            )
        except services.MeetingClosed:
            subject_form.add_error(None, CLOSED_MESSAGE)
        except services.SubjectRefused as refused:
            add_errors(subject_form, refused.errors)
        else:
            messages.success(request, "Added to the agenda.")
            return redirect("meetings:meeting", pk=meeting.pk)
    if request.method == "POST" and which == "attendance" and form.is_valid():
        try:
            services.attendance_add(
                actor=request.user,
                meeting=meeting,
                agency=form.agencies[form.cleaned_data["agency"]],
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                status=form.cleaned_data["status"],
            )
        except services.MeetingClosed:
            form.add_error(None, CLOSED_MESSAGE)
        else:
            messages.success(request, "Attendance recorded.")
            return redirect("meetings:meeting", pk=meeting.pk)
    return _meeting_page(
        request, meeting, form=form, add_form=add_form, subject_form=subject_form, query=query
    )


def _meeting_page(request, meeting, *, form, add_form, subject_form=None, query="", stale=False):
    if subject_form is None:
        subject_form = AgendaSubjectForm(kinds=extensions.agenda_subject_kinds())
    entries = services.agenda_entries(actor=request.user, meeting=meeting)
    statuses = risk.risk_statuses(
        actor=request.user, people_ids=[e.item.person_id for e in entries if e.item]
    )
    rows = []
    for entry in entries:
        status = (entry.item and statuses.get(entry.item.person_id)) or risk.RiskStatus("none")
        rows.append(
            {
                "position": entry.position,
                "item": entry.item,
                "about": entry.about,
                "shown": entry.shown,
                "status_tag": risk_presenters.status_tag(status),
                "level": status.level_label,
            }
        )
    context = {
        "meeting": meeting,
        "rows": rows,
        "attendance": services.attendance(meeting=meeting),
        "actions": services.actions_for_meeting(actor=request.user, meeting=meeting),
        "carried": services.overdue_actions_before(actor=request.user, meeting=meeting),
        "form": form,
        "add_form": add_form,
        "subject_form": subject_form,
        "child": query,
        "may_manage": access.may(request.user, "meetings.manage", meeting),
        "today": timezone.localdate(),
    }
    return render_page(
        request,
        "meetings/meeting.html",
        context,
        forms=[form, add_form, subject_form],
        stale=stale,
    )


@require_POST
def item_remove(request, pk: int):
    item = services.item_open(actor=request.user, pk=pk)
    try:
        services.item_remove(actor=request.user, item=item)
    except services.ItemHasRecord:
        messages.error(
            request,
            "This item has a decision or actions recorded, so it stays in the minutes.",
        )
    except services.MeetingClosed:
        messages.error(request, CLOSED_MESSAGE)
    else:
        messages.success(request, "Item taken off the agenda.")
    return redirect("meetings:meeting", pk=item.meeting_id)


@require_POST
def item_move(request, pk: int):
    item = services.item_open(actor=request.user, pk=pk)
    try:
        services.item_move(actor=request.user, item=item, by=-1 if request.POST.get("up") else 1)
    except services.MeetingClosed:
        messages.error(request, CLOSED_MESSAGE)
    return redirect(reverse("meetings:meeting", args=[item.meeting_id]) + f"#item-{item.pk}")


def item_detail(request, pk: int):
    item = services.item_open(actor=request.user, pk=pk)
    meeting = item.meeting
    which = request.POST.get("form")
    decision_form = DecisionForm(
        request.POST if which == "decision" else None,
        initial={"discussion": item.discussion, "decision": item.decision, "version": item.version},
    )
    action_form = ActionForm(request.POST if which == "action" else None, owners=services.owners())
    share_form = ItemShareForm(
        request.POST if which == "share" else None,
        agencies=services.sharing_agencies(meeting=meeting),
    )
    if request.method == "POST":
        try:
            if which == "share" and share_form.is_valid():
                agency = share_form.agencies[share_form.cleaned_data["agency"]]
                services.item_share(
                    actor=request.user,
                    item=item,
                    agency=agency,
                    purpose=share_form.cleaned_data["purpose"],
                )
                messages.success(request, f"Item shared with {agency.name}.")
                return redirect("meetings:item", pk=item.pk)
            if which == "decision" and decision_form.is_valid():
                services.item_decide(
                    actor=request.user,
                    item=item,
                    expected_version=decision_form.cleaned_data["version"],
                    discussion=decision_form.cleaned_data["discussion"],
                    decision=decision_form.cleaned_data["decision"],
                )
                messages.success(request, "Decision recorded.")
                return redirect("meetings:item", pk=item.pk)
            if which == "action" and action_form.is_valid():
                owner = action_form.owners[action_form.cleaned_data["owner"]]
                services.action_add(
                    actor=request.user,
                    meeting=meeting,
                    item=item,
                    text=action_form.cleaned_data["text"],
                    owner=owner,
                    due_on=action_form.cleaned_data["due_on"],
                )
                messages.success(request, f"Action added to {owner.display_name}'s work.")
                return redirect("meetings:item", pk=item.pk)
        except StaleEdit:
            decision_form.add_error(None, STALE_MESSAGE)
        except services.MeetingClosed:
            decision_form.add_error(None, CLOSED_MESSAGE)
        except services.AlreadyShared:
            share_form.add_error("agency", "The item is already shared with this agency")
    status = risk.risk_status(actor=request.user, person=item.person) if item.person else None
    context = {
        "item": item,
        "shown": services.items_shown(actor=request.user, items=[item])[item.pk],
        "meeting": meeting,
        "person": item.person,
        "status_tag": risk_presenters.status_tag(status) if status else None,
        "status_sentence": risk_presenters.status_sentence(status) if status else "",
        "actions": [
            a
            for a in services.actions_for_meeting(actor=request.user, meeting=meeting)
            if a.item_id == item.pk
        ],
        "may_open_record": bool(item.person)
        and access.may(request.user, "record.view", item.person),
        "decision_form": decision_form,
        "action_form": action_form,
        "share_form": share_form,
        "may_manage": access.may(request.user, "meetings.manage", meeting),
    }
    return render_page(
        request, "meetings/item.html", context, forms=[decision_form, action_form, share_form]
    )


def action_detail(request, pk: int):
    action = services.action_open(actor=request.user, pk=pk)
    item = action.item
    context = {
        "action": action,
        # An action from an item about a person of concern or a place: what it is about, as
        # this user may know it (the subject's name only if they may see its record).
        "about": (
            services.items_shown(actor=request.user, items=[item])[item.pk]
            if item is not None and item.subject_type_id
            else None
        ),
        "may_complete": services.may_complete(actor=request.user, action=action),
        "may_open_meeting": access.may(request.user, "record.view", action.meeting),
        "may_open_record": bool(action.person)
        and access.may(request.user, "record.view", action.person),
        "may_read_item": services.may_read_item(actor=request.user, item_id=action.item_id),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/action.html", context)


@require_POST
def action_done(request, pk: int):
    action = services.action_open(actor=request.user, pk=pk)
    services.action_complete(actor=request.user, action=action)
    messages.success(request, "Action marked as done.")
    if request.POST.get("next") == "meeting":
        return redirect("meetings:meeting", pk=action.meeting_id)
    return redirect("core:my_work")


@require_POST
def minutes_close(request, pk: int):
    meeting = services.meeting_open(actor=request.user, pk=pk, purpose="close the minutes")
    access.require(request.user, "meetings.manage", meeting)
    gaps = services.closing_gaps(meeting=meeting)
    if gaps and request.POST.get("confirmed") != "yes":
        context = {"meeting": meeting, "gaps": gaps, "version": request.POST.get("version", "")}
        return render(request, "meetings/close_confirm.html", context)
    try:
        services.minutes_close(
            actor=request.user,
            meeting=meeting,
            expected_version=_version(request.POST.get("version", "")),
        )
    except StaleEdit:
        meeting = services.meeting_open(actor=request.user, pk=pk)
        query, people = _child_search(request)
        return _meeting_page(
            request,
            meeting,
            form=AttendanceForm(agencies=services.agencies()),
            add_form=AgendaAddForm(people=people),
            query=query,
            stale=True,
        )
    messages.success(request, "Minutes closed.")
    return redirect("meetings:meeting", pk=meeting.pk)


def minutes_pdf(request, pk: int):
    meeting = services.meeting_open(actor=request.user, pk=pk, purpose="export the minutes")
    content = services.minutes_export(actor=request.user, meeting=meeting)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _version(text: str) -> int:
    """The version a form was drawn at; anything that is not one counts as stale (0)."""
    try:
        return whole_number(text, maximum=2_147_483_647)
    except ValueError:
        return 0
