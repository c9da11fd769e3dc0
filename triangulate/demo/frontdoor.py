"""A month at the Kingsmere front door, in proportion to the published figures.

About 800 contacts a month reach the front door of a borough of ~60,000 children, and about
10 of them become exploitation referrals; a service like that holds about 88 open
exploitation cases. The demo scales those by its child count, with small floors so that a
600-child demo still has a queue, decisions and cases to look at.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from triangulate.casework.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    Task,
    Team,
    TeamMember,
)
from triangulate.core.audit import audit
from triangulate.core.clocks import LONDON
from triangulate.core.models import AuditAction
from triangulate.core.presenters import age_on
from triangulate.core.records import LawfulBasis, SharePlan
from triangulate.frontdoor.models import (
    Consent,
    Contact,
    Contribution,
    Indicator,
    NeedLevel,
    Outcome,
    Source,
    Status,
    TriageDecision,
    Urgency,
    YesNoUnknown,
)
from triangulate.frontdoor.services.clocks import decision_due
from triangulate.frontdoor.services.decisions import needs_manager_agreement
from triangulate.register.models import (
    CinFactor,
    FlagType,
    Person,
    PersonAddress,
    PersonCinFactor,
    PersonFlag,
    PersonKind,
    Relationship,
    RelationshipType,
)

from . import names, stories

CONTACTS_PER_60K = 800
EXPLOITATION_REFERRALS_PER_60K = 10
OPEN_CASES_PER_60K = 88

# (source, raising user or None, weight): who contacts the front door.
SOURCES = [
    (Source.PROFESSIONAL, "priya.officer", 30),
    (Source.PROFESSIONAL, "mark.dsl", 18),
    (Source.PROFESSIONAL, "ruth.nurse", 14),
    (Source.PROFESSIONAL, "tara.youthwork", 6),
    (Source.PHONE, "sam.frontdoor", 12),
    (Source.POLICE_101, "sam.frontdoor", 4),
    (Source.NATIONAL_LINE, "sam.frontdoor", 3),
    (Source.OTHER_BODY_FORM, "sam.frontdoor", 3),
    (Source.PUBLIC, None, 8),
    (Source.COUNCILLOR, None, 2),
]
# Outcomes of the contacts that are not exploitation referrals.
OTHER_OUTCOMES = [
    (Outcome.NFA_ADVICE, 52),
    (Outcome.EARLY_HELP, 30),
    (Outcome.POLICE, 8),
    (Outcome.STRATEGY, 8),
    (Outcome.MACE, 2),
]
LEVEL_FOR = {
    Outcome.NFA_ADVICE: "1",
    Outcome.EARLY_HELP: "2",
    Outcome.POLICE: "3",
    Outcome.MACE: "3",
    Outcome.EXPLOITATION_TEAM: "3",
    Outcome.STRATEGY: "4",
}
FEEDBACK = {
    Outcome.NFA_ADVICE: "Thank you. No statutory action; advice given to the family.",
    Outcome.EARLY_HELP: "Offered to the early help team, who will contact the family.",
    Outcome.EXPLOITATION_TEAM: "Passed to the exploitation team for an assessment.",
    Outcome.STRATEGY: "A strategy discussion has been held with police and health.",
    Outcome.MACE: "The child will be discussed at the next MACE panel.",
    Outcome.POLICE: "Passed to the police exploitation unit.",
}
TASKS = [
    "Visit the child at home",
    "Complete the exploitation risk assessment",
    "Speak to the school's safeguarding lead",
    "Ask police for an intelligence check",
    "Agree the safety plan with the child and family",
]


def _weighted(rng, pairs):
    values = [p[:-1] if len(p) > 2 else p[0] for p in pairs]
    return rng.choices(values, weights=[p[-1] for p in pairs], k=1)[0]


def _misspell(rng, name: str) -> str:
    """A keying slip of the kind referrers make: a swapped, doubled or dropped letter."""
    if len(name) < 4:
        return name
    i = rng.randint(1, len(name) - 2)
    slip = rng.choice(["swap", "double", "drop"])
    if slip == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if slip == "double":
        return name[:i] + name[i] + name[i:]
    return name[:i] + name[i + 1 :]


def _received_at(rng, today: dt.date, days_ago: int) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    hour = rng.choice([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 22])
    moment = dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59)), tzinfo=LONDON)
    return min(moment, timezone.now() - dt.timedelta(minutes=30))


def _reference(rng) -> str:
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    chars = "".join(rng.choice(alphabet) for _ in range(12))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def _teams(borough) -> Team:
    council = borough.agencies["Children's Services"]
    team = Team.objects.create(name="Exploitation team", agency=council, default_capacity=12)
    TeamMember.objects.create(team=team, user=borough.users["alex.practitioner"])
    # Kim works part time: a lower capacity than the team's default.
    TeamMember.objects.create(team=team, user=borough.users["kim.practitioner"], capacity=8)
    return team


def generate(borough, *, children: int) -> None:
    rng = borough.rng
    hub = borough.agencies["Children's Services"]
    team = _teams(borough)
    for code, label in [("1", "Level 1: universal"), ("2", "Level 2: early help"),
                        ("3", "Level 3: targeted or child in need"),
                        ("4", "Level 4: specialist or child protection")]:  # fmt: skip
        NeedLevel.objects.get_or_create(code=code, defaults={"label": label, "order": int(code)})
    levels = {level.code: level for level in NeedLevel.objects.all()}
    pool = [c for c in borough.children if c.date_of_birth]
    total = max(24, round(children * CONTACTS_PER_60K / 60000))
    exploitation = max(3, round(children * EXPLOITATION_REFERRALS_PER_60K / 60000))
    now = timezone.now()
    contacts: list[Contact] = []
    subjects: list[Person] = []
    for index in range(total):
        child = rng.choice(pool)
        source, username = _weighted(rng, SOURCES)
        raiser = borough.users[username] if username else None
        # The newest few are still waiting: some due soon, and a couple already overdue.
        if index < 8:
            # The newest: a few hours to a few days old, so some are overdue.
            received = timezone.now() - dt.timedelta(hours=[1, 3, 6, 20, 30, 52, 100, 150][index])
        else:
            received = _received_at(rng, borough.today, 1 + index % 30)
        given = child.given_name
        if child.known_as and rng.random() < 0.25:
            given = child.known_as.split(",")[0]
        family = _misspell(rng, child.family_name) if rng.random() < 0.3 else child.family_name
        dob = child.date_of_birth if rng.random() < 0.7 else None
        if dob and rng.random() < 0.1 and dob.day <= 12:
            dob = dt.date(dob.year, dob.day, dob.month)
        public = source in (Source.PUBLIC, Source.COUNCILLOR)
        contacts.append(
            Contact(
                owning_agency=hub,
                reference=_reference(rng),
                source=source,
                raised_by=raiser,
                raised_by_agency=raiser.agency if raiser else None,
                reporter_name="" if raiser and source == Source.PROFESSIONAL else "A caller",
                received_at=received,
                child_given_name=given,
                child_family_name=family if rng.random() < 0.95 else "",
                child_date_of_birth=None if public else dob,
                child_age_description="about 14" if public else "",
                child_school=rng.choice(names.SCHOOLS) if rng.random() < 0.5 else "",
                concern=rng.choice(
                    stories.concerns_for(age_on(child.date_of_birth, received.date()))
                ),
                indicators=sorted(rng.sample(Indicator.values, rng.randint(0, 3))),
                urgency=_weighted(
                    rng, [(Urgency.ROUTINE, 80), (Urgency.TODAY, 17), (Urgency.IMMEDIATE, 3)]
                ),
                family_aware=rng.choice(YesNoUnknown.values),
                consent=rng.choice(Consent.values),
                status=Status.NEW,
            )
        )
        contacts[-1].decision_due_at = decision_due(
            received_at=received, urgency=contacts[-1].urgency
        )
        subjects.append(child)
    # Decide everything received more than a working day ago, and a share of the rest.
    outcomes = {}
    decidable = [i for i, c in enumerate(contacts) if c.decision_due_at < now or rng.random() < 0.3]
    decidable = [i for i in decidable if i >= 8]
    # Only a child old enough for the exploitation team is referred to it.
    old_enough = [
        i
        for i in decidable
        if (age_on(subjects[i].date_of_birth, borough.today) or 0)
        >= stories.EXPLOITATION_CASE_MIN_AGE
    ]
    for i in rng.sample(old_enough, min(exploitation, len(old_enough))):
        outcomes[i] = Outcome.EXPLOITATION_TEAM
    for i in decidable:
        outcomes.setdefault(i, _weighted(rng, OTHER_OUTCOMES))
    decider = borough.users["sam.frontdoor"]
    for i, contact in enumerate(contacts):
        if i in outcomes:
            contact.status = Status.DECIDED
            contact.person = subjects[i]
            contact.linked_by = decider
            contact.linked_at = contact.received_at + dt.timedelta(hours=2)
            contact.closed_at = contact.linked_at + dt.timedelta(hours=rng.randint(1, 20))
        elif i % 3 == 0:
            contact.status = Status.IN_TRIAGE
    Contact.objects.bulk_create(contacts, batch_size=1000)
    decisions = [
        TriageDecision(
            owning_agency=hub,
            contact=contacts[i],
            outcome=outcome,
            need_level=levels[LEVEL_FOR[outcome]],
            reasons="Information from partner agencies considered with the referral.",
            referrer_feedback=FEEDBACK[outcome],
            decided_by=decider,
            decided_at=contacts[i].closed_at,
            # No further action on an exploitation concern stands once a manager agreed.
            agreement_needed=needs_manager_agreement(contact=contacts[i], outcome=outcome),
        )
        for i, outcome in sorted(outcomes.items())
    ]
    manager = borough.users["jo.manager"]
    for decision in decisions:
        if decision.agreement_needed:
            decision.agreed_by = manager
            decision.agreed_at = decision.decided_at + dt.timedelta(hours=1)
    TriageDecision.objects.bulk_create(decisions, batch_size=1000)
    _contributions(borough, contacts, outcomes)
    cases = _cases(borough, team, contacts, subjects, outcomes, children)
    _share_with_hub(borough, {subjects[i] for i in outcomes} | {c.person for c in cases})
    _child_details(borough, cases)
    audit(
        None,
        AuditAction.CREATE,
        None,
        "generate the demo front door",
        detail={"contacts": len(contacts), "decided": len(decisions), "cases": len(cases)},
    )


def _contributions(borough, contacts, outcomes) -> None:
    rng = borough.rng
    hub = borough.agencies["Children's Services"]
    made = []
    for i in sorted(outcomes):
        if rng.random() < 0.6:
            for username, text in (
                (
                    "priya.officer",
                    "Two missing-person reports in the last three months; seen with an adult of concern.",
                ),
                (
                    "ruth.nurse",
                    "Registered with a GP; missed two appointments; no health concerns recorded.",
                ),
            ):
                author = borough.users[username]
                made.append(
                    Contribution(
                        owning_agency=author.agency,
                        contact=contacts[i],
                        author=author,
                        summary=text,
                        lawful_basis=LawfulBasis.SAFEGUARDING,
                        created_at=contacts[i].received_at + dt.timedelta(hours=1),
                    )
                )
    Contribution.objects.bulk_create(made, batch_size=1000)
    plan = SharePlan()
    for c in made:
        plan.add(
            c.author,
            c,
            hub,
            basis=c.lawful_basis,
            purpose=f"MASH triage of contact {c.contact.reference}",
            shared_at=c.created_at,
        )
    plan.save()


def _share_with_hub(borough, people) -> None:
    """Records held by other agencies that the front door linked: shared with the hub for
    MASH triage, as the holding agency would when asked."""
    hub = borough.agencies["Children's Services"]
    sharer = {user.agency_id: user for user in reversed(list(borough.users.values()))}
    fallback = borough.users["sam.frontdoor"]
    others = sorted((p for p in people if p.owning_agency_id != hub.pk), key=lambda p: p.pk)
    addresses: dict[int, list[PersonAddress]] = {}
    for address in PersonAddress.objects.filter(person__in=others).order_by("id"):
        addresses.setdefault(address.person_id, []).append(address)
    plan = SharePlan()
    for person in others:
        user = sharer.get(person.owning_agency_id, fallback)
        for record in [person, *addresses.get(person.pk, [])]:
            plan.add(user, record, hub, basis=LawfulBasis.SAFEGUARDING, purpose="MASH triage")
    plan.save()


def _cases(borough, team, contacts, subjects, outcomes, children) -> list[Case]:
    rng = borough.rng
    hub = borough.agencies["Children's Services"]
    workers = [borough.users["alex.practitioner"], borough.users["kim.practitioner"]]
    manager = borough.users["jo.manager"]
    chosen: dict[int, tuple[Person, Contact | None]] = {}
    for i, outcome in outcomes.items():
        if outcome == Outcome.EXPLOITATION_TEAM:
            chosen.setdefault(subjects[i].pk, (subjects[i], contacts[i]))
    # The cases the team already holds from earlier months.
    stock = max(6, round(children * OPEN_CASES_PER_60K / 60000))
    old_enough = [
        c
        for c in borough.children
        if (age_on(c.date_of_birth, borough.today) or 0) >= stories.EXPLOITATION_CASE_MIN_AGE
    ]
    for child in rng.sample(old_enough, min(stock, len(old_enough))):
        chosen.setdefault(child.pk, (child, None))
    cases, events, tasks = [], [], []
    for n, (child, contact) in enumerate(chosen.values()):
        opened = (
            contact.closed_at
            if contact
            else timezone.now() - dt.timedelta(days=rng.randint(40, 300))
        )
        # Most are allocated; the newest referral waits for the team manager.
        worker = None if (contact and n == 0) else workers[n % 2] if n < 14 else rng.choice(workers)
        cases.append(
            Case(
                owning_agency=hub,
                reference=f"EXP-{n + 1:05d}",
                person=child,
                contact=contact,
                team=team if worker else None,
                worker=worker,
                opened_at=opened,
                opened_by=manager,
            )
        )
    Case.objects.bulk_create(cases, batch_size=1000)
    today = timezone.localdate()
    for case in cases:
        events.append(
            CaseEvent(
                owning_agency=hub,
                case=case,
                kind=CaseEventKind.OPENED,
                actor=manager,
                occurred_at=case.opened_at,
            )
        )
        if case.worker:
            events.append(
                CaseEvent(
                    owning_agency=hub,
                    case=case,
                    kind=CaseEventKind.ALLOCATED,
                    detail=f"{team.name}: {case.worker.display_name}",
                    actor=manager,
                    occurred_at=case.opened_at + dt.timedelta(hours=3),
                )
            )
            for title in rng.sample(TASKS, 2):
                tasks.append(
                    Task(
                        owning_agency=hub,
                        case=case,
                        title=title,
                        owner=case.worker,
                        due_on=today + dt.timedelta(days=rng.randint(-4, 14)),
                        created_by=manager,
                    )
                )
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    Task.objects.bulk_create(tasks, batch_size=1000)
    return cases


def _child_details(borough, cases) -> None:
    """Flags, census factors and family relationships for the children with cases."""
    rng = borough.rng
    hub = borough.agencies["Children's Services"]
    worker = borough.users["alex.practitioner"]
    school = borough.agencies["Academy"]
    dsl = borough.users["mark.dsl"]
    flags, factors, relationships = [], [], []
    for n, case in enumerate(cases):
        child = case.person
        cse = rng.random() < 0.55
        flags.append(
            PersonFlag(
                owning_agency=hub,
                person=child,
                flag=FlagType.RISK_CSE if cse else FlagType.RISK_CCE,
                reason="Exploitation indicators confirmed at the strategy discussion.",
                set_by=worker,
                set_at=case.opened_at,
            )
        )
        factors.append(
            PersonCinFactor(
                owning_agency=hub,
                person=child,
                code=CinFactor.F11A if cse else CinFactor.F24A,
                identified_on=case.opened_at.date(),
                recorded_by=worker,
            )
        )
        if rng.random() < 0.4:
            flags.append(
                PersonFlag(
                    owning_agency=hub,
                    person=child,
                    flag=FlagType.PREVIOUSLY_MISSING,
                    reason="Two missing episodes reported by police this year.",
                    set_by=worker,
                    set_at=case.opened_at,
                )
            )
            factors.append(
                PersonCinFactor(
                    owning_agency=hub,
                    person=child,
                    code=CinFactor.F10A,
                    identified_on=case.opened_at.date(),
                    recorded_by=worker,
                )
            )
        if n % 5 == 1:
            flags.append(
                PersonFlag(
                    owning_agency=hub,
                    person=child,
                    flag=FlagType.LOOKED_AFTER,
                    reason="Accommodated under section 20.",
                    set_by=worker,
                    set_at=case.opened_at,
                )
            )
            flags.append(
                PersonFlag(
                    owning_agency=hub,
                    person=child,
                    flag=FlagType.PLACED_OUT_OF_AREA,
                    detail="Placed by Kingsmere in Northshire County Council's area",
                    reason="Placed in a residential home outside the borough.",
                    set_by=worker,
                    set_at=case.opened_at,
                )
            )
        if n % 4 == 2:
            flags.append(
                PersonFlag(
                    owning_agency=school,
                    person=child,
                    flag=FlagType.SEN,
                    reason="EHC plan in place.",
                    set_by=dsl,
                    set_at=case.opened_at,
                )
            )
    PersonFlag.objects.bulk_create(flags, batch_size=1000)
    PersonCinFactor.objects.bulk_create(factors, batch_size=1000)
    # Parents and siblings: people sharing the child's family name and current address.
    for case in cases:
        child = case.person
        address = child.addresses.filter(to_date__isnull=True).first()
        if address is None:
            continue
        family = Person.objects.filter(
            family_name=child.family_name,
            addresses__postcode=address.postcode,
            addresses__line_1=address.line_1,
        ).exclude(pk=child.pk)
        for other in family[:5]:
            relationships.append(
                Relationship(
                    owning_agency=hub,
                    person=child,
                    other=other,
                    relationship=RelationshipType.PARENT
                    if other.kind == PersonKind.ADULT
                    else RelationshipType.SIBLING,
                )
            )
    Relationship.objects.bulk_create(relationships, batch_size=1000)
