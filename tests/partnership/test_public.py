"""The public plan: no sign-in, no officers' names, no actions kept from publication."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from triangulate.partnership.models import Action


def test_public_plan_page_and_pdf_show_actions_without_names(make_action, action_lead, plan):
    shown = make_action(title="Train hotel staff to spot the signs")
    hidden = make_action(title="Covert operation at a named address")
    Action.objects.filter(pk=hidden.pk).update(is_public=False)
    client = Client()
    page = client.get(f"/public/plans/{plan.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert shown.title in html
    assert hidden.title not in html
    assert action_lead.last_name not in html
    assert "Rule 10 (version 2)" in html
    pdf = client.get(f"/public/plans/{plan.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"Train hotel staff" in pdf.content
    assert b"Covert operation" not in pdf.content
    assert action_lead.last_name.encode() not in pdf.content


def test_unpublished_plans_are_not_found(plan):
    plan.is_published = False
    plan.save()
    assert Client().get(f"/public/plans/{plan.pk}").status_code == 404


def test_staff_pages_need_sign_in(plan):
    response = Client().get(f"/partnership/plans/{plan.pk}")
    assert response.status_code == 302
    assert "/sign-in" in response["Location"]


def test_my_work_lists_actions_a_lead_owns(client_for, make_action, action_lead):
    action = make_action(days_ahead=10)
    page = client_for(action_lead).get("/my-work").content.decode()
    assert action.title in page
    assert (timezone.localdate() + dt.timedelta(days=10)).strftime("%B") in page


def test_an_action_can_be_kept_out_of_the_public_plan(client_for, partnership_manager, plan):
    from triangulate.partnership.models import Objective

    target = timezone.localdate() + dt.timedelta(days=40)
    client_for(partnership_manager).post(
        f"/partnership/plans/{plan.pk}/actions/new",
        {
            "objective": Objective.objects.get(priority__plan=plan, number="3.1").pk,
            "number": "3.1.1",
            "title": "Joint operation with licensing officers",
            "success_measure": "Premises visited",
            "lead_officer": partnership_manager.pk,
            "target_date-day": target.day,
            "target_date-month": target.month,
            "target_date-year": target.year,
            "keep_out_of_public_plan": "on",
        },
    )
    assert Action.objects.get(number="3.1.1").is_public is False
    assert "Joint operation" not in Client().get(f"/public/plans/{plan.pk}").content.decode()


def test_monthly_versions_command(plan, make_action, capsys):
    from django.core.management import call_command

    make_action()
    plan.ends_on = timezone.localdate() + dt.timedelta(days=30)
    plan.starts_on = timezone.localdate() - dt.timedelta(days=30)
    plan.save()
    call_command("plan_versions")
    call_command("plan_versions")
    assert plan.versions.count() == 1
    assert len(plan.versions.get().snapshot["actions"]) == 1


def test_a_lead_from_any_agency_reaches_their_action_from_my_work(
    client_for, make_action, action_lead, school_lead
):
    action = make_action(days_ahead=10)
    client = client_for(action_lead)
    assert client.get(f"/partnership/actions/{action.pk}").status_code == 200
    assert client.get(f"/partnership/actions/{action.pk}/update").status_code == 200
    # Someone who neither leads an action nor holds a partnership role sees nothing.
    assert client_for(school_lead).get(f"/partnership/actions/{action.pk}").status_code == 403
