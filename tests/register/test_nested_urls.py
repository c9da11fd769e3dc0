"""A nested URL names objects that must belong together: a flag of another person, a task of
another case, is a 404 and changes nothing."""

import pytest

from tests.factories import PersonFactory
from triangulate.core.models import AuditAction, AuditEntry
from triangulate.register.models import PersonFlag


@pytest.mark.django_db
def test_removing_a_flag_through_another_persons_url_is_a_404_and_changes_nothing(
    client_for, front_door_worker, child, council
):
    other = PersonFactory(owning_agency=council, given_name="Leo", family_name="Barker")
    client = client_for(front_door_worker)
    client.post(f"/register/people/{other.pk}/flags", {"flag": "sen", "reason": "EHC plan"})
    flag = PersonFlag.objects.get(person=other)
    response = client.post(
        f"/register/people/{child.pk}/flags/{flag.pk}/remove", {"reason": "Plan ended"}
    )
    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.removed_at is None
    assert not AuditEntry.objects.filter(action=AuditAction.CHANGE, object_id=str(flag.pk))
    response = client.post(
        f"/register/people/{other.pk}/flags/{flag.pk}/remove", {"reason": "Plan ended"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.removed_at is not None


@pytest.mark.django_db
def test_another_agency_cannot_remove_a_flag_it_did_not_set(
    client_for, front_door_worker, police_officer, child
):
    from django.contrib.contenttypes.models import ContentType

    from triangulate.core.models import RecordShare

    client_for(front_door_worker).post(
        f"/register/people/{child.pk}/flags", {"flag": "sen", "reason": "EHC plan"}
    )
    flag = PersonFlag.objects.get()
    for record in (child, flag):
        RecordShare.objects.create(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
            shared_with=police_officer.agency, shared_by=front_door_worker,
            lawful_basis="UK GDPR 6(1)(e)", purpose="joint work",
        )  # fmt: skip
    response = client_for(police_officer).post(
        f"/register/people/{child.pk}/flags/{flag.pk}/remove", {"reason": "Not ours"}
    )
    assert response.status_code == 403
    flag.refresh_from_db()
    assert flag.removed_at is None
