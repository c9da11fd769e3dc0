"""Two-factor sign-in and information governance in a real browser, axe on every page."""

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.factories import PersonFactory
from triangulate.core.roles import Role
from triangulate.register.models import Relationship


def test_a_new_user_sets_up_an_authenticator_and_signs_in_with_it(app, make_user, council):
    user = make_user(
        council, Role.EXPLOITATION_PRACTITIONER, username="newstarter", authenticator=False
    )
    page = app.page
    app.goto("/sign-in")
    page.get_by_label("Username").fill("newstarter")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()

    page.get_by_label("Security code").fill("12")
    page.get_by_role("button", name="Continue").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("The security code is not right")

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = str(totp(device.bin_key)).zfill(6)
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    page.get_by_role("button", name="I have kept my recovery codes").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    page.get_by_role("button", name="Sign out").click()
    app.check()
    app.sign_in("newstarter")  # password, then the code the app shows now
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_the_governance_lead_records_an_agreement(app, make_user, council, police):
    make_user(council, Role.INFORMATION_GOVERNANCE_LEAD, username="dpo")
    page = app.page
    app.sign_in("dpo")
    app.goto("/governance/agreements")
    page.get_by_role("button", name="Record an agreement").click()
    app.check()
    page.get_by_label("Title").fill("Missing children protocol")
    page.get_by_label(council.name).check()
    page.get_by_role("button", name="Record agreement").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Select at least two agencies")

    page.get_by_label(council.name).check()
    page.get_by_label(police.name).check()
    page.get_by_label("Purposes").fill("Finding and protecting missing children")
    page.get_by_label("Missing episodes and return interviews").check()
    page.get_by_role("checkbox", name=re.compile("Safeguarding of children")).check()
    page.get_by_label("Signatories").fill("Dee Okoro, data protection officer")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2099")
    page.get_by_label("Live").check()
    page.get_by_role("button", name="Record agreement").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Missing children protocol")
    app.goto("/governance/break-glass")
    app.goto("/my-work")


def test_the_governance_lead_answers_a_subject_access_request(app, make_user, council, child):
    sister = PersonFactory(owning_agency=council, given_name="Mia", family_name="Okafor")
    Relationship.objects.create(
        owning_agency=council, person=child, other=sister, relationship="sibling"
    )
    make_user(council, Role.INFORMATION_GOVERNANCE_LEAD, username="dpo")
    page = app.page
    app.sign_in("dpo")
    app.goto("/governance/subject-access")
    page.get_by_role("button", name="Record a request").click()
    app.check()
    page.get_by_label("Record number of the person").fill(str(child.pk))
    page.get_by_role("radio", name="The person themselves").check()
    page.get_by_label("How their identity").fill("Passport seen at the front desk")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record request").click()
    app.check()
    expect(page.get_by_role("main")).to_contain_text("28 February 2026")
    page.get_by_role("button", name="Gather the records").click()
    app.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("In review")
    expect(page.get_by_role("main")).to_contain_text("[third party 1]")
    page.get_by_role("button", name="Release the export").click()
    app.check()
    expect(
        page.get_by_role("link", name=re.compile("Download the released export"))
    ).to_be_visible()
    app.goto("/my-work")
