"""The catalogue, a measure and the records behind a figure, as each kind of viewer sees them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from triangulate.core.models import AuditEntry
from triangulate.core.roles import Role
from triangulate.register.models import PersonFlag

from .conftest import at


@pytest.fixture
def cases_of_two_agencies(make_case, council, police):
    ours = PersonFactory(owning_agency=council, given_name="Amelia", family_name="Okafor")
    theirs = PersonFactory(owning_agency=police, given_name="Tyler", family_name="Pemberton")
    opened = timezone.localdate() - dt.timedelta(days=40)
    make_case(ours, opened=opened)
    make_case(theirs, opened=opened)
    return ours, theirs


def _records_url(slug="assessments-up-to-date", part="denominator"):
    today = timezone.localdate()
    url = reverse(
        "performance:records", kwargs={"slug": slug, "year": today.year, "month": today.month}
    )
    return url + (f"?list={part}" if part else "")


def test_the_catalogue_lists_every_measure_with_this_month_and_last(
    client_for, elected_member, cases_of_two_agencies
):
    page = client_for(elected_member).get(reverse("performance:index"))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Children with an up-to-date risk assessment" in text
    assert "0% (0 of 2)" in text
    assert "Return home interviews offered within 72 hours" in text


def test_a_measure_shows_its_definition_its_months_and_its_data_quality(
    client_for, team_manager, cases_of_two_agencies
):
    page = client_for(team_manager).get(
        reverse("performance:measure", kwargs={"slug": "assessments-up-to-date"})
    )

    text = page.content.decode()
    assert "Definition version" in text
    assert "A child is counted once" in text
    assert "Values by month" in text
    assert "No finalised assessment" in text


def test_a_councillor_sees_counts_never_the_children(
    client_for, elected_member, cases_of_two_agencies
):
    before = AuditEntry.objects.count()

    page = client_for(elected_member).get(_records_url())

    text = page.content.decode()
    assert page.status_code == 200
    assert "2 records." in text
    assert "Okafor" not in text and "Pemberton" not in text
    assert AuditEntry.objects.count() == before


def test_a_practitioner_sees_only_the_children_they_may_open_and_the_view_is_audited(
    client_for, practitioner, cases_of_two_agencies
):
    ours, theirs = cases_of_two_agencies

    page = client_for(practitioner).get(_records_url())

    text = page.content.decode()
    assert "Amelia Okafor" in text
    assert "Pemberton" not in text
    assert "1 more record belongs to agencies that have not shared it with yours." in text
    entry = AuditEntry.objects.filter(purpose="view the records behind a performance figure").get()
    assert entry.detail["people"] == [str(ours.pk)]
    assert entry.detail["measure"] == "F1"


def test_a_month_in_the_future_or_an_unknown_measure_is_not_found(client_for, practitioner):
    client = client_for(practitioner)
    future = timezone.localdate() + dt.timedelta(days=40)
    url = reverse(
        "performance:records",
        kwargs={"slug": "contacts", "year": future.year, "month": future.month},
    )

    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("performance:measure", kwargs={"slug": "no-such-measure"})).status_code
        == 404
    )


def test_someone_not_signed_in_is_sent_to_sign_in(client):
    page = client.get(reverse("performance:index"))

    assert page.status_code in (302, 403)


def test_a_measure_charts_its_months_and_marks_a_signal_by_shape_and_in_words(
    client_for, elected_member, make_episode, children
):
    first = timezone.localdate().replace(day=1)
    months = []
    for _ in range(13):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.insert(0, first)
    counts = [1, 2] * 6 + [12]  # a steady year, then last month far above it
    for month, count in zip(months, counts, strict=True):
        for n in range(count):
            started = at(month + dt.timedelta(days=n % 27))
            make_episode(children[n % 3], started=started, ended=started + dt.timedelta(hours=3))

    page = client_for(elected_member).get(
        reverse("performance:measure", kwargs={"slug": "missing-episodes"})
    )

    text = page.content.decode()
    assert 'role="img"' in text
    assert text.count("<polygon") == 2  # the signal, and its shape in the key
    assert "Signal (above the mean): outside the natural process limits" in text
    assert "1 month shows a signal." in text


def test_the_catalogue_shows_what_is_missing_beside_each_figure(
    client_for, make_user, council, practitioner
):
    chief_officer = make_user(council, Role.CHIEF_OFFICER, username="chief")
    child = PersonFactory(owning_agency=council, ethnicity="NOBT")
    PersonFlag.objects.create(
        owning_agency=council, person=child, flag="risk_cse", reason="Concern", set_by=practitioner
    )

    text = client_for(chief_officer).get(reverse("performance:index")).content.decode()

    assert "1 of 1 children whose ethnicity is not recorded." in text


def test_the_catalogue_says_which_measures_show_a_signal_last_month(
    client_for, elected_member, make_episode, children
):
    first = timezone.localdate().replace(day=1)
    months = []
    for _ in range(13):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.insert(0, first)
    for month, count in zip(months, [1, 2] * 6 + [12], strict=True):
        for n in range(count):
            started = at(month + dt.timedelta(days=n % 27))
            make_episode(children[n % 3], started=started, ended=started + dt.timedelta(hours=3))

    text = client_for(elected_member).get(reverse("performance:index")).content.decode()

    assert (
        f"{months[-1]:%B %Y}: Signal (above the mean): outside the natural process limits" in text
    )
    assert "Too few months to tell" in text  # contacts: none recorded


def test_records_behind_a_figure_come_a_hundred_to_a_page_and_only_the_page_shown_is_audited(
    client_for, practitioner, council, police
):
    from triangulate.missing.models import MissingEpisode

    started = at(timezone.localdate().replace(day=1))
    ours = [PersonFactory(owning_agency=council) for _ in range(3)]
    MissingEpisode.objects.bulk_create(
        MissingEpisode(
            owning_agency=council, person=ours[n % 3], category="M", created_by=practitioner,
            started_at=started, reported_by="Carer",
        )
        for n in range(130)
    )  # fmt: skip
    theirs = PersonFactory(owning_agency=police)
    MissingEpisode.objects.create(
        owning_agency=police, person=theirs, category="M", created_by=practitioner,
        started_at=started, reported_by="Carer",
    )  # fmt: skip
    client = client_for(practitioner)
    url = _records_url("missing-episodes", part=None)

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    beyond = client.get(url + "?page=99").content.decode()

    assert "Showing 1 to 100 of the 130 records you may open." in first
    assert "1 more record belongs to agencies that have not shared it with yours." in first
    assert 'href="' + url + '?page=2"' in first.replace("&amp;", "&")
    assert "Showing 101 to 130 of the 130 records you may open." in second
    assert "Showing 101 to 130" in beyond  # past the last page is the last page
    entries = AuditEntry.objects.filter(purpose="view the records behind a performance figure")
    shown = [len(e.detail["records"]["missing.missingepisode"]) for e in entries.order_by("id")]
    assert shown == [100, 30, 30]
    # A page number that is not one is the first page, never an error.
    assert client.get(url + "?page=²").status_code == 200
