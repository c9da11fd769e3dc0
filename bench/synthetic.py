"""Synthetic people and agency extracts with known truth, for tests and benchmarks.

Families share a surname and an address; some have twins, and some a child who shares a
parent's full name. Each agency extract holds a noisy copy of some people: typos,
nicknames, day and month swapped, moved addresses, missing identifiers, and now and then
the same person twice. Deterministic for a seed. All names and places are invented.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

import pandas as pd

from triangulate.core.identifiers import nhs_check_digit

FIRST_F = [
    "amelia",
    "olivia",
    "isla",
    "ava",
    "mia",
    "ivy",
    "lily",
    "grace",
    "freya",
    "evie",
    "poppy",
    "ella",
    "chloe",
    "jessica",
    "megan",
    "hannah",
    "aisha",
    "zara",
    "leah",
    "kayla",
    "jade",
    "katie",
    "caitlin",
    "bethany",
    "niamh",
    "priya",
    "tia",
    "shannon",
    "abigail",
    "ruby",
    "rebecca",
    "elizabeth",
    "victoria",
    "jennifer",
    "danielle",
    "paige",
    "summer",
    "nadia",
]
FIRST_M = [
    "oliver",
    "george",
    "noah",
    "arthur",
    "leo",
    "harry",
    "oscar",
    "jack",
    "jacob",
    "thomas",
    "alfie",
    "mohammed",
    "archie",
    "joshua",
    "tyler",
    "kai",
    "jayden",
    "callum",
    "liam",
    "connor",
    "ryan",
    "kyle",
    "reece",
    "declan",
    "aaron",
    "luke",
    "dylan",
    "ethan",
    "mason",
    "riley",
    "daniel",
    "matthew",
    "william",
    "james",
    "robert",
    "michael",
    "benjamin",
    "edward",
]
NICK = {
    "rebecca": "becky",
    "elizabeth": "lizzie",
    "victoria": "vicky",
    "jennifer": "jenny",
    "danielle": "dani",
    "abigail": "abbie",
    "jessica": "jess",
    "daniel": "danny",
    "matthew": "matt",
    "william": "billy",
    "james": "jamie",
    "robert": "bobby",
    "michael": "mikey",
    "benjamin": "ben",
    "edward": "eddie",
    "thomas": "tommy",
    "joshua": "josh",
    "oliver": "ollie",
}
SURNAMES = [
    "smith",
    "jones",
    "taylor",
    "brown",
    "williams",
    "wilson",
    "johnson",
    "davies",
    "robinson",
    "wright",
    "thompson",
    "evans",
    "walker",
    "white",
    "roberts",
    "green",
    "hall",
    "wood",
    "jackson",
    "clarke",
    "patel",
    "khan",
    "hussain",
    "ali",
    "begum",
    "shah",
    "ahmed",
    "lewis",
    "harrison",
    "baker",
    "turner",
    "hill",
    "cooper",
    "ward",
    "morris",
    "king",
    "moore",
    "lee",
    "martin",
    "hughes",
    "edwards",
    "collins",
    "stewart",
    "murphy",
    "kelly",
    "bennett",
    "griffiths",
    "marshall",
    "palmer",
    "holmes",
    "mills",
    "barker",
    "fletcher",
    "nowak",
    "kowalski",
    "okafor",
    "mensah",
    "adeyemi",
    "osei",
    "campbell",
    "reid",
    "fraser",
    "doyle",
    "gallagher",
    "byrne",
    "quinn",
    "sutton",
    "whitfield",
    "ashworth",
    "pemberton",
    "hargreaves",
    "thornbury",
    "ellison",
]
STREETS = [
    "mill lane",
    "church street",
    "station road",
    "victoria road",
    "canal side",
    "albion street",
    "forge close",
    "heron way",
    "larch grove",
    "marsh road",
    "orchard rise",
    "quarry hill",
    "ropewalk",
    "saxon drive",
    "tannery row",
    "weir street",
    "willow court",
    "foundry lane",
]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
TOWNS = ["kingsmere", "ashby vale", "northwick", "eastbrook", "moorcliffe", "thornleigh"]
# Invented surname and street stems: large populations need a realistic long tail of names
# (real registers hold thousands of surnames), or blocking on names would be meaningless.
_STEMS = [
    "ash",
    "bram",
    "brook",
    "carr",
    "dal",
    "elm",
    "fern",
    "gar",
    "hal",
    "holl",
    "kel",
    "lang",
    "mar",
    "nor",
    "oak",
    "pen",
    "rad",
    "stan",
    "thorn",
    "wal",
    "wes",
    "whit",
    "wil",
    "wyn",
]
_ENDS = [
    "by",
    "croft",
    "den",
    "ford",
    "ham",
    "hurst",
    "ley",
    "ton",
    "well",
    "wick",
    "worth",
    "wood",
]
LONG_TAIL_SURNAMES = [a + b for a in _STEMS for b in _ENDS]
LONG_TAIL_STREETS = [
    f"{a.title()}{b} {kind}" for a in _STEMS for b in _ENDS[:6] for kind in ("road", "close")
]

# Populations of 20,000 people or more draw from much larger pools, weighted so that a few
# names are common and most are rare, as in a real register. Without them a million records
# hold ten times more unrelated people sharing a full name and a birthday than a real
# borough would, and blocking on names grows with the square of the register. With these
# weights the commonest first name is about 4% of its sex and the chance that two people
# share a first name is about 1 in 100; the commonest surname is about 1.3% of people and
# two people share a surname about 7 times in 10,000.
LARGE_POPULATION = 20_000
MORE_FIRST_F = [
    "sophia",
    "emily",
    "charlotte",
    "harper",
    "evelyn",
    "florence",
    "willow",
    "rosie",
    "sienna",
    "phoebe",
    "daisy",
    "matilda",
    "elsie",
    "alice",
    "isabella",
    "sofia",
    "millie",
    "maya",
    "esme",
    "ada",
    "penelope",
    "eliza",
    "ayla",
    "hallie",
    "arabella",
    "eva",
    "layla",
    "luna",
    "emilia",
    "georgia",
    "harriet",
    "violet",
    "orla",
    "aurora",
    "bonnie",
    "thea",
    "lucy",
    "imogen",
    "maisie",
    "scarlett",
    "erin",
    "holly",
    "molly",
    "lola",
    "lottie",
    "nancy",
    "edith",
    "mabel",
    "beatrice",
    "iris",
    "clara",
    "martha",
    "ellie",
    "eleanor",
    "zoe",
    "amber",
    "anna",
    "sarah",
    "laura",
    "emma",
    "natalie",
    "amy",
    "rachel",
    "lauren",
    "sophie",
    "georgina",
    "kirsty",
    "gemma",
    "stacey",
    "kelly",
    "louise",
    "claire",
    "nicola",
    "joanne",
    "lisa",
    "michelle",
    "sharon",
    "karen",
    "tracey",
    "julie",
    "helen",
    "fatima",
    "maryam",
    "amira",
    "hafsa",
    "zainab",
    "khadija",
    "ananya",
    "aaliyah",
    "noor",
    "safa",
    "sana",
    "ruqayyah",
    "inaya",
    "eshal",
    "hana",
    "mariam",
    "yasmin",
    "chantelle",
    "keisha",
    "shanice",
    "tanisha",
    "precious",
    "blessing",
    "zofia",
    "natalia",
    "maja",
    "julia",
    "wiktoria",
    "oliwia",
    "amelie",
    "alexandra",
    "ioana",
    "maria",
    "elena",
    "andreea",
    "sara",
    "alina",
    "iqra",
    "simran",
    "jasmine",
    "kiran",
    "harleen",
    "aisling",
    "siobhan",
    "ciara",
    "roisin",
    "eilidh",
    "catrin",
    "seren",
    "ffion",
    "cerys",
]
MORE_FIRST_M = [
    "muhammad",
    "theo",
    "henry",
    "freddie",
    "alexander",
    "isaac",
    "lucas",
    "finley",
    "charlie",
    "teddy",
    "jude",
    "max",
    "ronnie",
    "elijah",
    "hugo",
    "rory",
    "reuben",
    "albert",
    "sonny",
    "louie",
    "ezra",
    "ibrahim",
    "yusuf",
    "omar",
    "ali",
    "hamza",
    "ayaan",
    "zayn",
    "adam",
    "musa",
    "ismail",
    "zakariya",
    "aarav",
    "arjun",
    "rohan",
    "dev",
    "krish",
    "vihaan",
    "kofi",
    "kwame",
    "tobi",
    "david",
    "samuel",
    "joseph",
    "lewis",
    "nathan",
    "andrew",
    "christopher",
    "stephen",
    "paul",
    "mark",
    "lee",
    "darren",
    "craig",
    "scott",
    "gary",
    "wayne",
    "jason",
    "shaun",
    "dean",
    "carl",
    "neil",
    "kevin",
    "simon",
    "peter",
    "anthony",
    "john",
    "richard",
    "jake",
    "sam",
    "toby",
    "harvey",
    "logan",
    "jenson",
    "frankie",
    "stanley",
    "jaxon",
    "caleb",
    "finn",
    "felix",
    "jasper",
    "sebastian",
    "nathaniel",
    "elliot",
    "ellis",
    "owen",
    "gabriel",
    "patrick",
    "sean",
    "conor",
    "cian",
    "oisin",
    "kieran",
    "rhys",
    "gethin",
    "iwan",
    "jakub",
    "szymon",
    "kacper",
    "filip",
    "mateusz",
    "andrei",
    "stefan",
    "luca",
    "mario",
    "marcus",
    "jordan",
    "tyrese",
    "malachi",
    "elias",
    "idris",
    "bilal",
    "tariq",
    "imran",
    "hassan",
]
_PREFIXES = _STEMS + [
    "ab",
    "ald",
    "ar",
    "bar",
    "bel",
    "cal",
    "cor",
    "dun",
    "ed",
    "fal",
    "gil",
    "har",
    "kin",
    "lind",
    "mel",
    "mor",
    "ost",
    "pres",
    "red",
    "roth",
    "sel",
    "shel",
    "sum",
    "tal",
    "ud",
    "ver",
    "wend",
    "york",
    "bev",
    "chal",
    "dor",
    "fen",
    "gos",
    "hather",
    "ing",
    "kirk",
    "lud",
    "nether",
    "pick",
    "quen",
    "rix",
    "sax",
    "tad",
    "un",
    "wick",
]
_MIDS = ["", "er", "in", "ing", "en", "es", "le"]
LARGE_SURNAMES = [a + m + b for a in _PREFIXES for m in _MIDS for b in _ENDS]
_KINDS = ("road", "close", "street", "lane", "way", "avenue", "grove", "drive")
LARGE_STREETS = [f"{a}{b} {kind}" for a in _PREFIXES for b in _ENDS for kind in _KINDS]


def _weights(pool: list[str], exponent: float) -> list[float]:
    """Cumulative weights falling away with rank: the first names in a pool are common."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(pool))))


