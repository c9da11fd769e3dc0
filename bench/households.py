"""A second synthetic evaluation set: households seen by three services, with other noise.

    python -m bench households [PEOPLE] [SEED]     # writes nothing; prints the set's make-up

A different generator from the borough (`bench/synthetic.py`), so that thresholds tuned on
one can be reported on the other. Households hold one or two parents and up to four
children, with twins, "juniors" (a child with a parent's full name), and sometimes a
grandparent who shares a first name with a grandchild. Three services each hold a noisy
copy of part of the household: whole values replaced (another first name, a married
surname, a wrong date of birth), one or two typing errors, short forms and known-as names,
day and month swapped, fields missing, moves to another address, first and last names
swapped. Deterministic for a seed; names and places are invented.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass

import pandas as pd

from bench.synthetic import (
    FIRST_F,
    FIRST_M,
    LARGE_STREETS,
    LONG_TAIL_SURNAMES,
    MORE_FIRST_F,
    MORE_FIRST_M,
    Person,
    _nhs,
)
from triangulate.core.nicknames import related_names

TODAY = dt.date(2026, 11, 1)
TOWNS = ["westmarch", "holloway cross", "fenbridge", "the lanes", "oakhurst"]
FIRST = {"F": FIRST_F + MORE_FIRST_F, "M": FIRST_M + MORE_FIRST_M}
SERVICES = {
    # name: (share of people held, share of records with an NHS number, children only)
    "council": (0.6, 0.3, False),
    "clinic": (0.7, 0.9, False),
    "college": (0.6, 0.1, True),
}


@dataclass
class Member(Person):
    """A person in a household; ``trap`` is "twin", "junior" or "grandparent_name"."""

    household: int = 0


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"WM{rng.randint(1, 24)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _address(rng: random.Random) -> tuple[str, str]:
    street = rng.choice(LARGE_STREETS)
    return f"{rng.randint(1, 180)} {street} {rng.choice(TOWNS)}", _postcode(rng)


def _born(rng: random.Random, low_years: int, high_years: int) -> dt.date:
    return TODAY - dt.timedelta(days=rng.randint(int(365.25 * low_years), int(365.25 * high_years)))


def population(n: int, *, seed: int) -> list[Member]:
    """About ``n`` people in households."""
    rng = random.Random(f"households-{seed}")
    out: list[Member] = []
    household = 0

    def add(first, last, dob, sex, address, postcode, trap=""):
        member = Member(f"h{len(out)}", first, last, dob, sex, address, postcode, _nhs(rng), trap)
        member.household = household
        out.append(member)
        return out[-1]

    while len(out) < n:
        household += 1
        surname = rng.choice(LONG_TAIL_SURNAMES) + rng.choice(["", "", "s", "er", "ton"])
        address, postcode = _address(rng)
        parents = []
        for sex in rng.sample("FM", rng.choice([1, 2, 2])):
            parents.append(
                add(rng.choice(FIRST[sex]), surname, _born(rng, 24, 55), sex, address, postcode)
            )
        taken = {p.first_name for p in parents}
        children = rng.choice([1, 1, 2, 2, 3, 4])
        twins = children >= 2 and rng.random() < 0.08
        junior = rng.random() < 0.05
        dob = None
        for index in range(children):
            sex = rng.choice("FM")
            if not (twins and index == 1):
                dob = _born(rng, 1, 17.9)
            first = rng.choice(FIRST[sex])
            while first in taken:
                first = rng.choice(FIRST[sex])
            trap = ""
            if twins and index == 1:
                trap = out[-1].trap = "twin"
            if junior and index == 0:
                parent = parents[0]
                first, sex, trap = parent.first_name, parent.sex, "junior"
                parent.trap = "junior"
            taken.add(first)
            add(first, surname, dob, sex, address, postcode, trap)
        if rng.random() < 0.04:
            # A grandparent at another address who gave a grandchild their first name.
            child = out[-1]
            grand_address, grand_postcode = _address(rng)
            add(
                child.first_name,
                surname,
                _born(rng, 60, 85),
                child.sex,
                grand_address,
                grand_postcode,
                "grandparent_name",
            )
            child.trap = child.trap or "grandparent_name"
    return out[:n]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    for _ in range(1 if rng.random() < 0.8 else 2):
        i = rng.randrange(1, len(text) - 1)
        kind = rng.random()
        if kind < 0.3:
            text = text[:i] + text[i + 1 :]
        elif kind < 0.55:
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        elif kind < 0.8:
            text = text[:i] + rng.choice("abcdefghiklmnoprstuvwy") + text[i + 1 :]
        else:
            text = text[:i] + text[i] + text[i:]  # a doubled letter
    return text


def _short_form(rng: random.Random, first: str) -> str | None:
    forms = sorted(related_names(first))
    return rng.choice(forms) if forms else None


def _dob_text(rng: random.Random, dob: dt.date) -> str:
    roll = rng.random()
    if roll < 0.04 and dob.day <= 12 and dob.day != dob.month:
        dob_text = f"{dob.month:02d}/{dob.day:02d}/{dob.year:04d}"  # day and month swapped
    elif roll < 0.06:
        year = dob.year + rng.choice([-1, 1])
        dob_text = f"{dob.day:02d}/{dob.month:02d}/{year:04d}"  # year keyed wrongly
    elif roll < 0.09:
        day = min(28, max(1, dob.day + rng.choice([-1, 1, -10, 10])))
        dob_text = f"{day:02d}/{dob.month:02d}/{dob.year:04d}"  # one digit slipped
    elif roll < 0.11:
        other = _born(rng, 1, 80)  # replaced by another date altogether
        dob_text = other.strftime("%d/%m/%Y")
    else:
        dob_text = dob.strftime("%d/%m/%Y") if rng.random() < 0.6 else dob.isoformat()
    return dob_text


def _record(rng: random.Random, member: Member, record_id: str, nhs_share: float) -> dict:
    first, last, known_as = member.first_name, member.last_name, ""
    roll = rng.random()
    if roll < 0.03:
        first = rng.choice(FIRST[member.sex])  # another first name altogether
    elif roll < 0.15 and (short := _short_form(rng, first)):
        if rng.random() < 0.5:
            first = short
        else:
            known_as = short
    elif roll < 0.25:
        first = _typo(rng, first)
    roll = rng.random()
    if roll < 0.03:
        last = rng.choice(LONG_TAIL_SURNAMES)  # a surname changed (marriage, a stepfamily)
    elif roll < 0.13:
        last = _typo(rng, last)
    if rng.random() < 0.01:
        first, last = last, first
    address, postcode = member.address, member.postcode
    if rng.random() < 0.15:
        address, postcode = _address(rng)  # moved
    elif rng.random() < 0.08:
        address = _typo(rng, address)

    def maybe(value: str, missing: float) -> str:
        return "" if rng.random() < missing else value

    return {
        "record_id": record_id,
        "first_name": maybe(first.title(), 0.01),
        "last_name": maybe(last.upper() if rng.random() < 0.3 else last.title(), 0.01),
        "known_as": known_as.title(),
        "date_of_birth": maybe(_dob_text(rng, member.date_of_birth), 0.05),
        "sex": maybe(member.sex, 0.1),
        "address": maybe(address.title(), 0.08),
        "postcode": maybe(postcode, 0.12),
        "nhs_number": member.nhs_number if rng.random() < nhs_share else "",
    }


def households(
    n_people: int, *, seed: int
) -> tuple[dict[str, pd.DataFrame], dict[str, str], list[Member]]:
    """Three services' extracts, the truth keyed by "source|record_id", and the people."""
    people = population(n_people, seed=seed)
    adult_before = TODAY - dt.timedelta(days=int(18 * 365.25))
    frames, truth = {}, {}
    for source, (coverage, nhs_share, children_only) in SERVICES.items():
        rng = random.Random(f"households-{seed}-{source}")
        rows = []
        for member in people:
            if children_only and member.date_of_birth < adult_before:
                continue
            if rng.random() >= coverage:
                continue
            for _ in range(2 if rng.random() < 0.03 else 1):
                record_id = f"{source[:2].upper()}{len(rows) + 1:06d}"
                rows.append(_record(rng, member, record_id, nhs_share))
                truth[f"{source}|{record_id}"] = member.person_id
        frames[source] = pd.DataFrame(rows)
    return frames, truth, people


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    people = int(argv[0]) if argv else 3000
    seed = int(argv[1]) if len(argv) > 1 else 1
    frames, truth, members = households(people, seed=seed)
    traps = pd.Series([m.trap for m in members if m.trap]).value_counts().to_dict()
    print(
        f"{sum(len(f) for f in frames.values()):,} records of {len(members):,} people in "
        f"{members[-1].household:,} households; traps: {traps}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
