"""The retention schedule: what each clock counts from, legal holds stopping destruction, the
dry run touching nothing, destruction leaving tombstones and the audit chain verifying, a
record others depend on skipped with the reason, and stale edits refused."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import PersonFactory
from triangulate.casework.models import Case, CaseEvent, CaseNote, NoteKind
from triangulate.core.audit import verify_chain
from triangulate.core.concurrency import STALE_MESSAGE, StaleEdit
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.core.roles import Role
from triangulate.governance.models import LegalHold, RetentionClock, RetentionRule
from triangulate.governance.services import retention
from triangulate.register.models import Person, PersonKind

TODAY = dt.date(2026, 6, 15)
BASIS = "Working Together 2023; local authority records guidance: case records kept 6 years"


def _at(year, month=1, day=1):
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


@pytest.fixture
def lead(make_user, council):
    return make_user(council, Role.INFORMATION_GOVERNANCE_LEAD, username="dpo")


@pytest.fixture
def make_case(council, practitioner):
    counter = iter(range(1, 100))

    def make(person, *, opened, closed=None):
        return Case.objects.create(
            reference=f"RC-{next(counter)}", person=person, owning_agency=council,
            opened_by=practitioner, opened_at=opened, closed_at=closed,
            status="closed" if closed else "open",
        )  # fmt: skip

    return make


@pytest.fixture
def case_rule(lead):
    return retention.rule_create(
        actor=lead, record_type="casework.case", period_years=6, period_months=0,
        clock=RetentionClock.CLOSED, legal_basis=BASIS,
    )  # fmt: skip


def test_cutoff_counts_whole_years_and_months_back():
    assert retention.cutoff(TODAY, 6, 0) == dt.date(2020, 6, 15)
    assert retention.cutoff(dt.date(2026, 3, 31), 0, 1) == dt.date(2026, 2, 28)
    assert retention.cutoff(TODAY, 1, 6) == dt.date(2024, 12, 15)


def test_closure_clock_takes_cases_closed_longer_ago_than_the_period(case_rule, make_case, council):
    person = PersonFactory(owning_agency=council)
    other = PersonFactory(owning_agency=council)
    old = make_case(person, opened=_at(2012), closed=_at(2020, 6, 15))
    make_case(other, opened=_at(2012), closed=_at(2020, 6, 16))  # one day short
    make_case(PersonFactory(owning_agency=council), opened=_at(2010))  # never closed
    [report] = retention.dry_run(TODAY)
    assert report.due == [old.pk]


def test_creation_clock_counts_from_when_the_case_was_opened(lead, make_case, council):
    retention.rule_create(
        actor=lead, record_type="casework.case", period_years=10, period_months=0,
        clock=RetentionClock.CREATED, legal_basis=BASIS,
    )  # fmt: skip
    old = make_case(PersonFactory(owning_agency=council), opened=_at(2016, 6, 1))
    make_case(PersonFactory(owning_agency=council), opened=_at(2016, 7, 1))
    assert retention.dry_run(TODAY)[0].due == [old.pk]


def test_age_clock_counts_from_the_childs_25th_birthday(lead, make_case, council):
    retention.rule_create(
        actor=lead, record_type="casework.case", period_years=0, period_months=6,
        clock=RetentionClock.AGE_25, legal_basis=BASIS,
    )  # fmt: skip
    # 25 on 1 December 2025: six months later is 1 June 2026, before TODAY.
    grown = PersonFactory(owning_agency=council, date_of_birth=dt.date(2000, 12, 1))
    # 25 on 1 January 2026: six months later is 1 July 2026, after TODAY.
    younger = PersonFactory(owning_agency=council, date_of_birth=dt.date(2001, 1, 1))
    due = make_case(grown, opened=_at(2015))
    make_case(younger, opened=_at(2015))
    assert retention.dry_run(TODAY)[0].due == [due.pk]
    # An adult's records never fall due under the child's-birthday clock.
    parent = PersonFactory(
        owning_agency=council, date_of_birth=dt.date(1970, 1, 1), kind=PersonKind.ADULT
    )
    make_case(parent, opened=_at(2015))
    assert retention.dry_run(TODAY)[0].due == [due.pk]


def test_dry_run_touches_nothing(case_rule, make_case, council):
    make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    entries = AuditEntry.objects.count()
    [report] = retention.dry_run(TODAY)
    assert len(report.due) == 1
    assert Case.objects.count() == 1
    assert AuditEntry.objects.count() == entries


def test_a_hold_on_the_child_or_the_record_stops_destruction(case_rule, make_case, council, lead):
    on_child = make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    on_record = make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    free = make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    retention.hold_place(
        actor=lead, person_number=on_child.person_id, reason="Civil claim by the family"
    )
    retention.hold_place(
        actor=lead, record_type="casework.case", record_id=on_record.pk,
        reason="Child safeguarding practice review",
    )  # fmt: skip
    [dry] = retention.dry_run(TODAY)
    assert dry.due == [free.pk]
    held = dict(dry.held)
    assert "Civil claim by the family" in held[on_child.pk]
    assert "Child safeguarding practice review" in held[on_record.pk]

    [done] = retention.destroy(today=TODAY)
    assert done.destroyed == [free.pk]
    assert set(Case.objects.values_list("pk", flat=True)) == {on_child.pk, on_record.pk}


def test_a_released_hold_no_longer_stops_destruction(case_rule, make_case, council, lead):
    case = make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    hold = retention.hold_place(actor=lead, person_number=case.person_id, reason="Inquiry")
    retention.hold_release(
        actor=lead, hold=hold, expected_version=hold.version, reason="Inquiry reported"
    )
    assert retention.dry_run(TODAY)[0].due == [case.pk]
    with pytest.raises(StaleEdit):
        retention.hold_release(actor=lead, hold=hold, expected_version=1, reason="Again")


def test_destruction_writes_a_tombstone_per_record_and_the_chain_verifies(
    case_rule, make_case, council, practitioner
):
    case = make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    event = CaseEvent.objects.create(
        case=case, owning_agency=council, kind="closed", actor=practitioner,
        reason="Rosie is settled at college and safe",
    )  # fmt: skip
    [report] = retention.destroy(today=TODAY)
    assert report.destroyed == [case.pk]
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not CaseEvent.objects.filter(pk=event.pk).exists()
    stones = AuditEntry.objects.filter(action=AuditAction.DELETE, detail__tombstone=True)
    by_type = {(e.object_type, e.object_id): e for e in stones}
    assert set(by_type) == {("casework.case", str(case.pk)), ("casework.caseevent", str(event.pk))}
    stone = by_type[("casework.case", str(case.pk))]
    assert stone.detail["rule"] == case_rule.pk
    assert stone.detail["rule_version"] == case_rule.version
    assert stone.detail["legal_basis"] == BASIS
    assert stone.subject_id == str(case.person_id)
    assert "settled" not in str([e.detail for e in stones])
    assert "RC-" not in str([e.detail for e in stones])
    assert verify_chain() is None


def test_a_record_others_depend_on_is_skipped_with_the_reason(
    case_rule, make_case, council, practitioner
):
    case = make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    CaseNote.objects.create(
        person=case.person, case=case, owning_agency=council, recorded_by=practitioner,
        occurred_at=_at(2013), kind=NoteKind.VISIT, summary="Visited at home",
    )  # fmt: skip
    [report] = retention.destroy(today=TODAY)
    assert report.destroyed == []
    [(pk, reason)] = report.skipped
    assert pk == case.pk
    assert "other records depend on it" in reason
    assert "note" in reason
    assert Case.objects.filter(pk=case.pk).exists()
    assert not AuditEntry.objects.filter(detail__tombstone=True).exists()


def test_inactive_rules_destroy_nothing(case_rule, make_case, council, lead):
    make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    retention.rule_change(
        actor=lead, rule=case_rule, expected_version=case_rule.version, period_years=6,
        period_months=0, clock=RetentionClock.CLOSED, legal_basis=BASIS, active=False,
    )  # fmt: skip
    assert retention.destroy(today=TODAY) == []
    assert Case.objects.count() == 1


def test_a_register_entry_others_depend_on_is_skipped(lead, make_case, council):
    retention.rule_create(
        actor=lead, record_type="register.person", period_years=1, period_months=0,
        clock=RetentionClock.AGE_25, legal_basis=BASIS,
    )  # fmt: skip
    grown = PersonFactory(owning_agency=council, date_of_birth=dt.date(1990, 1, 1))
    make_case(grown, opened=_at(2010))
    [report] = retention.destroy(today=TODAY)
    assert report.skipped and report.skipped[0][0] == grown.pk
    assert Person.objects.filter(pk=grown.pk).exists()


def test_rule_changes_are_audited_and_stale_edits_refused(case_rule, lead):
    retention.rule_change(
        actor=lead, rule=case_rule, expected_version=1, period_years=7, period_months=0,
        clock=RetentionClock.CLOSED, legal_basis=BASIS, active=True,
    )  # fmt: skip
    change = AuditEntry.objects.filter(object_type="governance.retentionrule").latest("sequence")
    assert change.detail["before"]["period_years"] == 6
    assert change.detail["after"]["period_years"] == 7
    with pytest.raises(StaleEdit):
        retention.rule_change(
            actor=lead, rule=RetentionRule.objects.get(), expected_version=1, period_years=1,
            period_months=0, clock=RetentionClock.CLOSED, legal_basis=BASIS, active=True,
        )  # fmt: skip
    assert RetentionRule.objects.get().period_years == 7


@pytest.mark.parametrize(
    ("record_type", "years", "clock", "field"),
    [
        ("casework.case", 0, RetentionClock.CLOSED, "period_years"),
        ("core.user", 6, RetentionClock.CREATED, "record_type"),
        ("casework.casenote", 6, RetentionClock.CLOSED, "clock"),
    ],
)
def test_bad_rules_are_refused_and_nothing_saved(lead, record_type, years, clock, field):
    with pytest.raises(retention.Invalid) as refused:
        retention.rule_create(
            actor=lead, record_type=record_type, period_years=years, period_months=0,
            clock=clock, legal_basis=BASIS,
        )  # fmt: skip
    assert field in refused.value.errors
    assert not RetentionRule.objects.exists()


def test_a_hold_on_nobody_is_refused(lead):
    with pytest.raises(retention.Invalid):
        retention.hold_place(actor=lead, person_number=999999, reason="Claim")
    assert not LegalHold.objects.exists()


# --- Pages ----------------------------------------------------------------------------------

RULE_FORM = {
    "record_type": "casework.case", "period_years": "6", "period_months": "",
    "clock": "closed", "legal_basis": BASIS, "active": "on",
}  # fmt: skip


def test_the_lead_sets_a_rule_from_the_page_and_it_is_audited(client_for, lead):
    client = client_for(lead)
    response = client.post(reverse("governance:retention_rule_new"), RULE_FORM)
    assert response.status_code == 302
    rule = RetentionRule.objects.get()
    assert (rule.period_years, rule.clock, rule.active) == (6, "closed", True)
    page = client.get(reverse("governance:retention")).content.decode()
    assert "6 years" in page and "When the record was closed or ended" in page
    assert AuditEntry.objects.filter(
        object_type="governance.retentionrule", action=AuditAction.CREATE
    ).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"period_years": ""}, "Enter how long the records are kept"),
        ({"record_type": "core.user"}, "Select a valid choice"),
        ({"record_type": ""}, "Select type of record"),
        ({"clock": "age_25", "record_type": "intelligence.vehicle"}, "cannot be counted from"),
    ],
)
def test_bad_rules_on_the_page_show_an_error_and_save_nothing(client_for, lead, change, message):
    response = client_for(lead).post(
        reverse("governance:retention_rule_new"), {**RULE_FORM, **change}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and message in page
    assert not RetentionRule.objects.exists()


def test_a_stale_rule_edit_is_refused_on_the_page(client_for, lead, case_rule):
    url = reverse("governance:retention_rule", args=[case_rule.pk])
    client = client_for(lead)
    client.post(url, {**RULE_FORM, "period_years": "7", "version": "1"})
    response = client.post(url, {**RULE_FORM, "period_years": "9", "version": "1"})
    assert STALE_MESSAGE in response.content.decode()
    assert RetentionRule.objects.get().period_years == 7


def test_the_lead_places_and_releases_a_hold_from_the_page(client_for, lead, child):
    client = client_for(lead)
    response = client.post(
        reverse("governance:legal_hold_new"),
        {"person_number": child.pk, "reason": "Civil claim brought on Rosie's behalf"},
    )
    hold = LegalHold.objects.get()
    assert response.url == reverse("governance:legal_hold", args=[hold.pk])
    assert "Civil claim" in client.get(reverse("governance:retention")).content.decode()
    client.post(
        reverse("governance:legal_hold", args=[hold.pk]),
        {"reason": "Claim settled", "version": str(hold.version)},
    )
    hold.refresh_from_db()
    assert hold.released_by == lead and hold.release_reason == "Claim settled"
    assert AuditEntry.objects.filter(
        object_type="governance.legalhold", action=AuditAction.CHANGE, subject_id=str(child.pk)
    ).exists()


def test_a_hold_on_no_child_and_no_record_is_refused_on_the_page(client_for, lead):
    response = client_for(lead).post(
        reverse("governance:legal_hold_new"), {"person_number": "", "reason": "Claim"}
    )
    assert "Choose a child, or a type of record" in response.content.decode()
    assert not LegalHold.objects.exists()


def test_the_lead_sees_what_is_due_and_destroys_it_only_after_confirming(
    client_for, lead, case_rule, make_case, council
):
    old = make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    client = client_for(lead)
    page = client.get(reverse("governance:retention_due")).content.decode()
    assert "Destroy 1 records" in page and str(old.pk) in page
    response = client.post(reverse("governance:retention_due"), {})
    assert "Confirm that the records listed should be destroyed" in response.content.decode()
    assert Case.objects.filter(pk=old.pk).exists()
    response = client.post(reverse("governance:retention_due"), {"confirm": "on"})
    assert "1 destroyed" in response.content.decode()
    assert not Case.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.get(detail__tombstone=True).actor == lead


@pytest.mark.parametrize(
    "name", ["retention", "retention_rule_new", "legal_hold_new", "retention_due"]
)
def test_only_the_lead_and_the_administrator_reach_retention(
    client_for, name, lead, administrator, practitioner, partnership_manager, police_officer
):
    url = reverse(f"governance:{name}")
    assert client_for(lead).get(url).status_code == 200
    assert client_for(administrator).get(url).status_code == 200
    for user in (practitioner, partnership_manager, police_officer):
        assert client_for(user).get(url).status_code == 403


# --- The command ----------------------------------------------------------------------------


def test_the_command_reports_then_destroys_and_the_chain_still_verifies(
    case_rule, make_case, council, lead
):
    person = PersonFactory(owning_agency=council)
    due = make_case(person, opened=_at(2012), closed=_at(2019))
    held = make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    retention.hold_place(actor=lead, person_number=held.person_id, reason="Civil claim")
    out = io.StringIO()
    call_command("retention", "--dry-run", "--ids", stdout=out)
    assert "1 due, 1 held back" in out.getvalue()
    assert f"due: {due.pk}" in out.getvalue()
    assert f"held back {held.pk}: legal hold" in out.getvalue()
    assert Case.objects.count() == 2
    out = io.StringIO()
    call_command("retention", "--destroy", stdout=out)
    assert "1 destroyed, 0 skipped" in out.getvalue()
    assert list(Case.objects.values_list("pk", flat=True)) == [held.pk]
    stone = AuditEntry.objects.get(detail__tombstone=True)
    assert (stone.object_type, stone.object_id) == ("casework.case", str(due.pk))
    assert stone.actor is None and stone.actor_name == retention.SYSTEM_ACTOR
    call_command("verify_audit", "--full", stdout=io.StringIO())


def test_the_command_says_when_no_rule_is_in_force(db):
    with pytest.raises(CommandError, match="No retention rule is in force"):
        call_command("retention", "--dry-run")


def test_a_lead_destroys_only_their_own_agencys_records(
    case_rule, make_case, council, police, lead
):
    ours = make_case(PersonFactory(owning_agency=council), opened=_at(2012), closed=_at(2019))
    theirs = make_case(PersonFactory(owning_agency=police), opened=_at(2012), closed=_at(2019))
    Case.objects.filter(pk=theirs.pk).update(owning_agency=police)
    [seen] = retention.dry_run(TODAY, agency=council)
    assert seen.due == [ours.pk]
    retention.destroy(actor=lead, today=TODAY, agency=council)
    assert not Case.objects.filter(pk=ours.pk).exists()
    assert Case.objects.filter(pk=theirs.pk).exists()
    # The operator's command destroys for every agency.
    retention.destroy(today=TODAY)
    assert not Case.objects.filter(pk=theirs.pk).exists()
