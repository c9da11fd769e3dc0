"""The support directory for staff: read by practitioners, kept by the partnership manager."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone

from triangulate.core import access
from triangulate.core.forms import add_errors, refusal_shown
from triangulate.core.views.rendering import render_page

from .. import presenters
from ..forms import ServiceForm
from ..services import Invalid, StaleEdit, directory, referrals


def service_list(request):
    services = directory.services_for_staff(request.user)
    context = {
        "rows": presenters.staff_rows(
            services,
            timezone.localdate(),
            referrals.waiting_by_service(actor=request.user),
        ),
        "may_manage": access.may(request.user, "support.manage_directory"),
        "ending_soon_days": directory.ENDING_SOON_DAYS,
        "may_read_voice": access.may(request.user, "support.voice"),
        "may_enter_feedback": access.may(request.user, "support.feedback_enter"),
    }
    return render_page(request, "support/directory.html", context)


def service_detail(request, pk: int):
    service = directory.service_for_staff(request.user, pk)
    context = {
        "service": service,
        "rows": presenters.service_summary(service, timezone.localdate()),
        "may_manage": access.may(request.user, "support.manage_directory"),
    }
    return render_page(request, "support/service.html", context)


def service_new(request):
    access.require(request.user, "support.manage_directory")
    form = ServiceForm(
        request.POST or None,
        agencies=directory.partner_agencies(),
        initial={"is_published": True, "area": "Kingsmere"},
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            service = directory.service_create(actor=request.user, **form.values())
            messages.success(request, f"{service.name} added to the directory.")
            return redirect("support:service", pk=service.pk)
    context = {"form": form, "title": "Add a support service"}
    return render_page(request, "support/service_form.html", context, forms=[form])


def _edit_form(service, data):
    initial = {**ServiceForm.initial_for(service), "version": service.version}
    return ServiceForm(data, agencies=directory.partner_agencies(), initial=initial)


def service_edit(request, pk: int):
    access.require(request.user, "support.manage_directory", record=("support.supportservice", pk))
    service = directory.service_for_staff(request.user, pk)
    form = _edit_form(service, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            directory.service_change(
                actor=request.user,
                service=service,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values(),
            )
        except StaleEdit:
            # Show what the other person saved, with the message; nothing of this form is kept.
            service = directory.service_for_staff(request.user, pk)
            form = _edit_form(service, None)
            context = {"form": form, "service": service, "title": f"Change {service.name}"}
            return render_page(request, "support/service_form.html", context, stale=True)
        except Invalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"{service.name} saved.")
            return redirect("support:service", pk=service.pk)
    context = {"form": form, "service": service, "title": f"Change {service.name}"}
    return render_page(request, "support/service_form.html", context, forms=[form])
