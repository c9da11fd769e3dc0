"""Support and voice, tried as a new user would: a practitioner refers a child and her mother
to two services and records the child declining one; the partnership manager sees waiting
by service; a survivor's public feedback becomes a "you said, we did" tied to a plan action;
a member of staff blows the whistle, the reference works and the identity stays sealed
until the designated officer opens it with a reason; a councillor sees suppressed ward
counts. Axe on every page visited."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PersonAddressFactory, PersonFactory
from triangulate.core.roles import Role
from triangulate.partnership.models import Objective, Plan, Priority
from triangulate.partnership.services import plans as plan_services
from triangulate.register.services import relationship_add
from triangulate.support.models import Complaint, Referral, Ward
from triangulate.support.services import directory


def _service(manager, **values):
    base = {
        "kind": "advocacy",
        "provider": "Safe Futures Kingsmere",
        "summary": "A trusted worker for a child being exploited.",
        "area": "Kingsmere",
        "harms": ["sexual_exploitation"],
        "waiting_weeks": 3,
        "phone": "01632 960101",
        "is_published": True,
    }
    return directory.service_create(actor=manager, **{**base, **values})


def test_refer_feed_back_blow_the_whistle_and_see_the_ward(
    app, practitioner, partnership_manager, elected_member, make_user, council, child, police
):
    make_user(council, Role.INFORMATION_GOVERNANCE_LEAD, username="dpo")
    Ward.objects.create(name="Harbour", districts=["KM1"])
    PersonAddressFactory(person=child, postcode="KM1 4AB", from_date=dt.date(2020, 1, 1))
    mother = PersonFactory(owning_agency=council, given_name="Claire", family_name="Hargreaves",
                           kind="adult", date_of_birth=dt.date(1985, 5, 2))  # fmt: skip
    relationship_add(actor=practitioner, person=mother, other=child, relationship="parent")
    _service(partnership_manager, name="Safe Futures exploitation support", min_age=10, max_age=18)
    _service(partnership_manager, name="Mereside Families Together", kind="family",
             provider="Mereside Families Together", for_family=True)  # fmt: skip
    plan = Plan.objects.create(title="Delivery plan", starts_on=dt.date(2025, 4, 1),
                               ends_on=dt.date(2028, 3, 31), owning_agency=council)  # fmt: skip
    priority = Priority.objects.create(plan=plan, number=4, title="Support")
    objective = Objective.objects.create(priority=priority, number="4.1", title="Support")
    plan_services.action_create(
        actor=partnership_manager, objective=objective, number="4.1.1",
        title="No child waits more than four weeks for counselling",
        success_measure="Average wait under 28 days", lead_officer=partnership_manager,
        target_date=timezone.localdate() + dt.timedelta(days=200),
    )  # fmt: skip
    page = app.page

    # The public can find help without signing in.
    app.goto("/public/support")
    expect(page.get_by_role("heading", name="Safe Futures exploitation support")).to_be_visible()

    # A practitioner refers Rosie, then her mother, from their records.
    app.sign_in("practitioner")
    app.goto(f"/register/people/{child.pk}")
    page.get_by_role("link", name="Refer Rosie to a support service").click()
    app.check()
    page.get_by_role("button", name="Make the referral").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Select the service")
    page.get_by_label("Service", exact=True).select_option(index=2)
    page.get_by_label("What help is the referral for").fill("Someone to talk to, away from home.")
    page.get_by_label("Given", exact=True).check()
    page.get_by_role("button", name="Make the referral").click()
    app.check()
    expect(
        page.get_by_text("Referral to Safe Futures exploitation support recorded.")
    ).to_be_visible()
    page.get_by_label("Declined", exact=True).check()
    page.get_by_label("If declined, why").fill("Rosie would rather keep seeing her school nurse.")
    page.get_by_role("button", name="Save").click()
    app.check()
    expect(page.get_by_text("Referral saved: Declined.")).to_be_visible()

    app.goto(f"/register/people/{mother.pk}")
    page.get_by_role("link", name="Refer Claire to a support service").click()
    app.check()
    page.get_by_label("Service", exact=True).select_option(index=1)
    page.get_by_label("A family member or someone else harmed").check()
    page.get_by_label("The child this family member is linked to").select_option(
        label=child.full_name
    )
    page.get_by_label("What help is the referral for").fill("Support for a parent.")
    page.get_by_label("Given", exact=True).check()
    page.get_by_role("button", name="Make the referral").click()
    app.check()
    assert Referral.objects.count() == 2
    page.get_by_role("button", name="Sign out").click()

    # A survivor's feedback, through the public form.
    app.goto("/public/support/feedback")
    page.get_by_label("A child or young person").check()
    page.get_by_label("Tell us in your own words").fill("I waited ages for a counsellor.")
    page.get_by_role("button", name="Send feedback").click()
    app.check()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    # A member of staff blows the whistle without signing in, and keeps the reference.
    app.goto("/public/support/raise")
    page.get_by_label("A whistleblowing concern").check()
    page.get_by_label("The practice or conduct of a colleague").check()
    page.get_by_label("What happened?").fill("A manager tells us to close referrals unseen.")
    page.get_by_label("Postcode where it happened (optional)").fill("KM1 2CD")
    page.get_by_label("Your name (optional)").fill("Morgan Teale")
    page.get_by_role("button", name="Send").click()
    app.check()
    reference = Complaint.objects.get().reference
    expect(page.get_by_text(reference)).to_be_visible()
    app.goto("/public/support/raise/status")
    page.get_by_label("Your reference").fill(reference)
    page.get_by_role("button", name="Check").click()
    app.check()
    expect(page.get_by_text("Stage 1: local resolution")).to_be_visible()

    # The partnership manager: waiting by service, the feedback into a plan action, and the
    # concern, without the whistleblower's name.
    app.sign_in("partnership")
    app.goto("/support/")
    expect(page.get_by_role("table")).to_contain_text("Mereside Families Together")
    page.get_by_role("link", name="Feedback from children, families and survivors").click()
    app.check()
    page.get_by_role("link", name="feedback").first.click()
    app.check()
    page.get_by_label("Waiting for help", exact=True).check()
    page.get_by_role("button", name="Save themes").click()
    app.check()
    page.get_by_role("link", name="Record what the partnership did about it").click()
    app.check()
    page.get_by_label("You said", exact=True).fill(
        "Waiting for counselling felt like nobody cared."
    )
    page.get_by_label("We did", exact=True).fill(
        "More counsellors, so no child waits more than four weeks."
    )
    page.get_by_label("The plan action that does it").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    app.check()
    app.goto("/support/complaints/")
    page.get_by_role("link", name=reference).click()
    app.check()
    expect(page.get_by_text("Who raised this is sealed")).to_be_visible()
    expect(page.get_by_text("Morgan Teale")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    app.goto("/public/support/you-said-we-did")
    expect(
        page.get_by_text("1 action in the partnership's plan came from what you told us")
    ).to_be_visible()

    # The designated officer opens the identity, with a reason.
    app.sign_in("dpo")
    app.goto(f"/support/complaints/{Complaint.objects.get().pk}")
    page.get_by_role("button", name="Open the sealed identity").click()
    app.check()
    expect(page.get_by_role("alert")).to_contain_text("Enter why you need to know who raised it")
    page.get_by_label("Why do you need to know who raised it?").fill("To interview them.")
    page.get_by_role("button", name="Open the sealed identity").click()
    app.check()
    expect(page.get_by_text("Morgan Teale")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # A councillor sees their ward, with small numbers suppressed.
    app.sign_in("councillor")
    app.goto("/support/wards")
    expect(page.get_by_role("table")).to_contain_text("Harbour")
    expect(page.get_by_role("table")).to_contain_text("Fewer than 5")
