"""The demo borough tells stories that could be true: police see the missing episodes they
were told of, and each child's records fit their age and the agencies that hold them."""

import pytest
from django.core.management import call_command

from triangulate.core import access
from triangulate.core.models import User
from triangulate.missing.models import MissingEpisode


@pytest.mark.django_db
def test_police_see_the_missing_episodes_reported_to_them():
    call_command("demo_borough", children=200, seed=20131)
    officer = User.objects.get(username="priya.officer")
    reported = MissingEpisode.objects.exclude(police_reference="")
    assert reported.exists()
    seen = access.visible(officer, MissingEpisode)
    assert set(seen) >= set(reported)
