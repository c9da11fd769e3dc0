"""The demo partnership: a delivery plan with honest colours, slipped dates, a register of
recommendations from four sources, a scrutiny meeting with overdue written answers, training
and a case-file audit. All wording is invented for the fictional borough of Kingsmere.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from triangulate.core.audit import audit
from triangulate.core.models import AuditAction
from triangulate.core.roles import Role
from triangulate.core.services import user_create
from triangulate.partnership.models import (
    Action,
    ActionMove,
    ActionUpdate,
    AgendaItem,
    AuditCase,
    AuditFinding,
    AuditQuestion,
    AwarenessEvent,
    CaseFileAudit,
    Committee,
    DateChange,
    Meeting,
    Objective,
    Plan,
    PlanReview,
    Priority,
    Question,
    RagOverride,
    Recommendation,
    RecommendationLink,
    Resolution,
    Section11Return,
    Source,
    TrainingCompletion,
    TrainingCourse,
    TrainingRequirement,
)
from triangulate.partnership.services.plan_records import version_take
from triangulate.partnership.services.rag import ensure_rules

from .borough import DEMO_PASSWORD, Borough

PRIORITIES = ["Prevent", "Protect", "Pursue", "Support"]
OBJECTIVES = {
    1: [
        "Children, families and communities recognise exploitation early",
        "Staff in every agency are trained to spot the signs",
    ],
    2: [
        "Every child at risk has a current, shared risk assessment and safety plan",
        "Children who go missing are offered a return interview within 72 hours",
    ],
    3: [
        "Adults of concern are disrupted using every power partners hold",
        "Hotels, takeaways and taxi firms help to keep children safe",
    ],
    4: ["Children and young adults get specialist support for as long as they need it"],
}
# (objective key, title, lead username, months from start to target, state)
ACTIONS = [
    (
        (1, 1),
        "Run an awareness campaign with schools and youth clubs each term",
        "mark.dsl",
        14,
        "green",
    ),
    (
        (1, 1),
        "Publish a shared definition of exploitation used by every partner",
        "helen.partnership",
        4,
        "signed_off",
    ),
    (
        (1, 2),
        "Deliver exploitation training to all ward and parish councillors",
        "helen.partnership",
        13,
        "slipped_once",
    ),
    (
        (1, 2),
        "Make exploitation e-learning mandatory for GP practice staff",
        "ruth.nurse",
        15,
        "green",
    ),
    (
        (2, 1),
        "Make sure every open exploitation case has a risk assessment reviewed in the last three months",
        "jo.manager",
        12,
        "slipped_twice",
    ),
    (
        (2, 1),
        "Hold multi-agency exploitation panels every fortnight with police, health and education",
        "jo.manager",
        0,
        "continuing",
    ),
    ((2, 2), "Commission an independent return interview service", "jo.manager", 9, "overdue"),
    (
        (2, 2),
        "Share return interview findings with police intelligence within five working days",
        "priya.officer",
        16,
        "near_no_evidence",
    ),
    (
        (3, 1),
        "Use abduction warning notices and sexual risk orders wherever the evidence allows",
        "priya.officer",
        18,
        "green",
    ),
    (
        (3, 2),
        "Train hotel and taxi staff to recognise and report concerns",
        "helen.partnership",
        15,
        "override",
    ),
    (
        (3, 2),
        "Add safeguarding conditions to every taxi licence renewal",
        "pat.chief",
        17,
        "pending_override",
    ),
    (
        (4, 1),
        "Extend specialist support to young adults up to 25",
        "tara.youthwork",
        20,
        "no_evidence",
    ),
    (
        (4, 1),
        "Give every child a named worker who stays with them through court",
        "tara.youthwork",
        19,
        "green",
    ),
]


def _month(start: dt.date, months: int) -> dt.date:
    year, month = divmod(start.month - 1 + months, 12)
    return dt.date(start.year + year, month + 1, min(start.day, 28))


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _plan(borough: Borough, title: str, start: dt.date, years: int) -> Plan:
    plan = Plan.objects.create(
        title=title,
        summary="How Kingsmere's safeguarding partners will prevent child exploitation, protect "
        "children, pursue adults of concern and support children and families.",
        starts_on=start,
        ends_on=_month(start, 12 * years) - dt.timedelta(days=1),
        review_cycle="Monthly exploitation sub-group",
        owning_agency=borough.agencies["Partnership"],
    )
    for number, name in enumerate(PRIORITIES, start=1):
        priority = Priority.objects.create(plan=plan, number=number, title=name)
        for index, text in enumerate(OBJECTIVES[number], start=1):
            Objective.objects.create(priority=priority, number=f"{number}.{index}", title=text)
    return plan


def _update(action, users, day, note, evidence=True):
    ActionUpdate.objects.create(
        action=action,
        written_on=day,
        note=note,
        written_by=users[action.lead_officer.username],
        evidence_link="https://kingsmere.example/evidence/" + action.number.replace(".", "-")
        if evidence
        else "",
        created_at=_at(day),
    )


def _slip(action, users, months, reason, when):
    old = action.target_date
    new = _month(old, months)
    DateChange.objects.create(
        action=action,
        old_date=old,
        new_date=new,
        reason=reason,
        changed_by=action.lead_officer,
        approved_by=users["helen.partnership"],
        changed_at=_at(when),
    )
    action.target_date = new
    action.save(update_fields=["target_date"])


def delivery_plan(borough: Borough) -> tuple[Plan, list[Action]]:
    today, users = borough.today, borough.users
    start = _month(today, -10).replace(day=1)
    old_plan = _plan(borough, "Child Exploitation Action Plan 2023–2025", _month(start, -24), 2)
    plan = _plan(borough, "Child Exploitation Delivery Plan 2025–2028", start, 3)
    created = _at(start)
    actions = []
    for (p, o), title, lead, months, state in ACTIONS:
        objective = Objective.objects.get(priority__plan=plan, number=f"{p}.{o}")
        count = sum(1 for a in actions if a.objective_id == objective.pk) + 1
        target = today - dt.timedelta(days=20) if state == "overdue" else _month(start, months)
        if state == "near_no_evidence":
            target = today + dt.timedelta(days=18)
        action = Action.objects.create(
            objective=objective,
            number=f"{p}.{o}.{count}",
            title=title,
            success_measure="Evidence presented to the sub-group shows the change for children",
            lead_officer=users[lead],
            owning_agency=users[lead].agency,
            target_date=target,
            original_target_date=target,
            created_at=created,
            is_continuing=state == "continuing",
        )
        actions.append(action)
        _update(action, users, start + dt.timedelta(days=40), "Lead agreed and first steps taken.")
        if state in (
            "green",
            "slipped_once",
            "slipped_twice",
            "override",
            "pending_override",
            "continuing",
        ):
            _update(
                action,
                users,
                today - dt.timedelta(days=borough.rng.randint(3, 20)),
                "Progress reported to this month's sub-group with figures attached.",
            )
        if state == "slipped_once":
            _slip(
                action,
                users,
                6,
                "Training provider changed; sessions rebooked after the elections.",
                today - dt.timedelta(days=25),
            )
        if state == "slipped_twice":
            _slip(
                action,
                users,
                3,
                "Case recording system upgrade delayed the new risk template.",
                today - dt.timedelta(days=150),
            )
            _slip(
                action,
                users,
                4,
                "Only 80 of 103 assessments were up to date at the spot check; "
                "more time agreed to finish the rest.",
                today - dt.timedelta(days=12),
            )
        if state == "signed_off":
            action.completion_evidence = (
                "Definition agreed by all three safeguarding partners and published."
            )
            action.completion_requested_at = _at(today - dt.timedelta(days=60))
            action.signed_off_at = _at(today - dt.timedelta(days=55))
            action.signed_off_by = users["pat.chief"]
            action.save()
        if state in ("override", "pending_override"):
            override = RagOverride.objects.create(
                action=action,
                status="amber" if state == "override" else "green",
                reason="Two of the three taxi firms have not yet released staff for training"
                if state == "override"
                else "Licensing committee has already agreed the conditions in principle",
                proposed_by=action.lead_officer,
                proposed_at=_at(today - dt.timedelta(days=9)),
            )
            if state == "override":
                override.approved = True
                override.decided_by = users["pat.chief"]
                override.decided_at = _at(today - dt.timedelta(days=7))
                override.save()
    # One action carried over from the previous plan keeps its history.
    old_objective = Objective.objects.get(priority__plan=old_plan, number="2.2")
    carried = Action.objects.create(
        objective=old_objective,
        number="2.2.4",
        title="Collate what children say in return interviews into a monthly intelligence report",
        success_measure="Monthly report used by police and the exploitation panel",
        lead_officer=users["priya.officer"],
        owning_agency=users["priya.officer"].agency,
        target_date=_month(start, -2),
        original_target_date=_month(start, -6),
        created_at=_at(_month(start, -20)),
    )
    DateChange.objects.create(
        action=carried,
        old_date=_month(start, -6),
        new_date=_month(start, -2),
        reason="Analyst post vacant for four months.",
        changed_by=users["priya.officer"],
        approved_by=users["helen.partnership"],
        changed_at=_at(_month(start, -7)),
    )
    new_objective = Objective.objects.get(priority__plan=plan, number="2.2")
    ActionMove.objects.create(
        action=carried,
        from_objective=old_objective,
        to_objective=new_objective,
        old_number="2.2.4",
        new_number="2.2.3",
        moved_by=users["helen.partnership"],
        reason="Not finished when the old plan ended; carried into the new plan.",
        moved_at=_at(start),
    )
    _slip(carried, users, 9, "Carried over: new target agreed for the new plan.", start)
    carried.objective, carried.number = new_objective, "2.2.3"
    carried.save(update_fields=["objective", "number"])
    _update(
        carried, users, today - dt.timedelta(days=6), "First monthly report shared with the panel."
    )
    actions.append(carried)
    for months_ago in (3, 2, 1):
        day = _month(today, -months_ago).replace(day=15)
        review = PlanReview.objects.create(
            plan=plan,
            reviewed_on=day,
            body="Exploitation sub-group",
            reviewed_by=users["helen.partnership"],
            notes="Leads reported on each action; slipped dates challenged.",
        )
        review.actions.set(actions[: 8 + months_ago])
    version_take(actor=None, plan=plan, month=today, today=today)
    return plan, actions


SOURCES = [
    (
        "review",
        "Independent inquiry into child exploitation in Kingsmere",
        "An independent reviewer",
        "Kingsmere Safeguarding Children Partnership",
        300,
        [
            "Agree a single definition of child exploitation shared by every partner agency",
            "Make sure every child at risk of exploitation has an up-to-date risk assessment on file",
            "Offer every child who goes missing a return interview and share what they say with police",
            "Train all elected members on child exploitation and their role in scrutiny",
            "Give children and young adults specialist support for as long as they need it",
            "Publish the partnership's delivery plan and its progress so the public can hold it to account",
        ],
    ),
    (
        "inspection",
        "Inspection of help and protection for children",
        "The inspectorate",
        "Kingsmere Borough Council",
        120,
        [
            "Ensure risk assessments for children at risk of exploitation are current and reviewed",
            "Improve the take-up of return interviews for children who go missing",
            "Strengthen management oversight of exploitation cases",
        ],
    ),
    (
        "audit",
        "Multi-agency case-file audit: exploitation",
        "Partnership audit group",
        "Kingsmere Safeguarding Children Partnership",
        80,
        [
            "Record the child's own words in every assessment",
            "Ensure every current risk assessment is on the child's file",
        ],
    ),
    (
        "scrutiny",
        "Scrutiny review: how members know the system works",
        "Children and Young People's Scrutiny Panel",
        "Kingsmere Borough Council",
        200,
        [
            "Provide training on child exploitation for all elected members",
            "Report figures to members that every agency counts in the same way",
        ],
    ),
]
BANDS = ["immediately", "3_months", "6_months", "date"]


def recommendations(borough: Borough, actions: list[Action]) -> None:
    today, users, rng = borough.today, borough.users, borough.rng
    by_number = {a.number: a for a in actions}
    for kind, title, author, body, days_ago, texts in SOURCES:
        source = Source.objects.create(
            kind=kind,
            title=title,
            author=author,
            body=body,
            published_on=today - dt.timedelta(days=days_ago),
            link="https://kingsmere.example/reports/" + kind,
        )
        for number, text in enumerate(texts, start=1):
            band = BANDS[(number + days_ago) % 4]
            rec = Recommendation.objects.create(
                source=source,
                number=number,
                text=text,
                addressee=rng.choice(
                    [
                        "All partners",
                        "Children's Services",
                        "Mereshire Police",
                        "The partnership board",
                    ]
                ),
                timescale=band,
                due_on=today + dt.timedelta(days=90) if band == "date" else None,
                status=rng.choice(["open", "in_progress", "in_progress", "done"]),
                report_back_on=today + dt.timedelta(days=rng.randint(20, 120)),
            )
            if rec.status == "done":
                rec.evidence = "Evidence reviewed by the partnership board."
                rec.save(update_fields=["evidence"])
            for keyword, number_ in (
                ("definition", "1.1.2"),
                ("risk assessment", "2.1.1"),
                ("return interview", "2.2.1"),
                ("elected members", "1.2.1"),
                ("specialist support", "4.1.1"),
            ):
                if keyword in text and number_ in by_number:
                    RecommendationLink.objects.create(
                        recommendation=rec,
                        action=by_number[number_],
                        note="This action forms part of the recommendation",
                        linked_by=users["helen.partnership"],
                    )


def scrutiny(borough: Borough) -> None:
    today, users, agencies = borough.today, borough.users, borough.agencies
    chair = user_create(
        username="cllr.hussain",
        first_name="Imran",
        last_name="Hussain",
        job_title="Councillor, chair of the children's scrutiny panel",
        email="cllr.hussain@kingsmere.example",
        agency=agencies["Members"],
        roles=[Role.ELECTED_MEMBER],
        password=DEMO_PASSWORD,
        is_demo_account=True,
    )
    borough.users["cllr.hussain"] = chair
    committee = Committee.objects.create(
        name="Children and Young People's Scrutiny Panel", chair=chair
    )
    committee.members.set([chair, users["cllr.okafor"], users["nina.scrutiny"]])
    last_year = Meeting.objects.create(
        committee=committee,
        held_on=today - dt.timedelta(days=370),
        title="Child exploitation: annual report",
    )
    Resolution.objects.create(
        meeting=last_year,
        number=1,
        owner=users["pat.chief"],
        text="An update on the return interview service in one year's time",
        follow_up_on=today - dt.timedelta(days=10),
    )
    past = Meeting.objects.create(
        committee=committee,
        held_on=today - dt.timedelta(days=35),
        title="Child exploitation: delivery plan progress",
    )
    for number, (title, pages, exempt) in enumerate(
        [
            ("Declarations of interest", "", False),
            ("Delivery plan progress report", "11 to 34", False),
            ("Case-file audit findings", "35 to 48", True),
            ("Questions to the safeguarding partners", "49 to 52", False),
        ],
        start=1,
    ):
        AgendaItem.objects.create(
            meeting=past, number=number, title=title, pages=pages, is_exempt=exempt
        )
    questions = [
        (
            "Who owns action 2.1.1, and why has its date moved twice?",
            "Children's Services",
            "oral",
            "The team manager leads it; the date moved because the recording system upgrade was late and the audit found gaps.",
        ),
        (
            "Why was action 3.2.1 reported as green when two taxi firms have not released staff?",
            "Licensing",
            "oral",
            "It is now shown as amber by agreement, with the reason recorded beside it.",
        ),
        (
            "How many children who went missing last quarter were offered a return interview within 72 hours?",
            "Children's Services",
            "written",
            "",
        ),
        (
            "What powers have police used to disrupt adults of concern at hotels this year?",
            "Police",
            "written",
            "",
        ),
        (
            "How do GP practices learn that a child they see is being supported for exploitation?",
            "Health",
            "written",
            "A written answer describing the notification route was circulated to members.",
        ),
    ]
    for number, (text, agency, mode, answer) in enumerate(questions, start=1):
        Question.objects.create(
            meeting=past,
            number=number,
            text=text,
            drafted_by=users["cllr.okafor"],
            asked_by=chair if number % 2 else users["cllr.okafor"],
            witness_agency=agencies[agency],
            sent_at=_at(past.held_on - dt.timedelta(days=7)),
            answer_mode=mode,
            answer=answer,
            answered_on=past.held_on + dt.timedelta(days=10 if mode == "written" else 0)
            if answer
            else None,
            answer_due_on=past.held_on + dt.timedelta(days=14) if mode == "written" else None,
        )
    Resolution.objects.create(
        meeting=past,
        number=1,
        owner=users["helen.partnership"],
        text="The partnership to report the slippage of every delivery plan action to each meeting",
        follow_up_on=today + dt.timedelta(days=30),
    )
    Resolution.objects.create(
        meeting=past,
        number=2,
        owner=users["pat.chief"],
        text="An update on member training in one year's time",
        follow_up_on=today + dt.timedelta(days=330),
    )
    upcoming = Meeting.objects.create(
        committee=committee,
        held_on=today + dt.timedelta(days=30),
        title="Child exploitation: follow-up session",
    )
    Question.objects.create(
        meeting=upcoming,
        number=1,
        drafted_by=users["cllr.okafor"],
        witness_agency=agencies["Police"],
        text="How are the findings of return interviews used in police intelligence?",
    )


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
    TrainingCourse.objects.create(
        title="Night-time economy awareness", kind="session", audience="hotel_taxi_staff"
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


def generate(borough: Borough, *, children: int) -> None:
    ensure_rules()
    plan, actions = delivery_plan(borough)
    recommendations(borough, actions)
    scrutiny(borough)
    learning(borough, actions)
    audit(None, AuditAction.CREATE, plan, "generate the demo partnership")
