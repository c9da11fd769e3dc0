import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.factories import queued_tasks, run_queued_tasks
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.linkage.models import ColumnMapping, Extract, ExtractStatus, SourceRecord

MAPPING = {
    "record_id": "Nominal ID",
    "first_name": "Forename",
    "last_name": "Surname",
    "date_of_birth": "DOB",
    "postcode": "Post Code",
    "nhs_number": "NHS No",
}


def upload(client, content: bytes, name="nominals.csv", source="police nominals"):
    return client.post(
        reverse("linkage:extract_upload"),
        {"source_name": source, "extract": SimpleUploadedFile(name, content)},
    )


def map_columns(client, extract, mapping=MAPPING):
    return client.post(reverse("linkage:extract_mapping", args=[extract.pk]), mapping)


def test_upload_map_and_import_keeps_unmapped_columns_as_provenance(
    client_for, police_analyst, police_csv
):
    client = client_for(police_analyst)
    response = upload(client, police_csv)
    extract = Extract.objects.get()
    assert response.url == reverse("linkage:extract_mapping", args=[extract.pk])
    response = map_columns(client, extract)
    assert response.status_code == 302
    extract.refresh_from_db()
    assert extract.status == ExtractStatus.IMPORTED
    record = SourceRecord.objects.get(record_id="N1")
    assert (record.first_name, record.nhs_number, record.postcode) == (
        "Rosie",
        "9434765919",
        "KM4 7QT",
    )
    assert record.date_of_birth.isoformat() == "2012-02-14"
    assert record.attributes == {"Force Ref": "FR-1"}
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="linkage.extract"
    ).exists()
    page = client.get(reverse("linkage:extract", args=[extract.pk]))
    assert "Imported" in page.content.decode()


def test_the_mapping_is_remembered_for_the_next_file_from_the_same_source(
    client_for, police_analyst, police_csv
):
    client = client_for(police_analyst)
    upload(client, police_csv)
    map_columns(client, Extract.objects.get())
    assert ColumnMapping.objects.get().mapping["first_name"] == "Forename"
    upload(client, police_csv)
    second = Extract.objects.order_by("-id").first()
    page = client.get(reverse("linkage:extract_mapping", args=[second.pk])).content.decode()
    assert '<option value="Forename" selected>' in page


def test_a_new_extract_replaces_the_sources_previous_records(
    client_for, police_analyst, police_csv
):
    client = client_for(police_analyst)
    for _ in range(2):
        upload(client, police_csv)
        map_columns(client, Extract.objects.order_by("-id").first())
    assert SourceRecord.objects.filter(is_current=True).count() == 2
    assert SourceRecord.objects.count() == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Nominal ID,Forename\nN1,Rosie\n,Tyler\n", "Rows 3 have no record ID"),
        (b"Nominal ID,Forename\nN1,Rosie\nN1,Tyler\n", "Rows 3 repeat a record ID"),
        (b"Nominal ID,Forename\nN1,Rosie,extra\nN2,Tyler\n", "Rows 2 do not have 2 columns"),
    ],
)
def test_structural_faults_reject_the_whole_file_naming_the_rows(
    client_for, police_analyst, content, message
):
    client = client_for(police_analyst)
    upload(client, content)
    extract = Extract.objects.get()
    map_columns(client, extract, {"record_id": "Nominal ID", "first_name": "Forename"})
    extract.refresh_from_db()
    assert extract.status == ExtractStatus.REJECTED
    assert any(message in error for error in extract.errors)
    assert not SourceRecord.objects.exists()
    page = client.get(reverse("linkage:extract", args=[extract.pk])).content.decode()
    assert "Nothing from this file has been imported" in page


def test_a_file_that_is_not_utf8_is_refused_at_upload(client_for, police_analyst):
    response = upload(client_for(police_analyst), "Nominal ID,Forename\nN1,Zoë\n".encode("latin-1"))
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
    assert not Extract.objects.exists()


def test_faulty_values_are_reported_by_row_and_treated_as_missing(client_for, police_analyst):
    content = (
        b"Nominal ID,Forename,Surname,DOB,Post Code,NHS No\n"
        b"N1,Rosie,Hargreaves,31/02/2012,KM4 7QT,9434765918\n"
        b"N2,Tyler,Okafor,2011-06-30,NOT A POSTCODE,\n"
    )
    client = client_for(police_analyst)
    upload(client, content)
    extract = Extract.objects.get()
    map_columns(client, extract)
    extract.refresh_from_db()
    assert extract.status == ExtractStatus.IMPORTED
    rosie = SourceRecord.objects.get(record_id="N1")
    assert rosie.nhs_number == "" and rosie.date_of_birth is None
    assert SourceRecord.objects.get(record_id="N2").postcode == ""
    issues = {(i["row"], i["issue"].split(" ")[0]) for i in extract.quality_issues}
    assert issues == {(2, "NHS"), (2, "date"), (3, "postcode")}
    page = client.get(reverse("linkage:extract", args=[extract.pk])).content.decode()
    assert "treated as missing" in page


