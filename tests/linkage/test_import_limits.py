"""Extract imports through the one spreadsheet reader: a small file that unpacks to a million
rows is refused before it is read, and a value too long for its column rejects the file."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.core.test_spreadsheets import workbook
from triangulate.linkage.models import Extract, SourceRecord


def million_row_workbook(*, declare_dimension: bool) -> bytes:
    """A small .xlsx file whose one sheet unpacks to a million rows."""
    content = workbook([["Nominal ID", "Forename"], ["N1", "Rosie"]])
    source = zipfile.ZipFile(io.BytesIO(content))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    rows = "<row><c><v>1</v></c></row>" * 999_999
    sheet = sheet.replace("</sheetData>", rows + "</sheetData>")
    dimension = '<dimension ref="A1:B1000001"/>' if declare_dimension else ""
    sheet = re.sub(r"<dimension [^>]*/>", dimension, sheet)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name in source.namelist():
            data = sheet.encode() if name == "xl/worksheets/sheet1.xml" else source.read(name)
            bomb.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("declare_dimension", [True, False])
def test_a_small_workbook_of_a_million_rows_is_refused_before_it_is_read(
    client_for, police_analyst, settings, declare_dimension
):
    settings.LINKAGE_IMPORT_MAX_ROWS = 1000
    content = million_row_workbook(declare_dimension=declare_dimension)
    assert len(content) < 200_000
    response = client_for(police_analyst).post(
        reverse("linkage:extract_upload"),
        {"source_name": "police", "extract": SimpleUploadedFile("big.xlsx", content)},
    )
    assert response.status_code == 400
    assert "more than 1,000 rows" in response.content.decode()
    assert not Extract.objects.exists()


def test_a_value_too_long_for_its_column_rejects_the_extract_naming_the_row(
    client_for, police_analyst
):
    client = client_for(police_analyst)
    content = f"Nominal ID,Forename\nN1,Rosie\nN2,{'y' * 101}\n".encode()
    client.post(
        reverse("linkage:extract_upload"),
        {"source_name": "police", "extract": SimpleUploadedFile("n.csv", content)},
    )
    extract = Extract.objects.get()
    client.post(
        reverse("linkage:extract_mapping", args=[extract.pk]),
        {"record_id": "Nominal ID", "first_name": "Forename"},
    )
    extract.refresh_from_db()
    assert extract.status == "rejected"
    assert "Rows 3 have a first name longer than 100 characters" in extract.errors
    assert not SourceRecord.objects.exists()
