"""Disruption: notice eligibility, outcomes and breaches, NRM decisions, the board's counts,
prioritisation with reasons, and hotspots with small numbers suppressed for partners."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.core import records
from triangulate.core.concurrency import StaleEdit
from triangulate.core.records import LawfulBasis
from triangulate.intelligence import services
from triangulate.intelligence.models import PriorityCriteria, Tactic, TacticType
from triangulate.intelligence.priority import Facts, prioritise
from triangulate.register.models import FlagType, PersonFlag

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 29)


def _born(years_ago: int, days: int = 30) -> dt.date:
    return timezone.localdate().replace(year=timezone.localdate().year - years_ago) - dt.timedelta(
        days=days
    )


@pytest.mark.parametrize(
    "age, looked_after, eligible",
    [(15, False, True), (16, False, False), (17, True, True), (18, True, False)],
)
def test_notice_eligibility_under_16_or_under_18_if_looked_after(age, looked_after, eligible):
    person = PersonFactory.build(date_of_birth=_born(age))
    ok, reason = services.notice_eligibility(
        person=person, on=timezone.localdate(), looked_after=looked_after
    )
    assert ok is eligible, reason
    assert f"{age}" in reason


def test_no_date_of_birth_is_not_eligible():
    ok, reason = services.notice_eligibility(
        person=PersonFactory.build(date_of_birth=None), on=TODAY, looked_after=True
    )
    assert not ok and "date of birth" in reason


@pytest.fixture
def concern_with_children(police_officer, practitioner, police, council):
    concern = services.concern_create(
        actor=police_officer, given_name="Jason", family_name="Marlow", harm=4
    )
    young = PersonFactory(owning_agency=council, date_of_birth=_born(14))
    older = PersonFactory(owning_agency=council, date_of_birth=_born(17))
    for child in (young, older):
        records.share(practitioner, child, police, basis=LawfulBasis.SAFEGUARDING, purpose="s47")
        services.concern_link(
            actor=police_officer, concern=concern, kind="person", value=str(child.pk)
        )
    return concern, young, older


def _notice(actor, concern, child, **changes):
    values = {
        "actor": actor,
        "concern": concern,
        "tactic_type": TacticType.objects.get(code="cawn"),
        "owner": "PC Priya Shah",
        "started_on": timezone.localdate() - dt.timedelta(days=20),
        "person": child,
    }
    values.update(changes)
    return services.tactic_add(**values)


def test_a_notice_for_an_ineligible_child_is_refused_and_nothing_saved(
    police_officer, concern_with_children
):
    concern, _young, older = concern_with_children
    with pytest.raises(services.Invalid) as caught:
        _notice(police_officer, concern, older)
    assert "cannot be named in a notice" in caught.value.errors["person"]
    assert not Tactic.objects.exists()
    with pytest.raises(services.Invalid) as caught:
        _notice(police_officer, concern, None)
    assert "person" in caught.value.errors


def test_a_looked_after_flag_or_confirmation_makes_a_17_year_old_eligible(
    police_officer, practitioner, concern_with_children, police
):
    concern, _young, older = concern_with_children
    assert _notice(police_officer, concern, older, looked_after=True).person == older
    flag = PersonFlag.objects.create(
        owning_agency=older.owning_agency, person=older, flag=FlagType.LOOKED_AFTER,
        reason="Section 20", set_by=practitioner,
    )  # fmt: skip
    records.share(practitioner, flag, police, basis=LawfulBasis.SAFEGUARDING, purpose="notice")
    assert _notice(police_officer, concern, older).person == older


def test_a_notice_issued_then_breached_is_counted(police_officer, concern_with_children):
    concern, young, _older = concern_with_children
    tactic = _notice(police_officer, concern, young)
    today = timezone.localdate()
    with pytest.raises(services.Invalid) as caught:
        services.tactic_update(
            actor=police_officer, tactic=tactic, expected_version=1, outcome="planned",
            breached_on=today, breach_note="Seen with her",
        )  # fmt: skip
    assert "Only a notice or order that was issued" in caught.value.errors["breached_on"]
    services.tactic_update(
        actor=police_officer, tactic=tactic, expected_version=1, outcome="issued",
        outcome_on=today - dt.timedelta(days=19),
    )  # fmt: skip
    with pytest.raises(StaleEdit):
        services.tactic_update(
            actor=police_officer, tactic=tactic, expected_version=1, outcome="withdrawn",
        )  # fmt: skip
    tactic.refresh_from_db()
    services.tactic_update(
        actor=police_officer, tactic=tactic, expected_version=tactic.version, outcome="issued",
        outcome_on=tactic.outcome_on, breached_on=today - dt.timedelta(days=2),
        breach_note="Found with her in his car",
    )  # fmt: skip
    figures = dict(
        services.disruption_figures(
            actor=police_officer, since=today - dt.timedelta(days=60), until=today
        )
    )
    assert figures["Child abduction warning notices issued"] == 1
    assert figures["Notices and orders breached"] == 1


def test_nrm_conclusive_grounds_follow_positive_reasonable_grounds(police_officer, child):
    referral = services.nrm_refer(
        actor=police_officer, person=child, exploitation_type="criminal",
        referred_on=timezone.localdate() - dt.timedelta(days=50), first_responder="Police",
    )  # fmt: skip
    with pytest.raises(services.Invalid) as caught:
        services.nrm_decide(
            actor=police_officer, referral=referral, stage="conclusive_grounds",
            decision="positive", on=timezone.localdate(),
        )  # fmt: skip
    assert "follows a positive reasonable grounds" in caught.value.errors["stage"]
    with pytest.raises(services.Invalid) as caught:
        services.nrm_decide(
            actor=police_officer, referral=referral, stage="reasonable_grounds",
            decision="positive", on=referral.referred_on - dt.timedelta(days=1),
        )  # fmt: skip
    assert "before the referral" in caught.value.errors["on"]
    services.nrm_decide(
        actor=police_officer, referral=referral, stage="reasonable_grounds",
        decision="positive", on=timezone.localdate() - dt.timedelta(days=40),
    )  # fmt: skip
    referral.refresh_from_db()
    assert referral.reasonable_grounds == "positive"


def test_prioritisation_scores_each_criterion_and_says_why():
    criteria = PriorityCriteria.objects.get(version=1)
    quiet = prioritise(Facts(harm=1, harm_label="Low"), criteria, TODAY)
    assert quiet.score == 10 and quiet.reasons == ["Harm assessed as low: 10 points"]
    busy = prioritise(
        Facts(
            harm=3,
            harm_label="High",
            intelligence_dates=(
                TODAY,
                TODAY - dt.timedelta(days=10),
                TODAY - dt.timedelta(days=200),
            ),
            children=2,
        ),
        criteria,
        TODAY,
    )
    # 30 harm + 3x3 frequency + 10 recency + 2x5 children + 8 escalation (2 lately, 0 before)
    assert busy.score == 30 + 9 + 10 + 10 + 8
    assert any(r.startswith("Escalating: 2 in the last 90 days") for r in busy.reasons)
    assert "Linked to 2 children: 10 points" in busy.reasons
    # A newer version of the criteria changes the weights, and the score with them.
    newer = PriorityCriteria.objects.create(version=2, description="Harm only", frequency_weight=0,
                                            recency_weight=0, children_weight=0,
                                            escalation_weight=0)  # fmt: skip
    assert prioritise(Facts(harm=3, harm_label="High", children=4), newer, TODAY).score == 30


def test_top_ten_orders_by_score(police_officer, concern_with_children):
    concern, _young, _older = concern_with_children
    services.concern_create(actor=police_officer, given_name="Tom", family_name="Wexley", harm=1)
    ranked = services.concerns_prioritised(actor=police_officer)
    assert ranked[0][0] == concern
    assert ranked[0][1].score > ranked[1][1].score


def test_hotspots_suppress_small_numbers_for_partners(submitted, police_officer, practitioner):
    for _ in range(3):
        submitted(postcode="KM4 7QT")
    for _ in range(5):
        submitted(postcode="KM9 1AB")
    today = timezone.localdate()
    since = today - dt.timedelta(days=30)
    police_view = {
        r["district"]: r["items"]
        for r in services.hotspots(actor=police_officer, since=since, until=today)
    }
    partner_view = {
        r["district"]: r["items"]
        for r in services.hotspots(actor=practitioner, since=since, until=today)
    }
    assert police_view == {"KM4": 3, "KM9": 5}
    assert partner_view == {"KM4": None, "KM9": 5}
