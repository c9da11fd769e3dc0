"""The partnership's own front page at /partnership/, named in the README."""

import datetime as dt

from django.utils import timezone

from triangulate.partnership.models import Recommendation, Source

TODAY = timezone.localdate()


def test_partnership_index_leads_to_every_area_with_its_counts(
    client_for, partnership_manager, make_action, plan
):
    make_action()
    source = Source.objects.create(
        kind="review",
        title="Review of the risk tool",
        author="An independent reviewer",
        body="Kingsmere Safeguarding Children Partnership",
        published_on=TODAY - dt.timedelta(days=200),
    )
    Recommendation.objects.create(
        source=source,
        number="1",
        text="Agree one risk tool",
        addressee="All",
        timescale="immediately",
    )
    response = client_for(partnership_manager).get("/partnership/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Partnership governance" in page
    assert plan.title in page
    for href in (
        "/partnership/plans/",
        "/partnership/recommendations/",
        "/partnership/scrutiny/",
        "/partnership/slippage",
        "/partnership/rag-rules",
        "/partnership/training/",
        "/partnership/audits/",
    ):
        assert f'href="{href}"' in page
    assert "1 recommendation" in page


def test_partnership_index_is_refused_to_someone_outside_the_partnership(client_for, practitioner):
    assert client_for(practitioner).get("/partnership/").status_code == 403
