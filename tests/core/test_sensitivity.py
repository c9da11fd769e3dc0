"""Sensitivity labels: a labelled value stays with the people its label names, on every page
and export, while the rest of the child's record stays readable (issue 16 item 3)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.meetings.test_meetings import pdf_text
from triangulate.casework.models import CaseNote
from triangulate.casework.services import casenotes
from triangulate.core import access, records
from triangulate.core.models import AuditEntry
from triangulate.core.records import LawfulBasis
from triangulate.core.refusals import Refused
from triangulate.core.roles import Role
from triangulate.core.sensitivity import Sensitivity

WORDS = "Attended the clinic for a sexual health check; treatment discussed in confidence."
WITHHELD = "Withheld: sexual health information."
ASK = "Ask Kingsmere Community Health's safeguarding lead."


@pytest.fixture
def nurse(make_user, health):
    return make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse")


@pytest.fixture
def shared_child(child, practitioner, police, health):
    """A child whose record children's services share with the police and with health."""
    for agency in (police, health):
        records.share(
            practitioner, child, agency, basis=LawfulBasis.SAFEGUARDING, purpose="Safeguarding"
        )
    return child


def _note_form(**overrides):
    day = timezone.localdate() - dt.timedelta(days=1)
    data = {
        "kind": "visit",
        "occurred_on-day": day.day,
        "occurred_on-month": day.month,
        "occurred_on-year": day.year,
        "occurred_time": "10:15",
        "present": "Child and school nurse",
        "child_seen": "yes",
        "child_seen_alone": "yes",
        "childs_words": "Please don't tell anyone at home.",
        "summary": WORDS,
        "significant": "on",
        "sensitivity": Sensitivity.SEXUAL_HEALTH,
    }
    data.update(overrides)
    return data


