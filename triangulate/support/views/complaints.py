"""Complaints and whistleblowing for the partnership manager and the designated officer."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from triangulate.core import access
from triangulate.core.forms import add_errors, refusal_shown
from triangulate.core.views.rendering import render_page

from .. import presenters
from ..forms import ProgressForm, StaffComplaintForm, UnsealForm
from ..services import Invalid, StaleEdit, complaints


def complaint_list(request):
    items = complaints.complaints_list(actor=request.user)
    context = {
        "rows": presenters.complaint_rows(items, timezone.localdate()),
        "may_manage": access.may(request.user, "support.manage_complaints"),
    }
    return render_page(request, "support/complaints.html", context)


def complaint_new(request):
    access.require(request.user, "support.manage_complaints")
    form = StaffComplaintForm(
        request.POST or None,
        agencies=complaints.agencies(),
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            made = complaints.complaint_record(actor=request.user, **form.values())
            messages.success(request, f"Recorded with reference {made.reference}.")
            return redirect("support:complaint", pk=made.pk)
    return render_page(request, "support/complaint_form.html", {"form": form}, forms=[form])


def _page(request, complaint, *, progress=None, unseal=None, stale=False):
    context = {
        "complaint": complaint,
        "rows": presenters.complaint_summary(complaint, timezone.localdate()),
        "sealed": complaints.has_identity(complaint),
        "may_manage": access.may(request.user, "support.manage_complaints"),
        "may_unseal": access.may(request.user, "support.unseal"),
        "progress": progress
        or ProgressForm(initial={"version": complaint.version, "on": timezone.localdate()}),
        "unseal": unseal or UnsealForm(),
    }
    forms = [f for f in (progress, unseal) if f is not None]
    return render_page(request, "support/complaint.html", context, forms=forms, stale=stale)


def complaint_detail(request, pk: int):
    complaint = complaints.complaint_open(actor=request.user, pk=pk)
    if request.method != "POST":
        return _page(request, complaint)
    access.require(request.user, "support.manage_complaints", record=("support.complaint", pk))
    form = ProgressForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            complaints.complaint_progress(
                actor=request.user,
                complaint=complaint,
                expected_version=data["version"],
                action=data["action"],
                on=data["on"],
                outcome=data["outcome"],
                learning=data["learning"],
            )
        except StaleEdit:
            return _page(request, complaints.complaint_open(actor=request.user, pk=pk), stale=True)
        except Invalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Saved: {complaint.get_stage_display()}.")
            return redirect("support:complaint", pk=complaint.pk)
    return _page(request, complaint, progress=form)


def complaint_identity(request, pk: int):
    """The designated officer asks for the sealed identity with a reason; it is shown in the
    answer to that request only, never at an address that could be bookmarked or shared."""
    access.require(request.user, "support.unseal", record=("support.complaint", pk))
    complaint = complaints.complaint_open(actor=request.user, pk=pk)
    if request.method != "POST":
        return redirect("support:complaint", pk=pk)
    form = UnsealForm(request.POST)
    if form.is_valid():
        with refusal_shown(form):
            identity = complaints.identity_open(
                actor=request.user, complaint=complaint, reason=form.cleaned_data["reason"]
            )
            context = {"complaint": complaint, "identity": identity}
            response = render(request, "support/complaint_identity.html", context)
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, complaint, unseal=form)
