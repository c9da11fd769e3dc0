from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.support.models import Harm, ServiceKind
from triangulate.support.services import directory


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
