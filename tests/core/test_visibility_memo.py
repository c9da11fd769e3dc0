"""A list names its children after asking once who the viewer may open; what it learned
lasts only for the request and is forgotten as soon as a share changes it."""

from triangulate.core import access, records


def test_a_list_asks_once_and_a_share_made_afterwards_is_seen(
    practitioner, police_officer, child, django_assert_num_queries
):
    with access.visibility_scope():
        access.remember_visibility(police_officer, [child])
        with django_assert_num_queries(0):
            before = access.child_reference(police_officer, child)
        assert not before.href
        assert before.label == f"{child.given_name} {child.family_name} (age {before.age})"

        records.share(
            practitioner,
            child,
            police_officer.agency,
            basis=records.LawfulBasis.SAFEGUARDING,
            purpose="joint enquiry",
            consent=records.Consent.GIVEN,
        )
        after = access.child_reference(police_officer, child)
    assert after.href, "the share must be seen in the same request"
    assert after.label == child.full_name


def test_outside_a_request_nothing_is_remembered(practitioner, police_officer, child):
    access.remember_visibility(police_officer, [child])
    records.share(
        practitioner,
        child,
        police_officer.agency,
        basis=records.LawfulBasis.SAFEGUARDING,
        purpose="joint enquiry",
        consent=records.Consent.GIVEN,
    )
    assert access.child_reference(police_officer, child).href
