"""Support and voice in Kingsmere: a directory of fictional support services, and referrals
to them at every status, what children, families and survivors said about them, and complaints and whistleblowing
across the wards.

Every service, organisation, phone number and address here is made up; phone numbers are in
Ofcom's range for drama (01632 960xxx) and web addresses use the reserved .example domain.
"""

from __future__ import annotations

import datetime as dt

from triangulate.core.presenters import age_on
from triangulate.governance import accounts
from triangulate.partnership.models import Action
from triangulate.support.models import Feedback, Harm, ReferredAs, ServiceKind, Ward
from triangulate.support.services import complaints, directory, referrals, voice

from .borough import Borough

CHILD_HARMS = [Harm.SEXUAL_EXPLOITATION, Harm.CRIMINAL_EXPLOITATION, Harm.TRAFFICKING, Harm.ONLINE]

# (name, kind, provider, runs it as a partner agency?, summary, ages, harms, family?,
#  capacity, weeks waiting, months until the contract ends, self-referral?)
SERVICES = [
    (
        "Safe Futures exploitation support",
        ServiceKind.ADVOCACY,
        "Safe Futures Kingsmere",
        "Safe Futures",
        "A trusted worker for a child being exploited: regular meetings, help with school, "
        "police and court, for as long as it takes.",
        (10, 18),
        CHILD_HARMS,
        False,
        40,
        3,
        20,
        True,
    ),
    (
        "Kingsmere Young People's Counselling",
        ServiceKind.THERAPEUTIC,
        "Kingsmere Community Health",
        "Health",
        "Trauma-informed counselling and therapy for children and young people who have been "
        "harmed, one to one, at school, a clinic or at home.",
        (8, 18),
        [*CHILD_HARMS, Harm.SEXUAL_ABUSE],
        False,
        25,
        14,
        8,
        False,
    ),
    (
        "Mereside Families Together",
        ServiceKind.FAMILY,
        "Mereside Families Together",
        None,
        "Support for parents, carers, brothers and sisters of a child being exploited: a "
        "family worker, a parents' group and advice on keeping in touch with school and police.",
        (None, None),
        [Harm.SEXUAL_EXPLOITATION, Harm.CRIMINAL_EXPLOITATION],
        True,
        30,
        6,
        2,
        True,
    ),
    (
        "Kingsmere Independent Child Trafficking Guardians",
        ServiceKind.ADVOCACY,
        "Kingsmere Guardians Partnership",
        None,
        "An independent guardian for a child who may have been trafficked, alongside the "
        "child's social worker, through the National Referral Mechanism and beyond.",
        (0, 17),
        [Harm.TRAFFICKING],
        False,
        12,
        1,
        30,
        False,
    ),
    (
        "Mereshire Sexual Assault Referral Centre",
        ServiceKind.SARC,
        "Mereshire Sexual Assault Referral Centre",
        None,
        "Medical care, forensic examination and emotional support after a sexual assault, "
        "whether or not it has been reported to the police, open day and night.",
        (None, None),
        [Harm.SEXUAL_ABUSE, Harm.SEXUAL_EXPLOITATION],
        False,
        None,
        0,
        14,
        True,
    ),
    (
        "Speak Out Kingsmere helpline",
        ServiceKind.HELPLINE,
        "Speak Out Kingsmere",
        None,
        "A free, confidential phone and text line for young people worried about themselves "
        "or a friend, and for parents who are worried about their child.",
        (None, None),
        [*CHILD_HARMS, Harm.SEXUAL_ABUSE],
        True,
        None,
        0,
        5,
        True,
    ),
    (
        "After Harm: adult survivors' service",
        ServiceKind.ADULT_SURVIVORS,
        "After Harm Kingsmere",
        None,
        "Counselling, peer groups and practical help for adults who were exploited or abused "
        "as children, however long ago it happened.",
        (18, None),
        [Harm.NON_RECENT, Harm.SEXUAL_EXPLOITATION, Harm.SEXUAL_ABUSE],
        False,
        20,
        26,
        11,
        True,
    ),
    (
        "Youth Justice mentoring for exploited children",
        ServiceKind.OTHER,
        "Kingsmere Youth Justice Service",
        "Youth Justice",
        "Mentoring for a child drawn into crime by people exploiting them, recognising them "
        "as a victim first.",
        (10, 17),
        [Harm.CRIMINAL_EXPLOITATION],
        False,
        15,
        2,
        24,
        False,
    ),
    (
        "Online Safe",
        ServiceKind.THERAPEUTIC,
        "Online Safe Kingsmere",
        None,
        "Support for children harmed online, including help to get images taken down, and "
        "sessions for their parents.",
        (11, 18),
        [Harm.ONLINE, Harm.SEXUAL_EXPLOITATION],
        True,
        10,
        9,
        -1,
        False,
    ),
    (
        "Kingsmere Independent Sexual Violence Advisers",
        ServiceKind.ADVOCACY,
        "Mereshire Sexual Assault Referral Centre",
        None,
        "An adviser who stays with a young person or adult through reporting, investigation "
        "and court.",
        (13, None),
        [Harm.SEXUAL_ABUSE, Harm.SEXUAL_EXPLOITATION, Harm.NON_RECENT],
        False,
        18,
        4,
        16,
        True,
    ),
]


