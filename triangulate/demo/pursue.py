"""Pursue in the demo borough: places, persons of concern at every stage, intelligence of
every 3x5x2 grade from police, schools, health and the voluntary sector, sanitised versions
shared with the council, analyst tasks (one overdue), referrals of a hotel and a takeaway to
the licensing authority, disruption (a child abduction warning notice issued, then
breached), two peer groups and contexts: friends who go missing together (held by police,
its review due at today's panel) and a park after school (held by the council), and the
analyst's problem profile of the last twelve months, its partner edition released to the
council.

Everything goes through the intelligence services, so the demo keeps the same rules as the
pages (registrations and phones normalised, grades in 3x5x2, shares with a lawful basis).
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools

from django.apps import apps as django_apps
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.clocks import LONDON
from triangulate.core.presenters import age_on
from triangulate.core.records import LawfulBasis
from triangulate.intelligence import services
from triangulate.intelligence.models import Assessment, HandlingCode, SourceEvaluation
from triangulate.register.models import Person

from .borough import Borough, fake_postcode

PLACES = [
    ("Station Hotel", "hotel", "1 Station Approach, Kingsmere", "Premises licence PL/0412"),
    ("Riverside Lodge", "hotel", "48 Quay Street, Kingsmere", "Premises licence PL/0577"),
    ("Eastbrook Inn", "hotel", "2 Market Square, Eastbrook", "Premises licence PL/0631"),
    ("Golden Fry", "takeaway", "17 Mill Lane, Kingsmere", "Premises licence PL/1102"),
    ("Pizza Corner", "takeaway", "90 High Street, Ashby Vale", "Premises licence PL/1144"),
    ("Chicken Spot", "takeaway", "3 Northwick Parade, Northwick", "Premises licence PL/1187"),
    ("Kingsmere Cars", "taxi_firm", "Unit 4, Canal Yard, Kingsmere", "Operator licence PHO/077"),
    ("Memorial Park", "park", "Park Road, Kingsmere", ""),
    ("Retail park car park", "car_park", "Moorcliffe Retail Park", ""),
]

CONCERNS = [
    # given, family, aliases, status, harm
    ("Jason", "Marlow", "Jay, JM", "charged", 4),
    ("Dean", "Rourke", "Deano", "rui", 4),
    ("Kyle", "Benton", "K, Kaybee", "arrested", 3),
    ("Aaron", "Pike", "Pikey", "suspect", 3),
    ("Lewis", "Carrow", "", "suspect", 3),
    ("Marcus", "Hale", "Max", "convicted", 4),
    ("Tom", "Wexley", "", "nfa", 1),
    ("Shane", "Doyle", "Doyler", "suspect", 2),
    ("Ricky", "Stamp", "", "rui", 2),
    ("Connor", "Vale", "CV", "suspect", 2),
    ("Wayne", "Tully", "", "charged", 3),
    ("Gary", "Fenn", "Fenny", "suspect", 1),
    ("Kieran", "Mott", "", "suspect", 2),
]

SIGHTINGS = [
    ("A silver car waits outside the school gate at home time and a pupil gets in.",
     "Outside Kingsmere Academy"),
    ("An older man was seen buying food and vapes for a group of girls.", "Golden Fry, Mill Lane"),
    ("A young person arrived at clinic with a phone they would not explain and a new coat.",
     "Kingsmere Community Health clinic"),
    ("A taxi collected two young people from the park late at night; the driver knew them.",
     "Memorial Park"),
    ("Young people seen going into a hotel with an adult man at 11pm.", "Station Hotel"),
    ("A pupil said an older friend gives her lifts and asks her to carry parcels.",
     "Ashby Vale High School"),
    ("Adults were seen handing small packages to teenagers in the car park.",
     "Moorcliffe Retail Park"),
]  # fmt: skip

SUBMITTERS = ["priya.officer", "mark.dsl", "ruth.nurse", "tara.youthwork", "alex.practitioner"]


def _ago(borough: Borough, days: int, hour: int = 16) -> dt.datetime:
    day = borough.today - dt.timedelta(days=days)
    moment = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=LONDON)
    return min(moment, timezone.now() - dt.timedelta(hours=1))


def _children_for_police(borough: Borough) -> list:
    """Older children, shared with the police for a strategy discussion about exploitation."""
    older = [
        c
        for c in borough.children
        if (age_on(c.date_of_birth, borough.today) or 0) in range(11, 18)
    ]
    chosen = older[:12]
    practitioner = borough.users["alex.practitioner"]
    for child in chosen:
        records.share(
            practitioner,
            child,
            borough.agencies["Police"],
            basis=LawfulBasis.SAFEGUARDING,
            purpose="Strategy discussion about child exploitation",
        )
    return chosen


def _starter_catalogue() -> None:
    """The tactic catalogue and criteria version 1 come from a data migration; a database
    emptied since (as a test's flush does) gets them again before the demo uses them."""
    starter = importlib.import_module(
        "triangulate.intelligence.migrations.0002_catalogue_and_criteria"
    )
    starter.forwards(django_apps, None)


def generate(borough: Borough, **_) -> None:
    _starter_catalogue()
    rng = borough.rng
    police = borough.agencies["Police"]
    officer = borough.users["priya.officer"]
    council = borough.agencies["Children's Services"]
    children = _children_for_police(borough)
    if not children:
        return

    places = [
        services.place_create(
            actor=officer,
            name=name,
            kind=kind,
            address=address,
            postcode=fake_postcode(rng),
            licence_holder=f"{name} Ltd" if licence else "",
            licence_number=licence.split(" ")[-1] if licence else "",
        )
        for name, kind, address, licence in PLACES
    ]

    concerns = []
    for n, (given, family, aliases, status, harm) in enumerate(CONCERNS):
        concern = services.concern_create(
            actor=officer,
            given_name=given,
            family_name=family,
            date_of_birth=dt.date(1985 + n, 1 + n % 12, 1 + (n * 7) % 27),
            sex="M",
            aliases=aliases,
            harm=harm,
            status="suspect",
            status_on=borough.today - dt.timedelta(days=300 - n * 10),
            summary="Seen with children who go missing; gives lifts, food and phones.",
        )
        if status != "suspect":
            services.concern_status(
                actor=officer,
                concern=concern,
                expected_version=concern.version,
                status=status,
                on=borough.today - dt.timedelta(days=40 + n * 3),
                note="Recorded in the demo",
            )
        registration = f"KM{10 + n}{'ABCDEFGHJKLMN'[n]}XR"
        services.concern_link(actor=officer, concern=concern, kind="vehicle", value=registration)
        services.concern_link(
            actor=officer, concern=concern, kind="phone", value=f"07700 900{100 + n:03d}"
        )
        services.concern_link(
            actor=officer, concern=concern, kind="place", value=str(places[n % len(places)].pk)
        )
        for child in children[n % len(children) :: 5][:2]:
            services.concern_link(
                actor=officer, concern=concern, kind="person", value=str(child.pk)
            )
        concerns.append(concern)

    # Intelligence of every 3x5x2 grade (30 pieces), from every kind of agency.
    grades = itertools.product(SourceEvaluation.values, Assessment.values, HandlingCode.values)
    items = []
    for n, (source, assessment, handling) in enumerate(grades):
        who = borough.users[SUBMITTERS[n % len(SUBMITTERS)]]
        what, where = SIGHTINGS[n % len(SIGHTINGS)]
        concern = concerns[n % len(concerns)]
        child = children[n % len(children)]
        item = services.item_submit(
            actor=who,
            police=police,
            what_seen=what,
            where_seen=where,
            postcode=fake_postcode(rng),
            seen_at=_ago(borough, days=2 + n * 9),
            who=f"A man known as {concern.alias_list[0] if concern.alias_list else 'J'}",
            vehicles=concern.links.exclude(vehicle=None).first().vehicle.registration,
            phones="",
            handles="",
        )
        services.item_grade(
            actor=officer,
            item=item,
            expected_version=item.version,
            source_evaluation=source,
            assessment=assessment,
            handling_code=handling,
            handling_conditions=(
                "Not to be disclosed to the family or to the person of concern"
                if handling == HandlingCode.CONDITIONS
                else ""
            ),
        )
        items.append(item)
        services.item_link(actor=officer, item=item, kind="person", value=str(child.pk))
        services.item_link(actor=officer, item=item, kind="concern", value=str(concern.pk))
        services.item_link(
            actor=officer, item=item, kind="place", value=str(places[n % len(places)].pk)
        )
        if n % 3 == 0:
            services.sanitised_write(
                actor=officer,
                item=item,
                shared_with=council,
                person=child,
                text="Police hold information that an adult of concern gives them lifts.",
                purpose="Safety planning for the young person",
                necessity="The practitioner needs it to plan who the young person is with",
                lawful_basis=LawfulBasis.SAFEGUARDING,
            )

    _tasks(borough, officer, items)
    _licensing(borough, officer, places)
    _disruption(borough, officer, concerns, children)
    _groups(borough, officer, children, places)
    _profile(borough)


TASKS = [
    # what is asked, tasked (days ago), due (days from today)
    ("Find out who the silver car outside the school belongs to and which other children "
     "have been seen getting into it.", 21, -3),
    ("Map the phone numbers linked to this adult of concern and the children they contact.",
     2, 12),
]  # fmt: skip


def _tasks(borough: Borough, officer, items) -> None:
    """Two pieces of intelligence tasked to the force's analyst: one overdue, one due soon."""
    analyst = borough.users["dan.analyst"]
    for item, (asked, tasked_ago, due_in) in zip(items, TASKS, strict=False):
        services.task_create(
            actor=officer,
            item=item,
            analyst=analyst,
            asked=asked,
            tasked_on=borough.today - dt.timedelta(days=tasked_ago),
            due_on=borough.today + dt.timedelta(days=due_in),
        )


LICENSING = [
    # place (index in PLACES), who referred, days ago, what is referred, outcome
    (0, "priya.officer", "PC Priya Shah", 45,
     "Children have been seen going into rooms with adults late at night. Police ask for a "
     "review of the premises licence to protect them.",
     ("conditions", 12, "Photo ID for every guest; no visitors to rooms after 10pm; staff "
      "trained to spot and report the exploitation of children.")),
    (3, "alex.practitioner", "Alex Brennan, exploitation team", 6,
     "Adults meet children here and give them free food and vapes. Children's services ask "
     "the licensing authority to review the licence.", None),
]  # fmt: skip


def _licensing(borough: Borough, officer, places) -> None:
    """The hotel referred by police (conditions added); the takeaway, shared with the council,
    referred by its exploitation team (outcome awaited)."""
    today = borough.today
    records.share(
        officer,
        places[3],
        borough.agencies["Children's Services"],
        basis=LawfulBasis.SAFEGUARDING,
        purpose="Licensing review of a takeaway where adults give children food and vapes",
    )
    for index, username, referred_by, days_ago, what, outcome in LICENSING:
        actor = borough.users[username]
        referral = services.licensing_refer(
            actor=actor,
            place=places[index],
            referred_on=today - dt.timedelta(days=days_ago),
            licence_number=places[index].licence_number,
            what_referred=what,
            referred_by=referred_by,
        )
        if outcome:
            decided, days, note = outcome
            services.licensing_outcome(
                actor=actor,
                referral=referral,
                expected_version=referral.version,
                outcome=decided,
                outcome_on=today - dt.timedelta(days=days),
                outcome_note=note,
            )


def _disruption(borough: Borough, officer, concerns, children) -> None:
    """Tactics at every stage: notices issued (one breached), orders, licensing reviews; and
    NRM referrals with their decisions."""
    types = {t.code: t for t in services.tactic_types()}
    today = borough.today
    eligible = [
        c for c in children if (age_on(c.date_of_birth, today - dt.timedelta(days=60)) or 99) < 16
    ]
    for n, concern in enumerate(concerns[:6]):
        linked = [link.person for link in concern.links.exclude(person=None)]
        child = next((c for c in linked if c in eligible), None)
        if child is None and eligible:
            child = eligible[n % len(eligible)]
            services.concern_link(
                actor=officer, concern=concern, kind="person", value=str(child.pk)
            )
        if child is not None:
            notice = services.tactic_add(
                actor=officer, concern=concern, tactic_type=types["cawn"],
                owner="PC Priya Shah", started_on=today - dt.timedelta(days=60 - n),
                review_on=today + dt.timedelta(days=30 + n), person=child,
            )  # fmt: skip
            services.tactic_update(
                actor=officer, tactic=notice, expected_version=notice.version, outcome="issued",
                outcome_on=today - dt.timedelta(days=58 - n),
                breached_on=today - dt.timedelta(days=10) if n in (0, 3) else None,
                breach_note="Found with the child in his car after the notice was served"
                if n in (0, 3) else "",
            )  # fmt: skip
    for n, (code, outcome) in enumerate(
        [("shpo", "issued"), ("sro", "in_progress"), ("licensing_review", "completed"),
         ("stro", "planned"), ("housing", "completed"), ("partnership_letter", "completed")]
    ):  # fmt: skip
        concern = concerns[(n + 3) % len(concerns)]
        tactic = services.tactic_add(
            actor=officer, concern=concern, tactic_type=types[code], owner="DS Dan Reid",
            started_on=today - dt.timedelta(days=90 - n * 5),
            review_on=today + dt.timedelta(days=14 * (n + 1)),
        )  # fmt: skip
        if outcome != "planned":
            services.tactic_update(
                actor=officer, tactic=tactic, expected_version=tactic.version, outcome=outcome,
                outcome_on=today - dt.timedelta(days=30 - n) if outcome != "in_progress" else None,
            )  # fmt: skip
    for n, child in enumerate(children[:4]):
        referral = services.nrm_refer(
            actor=officer, person=child,
            exploitation_type=["criminal", "sexual", "criminal", "labour"][n],
            referred_on=today - dt.timedelta(days=120 - n * 20), first_responder="Mereshire Police",
        )  # fmt: skip
        if n < 3:
            services.nrm_decide(
                actor=officer, referral=referral, stage="reasonable_grounds",
                decision="positive" if n < 2 else "negative",
                on=referral.referred_on + dt.timedelta(days=5),
            )  # fmt: skip
        if n == 0:
            services.nrm_decide(
                actor=officer, referral=referral, stage="conclusive_grounds", decision="positive",
                on=referral.referred_on + dt.timedelta(days=90),
            )  # fmt: skip


GROUPS = [
    # username, name, kind, summary, members (index in the children, part), places (index
    # in PLACES), assessed (days ago), review (days from today), unsafe, actions, owner
    ("priya.officer", "Friends who go missing together", "peer",
     "Three friends who are reported missing together, most often on Friday nights, and come "
     "back with new phones and clothes they cannot explain.",
     [(0, "Often the first to be reported missing"), (1, ""), (2, "Youngest in the group")],
     [3, 0], 40, 0,
     "The friends are picked up together from the Golden Fry by adults who give them food, "
     "lifts and vapes, and taken to rooms at the Station Hotel.",
     "Disrupt the adults with abduction warning notices; ask the takeaway and the hotel to "
     "report children with adults; return home interviews for all three after every episode.",
     "Children's Services", "Alex Brennan, exploitation team"),
    ("alex.practitioner", "Memorial Park after school", "context",
     "Children from two schools gather in the park between 3pm and 7pm; older young people "
     "and adults come to meet them there.",
     [(3, ""), (4, "Brings younger children along"), (5, ""), (6, "")],
     [7], 10, 35,
     "No adult supervision after school; the gate by the car park is unlit and cars wait "
     "there; older young people recruit younger children to carry parcels.",
     "Detached youth work in the park from 3pm; lighting at the car park gate; police patrols "
     "at home time; both schools talk to pupils about adults who offer lifts and gifts.",
     "Safe Futures", "Tara Quill, youth worker"),
]  # fmt: skip


def _groups(borough: Borough, officer, children, places) -> None:
    """Two groups: friends who go missing together (police, shared with the council; its
    assessment due for review today) and a park after school (the council's, shared with
    police, using a place police shared with the council)."""
    council = borough.agencies["Children's Services"]
    records.share(
        officer, places[7], council, basis=LawfulBasis.SAFEGUARDING,
        purpose="Contextual safety planning for children who gather in the park",
    )  # fmt: skip
    today = borough.today
    for (username, name, kind, summary, members, used, assessed, review, unsafe, actions,
         owner_agency, owner_name) in GROUPS:  # fmt: skip
        actor = borough.users[username]
        group = services.group_create(actor=actor, name=name, kind=kind, summary=summary)
        # The children this agency may see (its own, and those shared with it).
        seen = set(
            access.visible(actor, Person)
            .filter(pk__in=[c.pk for c in children])
            .values_list("pk", flat=True)
        )
        theirs = [c for c in children if c.pk in seen]
        for index, role in members:
            if index < len(theirs):
                services.member_add(
                    actor=actor, group=group, expected_version=group.version,
                    person=theirs[index].pk, role=role,
                    from_on=today - dt.timedelta(days=120 - index * 7),
                )  # fmt: skip
        for index in used:
            services.group_place_add(
                actor=actor, group=group, expected_version=group.version, place=places[index].pk
            )
        services.context_assess(
            actor=actor, group=group, expected_version=group.version,
            assessed_on=today - dt.timedelta(days=assessed), unsafe=unsafe, actions=actions,
            owner_agency=borough.agencies[owner_agency], owner_name=owner_name,
            review_on=today + dt.timedelta(days=review),
        )  # fmt: skip
        other = council if actor.agency_id != council.pk else borough.agencies["Police"]
        services.group_share(
            actor=actor, group=group, agency=other,
            purpose="The police and the council plan the group's safety together",
        )  # fmt: skip


# The analyst's narrative: (section, for police, for partners). Children are written about as
# children being harmed, never as choosing it.
PROFILE = [
    ("summary",
     "Over the last twelve months children in Kingsmere have been groomed and exploited by a "
     "small number of adults who use the town centre's hotels, takeaways and taxis. Jason "
     "Marlow and Dean Rourke remain the persons of concern who cause the most harm; the "
     "breach of an abduction warning notice shows that contact with the children goes on.",
     "Over the last twelve months children in Kingsmere have been groomed and exploited by a "
     "small number of adults who use the town centre's hotels, takeaways and taxis. Most of "
     "the children are 14 to 17. Going missing is often the first sign that an adult has "
     "control over a child."),
    ("children",
     "Most of the children counted are known to children's services; several are looked "
     "after, and the children who go missing most often are those linked to Jason Marlow "
     "through the friendship group that goes missing together.",
     "Most of the children counted are known to children's services, and several are looked "
     "after. Children who go missing together from the same group of friends are the ones "
     "who go missing most often."),
    ("offenders",
     "Persons of concern offer lifts, food, vapes and phones, then ask children to carry "
     "parcels or to go to hotels with them. Three are charged or convicted; Dean Rourke is "
     "released under investigation and still seen near the schools at home time.",
     "Adults of concern offer children lifts, food, vapes and phones, then ask them to carry "
     "parcels or to go to hotels with them. Police are disrupting them with notices, orders "
     "and arrests."),
    ("places",
     "The Station Hotel and the Golden Fry takeaway are the places most often named in "
     "intelligence; Kingsmere Cars drivers have collected children from Memorial Park late at "
     "night. Graded intelligence from the school places a silver car at the gate at home "
     "time.",
     "Intelligence points to hotels and takeaways in the town centre, and to taxis "
     "collecting children from a park late at night. The hotspot tables show where."),
    ("recommendations",
     "Licensing to review the Station Hotel's conditions; hotel, takeaway and taxi staff "
     "trained to spot children being exploited; detached youth work in Memorial Park after "
     "school; a return home interview offered to every child within 72 hours of coming home; "
     "the analyst to map the phone contacts of the 10 highest priority persons of concern.",
     "Hotel, takeaway and taxi staff trained to spot children being exploited and to report "
     "it; detached youth work in parks after school; a return home interview offered to "
     "every child within 72 hours of coming home; schools and health to keep telling police "
     "what they see."),
]  # fmt: skip


def _profile(borough: Borough) -> None:
    """The analyst's problem profile of the last twelve months, its narrative written and its
    partner edition released to the council."""
    analyst = borough.users["dan.analyst"]
    made = services.profile_create(
        actor=analyst,
        title="Child exploitation in Kingsmere: the last twelve months",
        since=borough.today - dt.timedelta(days=364),
        until=borough.today,
    )
    narrative = {name: police for name, police, _ in PROFILE}
    narrative |= {f"partner_{name}": partner for name, _, partner in PROFILE}
    services.profile_write(actor=analyst, profile=made, expected_version=made.version, **narrative)
    services.profile_release(
        actor=analyst,
        profile=made,
        agency=borough.agencies["Children's Services"],
        purpose="Children's services plan their exploitation work from the partner edition",
    )
