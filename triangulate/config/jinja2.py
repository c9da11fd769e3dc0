"""The Jinja2 environment: GOV.UK Frontend macros, URL and static helpers, UK date filters."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, StrictUndefined

from triangulate.core import access, presenters
from triangulate.core import forms as govuk_forms


def url(viewname: str, *args, **kwargs) -> str:
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            options["loader"],
            PrefixLoader(
                {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
            ),
        ]
    )
    options.setdefault("autoescape", True)
    if settings.DEBUG:
        options["undefined"] = StrictUndefined
    env = Environment(**options)  # noqa: S701 - autoescape is set above
    env.globals.update(
        {
            "url": url,
            "static": static,
            "SERVICE_NAME": settings.SERVICE_NAME,
            "PHASE": settings.PHASE,
            "SERVICE_OPERATOR": settings.SERVICE_OPERATOR,
            "govuk_field": govuk_forms.govuk_field,
            "child_reference": access.child_reference,
        }
    )
    env.filters.update(presenters.FILTERS)
    return env
