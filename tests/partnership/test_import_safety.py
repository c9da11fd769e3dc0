"""Recommendation imports through the one spreadsheet reader: control characters and odd
numbers are named by row (never a server error), field limits are checked before writing,
and one bad row imports nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.test_spreadsheets import workbook
from triangulate.partnership.models import Recommendation

HEADINGS = "number,recommendation,addressee,timescale,due date\n"


def refused_page(client, source, content: bytes) -> str:
    """The import page after uploading ``content``; the file must have been refused."""
    response = client.post(
        f"/partnership/sources/{source.pk}/import",
        {"file": SimpleUploadedFile("recs.csv", content)},
    )
    assert response.status_code == 400
    assert not Recommendation.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f"])
def test_a_control_character_refuses_the_import_naming_the_row(
    client_for, partnership_manager, source, character
):
    content = (
        HEADINGS
        + "1,Ensure every plan is current,All partners,3 months,\n"
        + f"2,Review{character}every plan,All partners,3 months,\n"
    ).encode()
    page = refused_page(client_for(partnership_manager), source, content)
    assert f"Row 3: column 2 holds a control character (U+{ord(character):04X})" in page
    assert "Nothing has been added" in page
    assert not Recommendation.objects.exists()


def test_odd_numbers_are_named_rows_not_a_server_error(client_for, partnership_manager, source):
    content = (
        HEADINGS
        + "1,Fine,All partners,3 months,\n"
        + "²,Superscript,All partners,3 months,\n"
        + "99999999999999999999999,Enormous,All partners,3 months,\n"
        + "1.2.3.4.5.6.7.8.9.10.11,Longer than the column,All partners,3 months,\n"
        + f"5,Long addressee,{'x' * 201},3 months,\n"
    ).encode()
    page = refused_page(client_for(partnership_manager), source, content)
    assert "Row 3: number must be like 4, 4.7 or 4.7a" in page
    assert "Row 4: number must be like 4, 4.7 or 4.7a" in page
    assert "Row 5: number must be like 4, 4.7 or 4.7a" in page
    assert "Row 6: addressee must be 200 characters or fewer" in page
    assert not Recommendation.objects.exists()


def test_a_recommendations_workbook_reads_whole_numbers_and_dates(partnership_manager, source):
    from triangulate.partnership.services import recommendations as services

    content = workbook(
        [
            ["Number", "Recommendation", "Addressee", "Timescale", "Due date"],
            [3.0, "Train all councillors", "The council", "date", dt.datetime(2026, 12, 1)],
        ]
    )
    services.recommendations_import(
        actor=partnership_manager, source=source, filename="r.xlsm", content=content
    )
    assert list(source.recommendations.values_list("number", "due_on")) == [
        ("3", dt.date(2026, 12, 1))
    ]
