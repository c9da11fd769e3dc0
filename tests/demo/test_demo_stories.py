"""The demo borough tells stories that could be true: police see the missing episodes they
were told of, and each child's records fit their age and the agencies that hold them."""

import pytest
from django.core.management import call_command

from triangulate.core import access
from triangulate.core.models import User
from triangulate.missing.models import MissingEpisode


@pytest.fixture(scope="module")
def borough(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo_borough", children=300, seed=20131)
        yield
        call_command("flush", interactive=False)


@pytest.mark.django_db
def test_police_see_the_missing_episodes_reported_to_them(borough):
    officer = User.objects.get(username="priya.officer")
    reported = MissingEpisode.objects.exclude(police_reference="")
    assert reported.exists()
    seen = access.visible(officer, MissingEpisode)
    assert set(seen) >= set(reported)
