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
