"""Casework, tried as a worker and their manager would: a document refused because it is not
what its name says, then kept, downloaded and withdrawn; a closure returned for rework; the
case transferred with a handover note; the oversight page with assessments overdue. Axe on
every page."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.core.test_filecheck import PDF, PNG
from tests.factories import PersonFactory
from triangulate.casework.models import Attachment, Case, ClosureRequest, Team, TeamMember
from triangulate.core.models import AuditEntry
from triangulate.core.roles import Role


def _sign_out(app):
    app.page.context.clear_cookies()


def test_documents_rework_and_transfer(app, practitioner, team_manager, council, make_user):
    child = PersonFactory(owning_agency=council, given_name="Leah", family_name="Marston")
    team = Team.objects.create(name="Exploitation team", agency=council)
    TeamMember.objects.create(team=team, user=practitioner)
    kim = make_user(council, Role.EXPLOITATION_PRACTITIONER, username="kim", first_name="Kim")
    TeamMember.objects.create(team=team, user=kim)
    case = Case.objects.create(
        owning_agency=council, reference="EXP-BROWSER2", person=child, team=team,
        worker=practitioner, opened_by=team_manager,
        opened_at=timezone.now() - dt.timedelta(days=40),
    )  # fmt: skip
    page = app.page
    app.sign_in("practitioner")
    app.goto(f"/cases/{case.pk}")
    page.get_by_role("link", name="Documents").click()
    app.check()

    # A picture named as a letter: refused with the reason, nothing kept.
    page.get_by_label("What is it?").fill("Letter from the school about attendance")
    page.get_by_label("Case").select_option(label="Case EXP-BROWSER2")
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PNG}]
    )
    page.get_by_role("button", name="Upload document").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("The selected file is not a PDF")
    assert not Attachment.objects.exists()

    page.get_by_label("What is it?").fill("Letter from the school about attendance")
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Upload document").click()
    app.check()
    expect(page.get_by_text("Letter from the school about attendance uploaded.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Not scanned")
    page.get_by_role("link", name="Letter from the school about attendance").click()
    app.check()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download letter.pdf").click()
    assert download.value.suggested_filename == "letter.pdf"
    assert AuditEntry.objects.filter(
        action="export", subject_id=str(child.pk), purpose="download a document"
    ).exists()
    page.get_by_role("button", name="Withdraw document").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter why are you withdrawing it?")
    page.get_by_label("Why are you withdrawing it?").fill("Put on the wrong record")
    page.get_by_role("button", name="Withdraw document").click()
    app.check()
    expect(page.get_by_text("This document was withdrawn")).to_be_visible()

    # The worker asks to close the case; the manager returns it for rework.
    app.goto(f"/cases/{case.pk}")
    page.get_by_role("group", name="Is the child safer than when the case opened?").get_by_label(
        "Yes, the child is safer"
    ).check()
    page.get_by_role("group", name="Risk of exploitation now").get_by_label("Low").check()
    page.get_by_label("Why are you closing it?").fill("Leah has been safe for three months")
    page.get_by_role("button", name="Send for sign-off").click()
    app.check()
    expect(page.get_by_text("sent to your team manager to sign off")).to_be_visible()
    _sign_out(app)

    app.sign_in("manager")
    app.goto("/my-work")
    page.get_by_role("link", name="Sign off the closure of case EXP-BROWSER2").first.click()
    app.check()
    page.get_by_label("What needs more work?").fill("Record what Leah wants next, in her words")
    page.get_by_role("button", name="Return for rework").click()
    app.check()
    assert ClosureRequest.objects.get().status == "returned"

    # The manager moves the case to Kim with a handover note.
    page.get_by_label("Kim").check()
    page.get_by_label("Why is the case moving?").fill("Kim knows Leah's school")
    page.get_by_label("Handover note for the new worker").fill(
        "Leah wants visits at school, not at home."
    )
    page.get_by_role("button", name="Transfer case").click()
    app.check()
    expect(page.get_by_text("Handover note: Leah wants visits at school")).to_be_visible()
    app.goto("/cases/oversight")
    expect(page.get_by_role("table").last).to_contain_text("No risk assessment")
    _sign_out(app)

    app.sign_in("practitioner")
    app.goto("/my-work")
    expect(page.get_by_text("Record what Leah wants next, in her words")).to_be_visible()
    _sign_out(app)
    app.sign_in("kim")
    app.goto("/my-work")
    expect(page.get_by_text("Read the handover note: case EXP-BROWSER2")).to_be_visible()
