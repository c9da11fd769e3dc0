"""One way to render a page with forms, so every form page shows the GOV.UK error summary."""

from __future__ import annotations

from django.shortcuts import render

from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.forms import error_summary
from triangulate.core.ratelimit import allow, body_too_big


def render_page(
    request, template: str, context: dict | None = None, *, forms=(), status=None, stale=False
):
    """Render ``template`` with the error summary of ``forms``. ``stale``: a write was refused
    because someone else saved the record first (core.concurrency.StaleEdit); the page, read
    afresh with fresh forms, leads its error summary with ``STALE_MESSAGE`` (status 409)."""
    context = dict(context or {})
    errors = error_summary(*forms)
    if stale:
        errors.insert(0, {"text": STALE_MESSAGE, "href": "#main-content"})
    context["form_errors"] = errors
    if status is None:
        status = 409 if stale else 400 if errors else 200
    return render(request, template, context, status=status)


def public_post_refused(request, bucket: str, template: str, too_big: str, too_many: str):
    """The one guard of a public form's POST, before its body is read: a body over the public
    limit is refused (413) and so is a client past its allowance in ``bucket`` (429), each on
    ``template`` with its reason. None lets the request go on (a GET always does)."""
    if request.method != "POST":
        return None
    if body_too_big(request):
        return render(request, template, {"reason": too_big}, status=413)
    if not allow(request, bucket):
        return render(request, template, {"reason": too_many}, status=429)
    return None
