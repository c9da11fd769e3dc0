"""Problem profiles: a period's figures computed from the records (``profile_figures``) and
kept with the profile, the analyst's narrative in a police and a partner version, the
partner edition released to an agency, and each edition read or downloaded."""

from __future__ import annotations

import datetime as dt
import re

from django.db import models, transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.records import bump

from ..models import PersonOfConcern, ProblemProfile
from .common import Invalid, is_police, share_with_partner, shared_with
from .profile_figures import DEFINITION_VERSION, compute_editions

# The analyst's narrative sections: each written for police and, where it may be shared, in
# words for partners (a section with no partner version is left out of the partner edition).
PROFILE_SECTIONS = [
    ("summary", "Summary"),
    ("children", "Children harmed or at risk"),
    ("offenders", "Persons of concern"),
    ("places", "Places and hotspots"),
    ("recommendations", "Recommendations"),
]


# The longest period a profile covers: two years.
PROFILE_MAX_DAYS = 731


def profile_period_problems(since: dt.date | None, until: dt.date | None) -> dict[str, str]:
    errors = {}
    if since is None:
        errors["since"] = "Enter the date the period starts"
    if until is None:
        errors["until"] = "Enter the date the period ends"
    elif until > timezone.localdate():
        errors["until"] = "The end of the period must be today or in the past"
    if since and until and until < since:
        errors["until"] = "The end of the period must be on or after its start"
    elif since and until and (until - since).days >= PROFILE_MAX_DAYS:
        errors["until"] = "A profile can cover at most two years"
    return errors


def _figures(actor: User, since: dt.date, until: dt.date) -> dict:
    return {
        "figures": compute_editions(actor, since=since, until=until),
        "definition_version": DEFINITION_VERSION,
        "computed_at": timezone.now(),
        "computed_by": actor,
    }


@transaction.atomic
def profile_create(*, actor: User, title: str, since: dt.date | None, until: dt.date | None):
    """A new problem profile of the period, its figures computed now from the records."""
    access.require(actor, "intelligence.pursue")
    errors = profile_period_problems(since, until)
    if not (title or "").strip():
        errors["title"] = "Enter a title for the profile"
    elif named := _names_in(actor, title):
        errors["title"] = (
            f"The title names {', '.join(named)}: partners read it too, and the partner "
            "edition never names a child or a person of concern"
        )
    if errors:
        raise Invalid(errors)
    made = ProblemProfile.objects.create(
        owning_agency=actor.agency,
        title=title.strip(),
        period_from=since,
        period_to=until,
        created_by=actor,
        **_figures(actor, since, until),
    )
    audit(actor, AuditAction.CREATE, made, "write a problem profile",
          detail={"from": since.isoformat(), "to": until.isoformat()})  # fmt: skip
    return made


def _names_in(actor: User, text: str) -> list[str]:
    """The names of children and persons of concern that ``text`` uses (whole words, any
    case): full names as the register holds them, and aliases of three letters or more."""
    from triangulate.register.models import Person, PersonKind

    words = re.findall(r"[\w'’-]+", text.lower())
    if not words:
        return []
    phrases = {" ".join(words[i : i + n]) for n in (1, 2, 3, 4) for i in range(len(words))}
    concerns = access.visible(actor, PersonOfConcern)
    people = access.visible(actor, Person).filter(
        models.Q(kind=PersonKind.CHILD) | models.Q(pk__in=concerns.values("person_id"))
    )
    found = set()
    for given, family in people.values_list("given_name", "family_name").iterator():
        name = " ".join(f"{given} {family}".lower().split())
        if name in phrases:
            found.add(f"{given} {family}")
    for aliases in concerns.exclude(aliases="").values_list("aliases", flat=True):
        for alias in aliases.split(","):
            alias = " ".join(alias.lower().split())
            if len(alias) >= 3 and alias in phrases:
                found.add(alias.title())
    return sorted(found)


