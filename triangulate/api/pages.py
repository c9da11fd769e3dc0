"""The page describing the API (built from the same OpenAPI document it serves), and the
page where a signed-in user issues and revokes their own tokens."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from triangulate.core.middleware import public
from triangulate.core.views.rendering import render_page

from . import services
from .forms import TokenForm
from .views import api


def _operations(schema) -> list[dict]:
    rows = []
    for route, operations in schema["paths"].items():
        for method, operation in operations.items():
            rows.append(
                {
                    "method": method.upper(),
                    "path": route,
                    "summary": operation.get("summary", ""),
                    "responses": ", ".join(
                        sorted(str(code) for code in operation.get("responses", {}))
                    ),
                }
            )
    return rows


@public
def docs(request):
    schema = api.get_openapi_schema()
    context = {
        "title": schema["info"]["title"],
        "description": schema["info"].get("description", ""),
        "operations": _operations(schema),
        "openapi_url": reverse("api:openapi-json"),
    }
    return render(request, "api/docs.html", context)


def tokens(request):
    """Your API tokens; issuing one shows it once, on this response only."""
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_issue(
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                by=request.user,
            )
        except services.TokenProblem as problem:
            form.add_error(None, str(problem))
        else:
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": services.tokens_of(user=request.user),
        "docs_url": reverse("api:docs"),
    }
    return render_page(request, "api/tokens.html", context, forms=[form])


@require_POST
def token_revoke(request, pk: int):
    token = services.own_token(user=request.user, pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, f"Token {token.prefix} ({token.name}) revoked.")
    return redirect("api:tokens")
