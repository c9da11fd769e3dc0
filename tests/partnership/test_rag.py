"""RAG by rule: every colour comes from the rule set in force, and says which rule."""

import datetime as dt

import pytest

from triangulate.partnership.models import RagRuleSet
from triangulate.partnership.services import rag

TODAY = dt.date(2026, 6, 15)


def facts(*, target_in=120, signed_off=False, continuing=False, slips=0, evidence_days_ago=None):
    return rag.ActionFacts(
        target_date=TODAY + dt.timedelta(days=target_in),
        signed_off=signed_off,
        continuing=continuing,
        slips=slips,
        last_evidence_on=None
        if evidence_days_ago is None
        else TODAY - dt.timedelta(days=evidence_days_ago),
    )


@pytest.fixture
def rules(db):
    return RagRuleSet.objects.get(version=1).rules


@pytest.mark.parametrize(
    ("case", "status", "rule"),
    [
        ({"evidence_days_ago": 10}, "green", 7),
        ({"evidence_days_ago": 45}, "amber", 8),
        ({"target_in": 20, "evidence_days_ago": 45}, "amber", 6),
        ({"target_in": 20, "evidence_days_ago": 5}, "green", 7),
        ({"slips": 1, "evidence_days_ago": 2}, "amber", 5),
        ({"slips": 2, "evidence_days_ago": 2}, "red", 4),
        ({"target_in": -1, "evidence_days_ago": 2}, "red", 3),
        ({"target_in": -30, "signed_off": True}, "blue", 1),
        ({"continuing": True, "target_in": -400}, "continuing", 2),
    ],
)
def test_each_rule_gives_its_colour_and_names_itself(rules, case, status, rule):
    got_status, got_rule, text = rag.evaluate(facts(**case), rules, TODAY)
    assert (got_status, got_rule) == (status, rule)
    assert text == rules[rule - 1]["text"]


def test_continuing_work_is_never_green(rules):
    status, _, _ = rag.evaluate(facts(continuing=True, evidence_days_ago=1), rules, TODAY)
    assert status == "continuing"


def test_a_new_rule_version_changes_colours_without_code(db, rules):
    stricter = [dict(rule) for rule in rules]
    stricter[6] = {
        "status": "green",
        "when": {"evidence_within_days": 7},
        "text": "Green: evidence in the last week",
    }
    rag.validate_rules(stricter)
    RagRuleSet.objects.create(version=3, in_force_from=TODAY, rules=stricter)
    rule_set = rag.rules_in_force(TODAY)
    assert rule_set.version == 3
    assert rag.evaluate(facts(evidence_days_ago=10), rule_set.rules, TODAY)[0] == "amber"
    # Before version 3 came into force, an earlier version still explains the colour.
    assert rag.rules_in_force(TODAY - dt.timedelta(days=1)).version == 1


@pytest.mark.parametrize(
    "broken",
    [
        [
            {"status": "green", "when": {"vibes": True}, "text": "x"},
            {"status": "amber", "when": {}, "text": "y"},
        ],
        [{"status": "green", "when": {"overdue": True}, "text": "x"}],
        [{"status": "purple", "when": {}, "text": "x"}],
        [{"status": "amber", "when": {}, "text": ""}],
    ],
)
def test_rule_sets_that_cannot_explain_every_colour_are_refused(broken):
    with pytest.raises(rag.InvalidRules):
        rag.validate_rules(broken)


def test_version_one_is_valid(rules):
    rag.validate_rules(rules)


def test_a_manager_adds_a_rules_version_on_screen(client_for, partnership_manager, rules):
    import json

    from django.utils import timezone

    client = client_for(partnership_manager)
    start = timezone.localdate()
    base = {
        "in_force_from-day": start.day,
        "in_force_from-month": start.month,
        "in_force_from-year": start.year,
        "note": "Board asked for weekly evidence",
        "min_note_words": 8,
        "needs_link_or_file": "on",
    }
    bad = client.post("/partnership/rag-rules/new", {**base, "rules": json.dumps(rules[:-1])})
    assert bad.status_code == 400
    assert "The last rule must have no conditions" in bad.content.decode()
    new_rules = [dict(rule) for rule in rules]
    new_rules[6] = {
        "status": "green",
        "when": {"evidence_within_days": 7},
        "text": "Green: evidence this week",
    }
    assert (
        client.post(
            "/partnership/rag-rules/new", {**base, "rules": json.dumps(new_rules)}
        ).status_code
        == 302
    )
    new = rag.rules_in_force(start)
    assert new.version == 3
    assert new.evidence == {"min_note_words": 8, "needs_link_or_file": True}
    assert "Green: evidence this week" in client.get("/partnership/rag-rules").content.decode()
