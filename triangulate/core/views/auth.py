"""Signing in and out."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from triangulate.core.audit import audit
from triangulate.core.auth import SignInThrottled
from triangulate.core.forms import GovukForm
from triangulate.core.middleware import public
from triangulate.core.models import AuditAction
from triangulate.core.services import demo_sign_ins
from triangulate.core.views.rendering import render_page


class SignInForm(GovukForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@public
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = authenticate(
                request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except SignInThrottled as throttled:
            form.add_error(
                None,
                f"There have been too many failed sign-ins from this device. Wait "
                f"{_duration(throttled.wait_seconds)} and try again",
            )
        else:
            if user is None:
                form.add_error(None, "Enter a correct username and password")
            else:
                login(request, user)
                audit(user, AuditAction.SIGN_IN, user, "sign in")
                target = request.GET.get("next", "")
                if not url_has_allowed_host_and_scheme(
                    target, {request.get_host()}, require_https=request.is_secure()
                ):
                    target = ""
                return redirect(target or "core:home")
    context = {
        "form": form,
        "timed_out": request.GET.get("timed_out") == "1",
        "demo_users": demo_sign_ins() if settings.DEMO_MODE else [],
        "identity_provider": settings.OIDC_AUTHORITY_NAME if settings.OIDC_ENABLED else "",
        "next": request.GET.get("next", ""),
    }
    return render_page(request, "core/sign_in.html", context, forms=[form])


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        audit(request.user, AuditAction.SIGN_OUT, request.user, "sign out")
    logout(request)
    return redirect("core:sign_in")
