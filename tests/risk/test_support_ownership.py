"""Support a partner delivered under a shared safety plan is the partner's own record: the
partner adds it without changing the plan, and the plan's owner sees it through a share."""

import pytest
from django.utils import timezone

from triangulate.core import access, records
from triangulate.core.roles import Role
from triangulate.risk import services
from triangulate.risk.models import SafetyPlan, SupportDelivered


@pytest.fixture
def plan(practitioner, twelve_year_old):
    return services.plan_create(actor=practitioner, person=twelve_year_old)


def test_a_partner_records_its_own_support_on_a_plan_shared_to_read(
    practitioner, make_user, health, plan, twelve_year_old
):
    nurse = make_user(health, Role.HEALTH_SAFEGUARDING)
    for record in (twelve_year_old, plan):
        records.share(
            practitioner, record, health, basis=records.LawfulBasis.SAFEGUARDING,
            purpose="health support under the safety plan",
        )  # fmt: skip
    assert not access.changeable(nurse, SafetyPlan).filter(pk=plan.pk).exists()

    support = services.support_record(
        actor=nurse, plan=plan, delivered_on=timezone.localdate(),
        kind="Sexual health clinic appointment", description="Attended with her key worker",
    )  # fmt: skip

    assert support.owning_agency == health
    # The plan's owner sees it on the plan, but may not change the nurse's record.
    assert support in services.plan_support(actor=practitioner, plan=plan)
    assert not access.changeable(practitioner, SupportDelivered).filter(pk=support.pk).exists()
    assert access.changeable(nurse, SupportDelivered).filter(pk=support.pk).exists()


def test_support_on_the_owners_own_plan_needs_no_share(practitioner, plan):
    support = services.support_record(
        actor=practitioner, plan=plan, delivered_on=timezone.localdate(),
        kind="Direct work session", description="",
    )  # fmt: skip
    assert support.owning_agency == plan.owning_agency
    assert support in services.plan_support(actor=practitioner, plan=plan)
