"""Sensitivity labels, tried as the issue says (issue 16, done when): a health nurse records a
sexual-health note on a child's record and shares it with the police; the police officer
who may see the child opens her record and reads the rest, but not the note's words. Axe on
every page."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_casework_journey import fill_date
from tests.factories import PersonFactory
from triangulate.casework.models import CaseNote
from triangulate.core import records
from triangulate.core.models import AuditEntry
from triangulate.core.records import LawfulBasis
from triangulate.core.roles import Role

WORDS = "Asked for sexual health advice; booked into the young people's clinic for Thursday."


def test_the_nurses_sexual_health_note_stays_hidden_from_the_police_officer(
    app, practitioner, police_officer, council, health, police, make_user
):
    make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse", first_name="Ruth")
    child = PersonFactory(owning_agency=council, given_name="Leah", family_name="Marston")
    for agency in (health, police):
        records.share(
            practitioner, child, agency, basis=LawfulBasis.SAFEGUARDING, purpose="Safeguarding"
        )
    page = app.page
    app.sign_in("nurse")
    app.goto(f"/register/people/{child.pk}")
    page.get_by_role("link", name="Add a note to this child's record").click()
    app.check()
    page.get_by_label("Visit", exact=True).check()
    fill_date(page, "occurred_on", timezone.localdate() - dt.timedelta(days=1))
    page.get_by_label("Time it happened").fill("10:15")
    page.get_by_label("Who was present").fill("Leah and the school nurse")
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page.get_by_label("Note", exact=True).fill(WORDS)
    page.get_by_label("This is a significant event").check()
    page.get_by_label("Sexual health").check()
    page.get_by_role("button", name="Save note").click()
    app.check()
    expect(page.get_by_text("Visit recorded.")).to_be_visible()
    expect(page.locator(".moj-timeline")).to_contain_text(WORDS)
    expect(page.locator(".moj-timeline")).to_contain_text("Sexual health")
    note = CaseNote.objects.get()
    assert note.sensitivity == "sexual_health" and note.owning_agency == health
    assert AuditEntry.objects.filter(purpose="record a case note", object_id=str(note.pk)).exists()

    # Shared with the police for her chronology.
    page.get_by_role("link", name="Visit: Seen alone (significant)").click()
    app.check()
    page.get_by_label("Agency to share the note with").select_option(label=police.name)
    page.get_by_label("Why are you sharing it?").fill("For the strategy discussion")
    page.get_by_role("button", name="Share note").click()
    app.check()
    expect(page.get_by_text(f"Note shared with {police.name} to read.")).to_be_visible()
    app.page.context.clear_cookies()

    app.sign_in("officer")
    app.goto(f"/register/people/{child.pk}")
    expect(page.locator("h1")).to_have_text("Leah Marston")
    timeline = page.locator(".moj-timeline")
    expect(timeline).to_contain_text("Visit: Seen alone (significant)")
    expect(timeline).to_contain_text(
        "Withheld: sexual health information. Ask Kingsmere Community Health's safeguarding lead."
    )
    assert "young people's clinic" not in page.content()
    page.get_by_role("link", name="Visit: Seen alone (significant)").click()
    app.check()
    expect(page.locator("main")).to_contain_text("Withheld: sexual health information")
    assert "young people's clinic" not in page.content()
    assert "Leah and the school nurse" not in page.content()
    app.goto(f"/cases/child/{child.pk}/chronology")
    expect(page.get_by_role("table")).to_contain_text("Withheld: sexual health information")
    assert "young people's clinic" not in page.content()
