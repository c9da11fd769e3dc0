import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PersonFactory


@pytest.fixture
def twelve_year_old(council):
    today = timezone.localdate()
    return PersonFactory(
        owning_agency=council,
        given_name="Mia",
        family_name="Thornton",
        date_of_birth=today.replace(year=today.year - 12) - dt.timedelta(days=30),
    )
