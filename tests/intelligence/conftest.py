from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from triangulate.core import records
from triangulate.intelligence import services


@pytest.fixture
def submitted(school_lead, police, child, practitioner, school):
    """A school's intelligence about a car outside the school, sent to the police."""
    records.share(
        practitioner, child, school, basis=records.LawfulBasis.SAFEGUARDING, purpose="education"
    )

    def submit(**changes):
        values = {
            "actor": school_lead,
            "police": police,
            "what_seen": "A silver car waits outside the school gate at home time; Rosie gets in.",
            "where_seen": "Outside Kingsmere Academy",
            "postcode": "km4 7qt",
            "seen_at": timezone.now() - dt.timedelta(days=1),
            "who": "Rosie and a man in his twenties called Jay",
            "vehicles": "ab12 cde",
            "phones": "07700 900123",
            "person": child,
        }
        values.update(changes)
        return services.item_submit(**values)

    return submit
