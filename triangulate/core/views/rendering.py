"""One way to render a page with forms, so every form page shows the GOV.UK error summary."""

from __future__ import annotations

from django.shortcuts import render

from triangulate.core.forms import error_summary


def render_page(request, template: str, context: dict | None = None, *, forms=(), status=None):
    context = dict(context or {})
    errors = error_summary(*forms)
    context["form_errors"] = errors
    if status is None:
        status = 400 if errors else 200
    return render(request, template, context, status=status)
