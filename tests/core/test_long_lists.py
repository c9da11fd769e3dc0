"""A list page on a large borough shows its first rows and says how many there are, instead
of every row (the risk overview listed 6,301 reviews on a borough of 60,000 children)."""

import io
import re

import pytest
from django.core.management import call_command

from tests.factories import signed_in_client
from triangulate.core import presenters
from triangulate.core.models import User


@pytest.mark.django_db
def test_the_risk_and_missing_overviews_show_their_first_rows_and_the_total(monkeypatch):
    call_command("demo_borough", children=200, seed=20131, stdout=io.StringIO())
    client = signed_in_client(User.objects.get(username="alex.practitioner"))
    monkeypatch.setattr(presenters, "LIST_LIMIT", 2)

    risk = client.get("/risk/").content.decode()
    shown = re.search(r"Showing the 2 soonest of (\d+) reviews due", risk)
    assert shown and int(shown[1]) > 2
    reviews_table = risk.split("Reviews due", 1)[1].split("</table>", 1)[0]
    assert reviews_table.count('<tr class="govuk-table__row">') == 1 + 2  # heading and two rows

    missing = client.get("/missing/").content.decode()
    assert re.search(r"Showing 2 of (\d+) interviews waiting", missing)
