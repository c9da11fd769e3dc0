"""Documents on a child's record: checked by content, stored, scoped to the agency, shared on
purpose, downloaded with an audit entry naming the child, withdrawn but never deleted."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.test_filecheck import PDF, PNG
from triangulate.casework.models import Attachment
from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.models import AuditEntry
from triangulate.core.roles import Role


def _upload(client, person, name="letter.pdf", content=PDF, **extra):
    return client.post(
        f"/cases/child/{person.pk}/documents",
        {
            "title": "Letter from school about attendance",
            "file": SimpleUploadedFile(name, content),
            **extra,
        },
    )


@pytest.mark.django_db
def test_a_document_is_uploaded_to_a_case_and_every_download_is_audited(
    client_for, practitioner, open_case
):
    client = client_for(practitioner)
    response = _upload(client, open_case.person, case=open_case.pk)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.case, attachment.content_type) == (open_case, "application/pdf")
    assert not attachment.scanned and "Not scanned" in attachment.scan_detail
    # Stored under a name that says nothing about the child or the file.
    assert default_storage.exists(attachment.file.name)
    assert "letter" not in attachment.file.name

    listing = client.get(f"/cases/child/{open_case.person.pk}/documents").content.decode()
    assert "Letter from school about attendance" in listing and "Not scanned" in listing
    assert AuditEntry.objects.filter(
        purpose="view the child's documents", subject_id=str(open_case.person_id)
    ).exists()
    download = client.get(f"/cases/documents/{attachment.pk}/file")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    entry = AuditEntry.objects.get(purpose="download a document")
    assert (entry.action, entry.subject_id) == ("export", str(open_case.person_id))


@pytest.mark.django_db
def test_a_picture_named_as_a_pdf_is_refused_and_nothing_is_kept(
    client_for, practitioner, open_case
):
    response = _upload(client_for(practitioner), open_case.person, content=PNG)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The selected file is not a PDF, though its name says it is" in page
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_another_agency_sees_a_document_only_once_it_is_shared(
    client_for, practitioner, make_user, health, open_case
):
    nurse = make_user(health, Role.HEALTH_SAFEGUARDING)
    _upload(client_for(practitioner), open_case.person)
    attachment = Attachment.objects.get()
    assert client_for(nurse).get(f"/cases/documents/{attachment.pk}/file").status_code == 403

    response = client_for(practitioner).post(
        f"/cases/documents/{attachment.pk}/share",
        {"agency": health.pk, "purpose": "For the health assessment"},
    )
    assert response.status_code == 302
    assert client_for(nurse).get(f"/cases/documents/{attachment.pk}/file").status_code == 200
    # Shared to read: the nurse cannot withdraw it.
    refused = client_for(nurse).post(
        f"/cases/documents/{attachment.pk}/withdraw", {"reason": "x", "version": 1}
    )
    assert refused.status_code == 403


@pytest.mark.django_db
def test_a_withdrawn_document_is_kept_with_its_reason_and_only_a_manager_can_fetch_it(
    client_for, practitioner, team_manager, open_case
):
    client = client_for(practitioner)
    _upload(client, open_case.person)
    attachment = Attachment.objects.get()
    response = client.post(
        f"/cases/documents/{attachment.pk}/withdraw", {"reason": "", "version": 1}
    )
    assert response.status_code == 400
    response = client.post(
        f"/cases/documents/{attachment.pk}/withdraw",
        {"reason": "Attached to the wrong child's record", "version": 1},
    )
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.withdrawn_by == practitioner
    assert default_storage.exists(attachment.file.name)
    with pytest.raises(PermissionError):
        attachment.delete()

    assert client.get(f"/cases/documents/{attachment.pk}/file").status_code == 302
    assert (
        "Attached to the wrong child"
        in client.get(f"/cases/documents/{attachment.pk}").content.decode()
    )
    fetched = client_for(team_manager).get(f"/cases/documents/{attachment.pk}/file")
    assert fetched.status_code == 200
    assert AuditEntry.objects.filter(purpose="download a withdrawn document (for audit)").exists()

    # A second withdrawal from the same form is stale: nothing changes.
    again = client.post(
        f"/cases/documents/{attachment.pk}/withdraw", {"reason": "Again", "version": 1}
    )
    body = again.content.decode()
    assert again.status_code == 409
    assert "govuk-error-summary" in body and STALE_MESSAGE.split(":")[0] in body
    attachment.refresh_from_db()
    assert attachment.withdrawn_reason == "Attached to the wrong child's record"


@pytest.mark.django_db
def test_a_virus_is_refused_when_a_scanner_is_configured(
    client_for, practitioner, open_case, settings, tmp_path
):
    from tests.core.test_virusscan import EICAR_MARK, FakeClamd

    settings.CLAMD_SOCKET = FakeClamd(tmp_path / "clamd.sock").path
    response = _upload(
        client_for(practitioner), open_case.person, name="note.txt", content=b"X5O " + EICAR_MARK
    )
    assert response.status_code == 400
    assert "contains a virus" in response.content.decode()
    assert not Attachment.objects.exists()
    assert AuditEntry.objects.filter(action="denied", subject_id=str(open_case.person_id)).exists()
