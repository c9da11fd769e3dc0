"""Scoring a risk tool's answers: the score, the band it falls in, and the floor rules.

Everything here reads the tool's *definition* (versioned data owned by the partnership);
nothing about indicators, weights, bands, floors or review intervals is a code constant.
The score only suggests a level. The practitioner's judged level is the one that counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The longest a review may be left, whatever a tool says (statutory guidance: 3 months).
MAX_REVIEW_DAYS = 92

CURRENT = "current"
PAST = "past"
ANSWER_CHOICES = [
    ("", "Not seen"),
    (CURRENT, "Seen within its recency window"),
    (PAST, "Seen only before its recency window"),
]


@dataclass(frozen=True)
class Outcome:
    score: int
    band_level: str
    floor_level: str | None
    floor_reasons: list[str] = field(default_factory=list)
    suggested_level: str = ""
    harm_current: bool = False


def levels(definition: dict) -> list[dict]:
    return definition["levels"]


def level_codes(definition: dict) -> list[str]:
    return [level["code"] for level in definition["levels"]]


def level_rank(definition: dict, code: str) -> int:
    return level_codes(definition).index(code)


def level_label(definition: dict, code: str | None) -> str:
    for level in definition.get("levels", []):
        if level["code"] == code:
            return level["label"]
    return code or ""


def review_days(definition: dict, code: str) -> int:
    for level in definition["levels"]:
        if level["code"] == code:
            return min(int(level["review_days"]), MAX_REVIEW_DAYS)
    raise KeyError(code)


def indicators(definition: dict):
    for section in definition["sections"]:
        for indicator in section["indicators"]:
            yield section, indicator


def evidence_answers(definition: dict, evidence, today: dt.date) -> dict[str, dict]:
    """For each indicator whose ``evidence`` kinds the records show: the answer they suggest
    (current when the newest is within the recency window, or when there is no window) and
    their sources, newest first."""
    result = {}
    for _section, indicator in indicators(definition):
        kinds = set(indicator.get("evidence") or [])
        found = sorted(
            (e for e in evidence if e.kind in kinds), key=lambda e: e.occurred_on, reverse=True
        )
        if not found:
            continue
        recency = indicator.get("recency_days")
        recent = not recency or (today - found[0].occurred_on).days <= recency
        result[indicator["code"]] = {
            "answer": CURRENT if recent else PAST,
            "sources": [
                {"text": e.source, "on": e.occurred_on.isoformat(), "href": e.href} for e in found
            ],
        }
    return result


def _counts(indicator: dict, answer: str) -> bool:
    """An answer scores if seen in its window, or at any time if it has no window."""
    if answer == CURRENT:
        return True
    return answer == PAST and not indicator.get("recency_days")


def score(definition: dict, answers: dict[str, str], *, age: int | None) -> Outcome:
    """Score ``answers`` ({indicator code: "current" | "past"}) against a tool definition."""
    total = 0
    current_sections: set[str] = set()
    present: set[str] = set()
    for section, indicator in indicators(definition):
        answer = answers.get(indicator["code"], "")
        if not answer:
            continue
        present.add(indicator["code"])
        if _counts(indicator, answer):
            total += int(indicator["weight"])
            current_sections.add(section["code"])
    band_level = level_codes(definition)[0]
    for band in sorted(definition["bands"], key=lambda b: b["min_score"]):
        if total >= band["min_score"]:
            band_level = band["level"]
    floor_level = None
    reasons = []
    for floor in definition.get("floors", []):
        if not current_sections.intersection(floor.get("and_any_current_in", [])):
            continue
        if not any(_condition(c, age, present) for c in floor.get("applies_if_any", [])):
            continue
        reasons.append(floor["label"])
        if floor_level is None or level_rank(definition, floor["minimum"]) > level_rank(
            definition, floor_level
        ):
            floor_level = floor["minimum"]
    suggested = band_level
    if floor_level and level_rank(definition, floor_level) > level_rank(definition, band_level):
        suggested = floor_level
    return Outcome(
        score=total,
        band_level=band_level,
        floor_level=floor_level,
        floor_reasons=reasons,
        suggested_level=suggested,
        harm_current="harm" in current_sections,
    )


def _condition(condition: dict, age: int | None, present: set[str]) -> bool:
    if condition.get("always"):
        return True
    if "age_under" in condition:
        return age is not None and age < int(condition["age_under"])
    if "indicator_present" in condition:
        return condition["indicator_present"] in present
    return False


def below_floor(definition: dict, judged: str, floor_level: str | None) -> bool:
    return bool(floor_level) and level_rank(definition, judged) < level_rank(
        definition, floor_level
    )


def validate_definition(definition) -> list[str]:
    """Every problem with a tool definition, in words an administrator can act on."""
    problems: list[str] = []
    if not isinstance(definition, dict):
        return ["The tool must be a JSON object with levels, sections, bands and floors"]
    for key in ("levels", "sections", "bands"):
        if not isinstance(definition.get(key), list) or not definition.get(key):
            problems.append(f"The tool needs a non-empty list of {key}")
    if problems:
        return problems
    codes = []
    for level in definition["levels"]:
        if not isinstance(level, dict) or not {"code", "label", "review_days"} <= set(level):
            problems.append("Each level needs a code, a label and review_days")
            continue
        codes.append(level["code"])
        days = level["review_days"]
        if not isinstance(days, int) or days < 1 or days > MAX_REVIEW_DAYS:
            problems.append(
                f"Level {level['code']}: review_days must be between 1 and {MAX_REVIEW_DAYS}"
            )
    if len(set(codes)) != len(codes):
        problems.append("Level codes must be unique")
    seen: set[str] = set()
    section_codes = set()
    for section in definition["sections"]:
        if not isinstance(section, dict) or not section.get("code") or not section.get("title"):
            problems.append("Each section needs a code and a title")
            continue
        section_codes.add(section["code"])
        for indicator in section.get("indicators") or []:
            code = indicator.get("code") if isinstance(indicator, dict) else None
            if not code or not indicator.get("text"):
                problems.append(f"Section {section['code']}: each indicator needs a code and text")
                continue
            if code in seen:
                problems.append(f"Indicator {code} appears more than once")
            seen.add(code)
            kinds = indicator.get("evidence", [])
            if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
                problems.append(f"Indicator {code}: evidence must be a list of record kinds")
            weight = indicator.get("weight")
            if not isinstance(weight, int) or weight < 0:
                problems.append(f"Indicator {code}: weight must be a whole number, 0 or more")
            recency = indicator.get("recency_days")
            if recency is not None and (not isinstance(recency, int) or recency < 1):
                problems.append(
                    f"Indicator {code}: recency_days must be empty or a positive number"
                )
    for band in definition["bands"]:
        if not isinstance(band, dict) or band.get("level") not in codes:
            problems.append("Each band must name one of the levels")
        elif not isinstance(band.get("min_score"), int):
            problems.append(f"Band for {band['level']}: min_score must be a whole number")
    for floor in definition.get("floors") or []:
        if not isinstance(floor, dict) or floor.get("minimum") not in codes:
            problems.append("Each floor must name a minimum level from the levels")
            continue
        if not floor.get("label"):
            problems.append("Each floor needs a label saying what it means")
        unknown = set(floor.get("and_any_current_in") or []) - section_codes
        if unknown or not floor.get("and_any_current_in"):
            problems.append(
                f"Floor '{floor.get('label', '')}': and_any_current_in must name sections"
            )
    return problems
