"""A list page on a large borough shows its first rows and says how many there are, instead
of every row (the risk overview listed 6,301 reviews on a borough of 60,000 children)."""

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import signed_in_client
from triangulate.core import extensions, presenters
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


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["alex.practitioner", "jo.manager"])
def test_my_work_counts_all_the_work_in_the_database_and_lists_the_first_rows(
    monkeypatch, username
):
    """The counts My work leads with come from the database for long sections; they must
    agree with the rule each item is shown under, and the table shows only the first rows."""
    call_command("demo_borough", children=200, seed=20131, stdout=io.StringIO())
    user = User.objects.get(username=username)
    today = timezone.localdate()
    every = [item for s in extensions.my_work(user) for item in s.every_item()]
    by_urgency = Counter(presenters.urgency(item, today) for item in every)
    assert len(every) > 2 and any(s.query for s in extensions.my_work(user))
    monkeypatch.setattr(presenters, "LIST_LIMIT", 2)
    client = signed_in_client(user)

    page = client.get("/my-work").content.decode()
    assert f"All ({len(every)})" in page
    for urgency, label in presenters.URGENCIES:
        assert f"{label} ({by_urgency[urgency]})" in page
    assert f"Showing the first 2 of {len(every)}, overdue first" in page
    table = page[page.index("Work, overdue first") :].split("</table>", 1)[0]
    assert table.count('<tr class="govuk-table__row') == 1 + 2

    urgency, count = by_urgency.most_common(1)[0]
    filtered = client.get(f"/my-work?due={urgency}").content.decode()
    if count > 2:
        assert f"Showing the first 2 of {count}, overdue first" in filtered
    rows = filtered[filtered.index("Work, overdue first") :].split("</table>", 1)[0]
    assert rows.count('<tr class="govuk-table__row') == 1 + min(count, 2)
    if urgency == "overdue":
        assert rows.count("govuk-tag--red") == min(count, 2)
    else:
        assert "govuk-tag--red" not in rows
