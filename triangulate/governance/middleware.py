"""The second sign-in step, required before any page that is not public.

A signed-in user who has not passed the second step (a code from their authenticator app or
a recovery code) in this session is sent to it, or to set up an authenticator if they have
none. Sign-out, the second step and the enrolment page stay open to them.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from triangulate.core.middleware import PUBLIC_PREFIXES

OPEN_BEFORE_SECOND_STEP = frozenset(
    {
        "core:sign_out",
        "core:accessibility",
        "core:privacy",
        "governance:verify",
        "governance:enrol",
    }
)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not settings.REQUIRE_TWO_FACTOR or not user.is_authenticated or user.is_verified():
            return None
        if getattr(view_func, "login_exempt", False) or request.path.startswith(PUBLIC_PREFIXES):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_STEP:
            return None
        from .services import has_authenticator

        target = "governance:verify" if has_authenticator(user) else "governance:enrol"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(f"{reverse(target)}?{query}" if query else reverse(target))
