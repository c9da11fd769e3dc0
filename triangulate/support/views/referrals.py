"""Referrals to support: made from a person's record, updated by the referrer or the service."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone

from triangulate.core import access
from triangulate.core.forms import add_errors, refusal_shown
from triangulate.core.views.rendering import render_page
from triangulate.register.services import person_open

from .. import presenters
from ..forms import ReferralForm, ReferralUpdateForm
from ..services import Invalid, StaleEdit, directory, referrals


def refer(request, person_pk: int):
    access.require(request.user, "support.refer", record=("register.person", person_pk))
    person = person_open(actor=request.user, pk=person_pk, purpose="refer to support")
    form = ReferralForm(
        request.POST or None,
        services=directory.services_for_staff(request.user),
        referred_as=referrals.referred_as_choices(person),
        children=referrals.linkable_children(actor=request.user, person=person),
        initial={"referred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            referral = referrals.referral_make(actor=request.user, person=person, **form.values())
            messages.success(request, f"Referral to {referral.service.name} recorded.")
            return redirect("support:referral", pk=referral.pk)
    context = {"form": form, "person": person}
    return render_page(request, "support/refer.html", context, forms=[form])


def _update_form(referral, data):
    initial = {
        "version": referral.version,
        "status": referral.status,
        "consent": referral.consent,
        "consent_reason": referral.consent_reason,
        "declined_reason": referral.declined_reason,
        "outcome": referral.outcome,
        "on": timezone.localdate(),
    }
    return ReferralUpdateForm(data, initial=initial)


def referral(request, pk: int):
    user = request.user
    record = referrals.referral_open(actor=user, pk=pk)
    may_change = access.changeable(user, type(record)).filter(pk=record.pk).exists()
    form = _update_form(record, request.POST if request.method == "POST" else None)
    stale = False
    if request.method == "POST":
        access.require_changeable(user, record, purpose="update a support referral")
        if form.is_valid():
            data = form.cleaned_data
            try:
                referrals.referral_update(
                    actor=user,
                    referral=record,
                    expected_version=data["version"],
                    status=data["status"],
                    on=data["on"],
                    consent=data["consent"],
                    consent_reason=data["consent_reason"],
                    declined_reason=data["declined_reason"],
                    outcome=data["outcome"],
                )
            except StaleEdit:
                record = referrals.referral_open(actor=user, pk=pk)
                form = _update_form(record, None)
                stale = True
            except Invalid as invalid:
                add_errors(form, invalid.errors)
            else:
                messages.success(request, f"Referral saved: {record.get_status_display()}.")
                return redirect("support:referral", pk=record.pk)
    today = timezone.localdate()
    context = {
        "referral": record,
        "rows": presenters.referral_summary(user, record, today),
        "form": form,
        "may_change": may_change,
        "person_href": access.child_reference(user, record.person).href,
    }
    return render_page(request, "support/referral.html", context, forms=[form], stale=stale)
