"""Part of the demo partnership: a delivery plan with honest colours, slipped dates, a register of
recommendations from four sources, a scrutiny meeting with overdue written answers, training
and a case-file audit. All wording is invented for the fictional borough of Kingsmere.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from triangulate.partnership.models import (
    Action,
    ActionMove,
    ActionUpdate,
    DateChange,
    DateMoveRequest,
    Objective,
    Plan,
    PlanReview,
    Priority,
    RagOverride,
)
from triangulate.partnership.services.plan_records import version_take

from ..borough import Borough

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


def _approver(action, users):
    """A second person approves every move: nobody approves their own."""
    manager = users["helen.partnership"]
    return users["pat.chief"] if action.lead_officer_id == manager.pk else manager


def _slip(action, users, months, reason, when):
    old = action.target_date
    new = _month(old, months)
    approver = _approver(action, users)
    request = DateMoveRequest.objects.create(
        action=action,
        old_date=old,
        new_date=new,
        reason=reason,
        requested_by=action.lead_officer,
        requested_at=_at(when - dt.timedelta(days=2)),
        approver=approver,
        decided_at=_at(when),
        approved=True,
    )
    DateChange.objects.create(
        action=action,
        old_date=old,
        new_date=new,
        reason=reason,
        changed_by=action.lead_officer,
        approved_by=approver,
        changed_at=_at(when),
        request=request,
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
        if state == "near_no_evidence":
            # A move the lead has asked for, waiting for the partnership manager in My work.
            DateMoveRequest.objects.create(
                action=action,
                old_date=target,
                new_date=_month(target, 2),
                reason="Police intelligence system change freezes new reports for six weeks.",
                requested_by=action.lead_officer,
                requested_at=_at(today - dt.timedelta(days=2)),
                approver=users["helen.partnership"],
            )
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
        carried,
        users,
        today - dt.timedelta(days=6),
        "First monthly report shared with the panel; it named three places children mentioned.",
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
