"""Reporting periods: calendar months in the partnership's time zone.

A period runs from the first day of a month to the first day of the next (exclusive). The
month we are in is reported "to date": a snapshot measure is taken at the end of today, and
the month is marked as not yet complete wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Period:
    start: dt.date  # the first day of the month
    today: dt.date  # the day the figures are computed on

    @classmethod
    def month(cls, year: int, month: int, today: dt.date | None = None) -> Period:
        return cls(dt.date(year, month, 1), today or timezone.localdate())

    @classmethod
    def containing(cls, day: dt.date, today: dt.date | None = None) -> Period:
        return cls(day.replace(day=1), today or timezone.localdate())

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        return _next_month(self.start)

    @property
    def complete(self) -> bool:
        return self.end <= self.today

    @property
    def as_of(self) -> dt.date:
        """The day a snapshot is taken on: the last day of the month, or today."""
        return min(self.end - dt.timedelta(days=1), self.today)

    @property
    def start_at(self) -> dt.datetime:
        return _midnight(self.start)

    @property
    def end_at(self) -> dt.datetime:
        return _midnight(self.end)

    @property
    def cutoff(self) -> dt.datetime:
        """The end of the snapshot day: records made before it count for a snapshot."""
        return _midnight(self.as_of + dt.timedelta(days=1))

    @property
    def label(self) -> str:
        words = self.start.strftime("%B %Y")
        return words if self.complete else f"{words} (to {self.as_of.day} {self.as_of:%B})"

    @property
    def short(self) -> str:
        return self.start.strftime("%b %Y")

    @property
    def key(self) -> str:
        return f"{self.start:%Y-%m}"

    def previous(self) -> Period:
        return Period.containing(self.start - dt.timedelta(days=1), self.today)

    def following(self) -> Period:
        return Period(self.end, self.today)


def months_between(first: dt.date, today: dt.date, *, at_most: int = 24) -> list[Period]:
    """The months from the one containing ``first`` to the current one, oldest first."""
    current = Period.containing(today, today)
    periods = [current]
    while len(periods) < at_most and periods[0].start > first.replace(day=1):
        periods.insert(0, periods[0].previous())
    return periods
