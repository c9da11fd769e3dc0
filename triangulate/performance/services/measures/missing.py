"""Missing children and their return interviews (F24 to F28)."""

from __future__ import annotations

import datetime as dt

from triangulate.missing.models import (
    InterviewOutcome,
    MissingEpisode,
    MissingPolicy,
    ReturnInterview,
)
from triangulate.register.models import Person
from triangulate.risk.models import PromptReason, ReviewPrompt

from ...periods import Period
from .base import MONTHLY, SNAPSHOT, Figure, Measure, Quality, Rows, first_record_of


def _ended(period: Period):
    return MissingEpisode.objects.filter(ended_at__gte=period.start_at, ended_at__lt=period.end_at)


def interview_take_up(period: Period) -> Figure:
    rows = list(
        _ended(period).values_list(
            "id", "return_interview__outcome", "return_interview__offered_at"
        )
    )
    offered = [(pk, outcome) for pk, outcome, offered_at in rows if offered_at is not None]
    held_without_offer = sum(
        1 for _, outcome, offered_at in rows if outcome == InterviewOutcome.HELD and not offered_at
    )
    labels = dict(InterviewOutcome.choices)
    outcomes: dict[str, int] = {}
    for _, outcome in offered:
        outcomes[labels.get(outcome, "No interview record")] = (
            outcomes.get(labels.get(outcome, "No interview record"), 0) + 1
        )
    return Figure(
        Rows(MissingEpisode, [pk for pk, outcome in offered if outcome == InterviewOutcome.HELD]),
        Rows(MissingEpisode, [pk for pk, _ in offered]),
        breakdown=sorted(outcomes.items()),
        quality=[
            Quality(
                "interviews recorded as held with no date offered", held_without_offer, len(rows)
            ),
            Quality(
                "episodes ended in the month with no return interview offered yet",
                len(rows) - len(offered),
                len(rows),
            ),
        ],
    )


def offered_in_time(period: Period) -> Figure:
    rows = list(
        _ended(period).values_list(
            "id",
            "placed_out_of_area",
            "return_interview__offered_at",
            "return_interview__due_at",
        )
    )
    in_time = [
        (pk, away)
        for pk, away, offered_at, due_at in rows
        if offered_at is not None and due_at is not None and offered_at <= due_at
    ]
    return Figure(
        Rows(MissingEpisode, [pk for pk, _ in in_time]),
        Rows(MissingEpisode, [pk for pk, *_ in rows]),
        breakdown=[
            ("In time, placed in the area", sum(1 for _, away in in_time if not away)),
            ("In time, placed out of the area", sum(1 for _, away in in_time if away)),
            ("Ended, placed out of the area", sum(1 for _, away, *_ in rows if away)),
        ],
        quality=[
            Quality(
                "ended episodes with no return interview record",
                sum(1 for _, _, _, due_at in rows if due_at is None),
                len(rows),
            )
        ],
    )


def missing_episodes(period: Period) -> Figure:
    rows = list(
        MissingEpisode.objects.filter(started_at__gte=period.start_at, started_at__lt=period.end_at)
        .order_by("started_at", "id")
        .values_list("id", "person_id", "category", "ended_at")
    )
    return Figure(
        Rows(MissingEpisode, [pk for pk, *_ in rows]),
        breakdown=[
            ("Missing", sum(1 for _, _, cat, _ in rows if cat == "M")),
            ("Away from placement", sum(1 for _, _, cat, _ in rows if cat == "A")),
            ("Distinct children", len({pid for _, pid, _, _ in rows})),
        ],
        quality=[
            Quality(
                "episodes with no end recorded yet",
                sum(1 for *_, ended in rows if ended is None),
                len(rows),
            )
        ],
    )


def repeat_policy() -> tuple[int, int]:
    policy = MissingPolicy.objects.order_by("-version", "-id").first()
    return (policy.repeat_count, policy.repeat_window_days) if policy else (3, 90)


def repeat_missing(period: Period) -> Figure:
    count, days = repeat_policy()
    since = period.cutoff - dt.timedelta(days=days)
    episodes = MissingEpisode.objects.filter(started_at__gte=since, started_at__lt=period.cutoff)
    per_child: dict[int, int] = {}
    open_ended = 0
    for person_id, ended_at in episodes.values_list("person_id", "ended_at"):
        per_child[person_id] = per_child.get(person_id, 0) + 1
        open_ended += ended_at is None
    return Figure(
        Rows(Person, sorted(pid for pid, n in per_child.items() if n >= count)),
        breakdown=[("Children with any episode in the window", len(per_child))],
        quality=[
            Quality(
                "episodes in the window with no end recorded",
                open_ended,
                sum(per_child.values()),
            )
        ],
    )