def _months_on(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def generate(borough: Borough, **_) -> None:
    manager = borough.users["helen.partnership"]
    services = []
    for number, row in enumerate(SERVICES, start=1):
        (
            name,
            kind,
            provider,
            agency,
            summary,
            ages,
            harms,
            family,
            capacity,
            weeks,
            months,
            self_referral,
        ) = row
        slug = provider.lower().replace("'", "").replace(" ", "-").replace(":", "")
        ends = _months_on(borough.today, months)
        service = directory.service_create(
            actor=manager,
            name=name,
            kind=kind,
            provider=provider,
            agency=borough.agencies.get(agency) if agency else None,
            summary=summary,
            min_age=ages[0],
            max_age=ages[1],
            area="Kingsmere",
            harms=[str(h) for h in harms],
            for_family=family,
            capacity=capacity,
            waiting_weeks=weeks,
            funder="Kingsmere Safeguarding Children Partnership",
            contract_ends_on=ends,
            funding_ends_on=ends,
            how_to_refer="Practitioners refer through Triangulate from the person's record."
            if agency
            else "Practitioners phone or email the service with the family's agreement.",
            self_referral=self_referral,
            phone=f"01632 960{100 + number:03d}",
            email=f"hello@{slug}.example",
            website=f"https://{slug}.example",
            is_published=True,
        )
        services.append(service)
    _referrals(borough, services)
    _voice(borough, services)
    _complaints(borough)


# Each demo referral's path: the statuses it moved through, with days after the referral.
REFERRAL_PATHS = [
    [],  # referred, nothing heard yet
    [("offered", 5)],
    [("offered", 4), ("accepted", 6)],
    [("waiting", 3)],
    [("waiting", 2)],
    [("offered", 3), ("declined", 7)],
    [("offered", 2), ("accepted", 4), ("started", 12)],
    [("waiting", 5), ("started", 30)],
    [("offered", 3), ("accepted", 5), ("started", 9), ("ended", 80)],
]
OUTCOMES = {
    "declined": "She would rather keep seeing the school nurse she already trusts.",
    "ended": "Planned ending: goals met, and she knows she can come back.",
}


def _referrals(borough: Borough, services) -> None:
    rng = borough.rng
    today = borough.today
    practitioner = borough.users["alex.practitioner"]
    council = practitioner.agency
    children = [c for c in borough.children if c.owning_agency_id == council.pk]
    for_children = [s for s in services if s.max_age is not None and s.max_age <= 18]
    for number, path in enumerate(REFERRAL_PATHS * 2):
        child = children[number % len(children)]
        referred_on = today - dt.timedelta(days=rng.randint(10, 120))
        last_day = max((day for _, day in path), default=0)
        if referred_on + dt.timedelta(days=last_day) > today:
            referred_on = today - dt.timedelta(days=last_day + 1)
        # A service takes a child by their age on the day of the referral, not today.
        age = age_on(child.date_of_birth, referred_on)
        fitting = [s for s in for_children if age is None or s.is_for_age(age)]
        if not fitting:
            continue
        service = fitting[number % len(fitting)]
        referral = referrals.referral_make(
            actor=practitioner,
            person=child,
            service=service,
            referred_as=ReferredAs.CHILD,
            reason="Someone to talk to about what has happened, and help to stay safe.",
            consent="given",
            referred_on=referred_on,
        )
        for status, day in path:
            referrals.referral_update(
                actor=practitioner,
                referral=referral,
                expected_version=referral.version,
                status=status,
                on=referred_on + dt.timedelta(days=day),
                consent="given",
                declined_reason=OUTCOMES["declined"] if status == "declined" else "",
                outcome=OUTCOMES["ended"] if status == "ended" else "",
            )
    family = next(s for s in services if s.kind == ServiceKind.FAMILY)
    survivors = next(s for s in services if s.kind == ServiceKind.ADULT_SURVIVORS)
    adults = [a for a in borough.adults if a.owning_agency_id == council.pk]
    for adult in adults[:6]:
        linked = referrals.linkable_children(actor=practitioner, person=adult)
        if linked:
            referrals.referral_make(
                actor=practitioner,
                person=adult,
                service=family,
                referred_as=ReferredAs.FAMILY,
                linked_child=linked[0],
                reason="Support for a parent whose child is being exploited.",
                consent="given",
                referred_on=today - dt.timedelta(days=rng.randint(5, 60)),
            )
    if adults:
        referrals.referral_make(
            actor=practitioner,
            person=adults[-1],
            service=survivors,
            referred_as=ReferredAs.ADULT_SURVIVOR,
            reason="Exploited as a teenager; asked for counselling now her own child is older.",
            consent="given",
            referred_on=today - dt.timedelta(days=70),
        )


# Feedback: (from whom, route, helped, listened, words, themes).
FEEDBACK = [
    ("child", "public_form", "a_lot", "yes",
     "My worker never gave up on me even when I kept not turning up. She got me back into "
     "college.", ["praise", "same_worker"]),
    ("family", "practitioner", "a_little", "sometimes",
     "Nobody told us what would happen after the police came. We waited for a call that never "
     "came.", ["information", "police"]),
    ("child", "practitioner", "not_yet", "no",
     "I waited ages to see a counsellor and by then I did not want to talk anymore.",
     ["waiting"]),
    ("adult_survivor", "public_form", "a_lot", "yes",
     "For years I thought it was my fault. The group showed me it was not.", ["praise"]),
    ("family", "public_form", "not_at_all", "no",
     "My son's brother needed help too and there was nothing for him.", ["family_support"]),
    ("child", "public_form", "a_little", "sometimes",
     "Every time I got a new social worker I had to say it all again.", ["same_worker"]),
    ("child", "practitioner", "a_lot", "yes",
     "The sessions were at my school at lunch so I did not miss anything or have to explain.",
     ["access", "praise"]),
    ("family", "practitioner", "a_little", "sometimes",
     "At the first meeting someone talked about her as if it was her choice. She is a child "
     "being exploited, and that should have been said.", ["language", "listened_to"]),
]  # fmt: skip

RESPONSES = [
    ("Children waited too long for counselling.",
     "We are funding more counselling sessions, with a target of no more than four weeks' wait.",
     [2]),
    ("Brothers and sisters needed help too.",
     "Mereside Families Together now takes brothers and sisters in their own right.", [4]),
    ("Families were not told what would happen next.",
     "Every family gets a written 'what happens next' from the exploitation team within a week.",
     [1]),
]  # fmt: skip


def _voice(borough: Borough, services) -> None:
    practitioner = borough.users["kim.practitioner"]
    manager = borough.users["helen.partnership"]
    by_name = {s.name: s for s in services}
    made = []
    for number, (whom, route, helped, listened, words, themes) in enumerate(FEEDBACK):
        service = list(by_name.values())[number % len(by_name)] if number % 3 else None
        values = {"from_whom": whom, "words": words, "service": service, "helped": helped,
                  "listened": listened}  # fmt: skip
        if route == "public_form":
            item = voice.feedback_public(**values)
        else:
            item = voice.feedback_enter(actor=practitioner, **values)
        Feedback.objects.filter(pk=item.pk).update(
            received_at=item.received_at - dt.timedelta(days=7 * (len(FEEDBACK) - number))
        )
        voice.feedback_tag(actor=manager, feedback=item, expected_version=1, themes=themes)
        made.append(item)
    actions = list(Action.objects.order_by("id")[:3])
    for number, (said, did, items) in enumerate(RESPONSES):
        voice.response_create(
            actor=manager,
            you_said=said,
            we_did=did,
            feedback=[made[i] for i in items],
            action=actions[number] if number < len(actions) else None,
            is_published=True,
        )


WARDS = [
    ("Harbour", ["KM1", "KM2"]),
    ("Castle", ["KM3", "KM4"]),
    ("Mereside", ["KM5", "KM6"]),
    ("Ashby Vale", ["KM7"]),
    ("Northgate", ["KM8", "KM9"]),
]

MEMBER_WARDS = [("cllr.okafor", "Mereside"), ("cllr.hussain", "Harbour")]

# (kind, category, what happened) — raised across the wards, some named and sealed.
COMPLAINTS = [
    ("complaint", "not_acted_on",
     "I told the school my daughter was being picked up by older men in cars. Nothing happened "
     "for three weeks."),
    ("complaint", "delay", "We reported our son missing four times before anyone visited."),
    ("complaint", "not_listened",
     "When she told them what happened, they said she had made it up for attention."),
    ("complaint", "language",
     "The letter about my son called him a drug dealer. He is fourteen and he was groomed."),
    ("complaint", "information",
     "The police were not told about the flat that everyone knew children were taken to."),
    ("whistleblowing", "colleague",
     "A team leader tells staff to downgrade exploitation referrals to meet targets."),
    ("whistleblowing", "not_acted_on",
     "Concerns raised at the hub about a takeaway are never put on the agenda."),
    ("whistleblowing", "colleague",
     "A residential worker gives young people lifts to a house where older men are."),
]  # fmt: skip


def _complaints(borough: Borough) -> None:
    rng = borough.rng
    manager = borough.users["helen.partnership"]
    for name, districts in WARDS:
        Ward.objects.create(name=name, districts=districts)
    # The councillors' own wards, set by the partnership manager as on the accounts pages.
    for username, ward in MEMBER_WARDS:
        member = borough.users.get(username)
        if member is not None:
            member.refresh_from_db()
            accounts.member_ward_set(
                actor=manager, user=member, expected_version=member.version, ward_name=ward
            )
    agencies = list(borough.agencies.values())
    # Ward weights make one ward a hotspot, one with few (suppressed) and one with none.
    ward_weights = [("KM1", 6), ("KM3", 3), ("KM5", 2), ("KM7", 1)]
    for number in range(26):
        kind, category, what = COMPLAINTS[number % len(COMPLAINTS)]
        district = rng.choices([d for d, _ in ward_weights], [w for _, w in ward_weights])[0]
        named = number % 3 != 0
        received = borough.today - dt.timedelta(days=rng.randint(1, 150))
        item = complaints.complaint_record(
            actor=manager,
            kind=kind,
            category=category,
            what_happened=what,
            agency_concerned=rng.choice(agencies),
            postcode=f"{district} {rng.randint(1, 9)}AB",
            name=f"Raiser {number + 1}" if named else "",
            contact=f"raiser{number + 1}@mail.example" if named else "",
            relationship="Member of staff" if kind == "whistleblowing" else "Parent",
            received_on=received,
        )
        if number % 4 == 0 and received < borough.today - dt.timedelta(days=30):
            complaints.complaint_progress(
                actor=manager, complaint=item, expected_version=1, action="close",
                on=received + dt.timedelta(days=12), outcome="partly_upheld",
                learning="Reply to every referrer within one working day.",
            )  # fmt: skip
        elif number % 5 == 0:
            complaints.complaint_progress(
                actor=manager, complaint=item, expected_version=1, action="escalate",
                # Escalated ten days after it came in, or today if that is not yet past.
                on=min(received + dt.timedelta(days=10), borough.today),
            )  # fmt: skip
