"""factory_boy factories shared by the suite. Apps add their own next to their tests."""

from __future__ import annotations

import datetime as dt

import factory

from triangulate.core.models import Agency, RoleGrant, User
from triangulate.core.roles import AgencyType
from triangulate.register.models import Person, PersonAddress


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test agency {n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:40])
    agency_type = AgencyType.CHILDRENS_SOCIAL_CARE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            RoleGrant.objects.create(user=self, role=role)
        self._role_codes = None


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    owning_agency = factory.SubFactory(AgencyFactory)
    given_name = factory.Sequence(lambda n: ["Amelia", "Tyler", "Leah", "Kai", "Rosie"][n % 5])
    family_name = factory.Sequence(lambda n: ["Hargreaves", "Okafor", "Pemberton", "Nowak"][n % 4])
    # Children born 2010-2020 however many a test run makes (a later date would be a future birth).
    date_of_birth = factory.Sequence(
        lambda n: dt.date(2010, 1, 1) + dt.timedelta(days=37 * (n % 100))
    )
    sex = "F"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = model_class(*args, **kwargs)
        person.refresh_search_keys()
        person.save()
        return person


class PersonAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonAddress

    person = factory.SubFactory(PersonFactory)
    owning_agency = factory.LazyAttribute(lambda o: o.person.owning_agency)
    line_1 = "12 Heron Way"
    town = "Kingsmere"
    postcode = "KM4 7QT"