@dataclass(frozen=True)
class _Pools:
    first_f: list[str]
    first_m: list[str]
    large: bool

    def first(self, rng: random.Random, sex: str) -> str:
        pool = self.first_f if sex == "F" else self.first_m
        if not self.large:
            return rng.choice(pool)
        return rng.choices(pool, cum_weights=_LARGE_FIRST_WEIGHTS[sex])[0]

    def surname(self, rng: random.Random) -> str:
        if not self.large:
            return rng.choice(SURNAMES) if rng.random() < 0.5 else rng.choice(LONG_TAIL_SURNAMES)
        if rng.random() < 0.15:
            return rng.choices(SURNAMES, cum_weights=_COMMON_SURNAME_WEIGHTS)[0]
        return rng.choices(LARGE_SURNAMES, cum_weights=_LARGE_SURNAME_WEIGHTS)[0]

    def street(self, rng: random.Random) -> str:
        return rng.choice(LARGE_STREETS) if self.large else rng.choice(STREETS)


_LARGE_FIRST_WEIGHTS = {
    "F": _weights(FIRST_F + MORE_FIRST_F, 0.5),
    "M": _weights(FIRST_M + MORE_FIRST_M, 0.5),
}
_COMMON_SURNAME_WEIGHTS = _weights(SURNAMES, 0.6)
_LARGE_SURNAME_WEIGHTS = _weights(LARGE_SURNAMES, 0.3)