@pytest.fixture
def health_note(client_for, nurse, shared_child, police):
    """The nurse records a sexual-health note on the child's record and shares it with the
    police (for the chronology), as a person would."""
    response = client_for(nurse).post(f"/cases/child/{shared_child.pk}/notes/new", _note_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    note = CaseNote.objects.get(summary=WORDS)
    casenotes.note_share(actor=nurse, note=note, agency=police, purpose="Chronology")
    return note


def test_the_entitlements_name_who_reads_each_label(
    make_user, council, police, health, school, nurse, police_officer, school_lead
):
    csc_manager = make_user(council, Role.TEAM_MANAGER, username="csc-manager")
    police_manager = make_user(police, Role.TEAM_MANAGER, username="police-manager")
    practitioner = make_user(council, Role.EXPLOITATION_PRACTITIONER, username="csc-worker")
    cases = [
        (Sensitivity.SEXUAL_HEALTH, health, nurse, True),
        (Sensitivity.SEXUAL_HEALTH, council, nurse, True),
        (Sensitivity.SEXUAL_HEALTH, health, police_officer, False),
        (Sensitivity.SEXUAL_HEALTH, council, practitioner, True),
        (Sensitivity.INTELLIGENCE_C, police, police_officer, True),
        (Sensitivity.INTELLIGENCE_C, police, police_manager, False),
        (Sensitivity.INTELLIGENCE_C, police, practitioner, False),
        (Sensitivity.SCHOOL_CONFIDENTIAL, school, school_lead, True),
        (Sensitivity.SCHOOL_CONFIDENTIAL, council, school_lead, True),
        (Sensitivity.SCHOOL_CONFIDENTIAL, school, nurse, False),
        (Sensitivity.ADOPTION, council, csc_manager, True),
        (Sensitivity.ADOPTION, council, police_manager, False),
        (Sensitivity.ADOPTION, council, practitioner, False),
        (Sensitivity.ADDRESS_WITHHELD, council, practitioner, True),
        (Sensitivity.ADDRESS_WITHHELD, council, police_officer, False),
    ]
    for label, owner, user, expected in cases:
        assert access.entitled(user, label, owner.pk) is expected, (label, owner, user)


def test_the_police_officer_sees_the_rest_of_the_child_but_not_the_nurses_words(
    client_for, police_officer, health_note, shared_child
):
    client = client_for(police_officer)
    person = client.get(f"/register/people/{shared_child.pk}").content.decode()
    assert shared_child.full_name in person
    assert f"{WITHHELD} {ASK}" in person.replace("&#39;", "'")
    assert "treatment discussed" not in person
    note = client.get(f"/cases/notes/{health_note.pk}").content.decode()
    assert WITHHELD in note
    for words in ("treatment discussed", "don&#39;t tell anyone", "school nurse"):
        assert words not in note
    assert "Save label" not in note and "Correct this note" not in note
    chronology = client.get(f"/cases/child/{shared_child.pk}/chronology").content.decode()
    assert WITHHELD in chronology and "treatment discussed" not in chronology


def test_the_chronology_exports_carry_the_withheld_words_not_the_value(
    client_for, police_officer, nurse, health_note, shared_child
):
    officer = client_for(police_officer)
    sheet = load_workbook(
        io.BytesIO(officer.get(f"/cases/child/{shared_child.pk}/chronology.xlsx").content)
    ).active
    cells = [str(c) for row in sheet.values for c in row if c is not None]
    assert any(c.startswith(WITHHELD) for c in cells)
    assert not any("treatment discussed" in c for c in cells)
    text = pdf_text(officer.get(f"/cases/child/{shared_child.pk}/chronology.pdf").content)
    assert "Withheld: sexual health" in text and "treatment discussed" not in text

    nurse_sheet = load_workbook(
        io.BytesIO(client_for(nurse).get(f"/cases/child/{shared_child.pk}/chronology.xlsx").content)
    ).active
    rows = list(nurse_sheet.values)
    row = next(r for r in rows if r[4] == WORDS)
    assert rows[0][-1] == "Sensitivity label" and row[-1] == "Sexual health"


def test_the_nurse_reads_the_note_with_a_tag_naming_its_label(
    client_for, nurse, health_note, shared_child
):
    client = client_for(nurse)
    note = client.get(f"/cases/notes/{health_note.pk}").content.decode()
    assert "treatment discussed" in note and "Sexual health" in note and "Withheld" not in note
    person = client.get(f"/register/people/{shared_child.pk}").content.decode()
    assert "treatment discussed" in person and "govuk-tag--purple" in person


def test_setting_and_clearing_a_label_is_audited_and_a_stale_edit_is_refused(
    client_for, nurse, health_note
):
    client = client_for(nurse)
    cleared = client.post(
        f"/cases/notes/{health_note.pk}/label",
        {"sensitivity": "", "version": health_note.version},
    )
    assert cleared.status_code == 302
    health_note.refresh_from_db()
    assert health_note.sensitivity == ""
    entry = AuditEntry.objects.filter(purpose="label a case note").latest("id")
    assert entry.detail["sensitivity"] == {"before": "sexual_health", "after": ""}

    stale = client.post(
        f"/cases/notes/{health_note.pk}/label",
        {"sensitivity": Sensitivity.SEXUAL_HEALTH, "version": health_note.version - 1},
    )
    assert stale.status_code == 409
    health_note.refresh_from_db()
    assert health_note.sensitivity == ""


def test_no_one_sets_a_label_that_would_hide_the_value_from_themselves(practitioner, open_note):
    with pytest.raises(Refused) as refused:
        casenotes.note_label(
            actor=practitioner,
            note=open_note,
            expected_version=open_note.version,
            sensitivity=Sensitivity.ADOPTION,
        )
    assert "only the people it names" in str(refused.value)
    open_note.refresh_from_db()
    assert open_note.sensitivity == "" and open_note.version == 1


@pytest.fixture
def open_note(practitioner, child):
    from triangulate.casework.models import Case

    case = Case.objects.create(
        owning_agency=practitioner.agency,
        reference="EXP-LABEL001",
        person=child,
        worker=practitioner,
        opened_by=practitioner,
    )
    return casenotes.note_record(
        actor=practitioner,
        case=case,
        kind="visit",
        occurred_at=timezone.now() - dt.timedelta(hours=2),
        summary="Home visit.",
    )


def test_the_answer_is_asked_once_per_viewer_label_and_agency_in_a_request(
    police_officer, health_note, django_assert_num_queries
):
    with access.visibility_scope():
        first = access.withheld(police_officer, health_note, "summary")
        with django_assert_num_queries(0):
            again = access.withheld(police_officer, health_note, "summary")
    assert first == again and first.text == f"{WITHHELD} {ASK}"
    assert access.withheld(police_officer, health_note, "kind") is None


# An address withheld for safety -------------------------------------------------------------

ADDRESS_WITHHELD = "Withheld: the address, kept back for the child's safety."


@pytest.fixture
def withheld_address(shared_child, practitioner, police):
    from tests.factories import PersonAddressFactory
    from triangulate.register import services as register

    address = PersonAddressFactory(person=shared_child, line_1="7 Larch Close", postcode="KM3 5RT")
    records.share(
        practitioner, address, police, basis=LawfulBasis.SAFEGUARDING, purpose="Safeguarding"
    )
    return register.address_label(
        actor=practitioner,
        address=address,
        expected_version=address.version,
        sensitivity=Sensitivity.ADDRESS_WITHHELD,
    )


def test_a_withheld_address_is_read_only_by_the_owning_agency(
    client_for, practitioner, police_officer, withheld_address, shared_child
):
    officer = client_for(police_officer)
    page = officer.get(f"/register/people/{shared_child.pk}").content.decode().replace("&#39;", "'")
    assert ADDRESS_WITHHELD in page and "Larch Close" not in page and "KM3 5RT" not in page
    found = officer.get("/register/", {"name": shared_child.full_name}).content.decode()
    assert shared_child.full_name in found
    assert "Larch Close" not in found and "Withheld: the address" in found

    owner = client_for(practitioner)
    own_page = owner.get(f"/register/people/{shared_child.pk}").content.decode()
    assert "7 Larch Close" in own_page and "Address withheld for safety" in own_page
    assert (
        "7 Larch Close"
        in owner.get("/register/", {"name": shared_child.full_name}).content.decode()
    )


def test_the_api_person_summary_says_the_address_is_withheld(
    police_officer, practitioner, withheld_address, shared_child
):
    from tests.api.test_api import client_with

    summary = client_with(police_officer)[0].get(f"/api/people/{shared_child.pk}").json()
    assert summary["current_address"].startswith("Withheld: the address")
    assert summary["addresses"][0]["withheld"] is True
    assert "Larch" not in str(summary) and "KM3" not in str(summary)
    own = client_with(practitioner)[0].get(f"/api/people/{shared_child.pk}").json()
    assert own["addresses"][0]["address"].startswith("7 Larch Close")
    assert own["addresses"][0]["sensitivity_label"] == "Address withheld for safety"


def test_a_postcode_never_matches_a_child_whose_address_is_withheld(
    police_officer, practitioner, withheld_address, shared_child
):
    from triangulate.register.services.matching import IntakeDetails, find_matches

    details = IntakeDetails(
        given_name=shared_child.given_name,
        family_name=shared_child.family_name,
        postcode="KM3 5RT",
    )
    theirs = find_matches(actor=police_officer, details=details).matches
    assert theirs and not any("KM3 5RT" in " ".join(m.reasons) for m in theirs)
    owners = find_matches(actor=practitioner, details=details).matches
    assert any("KM3 5RT" in " ".join(m.reasons) for m in owners)


def test_the_household_never_shows_who_lives_at_a_withheld_address(
    client_for, police_officer, withheld_address, shared_child, police, practitioner
):
    from tests.factories import PersonAddressFactory, PersonFactory

    mother = PersonFactory(owning_agency=police, given_name="Dawn", kind="adult")
    PersonAddressFactory(person=mother, line_1="7 Larch Close", postcode="KM3 5RT")
    page = client_for(police_officer).get(f"/register/people/{shared_child.pk}/flags")
    assert mother.full_name not in page.content.decode()


def test_labelling_an_address_is_audited_and_only_its_agency_may(
    client_for, practitioner, police_officer, shared_child
):
    from tests.factories import PersonAddressFactory

    address = PersonAddressFactory(person=shared_child, line_1="3 Birch Row", postcode="KM1 2AB")
    url = f"/register/people/{shared_child.pk}/addresses/{address.pk}/label"
    assert client_for(police_officer).get(url).status_code == 403
    client = client_for(practitioner)
    assert "Address withheld for safety" in client.get(url).content.decode()
    saved = client.post(url, {"sensitivity": Sensitivity.ADDRESS_WITHHELD, "version": 1})
    assert saved.status_code == 302
    address.refresh_from_db()
    assert address.sensitivity == Sensitivity.ADDRESS_WITHHELD and address.version == 2
    entry = AuditEntry.objects.filter(purpose="label an address").latest("id")
    assert entry.detail["sensitivity"] == {"before": "", "after": "address_withheld"}
    stale = client.post(url, {"sensitivity": "", "version": 1})
    assert stale.status_code == 400 and records.STALE_MESSAGE in stale.content.decode()
    address.refresh_from_db()
    assert address.sensitivity == Sensitivity.ADDRESS_WITHHELD
