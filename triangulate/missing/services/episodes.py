"""Missing episodes: recording one (shared with the child's team), the police risk level,
the child found, the episodes a user may see, and the repeat-missing rule."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from triangulate.core import access, extensions, records
from triangulate.core.audit import audit
from triangulate.core.clocks import hours_deadline
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User
from triangulate.core.presenters import uk_datetime

from ..models import MissingEpisode, MissingPolicy, PoliceRisk, PoliceRiskChange, ReturnInterview
from .errors import EpisodeInvalid
from .police import _share_with_police


def current_policy() -> MissingPolicy:
    policy = MissingPolicy.objects.order_by("-version", "-id").first()
    if policy is None:
        policy, _ = MissingPolicy.objects.get_or_create(version=1)
    return policy


def _share_with_child_team(actor, record, person, purpose, *, permits_change=False):
    records.share(
        actor,
        record,
        person.owning_agency,
        basis=records.LawfulBasis.SAFEGUARDING,
        purpose=purpose,
        permits_change=permits_change,
    )


@transaction.atomic
def episode_record(
    *,
    actor: User,
    person,
    category: str,
    started_at: dt.datetime,
    reported_by: str,
    police_reference: str = "",
    police_risk: str = PoliceRisk.NOT_REPORTED,
    placed_out_of_area: bool = False,
    placing_authority: str = "",
    now: dt.datetime | None = None,
) -> MissingEpisode:
    """Record that a child is missing or away. The child's team is shared the record."""
    access.require(actor, "missing.record", person)
    now = now or timezone.now()
    errors = {}
    if started_at > now:
        errors["started_on"] = "The time the child went missing cannot be in the future"
    if placed_out_of_area and not placing_authority.strip():
        errors["placing_authority"] = "Enter the authority that placed the child"
    if errors:
        raise EpisodeInvalid(errors)
    episode = MissingEpisode.objects.create(
        owning_agency=actor.agency,
        person=person,
        category=category,
        started_at=started_at,
        reported_by=reported_by,
        police_reference=police_reference,
        police_risk=police_risk,
        placed_out_of_area=placed_out_of_area,
        placing_authority=placing_authority.strip() if placed_out_of_area else "",
        created_by=actor,
    )
    PoliceRiskChange.objects.create(
        owning_agency=actor.agency, episode=episode, level=police_risk, changed_by=actor,
        note="Level when reported",
    )  # fmt: skip
    audit(actor, AuditAction.CREATE, episode, "record a missing episode")
    _share_with_child_team(actor, episode, person, "missing episode for the child's team")
    _share_with_police(actor, episode)
    extensions.publish("missing.episode_started", person=person, episode=episode, actor=actor)
    return episode


@transaction.atomic
def police_risk_change(*, actor: User, episode: MissingEpisode, level: str, note: str = ""):
    access.require(actor, "missing.record", episode.person)
    access.require_changeable(actor, episode, purpose="change police risk level")
    PoliceRiskChange.objects.create(
        owning_agency=episode.owning_agency, episode=episode, level=level, changed_by=actor,
        note=note,
    )  # fmt: skip
    MissingEpisode.objects.filter(pk=episode.pk).update(police_risk=level)
    episode.refresh_from_db()
    audit(actor, AuditAction.CHANGE, episode, "change police risk level", detail={"level": level})
    _share_with_police(actor, episode)
    return episode


@transaction.atomic
def episode_end(
    *,
    actor: User,
    episode: MissingEpisode,
    expected_version: int,
    ended_at: dt.datetime,
    where_found: str,
    found_with: str,
    now: dt.datetime | None = None,
) -> ReturnInterview:
    """Close an episode and create its return home interview with the interview clock."""
    access.require(actor, "missing.record", episode.person)
    access.require_changeable(actor, episode, purpose="record that a missing child was found")
    now = now or timezone.now()
    if not episode.is_open:
        raise EpisodeInvalid({"ended_on": "This episode has already ended"})
    if ended_at < episode.started_at:
        raise EpisodeInvalid(
            {
                "ended_on": "The time the child was found must be after the episode began "
                f"({uk_datetime(episode.started_at)})"
            }
        )
    if ended_at > now:
        raise EpisodeInvalid({"ended_on": "The time the child was found cannot be in the future"})
    bump(
        episode,
        expected_version,
        where={"ended_at__isnull": True},
        ended_at=ended_at,
        where_found=where_found,
        found_with=found_with,
    )
    episode.refresh_from_db()
    policy = current_policy()
    interview = ReturnInterview.objects.create(
        owning_agency=episode.owning_agency,
        episode=episode,
        person=episode.person,
        due_at=hours_deadline(ended_at, policy.interview_hours),
    )
    audit(actor, AuditAction.CHANGE, episode, "record that a missing child was found")
    audit(actor, AuditAction.CREATE, interview, "create return home interview")
    # The child's team holds the return interview, so its share lets them record it.
    _share_with_child_team(
        actor,
        interview,
        episode.person,
        "return interview for the child's team",
        permits_change=True,
    )
    extensions.publish("missing.episode_ended", person=episode.person, episode=episode, actor=actor)
    return interview


def episode_open(*, actor: User, pk: int) -> MissingEpisode:
    episode = access.get_visible_or_403(actor, MissingEpisode, pk, purpose="view missing episode")
    audit(actor, AuditAction.VIEW, episode, "view missing episode")
    return episode


def episode_may_change(*, actor: User, episode: MissingEpisode) -> bool:
    """Whether the user may change this episode (a read-only share, as the police hold for an
    episode reported to them, may not)."""
    return access.changeable(actor, MissingEpisode).filter(pk=episode.pk).exists()


def episodes_for(*, actor: User, person) -> list[MissingEpisode]:
    return list(
        access.visible(actor, MissingEpisode)
        .filter(person=person)
        .select_related("owning_agency")
        .order_by("-started_at", "-id")
    )


def risk_changes(*, actor: User, episode: MissingEpisode) -> list[PoliceRiskChange]:
    return list(
        access.visible(actor, PoliceRiskChange)
        .filter(episode=episode)
        .select_related("changed_by")
        .order_by("changed_at", "id")
    )


def repeat_missing(*, actor: User, today: dt.datetime | None = None, person=None) -> dict[int, int]:
    """{person id: episodes in the window} for children who meet the repeat-missing rule."""
    policy = current_policy()
    since = (today or timezone.now()) - dt.timedelta(days=policy.repeat_window_days)
    episodes = access.visible(actor, MissingEpisode)
    if person is not None:
        episodes = episodes.filter(person=person)
    rows = (
        episodes.filter(started_at__gte=since)
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n__gte=policy.repeat_count)
    )
    return {row["person_id"]: row["n"] for row in rows}


def open_episodes(*, actor: User) -> QuerySet[MissingEpisode]:
    """Episodes not yet ended, longest missing first (a query: a page shows the first rows)."""
    return (
        access.visible(actor, MissingEpisode)
        .filter(ended_at__isnull=True)
        .select_related("person")
        .order_by("started_at", "id")
    )


def recent_episodes(*, actor: User, limit: int = 50) -> list[MissingEpisode]:
    return list(
        access.visible(actor, MissingEpisode)
        .select_related("person")
        .order_by("-started_at", "-id")[:limit]
    )
