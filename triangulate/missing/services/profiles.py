"""Philomena profiles: each saved as a new version, released to the police for an episode,
and the photo."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditAction, User
from triangulate.register.models import PersonAddress

from ..models import MissingEpisode, PhilomenaProfile
from .episodes import episodes_for
from .errors import EpisodeInvalid


def profile_current(*, actor: User, person) -> PhilomenaProfile | None:
    return (
        access.visible(actor, PhilomenaProfile)
        .filter(person=person)
        .order_by("-version", "-id")
        .first()
    )


@transaction.atomic
def profile_save(
    *,
    actor: User,
    person,
    expected_version: int,
    description: str,
    associates: str,
    places: str,
    phones_and_social_media: str,
    health_needs: str,
    carer_contact: str = "",
    school: str = "",
    photo: bytes | None = None,
    photo_content_type: str = "",
) -> PhilomenaProfile:
    """Save a new version of the profile; the previous photo is kept if none is uploaded."""
    access.require(actor, "missing.record", person)
    latest = PhilomenaProfile.objects.filter(person=person).order_by("-version", "-id").first()
    if latest is not None:
        access.require_changeable(actor, latest, purpose="save Philomena profile")
    current_version = latest.version if latest else 0
    if current_version != expected_version:
        raise StaleEdit
    if photo is None and latest is not None:
        photo, photo_content_type = latest.photo, latest.photo_content_type
    profile = PhilomenaProfile.objects.create(
        owning_agency=latest.owning_agency if latest else actor.agency,
        person=person,
        version=current_version + 1,
        description=description,
        associates=associates,
        places=places,
        phones_and_social_media=phones_and_social_media,
        health_needs=health_needs,
        carer_contact=carer_contact,
        school=school,
        photo=photo,
        photo_content_type=photo_content_type,
        created_by=actor,
    )
    audit(
        actor,
        AuditAction.CREATE,
        profile,
        "save Philomena profile",
        detail={"version": profile.version},
    )
    return profile


@dataclass(frozen=True)
class ProfileRelease:
    """What goes on the profile for police: the profile, the episode, the child's current
    address and missing history as the releasing agency sees them."""

    profile: PhilomenaProfile
    episode: MissingEpisode
    address: PersonAddress | None
    history: list[MissingEpisode]


def profile_release(*, actor: User, episode: MissingEpisode) -> ProfileRelease:
    """Gather the profile for police for this episode, and audit its release as an export
    (the views draw it with ``missing.pdf``)."""
    access.require(actor, "missing.record", episode.person)
    profile = profile_current(actor=actor, person=episode.person)
    if profile is None:
        raise EpisodeInvalid({"profile": "There is no Philomena profile for this child"})
    address = (
        access.readable(actor, PersonAddress)
        .filter(person=episode.person, to_date__isnull=True)
        .order_by("-from_date", "-id")
        .first()
    )
    history = episodes_for(actor=actor, person=episode.person)
    audit(
        actor,
        AuditAction.EXPORT,
        profile,
        "release Philomena profile to police for a missing episode",
        detail={"episode": episode.pk, "profile_version": profile.version, "released_to": "police"},
    )
    return ProfileRelease(profile=profile, episode=episode, address=address, history=history)


def profile_photo(*, actor: User, pk: int) -> PhilomenaProfile:
    profile = access.get_visible_or_403(actor, PhilomenaProfile, pk, purpose="view profile photo")
    audit(actor, AuditAction.VIEW, profile, "view Philomena profile photo")
    return profile
