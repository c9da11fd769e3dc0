"""The demo's settled history and its board pack.

The other steps make the last few months. A board needs to see a change against what came
before, so unless the borough is built with years of history (``--years``), this step adds
two years of missing episodes (with their police risk levels,
return interviews and shares) before that window: steady for a year, then about twice as
many a month, which the XmR chart shows as a real signal. Then the chief officer releases
last month's board pack and publishes it as a public report (small numbers suppressed).
"""

from __future__ import annotations

import datetime as dt

from triangulate.core.clocks import LONDON, hours_deadline
from triangulate.core.presenters import age_on
from triangulate.core.records import LawfulBasis, SharePlan
from triangulate.missing import services as missing_services
from triangulate.missing.models import MissingEpisode, PoliceRiskChange, ReturnInterview
from triangulate.performance import services
from triangulate.performance.periods import Period
from triangulate.performance.services.measures import CATALOGUE

from . import stories
from .borough import Borough

HISTORY_MONTHS = 24
STEADY_MONTHS = 12  # the oldest months run at the base rate; the rest at about twice it
FOUND = ["At a friend's house", "Town centre bus station", "A flat in the town centre", "Park"]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def _history_months(today: dt.date) -> tuple[list[Period], dt.date]:
    """The months before the recent window the other steps fill (about 80 days), and the
    first day of that window, before which history stops."""
    window = today - dt.timedelta(days=81)
    months = [Period.containing(window, today)]
    while len(months) < HISTORY_MONTHS - 2:
        months.insert(0, months[0].previous())
    return months, window


def _missing_history(borough: Borough) -> None:
    recent = list(MissingEpisode.objects.select_related("person").order_by("id"))
    if not recent:
        return
    rng = borough.rng
    council = borough.agencies["Children's Services"]
    children = list({e.person_id: e.person for e in recent}.values())
    creators = list({e.created_by_id: e.created_by for e in recent}.values())
    youth_worker = borough.users["tara.youthwork"]
    base = max(2, len(children) // 4)
    months, window = _history_months(borough.today)
    episodes = []
    for index, month in enumerate(months):
        rate = base if index < STEADY_MONTHS else base * 2
        days = min((month.end - month.start).days, (window - month.start).days)
        for _ in range(round((rate + rng.randint(-1, 1)) * days / 30)):
            day = month.start + dt.timedelta(days=rng.randint(0, days - 1))
            old_enough = [
                c
                for c in children
                if (age_on(c.date_of_birth, day) or 0) >= stories.EXPLOITATION_CASE_MIN_AGE
            ]
            if not old_enough:
                continue
            child = rng.choice(old_enough)
            started = _at(day, rng.choice([16, 19, 21, 22]))
            episodes.append(
                MissingEpisode(
                    owning_agency=council, person=child,
                    category="M" if rng.random() < 0.8 else "A",
                    started_at=started, ended_at=started + dt.timedelta(hours=rng.randint(2, 30)),
                    reported_by=rng.choice(["Foster carer", "Parent", "Residential home staff"]),
                    police_reference=f"MP-{rng.randint(10000, 99999)}",
                    police_risk=rng.choice(["low", "medium", "medium", "high"]),
                    where_found=rng.choice(FOUND), found_with="Alone",
                    created_by=rng.choice(creators), created_at=started + dt.timedelta(hours=1),
                )
            )  # fmt: skip
    MissingEpisode.objects.bulk_create(episodes)
    changes = [
        PoliceRiskChange(
            owning_agency=council, episode=e, level=e.police_risk, changed_at=e.started_at,
            changed_by=borough.users["priya.officer"], note="Level when reported",
        )
        for e in episodes
    ]  # fmt: skip
    PoliceRiskChange.objects.bulk_create(changes)
    interviews = []
    for episode in episodes:
        interview = ReturnInterview(
            owning_agency=council,
            episode=episode,
            person=episode.person,
            due_at=hours_deadline(episode.ended_at, 72),
        )
        roll = rng.random()
        if roll < 0.92:
            interview.offered_at = episode.ended_at + dt.timedelta(hours=rng.randint(4, 90))
            held = roll < 0.65
            interview.outcome = "held" if held else "declined"
            interview.held_at = interview.offered_at + dt.timedelta(hours=4) if held else None
            interview.interviewer = "Tara Quill" if held else ""
            interview.interviewer_agency = "Safe Futures Kingsmere" if held else ""
            interview.independent = held
            if not held:
                interview.not_held_reason = "Did not want to talk this time."
            interview.completed_at = interview.held_at or interview.offered_at
            interview.recorded_by = youth_worker if held else None
        else:
            interview.outcome = "not_held"
            interview.not_held_reason = "Moved placement before an interview could be offered."
        interviews.append(interview)
    ReturnInterview.objects.bulk_create(interviews)
    shares = SharePlan()
    for episode, change in zip(episodes, changes, strict=True):
        for record, force in missing_services.police_share_targets(
            episode=episode, changes=[change]
        ):
            shares.add(
                episode.created_by, record, force, basis=LawfulBasis.SAFEGUARDING,
                purpose=missing_services.POLICE_SHARE_PURPOSE,
            )  # fmt: skip
    for interview in interviews:
        shares.add(
            interview.episode.created_by, interview, borough.agencies["Safe Futures"],
            basis=LawfulBasis.SAFEGUARDING, purpose="independent return home interview",
            permits_change=True,
        )  # fmt: skip
    shares.save()


# The partnership's targets for the rates it watches most: (measure, target %, tolerance in
# percentage points). Set by the partnership manager as on a measure's page.
DEMO_TARGETS = (
    ("assessments-up-to-date", "90", "10"),
    ("interview-take-up", "80", "10"),
    ("interviews-offered-in-time", "90", "10"),
)


def _targets(borough: Borough) -> None:
    manager = borough.users["helen.partnership"]
    this_month = Period.containing(borough.today, borough.today)
    first, last = this_month, this_month
    for _ in range(24):
        first = first.previous()
    for slug, target, tolerance in DEMO_TARGETS:
        services.set_target(
            actor=manager,
            measure=services.measure_or_404(slug),
            version=0,
            target=target,
            tolerance=tolerance,
            first_month=first.key,
            last_month=f"{last.start.year + 2}-{last.start.month:02d}",
        )


def _board_pack(borough: Borough) -> None:
    chief = borough.users["pat.chief"]
    last_month = Period.containing(borough.today, borough.today).previous()
    pack = services.pack_create(
        actor=chief,
        title=f"Partnership board pack, {last_month.start:%B %Y}",
        month=last_month.key,
        slugs=[measure.slug for measure in CATALOGUE],
    )
    services.pack_release(
        actor=chief,
        pack=pack,
        version=pack.version,
        so_what=(
            "Read the up-to-date risk assessment figure first: every child with an open case "
            "should have one, and the records behind the figure show who does not."
        ),
        actions="Team managers to book the overdue assessments; the figure is reviewed monthly.",
        publish=True,
    )


def generate(borough: Borough, **_) -> None:
    # A borough built with years of history (``--years``) has its own past episodes.
    if not getattr(borough, "history_years", 0):
        _missing_history(borough)
    _targets(borough)
    _board_pack(borough)
