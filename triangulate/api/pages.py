"""The page describing the API, built from the same OpenAPI document it serves."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from triangulate.core.middleware import public

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
