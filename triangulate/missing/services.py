"""Writes and audited reads for missing episodes, return home interviews and Philomena
profiles. Events are published for other apps (risk reviews, meeting agendas, intelligence)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from triangulate.core import access, extensions, records
from triangulate.core.audit import audit
from triangulate.core.clocks import Clock, clock, hours_deadline
from triangulate.core.concurrency import StaleEdit, bump
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.presenters import uk_datetime
from triangulate.core.roles import CASEWORK_ROLES, AgencyType
from triangulate.register.models import PersonAddress

from .models import (
    InterviewOutcome,
    MissingEpisode,
    MissingPolicy,
    PhilomenaProfile,
    PoliceFindingsTask,
    PoliceRisk,
    PoliceRiskChange,
    ReturnInterview,
)

OPEN_INTERVIEW = (InterviewOutcome.AWAITING, InterviewOutcome.OFFERED)


class EpisodeInvalid(Exception):
    """``errors`` maps form fields to messages a user can act on."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


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


POLICE_SHARE_PURPOSE = "missing episode reported to or by the police"


def police_told(episode: MissingEpisode) -> bool:
    """Whether the police reported this episode or were told of it: they gave a reference or
    a risk level."""
    return bool(episode.police_reference.strip()) or episode.police_risk != PoliceRisk.NOT_REPORTED


def police_share_targets(
    *, episode: MissingEpisode, changes: list[PoliceRiskChange]
) -> list[tuple[MissingEpisode | PoliceRiskChange, Agency]]:
    """What the police force must see, to read only, of an episode they reported or were
    told of: the episode and its police risk history, for each force. Empty when the police
    were not told.

    The services share these as episodes are recorded and risk levels change; the demo
    borough plans the same shares in bulk.
    """
    if not police_told(episode):
        return []
    return [
        (record, force)
        for force in police_forces(other_than=episode.owning_agency_id)
        for record in (episode, *changes)
    ]


def police_forces(*, other_than: int | None = None) -> list[Agency]:
    """The partnership's police forces (other than the agency given)."""
    forces = Agency.objects.filter(agency_type=AgencyType.POLICE, is_active=True)
    return list(forces.exclude(pk=other_than).order_by("id"))


