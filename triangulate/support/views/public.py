"""Public pages: no sign-in, no personal data."""

from __future__ import annotations

from django.shortcuts import render

from triangulate.core.middleware import public

from .. import presenters
from ..services import directory


@public
def support_services(request):
    services = directory.published_services()
    return render(
        request, "support/public_services.html", {"cards": presenters.public_cards(services)}
    )
