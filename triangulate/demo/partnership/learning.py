"""Part of the demo partnership: a delivery plan with honest colours, slipped dates, a register of
recommendations from four sources, a scrutiny meeting with overdue written answers, training
and a case-file audit. All wording is invented for the fictional borough of Kingsmere.
"""

from __future__ import annotations

import datetime as dt

from triangulate.core.roles import Role
from triangulate.partnership.models import (
    Action,
    AuditCase,
    AuditFinding,
    AuditQuestion,
    AwarenessEvent,
    CaseFileAudit,
    Learner,
    Section11Return,
    TrainingCompletion,
    TrainingCourse,
    TrainingRequirement,
)

from .. import names
from ..borough import Borough


def learning(borough: Borough, actions: list[Action]) -> None:
    today, users, agencies, rng = borough.today, borough.users, borough.agencies, borough.rng
    basic = TrainingCourse.objects.create(
        title="Recognising child exploitation (e-learning)",
        kind="elearning",
        audience="practitioners",
    )
    members = TrainingCourse.objects.create(
        title="Exploitation briefing for councillors", kind="session", audience="ward_members"
    )
    night_time = TrainingCourse.objects.create(
        title="Night-time economy awareness", kind="session", audience="hotel_taxi_staff"
    )
    community = TrainingCourse.objects.create(
        title="Spotting and reporting exploitation in the community",
        kind="session",
        audience="parish_councillors",
    )
    for role in (
        Role.EXPLOITATION_PRACTITIONER,
        Role.FRONT_DOOR_SOCIAL_WORKER,
        Role.POLICE_OFFICER,
        Role.HEALTH_SAFEGUARDING,
        Role.SCHOOL_SAFEGUARDING_LEAD,
    ):
        TrainingRequirement.objects.create(course=basic, role=role, valid_months=24)
    TrainingRequirement.objects.create(course=members, role=Role.ELECTED_MEMBER, valid_months=48)
    for username in ("alex.practitioner", "sam.frontdoor", "priya.officer", "mark.dsl"):
        TrainingCompletion.objects.create(
            course=basic,
            user=users[username],
            agency=users[username].agency,
            completed_on=today - dt.timedelta(days=rng.randint(30, 400)),
        )
    TrainingCompletion.objects.create(
        course=members,
        user=users["cllr.okafor"],
        agency=agencies["Members"],
        completed_on=today - dt.timedelta(days=200),
    )
    for title, audience, count, agency in [
        ("Assembly talks on healthy relationships", "pupils", 1450, "Academy"),
        ("Hotel reception staff briefing", "hotel_taxi_staff", 64, "Licensing"),
        ("Taxi driver licence renewal session", "hotel_taxi_staff", 212, "Licensing"),
        ("Parish council briefing", "parish_councillors", 38, "Partnership"),
        ("GP practice safeguarding leads forum", "gp_practices", 41, "Health"),
    ]:
        AwarenessEvent.objects.create(
            title=title,
            audience=audience,
            attendance=count,
            agency=agencies[agency],
            held_on=today - dt.timedelta(days=rng.randint(10, 300)),
        )
    learners(borough, night_time, community)
    case_audit = CaseFileAudit.objects.create(
        title="Exploitation case files, spring audit",
        lead=users["helen.partnership"],
        audited_on=today - dt.timedelta(days=80),
    )
    questions = [
        AuditQuestion.objects.create(audit=case_audit, number=n, text=t)
        for n, t in enumerate(
            [
                "Is the current risk assessment on file?",
                "Has the risk assessment been reviewed in the last three months?",
                "Is the child's own voice recorded?",
                "Was a return interview offered after each missing episode?",
            ],
            start=1,
        )
    ]
    for n in range(1, 13):
        AuditCase.objects.create(
            audit=case_audit,
            reference=f"CFA-{today.year}-{n:02d}",
            agency=agencies[rng.choice(["Children's Services", "Police", "Health"])],
            answers={str(q.pk): rng.choice(["yes", "yes", "yes", "no", "n/a"]) for q in questions},
        )
    AuditFinding.objects.create(
        audit=case_audit,
        text="Risk assessments were missing from a fifth of sampled files.",
        plan_action=next(a for a in actions if a.number == "2.1.1"),
    )
    AuditFinding.objects.create(
        audit=case_audit, text="Children's own words were rarely recorded in health records."
    )
    for agency in ("Children's Services", "Police", "Health", "Academy", "Housing"):
        for standard in (
            "Senior management commitment to safeguarding",
            "Safer recruitment",
            "Staff training",
        ):
            Section11Return.objects.create(
                agency=agencies[agency],
                year=today.year,
                standard=standard,
                rating=rng.choice(["met", "met", "partly", "not_met"]),
                evidence="Self-assessment reviewed by the partnership audit group.",
            )


# Rosters sent by organisations whose staff have no account here: (organisation, audience,
# people on the roster, share trained in each of the last three years).
ROSTERS = [
    ("Kingsmere Private Hire", "hotel_taxi_staff", 40, (0.20, 0.35, 0.15)),
    ("Riverside Hotel", "hotel_taxi_staff", 18, (0.0, 0.30, 0.40)),
    ("Station Road Lodge", "hotel_taxi_staff", 12, (0.0, 0.0, 0.25)),
    ("Eastbrook Parish Council", "parish_councillors", 9, (0.30, 0.0, 0.30)),
    ("Northwick Parish Council", "parish_councillors", 7, (0.0, 0.40, 0.0)),
    ("Moorcliffe Medical Practice", "gp_practices", 22, (0.10, 0.30, 0.30)),
]


def learners(borough: Borough, night_time, community) -> None:
    """People trained without accounts, so reach counts them and shows who is still to train."""
    today, rng = borough.today, borough.rng
    this_year = today.year if today.month >= 4 else today.year - 1
    for organisation, audience, size, shares in ROSTERS:
        course = night_time if audience == "hotel_taxi_staff" else community
        prefix = "".join(word[0] for word in organisation.split()).upper()
        for n in range(1, size + 1):
            given = rng.choice(names.GIVEN_NAMES_F + names.GIVEN_NAMES_M)
            learner = Learner.objects.create(
                reference=f"{prefix}-{n:03d}",
                name=f"{given} {rng.choice(names.FAMILY_NAMES)}",
                organisation=organisation,
                audience=audience,
            )
            for offset, share in zip((2, 1, 0), shares, strict=True):
                if rng.random() >= share:
                    continue
                start = dt.date(this_year - offset, 4, 1)
                end = min(dt.date(this_year - offset + 1, 3, 31), today)
                day = start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))
                TrainingCompletion.objects.create(course=course, learner=learner, completed_on=day)
                break
