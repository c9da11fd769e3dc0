"""Subject access requests: the statutory due date, who may handle them, gathering across
agencies with third parties redacted, review, release as a PDF, and the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.missing.test_missing import _pdf_text
from triangulate.casework.models import Case
from triangulate.casework.services import casenotes
from triangulate.core import access, extensions, records
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.core.roles import Role
from triangulate.governance.models import SubjectAccessRequest, SubjectAccessStatus
from triangulate.governance.services import subject_access
from triangulate.intelligence import services as intelligence
from triangulate.register.models import Person

POLICE_ONLY = "Seen handing a package to a known supplier behind the Crown pub"


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 3, 14), dt.date(2026, 4, 14)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
        (dt.date(2026, 12, 31), dt.date(2027, 1, 31)),
        (dt.date(2026, 2, 28), dt.date(2026, 3, 28)),
    ],
)
def test_due_one_calendar_month_after_receipt_or_the_last_day_of_a_shorter_month(received, due):
    assert subject_access.due_on(received) == due


@pytest.fixture
def lead(make_user, council):
    return make_user(council, Role.INFORMATION_GOVERNANCE_LEAD, username="dpo")


@pytest.fixture
def brother(council):
    return PersonFactory(
        owning_agency=council, given_name="Jamie", family_name="Okafor", nhs_number="9434765919"
    )


@pytest.fixture
def held(child, brother, council, police, school, practitioner, make_user, school_lead):
    """Rosie's records at the council and at the police (not shared between them), a note
    naming her brother and his NHS number, and police intelligence about her."""

    def case_with_note(agency, actor, reference, summary):
        case = Case.objects.create(
            owning_agency=agency, reference=reference, person=child, opened_by=actor
        )
        casenotes.note_record(
            actor=actor, case=case, kind="visit", summary=summary, child_seen=True,
            occurred_at=timezone.now() - dt.timedelta(days=3),
        )  # fmt: skip

    case_with_note(
        council, practitioner, "EXP-SAR0001",
        "Rosie was at home with Jamie Okafor (NHS 9434765919). Jamie okafor answered.",
    )  # fmt: skip
    police_worker = make_user(police, Role.EXPLOITATION_PRACTITIONER, username="pcworker")
    case_with_note(
        police, police_worker, "EXP-SAR0002", "Police welfare visit: Rosie safe and well."
    )
    records.share(
        practitioner, child, school, basis=records.LawfulBasis.SAFEGUARDING, purpose="education"
    )
    intelligence.item_submit(
        actor=school_lead, police=police, what_seen=POLICE_ONLY, where_seen="Crown pub",
        postcode="km4 7qt", seen_at=timezone.now() - dt.timedelta(days=1), who="Rosie",
        vehicles="", phones="", person=child,
    )  # fmt: skip
    return child


def _new(client, child):
    return client.post(
        reverse("governance:subject_access_new"),
        {
            "person": str(child.pk),
            "requester_kind": "parent",
            "requester_name": "Maria Hargreaves",
            "identity_check": "Passport seen; birth certificate shows she is Rosie's mother",
            "received_on-day": "31",
            "received_on-month": "1",
            "received_on-year": "2026",
        },
    )


def _step(client, item, step, **fields):
    item.refresh_from_db()
    body = {"version": str(item.version), "step": step, **{k: str(v) for k, v in fields.items()}}
    return client.post(reverse("governance:subject_access", args=[item.pk]), body)


def test_the_lead_gathers_across_agencies_with_third_parties_redacted_the_same_everywhere(
    client_for, lead, held
):
    client = client_for(lead)
    made = _new(client, held)
    item = SubjectAccessRequest.objects.get()
    assert made.status_code == 302 and item.due_on == dt.date(2026, 2, 28)
    assert item.agency_id == lead.agency_id and item.status == SubjectAccessStatus.RECEIVED

    assert _step(client, item, "prepare").status_code == 302
    item.refresh_from_db()
    assert item.status == SubjectAccessStatus.IN_REVIEW
    shown = "\n".join(
        cell for s in subject_access.reviewed_sections(item) for row in s["rows"] for cell in row
    )
    # Both agencies' records, though neither shared with the other nor with the lead.
    assert "Police welfare visit" in shown and "Rosie was at home with" in shown
    # Her brother's name (any case) and NHS number, each under one label wherever it appears.
    assert "Okafor" not in shown and "okafor" not in shown and "9434765919" not in shown
    labels = {r["text"].lower(): r["label"] for r in item.redactions}
    assert shown.count(labels["jamie okafor"]) >= 2 and labels["9434765919"] in shown
    assert "Rosie Hargreaves" in shown  # the person's own name is never redacted
    # Police intelligence is never gathered; the export says why.
    assert POLICE_ONLY not in shown and POLICE_ONLY not in str(item.sections)
    assert "Schedule 2, paragraph 2" in shown
    # Reading was exceptional: the lead still cannot open Rosie's record anywhere else.
    assert client.get(reverse("register:person", args=[held.pk])).status_code == 403
    assert not [e for e in extensions.timeline(lead, held) if e.kind in ("note", "case")]

    page = client.get(reverse("governance:subject_access", args=[item.pk])).content.decode()
    assert "Jamie Okafor" in page and labels["jamie okafor"] in page  # the reviewer sees both
    gathered = AuditEntry.objects.get(purpose__startswith="subject access: gather")
    assert "Sch. 2" in gathered.detail["withheld"] and gathered.actor_id == lead.pk
    audited = set(
        AuditEntry.objects.filter(subject_id=str(held.pk)).values_list("purpose", flat=True)
    )
    assert {
        "record a subject access request",
        "gather a subject access request",
        "subject access: gather every agency's records (exceptional read)",
        "open a subject access request",
    } <= audited


def test_a_lifted_redaction_is_in_the_released_pdf_and_a_kept_one_is_not(client_for, lead, held):
    client = client_for(lead)
    _new(client, held)
    item = SubjectAccessRequest.objects.get()
    _step(client, item, "prepare")
    item.refresh_from_db()
    name = next(r for r in item.redactions if r["text"].lower() == "jamie okafor")
    number = next(r for r in item.redactions if r["text"] == "9434765919")
    assert _step(client, item, "lift", redaction=name["id"]).status_code == 302
    assert (
        _step(client, item, "redact", text="safe and well", reason="Police view").status_code == 302
    )

    stale = client.post(
        reverse("governance:subject_access", args=[item.pk]),
        {"version": "1", "step": "release"},
    )
    assert stale.status_code == 400
    assert SubjectAccessRequest.objects.get().status == SubjectAccessStatus.IN_REVIEW

    assert _step(client, item, "release").status_code == 302
    response = client.get(reverse("governance:subject_access_pdf", args=[item.pk]))
    text = _pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "Jamie okafor answered" in text  # lifted
    assert "9434765919" not in text and number["label"] in text  # kept
    assert "safe and well" not in text and "[redacted 3]" in text  # added by the reviewer
    assert POLICE_ONLY not in text

    # Released: nothing changes afterwards, whatever version is sent.
    item.refresh_from_db()
    assert _step(client, item, "keep", redaction=name["id"]).status_code == 400
    assert _step(client, item, "refuse", refusal="Changed my mind").status_code == 400
    item.refresh_from_db()
    assert item.status == SubjectAccessStatus.RELEASED and not item.refusal_reason
    client.get(reverse("governance:subject_access_pdf", args=[item.pk]))
    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT, subject_id=str(held.pk))
    assert list(exports.order_by("sequence").values_list("purpose", flat=True)) == [
        "subject access: release",
        "subject access: download the released export",
        "subject access: download the released export",
    ]
    changes = AuditEntry.objects.filter(action=AuditAction.CHANGE, subject_id=str(held.pk))
    assert {"subject access: lift a redaction", "subject access: add a redaction"} <= set(
        changes.values_list("purpose", flat=True)
    )


def test_only_the_keeping_agencys_information_governance_lead_handles_requests(
    client_for, lead, held, practitioner, team_manager, partnership_manager, make_user, police
):
    _new(client_for(lead), held)
    item = SubjectAccessRequest.objects.get()
    urls = [
        reverse("governance:subject_access_list"),
        reverse("governance:subject_access_new"),
        reverse("governance:subject_access", args=[item.pk]),
        reverse("governance:subject_access_pdf", args=[item.pk]),
    ]
    police_lead = make_user(police, Role.INFORMATION_GOVERNANCE_LEAD, username="policedpo")
    for user in (practitioner, team_manager, partnership_manager):
        client = client_for(user)
        assert all(client.get(url).status_code == 403 for url in urls)
        assert _step(client, item, "prepare").status_code == 403
    other = client_for(police_lead)
    assert (
        other.get(urls[0]).status_code == 200
        and "Request " not in other.get(urls[0]).content.decode()
    )
    assert other.get(urls[2]).status_code == 403
    assert _step(other, item, "prepare").status_code == 403
    item.refresh_from_db()
    assert item.status == SubjectAccessStatus.RECEIVED and not item.sections
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, object_type="governance.subjectaccessrequest"
    ).exists()


def test_open_and_overdue_requests_reach_the_leads_my_work(client_for, lead, child):
    late = subject_access.receive(
        actor=lead, person=child, requester_kind="person", requester_name="",
        identity_check="Known to the service; photo ID seen", received_on=dt.date(2020, 1, 10),
    )  # fmt: skip
    done = subject_access.receive(
        actor=lead, person=child, requester_kind="person", requester_name="",
        identity_check="Photo ID seen", received_on=dt.date(2020, 3, 1),
    )  # fmt: skip
    subject_access.refuse(actor=lead, request=done, expected_version=1, reason="A duplicate")
    section = next(s for s in extensions.my_work(lead) if s.title == "Subject access requests")
    items = section.every_item()
    assert [i.href for i in items] == [reverse("governance:subject_access", args=[late.pk])]
    assert items[0].overdue and items[0].due_at == dt.date(2020, 2, 10)
    page = client_for(lead).get(reverse("core:my_work")).content.decode()
    assert f"Subject access request {late.pk}" in page


def test_the_exceptional_read_is_for_one_user_inside_the_block_and_never_for_change(
    lead, child, police_officer
):
    assert not access.visible(lead, Person).exists()
    with access.exceptional_reading(lead):
        assert access.visible(lead, Person).filter(pk=child.pk).exists()
        assert not access.changeable(lead, Person).exists()
        assert not access.visible(police_officer, Person).filter(pk=child.pk).exists()
        assert not access.visible(AnonymousUser(), Person).exists()
    assert not access.visible(lead, Person).exists()
    assert not access.visible(AnonymousUser(), Person).exists()
