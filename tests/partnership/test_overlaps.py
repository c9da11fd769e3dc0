"""Overlap detection finds a duplicate that a different author worded differently."""

import datetime as dt

from django.utils import timezone

from triangulate.partnership.models import Recommendation, Source
from triangulate.partnership.services import recommendations as services

TODAY = timezone.localdate()


def _source(title, kind):
    return Source.objects.create(
        kind=kind,
        title=title,
        author="Author of " + title,
        body="Kingsmere Safeguarding Children Partnership",
        published_on=TODAY - dt.timedelta(days=40),
    )


def test_a_paraphrased_recommendation_from_another_review_is_offered_as_an_overlap(
    client_for, partnership_manager
):
    review = _source("Independent inquiry", "review")
    audit = _source("Partnership audit report", "audit")
    first = Recommendation.objects.create(
        source=review,
        number="3",
        text="Audit a sample of exploitation case files every year",
        addressee="The partnership",
        timescale="6_months",
    )
    second = Recommendation.objects.create(
        source=audit,
        number="1.2",
        text="Carry out an annual multi-agency case file audit focused on exploitation",
        addressee="All partners",
        timescale="6_months",
    )
    assert [(o.first, o.second) for o in services.overlaps()] == [(first, second)]
    page = client_for(partnership_manager).get("/partnership/recommendations/overlaps")
    assert "Carry out an annual multi-agency case file audit" in page.content.decode()


def _recommendation(source, number, text):
    return Recommendation.objects.create(
        source=source,
        number=number,
        text=text,
        addressee="The partnership",
        timescale="6_months",
    )


def test_a_plan_asked_for_in_other_words_is_offered_as_an_overlap(client_for, partnership_manager):
    # "strategy" and "plan", "multi-agency" and "partnership" name the same things: the
    # wording alone scores 53 and was never offered.
    strategy = _recommendation(
        _source("Review of Child T", "review"), "2", "Develop a multi-agency training strategy"
    )
    plan = _recommendation(
        _source("Joint inspection", "inspection"), "4.1", "Produce a partnership training plan"
    )
    assert [(o.first, o.second, o.score) for o in services.overlaps()] == [(strategy, plan, 100)]
    page = client_for(partnership_manager).get("/partnership/recommendations/overlaps")
    assert "Produce a partnership training plan" in page.content.decode()


def test_recommendations_sharing_a_form_of_words_but_asking_different_things_are_not_offered(
    client_for, partnership_manager
):
    # Same verbs and frame, different agencies and harms: the wording alone scores 73 and
    # this pair was offered; what they ask for overlaps at 65, under the register's 76.
    _recommendation(
        _source("Review of Child T", "review"),
        "3",
        "Review how the police share information about domestic abuse with schools",
    )
    _recommendation(
        _source("Health audit", "audit"),
        "1",
        "Review how health visitors share information about neglect with GPs",
    )
    assert services.overlaps() == []
    page = client_for(partnership_manager).get("/partnership/recommendations/overlaps")
    assert "Review how health visitors share information" not in page.content.decode()
