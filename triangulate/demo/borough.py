"""The synthetic borough of Kingsmere: agencies, demo users for every role, families and
children with plausible, valid identifiers. Deterministic for a given seed.

Later parts of the demo (front door, risk, linkage, partnership) add their records through
the steps listed in ``steps.py``, each receiving the same :class:`Borough`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction

from triangulate.core.audit import audit
from triangulate.core.identifiers import nhs_check_digit, upn_check_letter
from triangulate.core.models import Agency, AuditAction, User
from triangulate.core.roles import AgencyType, Role
from triangulate.core.services import user_create
from triangulate.register.models import Ethnicity, Person, PersonAddress, PersonKind, Sex
from triangulate.register.names import name_key, normalise_name

from . import names

DEMO_PASSWORD = "kingsmere-demo-2026"  # noqa: S105 - synthetic demo accounts only
LA_CODE = "871"  # a made-up local authority code used in the demo's UPNs

AGENCIES = [
    ("Kingsmere Children's Services", "Children's Services", AgencyType.CHILDRENS_SOCIAL_CARE),
    ("Mereshire Police", "Police", AgencyType.POLICE),
    ("Kingsmere Community Health", "Health", AgencyType.HEALTH),
    ("Kingsmere Academy", "Academy", AgencyType.EDUCATION),
    ("Ashby Vale High School", "Ashby Vale High", AgencyType.EDUCATION),
    ("Kingsmere Youth Justice Service", "Youth Justice", AgencyType.YOUTH_JUSTICE),
    ("Safe Futures Kingsmere", "Safe Futures", AgencyType.VOLUNTARY_SECTOR),
    ("Kingsmere Licensing", "Licensing", AgencyType.LICENSING),
    ("Kingsmere Homes", "Housing", AgencyType.HOUSING),
    ("Kingsmere Safeguarding Children Partnership", "Partnership", AgencyType.OTHER),
    ("Kingsmere Borough Council (elected members)", "Members", AgencyType.OTHER),
]

# (username, first, last, job title, agency short name, roles)
DEMO_USERS = [
    (
        "sam.frontdoor",
        "Sam",
        "Okoro",
        "Social worker, MASH",
        "Children's Services",
        [Role.FRONT_DOOR_SOCIAL_WORKER],
    ),
    (
        "alex.practitioner",
        "Alex",
        "Brennan",
        "Exploitation practitioner",
        "Children's Services",
        [Role.EXPLOITATION_PRACTITIONER],
    ),
    (
        "kim.practitioner",
        "Kim",
        "Ashdown",
        "Exploitation practitioner",
        "Children's Services",
        [Role.EXPLOITATION_PRACTITIONER],
    ),
    (
        "jo.manager",
        "Jo",
        "Marsh",
        "Team manager, exploitation team",
        "Children's Services",
        [Role.TEAM_MANAGER],
    ),
    (
        "priya.officer",
        "Priya",
        "Lal",
        "Detective constable, exploitation unit",
        "Police",
        [Role.POLICE_OFFICER],
    ),
    ("dan.analyst", "Dan", "Whitlock", "Intelligence analyst", "Police", [Role.POLICE_ANALYST]),
    (
        "ruth.nurse",
        "Ruth",
        "Fenwick",
        "Named nurse for safeguarding",
        "Health",
        [Role.HEALTH_SAFEGUARDING],
    ),
    (
        "mark.dsl",
        "Mark",
        "Etherington",
        "Designated safeguarding lead",
        "Academy",
        [Role.SCHOOL_SAFEGUARDING_LEAD],
    ),
    (
        "tara.youthwork",
        "Tara",
        "Quill",
        "Youth worker",
        "Safe Futures",
        [Role.VOLUNTARY_SECTOR_WORKER],
    ),
    (
        "helen.partnership",
        "Helen",
        "Voss",
        "Partnership business manager",
        "Partnership",
        [Role.PARTNERSHIP_MANAGER],
    ),
    (
        "pat.chief",
        "Pat",
        "Lindqvist",
        "Director of children's services",
        "Children's Services",
        [Role.CHIEF_OFFICER],
    ),
    ("nina.scrutiny", "Nina", "Harwood", "Scrutiny officer", "Members", [Role.SCRUTINY_OFFICER]),
    (
        "cllr.okafor",
        "Grace",
        "Okafor",
        "Councillor, children's scrutiny committee",
        "Members",
        [Role.ELECTED_MEMBER],
    ),
    (
        "sys.admin",
        "Chris",
        "Penrose",
        "System administrator",
        "Children's Services",
        [Role.SYSTEM_ADMINISTRATOR],
    ),
]

# Which agency holds a child's register entry (children's services hold most).
OWNER_WEIGHTS = [
    ("Children's Services", 60),
    ("Police", 15),
    ("Health", 12),
    ("Academy", 6),
    ("Ashby Vale High", 4),
    ("Safe Futures", 3),
]

ETHNICITY_WEIGHTS = [
    (Ethnicity.WBRI, 70),
    (Ethnicity.APKN, 9),
    (Ethnicity.WOTH, 5),
    (Ethnicity.MWBC, 3),
    (Ethnicity.BAFR, 3),
    (Ethnicity.ABAN, 2),
    (Ethnicity.AIND, 2),
    (Ethnicity.WROM, 1),
    (Ethnicity.MOTH, 2),
    (Ethnicity.CHNE, 1),
    (Ethnicity.NOBT, 2),
]


@dataclass
class Borough:
    """Everything a demo step needs: the random generator, agencies, users and people."""

    rng: random.Random
    today: dt.date
    agencies: dict[str, Agency] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    children: list[Person] = field(default_factory=list)
    adults: list[Person] = field(default_factory=list)


def fake_nhs_number(rng: random.Random) -> str:
    while True:
        # The 9xx range is never issued to patients, so demo numbers cannot be anyone's.
        first_nine = "9" + "".join(str(rng.randint(0, 9)) for _ in range(8))
        check = nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"


def fake_upn(rng: random.Random, year: int) -> str:
    body = f"{LA_CODE}{rng.randint(2000, 4999)}{year % 100:02d}{rng.randint(0, 999):03d}"
    return upn_check_letter(body) + body


def fake_postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"KM{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def create_agencies_and_users(borough: Borough) -> None:
    for name, short, kind in AGENCIES:
        borough.agencies[short] = Agency.objects.create(
            name=name, short_name=short, agency_type=kind
        )
    for username, first, last, title, agency, roles in DEMO_USERS:
        borough.users[username] = user_create(
            username=username,
            first_name=first,
            last_name=last,
            job_title=title,
            email=f"{username}@kingsmere.example",
            agency=borough.agencies[agency],
            roles=roles,
            password=DEMO_PASSWORD,
            is_demo_account=True,
        )


def _child_dob(rng: random.Random, today: dt.date) -> dt.date:
    age_days = rng.randint(365 * 4, 365 * 18 - 30)
    return today - dt.timedelta(days=age_days)


def create_families(borough: Borough, children: int, batch_size: int = 2000) -> None:
    """Families of one to four children with one or two adults at a shared address."""
    rng = borough.rng
    owners = [(borough.agencies[short], weight) for short, weight in OWNER_WEIGHTS]
    people: list[Person] = []
    addresses: list[tuple[int, dict]] = []
    made = 0
    while made < children:
        family_name = rng.choice(names.FAMILY_NAMES)
        owner = _weighted(rng, owners)
        ethnicity = _weighted(rng, ETHNICITY_WEIGHTS)
        postcode = fake_postcode(rng)
        address = {
            "line_1": f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}",
            "town": rng.choice(names.TOWNS),
            "postcode": postcode,
            "from_date": borough.today - dt.timedelta(days=rng.randint(30, 3650)),
        }
        size = min(children - made, _weighted(rng, [(1, 40), (2, 35), (3, 18), (4, 7)]))
        parent_sex = rng.choice([Sex.FEMALE, Sex.MALE])
        parent_given = rng.choice(
            names.GIVEN_NAMES_F if parent_sex == Sex.FEMALE else names.GIVEN_NAMES_M
        )
        parent = _person(
            rng,
            PersonKind.ADULT,
            parent_given,
            family_name,
            borough.today - dt.timedelta(days=rng.randint(365 * 28, 365 * 50)),
            parent_sex,
            ethnicity,
            owner,
        )
        people.append(parent)
        addresses.append((len(people) - 1, address))
        twins = size >= 2 and rng.random() < 0.06
        dob = None
        for index in range(size):
            sex = rng.choice([Sex.FEMALE, Sex.MALE])
            if twins and index == 1:
                pass  # same date of birth as the first child: twins
            else:
                dob = _child_dob(rng, borough.today)
            # Now and then a child shares a parent's name (a classic false-merge trap).
            if index == 0 and sex == parent_sex and rng.random() < 0.03:
                given = parent_given
            else:
                given = rng.choice(
                    names.GIVEN_NAMES_F if sex == Sex.FEMALE else names.GIVEN_NAMES_M
                )
            child = _person(rng, PersonKind.CHILD, given, family_name, dob, sex, ethnicity, owner)
            people.append(child)
            # A child born since the family moved in has lived there since birth.
            addresses.append(
                (len(people) - 1, {**address, "from_date": max(address["from_date"], dob)})
            )
            made += 1
        if len(people) >= batch_size:
            _flush(borough, people, addresses)
            people, addresses = [], []
    _flush(borough, people, addresses)


def _person(rng, kind, given, family, dob, sex, ethnicity, owner) -> Person:
    known_as = ""
    if given in names.NICKNAMES and rng.random() < 0.5:
        known_as = rng.choice(names.NICKNAMES[given])
    is_child = kind == PersonKind.CHILD
    person = Person(
        owning_agency=owner,
        kind=kind,
        given_name=given,
        middle_names=rng.choice(
            ["", "", "", rng.choice(names.GIVEN_NAMES_F + names.GIVEN_NAMES_M)]
        ),
        family_name=family,
        known_as=known_as,
        date_of_birth=dob,
        sex=sex,
        ethnicity=ethnicity,
        nhs_number=fake_nhs_number(rng) if rng.random() < 0.85 else "",
        upn=fake_upn(rng, dob.year + 5) if is_child and rng.random() < 0.8 else "",
        given_name_key=name_key(given),
        family_name_key=name_key(family),
        family_name_lower=normalise_name(family),
    )
    return person


@transaction.atomic
def _flush(borough: Borough, people: list[Person], addresses: list[tuple[int, dict]]) -> None:
    if not people:
        return
    Person.objects.bulk_create(people, batch_size=1000)
    PersonAddress.objects.bulk_create(
        [
            PersonAddress(person=people[i], owning_agency=people[i].owning_agency, **a)
            for i, a in addresses
        ],
        batch_size=1000,
    )
    for person in people:
        (borough.children if person.kind == PersonKind.CHILD else borough.adults).append(person)


def generate(borough: Borough, *, children: int) -> None:
    create_agencies_and_users(borough)
    create_families(borough, children)
    audit(
        None, AuditAction.CREATE, None, "generate the demo borough", detail={"children": children}
    )
