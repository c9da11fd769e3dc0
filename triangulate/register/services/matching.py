"""Intake matching: likely existing register entries for the details given at the front door.

Before anyone creates a new person, the front door asks "is this child already known?".
Candidates come from a handful of indexed lookups (identifiers, date of birth and its
common keying slips, phonetic family and given names, postcode) and are then scored in
Python, each with the reasons it matched, so a practitioner can judge rather than trust a
number. Only entries the user may see are returned in full; entries held by other
agencies and not shared are counted by agency, so the practitioner can ask for a share.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from triangulate.core import access
from triangulate.core.identifiers import IdentifierError, normalise_nhs_number, normalise_upn
from triangulate.core.nicknames import formal_names, related_names, same_given_name

from ..models import Person, PersonAddress
from ..names import name_key, normalise_name

# At most this many candidates are scored (a last name alone, with nothing else given,
# can match a thousand people: the practitioner should then add more detail).
CANDIDATE_LIMIT = 1000
SHOW_THRESHOLD = 35
# Same names and date of birth (75), or an identifier, is strong; two agreeing pieces possible.
STRONG = 75
POSSIBLE = 50
SCORING_FIELDS = (
    "id",
    "given_name",
    "family_name",
    "known_as",
    "date_of_birth",
    "nhs_number",
    "upn",
    "given_name_key",
    "family_name_key",
    "family_name_lower",
    "owning_agency_id",
    "merged_into_id",
)


@dataclass(frozen=True)
class IntakeDetails:
    given_name: str = ""
    family_name: str = ""
    known_as: str = ""
    date_of_birth: dt.date | None = None
    postcode: str = ""
    nhs_number: str = ""
    upn: str = ""


@dataclass
class Match:
    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def strength(self) -> str:
        if self.score >= STRONG:
            return "Strong"
        if self.score >= POSSIBLE:
            return "Possible"
        return "Weak"


@dataclass(frozen=True)
class Holder:
    """An agency holding likely matches it has not shared: named and counted, never shown."""

    agency_id: int
    name: str
    count: int


@dataclass
class MatchResult:
    matches: list[Match]
    # Agencies holding likely matches they have not shared with the searcher, by name.
    holders: list[Holder] = field(default_factory=list)

    @property
    def withheld(self) -> dict[str, int]:
        """{agency name: count} of likely matches the searcher may not see."""
        return {h.name: h.count for h in self.holders}


def date_variants(value: dt.date) -> dict[dt.date, str]:
    """Dates a keying slip could have produced from ``value``, with what the slip was."""
    variants: dict[dt.date, str] = {}

    def add(day: int, month: int, year: int, why: str) -> None:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return
        if candidate != value:
            variants.setdefault(candidate, why)

    add(value.month, value.day, value.year, "day and month swapped")
    dd, mm, yyyy = f"{value.day:02d}", f"{value.month:02d}", f"{value.year:04d}"
    add(int(dd[::-1]), value.month, value.year, "day digits transposed")
    add(value.day, int(mm[::-1]), value.year, "month digits transposed")
    add(value.day, value.month, int(yyyy[:2] + yyyy[3] + yyyy[2]), "year digits transposed")
    for delta in (-1, 1):
        add(value.day, value.month, value.year + delta, "year one out")
        shifted = value + dt.timedelta(days=delta)
        variants.setdefault(shifted, "one day out")
    return variants


def _names(text: str) -> list[str]:
    return [n for n in (normalise_name(part) for part in text.split(",")) if n]


def _first_words(names: list[str]) -> list[str]:
    return [n.split(" ")[0] for n in names if n]


def _candidate_filter(actor, details: IntakeDetails, dates: list[dt.date]) -> Q | None:
    """Which entries are worth scoring: narrow, indexed conditions that each pair two pieces
    of evidence, joined with OR so the database answers them in one query.

    Pairing keeps the candidate set small on a large register (a family name alone can
    match a thousand people) while still catching one wrong piece: a misspelt last name
    (first name with date of birth), a nickname (last name with date of birth or known-as
    names), a slipped date of birth (names with the date's variants).
    """
    terms: list[Q] = []
    if details.nhs_number:
        terms.append(Q(nhs_number=details.nhs_number))
    if details.upn:
        terms.append(Q(upn=details.upn))
    family_key = name_key(details.family_name)
    given_names = _first_words(_names(details.given_name) + _names(details.known_as))
    # A short form also looks for its formal names ("Robbie": Robert; "Lexi": Alexandra).
    given_keys = sorted(
        {name_key(n) for n in given_names}
        | {name_key(f) for n in given_names for f in related_names(n)}
    )
    given_keys = [k for k in given_keys if k]
    family = normalise_name(details.family_name)
    if family_key:
        if given_keys:
            terms.append(Q(family_name_key=family_key, given_name_key__in=given_keys))
            # A slip that changes the sound of the last name ("Begun" for Begum): the first
            # name with the last name's first letters; scoring then weighs the spelling.
            if len(family) >= 3:
                terms.append(
                    Q(given_name_key__in=given_keys, family_name_lower__startswith=family[:3])
                )
        if dates:
            terms.append(Q(family_name_key=family_key, date_of_birth__in=dates))
        # With a date of birth, last name and date already find a nickname's owner.
        for name in given_names if not dates else ():
            if len(name) >= 2:
                terms.append(Q(family_name_key=family_key, known_as__icontains=name))
        if not dates and not given_keys:
            terms.append(Q(family_name_key=family_key))
    if dates and given_keys:
        terms.append(Q(date_of_birth__in=dates, given_name_key__in=given_keys))
    if dates and not family_key and not given_keys:
        terms.append(Q(date_of_birth__in=dates))
    if details.postcode:
        # Fetched first: a subquery inside the OR stops PostgreSQL combining the indexes.
        household = list(
            _addresses_not_withheld(actor)
            .filter(postcode=details.postcode, to_date__isnull=True)
            .values_list("person_id", flat=True)[:200]
        )
        if household:
            terms.append(Q(id__in=household))
    return reduce(or_, terms) if terms else None


def _addresses_not_withheld(actor):
    """Every agency's addresses but those withheld from ``actor`` (never matched by postcode)."""
    held = access.withheld_where(actor, PersonAddress)
    rows = PersonAddress._default_manager.all()
    return rows if held is None else rows.exclude(held)


def _similar(a: str, b: str) -> float:
    return JaroWinkler.similarity(a, b) if a and b else 0.0


def _score_names(details: IntakeDetails, person: Person, reasons: list[str]) -> int:
    score = 0
    family = normalise_name(details.family_name)
    p_family = person.family_name_lower or normalise_name(person.family_name)
    if family:
        if family == p_family:
            score += 25
            reasons.append("Same last name")
        elif name_key(family) == person.family_name_key:
            score += 20
            reasons.append(f"Last name sounds the same ({person.family_name})")
        elif _similar(family, p_family) >= 0.88:
            score += 15
            reasons.append(f"Last name spelt similarly ({person.family_name})")
    given_in = _first_words(_names(details.given_name) + _names(details.known_as))
    if given_in:
        p_given = normalise_name(person.given_name).split(" ")[0]
        p_known = _first_words(_names(person.known_as))
        best, why = 0, ""
        for name in given_in:
            if name == p_given:
                best, why = max((best, why), (20, "Same first name"))
            elif name in p_known:
                best, why = max((best, why), (18, f"Known as {name.title()}"))
            elif same_given_name(name, p_given):
                # Either way round: "Robbie" given for Robert, or Robbie registered as such.
                if p_given in formal_names(name):
                    short = f"{name.title()} can be short for {person.given_name}"
                else:
                    short = f"{person.given_name} can be short for {name.title()}"
                best, why = max((best, why), (18, short))
            elif name_key(name) == person.given_name_key:
                best, why = max(
                    (best, why), (15, f"First name sounds the same ({person.given_name})")
                )
            elif _similar(name, p_given) >= 0.88:
                best, why = max(
                    (best, why), (12, f"First name spelt similarly ({person.given_name})")
                )
            elif any(_similar(name, k) >= 0.9 for k in p_known):
                best, why = max((best, why), (10, "Similar to a known-as name"))
        if best:
            score += best
            reasons.append(why)
    return score


def score(details: IntakeDetails, person: Person, dates: dict, postcodes: set[str]) -> Match:
    reasons: list[str] = []
    total = 0
    if details.nhs_number and person.nhs_number == details.nhs_number:
        total += 100
        reasons.append("Same NHS number")
    if details.upn and person.upn == details.upn:
        total += 100
        reasons.append("Same unique pupil number")
    if details.date_of_birth and person.date_of_birth:
        if person.date_of_birth == details.date_of_birth:
            total += 30
            reasons.append("Same date of birth")
        elif person.date_of_birth in dates:
            total += 15
            reasons.append(f"Date of birth close ({dates[person.date_of_birth]})")
    total += _score_names(details, person, reasons)
    if details.postcode and details.postcode in postcodes:
        total += 15
        reasons.append(f"Lives at {details.postcode}")
    return Match(person=person, score=total, reasons=reasons)


def normalise_details(details: IntakeDetails) -> IntakeDetails:
    """Identifiers that do not validate are ignored for matching (never 'fixed')."""
    nhs, upn = "", ""
    try:
        nhs = normalise_nhs_number(details.nhs_number) if details.nhs_number else ""
    except IdentifierError:
        nhs = ""
    try:
        upn = normalise_upn(details.upn) if details.upn else ""
    except IdentifierError:
        upn = ""
    return IntakeDetails(
        given_name=details.given_name,
        family_name=details.family_name,
        known_as=details.known_as,
        date_of_birth=details.date_of_birth,
        postcode=(details.postcode or "").strip().upper(),
        nhs_number=nhs,
        upn=upn,
    )


def find_matches(*, actor, details: IntakeDetails, limit: int = 10) -> MatchResult:
    """Likely existing entries for these details, best first, each with why it matched.

    Reads through the access policy: entries the actor may not see are only counted.
    Auditing is the caller's job (the front door audits the search with its contact).
    """
    details = normalise_details(details)
    dates = {}
    if details.date_of_birth:
        dates = {details.date_of_birth: "exact", **date_variants(details.date_of_birth)}
    condition = _candidate_filter(actor, details, list(dates))
    if condition is None:
        return MatchResult([])
    # Merged entries are dropped here rather than in SQL: "merged_into IS NULL" would tempt
    # SQLite's planner away from the matching indexes onto a scan.
    people = [
        p
        for p in Person._default_manager.filter(condition)
        .only(*SCORING_FIELDS)
        .order_by("id")[:CANDIDATE_LIMIT]
        if p.merged_into_id is None
    ]
    if not people:
        return MatchResult([])
    postcodes: dict[int, set[str]] = {}
    if details.postcode:
        for person_id, postcode in (
            _addresses_not_withheld(actor)
            .filter(
                person_id__in=[p.id for p in people],
                postcode=details.postcode,
                to_date__isnull=True,
            )
            .values_list("person_id", "postcode")
        ):
            postcodes.setdefault(person_id, set()).add(postcode)
    scored = [score(details, p, dates, postcodes.get(p.id, set())) for p in people]
    likely = [m for m in scored if m.score >= SHOW_THRESHOLD]
    likely.sort(key=lambda m: (-m.score, m.person.family_name, m.person.id))
    likely = likely[: limit * 3]
    # Full records (with the holding agency) only for what may be shown or counted.
    full = Person._default_manager.select_related("owning_agency").in_bulk(
        [m.person.id for m in likely]
    )
    for m in likely:
        m.person = full[m.person.id]
    visible_ids = set(
        access.visible(actor, Person)
        .filter(id__in=[m.person.id for m in likely])
        .values_list("id", flat=True)
    )
    shown = [m for m in likely if m.person.id in visible_ids][:limit]
    # Every entry good enough to show is counted when it cannot be shown: two names that
    # agree (a misspelt last name with the same first name) are worth asking about.
    withheld = Counter(
        (m.person.owning_agency.name, m.person.owning_agency_id)
        for m in likely
        if m.person.id not in visible_ids
    )
    holders = [Holder(agency_id, name, count) for (name, agency_id), count in withheld.items()]
    return MatchResult(shown, sorted(holders, key=lambda h: (h.name, h.agency_id)))