def findings_followed_up(period: Period) -> Figure:
    rows = list(
        ReturnInterview.objects.filter(
            outcome=InterviewOutcome.HELD,
            held_at__gte=period.start_at,
            held_at__lt=period.end_at,
        ).values_list("episode_id", "raised_intelligence", "independent")
    )
    prompted = (
        ReviewPrompt.objects.filter(
            reason=PromptReason.RETURN_INTERVIEW,
            created_at__gte=period.start_at,
            created_at__lt=period.end_at,
        )
        .values("person_id")
        .distinct()
        .count()
    )
    return Figure(
        Rows(MissingEpisode, sorted(pk for pk, raised, _ in rows if raised)),
        Rows(MissingEpisode, sorted(pk for pk, _, _ in rows)),
        breakdown=[
            ("Passed to police as intelligence", sum(1 for _, raised, _ in rows if raised)),
            ("Held by an independent interviewer", sum(1 for *_, ind in rows if ind is True)),
            ("Children whose risk review the findings prompted", prompted),
        ],
        quality=[
            Quality(
                "held interviews with the interviewer's independence not recorded",
                sum(1 for *_, ind in rows if ind is None),
                len(rows),
            )
        ],
    )


MEASURES: list[Measure] = [
    Measure(
        figure_id="F24",
        slug="interview-take-up",
        additive=True,
        name="Return home interviews taken up",
        version=1,
        numerator="Episodes ended in the month whose interview was accepted and held",
        denominator="Episodes ended in the month whose interview was offered",
        period=MONTHLY,
        counting="By the month the episode ended; an interview held late still counts as held.",
        source="Missing episodes and return interviews (missing)",
        good="Most children accept: rising",
        higher_is_better=True,
        compute=interview_take_up,
        first_record=first_record_of(MissingEpisode, "ended_at"),
        unit="%",
    ),
    Measure(
        figure_id="F25",
        slug="interviews-offered-in-time",
        name="Return home interviews offered within 72 hours",
        version=1,
        numerator=(
            "Episodes ended in the month whose interview was offered by its due time "
            "(72 hours after the child's return, under the missing policy)"
        ),
        denominator="Episodes ended in the month",
        period=MONTHLY,
        counting="By the month the episode ended. An episode with no interview record is not in time.",
        source="Missing episodes and return interviews (missing)",
        good="Every child is offered an interview in time: 100%",
        higher_is_better=True,
        compute=offered_in_time,
        first_record=first_record_of(MissingEpisode, "ended_at"),
        unit="%",
    ),
    Measure(
        figure_id="F26",
        slug="interview-findings",
        name="Return home interview findings passed to police",
        version=1,
        numerator="Interviews held in the month whose findings were passed to police as intelligence",
        denominator="Return home interviews held in the month, by the time held",
        period=MONTHLY,
        counting=(
            "An interview counts in the month it was held. The breakdown also counts "
            "interviews held by an independent interviewer and children whose risk review the "
            "findings prompted in the month."
        ),
        source="Return interviews (missing) and review prompts (risk)",
        good="Findings that point to exploitation reach police and the child's assessment",
        higher_is_better=None,
        compute=findings_followed_up,
        first_record=first_record_of(ReturnInterview, "held_at"),
        unit="%",
    ),
    Measure(
        figure_id="F27",
        slug="missing-episodes",
        name="Missing and away episodes",
        version=1,
        numerator="Episodes that started in the month",
        denominator="",
        period=MONTHLY,
        counting="Every episode counts; the breakdown gives missing and away and distinct children.",
        source="Missing episodes (missing)",
        good="Falling, with every episode followed by an interview",
        higher_is_better=False,
        compute=missing_episodes,
        first_record=first_record_of(MissingEpisode, "started_at"),
    ),
    Measure(
        figure_id="F28",
        slug="repeat-missing",
        name="Children missing repeatedly",
        version=1,
        numerator=(
            "Children with at least the policy's number of episodes (3) started in the policy's "
            "window (90 days) up to the snapshot"
        ),
        denominator="",
        period=SNAPSHOT,
        counting="A child is counted once. The threshold and window come from the missing policy.",
        source="Missing episodes (missing)",
        good="Falling",
        higher_is_better=False,
        compute=repeat_missing,
        first_record=first_record_of(MissingEpisode, "started_at"),
    ),
]
