"""What a problem profile counts: its period, and the records the analyst may see, read once
for both editions (``profile_figures`` turns them into each edition's figures).

Every read goes through ``core.access`` as the analyst who computes the profile; how
anything is read is part of the written definition (``profile_figures.DEFINITION_VERSION``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from triangulate.core import access
from triangulate.core.clocks import LONDON

from ..models import Link, NrmReferral, PersonOfConcern, Place, StatusChange
from .concerns import concerns_prioritised

AT_RISK_LEVELS = ("medium", "high")


@dataclass(frozen=True)
class Window:
    """A period of whole days in the partnership's time zone, both ends included."""

    since: dt.date
    until: dt.date

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.since, dt.time.min, tzinfo=LONDON)

    @property
    def end_at(self) -> dt.datetime:
        return dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)

    def months(self) -> list[dt.date]:
        first, months = self.since.replace(day=1), []
        while first <= self.until:
            months.append(first)
            first = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return months


def day_of(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, LONDON).date()


class Records:
    """What the analyst may see that both editions count, each read once in one query: the
    children, the other rules' events, addresses, flags and missing episodes, persons of
    concern and their ranking, places and the links that reach them."""

    def __init__(self, actor, window: Window):
        self.actor, self.window = actor, window
        self.links = access.visible(actor, Link)
        self._people()
        self._events()
        self._about_children()
        self._concerns()
        self._places()

    def _people(self) -> None:
        from triangulate.register.models import Person, PersonKind

        rows = access.visible(self.actor, Person).values_list(
            "pk", "merged_into_id", "kind", "sex", "ethnicity", "date_of_birth"
        )
        self.survivor: dict[int, int] = {}
        self.children: dict[int, tuple] = {}
        for pk, merged, kind, sex, ethnicity, born in rows:
            self.survivor[pk] = merged or pk
            if merged is None and kind == PersonKind.CHILD:
                self.children[pk] = (sex, ethnicity, born)

    def _events(self) -> None:
        """(child id, date) for the rules that do not rest on intelligence."""
        from triangulate.register.models import FlagType, PersonFlag
        from triangulate.risk.models import FINAL_STATUSES, RiskAssessment

        window = self.window
        self.assessed = list(
            access.visible(self.actor, RiskAssessment)
            .filter(
                status__in=FINAL_STATUSES,
                judged_level__in=AT_RISK_LEVELS,
                completed_at__gte=window.start_at,
                completed_at__lt=window.end_at,
            )
            .values_list("person_id", "completed_at")
        )
        self.events = {
            "concern": [
                (person, day_of(at))
                for person, at in self.links.filter(
                    person__isnull=False,
                    concern__isnull=False,
                    created_at__gte=window.start_at,
                    created_at__lt=window.end_at,
                ).values_list("person_id", "created_at")
            ],
            "assessment": [(person, day_of(at)) for person, at in self.assessed],
            "flag": [
                (person, max(day_of(at), window.since))
                for person, at in access.visible(self.actor, PersonFlag)
                .filter(flag__in=[FlagType.RISK_CSE, FlagType.RISK_CCE], set_at__lt=window.end_at)
                .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=window.start_at))
                .values_list("person_id", "set_at")
            ],
            "nrm": list(
                access.visible(self.actor, NrmReferral)
                .filter(referred_on__gte=window.since, referred_on__lte=window.until)
                .values_list("person_id", "referred_on")
            ),
        }
        # Children linked to intelligence: every such link, kept to an edition's items later.
        self.item_people = list(
            self.links.filter(person__isnull=False, item__isnull=False).values_list(
                "item_id", "person_id"
            )
        )

    def _about_children(self) -> None:
        from triangulate.missing.models import MissingEpisode
        from triangulate.register.models import FlagType, PersonAddress, PersonFlag

        window = self.window
        self.postcodes: dict[int, str] = {}
        for person, postcode in (
            access.readable(self.actor, PersonAddress)
            .filter(Q(from_date__isnull=True) | Q(from_date__lte=window.until))
            .filter(Q(to_date__isnull=True) | Q(to_date__gte=window.until))
            .order_by("person_id", "-from_date", "-id")
            .values_list("person_id", "postcode")
        ):
            self.postcodes.setdefault(person, postcode)
        self.looked_after = set(
            access.visible(self.actor, PersonFlag)
            .filter(flag=FlagType.LOOKED_AFTER, set_at__lt=window.end_at)
            .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=window.end_at))
            .values_list("person_id", flat=True)
        )
        self.missing = [
            (person, day_of(at))
            for person, at in access.visible(self.actor, MissingEpisode)
            .filter(started_at__gte=window.start_at, started_at__lt=window.end_at)
            .values_list("person_id", "started_at")
        ]

    def _concerns(self) -> None:
        window = self.window
        created = dict(access.visible(self.actor, PersonOfConcern).values_list("pk", "created_at"))
        status, self.first = {}, {}
        for concern, state, on in (
            access.visible(self.actor, StatusChange)
            .order_by("concern_id", "on", "id")
            .values_list("concern_id", "status", "on")
        ):
            self.first.setdefault(concern, on)
            if on <= window.until:
                status[concern] = state
        # Persons of concern by the end of the period: their first status is dated by then
        # (or, with no status dated, they were recorded by then).
        self.concerns = {
            pk: status.get(pk)
            for pk, at in created.items()
            if (self.first[pk] <= window.until if pk in self.first else at < window.end_at)
        }
        self.concern_people = list(
            self.links.filter(concern__isnull=False, person__isnull=False).values_list(
                "concern_id", "person_id"
            )
        )
        ranked = concerns_prioritised(actor=self.actor, today=window.until)
        self.ranked = [pair for pair in ranked if pair[0].pk in self.concerns][:10]

    def _places(self) -> None:
        self.place_links = list(
            self.links.filter(place__isnull=False)
            .exclude(person__isnull=True, item__isnull=True)
            .values_list("place_id", "person_id", "item_id")
        )
        self.places = {
            pk: (kind, postcode)
            for pk, kind, postcode in access.visible(self.actor, Place).values_list(
                "pk", "kind", "postcode"
            )
        }
