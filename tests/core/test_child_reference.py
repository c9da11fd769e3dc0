"""ADR 0009: a partner holding a shared sub-record sees the child's name and age, what the
work needs, and no link to a record they cannot open."""

import datetime as dt

from django.utils import timezone

from triangulate.core import access
from triangulate.risk import services as risk


def _police_action(practitioner, police_officer, child):
    plan = risk.plan_create(actor=practitioner, person=child)
    return risk.plan_action_add(
        actor=practitioner, plan=plan, text="Check the address in Canal Street",
        responsible_agency=police_officer.agency, owner=police_officer,
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip


def test_the_one_rule_names_the_child_and_links_only_for_those_who_may_open_the_record(
    practitioner, police_officer, child
):
    child.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 14)
    child.save()
    own = access.child_reference(practitioner, child)
    assert own.href == f"/register/people/{child.pk}"
    assert own.label == "Rosie Hargreaves" and own.age == 14
    partner = access.child_reference(police_officer, child)
    assert partner.href == "" and partner.label == "Rosie Hargreaves (age 14)"


def test_a_partner_owning_an_action_sees_the_name_and_age_without_a_link(
    client_for, practitioner, police_officer, child
):
    action = _police_action(practitioner, police_officer, child)
    client = client_for(police_officer)
    page = client.get(f"/risk/actions/{action.pk}").content.decode()
    assert "Check the address in Canal Street" in page
    assert "Rosie Hargreaves (age " in page
    assert f"/register/people/{child.pk}" not in page
    assert "(Ro)" not in page and "known as" not in page.lower()
    work = client.get("/my-work").content.decode()
    assert "Rosie Hargreaves (age " in work
    assert f"/register/people/{child.pk}" not in work
    own = client_for(practitioner).get(f"/risk/actions/{action.pk}").content.decode()
    assert f'href="/register/people/{child.pk}"' in own
