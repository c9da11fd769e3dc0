"""The missing panel on a child's page: episodes, interviews, the repeat alert, the profile."""

from __future__ import annotations

from django.template.loader import render_to_string

from triangulate.core import access
from triangulate.core.extensions import Panel
from triangulate.register.models import PersonKind

from . import presenters, services


def person_panels(request, person) -> list[Panel]:
    user = request.user
    if person.kind != PersonKind.CHILD or not access.may_read_personal_data(user):
        return []
    episodes = services.episodes_for(actor=user, person=person)
    policy = services.current_policy()
    repeat = services.repeat_missing(actor=user, person=person).get(person.pk)
    context = {
        "person": person,
        "rows": presenters.episode_rows(user, episodes[:10], with_child=False),
        "count": len(episodes),
        "repeat": repeat,
        "policy": policy,
        "interviews": presenters.interview_rows(
            user, services.interviews_outstanding(actor=user, person=person)
        ),
        "profile": services.profile_current(actor=user, person=person),
        "may_record": access.may(user, "missing.record", person),
    }
    return [
        Panel(
            "Missing episodes",
            render_to_string("missing/_panel.html", context, request=request),
            order=30,
        )
    ]
