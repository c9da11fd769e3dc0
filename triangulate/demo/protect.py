"""Protect in the demo borough: risk assessments at every level (some overdue), safety plans,
missing episodes with and without return interviews, Philomena profiles and meetings.

Records are written in bulk for speed; the services' rules (floors, review intervals, the
72-hour interview clock) are applied here by the same functions the services use.
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from triangulate.core import records
from triangulate.core.clocks import LONDON, hours_deadline
from triangulate.core.presenters import age_on
from triangulate.core.records import LawfulBasis, SharePlan
from triangulate.meetings import services as meetings
from triangulate.meetings.models import (
    AgendaItem,
    AttendanceStatus,
    Meeting,
    MeetingAction,
    MeetingKind,
)
from triangulate.missing import services as missing_services
from triangulate.missing.models import (
    MissingEpisode,
    PhilomenaProfile,
    PoliceRiskChange,
    ReturnInterview,
)
from triangulate.risk import scoring
from triangulate.risk import services as risk_services
from triangulate.risk.models import (
    ActionStatus,
    AssessmentStatus,
    PlanAction,
    ReviewPrompt,
    RiskAssessment,
    SafetyPlan,
    SupportDelivered,
)
from triangulate.risk.services.tools import current_tool

from . import names, stories
from .borough import Borough

# Signs chosen for each judged level (the score then suggests roughly that level).
SIGNS_BY_LEVEL = {
    "none": [],
    "low": ["family_strain", "out_of_education", "several_phones"],
    "medium": ["family_strain", "missing", "adults_of_concern", "unexplained_items", "substances"],
    "high": [
        "earlier_abuse", "missing", "adults_of_concern", "unexplained_items", "unknown_transport",
        "places_of_concern", "criminal_exploitation",
    ],
}  # fmt: skip
PLACING_AUTHORITIES = ["Northfield County Council", "Riverton City Council", "Westmoor Council"]
FOUND_PLACES = [
    "Bus station in Kingsmere town centre",
    "Flat above a takeaway on Mill Lane",
    "A friend's home in Ashby Vale",
    "Retail park car park",
    "Railway station in a neighbouring city",
]


# What each demo safety plan is for, as a partner who owns one of its actions reads it.
PLAN_PURPOSES = [
    "Keep them away from the adults who wait for them after school, and back into learning.",
    "Stop them being used to carry drugs out of town, and keep them safe at home at night.",
    "Make the places they go missing to safer, and help their family know who they are with.",
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def generate(borough: Borough, *, children: int) -> None:
    rng = borough.rng
    today = borough.today
    now = timezone.now()
    council = borough.agencies["Children's Services"]
    police = borough.agencies["Police"]
    users = borough.users
    practitioners = [users["alex.practitioner"], users["kim.practitioner"]]
    manager = users["jo.manager"]
    tool = current_tool()
    definition = tool.definition
    eligible = [
        c
        for c in borough.children
        if c.owning_agency_id == council.pk
        and (age_on(c.date_of_birth, today) or 0) >= stories.EXPLOITATION_CASE_MIN_AGE
    ]
    rng.shuffle(eligible)
    cohort = eligible[: max(8, min(len(eligible), children // 6))]
    levels = ["none", "low", "low", "medium", "medium", "medium", "high", "high"]

    assessments = []
    judged: dict[int, str] = {}
    for index, child in enumerate(cohort):
        level = levels[index % len(levels)]
        signs = SIGNS_BY_LEVEL[level]
        answers = dict.fromkeys(rng.sample(signs, k=max(0, len(signs) - 1)), "current")
        if level in ("medium", "high"):
            answers[signs[1]] = "current"
        # About one review in five has slipped past its date; the rest are in date.
        overdue = rng.random() < 0.2
        interval = scoring.review_days(definition, level)
        completed_day = today - dt.timedelta(days=rng.randint(2, interval - 1))
        for _ in range(2):
            age = age_on(child.date_of_birth, completed_day)
            outcome = scoring.score(definition, answers, age=age)
            chosen = level
            if scoring.below_floor(definition, chosen, outcome.floor_level):
                chosen = outcome.floor_level
            days = scoring.review_days(definition, chosen)
            wanted = (
                today - dt.timedelta(days=days + rng.randint(1, 20))
                if overdue
                else today - dt.timedelta(days=rng.randint(2, days - 1))
            )
            if (completed_day + dt.timedelta(days=days) < today) == overdue:
                break
            completed_day = wanted
        completed_at = _at(completed_day, rng.randint(9, 16), rng.choice([0, 15, 30, 45]))
        signed = rng.random() < 0.8
        author = practitioners[index % 2]
        assessments.append(
            RiskAssessment(
                owning_agency=council, person=child, tool=tool,
                status=AssessmentStatus.SIGNED_OFF if signed else AssessmentStatus.AWAITING_SIGN_OFF,
                answers=answers, score=outcome.score, band_level=outcome.band_level,
                floor_level=outcome.floor_level or "", floor_reasons=outcome.floor_reasons,
                suggested_level=outcome.suggested_level, judged_level=chosen,
                rationale="" if chosen == outcome.suggested_level else (
                    "Partners' accounts together show more concern than the score: "
                    "sightings with adults of concern are increasing."
                    if scoring.level_rank(definition, chosen) > scoring.level_rank(definition, outcome.suggested_level)
                    else "Protective adults are now closely involved and the child is engaging with support."
                ),
                review_due=completed_day + dt.timedelta(days=days), age_at_assessment=age,
                created_by=author, created_at=completed_at - dt.timedelta(days=2),
                updated_at=completed_at, completed_by=author, completed_at=completed_at,
                signed_off_by=manager if signed else None,
                signed_off_at=completed_at + dt.timedelta(days=1) if signed else None,
            )
        )  # fmt: skip
        judged[child.pk] = chosen
    RiskAssessment.objects.bulk_create(assessments, batch_size=500)

    # Safety plans for children at medium or high risk, with actions across agencies.
    partners = [
        (police, users["priya.officer"]),
        (borough.agencies["Health"], users["ruth.nurse"]),
        (borough.agencies["Academy"], users["mark.dsl"]),
        (borough.agencies["Safe Futures"], users["tara.youthwork"]),
        (council, practitioners[0]),
    ]
    planned = [c for c in cohort if judged[c.pk] in ("medium", "high")]
    plans = SafetyPlan.objects.bulk_create(
        [
            SafetyPlan(
                owning_agency=council, person=child, created_by=practitioners[i % 2],
                purpose=PLAN_PURPOSES[i % len(PLAN_PURPOSES)],
                child_views=rng.choice([
                    "I want to go back to college and see my nan more.",
                    "I don't like it when they turn up outside school.",
                    "I'd talk to Tara, not to police.",
                ]),
                family_views=rng.choice([
                    "We want to know who is picking her up.",
                    "We need help to keep him safe at night.",
                ]),
                created_at=now - dt.timedelta(days=rng.randint(10, 90)),
            )
            for i, child in enumerate(planned)
        ]
    )  # fmt: skip
    actions, support = [], []
    for plan in plans:
        years = age_on(plan.person.date_of_birth, today)
        for agency, owner in rng.sample(partners, k=3):
            due = today + dt.timedelta(days=rng.randint(-20, 40))
            done = due < today and rng.random() < 0.8
            actions.append(
                PlanAction(
                    owning_agency=council, plan=plan, responsible_agency=agency, owner=owner,
                    text=rng.choice(stories.actions_for(agency.agency_type, years)),
                    due_on=due, is_milestone=rng.random() < 0.2,
                    status=ActionStatus.DONE if done else rng.choice([ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]),
                    done_on=due if done else None,
                )
            )  # fmt: skip
        support.append(
            SupportDelivered(
                owning_agency=council, plan=plan, agency=borough.agencies["Safe Futures"],
                delivered_on=today - dt.timedelta(days=rng.randint(1, 30)),
                kind="One-to-one youth work", description="Talked about safe adults and routes home.",
                recorded_by=users["tara.youthwork"],
            )
        )  # fmt: skip
    PlanAction.objects.bulk_create(actions)
    SupportDelivered.objects.bulk_create(support)
    shares = SharePlan()
    for action in actions:
        shares.add(
            practitioners[0],
            action,
            action.responsible_agency,
            basis=LawfulBasis.SAFEGUARDING,
            purpose=risk_services.PARTNER_ACTION_PURPOSE,
            permits_change=True,
        )
    shares.save()

    # Missing episodes: repeat missing, open episodes, interviews held, declined and overdue.
    missing_children = cohort[: max(6, len(cohort) // 3)]
    episodes, interviews, changes = [], [], []
    for index, child in enumerate(missing_children):
        count = 3 if index % 3 == 0 else rng.randint(1, 2)
        out_of_area = index % 5 == 1
        placing_authority = rng.choice(PLACING_AUTHORITIES) if out_of_area else ""
        for n in range(count):
            start_day = today - dt.timedelta(days=rng.randint(2, 80) if n else rng.randint(0, 10))
            started = _at(start_day, rng.choice([16, 19, 21, 22, 23]), rng.choice([0, 20, 40]))
            if started > now - dt.timedelta(hours=3):
                started = now - dt.timedelta(hours=rng.randint(3, 9))
            still_open = n == 0 and index % 7 == 2
            ended = None if still_open else started + dt.timedelta(hours=rng.randint(2, 40))
            if ended and ended > now:
                ended = now - dt.timedelta(minutes=30)
            if ended and ended < started:
                ended = started + dt.timedelta(hours=1)
            episodes.append(
                MissingEpisode(
                    owning_agency=council, person=child, category="M" if rng.random() < 0.8 else "A",
                    started_at=started, ended_at=ended,
                    reported_by=rng.choice(["Foster carer", "Parent", "Residential home staff"]),
                    police_reference=f"MP-{rng.randint(10000, 99999)}",
                    police_risk=rng.choice(["low", "medium", "medium", "high"]),
                    placed_out_of_area=out_of_area,
                    placing_authority=placing_authority,
                    where_found=rng.choice(FOUND_PLACES) if ended else "",
                    found_with=rng.choice(["Alone", "Two older males, one known as an adult of concern", "Other children from the same placement"]) if ended else "",
                    created_by=practitioners[index % 2],
                )
            )  # fmt: skip
    MissingEpisode.objects.bulk_create(episodes)
    for episode in episodes:
        changes.append(
            PoliceRiskChange(
                owning_agency=council, episode=episode, level=episode.police_risk,
                changed_at=episode.started_at, changed_by=users["priya.officer"], note="Level when reported",
            )
        )  # fmt: skip
        if episode.ended_at is None:
            continue
        due = hours_deadline(episode.ended_at, 72)
        roll = rng.random()
        interview = ReturnInterview(
            owning_agency=council, episode=episode, person=episode.person, due_at=due
        )
        # Older interviews are mostly settled; a few recent ones are late or not yet offered.
        settled = due < now - dt.timedelta(days=14)
        if due < now and roll < (0.75 if settled else 0.55):
            offered = episode.ended_at + dt.timedelta(hours=rng.randint(6, 60))
            interview.offered_at = offered
            interview.outcome = "held"
            interview.held_at = offered + dt.timedelta(hours=rng.randint(1, 24))
            interview.interviewer = "Tara Quill"
            interview.interviewer_agency = "Safe Futures Kingsmere"
            interview.independent = True
            interview.push_factors = "Arguments at home about curfew; feels nobody listens."
            interview.pull_factors = "Older adults of concern offering lifts, food and cannabis."
            interview.where_went = episode.where_found
            interview.with_whom = episode.found_with
            interview.harm = rng.choice(["", "Given alcohol and taken to an unknown flat."])
            interview.shared_with = "Exploitation team; police missing person coordinator"
            interview.completed_at = interview.held_at
            interview.recorded_by = users["tara.youthwork"]
        elif due < now and roll < (0.97 if settled else 0.75):
            interview.offered_at = episode.ended_at + dt.timedelta(hours=12)
            interview.outcome = "declined"
            interview.not_held_reason = (
                "Did not want to talk this time; offered again through school."
            )
            interview.completed_at = interview.offered_at
        interviews.append(interview)
    PoliceRiskChange.objects.bulk_create(changes)
    # Episodes reported to the police are shared with them, as the service shares them.
    changes_of = {change.episode_id: [change] for change in changes}
    shares = SharePlan()
    for episode in episodes:
        targets = missing_services.police_share_targets(
            episode=episode, changes=changes_of[episode.pk]
        )
        for record, force in targets:
            shares.add(
                episode.created_by, record, force, basis=LawfulBasis.SAFEGUARDING,
                purpose=missing_services.POLICE_SHARE_PURPOSE,
            )  # fmt: skip
    shares.save()
    ReturnInterview.objects.bulk_create(interviews)
    for interview in interviews:
        shares.add(
            practitioners[0], interview, borough.agencies["Safe Futures"],
            basis=LawfulBasis.SAFEGUARDING, purpose="independent return home interview",
            # The independent provider holds the interview, so it may record it.
            permits_change=True,
        )  # fmt: skip
    shares.save()
    recent = {e.person_id for e in episodes if e.started_at >= now - dt.timedelta(days=10)}
    ReviewPrompt.objects.bulk_create(
        [
            ReviewPrompt(
                owning_agency=council, person_id=pid, reason="missing_episode",
                detail="Missing episode in the last ten days",
            )
            for pid in sorted(recent)
        ]
    )  # fmt: skip
    photo = _silhouette()
    PhilomenaProfile.objects.bulk_create(
        [
            PhilomenaProfile(
                owning_agency=council, person=child, version=1,
                description="Slim build, about 5 ft 3 in, dark hair usually tied back; often wears a grey hooded top.",
                associates="Older adults of concern known by first names only; two friends from school.",
                places="Kingsmere bus station; retail park; flats on Mill Lane.",
                phones_and_social_media="One mobile phone; uses two messaging apps.",
                health_needs="Asthma: carries an inhaler.",
                carer_contact=_carer(rng, child), school=stories.school_for(rng, age_on(child.date_of_birth, today)),
                photo=photo, photo_content_type="image/png", created_by=practitioners[0],
            )
            for child in missing_children
        ]
    )  # fmt: skip

    # Meetings: last fortnight's MACE, its decisions and actions (some now overdue).
    mace = Meeting.objects.create(
        owning_agency=council, kind=MeetingKind.MACE, title="MACE panel",
        held_at=_at(today - dt.timedelta(days=14), 10), chair=manager,
    )  # fmt: skip
    # Attendance as the chair records it: each agency at the table is shared the meeting.
    for agency, user in [(council, manager), *partners[:4]]:
        meetings.attendance_add(
            actor=manager, meeting=mace, agency=agency, name=user.display_name,
            role=user.job_title, status=AttendanceStatus.PRESENT,
        )  # fmt: skip
    high = [c for c in cohort if judged[c.pk] == "high"][:5]
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                owning_agency=council, meeting=mace, person=child, position=i + 1,
                reasons=["New high-risk assessment"],
                discussion="Partners shared sightings and school attendance.",
                decision="Keep at high risk; joint disruption and a safety plan review.",
                decided_at=mace.held_at,
            )
            for i, child in enumerate(high)
        ]
    )  # fmt: skip
    meeting_actions = MeetingAction.objects.bulk_create(
        [
            MeetingAction(
                owning_agency=council, meeting=mace, item=item, person=item.person,
                text=text, owner=owner, due_on=today + dt.timedelta(days=offset),
            )
            for item in items
            for text, owner, offset in [
                ("Disruption visit to the retail park", users["priya.officer"], -4),
                ("Check attendance and share with the exploitation team", users["mark.dsl"], 5),
            ]
        ]
    )  # fmt: skip
    shares = SharePlan()
    for action in meeting_actions:
        shares.add(
            manager, action, action.owner.agency, basis=LawfulBasis.SAFEGUARDING,
            purpose=meetings.OWNER_SHARE_PURPOSE, permits_change=True,
        )  # fmt: skip
    shares.save()
    Meeting.objects.filter(pk=mace.pk).update(minutes_closed_at=now - dt.timedelta(days=13))
    _contribution_for_a_twelve_year_old(borough, cohort)
    # Today's daily hub, its agenda built from the records by the same service users call.
    meetings.meeting_create(
        actor=manager,
        kind=MeetingKind.DAILY_HUB,
        title="Daily hub meeting",
        held_at=_at(today, 9, 30),
    )


def _silhouette() -> bytes:
    """A drawn head-and-shoulders outline standing in for a photo: the demo holds no
    picture of anyone."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 300), (222, 224, 226))
    draw = ImageDraw.Draw(image)
    draw.ellipse((75, 50, 165, 150), fill=(120, 124, 128))
    draw.rounded_rectangle((40, 165, 200, 320), radius=60, fill=(120, 124, 128))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _carer(rng, child) -> str:
    who, name = rng.choice(
        [
            ("mother", f"{rng.choice(names.GIVEN_NAMES_F)} {child.family_name}"),
            ("father", f"{rng.choice(names.GIVEN_NAMES_M)} {child.family_name}"),
            ("foster carer", f"{rng.choice(names.GIVEN_NAMES_F)} {rng.choice(names.FAMILY_NAMES)}"),
        ]
    )
    # 07700 900000 to 900999 are set aside for drama: never a real phone.
    return f"{name} ({who}), 07700 900{rng.randint(0, 999):03d}"


def _contribution_for_a_twelve_year_old(borough: Borough, cohort) -> None:
    """A 12-year-old not yet assessed, about whom police have shared what they saw: the
    place to try an assessment whose score suggests low but whose floor says medium."""
    council = borough.agencies["Children's Services"]
    taken = {c.pk for c in cohort}
    for child in borough.children:
        if (
            child.pk not in taken
            and child.owning_agency_id == council.pk
            and age_on(child.date_of_birth, borough.today) == 12
        ):
            # Police see the child's entry through an explicit share (a joint enquiry).
            records.share(
                borough.users["alex.practitioner"], child, borough.agencies["Police"],
                basis=LawfulBasis.SAFEGUARDING, purpose="joint enquiry with police",
            )  # fmt: skip
            risk_services.contribution_create(
                actor=borough.users["priya.officer"],
                person=child,
                share_with=council,
                lawful_basis=LawfulBasis.LAW_ENFORCEMENT,
                text=(
                    "Seen twice this month getting into a car with two adults of concern near "
                    "the retail park; had a new phone and trainers nobody at home could explain."
                ),
                indicators=["adults_of_concern", "unexplained_items"],
            )
            return
