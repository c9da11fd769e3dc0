"""Recommendation numbers are text, as reports write them: 4.7, 4.10, 12a."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from triangulate.partnership.models import Source

TODAY = timezone.localdate()


@pytest.fixture
def source(db):
    return Source.objects.create(
        kind="review",
        title="Review of the risk tool",
        author="An independent reviewer",
        body="Kingsmere Safeguarding Children Partnership",
        published_on=TODAY - dt.timedelta(days=20),
    )


def test_numbering_such_as_4_7_is_imported_and_listed_in_report_order(
    client_for, partnership_manager, source
):
    content = (
        b"number,recommendation,addressee,timescale,due date\n"
        b"4.10,Review the tool each year,All partners,6 months,\n"
        b"4.7,Agree one county-wide risk tool,All partners,3 months,\n"
        b"4.9a,Train staff in the tool,Children's Services,immediately,\n"
    )
    client = client_for(partnership_manager)
    response = client.post(
        f"/partnership/sources/{source.pk}/import",
        {"file": SimpleUploadedFile("recs.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert sorted(source.recommendations.values_list("number", flat=True)) == [
        "4.10",
        "4.7",
        "4.9a",
    ]
    page = client.get(f"/partnership/sources/{source.pk}").content.decode()
    assert page.index(">4.7<") < page.index(">4.9a<") < page.index(">4.10<")


def test_a_number_with_spaces_or_symbols_is_named_and_nothing_imported(
    client_for, partnership_manager, source
):
    content = (
        b"number,recommendation,addressee,timescale,due date\n"
        b"4.7,Agree one county-wide risk tool,All partners,3 months,\n"
        b"=4 + 1,Something,All partners,3 months,\n"
    )
    response = client_for(partnership_manager).post(
        f"/partnership/sources/{source.pk}/import",
        {"file": SimpleUploadedFile("recs.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 400
    assert "Row 3: number must be like 4, 4.7 or 4.7a" in response.content.decode()
    assert not source.recommendations.exists()


def test_the_add_form_accepts_4_7(client_for, partnership_manager, source):
    response = client_for(partnership_manager).post(
        f"/partnership/sources/{source.pk}/new",
        {
            "number": "4.7",
            "text": "Agree one county-wide risk tool",
            "addressee": "All partners",
            "timescale": "3_months",
        },
    )
    assert response.status_code == 302
    assert source.recommendations.get().number == "4.7"
