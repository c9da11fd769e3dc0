"""Board packs: prepared, released (frozen), downloaded; and the public report's suppression."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.missing.test_missing import _pdf_text
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditEntry
from triangulate.core.roles import Role
from triangulate.performance import services
from triangulate.performance.models import BoardPack
from triangulate.performance.periods import Period
from triangulate.register.models import PersonFlag

from .conftest import at, flag_at_risk

LAST_MONTH = Period.containing(timezone.localdate()).previous()


@pytest.fixture
def chief(make_user, council):
    return make_user(council, Role.CHIEF_OFFICER, username="chief")


@pytest.fixture
def three_at_risk(council, practitioner):
    """Three girls flagged at risk before last month: a number too small to publish."""
    flagged_at = at(LAST_MONTH.start - dt.timedelta(days=20))
    people = []
    for name in ("Amelia", "Leah", "Rosie"):
        child = PersonFactory(owning_agency=council, given_name=name, sex="F", ethnicity="WBRI")
        flag_at_risk(child, practitioner, flagged_at)
        people.append(child)
    return people


def _prepare(client, measures=("children-at-risk", "contacts")):
    return client.post(
        reverse("performance:packs"),
        {"title": "Board pack", "month": LAST_MONTH.key, "measures": list(measures)},
    )


def test_a_released_pack_keeps_its_figures_when_the_records_change(
    client_for, partnership_manager, three_at_risk, council, practitioner
):
    client = client_for(partnership_manager)
    response = _prepare(client)
    pack = BoardPack.objects.get()
    assert response.url == reverse("performance:pack", args=[pack.pk])
    assert "Draft" in client.get(response.url).content.decode()

    released = client.post(
        response.url,
        {"so_what": "Three children known; all have plans.", "actions": "", "version": 1},
    )

    assert released.status_code == 302
    pack.refresh_from_db()
    assert pack.released_at is not None and pack.published_at is None
    assert pack.figures.get(figure_id="F17").shown == "3"
    entry = AuditEntry.objects.get(purpose="release a board pack")
    assert entry.detail["figures"]["F17"] == "3"

    late = PersonFactory(owning_agency=council)
    PersonFlag.objects.create(
        owning_agency=council,
        person=late,
        flag="risk_cse",
        reason="Recorded late",
        set_by=practitioner,
        set_at=at(LAST_MONTH.start + dt.timedelta(days=2)),
    )
    text = client.get(response.url).content.decode()
    assert pack.figures.get(figure_id="F17").shown == "3"
    assert "1 figure is different in the records now" in text
    assert "4 (definition version 1)" in text


def test_release_needs_the_so_what_and_nothing_is_frozen_without_it(
    client_for, partnership_manager, three_at_risk
):
    client = client_for(partnership_manager)
    url = _prepare(client).url

    page = client.post(url, {"so_what": " ", "actions": "", "version": 1})

    assert page.status_code == 400
    assert "There is a problem" in page.content.decode()
    assert BoardPack.objects.get().released_at is None
    assert not BoardPack.objects.get().figures.exists()


def test_a_second_release_of_the_same_pack_is_refused(client_for, chief, three_at_risk):
    client = client_for(chief)
    url = _prepare(client).url
    client.post(url, {"so_what": "First", "actions": "", "version": 1})

    pack = BoardPack.objects.get()
    with pytest.raises(StaleEdit):
        services.pack_release(
            actor=chief, pack=pack, version=1, so_what="Second", actions="", publish=False
        )
    assert pack.figures.count() == 2


def test_a_release_from_a_stale_page_is_refused_in_the_error_summary(
    client_for, chief, three_at_risk
):
    client = client_for(chief)
    url = _prepare(client).url
    BoardPack.objects.update(version=2)  # someone else saved the pack after the page was read
    page = client.post(url, {"so_what": "Late", "actions": "", "version": 1})
    text = page.content.decode()
    assert page.status_code == 409 and "govuk-error-summary" in text
    assert "Someone else saved this record after you opened it" in text
    assert BoardPack.objects.get().released_at is None


def test_only_the_month_that_has_ended_can_be_reported(partnership_manager, db):
    with pytest.raises(services.Invalid) as refused:
        services.pack_create(
            actor=partnership_manager,
            title="Too soon",
            month=Period.containing(timezone.localdate()).key,
            slugs=["contacts"],
        )

    assert refused.value.errors == {"month": "Choose a month that has ended"}
    assert not BoardPack.objects.exists()


def test_a_councillor_reads_packs_but_cannot_prepare_one(client_for, elected_member):
    client = client_for(elected_member)

    assert client.get(reverse("performance:packs")).status_code == 200
    assert _prepare(client).status_code == 403
    assert not BoardPack.objects.exists()


def test_the_released_pack_downloads_as_a_pdf_and_the_download_is_audited(
    client_for, chief, three_at_risk
):
    client = client_for(chief)
    url = _prepare(client).url
    client.post(url, {"so_what": "Steady", "actions": "Audit in March", "version": 1})
    pack = BoardPack.objects.get()

    response = client.get(reverse("performance:pack_pdf", args=[pack.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(purpose="export a board pack as PDF").count() == 1


def test_the_public_report_suppresses_small_numbers_and_their_totals(
    client_for, chief, three_at_risk, council, practitioner
):
    boys = [PersonFactory(owning_agency=council, sex="M") for _ in range(12)]
    for boy in boys:
        flag_at_risk(boy, practitioner, at(LAST_MONTH.start))
    client = client_for(chief)
    url = _prepare(client, measures=("children-at-risk",)).url
    client.post(url, {"so_what": "Shared", "actions": "", "publish": "on", "version": 1})
    pack = BoardPack.objects.get()

    page = Client().get(reverse("public_performance:report", args=[pack.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "15" in text  # the total of three girls and twelve boys
    assert "fewer than 5" in text  # the three girls
    assert "withheld" in text  # the twelve boys, who would give away the girls
    assert "Amelia" not in text
    csv_text = Client().get(reverse("public_performance:csv", args=[pack.pk])).content.decode()
    assert "F17,Children identified at risk of sexual exploitation,1," in csv_text
    assert "fewer than 5" in csv_text and "withheld" in csv_text and "Amelia" not in csv_text


def test_an_unpublished_pack_has_no_public_report(client_for, chief, three_at_risk):
    client = client_for(chief)
    url = _prepare(client).url
    client.post(url, {"so_what": "Internal", "actions": "", "version": 1})
    pack = BoardPack.objects.get()

    assert Client().get(reverse("public_performance:report", args=[pack.pk])).status_code == 404
    assert Client().get(reverse("public_performance:list")).status_code == 200


@pytest.fixture
def forty_three_at_risk(three_at_risk, council, practitioner):
    """Three girls and forty boys at risk: 43 children, 45 when rounded to the nearest 5."""
    for _ in range(40):
        flag_at_risk(
            PersonFactory(owning_agency=council, sex="M"), practitioner, at(LAST_MONTH.start)
        )


def test_a_public_report_published_rounded_rounds_its_counts_on_page_csv_and_pdf(
    client_for, chief, forty_three_at_risk
):
    client = client_for(chief)
    url = _prepare(client, measures=("children-at-risk",)).url
    client.post(
        url,
        {"so_what": "Shared", "actions": "", "publish": "on", "round_to_five": "on", "version": 1},
    )
    pack = BoardPack.objects.get()
    assert pack.public_rounded

    page = Client().get(reverse("public_performance:report", args=[pack.pk])).content.decode()
    csv_text = Client().get(reverse("public_performance:csv", args=[pack.pk])).content.decode()
    response = Client().get(reverse("public_performance:pdf", args=[pack.pk]))
    pdf = _pdf_text(response.content)

    assert response["Content-Type"] == "application/pdf"
    for text in (page, pdf):
        assert "rounded to the nearest 5" in text and "fewer than 5" in text
        assert "Children identified at risk of sexual exploitation" in text
        assert "45" in text and "43" not in text
    assert (
        f"F17,Children identified at risk of sexual exploitation,1,{LAST_MONTH.key},All,45"
        in csv_text
    )
    assert "Amelia" not in page + pdf + csv_text
    # The board's own pack keeps the exact figure.
    assert "43" in client.get(reverse("performance:pack", args=[pack.pk])).content.decode()


def test_a_public_report_not_rounded_publishes_exact_counts_in_its_pdf(
    client_for, chief, forty_three_at_risk
):
    client = client_for(chief)
    url = _prepare(client, measures=("children-at-risk",)).url
    client.post(url, {"so_what": "Shared", "actions": "", "publish": "on", "version": 1})
    pack = BoardPack.objects.get()

    pdf = _pdf_text(Client().get(reverse("public_performance:pdf", args=[pack.pk])).content)

    assert not pack.public_rounded
    assert "43" in pdf and "rounded" not in pdf
