import pytest
from django.core.management import call_command
from django.db import transaction

from triangulate.casework.models import CaseNote
from triangulate.core import access
from triangulate.core.audit import verify_chain
from triangulate.core.identifiers import is_valid_nhs_number, is_valid_postcode, is_valid_upn
from triangulate.core.models import User
from triangulate.core.roles import CASEWORK_ROLES, Role
from triangulate.core.sensitivity import Sensitivity
from triangulate.demo.performance import DEMO_TARGETS
from triangulate.governance.models import LegalHold
from triangulate.governance.services import retention
from triangulate.intelligence.models import IntelligenceItem
from triangulate.performance.models import MeasureTarget, PackFigure
from triangulate.register.models import Person, PersonAddress, PersonKind


def _names():
    return list(
        Person.objects.order_by("id").values_list("given_name", "family_name", "date_of_birth")
    )


@pytest.mark.django_db
def test_demo_borough_is_deterministic_and_valid(capsys):
    # The first build is rolled back rather than deleted row by row: domain records protect
    # the users and agencies they refer to, as they should.
    with transaction.atomic():
        call_command("demo_borough", children=120, seed=7)
        first = _names()
        assert Person.objects.filter(kind=PersonKind.CHILD).count() == 120
        roles = {
            grant for user in User.objects.filter(is_demo_account=True) for grant in user.role_codes
        }
        assert roles == set(Role.values), "every role has a demo user"
        for person in Person.objects.all():
            assert not person.nhs_number or is_valid_nhs_number(person.nhs_number)
            assert not person.upn or is_valid_upn(person.upn)
            for address in person.addresses.all():
                assert is_valid_postcode(address.postcode)
        assert verify_chain() is None
        # The demo's retention schedule holds its children's records well past today.
        reports = retention.dry_run()
        assert len(reports) == 3
        assert not any(r.due for r in reports)
        assert LegalHold.objects.filter(released_at__isnull=True).count() == 1
        # The partnership has targets for the rates it watches, so the board pack the demo
        # releases shows each of them against its target, in words.
        targets = {slug for slug, _target, _tolerance in DEMO_TARGETS}
        assert set(MeasureTarget.objects.values_list("slug", flat=True)) == targets
        released = PackFigure.objects.filter(slug__in=targets, value__isnull=False)
        assert released.exists()
        assert all(f.status and f.target and "target" in f.status_text for f in released)
        # The nurse's sexual-health note is shared with the police, who read that it is
        # withheld; one child's address is withheld from them; intelligence graded C is too.
        officer = User.objects.get(username="priya.officer")
        note = CaseNote.objects.get(sensitivity=Sensitivity.SEXUAL_HEALTH)
        assert access.visible(officer, CaseNote).filter(pk=note.pk).exists()
        assert access.withheld(officer, note, "summary") is not None
        address = PersonAddress.objects.get(sensitivity=Sensitivity.ADDRESS_WITHHELD)
        assert access.visible(officer, PersonAddress).filter(pk=address.pk).exists()
        assert access.withheld(officer, address) is not None
        assert IntelligenceItem.objects.filter(handling_code="C").exists()
        call_command("demo_borough", children=120, seed=7, if_empty=True)
        assert "keeping the existing data" in capsys.readouterr().out
        transaction.set_rollback(True)
    assert not Person.objects.exists()
    call_command("demo_borough", children=120, seed=7)
    assert [n[:2] for n in _names()] == [n[:2] for n in first]


@pytest.mark.django_db
def test_demo_includes_twins_and_parents_sharing_a_childs_name():
    call_command("demo_borough", children=1500, seed=11)
    children = list(
        Person.objects.filter(kind=PersonKind.CHILD).values(
            "family_name", "date_of_birth", "addresses__postcode"
        )
    )
    seen = {}
    twins = 0
    for c in children:
        key = (c["family_name"], c["date_of_birth"], c["addresses__postcode"])
        twins += key in seen
        seen[key] = True
    assert twins > 0


@pytest.mark.django_db
def test_every_demo_user_signs_in_to_a_home_page_for_their_role():
    from django.test import Client
    from django.urls import reverse

    from tests.factories import current_code
    from triangulate.demo.borough import DEMO_PASSWORD

    call_command("demo_borough", children=20, seed=3)
    for user in User.objects.filter(is_demo_account=True):
        client = Client()
        response = client.post(
            reverse("core:sign_in"), {"username": user.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, user.username
        # The second step with the demo authenticator every demo account has.
        second = client.post(reverse("governance:verify"), {"code": current_code(user)})
        assert second.status_code == 302, user.username
        home = client.get(reverse("core:home")).content.decode()
        for label in user.role_labels():
            assert label in home, (user.username, label)
        may_search = user.has_role(*CASEWORK_ROLES)
        assert ("Search the register" in home) == may_search, user.username
