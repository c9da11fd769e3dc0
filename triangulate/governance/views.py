"""Governance pages: signing in through the authority's identity provider, the second
sign-in step, setting up an authenticator, an administrator's reset of someone's two-factor
sign-in, sharing agreements and shares awaiting approval."""

from __future__ import annotations

import django_otp
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
from triangulate.core.forms import add_errors, refusal_shown
from triangulate.core.middleware import public
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.presenters import uk_date, uk_datetime
from triangulate.core.roles import Role
from triangulate.core.views.rendering import render_page
from triangulate.register.models import Person
from triangulate.support.services import wards

from . import accounts, oidc, presenters, services
from .forms import (
    AccountForm,
    AgencyForm,
    AgreementForm,
    AgreementReviewForm,
    ApproveShareForm,
    BreakGlassForm,
    BreakGlassReviewForm,
    ChoosePasswordForm,
    DecisionNotToShareForm,
    DestroyForm,
    EnrolForm,
    LegalHoldForm,
    LegalHoldReleaseForm,
    MemberWardForm,
    ResetForm,
    RetentionRuleForm,
    ReviewAccessForm,
    SecondStepForm,
    SubjectAccessForm,
    SubjectAccessStepForm,
)
from .models import Agreement, LegalHold, RetentionRule
from .services import retention, subject_access

WRONG_CODE = "The security code is not right. Enter the code your authenticator app shows now"


def _next(request) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _provider_refused(request, refused: oidc.SignInRefused):
    """The GOV.UK page for a refused sign-in through the identity provider, audited with
    the reason."""
    detail = {"method": oidc.METHOD, "reason": refused.reason}
    if refused.email:
        detail["email"] = refused.email[:254]
    audit(refused.user, AuditAction.SIGN_IN_FAILED, refused.user, "sign in", detail=detail)
    context = {"message": str(refused), "authority": settings.OIDC_AUTHORITY_NAME}
    return render(request, "governance/provider_refused.html", context, status=403)


class ProviderSignIn(OIDCAuthenticationRequestView):
    """Sends the person to the identity provider (state, nonce and PKCE kept in the session)."""

    get_settings = staticmethod(oidc.setting)
    OIDC_OP_AUTH_ENDPOINT = property(lambda self: oidc.setting("OIDC_OP_AUTHORIZATION_ENDPOINT"))

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        if request.user.is_authenticated:
            return redirect("core:home")
        try:
            return super().get(request)
        except oidc.SignInRefused as refused:
            return _provider_refused(request, refused)
        except (requests.RequestException, KeyError, ValueError):
            return _provider_refused(request, oidc.SignInRefused("provider unavailable"))


class ProviderReturn(OIDCAuthenticationCallbackView):
    """Where the identity provider sends the person back: signs them in to their existing
    account, or shows why not. The provider's own second factor, when it asserted one that
    counts here, passes the second step too; otherwise the authenticator's code follows."""

    get_settings = staticmethod(oidc.setting)

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:
            return _provider_refused(request, oidc.SignInRefused("state"))
        except oidc.SignInRefused as refused:
            return _provider_refused(request, refused)

    def login_failure(self):
        request = self.request
        lost = request.GET.get("state") and "oidc_states" not in request.session
        return _provider_refused(request, oidc.SignInRefused("state" if lost else "not confirmed"))

    def login_success(self):
        response = super().login_success()
        device = getattr(self.user, "identity_provider_device", None)
        if device is not None:
            django_otp.login(self.request, device)
        second = "identity provider" if device is not None else "authenticator still to come"
        detail = {"method": oidc.METHOD, "second_factor": second}
        audit(self.user, AuditAction.SIGN_IN, self.user, "sign in", detail=detail)
        return response


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
    rows = services.users_for_administration(timezone.localdate())
    return render(request, "governance/users.html", {"rows": rows})


