"""Scoring, bands, floor rules and review intervals, read from the tool's definition."""

import copy

import pytest

from triangulate.risk import scoring
from triangulate.risk.starter_tool import STARTER_DEFINITION as TOOL

TWO_SIGNS = {"adults_of_concern": "current", "unexplained_items": "current"}


def test_signs_within_their_window_score_their_weight():
    outcome = scoring.score(TOOL, TWO_SIGNS, age=15)
    assert outcome.score == 4
    assert outcome.band_level == "low"
    assert outcome.suggested_level == "low"
    assert outcome.floor_level is None


def test_signs_seen_only_before_their_window_do_not_score_but_timeless_ones_do():
    outcome = scoring.score(TOOL, {"adults_of_concern": "past", "substances": "past"}, age=15)
    assert outcome.score == 1  # the vulnerability has no window; the old sign does not count


def test_under_13_with_exploitation_signs_is_lifted_to_medium():
    outcome = scoring.score(TOOL, TWO_SIGNS, age=12)
    assert outcome.band_level == "low"
    assert outcome.floor_level == "medium"
    assert outcome.suggested_level == "medium"
    assert "under 13" in outcome.floor_reasons[0]
    assert scoring.below_floor(TOOL, "low", outcome.floor_level)
    assert not scoring.below_floor(TOOL, "high", outcome.floor_level)


def test_under_13_without_exploitation_signs_has_no_floor():
    outcome = scoring.score(TOOL, {"family_strain": "current"}, age=12)
    assert outcome.floor_level is None
    assert outcome.suggested_level == "low"


def test_learning_disability_floor_applies_at_any_age():
    answers = {**TWO_SIGNS, "learning_disability": "current"}
    assert scoring.score(TOOL, answers, age=16).floor_level == "medium"


def test_current_harm_means_at_least_high():
    outcome = scoring.score(TOOL, {"criminal_exploitation": "current"}, age=16)
    assert outcome.band_level == "low"
    assert outcome.floor_level == "high"
    assert outcome.harm_current


def test_bands_come_from_the_definition():
    tool = copy.deepcopy(TOOL)
    tool["bands"] = [{"min_score": 0, "level": "none"}, {"min_score": 3, "level": "high"}]
    assert scoring.score(tool, TWO_SIGNS, age=15).band_level == "high"


def test_review_intervals_come_from_the_tool_and_never_exceed_three_months():
    assert scoring.review_days(TOOL, "high") == 28
    assert scoring.review_days(TOOL, "low") == 90
    tool = copy.deepcopy(TOOL)
    tool["levels"][0]["review_days"] = 365
    assert scoring.review_days(tool, "none") == scoring.MAX_REVIEW_DAYS
    assert any("review_days" in p for p in scoring.validate_definition(tool))


def test_the_starter_tool_is_valid():
    assert scoring.validate_definition(TOOL) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.update(bands=[{"min_score": 0, "level": "severe"}]), "band must name"),
        (
            lambda t: t["sections"][0]["indicators"].append(
                dict(t["sections"][0]["indicators"][0])
            ),
            "more than once",
        ),
        (lambda t: t["floors"][0].update(minimum="urgent"), "minimum level"),
        (lambda t: t["sections"][1]["indicators"][0].update(weight=-2), "weight"),
    ],
)
def test_invalid_definitions_are_explained(change, message):
    tool = copy.deepcopy(TOOL)
    change(tool)
    problems = scoring.validate_definition(tool)
    assert any(message in p for p in problems), problems