@transaction.atomic
def profile_write(*, actor: User, profile, expected_version: int, **sections: str):
    """Save the analyst's narrative (both versions of each section). A partner version may
    not name a child or a person of concern; a page opened before someone else saved is
    refused."""
    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, profile, purpose="write a problem profile")
    fields = [name for name, _ in PROFILE_SECTIONS]
    fields += [f"partner_{name}" for name, _ in PROFILE_SECTIONS]
    changes = {name: (sections.get(name) or "").strip() for name in fields}
    errors = {}
    for name, label in PROFILE_SECTIONS:
        named = _names_in(actor, changes[f"partner_{name}"])
        if named:
            errors[f"partner_{name}"] = (
                f"The partner version of '{label}' names {', '.join(named)}: the partner "
                "edition never names a child or a person of concern"
            )
    if errors:
        raise Invalid(errors)
    bump(profile, expected_version, **changes)
    audit(actor, AuditAction.CHANGE, profile, "write a problem profile")
    return profile


@transaction.atomic
def profile_recompute(*, actor: User, profile, expected_version: int):
    """Compute the profile's figures again from the records as they stand now."""
    access.require(actor, "intelligence.pursue")
    access.require_changeable(actor, profile, purpose="recompute a problem profile")
    bump(profile, expected_version, **_figures(actor, profile.period_from, profile.period_to))
    audit(actor, AuditAction.CHANGE, profile, "recompute a problem profile's figures")
    return profile


def profile_release(*, actor: User, profile, agency: Agency | None, purpose: str):
    """Release the partner edition to an agency (never the police edition)."""
    access.require(actor, "intelligence.pursue")
    return share_with_partner(actor, profile, agency, purpose, what="problem profile")


def profile_released_to(profile) -> list[Agency]:
    return shared_with(ProblemProfile, profile)


def profiles_visible(*, actor: User) -> list:
    """Profiles of the user's force, or (for a partner) those released to their agency."""
    return list(
        access.visible(actor, ProblemProfile)
        .select_related("owning_agency")
        .order_by("-period_to", "-id")
    )


def profile_open(*, actor: User, pk: int):
    return records.open(actor, ProblemProfile, pk, purpose="read a problem profile")


def profile_edition(actor: User, profile) -> str:
    """Which edition this user reads: police of the force that wrote it read the police
    edition; everyone else it was released to reads the partner edition."""
    if is_police(actor) and actor.agency_id == profile.owning_agency_id:
        return "police"
    return "partner"


def profile_download(*, actor: User, pk: int, edition: str):
    """Open a profile for a PDF of one edition, audited as an export; the police edition to
    anyone but the force's police is refused (and the refusal audited by the 403 page)."""
    profile = access.get_visible_or_403(
        actor, ProblemProfile, pk, purpose="download a problem profile"
    )
    if edition == "police" and profile_edition(actor, profile) != "police":
        raise access.AccessDenied(
            "Only the police force that wrote the profile may read its police edition.",
            record=profile,
            purpose="download a problem profile's police edition",
        )
    audit(actor, AuditAction.EXPORT, profile, f"download a problem profile's {edition} edition")
    return profile


def profile_sections(profile, edition: str) -> list[tuple[str, str]]:
    """The narrative an edition holds: the police text of every section written, or the
    partner version of each section that has one."""
    prefix = "" if edition == "police" else "partner_"
    return [
        (label, getattr(profile, f"{prefix}{name}"))
        for name, label in PROFILE_SECTIONS
        if getattr(profile, f"{prefix}{name}").strip()
    ]


def profile_ranked(*, actor: User, profile) -> list[tuple]:
    """The highest priority persons of concern as the profile ranked them, each (person of
    concern, score, reasons), for the police edition; none for anyone else."""
    if profile_edition(actor, profile) != "police":
        return []
    ranked = profile.figures.get("police", {}).get("concerns", {}).get("ranked", [])
    found = access.visible(actor, PersonOfConcern).select_related("person")
    found = found.in_bulk([pk for pk, _score, _reasons in ranked])
    return [(found[pk], score, reasons) for pk, score, reasons in ranked if pk in found]