def _share_with_police(actor: User, episode: MissingEpisode) -> None:
    changes = list(PoliceRiskChange.objects.filter(episode=episode).order_by("id"))
    for record, force in police_share_targets(episode=episode, changes=changes):
        records.share(
            actor,
            record,
            force,
            basis=records.LawfulBasis.SAFEGUARDING,
            purpose=POLICE_SHARE_PURPOSE,
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


def interview_clock(interview: ReturnInterview, now: dt.datetime | None = None) -> Clock:
    done = interview.offered_at if interview.outcome != InterviewOutcome.AWAITING else None
    return clock(interview.due_at, done_at=done, now=now, due_soon=dt.timedelta(hours=24))


def interview_overdue(now: dt.datetime | None = None) -> Q:
    """``interview_clock``'s overdue as a condition on interviews, for lists counted in the
    database: still awaiting an offer after the due time, or offered after it."""
    now = now or timezone.now()
    awaiting = Q(outcome=InterviewOutcome.AWAITING)
    return (awaiting & Q(due_at__lt=now)) | (~awaiting & Q(offered_at__gt=F("due_at")))


@transaction.atomic
def interview_record(
    *,
    actor: User,
    interview: ReturnInterview,
    expected_version: int,
    outcome: str,
    offered_at: dt.datetime | None,
    held_at: dt.datetime | None = None,
    not_held_reason: str = "",
    interviewer: str = "",
    interviewer_agency: str = "",
    independent: bool | None = None,
    push_factors: str = "",
    pull_factors: str = "",
    where_went: str = "",
    with_whom: str = "",
    harm: str = "",
    shared_with: str = "",
    raise_intelligence: bool = False,
    prompt_review: bool = False,
    now: dt.datetime | None = None,
) -> ReturnInterview:
    """Record the offer and the outcome of a return home interview."""
    access.require(actor, "missing.interview", interview.person)
    access.require_changeable(actor, interview, purpose="record a return home interview")
    now = now or timezone.now()
    errors = {}
    if outcome == InterviewOutcome.AWAITING:
        errors["outcome"] = "Select what happened with the interview"
    if outcome != InterviewOutcome.AWAITING and not offered_at:
        errors["offered_on"] = "Enter when the interview was offered"
    if offered_at and offered_at < interview.episode.ended_at:
        errors["offered_on"] = "The interview cannot be offered before the child returned"
    if offered_at and offered_at > now:
        errors["offered_on"] = "The time the interview was offered must be now or in the past"
    if outcome == InterviewOutcome.HELD:
        if not held_at:
            errors["held_on"] = "Enter when the interview was held"
        elif held_at > now:
            errors["held_on"] = "The time the interview was held must be now or in the past"
        elif offered_at and held_at < offered_at:
            errors["held_on"] = "The interview cannot be held before it was offered"
        if not interviewer.strip():
            errors["interviewer"] = "Enter who held the interview"
        if independent is None:
            errors["independent"] = "Select whether the interviewer was independent"
    if outcome in (InterviewOutcome.DECLINED, InterviewOutcome.NOT_HELD) and not (
        not_held_reason.strip()
    ):
        errors["not_held_reason"] = "Enter the reason the interview was not held"
    if outcome == InterviewOutcome.HELD and raise_intelligence and not police_forces():
        errors["raise_intelligence"] = "There is no police force here to pass the findings to"
    if errors:
        raise EpisodeInvalid(errors)
    completed = outcome in (
        InterviewOutcome.HELD,
        InterviewOutcome.DECLINED,
        InterviewOutcome.NOT_HELD,
    )
    bump(
        interview,
        expected_version,
        outcome=outcome,
        offered_at=offered_at,
        held_at=held_at if outcome == InterviewOutcome.HELD else None,
        not_held_reason=not_held_reason,
        interviewer=interviewer,
        interviewer_agency=interviewer_agency,
        independent=independent,
        push_factors=push_factors,
        pull_factors=pull_factors,
        where_went=where_went,
        with_whom=with_whom,
        harm=harm,
        shared_with=shared_with,
        raised_intelligence=raise_intelligence,
        completed_at=timezone.now() if completed else None,
        recorded_by=actor,
    )
    interview.refresh_from_db()
    audit(actor, AuditAction.CHANGE, interview, "record a return home interview")
    if outcome == InterviewOutcome.HELD and raise_intelligence:
        _pass_findings_to_police(actor, interview)
    if outcome == InterviewOutcome.HELD and (prompt_review or raise_intelligence):
        extensions.publish(
            "missing.interview_findings",
            person=interview.person,
            interview=interview,
            actor=actor,
            prompt_review=prompt_review,
            raise_intelligence=raise_intelligence,
        )
    return interview


def _findings(actor: User, interview: ReturnInterview) -> list[list[str]]:
    episode = interview.episode
    interviewer = interview.interviewer + (
        f" ({interview.interviewer_agency})" if interview.interviewer_agency else ""
    )
    pairs = [
        ("Police reference", episode.police_reference or "Not given"),
        ("Missing from", uk_datetime(episode.started_at)),
        ("Found or returned", uk_datetime(episode.ended_at) if episode.ended_at else ""),
        ("Where the child was found", episode.where_found),
        ("Who the child was with when found", episode.found_with),
        ("Return home interview held", f"{uk_datetime(interview.held_at)} by {interviewer}"),
        ("Where the child went", interview.where_went),
        ("Who the child was with", interview.with_whom),
        ("Harm the child experienced or was at risk of", interview.harm),
        ("What or who drew the child away", interview.pull_factors),
        ("What made it hard for the child to stay", interview.push_factors),
        (
            "Passed on by",
            ", ".join(
                part
                for part in (actor.display_name, actor.job_title, actor.agency.name, actor.email)
                if part
            ),
        ),
    ]
    return [[label, text or "Not recorded"] for label, text in pairs]


def _pass_findings_to_police(actor: User, interview: ReturnInterview) -> None:
    """Until Triangulate keeps intelligence, the findings reach the police as a task."""
    person = interview.person
    for force in police_forces():
        if PoliceFindingsTask.objects.filter(interview=interview, police_agency=force).exists():
            continue
        task = PoliceFindingsTask.objects.create(
            owning_agency=interview.owning_agency,
            interview=interview,
            person=person,
            police_agency=force,
            child_name=person.full_name,
            child_date_of_birth=person.date_of_birth,
            findings=_findings(actor, interview),
            created_by=actor,
        )
        audit(actor, AuditAction.CREATE, task, "pass return interview findings to police")
        records.share(
            actor,
            task,
            force,
            basis=records.LawfulBasis.SAFEGUARDING,
            purpose="return interview findings for police to record as intelligence",
        )


def police_tasks_for(*, actor: User, interview: ReturnInterview) -> list[PoliceFindingsTask]:
    return list(
        access.visible(actor, PoliceFindingsTask)
        .filter(interview=interview)
        .select_related("police_agency", "done_by")
        .order_by("id")
    )


def police_tasks_waiting(*, actor: User) -> list[PoliceFindingsTask]:
    """Findings waiting for the user's own police force to record them."""
    return list(
        access.visible(actor, PoliceFindingsTask)
        .filter(police_agency_id=actor.agency_id, done_at__isnull=True)
        .select_related("owning_agency")
        .order_by("created_at", "id")
    )


def police_task_open(*, actor: User, pk: int) -> PoliceFindingsTask:
    task = access.get_visible_or_403(
        actor, PoliceFindingsTask, pk, purpose="return interview findings for police"
    )
    audit(actor, AuditAction.VIEW, task, "view return interview findings for police")
    return task


@transaction.atomic
def police_task_done(
    *,
    actor: User,
    task: PoliceFindingsTask,
    expected_version: int,
    intelligence_reference: str = "",
) -> PoliceFindingsTask:
    """The police force say the findings are recorded on their systems."""
    access.require(actor, "missing.police_task", task)
    if task.done_at is not None:
        raise EpisodeInvalid({"intelligence_reference": "This task is already done"})
    bump(
        task,
        expected_version,
        done_at=timezone.now(),
        done_by=actor,
        intelligence_reference=intelligence_reference.strip(),
    )
    task.refresh_from_db()
    audit(actor, AuditAction.CHANGE, task, "record that police hold the findings as intelligence")
    return task


# --- Reads -----------------------------------------------------------------------------------


def episode_open(*, actor: User, pk: int) -> MissingEpisode:
    episode = access.get_visible_or_403(actor, MissingEpisode, pk, purpose="view missing episode")
    audit(actor, AuditAction.VIEW, episode, "view missing episode")
    return episode


def episode_may_change(*, actor: User, episode: MissingEpisode) -> bool:
    """Whether the user may change this episode (a read-only share, as the police hold for an
    episode reported to them, may not)."""
    return access.changeable(actor, MissingEpisode).filter(pk=episode.pk).exists()


def interview_open(*, actor: User, pk: int) -> ReturnInterview:
    interview = access.get_visible_or_403(actor, ReturnInterview, pk, purpose="view interview")
    audit(actor, AuditAction.VIEW, interview, "view return home interview")
    return interview


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


def interview_for(*, actor: User, episode: MissingEpisode) -> ReturnInterview | None:
    return access.visible(actor, ReturnInterview).filter(episode=episode).first()


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


def interviews_outstanding(*, actor: User, person=None) -> QuerySet[ReturnInterview]:
    """Interviews waiting to be held or recorded, soonest due first (a query: a page shows the
    first rows)."""
    rows = access.visible(actor, ReturnInterview)
    if person is not None:
        rows = rows.filter(person=person)
    return (
        rows.filter(outcome__in=OPEN_INTERVIEW)
        .select_related("person", "episode")
        .order_by("due_at", "id")
    )


def interviews_with_findings(*, actor: User, since: dt.datetime) -> list[ReturnInterview]:
    return list(
        access.visible(actor, ReturnInterview)
        .filter(outcome=InterviewOutcome.HELD, completed_at__gte=since)
        .filter(~Q(harm="") | Q(raised_intelligence=True))
        .select_related("person")
        .order_by("completed_at", "id")
    )


def recent_episodes(*, actor: User, limit: int = 50) -> list[MissingEpisode]:
    return list(
        access.visible(actor, MissingEpisode)
        .select_related("person")
        .order_by("-started_at", "-id")[:limit]
    )


# --- Philomena profiles ----------------------------------------------------------------------


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
        access.visible(actor, PersonAddress)
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


RECORDING_ROLES = tuple(CASEWORK_ROLES)
