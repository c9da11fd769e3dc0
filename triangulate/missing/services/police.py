"""Hand-offs to the police: an episode and its police risk history shared with each force
that reported it or was told of it, and a return interview's findings passed to the police
as a task until they record them as intelligence."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.presenters import uk_datetime
from triangulate.core.roles import AgencyType

from ..models import (
    MissingEpisode,
    PoliceFindingsTask,
    PoliceRisk,
    PoliceRiskChange,
    ReturnInterview,
)
from .errors import EpisodeInvalid

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
