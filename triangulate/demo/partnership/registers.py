"""Part of the demo partnership: a delivery plan with honest colours, slipped dates, a register of
recommendations from four sources, a scrutiny meeting with overdue written answers, training
and a case-file audit. All wording is invented for the fictional borough of Kingsmere.
"""

from __future__ import annotations

import datetime as dt

from triangulate.core.roles import Role
from triangulate.core.services import user_create
from triangulate.partnership.models import (
    Action,
    AgendaItem,
    Committee,
    Meeting,
    Question,
    Recommendation,
    RecommendationLink,
    Resolution,
    Source,
    WitnessOfficer,
)

from ..borough import DEMO_PASSWORD, Borough
from .plan import _at

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
            drawn_done = rec.status == "done"
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
            # Done only when a linked action that delivers it has been signed off.
            delivered = rec.actions.filter(signed_off_at__isnull=False).exists()
            if drawn_done or delivered:
                rec.status = "done" if delivered else "in_progress"
                rec.evidence = (
                    "The linked action was signed off as complete and the board saw the "
                    "published definition."
                    if delivered
                    else ""
                )
                rec.save(update_fields=["status", "evidence"])


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
    # Each witness agency's officer answers its questions in the product (My work).
    for username in ("priya.officer", "ruth.nurse"):
        WitnessOfficer.objects.create(
            agency=users[username].agency,
            officer=users[username],
            nominated_by=users["nina.scrutiny"],
            nominated_at=_at(past.held_on - dt.timedelta(days=30)),
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