def test_an_excel_workbook_imports_like_a_csv(client_for, police_analyst):
    book = Workbook()
    sheet = book.active
    sheet.append(["Nominal ID", "Forename", "Surname", "DOB"])
    sheet.append(["N1", "Rosie", "Hargreaves", "14/02/2012"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for(police_analyst)
    upload(client, buffer.getvalue(), name="nominals.xlsx")
    map_columns(
        client, Extract.objects.get(), {"record_id": "Nominal ID", "first_name": "Forename"}
    )
    assert SourceRecord.objects.get().first_name == "Rosie"


def test_bad_upload_input_gets_a_govuk_error_and_changes_nothing(client_for, police_analyst):
    client = client_for(police_analyst)
    response = client.post(
        reverse("linkage:extract_upload"),
        {"source_name": "register", "extract": SimpleUploadedFile("x.pdf", b"%PDF")},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "Source cannot be called register" in body
    assert "must be a CSV or an Excel" in body
    assert not Extract.objects.exists()


def test_councillors_cannot_upload(client_for, elected_member):
    assert client_for(elected_member).get(reverse("linkage:extract_upload")).status_code == 403


def test_a_large_import_runs_in_the_background_and_its_page_shows_progress(
    client_for, police_analyst, police_csv, settings, django_capture_on_commit_callbacks
):
    from triangulate.linkage.services import imports

    settings.LINKAGE_BACKGROUND_ROWS = 1
    client = client_for(police_analyst)
    upload(client, police_csv)
    extract = Extract.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        map_columns(client, extract)
    extract.refresh_from_db()
    assert extract.status == ExtractStatus.IMPORTING
    assert queued_tasks(imports.import_queued).count() == 1
    url = reverse("linkage:extract", args=[extract.pk])
    page = client.get(url).content.decode()
    # The page follows the import as the run page follows a run (ADR 0008): htmx asks for
    # it again and swaps the status part; "Check progress" without JavaScript; no timed
    # refresh. Only the state is in the live region, not the count of rows.
    assert "http-equiv" not in page
    assert (
        f'<div id="extract-status" hx-get="{url}" hx-trigger="every 2s" '
        'hx-select="#extract-status" hx-swap="outerMorph"'
    ) in page
    assert re.search(
        r'<div id="extract-status-state" aria-live="polite">\s*'
        r'<p class="govuk-body govuk-!-font-weight-bold">Importing the records.</p>\s*</div>',
        page,
    )
    assert (
        '<progress class="app-progress" max="2" value="0" aria-label="Import progress">'
        "0 of 2 rows imported</progress>"
    ) in page
    assert f'<a class="govuk-link" href="{url}">Check progress</a>' in page

    Extract.objects.filter(pk=extract.pk).update(processed_rows=1)
    page = client.get(url).content.decode()
    assert 'max="2" value="1"' in page and "1 of 2 rows imported. The import carries on" in page

    assert run_queued_tasks() == 1
    page = client.get(url).content.decode()
    assert "Imported" in page and "2 records from police nominals" in page
    # Finished: nothing left to poll for.
    assert "hx-trigger" not in page and "<progress" not in page and "Check progress" not in page
    assert SourceRecord.objects.filter(is_current=True).count() == 2


def test_the_extracts_table_links_each_file_by_its_escaped_name(client_for, police_analyst):
    client = client_for(police_analyst)
    upload(client, b"Nominal ID,Forename\nN1,Rosie\n", name="nominals <oct> & nov.csv")
    extract = Extract.objects.get()
    assert extract.file_name == "nominals <oct> & nov.csv"

    page = client.get(reverse("linkage:index")).content.decode()
    href = reverse("linkage:extract", args=[extract.pk])
    assert f'<a class="govuk-link" href="{href}">nominals &lt;oct&gt; &amp; nov.csv</a>' in page
    assert "&lt;a " not in page


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",  # a picture named .csv
        bytes(range(0, 128)) * 4,  # bytes that happen to be valid UTF-8
    ],
)
def test_a_binary_file_is_refused_at_upload_with_a_clear_error(client_for, police_analyst, content):
    response = upload(client_for(police_analyst), content)
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "not a CSV text file" in body
    assert not Extract.objects.exists()


def test_a_file_with_headings_but_no_records_is_refused_at_upload(client_for, police_analyst):
    response = upload(client_for(police_analyst), b"Nominal ID,Forename\n")
    assert response.status_code == 400
    assert "has a heading row but no records" in response.content.decode()
    assert not Extract.objects.exists()


def test_an_uploader_can_delete_an_extract_that_has_not_been_imported(
    client_for, police_analyst, police_officer, make_user, health
):
    from triangulate.core.roles import Role

    client = client_for(police_analyst)
    upload(client, b"Nominal ID,Forename\nN1,Rosie\n")
    extract = Extract.objects.get()
    assert (
        "Delete this file"
        in client.get(reverse("linkage:extract", args=[extract.pk])).content.decode()
    )
    confirm = client.get(reverse("linkage:extract_delete", args=[extract.pk])).content.decode()
    assert "Are you sure you want to delete nominals.csv?" in confirm

    # Another agency may not delete it.
    nurse = make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse")
    refused = client_for(nurse).post(reverse("linkage:extract_delete", args=[extract.pk]))
    assert refused.status_code == 403 and Extract.objects.exists()

    response = client.post(reverse("linkage:extract_delete", args=[extract.pk]), follow=True)
    assert "nominals.csv has been deleted" in response.content.decode()
    assert not Extract.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.DELETE, object_type="linkage.extract", object_id=str(extract.pk)
    ).exists()


def test_an_imported_extract_cannot_be_deleted(client_for, police_analyst):
    client = client_for(police_analyst)
    upload(client, b"Nominal ID,Forename,Surname,DOB,Post Code,NHS No\nN1,Rosie,Hill,,,\n")
    extract = Extract.objects.get()
    map_columns(client, extract)
    extract.refresh_from_db()
    assert extract.status == ExtractStatus.IMPORTED
    page = client.get(reverse("linkage:extract", args=[extract.pk])).content.decode()
    assert "Delete this file" not in page
    response = client.post(reverse("linkage:extract_delete", args=[extract.pk]))
    assert response.status_code == 400 or response.status_code == 302
    assert Extract.objects.filter(pk=extract.pk).exists()
    assert SourceRecord.objects.filter(extract=extract).exists()