def _pools(n: int) -> _Pools:
    if n < LARGE_POPULATION:
        return _Pools(FIRST_F, FIRST_M, large=False)
    return _Pools(FIRST_F + MORE_FIRST_F, FIRST_M + MORE_FIRST_M, large=True)


@dataclass
class Person:
    person_id: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    sex: str
    address: str
    postcode: str
    nhs_number: str
    trap: str = ""  # "twin" or "parent_child_same_name" for the false-merge traps


def _nhs(rng: random.Random) -> str:
    while True:
        first_nine = "9" + "".join(str(rng.randint(0, 9)) for _ in range(8))
        check = nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"


def _postcode(rng: random.Random) -> str:
    return f"KM{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"


def people(n: int, *, seed: int = 1, today: dt.date = dt.date(2026, 11, 1)) -> list[Person]:
    """About ``n`` people in families; roughly 3% of families have twins, 3% a same-name parent."""
    rng = random.Random(seed)
    pools = _pools(n)
    out: list[Person] = []
    family = 0
    while len(out) < n:
        family += 1
        surname = pools.surname(rng)
        street = pools.street(rng)
        address = f"{rng.randint(1, 250)} {street} {rng.choice(TOWNS)}"
        postcode = _postcode(rng)
        parent_sex = rng.choice("FM")
        parent_first = pools.first(rng, parent_sex)
        parent_dob = today - dt.timedelta(days=rng.randint(365 * 26, 365 * 50))
        out.append(
            Person(
                f"p{len(out)}",
                parent_first,
                surname,
                parent_dob,
                parent_sex,
                address,
                postcode,
                _nhs(rng),
            )
        )
        children = rng.choice([1, 1, 2, 2, 3])
        twins = children >= 2 and rng.random() < 0.06
        same_name = rng.random() < 0.03
        dob = None
        for index in range(children):
            sex = rng.choice("FM")
            if not (twins and index == 1):
                dob = today - dt.timedelta(days=rng.randint(365 * 4, 365 * 18 - 30))
            trap = ""
            # Siblings (twins included) never share a first name with each other.
            taken = {p.first_name for p in out[len(out) - index :]} | {parent_first}
            first = pools.first(rng, sex)
            while first in taken:
                first = pools.first(rng, sex)
            if twins and index == 1:
                trap = "twin"
                out[-1].trap = "twin"
            if same_name and index == 0:
                sex, first, trap = parent_sex, parent_first, "parent_child_same_name"
                out[-1].trap = "parent_child_same_name"
            out.append(
                Person(f"p{len(out)}", first, surname, dob, sex, address, postcode, _nhs(rng), trap)
            )
    return out[:n]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.4:
        return text[:i] + text[i + 1 :]
    if kind < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeiourstln") + text[i + 1 :]


