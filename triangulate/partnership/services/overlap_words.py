"""Recommendation wording reduced to what it asks for, so that two authors' words compare.

Reviews, inspections and audits name the same thing in different words: one asks for a
"strategy", another for a "plan"; one for a "county-wide tool", another for "the same
assessment" used by every partner. Before two recommendations are compared, each word is cut
to its stem, words naming the same thing in safeguarding practice are replaced by one word
for it, and words that every recommendation uses ("ensure", "develop", "all agencies should")
are dropped.

The vocabulary is written from the general language of safeguarding partnerships (statutory
guidance, inspection and review reports), not from any set of recommendations it is measured
on. Add to a group only a word that names the same thing in any recommendation: a word that
is near in one pair and different in another makes the register flag look-alikes. The
held-out half of `bench recommendation_overlaps` has been seen once with this vocabulary: a
change to it needs new labelled pairs to be measured on (docs/benchmarks.md).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

# Phrases read as one word before words are split; hyphens join words ("multi-agency").
PHRASES = {
    "strategy meeting": "strategymeeting",
    "strategy discussion": "strategymeeting",
    "young people": "child",
    "young person": "child",
    "local authority": "council",
    "social care": "council",
    "front door": "frontdoor",
    "safeguarding hub": "frontdoor",
    "go missing": "missing",
    "goes missing": "missing",
    "run away": "missing",
    "runs away": "missing",
    "mental health": "mentalhealth",
    "emotional wellbeing": "mentalhealth",
    "domestic abuse": "domesticabuse",
    "domestic violence": "domesticabuse",
    "raise awareness": "campaign",
    "raising awareness": "campaign",
    "social media": "online",
    "quality assurance": "audit",
    "dip sample": "audit",
    "lived experience": "voice",
    "twelve months": "year",
    "12 months": "year",
    "general practice": "health",
    "without delay": "prompt",
    "lessons learned": "learn",
}

# Words naming one thing: the first word of each group stands for the group.
GROUPS = [
    "plan strategy framework approach programme",
    "tool assessment screening checklist toolkit",
    "review revise refresh update renew revisit rewrite redraft",
    "train training learning learn course elearning briefing workshop upskill",
    "share sharing exchange disclose",
    "common countywide boroughwide single shared one same consistent standard standardised"
    " unified uniform",
    "partner multiagency interagency partnership agency organisation joint",
    "staff practitioner professional workforce worker colleague frontline",
    "child children adolescent teenager youth",
    "parent carer family caregiver household",
    "missing absent absence abscond runaway",
    "interview conversation discussion debrief",
    "exploit exploitation exploited cse cce groom grooming",
    "information data intelligence info",
    "audit evaluate evaluation monitor monitoring scrutiny scrutinise sample",
    "record case file casefile",
    "year annual annually yearly",
    "month monthly",
    "recognise identify spot notice aware awareness understand understanding detect",
    "refer referral report notify inform alert",
    "escalate escalation dispute disagreement challenge",
    "procedure protocol guidance policy pathway process",
    "define definition meaning",
    "voice view wish feeling",
    "supervise supervision oversight",
    "threshold criteria eligibility",
    "meeting conference panel forum",
    "school education college teacher",
    "police constabulary officer",
    "health nhs gp hospital nurse doctor clinician midwife",
    "council",
    "prompt timely promptly quickly swiftly immediately",
    "help support service intervention provision",
    "context contextual location neighbourhood community extrafamilial",
    "disrupt disruption",
    "map mapping profile",
    "measure dashboard performance indicator metric",
    "leader leadership board governance executive",
    "campaign publicise publicity leaflet poster",
    "online internet digital",
    "three 3",
    "two 2",
    "four 4",
]

# Words every recommendation uses whatever it asks for.
_COMMON_TEXT = """
    a an the of to for and or in on at by with within from into about across between through
    up how when where there as if than then also both so that which who whom whose what this
    these those their them they its it our we us be been being is are was were have has had
    do does should must need needs will would can could may all every each any new people
    person including include relevant key clear clearly appropriate effective effectively
    fully develop produce create establish introduce adopt agree implement make set carry out
    undertake ensure consider put place provide offer deliver give use used using take improve
    strengthen enhance better
"""
COMMON_WORDS = set(_COMMON_TEXT.split())


def stem(word: str) -> str:
    """A light suffix-stripper: "training", "trained" and "trains" all become "train"."""
    for suffix, keep in (
        ("ations", 4),
        ("ation", 4),
        ("ings", 3),
        ("ing", 3),
        ("ments", 4),
        ("ment", 4),
        ("ies", 3),
        ("ied", 3),
        ("ed", 3),
        ("es", 4),
        ("s", 3),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            if suffix in ("s", "es") and word.endswith(("ss", "us", "is")):
                return word
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            elif len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
                word = word[:-1]  # planning -> plann -> plan
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _canonical(of) -> dict[str, str]:
    canonical = {}
    for group in GROUPS:
        words = group.split()
        for word in words:
            canonical.setdefault(of(word), words[0])
    return canonical


# A word as written is looked up first ("shared" is common, "sharing" is to share), then its
# stem (where two groups share a stem, the earlier group has it).
EXACT = _canonical(str)
CANONICAL = _canonical(stem)
_COMMON_STEMS = {stem(w) for w in COMMON_WORDS} | COMMON_WORDS
_PHRASE = re.compile("|".join(r"\b" + re.escape(p) + r"\b" for p in PHRASES))


def concepts(text: str) -> list[str]:
    """The words of a recommendation that say what it asks for, one word per thing."""
    text = re.sub(r"(?<=[a-z])[-\u2010\u2011](?=[a-z])", "", text.lower().replace("’", "'"))
    text = _PHRASE.sub(lambda m: PHRASES[m.group(0)], text)
    found = []
    for word in re.findall(r"[a-z0-9]+", text):
        if word in COMMON_WORDS:
            continue
        if word in EXACT:
            found.append(EXACT[word])
            continue
        stemmed = stem(word)
        if stemmed not in _COMMON_STEMS:
            found.append(CANONICAL.get(stemmed, stemmed))
    return found


def wording(text: str) -> str:
    """A recommendation's concepts as one string, to compare with `score`."""
    return " ".join(concepts(text))


def score(first_wording: str, second_wording: str) -> int:
    """How far two recommendations ask for the same things, 0 to 100: token-set similarity
    of their concepts, so word order and repeated words are ignored."""
    return round(fuzz.token_set_ratio(first_wording, second_wording))


def similarity(first: str, second: str) -> int:
    return score(wording(first), wording(second))
