"""`demo_borough --years N` writes years of past work at the source documents' rates, with
an audit log that still verifies."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from triangulate.core.audit import verify_chain
from triangulate.core.models import AuditEntry
from triangulate.frontdoor.models import Contact
from triangulate.missing.models import MissingEpisode, ReturnInterview


@pytest.mark.django_db
def test_a_borough_with_two_years_of_history():
    call_command("demo_borough", children=3000, seed=3, years=2, stdout=io.StringIO())
    today = timezone.localdate()
    old = Contact.objects.filter(
        received_at__date__lt=today.replace(day=1).replace(year=today.year - 1)
    )
    months = {(c.received_at.year, c.received_at.month) for c in Contact.objects.all()}
    # About 800 contacts a month for 60,000 children: 40 a month for 3,000.
    assert len(months) >= 23
    per_month = old.count() / max(1, len({(c.received_at.year, c.received_at.month) for c in old}))
    assert 30 <= per_month <= 50
    assert not old.exclude(status="decided").exists(), "past contacts were all decided"
    past_episodes = MissingEpisode.objects.filter(
        ended_at__date__lt=today.replace(year=today.year - 1)
    )
    assert past_episodes.exists()
    assert (
        ReturnInterview.objects.filter(episode__in=past_episodes).count() == past_episodes.count()
    )
    # Each past record was written and read, and the log still chains.
    assert AuditEntry.objects.filter(purpose="open a child's record").count() >= 6 * old.count()
    assert verify_chain() is None
