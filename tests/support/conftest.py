from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.support.models import Harm, ServiceKind
from triangulate.support.services import directory


@pytest.fixture
def child(council):
    """Rosie, 13 or 14: the services here are for ages 10 to 18. The shared factory's dates
    of birth follow how many people earlier tests made, so without this her age, and
    whether a service would take her, depended on the order the suite ran in."""
    return PersonFactory(
        owning_agency=council,
        given_name="Rosie",
        family_name="Hargreaves",
        known_as="Ro",
        date_of_birth=dt.date(timezone.localdate().year - 14, 1, 1),
    )


@pytest.fixture
def make_service(partnership_manager):
    def make(**changes):
        values = {
            "name": "Safe Futures exploitation support",
            "kind": ServiceKind.ADVOCACY,
            "provider": "Safe Futures Kingsmere",
            "summary": "A trusted worker for a child being exploited.",
            "min_age": 10,
            "max_age": 18,
            "area": "Kingsmere",
            "harms": [Harm.SEXUAL_EXPLOITATION, Harm.CRIMINAL_EXPLOITATION],
            "capacity": 40,
            "waiting_weeks": 3,
            "funder": "Kingsmere Safeguarding Children Partnership",
            "contract_ends_on": timezone.localdate() + dt.timedelta(days=400),
            "funding_ends_on": timezone.localdate() + dt.timedelta(days=400),
            "phone": "01632 960101",
            "is_published": True,
        }
        values.update(changes)
        return directory.service_create(actor=partnership_manager, **values)

    return make
