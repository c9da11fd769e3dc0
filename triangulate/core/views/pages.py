"""The home page, fitted to the user's roles, and the service's static pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from triangulate.core import extensions, observability
from triangulate.core.access import may
from triangulate.core.audit import verify_chain
from triangulate.core.middleware import public
from triangulate.core.presenters import work_overview
from triangulate.core.services import home_cards


def home(request):
    user = request.user
    return render(
        request, "core/home.html", {"cards": home_cards(user), "roles": user.role_labels()}
    )


@public
def accessibility(request):
    return render(request, "core/accessibility.html")


@public
def privacy(request):
    return render(request, "core/privacy.html")


@public
def healthz(request):
    return observability.health(request)


@public
def metrics(request):
    return observability.metrics(request)


def audit_check(request):
    if not may(request.user, "audit.verify"):
        raise PermissionDenied("Only system administrators can check the audit log.")
    problem = verify_chain()
    return render(request, "core/audit_check.html", {"problem": problem})


def my_work(request):
    sections = extensions.my_work(request.user)
    overview = work_overview(
        sections,
        today=timezone.localdate(),
        kinds=request.GET.getlist("kind"),
        due=request.GET.get("due", ""),
    )
    extensions.audit_work_shown(request.user, [row["item"] for row in overview["rows"]])
    return render(request, "core/my_work.html", {"sections": sections, **overview})
