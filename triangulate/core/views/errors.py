"""Styled error pages. A user sees a GOV.UK page, never a traceback."""

from django.shortcuts import render

from triangulate.core.audit import audit_refusal


def permission_denied(request, exception=None):
    """Every refusal, by role or by record, is written to the audit log here, once."""
    audit_refusal(getattr(request, "user", None), exception, path=request.path)
    message = (
        str(exception) if exception and str(exception) else "You do not have access to this page."
    )
    return render(request, "errors/403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)
