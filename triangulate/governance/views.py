"""Governance pages: the second sign-in step, setting up an authenticator, an administrator's
reset of someone's two-factor sign-in, sharing agreements and shares awaiting approval."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from triangulate.core import access
from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
from triangulate.core.models import User
from triangulate.core.views.rendering import render_page

from . import presenters, services
from .forms import (
    AgreementForm,
    AgreementReviewForm,
    ApproveShareForm,
    EnrolForm,
    ResetForm,
    SecondStepForm,
)
from .models import Agreement

WRONG_CODE = "The security code is not right. Enter the code your authenticator app shows now"


def _next(request) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next(request) or "core:home")
    if not services.has_authenticator(user):
        return redirect("governance:enrol")
    form = SecondStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.second_step(request=request, user=user, token=form.cleaned_data["code"])
        except services.WrongCode:
            form.add_error("code", WRONG_CODE)
        else:
            if done.recovery_codes_left is not None:
                messages.warning(
                    request,
                    f"You used a recovery code. You have {done.recovery_codes_left} left. "
                    "Ask your administrator to reset your two-factor sign-in if you have lost "
                    "your authenticator app.",
                )
            return redirect(_next(request) or "core:home")
    demo = settings.DEMO_MODE and user.is_demo_account
    context = {"form": form, "demo_code": services.demo_code(user) if demo else ""}
    return render_page(request, "governance/verify.html", context, forms=[form])


def enrol(request):
    user = request.user
    if services.has_authenticator(user):
        return redirect("core:home" if user.is_verified() else "governance:verify")
    form = EnrolForm(request.POST or None)
    device = services.pending_authenticator(user)
    if request.method == "POST":
        if device is None:
            return redirect("governance:enrol")
        if form.is_valid():
            try:
                codes = services.enrolment_confirm(
                    request=request, user=user, device=device, token=form.cleaned_data["code"]
                )
            except services.WrongCode:
                form.add_error("code", WRONG_CODE)
            else:
                return render(
                    request,
                    "governance/recovery_codes.html",
                    {"codes": codes, "next": _next(request) or "/"},
                )
    else:
        device = services.enrolment_start(user=user)
    context = {
        "form": form,
        "qr_code": presenters.qr_code_data_uri(device.config_url),
        "secret": presenters.grouped_secret(device.key),
    }
    return render_page(request, "governance/enrol.html", context, forms=[form])


def users(request):
    access.require(request.user, "admin.users")
    rows = services.users_for_administration()
    return render(request, "governance/users.html", {"rows": rows})


def two_factor_reset(request, pk: int):
    access.require(request.user, "admin.users", record=("core.user", pk))
    subject = get_object_or_404(User, pk=pk)
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.two_factor_reset(
            actor=request.user, user=subject, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            f"Two-factor sign-in reset for {subject.display_name}. They will set up a new "
            "authenticator app when they next sign in.",
        )
        return redirect("governance:users")
    context = {"form": form, "subject": subject}
    return render_page(request, "governance/two_factor_reset.html", context, forms=[form])


# --- Information-sharing agreements -------------------------------------------------------


def agreements(request):
    access.require(request.user, "governance.agreements")
    context = {
        "rows": presenters.agreement_rows(services.agreements_list()),
        "may_record": True,
    }
    return render(request, "governance/agreements.html", context)


def agreement_new(request):
    access.require(request.user, "governance.agreements")
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agreement = services.agreement_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Agreement recorded: {agreement.title}")
        return redirect("governance:agreement", pk=agreement.pk)
    return render_page(request, "governance/agreement_new.html", {"form": form}, forms=[form])


def agreement(request, pk: int):
    access.require(request.user, "governance.agreements", record=("governance.agreement", pk))
    item = get_object_or_404(Agreement, pk=pk)
    form = AgreementReviewForm(
        request.POST or None,
        initial={"status": item.status, "review_on": item.review_on, "version": item.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_review(
                actor=request.user,
                agreement=item,
                expected_version=data["version"],
                review_on=data["review_on"],
                status=data["status"],
                note=data["note"],
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, "Review recorded")
            return redirect("governance:agreement", pk=item.pk)
    context = {
        "agreement": item,
        "summary": presenters.agreement_summary(item, services.share_counts(item)),
        "form": form,
    }
    return render_page(request, "governance/agreement.html", context, forms=[form])


def approvals(request):
    access.require(request.user, "governance.approve_shares")
    rows = presenters.approval_rows(services.shares_awaiting_approval(request.user))
    return render(request, "governance/approvals.html", {"rows": rows})


def approve(request, pk: int):
    access.require(request.user, "governance.approve_shares", record=("core.recordshare", pk))
    share = services.share_awaiting_approval(request.user, pk)
    form = ApproveShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.share_approve(
                actor=request.user, share=share, reason=form.cleaned_data["reason"]
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        else:
            messages.success(request, f"Share with {share.shared_with.name} approved")
            return redirect("governance:approvals")
    context = {"share": share, "summary": presenters.share_summary(share), "form": form}
    return render_page(request, "governance/approve.html", context, forms=[form])
