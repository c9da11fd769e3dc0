"""The API's URLs: the operations, the OpenAPI document and a page describing them.

Every operation authenticates its own bearer token, so none of them asks for a signed-in
session (they are marked public for the sign-in middleware); the OpenAPI document and the
page describing it hold nothing but the API's shape, which is published with the code.
"""

from django.urls import path

from triangulate.core.middleware import public

from . import pages
from .views import api

app_name = "api"
operations, _, _ = api.urls
for pattern in operations:
    public(pattern.callback)

urlpatterns = [
    path("docs", pages.docs, name="docs"),
    path("tokens", pages.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke", pages.token_revoke, name="token_revoke"),
    *operations,
]
