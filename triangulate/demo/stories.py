"""What the demo may say about a child, by age and by agency.

A four-year-old does not disclose online grooming to a teacher, a six-year-old has no
youth-justice disposal, and police do not run sexual health appointments. Every demo step
that writes a child's story picks it through these rules, and a test holds a generated
borough to them.
"""

from __future__ import annotations

import random

# The age of criminal responsibility in England and Wales: nobody younger is known to a
# youth justice service. The demo's youth-justice caseload starts a year later, so that a
# date of birth keyed a year out still reads as ten or over.
AGE_OF_CRIMINAL_RESPONSIBILITY = 10
YOUTH_JUSTICE_MIN_AGE = AGE_OF_CRIMINAL_RESPONSIBILITY + 1
# Children of this age or over may hold an exploitation case, a plan or a missing episode.
EXPLOITATION_CASE_MIN_AGE = 9

# (concern, youngest age it is told of): a concern is told only of a child at least that old.
CONCERNS = [
    ("Parents worried that an older sibling's friends give the child gifts and ask them to keep secrets.", 0),
    ("Collected from school on several days by different adults the family cannot name.", 0),
    ("Older brother is involved with a group exploiting young people; worried for the younger children at home.", 0),
    ("Seen getting into a car with two adults not known to the family outside school at 3pm.", 8),
    ("Disclosed to a teacher that an older man online asked for pictures.", 9),
    ("Mother worried that her child is being groomed by a group of older young people.", 9),
    ("Has a new phone and expensive trainers; says a friend gave them. Mood has changed.", 10),
    ("Reported missing overnight; found in another town with an adult of concern.", 10),
    ("Neighbour reports children coming and going from a flat late at night.", 10),
    ("Attendance has dropped to 40%; seen near the takeaway on Station Road during school.", 10),
    ("Stopped by police carrying a large amount of cash; would not say whose it was.", 12),
    ("Found with alcohol and cannabis at a house party; unable to say how they got there.", 12),
    ("Attended the sexual health clinic twice this month; accompanied by an older adult.", 13),
]  # fmt: skip

# Safety-plan actions each kind of agency delivers: (action, youngest age it suits).
ACTIONS = {
    "police": [
        ("Disruption visit to the retail park", 0),
        ("Welfare check with the child after each missing episode", 0),
        ("Check the adults of concern on police systems", 0),
    ],
    "health": [
        ("Sexual health appointment offered", 13),
        ("GP review of the child's health needs", 0),
        ("Referral to the children's emotional wellbeing service", 0),
    ],
    "education": [
        ("Check school attendance daily", 0),
        ("Trusted adult at school checks in each morning", 0),
    ],
    "voluntary_sector": [
        ("Weekly mentoring session", 0),
        ("One-to-one youth work on safe relationships", 0),
    ],
    "childrens_social_care": [
        ("Safety conversation with parents about phones", 0),
        ("Review the plan with the child and family", 0),
    ],
}

PRIMARY_SCHOOLS = [
    "St Aidan's Primary School",
    "Eastbrook Primary School",
    "Thornleigh Church of England Primary School",
]
SECONDARY_SCHOOLS = ["Kingsmere Academy", "Ashby Vale High School"]
COLLEGES = ["Northwick Community College"]


def concerns_for(years: int | None) -> list[str]:
    """The concerns that could be told of a child of this age (a child of unknown age is
    taken to be a teenager, as a caller describing "about 14" would)."""
    years = 14 if years is None else years
    return [text for text, youngest in CONCERNS if years >= youngest]


def actions_for(agency_type: str, years: int | None) -> list[str]:
    """The safety-plan actions an agency of this kind delivers for a child of this age."""
    years = 14 if years is None else years
    return [text for text, youngest in ACTIONS.get(agency_type, []) if years >= youngest]


def school_for(rng: random.Random, years: int | None) -> str:
    if years is not None and years < 11:
        return rng.choice(PRIMARY_SCHOOLS)
    if years is not None and years >= 16:
        return rng.choice(COLLEGES)
    return rng.choice(SECONDARY_SCHOOLS)
