import pytest
from django.core.management import call_command

from triangulate.casework.models import Case
from triangulate.core import access
from triangulate.core.clocks import clock
from triangulate.core.models import User
from triangulate.frontdoor.models import Contact, Outcome, Status, TriageDecision
from triangulate.register.models import Person


@pytest.mark.django_db
def test_a_month_at_the_front_door_in_proportion_and_usable_by_the_hub():
    call_command("demo_borough", children=3000, seed=3)
    # 800 contacts a month per 60,000 children: 40 for 3,000.
    assert Contact.objects.count() == 40
    assert TriageDecision.objects.filter(outcome=Outcome.EXPLOITATION_TEAM).count() == 3
    waiting = Contact.objects.filter(status__in=[Status.NEW, Status.IN_TRIAGE])
    assert any(clock(c.decision_due_at).is_overdue for c in waiting)
    assert any(not clock(c.decision_due_at).is_overdue for c in waiting)

    hub = User.objects.get(username="sam.frontdoor")
    linked = set(Contact.objects.exclude(person=None).values_list("person_id", flat=True))
    linked |= set(Case.objects.values_list("person_id", flat=True))
    visible = set(access.visible(hub, Person).filter(pk__in=linked).values_list("pk", flat=True))
    assert linked and visible == linked, "every child the front door linked can be opened"
    alex = User.objects.get(username="alex.practitioner")
    assert Case.objects.filter(worker=alex, status="open").exists()


@pytest.mark.django_db
def test_demo_decisions_follow_the_front_doors_rules():
    call_command("demo_borough", children=600, seed=20131)
    decisions = list(TriageDecision.objects.select_related("need_level", "contact"))
    assert decisions
    for decision in decisions:
        assert decision.outcome in decision.need_level.outcomes
        if decision.outcome == Outcome.NFA_ADVICE and decision.contact.indicators:
            assert decision.agreed_by is not None, "no further action on exploitation agreed"
