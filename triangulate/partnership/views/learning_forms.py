"""Entry pages for awareness events, Section 11 returns and case-file audits."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from triangulate.core import access
from triangulate.core.views.rendering import render_page

from ..forms.learning import (
    AuditCaseForm,
    AwarenessEventForm,
    CaseFileAuditForm,
    FindingForm,
    Section11Form,
)
from ..models import AuditFinding, AwarenessEvent, CaseFileAudit, Section11Return
from ..services import learning as services


def _simple(request, form_class, template, context, save, success, back):
    access.require(request.user, "partnership.manage")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save(form.cleaned_data)
        messages.success(request, success)
        return redirect(*back)
    return render_page(request, template, {"form": form, **context}, forms=[form])


def event_create(request):
    return _simple(
        request,
        AwarenessEventForm,
        "partnership/event_form.html",
        {},
        lambda data: services.record_create(
            actor=request.user, model=AwarenessEvent, purpose="record an awareness event", **data
        ),
        "The awareness event has been recorded.",
        ("partnership:training",),
    )


def section11_create(request):
    return _simple(
        request,
        Section11Form,
        "partnership/section11_form.html",
        {},
        lambda data: services.record_create(
            actor=request.user, model=Section11Return, purpose="record a Section 11 return", **data
        ),
        "The Section 11 return has been recorded.",
        ("partnership:audits",),
    )


def audit_create(request):
    access.require(request.user, "partnership.manage")
    form = CaseFileAuditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case_audit = services.case_file_audit_create(actor=request.user, **form.cleaned_data)
        messages.success(request, "The audit has been started. Add each sampled case file.")
        return redirect("partnership:audit", pk=case_audit.pk)
    return render_page(request, "partnership/audit_form.html", {"form": form}, forms=[form])


def audit_case_add(request, pk: int):
    access.require(request.user, "partnership.manage")
    case_audit = get_object_or_404(CaseFileAudit, pk=pk)
    form = AuditCaseForm(
        request.POST or None, questions=case_audit.questions.order_by("number", "id")
    )
    if request.method == "POST" and form.is_valid():
        services.audit_case_add(
            actor=request.user,
            case_audit=case_audit,
            reference=form.cleaned_data["reference"],
            agency=form.cleaned_data["agency"],
            answers=form.answers(),
        )
        messages.success(request, f"Case {form.cleaned_data['reference']} has been recorded.")
        return redirect("partnership:audit", pk=case_audit.pk)
    return render_page(
        request,
        "partnership/audit_case_form.html",
        {"form": form, "audit": case_audit},
        forms=[form],
    )


def finding_add(request, pk: int):
    case_audit = get_object_or_404(CaseFileAudit, pk=pk)
    return _simple(
        request,
        FindingForm,
        "partnership/finding_form.html",
        {"audit": case_audit},
        lambda data: services.record_create(
            actor=request.user,
            model=AuditFinding,
            purpose="record an audit finding",
            audit=case_audit,
            **data,
        ),
        "The finding has been recorded.",
        ("partnership:audit", case_audit.pk),
    )
