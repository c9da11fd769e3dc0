"""One way to render a page with forms, so every form page shows the GOV.UK error summary."""

from __future__ import annotations

from django.shortcuts import render

from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.forms import error_summary


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
