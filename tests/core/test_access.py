import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.core import access
from triangulate.core.models import AuditAction, AuditEntry, RecordShare
from triangulate.register.models import Person


def test_owning_agency_sees_its_records_and_no_others(practitioner, police_officer, child):
    assert list(access.visible(practitioner, Person)) == [child]
    assert list(access.visible(police_officer, Person)) == []


def test_share_opens_a_record_to_one_agency_until_revoked_or_expired(
    practitioner, police_officer, child
):
    share = RecordShare.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=child.pk,
        shared_with=police_officer.agency,
        shared_by=practitioner,
        lawful_basis="UK GDPR 6(1)(e); DPA 2018 Sch 1 para 18",
        purpose="joint strategy discussion",
    )
    assert list(access.visible(police_officer, Person)) == [child]
    share.expires_at = timezone.now() - dt.timedelta(minutes=1)
    share.save()
    assert list(access.visible(police_officer, Person)) == []
    share.expires_at = None
    share.revoked_at = timezone.now()
    share.save()
    assert list(access.visible(police_officer, Person)) == []


def test_roles_without_casework_see_no_personal_data(
    elected_member, partnership_manager, administrator, child
):
    for user in (elected_member, partnership_manager, administrator):
        assert not access.visible(user, Person).exists()
        assert not access.may(user, "register.search")


def test_visible_refuses_models_without_personal_data(practitioner):
    from triangulate.core.models import Agency

    with pytest.raises(TypeError):
        access.visible(practitioner, Agency)


def test_other_agency_gets_403_and_the_attempt_is_audited(client_for, police_officer, child):
    response = client_for(police_officer).get(reverse("register:person", args=[child.pk]))
    assert response.status_code == 403
    assert "You do not have access" in response.content.decode()
    denied = AuditEntry.objects.get(action=AuditAction.DENIED)
    assert denied.actor_name == police_officer.username
    assert denied.object_id == str(child.pk)
    assert denied.agency_name == "Mereshire Police"


def test_missing_record_is_404_not_403(client_for, practitioner):
    response = client_for(practitioner).get(reverse("register:person", args=[424242]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_personal_data_lint_finds_direct_reads(tmp_path):
    from triangulate.core import lint_personal_data

    models = {("Person", "app.models.people")}
    views = tmp_path / "views.py"
    views.write_text(
        "from .models import Person\n\ndef v(request):\n    return Person.objects.all()\n"
    )
    problems = lint_personal_data.violations(views, models, "app.views")
    assert len(problems) == 1 and "Person.objects" in problems[0]
    clean = tmp_path / "ok.py"
    clean.write_text(
        "from app.models import Person\n\n"
        "def v(request, access):\n    return access.visible(request.user, Person)\n"
    )
    assert lint_personal_data.violations(clean, models, "app.ok") == []


def test_personal_data_lint_tells_same_named_models_apart(tmp_path):
    from triangulate.core import lint_personal_data

    models = {("Meeting", "other.models")}
    views = tmp_path / "views.py"
    views.write_text(
        "from ..models import Meeting\n\ndef v(request):\n    return Meeting.objects.all()\n"
    )
    assert lint_personal_data.violations(views, models, "scrutiny.views.meetings") == []
    assert (
        len(
            lint_personal_data.violations(
                views, {("Meeting", "scrutiny.models")}, "scrutiny.views.meetings"
            )
        )
        == 1
    )


def test_project_views_pass_the_personal_data_lint():
    from triangulate.core import lint_personal_data

    assert lint_personal_data.main() == 0


def test_unrelated_person_from_same_agency_is_visible(practitioner, council):
    other = PersonFactory(owning_agency=council)
    assert other in access.visible(practitioner, Person)
