"""The board pack carries the ward figures for its month (the same function as the ward
figures page): counts from 1 to 4 shown as "fewer than 5", zero shown as 0, frozen when the
pack is released, on the page and in the PDF, for those who may see ward figures."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.missing.test_missing import _pdf_text
from triangulate.core.roles import Role
from triangulate.governance import accounts
from triangulate.performance import services
from triangulate.performance.models import BoardPack
from triangulate.performance.periods import Period
from triangulate.support.models import Ward
from triangulate.support.services import complaints

pytestmark = pytest.mark.django_db
LAST_MONTH = Period.containing(timezone.localdate()).previous()


@pytest.fixture
def wards_last_month(db):
    """Harbour had six complaints last month, Castle three (too few to show), Mereside none."""
    for name, district in (("Harbour", "KM1"), ("Castle", "KM3"), ("Mereside", "KM5")):
        Ward.objects.create(name=name, districts=[district])
    _raise("KM1 1AA", 6, LAST_MONTH.start + dt.timedelta(days=3))
    _raise("KM3 2BB", 3, LAST_MONTH.start + dt.timedelta(days=10))
    # Outside the pack's month: never counted in it.
    _raise("KM5 1AA", 7, LAST_MONTH.start - dt.timedelta(days=1))


def _raise(postcode, n, day):
    for _ in range(n):
        item = complaints.complaint_raise(
            kind="complaint", category="delay", what_happened="No one rang back.", postcode=postcode
        )
        item.received_on = day
        item.save()


def _pack(actor):
    return services.pack_create(
        actor=actor, title="Board pack", month=LAST_MONTH.key, slugs=["contacts"]
    )


def _row(page: str, ward: str) -> list[str]:
    row = page.split(f">{ward}", 1)[1].split("</tr>", 1)[0]
    return [c.split(">", 1)[1].split("<", 1)[0].strip() for c in row.split("<td")[1:]]


def test_a_draft_pack_shows_the_months_ward_figures_suppressed(
    client_for, partnership_manager, wards_last_month
):
    pack = _pack(partnership_manager)

    page = client_for(partnership_manager).get(reverse("performance:pack", args=[pack.pk]))
    text = page.content.decode()

    assert "Figures by ward" in text
    # concerns, complaints, whistleblowing, referrals
    assert _row(text, "Harbour") == ["0", "6", "0", "0"]
    assert _row(text, "Castle") == ["0", "Fewer than 5", "0", "0"]
    assert _row(text, "Mereside") == ["0", "0", "0", "0"]  # the seven fell the month before


def test_released_ward_figures_are_frozen_with_nothing_small_stored_and_go_in_the_pdf(
    client_for, partnership_manager, elected_member, wards_last_month
):
    named = complaints.complaint_raise(kind="whistleblowing", category="colleague",
                                       what_happened="Concern.", postcode="KM1 1AA",
                                       name="Morgan Teale")  # fmt: skip
    named.received_on = LAST_MONTH.start + dt.timedelta(days=4)
    named.save()
    pack = _pack(partnership_manager)
    services.pack_release(
        actor=partnership_manager, pack=pack, version=1, so_what="Steady", actions="",
        publish=False,
    )  # fmt: skip
    pack = BoardPack.objects.get()
    stored = {row["ward"]: row for row in pack.ward_figures}
    assert stored["Harbour"]["complaints"] == 6
    assert stored["Castle"]["complaints"] is None  # three: never stored as a number
    assert stored["Mereside"]["complaints"] == 0

    _raise("KM5 1AA", 5, LAST_MONTH.start + dt.timedelta(days=5))  # recorded late
    accounts.member_ward_set(actor=partnership_manager, user=elected_member,
                             expected_version=elected_member.version, ward_name="Castle")  # fmt: skip
    member = client_for(elected_member)
    text = member.get(reverse("performance:pack", args=[pack.pk])).content.decode()
    assert "as they stood at release" in text
    assert _row(text, "Mereside") == ["0", "0", "0", "0"]
    assert _row(text, "Castle (your ward)") == ["0", "Fewer than 5", "0", "0"]

    pdf = _pdf_text(member.get(reverse("performance:pack_pdf", args=[pack.pk])).content)
    assert "Figures by ward" in pdf and "Harbour" in pdf and "Castle" in pdf
    assert "Fewer than 5" in pdf  # Castle's three complaints, in its row
    # The whistleblower's sealed identity reaches neither the page nor the PDF.
    assert stored["Harbour"]["whistleblowing"] is None
    assert "Morgan Teale" not in text and "Morgan Teale" not in pdf


def test_a_reader_who_may_not_see_ward_figures_gets_the_pack_without_them(
    client_for, partnership_manager, make_user, council, wards_last_month
):
    pack = _pack(partnership_manager)
    services.pack_release(
        actor=partnership_manager, pack=pack, version=1, so_what="Steady", actions="",
        publish=False,
    )  # fmt: skip
    manager = client_for(make_user(council, Role.TEAM_MANAGER, username="teamlead"))

    text = manager.get(reverse("performance:pack", args=[pack.pk])).content.decode()
    pdf = _pdf_text(manager.get(reverse("performance:pack_pdf", args=[pack.pk])).content)

    assert "Board pack" in text and "Figures by ward" not in text and "Harbour" not in text
    assert "Figures by ward" not in pdf and "Harbour" not in pdf
