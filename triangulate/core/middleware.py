"""Security middleware: content security policy with nonces, idle timeout, sign-in required,
no caching of what a signed-in user is shown."""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode

PUBLIC_PREFIXES = ("/static/", "/sign-in", "/public/", "/healthz", "/metrics")


def public(view):
    """Mark a view as open to people who are not signed in."""
    view.login_exempt = True
    return view


class ContentSecurityPolicyMiddleware:
    """No inline script without this request's nonce; no third-party origins at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        response.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{request.csp_nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class IdleTimeoutMiddleware:
    """Sign out a user who has done nothing for SESSION_IDLE_TIMEOUT_MINUTES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity")
            limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            if last is not None and now - int(last) > limit:
                logout(request)
                return redirect(f"{reverse('core:sign_in')}?{urlencode({'timed_out': 1})}")
            request.session["last_activity"] = now
        return self.get_response(request)


class LoginRequiredMiddleware:
    """Every page needs a signed-in user unless its view is marked @public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated or getattr(view_func, "login_exempt", False):
            return None
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        return redirect(f"{reverse('core:sign_in')}?{urlencode({'next': request.get_full_path()})}")


class NoStoreForSignedInMiddleware:
    """Nothing shown to a signed-in user may be kept by the browser or a proxy.

    Every response to a signed-in user (pages holding a child's record, error pages,
    downloads) says ``Cache-Control: no-store`` (and ``Pragma: no-cache`` for HTTP/1.0
    caches), so that after sign-out the browser's back button or history cannot reopen it.
    Static files are served before this middleware and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            response["Pragma"] = "no-cache"
        return response


class VisibilityScopeMiddleware:
    """Within one request, a list that asked once which children its viewer may open is not
    asked again row by row (``core.access.remember_visibility``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from triangulate.core.access import visibility_scope

        with visibility_scope():
            return self.get_response(request)