def account_new(request):
    access.require(request.user, "admin.users")
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            user = accounts.account_create(
                actor=request.user,
                username=data["username"],
                **_account_fields(data),
                today=timezone.localdate(),
            )
            link = request.build_absolute_uri(accounts.password_link(actor=request.user, user=user))
            return render(request, "governance/account_made.html", {"subject": user, "link": link})
    return render_page(request, "governance/account_form.html", {"form": form}, forms=[form])


def account(request, pk: int):
    access.require(request.user, "admin.users", record=("core.user", pk))
    subject = get_object_or_404(User.objects.select_related("agency"), pk=pk)
    today = timezone.localdate()
    form = AccountForm(
        request.POST if request.POST.get("form") == "account" else None,
        editing=True,
        initial={
            "first_name": subject.first_name,
            "last_name": subject.last_name,
            "email": subject.email,
            "agency": subject.agency_id,
            "job_title": subject.job_title,
            "roles": sorted(subject.role_codes),
            "account_expires_on": subject.account_expires_on,
            "is_active": subject.is_active,
            "version": subject.version,
        },
    )
    review = ReviewAccessForm(
        request.POST if request.POST.get("form") == "review" else None,
        initial={"version": subject.version},
    )
    if request.method == "POST" and request.POST.get("form") == "link":
        link = request.build_absolute_uri(accounts.password_link(actor=request.user, user=subject))
        return render(request, "governance/account_made.html", {"subject": subject, "link": link})
    if request.method == "POST" and review.is_valid():
        with refusal_shown(review):
            accounts.access_review(
                actor=request.user,
                user=subject,
                expected_version=review.cleaned_data["version"],
                today=today,
            )
            messages.success(request, f"Access reviewed for {subject.display_name}")
            return redirect("governance:account", pk=subject.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            accounts.account_update(
                actor=request.user,
                user=subject,
                expected_version=data["version"] or 0,
                **_account_fields(data),
                is_active=data["is_active"],
                today=today,
            )
            messages.success(request, f"Account saved for {subject.display_name}")
            return redirect("governance:account", pk=subject.pk)
    context = {
        "subject": subject,
        "form": form,
        "review": review,
        "review_due_on": accounts.review_due_on(subject),
        "expired": subject.expired_on(today),
        "is_member": subject.has_role(Role.ELECTED_MEMBER),
        "ward": wards.member_ward(subject),
    }
    return render_page(request, "governance/account.html", context, forms=[form, review])


def member_wards(request):
    """Elected members and the wards they represent, for the partnership manager to keep."""
    access.require(request.user, "governance.member_wards")
    context = {"members": accounts.elected_members()}
    return render(request, "governance/member_wards.html", context)


def member_ward(request, pk: int):
    access.require(request.user, "governance.member_wards", record=("core.user", pk))
    subject = get_object_or_404(User, pk=pk)
    current = wards.member_ward(subject)
    form = MemberWardForm(
        request.POST or None,
        initial={"ward": current.name if current else "", "version": subject.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            accounts.member_ward_set(
                actor=request.user,
                user=subject,
                expected_version=form.cleaned_data["version"],
                ward_name=form.cleaned_data["ward"],
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
            subject.refresh_from_db()
        except accounts.AccountInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            chosen = form.cleaned_data["ward"]
            messages.success(
                request,
                f"{subject.display_name} now represents {chosen}"
                if chosen
                else f"{subject.display_name} no longer has a ward",
            )
            return redirect("governance:member_wards")
    context = {"form": form, "subject": subject, "current": current}
    return render_page(request, "governance/member_ward.html", context, forms=[form])


def _account_fields(data: dict) -> dict:
    names = ("first_name", "last_name", "email", "agency", "job_title", "roles")
    return {**{name: data[name] for name in names}, "expires_on": data["account_expires_on"]}


def agencies(request):
    access.require(request.user, "admin.users")
    rows = accounts.agencies_for_administration()
    return render(request, "governance/agencies.html", {"rows": rows})


def agency_new(request):
    access.require(request.user, "admin.users")
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            agency = accounts.agency_create(
                actor=request.user,
                name=data["name"],
                short_name=data["short_name"],
                agency_type=data["agency_type"],
            )
            messages.success(request, f"Agency added: {agency.name}")
            return redirect("governance:agencies")
    context = {"form": form, "agency": None}
    return render_page(request, "governance/agency.html", context, forms=[form])


def agency(request, pk: int):
    access.require(request.user, "admin.users", record=("core.agency", pk))
    item = get_object_or_404(Agency, pk=pk)
    form = AgencyForm(
        request.POST or None,
        editing=True,
        initial={
            "name": item.name,
            "short_name": item.short_name,
            "agency_type": item.agency_type,
            "is_active": item.is_active,
            "version": item.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            accounts.agency_update(
                actor=request.user,
                agency=item,
                expected_version=data["version"] or 0,
                name=data["name"],
                short_name=data["short_name"],
                agency_type=data["agency_type"],
                is_active=data["is_active"],
            )
            messages.success(request, f"Agency saved: {item.name}")
            return redirect("governance:agencies")
    context = {"form": form, "agency": item}
    return render_page(request, "governance/agency.html", context, forms=[form])


@public
def set_password(request, uidb64: str, token: str):
    user = accounts.user_for_link(uidb64, token)
    if user is None:
        return render(request, "governance/set_password_spent.html", status=404)
    form = ChoosePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.password_set(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, "Password chosen. Sign in with it to set up two-factor sign-in.")
        return redirect("core:sign_in")
    return render_page(
        request, "governance/set_password.html", {"form": form, "subject": user}, forms=[form]
    )


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
        with refusal_shown(form):
            services.agreement_review(
                actor=request.user,
                agreement=item,
                expected_version=data["version"],
                review_on=data["review_on"],
                status=data["status"],
                note=data["note"],
            )
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
        with refusal_shown(form):
            services.share_approve(
                actor=request.user, share=share, reason=form.cleaned_data["reason"]
            )
            messages.success(request, f"Share with {share.shared_with.name} approved")
            return redirect("governance:approvals")
    context = {"share": share, "summary": presenters.share_summary(share), "form": form}
    return render_page(request, "governance/approve.html", context, forms=[form])


# --- Break-glass ----------------------------------------------------------------------------


def break_glass(request, pk: int):
    """Emergency access to a child's record outside one's agency, for a few hours."""
    if not access.may_read_personal_data(request.user):
        raise access.AccessDenied(
            "Your role does not read children's records.",
            record=("register.person", pk),
            purpose="break-glass",
        )
    person = services.break_glass_target(Person, pk)
    if access.visible(request.user, Person).filter(pk=pk).exists():
        return redirect("register:person", pk=pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        grant = services.break_glass(
            actor=request.user, record=person, justification=data["justification"],
            hours=data["hours"],
        )  # fmt: skip
        messages.success(
            request,
            f"Emergency access until {uk_datetime(grant.expires_at)}. Your information "
            "governance lead and the record's owner will review it.",
        )
        return redirect("register:person", pk=pk)
    return render_page(request, "governance/break_glass.html", {"form": form}, forms=[form])


def break_glass_queue(request):
    access.require(request.user, "governance.review_break_glass")
    context = {
        "rows": presenters.break_glass_rows(services.break_glass_queue(request.user)),
        "counts": services.break_glass_counts(request.user),
    }
    return render(request, "governance/break_glass_queue.html", context)


def break_glass_review(request, pk: int):
    access.require(
        request.user, "governance.review_break_glass", record=("governance.breakglassgrant", pk)
    )
    grant = services.break_glass_for_review(request.user, pk)
    form = BreakGlassReviewForm(request.POST or None)
    if grant.reviewed_at is None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            services.break_glass_review(
                actor=request.user, grant=grant, note=data["note"], concern=data["concern"],
                end_now=data["end_now"],
            )  # fmt: skip
            messages.success(request, "Review recorded")
            return redirect("governance:break_glass_queue")
    context = {"grant": grant, "summary": presenters.break_glass_summary(grant), "form": form}
    return render_page(request, "governance/break_glass_review.html", context, forms=[form])


# --- Decisions not to share -----------------------------------------------------------------


def decisions(request):
    access.require(request.user, "governance.approve_shares")
    context = {
        "rows": presenters.decision_rows(services.decisions_not_to_share(request.user)),
        "counts": presenters.decision_count_rows(services.decision_counts(request.user)),
    }
    return render(request, "governance/decisions.html", context)


def decision_new(request, pk: int):
    person = records.open_for_change(request.user, Person, pk, purpose="decide not to share")
    form = DecisionNotToShareForm(request.POST or None, agency=request.user.agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.decision_not_to_share(
            actor=request.user, record=person, requesting_agency=data["requesting_agency"],
            reasons=data["reasons"], consent_refused=data["consent_refused"],
        )  # fmt: skip
        messages.success(request, "Decision not to share recorded")
        return redirect("register:person", pk=pk)
    context = {"form": form, "person": person}
    return render_page(request, "governance/decision_new.html", context, forms=[form])


# --- Subject access requests ----------------------------------------------------------------


def subject_access_list(request):
    access.require(request.user, subject_access.RULE)
    rows = subject_access.kept_by(request.user).order_by("-received_on", "-id")
    context = {"rows": presenters.subject_access_rows(rows, timezone.localdate())}
    return render(request, "governance/subject_access_list.html", context)


def subject_access_new(request):
    access.require(request.user, subject_access.RULE)
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = subject_access.person_for_request(data["person"])
        if person is None:
            form.add_error("person", "There is no register entry with this number")
        else:
            item = subject_access.receive(
                actor=request.user, person=person, requester_kind=data["requester_kind"],
                requester_name=data["requester_name"], identity_check=data["identity_check"],
                received_on=data["received_on"],
            )  # fmt: skip
            messages.success(request, f"Request recorded: due by {uk_date(item.due_on)}")
            return redirect("governance:subject_access", pk=item.pk)
    context = {"form": form}
    return render_page(request, "governance/subject_access_new.html", context, forms=[form])


def _subject_access_step(user, item, data) -> str:
    """Do one step on a request; return what to tell the lead."""
    step, version = data["step"], data["version"]
    if step == "prepare":
        subject_access.prepare(actor=user, request=item, expected_version=version)
        return "Records gathered. Review the redactions before release."
    if step in ("keep", "lift"):
        subject_access.redaction_decide(
            actor=user, request=item, expected_version=version,
            redaction=data["redaction"] or 0, keep=step == "keep",
        )  # fmt: skip
        return "Redaction kept" if step == "keep" else "Redaction lifted"
    if step == "redact":
        subject_access.redaction_add(
            actor=user, request=item, expected_version=version, text=data["text"],
            reason=data["reason"],
        )  # fmt: skip
        return "Redaction added"
    if step == "release":
        subject_access.release(actor=user, request=item, expected_version=version)
        return "Export released"
    subject_access.refuse(
        actor=user, request=item, expected_version=version, reason=data["refusal"]
    )
    return "Request refused"


def subject_access_detail(request, pk: int):
    item = subject_access.one(request.user, pk)
    form = SubjectAccessStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = _subject_access_step(request.user, item, form.cleaned_data)
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except subject_access.NotAllowed as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, done)
            return redirect("governance:subject_access", pk=item.pk)
        item.refresh_from_db()
    subject_access.audit_opened(request.user, item)
    context = {
        "item": item,
        "summary": presenters.subject_access_summary(item, timezone.localdate()),
        "sections": subject_access.reviewed_sections(item),
        "redactions": item.redactions,
        "form": form,
    }
    return render_page(request, "governance/subject_access.html", context, forms=[form])


def subject_access_pdf(request, pk: int):
    item = subject_access.one(request.user, pk)
    try:
        content = subject_access.download(actor=request.user, request=item)
    except subject_access.NotAllowed:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{item.pk}.pdf"'
    return response


# --- The retention schedule, legal holds and destruction ------------------------------------


def retention_schedule(request):
    access.require(request.user, retention.RULE)
    context = {
        "rules": presenters.retention_rule_rows(retention.rules(), retention.type_name),
        "holds": presenters.legal_hold_rows(retention.live_holds(), retention.hold_ref),
    }
    return render(request, "governance/retention.html", context)


def _rule_values(data: dict) -> dict:
    return {
        "period_years": data["period_years"] or 0,
        "period_months": data["period_months"] or 0,
        "clock": data["clock"],
        "legal_basis": data["legal_basis"],
        "active": data["active"],
    }


def retention_rule_new(request):
    access.require(request.user, retention.RULE)
    form = RetentionRuleForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            rule = retention.rule_create(
                actor=request.user, record_type=data["record_type"], **_rule_values(data)
            )
            messages.success(request, f"Rule set: {retention.type_name(rule.record_type)}")
            return redirect("governance:retention")
    context = {"form": form, "rule": None}
    return render_page(request, "governance/retention_rule.html", context, forms=[form])


def retention_rule(request, pk: int):
    access.require(request.user, retention.RULE)
    rule = get_object_or_404(RetentionRule, pk=pk)
    initial = retention.rule_fields(rule)
    form = RetentionRuleForm(request.POST or None, initial=initial, fixed_type=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            retention.rule_change(
                actor=request.user, rule=rule, expected_version=data["version"] or 0,
                **_rule_values(data),
            )  # fmt: skip
            messages.success(request, f"Rule changed: {retention.type_name(rule.record_type)}")
            return redirect("governance:retention")
    context = {"form": form, "rule": rule, "name": retention.type_name(rule.record_type)}
    return render_page(request, "governance/retention_rule.html", context, forms=[form])


def legal_hold_new(request):
    access.require(request.user, retention.RULE)
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            hold = retention.hold_place(
                actor=request.user, reason=data["reason"], person_number=data["person_number"],
                record_type=data["record_type"], record_id=data["record_id"],
            )  # fmt: skip
            messages.success(request, f"Hold placed: {retention.hold_ref(hold)}")
            return redirect("governance:legal_hold", pk=hold.pk)
    return render_page(request, "governance/legal_hold_new.html", {"form": form}, forms=[form])


def legal_hold(request, pk: int):
    access.require(request.user, retention.RULE)
    hold = get_object_or_404(LegalHold, pk=pk)
    form = LegalHoldReleaseForm(request.POST or None, initial={"version": hold.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(form):
            retention.hold_release(
                actor=request.user, hold=hold, expected_version=data["version"],
                reason=data["reason"],
            )  # fmt: skip
            messages.success(request, "Hold released")
            return redirect("governance:retention")
    context = {
        "hold": hold,
        "summary": presenters.legal_hold_summary(hold, retention.hold_ref),
        "form": form,
    }
    return render_page(request, "governance/legal_hold.html", context, forms=[form])


def retention_due(request):
    """What the schedule would destroy today (touching nothing), and, once the lead confirms,
    the destruction itself."""
    access.require(request.user, retention.RULE)
    form = DestroyForm(request.POST if request.method == "POST" else None)
    done = None
    if request.method == "POST" and form.is_valid():
        done = retention.destroy(actor=request.user, agency=request.user.agency)
        destroyed = sum(len(r.destroyed) for r in done)
        messages.success(request, f"Records destroyed: {destroyed}")
        form = DestroyForm()
    reports = retention.dry_run(agency=request.user.agency)
    retention.audit_report_seen(request.user, reports)
    context = {
        "reports": reports,
        "rows": presenters.retention_report_rows(reports),
        "due": sum(len(r.due) for r in reports),
        "done": done,
        "form": form,
    }
    return render_page(request, "governance/retention_due.html", context, forms=[form])