def _dob_text(rng: random.Random, dob: dt.date) -> str:
    roll = rng.random()
    if roll < 0.03 and dob.day <= 12 and dob.day != dob.month:
        return f"{dob.year:04d}-{dob.day:02d}-{dob.month:02d}"  # day and month swapped
    if roll < 0.05:
        digits = list(dob.isoformat())
        digits[9] = str((int(digits[9]) + 1) % 10)
        return "".join(digits)  # a keying error (may become impossible, then missing)
    if roll < 0.5:
        return f"{dob.day:02d}/{dob.month:02d}/{dob.year:04d}"
    return dob.isoformat()


def extract(
    population: list[Person],
    source: str,
    *,
    coverage: float,
    seed: int,
    nhs_share: float = 0.6,
    noise: float = 0.15,
    duplicate_share: float = 0.02,
    children_only: bool = False,
) -> tuple[pd.DataFrame, dict]:
    """A noisy extract of part of the population, and the truth {record_id: person_id}."""
    rng = random.Random(f"{seed}-{source}")
    pools = _pools(len(population))
    rows, truth = [], {}
    adult_born_before = dt.date(2026, 11, 1) - dt.timedelta(days=int(18 * 365.25))
    for person in population:
        if rng.random() >= coverage:
            continue
        if children_only and person.date_of_birth < adult_born_before:
            continue
        copies = 2 if rng.random() < duplicate_share else 1
        for _ in range(copies):
            first = person.first_name
            if first in NICK and rng.random() < 0.25:
                first = NICK[first]
            elif rng.random() < noise:
                first = _typo(rng, first)
            last = _typo(rng, person.last_name) if rng.random() < noise else person.last_name
            address, postcode = person.address, person.postcode
            if rng.random() < 0.1:  # moved house
                address, postcode = (
                    f"{rng.randint(1, 250)} {pools.street(rng)} kingsmere",
                    _postcode(rng),
                )
            record_id = f"{source[:3].upper()}{len(rows) + 1:07d}"
            rows.append(
                {
                    "record_id": record_id,
                    "first_name": first.title() if rng.random() < 0.5 else first.upper(),
                    "last_name": last.title(),
                    "date_of_birth": _dob_text(rng, person.date_of_birth),
                    "sex": person.sex if rng.random() < 0.95 else "",
                    "address": address.title() if rng.random() > 0.1 else "",
                    "postcode": postcode if rng.random() > 0.1 else "",
                    "nhs_number": person.nhs_number if rng.random() < nhs_share else "",
                }
            )
            truth[record_id] = person.person_id
    return pd.DataFrame(rows), truth


AGENCIES = {"police": 0.35, "health": 0.7, "school": 0.55, "youth_justice": 0.1, "voluntary": 0.15}
NHS_SHARE = {"police": 0.2, "health": 0.95, "school": 0.3, "youth_justice": 0.4, "voluntary": 0.05}


def borough(
    n_people: int, *, seed: int = 1
) -> tuple[dict[str, pd.DataFrame], dict[str, str], list[Person]]:
    """Five agencies' extracts of one population, with truth keyed by "source|record_id"."""
    population = people(n_people, seed=seed)
    frames, truth = {}, {}
    for source, coverage in AGENCIES.items():
        frame, t = extract(
            population,
            source,
            coverage=coverage,
            seed=seed,
            nhs_share=NHS_SHARE[source],
            children_only=source in ("school", "youth_justice"),
        )
        frames[source] = frame
        truth.update({f"{source}|{k}": v for k, v in t.items()})
    return frames, truth, population
