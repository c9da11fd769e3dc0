"""Problem profiles: each counting rule on hand-built records, the same figures for the same
period, the partner edition sanitised and suppressed (page and PDF), who may read which
edition, and stale or bad input refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import PersonAddressFactory, PersonFactory
from tests.meetings.test_meetings import pdf_text
from triangulate.core import records
from triangulate.core.clocks import LONDON
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditEntry
from triangulate.core.records import LawfulBasis
from triangulate.intelligence import presenters, services
from triangulate.intelligence.models import (
    IntelligenceItem,
    Link,
    NrmReferral,
    Place,
    ProblemProfile,
)
from triangulate.intelligence.services import profile_figures
from triangulate.missing.models import MissingEpisode
from triangulate.register.models import FlagType, PersonFlag
from triangulate.risk.models import RiskAssessment
from triangulate.risk.services.tools import current_tool
from triangulate.support.models import Ward

pytestmark = pytest.mark.django_db

SINCE, UNTIL = dt.date(2025, 1, 1), dt.date(2025, 6, 30)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


class World:
    """Hand-built records held by the police force, one child for each counting rule."""

    def __init__(self, police, analyst):
        self.police, self.analyst = police, analyst
        self.counter = 0

    def child(self, name: str, **fields):
        given, family = name.split(" ")
        fields.setdefault("date_of_birth", dt.date(2010, 3, 1))  # 15 on 30 June 2025
        fields.setdefault("sex", "M")
        fields.setdefault("ethnicity", "WBRI")
        return PersonFactory(
            owning_agency=self.police, given_name=given, family_name=family, **fields
        )

    def item(self, seen: dt.date, *, person=None, handling="P", postcode="KM1 1AA", text=""):
        self.counter += 1
        return IntelligenceItem.objects.create(
            owning_agency=self.police,
            reference=f"T-{self.counter}",
            submitted_by_agency=self.police,
            submitted_by=self.analyst,
            what_seen=text or "Seen with an older man near the station.",
            seen_at=at(seen),
            postcode=postcode,
            person=person,
            source_evaluation="2",
            assessment="B",
            handling_code=handling,
            handling_conditions="Not to be disclosed" if handling == "C" else "",
        )

    def link(self, created: dt.date | None = None, **ends):
        made = Link.objects.create(owning_agency=self.police, created_by=self.analyst, **ends)
        if created:
            Link.objects.filter(pk=made.pk).update(created_at=at(created))
        return made

    def flag(self, person, flag, set_on: dt.date, removed_on: dt.date | None = None):
        return PersonFlag.objects.create(
            owning_agency=self.police, person=person, flag=flag, reason="Recorded",
            set_by=self.analyst, set_at=at(set_on),
            removed_at=at(removed_on) if removed_on else None,
        )  # fmt: skip

    def assessment(self, person, completed: dt.date, level: str):
        return RiskAssessment.objects.create(
            owning_agency=self.police, person=person, tool=current_tool(), status="signed_off",
            created_by=self.analyst, completed_at=at(completed),
            review_due=completed + dt.timedelta(days=90), judged_level=level,
            suggested_level=level,
        )  # fmt: skip

    def missing(self, person, started: dt.date):
        return MissingEpisode.objects.create(
            owning_agency=self.police, person=person, category="M", created_by=self.analyst,
            started_at=at(started), ended_at=at(started, 20), reported_by="Carer",
        )  # fmt: skip


@pytest.fixture
def world(police, police_analyst):
    return World(police, police_analyst)


@pytest.fixture
def concern(police_officer):
    return services.concern_create(
        actor=police_officer,
        given_name="Jason",
        family_name="Marlow",
        aliases="Jay",
        harm=4,
        status_on=dt.date(2025, 2, 1),
    )


def figures(analyst, *, partner=False, since=SINCE, until=UNTIL):
    return profile_figures.compute(analyst, since=since, until=until, partner=partner)


def reasons(found) -> dict:
    return dict(found["children"]["reasons"])


def test_each_rule_counts_a_child_once_and_nothing_outside_the_period(
    world, concern, police_analyst
):
    amira = world.child("Amira Stone", sex="F", ethnicity="BAFR")
    world.item(dt.date(2025, 2, 10), person=amira)
    world.item(dt.date(2025, 3, 10), person=amira)  # a second piece: still one child
    ben = world.child("Ben Ash", sex="M")
    world.link(created=dt.date(2025, 3, 5), person=ben, concern=concern)
    cara = world.child("Cara Wilde")
    world.assessment(cara, dt.date(2025, 4, 1), "high")
    dan = world.child("Dan Low")
    world.assessment(dan, dt.date(2025, 4, 1), "low")  # low risk: not counted
    eve = world.child("Eve Hart")
    world.flag(eve, FlagType.RISK_CCE, dt.date(2024, 12, 1))  # live into the period
    finn = world.child("Finn Gale")
    world.flag(finn, FlagType.RISK_CSE, dt.date(2024, 11, 1), removed_on=dt.date(2024, 12, 20))
    gus = world.child("Gus Reed")
    NrmReferral.objects.create(
        owning_agency=world.police, person=gus, exploitation_type="criminal",
        referred_on=dt.date(2025, 5, 1), first_responder="Police", created_by=police_analyst,
    )  # fmt: skip
    hal = world.child("Hal Moss")
    world.item(dt.date(2025, 7, 15), person=hal)  # after the period
    adult = world.child("Ivan Grey", kind="adult", date_of_birth=dt.date(1990, 1, 1))
    world.item(dt.date(2025, 2, 1), person=adult)

    found = figures(police_analyst)

    assert found["children"]["total"] == 5  # Amira, Ben, Cara, Eve, Gus
    assert reasons(found) == {
        profile_figures.REASONS["intelligence"]: 1,
        profile_figures.REASONS["concern"]: 1,
        profile_figures.REASONS["assessment"]: 1,
        profile_figures.REASONS["flag"]: 1,
        profile_figures.REASONS["nrm"]: 1,
    }
    assert dict(found["children"]["sex"])["Female"] == 1
    assert dict(found["children"]["ethnicity"])["Black African"] == 1
    assert found["intelligence"] == 3  # seen in the period, the adult's included


def test_age_ward_looked_after_and_repeat_missing(world, police_analyst):
    Ward.objects.create(name="Harbour", districts=["KM1"])
    young = world.child("Amira Stone", date_of_birth=dt.date(2016, 1, 1))  # 9 at the end
    older = world.child("Ben Ash", date_of_birth=dt.date(2008, 7, 1))  # 16 on 30 June 2025
    for child in (young, older):
        world.item(dt.date(2025, 2, 1), person=child)
    PersonAddressFactory(person=older, owning_agency=world.police, postcode="KM1 2BB",
                         from_date=dt.date(2020, 1, 1))  # fmt: skip
    PersonAddressFactory(person=young, owning_agency=world.police, postcode="KM1 3CC",
                         from_date=dt.date(2020, 1, 1), to_date=dt.date(2025, 3, 1))  # fmt: skip
    world.flag(older, FlagType.LOOKED_AFTER, dt.date(2024, 1, 1))
    world.flag(young, FlagType.LOOKED_AFTER, dt.date(2024, 1, 1), removed_on=dt.date(2025, 3, 1))
    for day in (1, 8, 15):
        world.missing(older, dt.date(2025, 5, day))
    world.missing(young, dt.date(2025, 5, 2))
    world.missing(young, dt.date(2024, 5, 2))  # before the period

    found = figures(police_analyst)["children"]

    assert dict(found["age"]) == {"Aged 0 to 9": 1, "Aged 16 to 17": 1}
    # The young child had moved away by the end of the period: no known address then.
    assert dict(found["ward"]) == {"Harbour": 1, "Outside Kingsmere's wards, or not known": 1}
    assert dict(found["looked_after"]) == {"Looked after": 1, "Not looked after": 1}
    assert found["missing"] == [
        ["Not missing in the period", 0],
        ["Missing 1 to 2 times", 1],
        ["Missing 3 times or more (repeat missing)", 1],
    ]


def test_persons_of_concern_places_hotspots_and_trends(
    world, concern, police_analyst, police_officer
):
    Ward.objects.create(name="Harbour", districts=["KM1"])
    child = world.child("Amira Stone")
    hotel = Place.objects.create(owning_agency=world.police, name="Station Hotel", kind="hotel",
                                 postcode="KM1 9ZZ")  # fmt: skip
    Place.objects.create(owning_agency=world.police, name="Quiet Park", kind="park")  # unlinked
    first = world.item(dt.date(2025, 1, 20), person=child, postcode="KM1 4DD")
    world.item(dt.date(2025, 3, 3), postcode="KM9 1AA")
    world.link(item=first, place=hotel)
    world.link(person=child, concern=concern)
    world.missing(child, dt.date(2025, 3, 9))
    old = services.concern_create(actor=police_officer, given_name="Tom", family_name="Wexley",
                                  status_on=dt.date(2024, 6, 1))  # fmt: skip
    services.concern_status(
        actor=police_officer,
        concern=old,
        expected_version=old.version,
        status="charged",
        on=dt.date(2025, 8, 1),
    )  # after the period

    found = figures(police_analyst)

    concerns = found["concerns"]
    assert concerns["total"] == 2 and concerns["new"] == 1 and concerns["linked"] == 1
    assert dict(concerns["status"]) == {"Suspect": 2}  # the charge came after the period
    assert concerns["top"] == 2 and concerns["ranked"][0][0] == concern.pk
    places = found["places"]
    assert places["total"] == 1 and dict(places["kind"]) == {"Hotel": 1}
    assert places["districts"] == [["KM1", 1, 1], ["KM9", 1, 0]]
    assert places["wards"] == [["Harbour", 1, 1], ["Outside Kingsmere's wards, or not known", 1, 0]]
    months = {row[0]: row[1:] for row in found["months"]}
    assert list(months) == [f"{m} 2025" for m in ("January", "February", "March", "April",
                                                   "May", "June")]  # fmt: skip
    assert months["January 2025"] == [1, 1, 0, 0]
    assert months["March 2025"] == [1, 0, 1, 0]


def test_the_same_period_gives_the_same_figures(world, concern, police_analyst):
    for n, day in enumerate((dt.date(2025, 2, 1), dt.date(2025, 5, 5))):
        child = world.child(f"Child{n} Stone")
        world.item(day, person=child)
        world.link(person=child, concern=concern)
    made = services.profile_create(actor=police_analyst, title="Kingsmere, first half of 2025",
                                   since=SINCE, until=UNTIL)  # fmt: skip
    made.refresh_from_db()
    assert made.definition_version == profile_figures.DEFINITION_VERSION
    assert made.figures == profile_figures.compute_editions(
        police_analyst, since=SINCE, until=UNTIL
    )
    # Records outside the period change nothing.
    world.item(dt.date(2025, 8, 1), person=world.child("Later Child"))
    services.profile_recompute(actor=police_analyst, profile=made, expected_version=made.version)
    made.refresh_from_db()
    assert made.figures == profile_figures.compute_editions(
        police_analyst, since=SINCE, until=UNTIL
    )
    assert made.figures["police"]["children"]["total"] == 2


def test_partner_edition_leaves_out_intelligence_graded_c_and_not_graded(world, police_analyst):
    shared = world.child("Amira Stone")
    secret = world.child("Ben Ash")
    world.item(dt.date(2025, 2, 1), person=shared)
    world.item(dt.date(2025, 2, 1), person=secret, handling="C")
    world.item(dt.date(2025, 2, 1), person=secret, handling="")

    assert figures(police_analyst)["children"]["total"] == 2
    partner = figures(police_analyst, partner=True)
    assert partner["children"]["total"] == 1 and partner["intelligence"] == 1
    assert "ranked" not in partner["concerns"]


def test_partner_tables_suppress_small_numbers_and_a_cell_a_total_would_reveal():
    rows = [["Female", 12], ["Male", 3], ["Not known", 7]]
    police = presenters._profile_table("Sex", ["Sex", "Children"], rows, partner=False,
                                       totals=[True])  # fmt: skip
    partner = presenters._profile_table("Sex", ["Sex", "Children"], rows, partner=True,
                                        totals=[True])  # fmt: skip
    assert police["rows"] == [["Female", "12"], ["Male", "3"], ["Not known", "7"],
                              ["Total", "22"]]  # fmt: skip
    # 3 is suppressed; 7, the next smallest, is withheld so 22 - 12 - 7 cannot give it away.
    assert partner["rows"] == [["Female", "12"], ["Male", "Fewer than 5"],
                               ["Not known", "Withheld"], ["Total", "22"]]  # fmt: skip
    # Without a total, only the small number goes.
    plain = presenters._profile_table("Why", ["Rule", "Children"], rows, partner=True)
    assert [row[1] for row in plain["rows"]] == ["12", "Fewer than 5", "7"]


@pytest.fixture
def made(world, concern, police_analyst, council):
    """A profile with a child named in police-only intelligence graded C, a person of concern,
    a police narrative and a partner narrative, released to the council."""
    child = world.child("Amira Zephyrine")
    world.item(dt.date(2025, 2, 1), person=child, handling="C",
               text="Amira Zephyrine was driven to the quarry by Marlow's cousin.")  # fmt: skip
    for n in range(6):
        world.item(dt.date(2025, 3, 1), person=world.child(f"Kid{n} Stone"))
    world.link(person=child, concern=concern)
    made = services.profile_create(actor=police_analyst, title="Kingsmere, first half of 2025",
                                   since=SINCE, until=UNTIL)  # fmt: skip
    services.profile_write(
        actor=police_analyst, profile=made, expected_version=made.version,
        summary="Jason Marlow is driving children to the quarry at night.",
        partner_summary="Children are being driven out of town at night by adults who harm them.",
        recommendations="Disrupt the quarry meetings.",
    )  # fmt: skip
    records.share(police_analyst, made, council, basis=LawfulBasis.SAFEGUARDING,
                  purpose="Partnership planning")  # fmt: skip
    return made


POLICE_ONLY = ["Jason Marlow", "Zephyrine", "quarry", "Marlow"]


def test_the_partner_pdf_holds_no_police_only_fact(made, practitioner, client_for):
    response = client_for(practitioner).get(f"/intelligence/profiles/{made.pk}/partner.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "driven out of town at night" in text
    for fact in POLICE_ONLY:
        assert fact not in text, fact
    # Six children from intelligence graded P; the child in intelligence graded C is left out.
    assert "Children counted" in text
    assert AuditEntry.objects.filter(
        action="export", purpose="download a problem profile's partner edition"
    ).exists()


def test_the_police_pdf_holds_the_narrative_and_the_names(made, police_officer, client_for):
    response = client_for(police_officer).get(f"/intelligence/profiles/{made.pk}/police.pdf")
    text = pdf_text(response.content)
    assert "Jason Marlow is driving children" in text
    assert "Highest priority persons of concern" in text and "Jason Marlow" in text


def test_the_partner_page_holds_no_police_only_fact(made, practitioner, client_for):
    page = client_for(practitioner).get(f"/intelligence/profiles/{made.pk}").content.decode()
    assert "partner edition" in page and "driven out of town at night" in page
    for fact in POLICE_ONLY:
        assert fact not in page, fact
    assert "Children counted" in page


def test_a_partner_never_gets_the_police_edition(made, practitioner, client_for):
    response = client_for(practitioner).get(f"/intelligence/profiles/{made.pk}/police.pdf")
    assert response.status_code == 403
    assert AuditEntry.objects.filter(
        action="denied", purpose="download a problem profile's police edition"
    ).exists()
    assert (
        client_for(practitioner).get(f"/intelligence/profiles/{made.pk}/narrative").status_code
        == 403
    )


def test_a_profile_not_released_is_not_seen_by_partners(
    world, police_analyst, health, make_user, client_for
):
    from triangulate.core.roles import Role

    nurse = make_user(health, Role.HEALTH_SAFEGUARDING, username="nurse")
    made = services.profile_create(actor=police_analyst, title="Not yet released", since=SINCE,
                                   until=UNTIL)  # fmt: skip
    client = client_for(nurse)
    assert client.get(f"/intelligence/profiles/{made.pk}").status_code == 403
    assert client.get(f"/intelligence/profiles/{made.pk}/partner.pdf").status_code == 403
    assert "Not yet released" not in client.get("/intelligence/profiles/").content.decode()


def test_release_shares_only_the_partner_edition(made, police_analyst, client_for, health):
    client = client_for(police_analyst)
    page = client.get(f"/intelligence/profiles/{made.pk}").content.decode()
    assert "police edition" in page and "Jason Marlow" in page
    response = client.post(f"/intelligence/profiles/{made.pk}", {
        "form": "release", "agency": str(health.pk), "purpose": "Health safeguarding planning",
    })  # fmt: skip
    assert response.status_code == 302
    assert records.live_share(made, health) is not None


def test_a_stale_narrative_edit_is_refused(made, police_analyst, police_officer, client_for):
    opened = made.version
    services.profile_write(actor=police_officer, profile=made, expected_version=opened,
                           summary="The summary the officer wrote.")  # fmt: skip
    with pytest.raises(StaleEdit):
        services.profile_write(actor=police_analyst, profile=made, expected_version=opened,
                               summary="The analyst's summary.")  # fmt: skip
    response = client_for(police_analyst).post(
        f"/intelligence/profiles/{made.pk}/narrative",
        {"version": str(opened), "summary": "The analyst's summary."},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this record" in page and "The summary the officer wrote." in page
    made.refresh_from_db()
    assert made.summary == "The summary the officer wrote."


def test_the_partner_narrative_may_not_name_a_child_or_a_person_of_concern(made, police_analyst):
    for text in ("Seen with jason  marlow.", "Amira Zephyrine goes missing.", "Known as Jay."):
        with pytest.raises(services.Invalid) as refused:
            services.profile_write(actor=police_analyst, profile=made,
                                   expected_version=made.version, partner_children=text)  # fmt: skip
        assert (
            "never names a child or a person of concern" in refused.value.errors["partner_children"]
        )


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"since-day": "31", "since-month": "2", "since-year": "2025"}, "since", "real date"),
        ({"since-day": "1", "since-month": "6", "since-year": "2025",
          "until-day": "1", "until-month": "1", "until-year": "2025"}, "until",
         "on or after its start"),
        ({"since-day": "1", "since-month": "1", "since-year": "2022",
          "until-day": "1", "until-month": "1", "until-year": "2025"}, "until", "two years"),
        ({"since-day": "1", "since-month": "1", "since-year": "2025"}, "until", "Enter the date"),
    ],
)  # fmt: skip
def test_bad_dates_are_shown_and_nothing_is_saved(police_analyst, client_for, data, field, message):
    response = client_for(police_analyst).post(
        "/intelligence/profiles/new", {"title": "Kingsmere", **data}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not ProblemProfile.objects.exists()


def test_a_future_end_is_refused(police_analyst):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(services.Invalid) as refused:
        services.profile_create(actor=police_analyst, title="Kingsmere", since=SINCE,
                                until=tomorrow)  # fmt: skip
    assert "today or in the past" in refused.value.errors["until"]


def test_only_police_make_profiles(practitioner, client_for):
    assert client_for(practitioner).get("/intelligence/profiles/new").status_code == 403
