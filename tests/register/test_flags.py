import pytest

from tests.factories import PersonFactory
from triangulate.register.models import PersonFlag


@pytest.mark.django_db
def test_flags_show_who_set_them_when_and_why(client_for, front_door_worker, child):
    client = client_for(front_door_worker)
    response = client.post(
        f"/register/people/{child.pk}/flags",
        {"flag": "risk_cse", "reason": "Seen with an adult of concern twice."},
    )
    assert response.status_code == 302
    page = client.get(f"/register/people/{child.pk}").content.decode()
    assert "At risk of sexual exploitation" in page
    assert "Seen with an adult of concern twice." in page
    assert front_door_worker.display_name in page


@pytest.mark.django_db
def test_placed_out_of_area_needs_the_authority(client_for, front_door_worker, child):
    response = client_for(front_door_worker).post(
        f"/register/people/{child.pk}/flags", {"flag": "placed_out_of_area", "reason": "Placed"}
    )
    assert response.status_code == 400
    assert "Enter the placing or host authority" in response.content.decode()
    assert not PersonFlag.objects.exists()


@pytest.mark.django_db
def test_removing_a_flag_keeps_who_and_why(client_for, front_door_worker, child):
    client = client_for(front_door_worker)
    client.post(f"/register/people/{child.pk}/flags", {"flag": "sen", "reason": "EHC plan"})
    flag = PersonFlag.objects.get()
    client.post(f"/register/people/{child.pk}/flags/{flag.pk}/remove", {"reason": "Plan ended"})
    flag.refresh_from_db()
    assert flag.removed_by == front_door_worker and flag.removal_reason == "Plan ended"
    assert (
        "Special educational needs"
        not in client.get(f"/register/people/{child.pk}").content.decode()
    )


@pytest.mark.django_db
def test_census_factor_and_relationships_on_the_childs_page(client_for, front_door_worker, child):
    from triangulate.register.services import relationship_add

    client = client_for(front_door_worker)
    response = client.post(
        f"/register/people/{child.pk}/census-factors",
        {
            "code": "24A",
            "identified_on-day": "3",
            "identified_on-month": "2",
            "identified_on-year": "2025",
        },
    )
    assert response.status_code == 302
    mother = PersonFactory(owning_agency=child.owning_agency, given_name="Dawn", kind="adult")
    relationship_add(actor=front_door_worker, person=child, other=mother, relationship="parent")
    page = client.get(f"/register/people/{child.pk}").content.decode()
    assert "24A Child criminal exploitation" in page
    assert "Parent:" in page and mother.full_name in page
    assert "Child:" in client.get(f"/register/people/{mother.pk}").content.decode()


@pytest.mark.django_db
def test_another_agencys_flags_are_not_shown(client_for, front_door_worker, police_officer, child):
    PersonFlag.objects.create(
        owning_agency=police_officer.agency, person=child, flag="risk_cce", reason="Intelligence"
    )
    page = client_for(front_door_worker).get(f"/register/people/{child.pk}").content.decode()
    assert "At risk of criminal exploitation" not in page


@pytest.mark.django_db
def test_a_relationship_is_recorded_with_someone_in_the_household(
    client_for, front_door_worker, child
):
    from tests.factories import PersonAddressFactory

    PersonAddressFactory(person=child, line_1="4 Mill Lane", postcode="KM2 3AB")
    mother = PersonFactory(owning_agency=child.owning_agency, given_name="Dawn", kind="adult")
    PersonAddressFactory(person=mother, line_1="4 Mill Lane", postcode="KM2 3AB")
    stranger = PersonFactory(owning_agency=child.owning_agency, given_name="Neil", kind="adult")
    PersonAddressFactory(person=stranger, line_1="9 Mill Lane", postcode="KM2 3AB")
    client = client_for(front_door_worker)
    form_page = client.get(f"/register/people/{child.pk}/flags").content.decode()
    assert mother.full_name in form_page and stranger.full_name not in form_page
    refused = client.post(
        f"/register/people/{child.pk}/relationships",
        {"other": stranger.pk, "relationship": "parent"},
    )
    assert refused.status_code == 400
    client.post(
        f"/register/people/{child.pk}/relationships", {"other": mother.pk, "relationship": "parent"}
    )
    assert "Parent:" in client.get(f"/register/people/{child.pk}").content.decode()
