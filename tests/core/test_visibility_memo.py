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


def test_within_a_request_the_scoped_query_is_built_once_and_still_sees_a_new_share(
    practitioner, police_officer, child, monkeypatch
):
    from triangulate.register.models import Person

    built = []
    scoped = access._scoped
    monkeypatch.setattr(
        access, "_scoped", lambda *args, **kwargs: built.append(args[1]) or scoped(*args, **kwargs)
    )
    with access.visibility_scope():
        assert not access.visible(police_officer, Person).filter(pk=child.pk).exists()
        assert not access.may(police_officer, "record.view", child)
        records.share(
            practitioner, child, police_officer.agency, basis=records.LawfulBasis.SAFEGUARDING,
            purpose="joint enquiry", consent=records.Consent.GIVEN,
        )  # fmt: skip
        assert access.may(police_officer, "record.view", child)
        assert access.visible(police_officer, Person).filter(pk=child.pk).exists()
        # Each caller gets its own copy: filtering one never narrows the next.
        access.visible(police_officer, Person).filter(pk=-1)
        assert access.visible(police_officer, Person).filter(pk=child.pk).exists()
        # Someone reading every agency's records for a subject access request is never
        # answered from what was built for their ordinary reading.
        with access.exceptional_reading(practitioner):
            assert access.visible(practitioner, Person).count() == Person.objects.count()
    # Built once before the share and once after it (the share forgets what was built).
    assert built.count(Person) == 3


def test_a_user_who_has_not_passed_the_second_step_is_not_answered_from_a_verified_query(
    practitioner, child, settings
):
    from triangulate.register.models import Person

    settings.REQUIRE_TWO_FACTOR = True
    practitioner.is_verified = lambda: True
    with access.visibility_scope():
        assert access.visible(practitioner, Person).filter(pk=child.pk).exists()
        practitioner.is_verified = lambda: False
        assert not access.visible(practitioner, Person).filter(pk=child.pk).exists()
