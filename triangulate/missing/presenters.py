"""Display logic for missing episodes and return home interviews."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from triangulate.core import access
from triangulate.core.presenters import child_cell, clock_tag, summary_rows, uk_date, uk_datetime
from triangulate.register.models import Person

from . import services


def duration(episode, now=None) -> str:
    end = episode.ended_at or (now or timezone.now())
    minutes = int((end - episode.started_at).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if not days:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def state_tag(episode) -> dict:
    if episode.is_open:
        return {
            "text": "Still missing" if episode.category == "M" else "Still away",
            "classes": "govuk-tag--red",
        }
    return {"text": "Ended", "classes": "govuk-tag--grey"}


def interview_tag(interview) -> dict:
    if interview.outcome in services.OPEN_INTERVIEW:
        tag = clock_tag(services.interview_clock(interview))
        return {
            "text": f"{tag['text']}: interview due {uk_datetime(interview.due_at)}",
            "classes": tag["classes"],
        }
    return {"text": interview.get_outcome_display(), "classes": "govuk-tag--grey"}


def episode_summary(episode) -> list[dict]:
    rows = [
        ("Category", episode.get_category_display()),
        ("Started", uk_datetime(episode.started_at)),
        ("Ended", uk_datetime(episode.ended_at) if episode.ended_at else "Still open"),
        ("Length", duration(episode) + ("" if episode.ended_at else " so far")),
        ("Reported by", episode.reported_by),
        ("Police reference", episode.police_reference),
        ("Police risk level", episode.get_police_risk_display()),
        (
            "Placed out of area",
            f"Yes – placed by {episode.placing_authority}" if episode.placed_out_of_area else "No",
        ),
        ("Where found", episode.where_found),
        ("Found with", episode.found_with),
        ("Recorded by", episode.owning_agency.name),
    ]
    return summary_rows(rows)


def police_task_summary(task) -> list[dict]:
    """Who the child is, then the episode and the findings the police need."""
    rows = [
        ("Child", task.child_name),
        ("Date of birth", uk_date(task.child_date_of_birth) if task.child_date_of_birth else ""),
        ("Passed on by", task.owning_agency.name),
        ("Passed on", uk_datetime(task.created_at)),
        *((label, text) for label, text in task.findings),
    ]
    if task.done_at:
        rows.append(
            (
                "Recorded as intelligence",
                f"{uk_datetime(task.done_at)} by {task.done_by.display_name}"
                + (
                    f" (reference {task.intelligence_reference})"
                    if task.intelligence_reference
                    else ""
                ),
            )
        )
    return summary_rows(rows)


def _person_link(user, person) -> dict:
    """The child's name, linked only when the viewer may open their record (ADR 0009)."""
    return child_cell(user, person)


def episode_rows(user, episodes, *, with_child: bool = True) -> list[list[dict]]:
    if with_child:
        access.remember_visibility(user, [episode.person for episode in episodes])
    rows = []
    for episode in episodes:
        href = reverse("missing:episode", args=[episode.pk])
        tag = state_tag(episode)
        rows.append(
            [
                *([_person_link(user, episode.person)] if with_child else []),
                {"link": {"href": href, "text": uk_datetime(episode.started_at)}},
                {"text": "M" if episode.category == "M" else "A"},
                {"tag": tag},
                {
                    "text": f"Yes – {episode.placing_authority}"
                    if episode.placed_out_of_area
                    else "No"
                },
            ]
        )
    return rows


def interview_rows(user, interviews) -> list[list[dict]]:
    access.remember_visibility(user, [interview.person for interview in interviews])
    rows = []
    for interview in interviews:
        tag = clock_tag(services.interview_clock(interview))
        href = reverse("missing:interview", args=[interview.pk])
        rows.append(
            [
                _person_link(user, interview.person),
                {
                    "link": {
                        "href": href,
                        "text": "Record interview",
                        "hidden": f"for {access.child_reference(user, interview.person).label}",
                    }
                },
                {"text": uk_datetime(interview.due_at)},
                {"tag": tag},
                {
                    "text": f"Yes – {interview.episode.placing_authority}"
                    if interview.episode.placed_out_of_area
                    else "No"
                },
            ]
        )
    return rows


def repeat_rows(user, counts: dict[int, int]) -> list[list[dict]]:
    people = list(
        access.visible(user, Person).filter(pk__in=list(counts)).order_by("family_name", "id")
    )
    access.remember_visibility(user, people)
    return [[_person_link(user, p), {"text": str(counts[p.pk])}] for p in people]


__all__ = ["uk_date", "uk_datetime"]
