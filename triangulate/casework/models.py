"""Exploitation cases: allocation to teams and workers, capacity, tasks, closing and reopening."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from triangulate.core.models import PersonalData


class Team(models.Model):
    """A team that holds cases, with the caseload a full-time worker is expected to carry."""

    name = models.CharField(max_length=120, unique=True)
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    default_capacity = models.PositiveSmallIntegerField(default=12)

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A worker in a team; capacity overrides the team's default (part-time, newly qualified)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="casework_teammember_unique")
        ]

    @property
    def effective_capacity(self) -> int:
        return self.capacity if self.capacity is not None else self.team.default_capacity


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Case(PersonalData):
    """An exploitation case for one child, opened from a triage decision."""

    reference = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey("register.Person", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "frontdoor.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["worker", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "owning_agency"],
                condition=models.Q(status="open"),
                name="casework_one_open_case_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"Case {self.reference}"


class CaseEventKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    ALLOCATED = "allocated", "Allocated"
    CLOSED = "closed", "Case closed"
    REOPENED = "reopened", "Case reopened"


class CaseEvent(PersonalData):
    """The case's own history (allocation, closing, reopening), each with who and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    detail = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now)


class Task(PersonalData):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["owner", "done_at", "due_on"])]
