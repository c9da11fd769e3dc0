"""factory_boy factories shared by the suite. Apps add their own next to their tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

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

    @factory.post_generation
    def authenticator(self, create, extracted, **kwargs):
        """Every test user has an authenticator app set up, unless ``authenticator=False``."""
        if extracted is not False:
            authenticator_for(self)


# The key of every test user's authenticator app (synthetic; tests only).
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator app (set up with the test key if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", key=TEST_TOTP_KEY, confirmed=True
    )


def current_code(user) -> str:
    """The code the user's authenticator shows now; a code already used in this 30-second
    step is accepted again (tests sign the same person in more than once a minute)."""
    device = authenticator_for(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(
        device.digits
    )


def signed_in_client(user, client: Client | None = None) -> Client:
    """A test client signed in as ``user`` who has passed the second sign-in step."""
    client = client or Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
    session.save()
    return client


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


def queued_tasks(task=None):
    """Background tasks queued and not yet run (of ``task`` only, if given)."""
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready().order_by("enqueued_at")
    return ready.filter(task_path=task.module_path) if task is not None else ready


def run_queued_tasks(worker_id: str = "test-worker") -> int:
    """Run every queued background task to its end in this thread, as a worker would: claim
    it, run it, mark it successful or failed. Returns how many ran."""
    ran = 0
    while (result := queued_tasks().first()) is not None:
        result.claim(worker_id)
        try:
            value = result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        except Exception as error:
            result.set_failed(error)
        else:
            result.set_successful(value)
        ran += 1
    return ran
