"""The recommendations register: import all-or-nothing, links to actions, overlaps."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from triangulate.partnership.models import Recommendation, Source
from triangulate.partnership.services import recommendations as services

GOOD = (
    "number,recommendation,addressee,timescale,due date\n"
    "1,Ensure every risk assessment is current,Children's Services,3 months,\n"
    "2,Offer every missing child a return interview,All partners,date,30/09/2026\n"
)


def test_a_good_csv_imports_every_row(client_for, partnership_manager, source):
    upload = SimpleUploadedFile("recs.csv", GOOD.encode())
    response = client_for(partnership_manager).post(
        f"/partnership/sources/{source.pk}/import", {"file": upload}
    )
    assert response.status_code == 302
    recs = list(
        source.recommendations.order_by("number").values_list("number", "timescale", "due_on")
    )
    assert recs == [("1", "3_months", None), ("2", "date", dt.date(2026, 9, 30))]


def test_one_bad_row_rejects_the_whole_file_and_names_the_rows(
    client_for, partnership_manager, source
):
    bad = (
        GOOD
        + "x 1,,Police,next year,31/02/2026\n3,Fine row,Police,immediately,\n2,Duplicate number,Police,immediately,\n"
    )
    upload = SimpleUploadedFile("recs.csv", bad.encode())
    response = client_for(partnership_manager).post(
        f"/partnership/sources/{source.pk}/import", {"file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 4: number must be like 4, 4.7 or 4.7a" in page
    assert "recommendation text is missing" in page
    assert "Row 6: recommendation 2 already exists" in page
    assert "Nothing has been added" in page
    assert not Recommendation.objects.exists()


def test_wrong_headings_are_refused(partnership_manager, source):
    with pytest.raises(services.ImportRefused) as refused:
        services.recommendations_import(
            actor=partnership_manager,
            source=source,
            filename="r.csv",
            content=b"no,text\n1,hello\n",
        )
    assert "headings" in refused.value.problems[0]


def test_xlsx_imports_too(partnership_manager, source):
    book = Workbook()
    sheet = book.active
    sheet.append(["Number", "Recommendation", "Addressee", "Timescale", "Due date"])
    sheet.append([1, "Train all councillors", "The council", "date", dt.datetime(2026, 12, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    count = services.recommendations_import(
        actor=partnership_manager, source=source, filename="r.xlsx", content=buffer.getvalue()
    )
    assert count == 1
    assert source.recommendations.get().due_on == dt.date(2026, 12, 1)


def test_linking_an_inspection_recommendation_to_two_actions(
    client_for, partnership_manager, source, make_action
):
    first, second, _ = make_action(), make_action(), make_action()
    rec = services.recommendation_create(
        actor=partnership_manager,
        source=source,
        number=1,
        text="Ensure risk assessments are current",
        addressee="All",
        timescale="immediately",
    )
    client = client_for(partnership_manager)
    response = client.post(
        f"/partnership/recommendations/{rec.pk}",
        {
            "form": "links",
            "actions": [first.pk, second.pk],
            "note": "Forms part of recommendation one",
        },
    )
    assert response.status_code == 302
    assert set(rec.actions.all()) == {first, second}
    action_page = client.get(f"/partnership/actions/{first.pk}").content.decode()
    assert "Inspection of help and protection, recommendation 1" in action_page


def test_overlapping_recommendations_across_sources_are_flagged(partnership_manager, source):
    review = Source.objects.create(
        kind="review",
        title="Independent inquiry",
        author="A reviewer",
        body="Partnership",
        published_on=dt.date(2025, 1, 1),
    )
    a = services.recommendation_create(
        actor=partnership_manager,
        source=source,
        number=1,
        addressee="All",
        timescale="immediately",
        text="Ensure every child at risk has an up-to-date risk assessment on file",
    )
    b = services.recommendation_create(
        actor=partnership_manager,
        source=review,
        number=1,
        addressee="All",
        timescale="immediately",
        text="Every child at risk should have an up-to-date risk assessment",
    )
    services.recommendation_create(
        actor=partnership_manager,
        source=review,
        number=2,
        addressee="All",
        timescale="immediately",
        text="Train taxi drivers to recognise exploitation",
    )
    pairs = services.overlaps(threshold=70)
    assert [(p.first, p.second) for p in pairs] == [(a, b)]
    services.cross_reference(actor=partnership_manager, first=a, second=b, kind="merged")
    assert services.overlaps(threshold=70) == []
    b.refresh_from_db()
    assert b.status == "merged"


def test_a_dated_timescale_needs_a_date(client_for, partnership_manager, source):
    response = client_for(partnership_manager).post(
        f"/partnership/sources/{source.pk}/new",
        {
            "number": 1,
            "text": "Do it",
            "addressee": "All",
            "timescale": "date",
        },
    )
    assert response.status_code == 400
    assert "Enter the date the recommendation is due" in response.content.decode()


def test_the_register_downloads_as_xlsx_with_linked_actions(
    client_for, elected_member, partnership_manager, source, make_action
):
    from openpyxl import load_workbook

    action = make_action()
    rec = services.recommendation_create(
        actor=partnership_manager,
        source=source,
        number=3,
        text="Do it",
        addressee="All",
        timescale="immediately",
    )
    services.links_set(actor=partnership_manager, recommendation=rec, actions=[action])
    response = client_for(elected_member).get("/partnership/recommendations/register.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Inspection of help and protection"
    assert rows[1][3] == "3"
    assert rows[1][-1] == action.number
