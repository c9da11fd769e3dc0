"""Plan colours count milestones and real evidence; progress notes cannot be back- or forward-dated."""

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.partnership.models import Action, Milestone
from triangulate.partnership.services import PartnershipError, rag
from triangulate.partnership.services import plan_records as records
from triangulate.partnership.services import plans as services

TODAY = timezone.localdate()
SUBSTANTIVE = (
    "Twelve of fifteen schools held the assembly; feedback forms from pupils are attached."
)


def _rating(action):
    action = records.with_history(Action.objects.filter(pk=action.pk)).get()
    return rag.rate(action, rag.rules_in_force(TODAY), TODAY)


def _update(action, by, note=SUBSTANTIVE, written_on=None, link="https://example.org/evidence"):
    action.refresh_from_db()
    written_on = written_on or TODAY  # today when the test runs, not when it was imported
    return services.update_add(
        actor=by,
        action=action,
        expected_version=action.version,
        note=note,
        written_on=written_on,
        evidence_link=link,
    )


def test_an_action_with_a_milestone_two_months_overdue_is_not_green(make_action, action_lead):
    action = make_action(days_ahead=200)
    _update(action, action_lead)
    assert _rating(action).status == "green"
    Milestone.objects.create(
        action=action, title="Schools signed up", target_date=TODAY - dt.timedelta(days=60)
    )
    rating = _rating(action)
    assert rating.status == "red"
    assert "milestone" in rating.reason.lower()


def test_a_milestone_just_missed_makes_the_action_amber_until_it_is_done(
    make_action, action_lead, client_for
):
    action = make_action(days_ahead=200)
    _update(action, action_lead)
    milestone = Milestone.objects.create(
        action=action, title="Schools signed up", target_date=TODAY - dt.timedelta(days=3)
    )
    assert _rating(action).status == "amber"
    response = client_for(action_lead).post(f"/partnership/milestones/{milestone.pk}/done")
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == TODAY
    assert _rating(action).status == "green"


def test_a_one_word_note_with_any_link_does_not_turn_an_action_green(make_action, action_lead):
    action = make_action(days_ahead=200)
    _update(action, action_lead, note="Discussed.", link="https://example.org/x")
    rating = _rating(action)
    assert rating.status != "green"
    assert rating.facts.last_evidence_on is None


def test_evidence_rules_are_data_in_the_rule_set(make_action, action_lead):
    rule_set = rag.rules_in_force(TODAY)
    assert rule_set.evidence["min_note_words"] >= 5
    assert rule_set.evidence["needs_link_or_file"] is True


def test_a_progress_note_cannot_be_dated_in_the_future(make_action, action_lead, client_for):
    action = make_action()
    with pytest.raises(PartnershipError):
        _update(action, action_lead, written_on=TODAY + dt.timedelta(days=1))
    assert not action.updates.exists()


def test_a_progress_note_cannot_be_dated_before_the_previous_update(
    make_action, action_lead, client_for
):
    action = make_action(created_at=timezone.now() - dt.timedelta(days=60))
    _update(action, action_lead, written_on=TODAY - dt.timedelta(days=5))
    earlier = TODAY - dt.timedelta(days=20)
    with pytest.raises(PartnershipError):
        _update(action, action_lead, written_on=earlier)
    action.refresh_from_db()
    response = client_for(action_lead).post(
        f"/partnership/actions/{action.pk}/update",
        {
            "written_on-day": earlier.day,
            "written_on-month": earlier.month,
            "written_on-year": earlier.year,
            "note": SUBSTANTIVE,
            "evidence_link": "https://example.org/e",
            "version": action.version,
        },
    )
    assert response.status_code == 400
    assert "on or after the date of the previous update" in response.content.decode()
    assert action.updates.count() == 1
