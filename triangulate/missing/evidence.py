"""What missing episodes tell a risk assessment (see core.extensions.IndicatorEvidence)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.extensions import IndicatorEvidence
from triangulate.core.presenters import uk_date

from .models import MissingEpisode


def indicator_evidence(user, person) -> list[IndicatorEvidence]:
    """Every missing or away episode of the child this user may see: kind ``missing.episode``."""
    episodes = (
        access.visible(user, MissingEpisode)
        .filter(person=person)
        .select_related("owning_agency")
        .order_by("-started_at", "-id")
    )
    return [
        IndicatorEvidence(
            kind="missing.episode",
            occurred_on=timezone.localdate(episode.started_at),
            source=f"{episode.get_category_display().split(' (')[0]} from "
            f"{uk_date(episode.started_at)}, recorded by {episode.owning_agency.name}",
            href=reverse("missing:episode", args=[episode.pk]),
        )
        for episode in episodes
    ]
