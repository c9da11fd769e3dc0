"""Statutory and local clocks, computed in one place.

Working days exclude weekends and bank holidays in England and Wales. Bank holidays are
computed from the rules (with substitute days) plus the one-off holidays proclaimed in
recent years, so the clock needs no network and no yearly data file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")

# One-off bank holidays, and years when a regular one was moved.
_EXTRA_HOLIDAYS = {
    dt.date(2011, 4, 29),  # royal wedding
    dt.date(2012, 6, 5),  # diamond jubilee
    dt.date(2020, 5, 8),  # VE day 75 (replaced the early May holiday)
    dt.date(2022, 6, 3),  # platinum jubilee
    dt.date(2022, 9, 19),  # state funeral
    dt.date(2023, 5, 8),  # coronation
}
_MOVED_AWAY = {
    dt.date(2012, 5, 28),  # spring holiday moved to 4 June 2012
    dt.date(2020, 5, 4),  # early May holiday moved to 8 May 2020
    dt.date(2022, 5, 30),  # spring holiday moved to 2 June 2022
}
_MOVED_TO = {dt.date(2012, 6, 4), dt.date(2022, 6, 2)}


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(0 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=last.weekday())


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """Bank holidays in England and Wales for one year."""
    days: set[dt.date] = set()
    new_year = dt.date(year, 1, 1)
    days.add(
        new_year if new_year.weekday() < 5 else new_year + dt.timedelta(7 - new_year.weekday())
    )
    easter = easter_sunday(year)
    days.add(easter - dt.timedelta(days=2))
    days.add(easter + dt.timedelta(days=1))
    days.add(_first_monday(year, 5))
    days.add(_last_monday(year, 5))
    days.add(_last_monday(year, 8))
    christmas = dt.date(year, 12, 25)
    boxing = dt.date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: both move to Monday and Tuesday
        days.update({dt.date(year, 12, 27), dt.date(year, 12, 28)})
    elif christmas.weekday() == 6:  # Sunday: Christmas substitute on Tuesday
        days.update({boxing, dt.date(year, 12, 27)})
    elif christmas.weekday() == 4:  # Friday: Boxing Day substitute on Monday
        days.update({christmas, dt.date(year, 12, 28)})
    else:
        days.update({christmas, boxing})
    days -= _MOVED_AWAY
    days |= {d for d in _MOVED_TO | _EXTRA_HOLIDAYS if d.year == year}
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The date ``count`` working days after ``day`` (count >= 0)."""
    if count < 0:
        raise ValueError("count must not be negative")
    for _ in range(count):
        day = next_working_day(day)
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, LONDON)


def working_day_deadline(received_at: dt.datetime, working_days: int = 1) -> dt.datetime:
    """A deadline ``working_days`` working days after receipt, at the same local time.

    A contact received at 16:00 on a Friday before a bank holiday Monday is due at 16:00 on
    Tuesday. Something received out of hours counts from the start of the next working day.
    """
    moment = local(received_at)
    day = moment.date()
    if not is_working_day(day):
        day = next_working_day(day)
        moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=LONDON)
    due_day = add_working_days(day, working_days)
    return dt.datetime.combine(due_day, moment.timetz().replace(tzinfo=None), tzinfo=LONDON)


def hours_deadline(start: dt.datetime, hours: int) -> dt.datetime:
    """A deadline in elapsed hours (e.g. 72 hours for a return home interview).

    Computed in UTC: adding hours to a local time would count wall-clock hours and be an
    hour out across the change to or from British Summer Time.
    """
    return start.astimezone(dt.UTC) + dt.timedelta(hours=hours)


class ClockState(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"


@dataclass(frozen=True)
class Clock:
    due_at: dt.datetime
    state: ClockState

    @property
    def is_overdue(self) -> bool:
        return self.state in (ClockState.OVERDUE, ClockState.MISSED)


def clock(
    due_at: dt.datetime,
    *,
    done_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
    due_soon: dt.timedelta = dt.timedelta(hours=4),
) -> Clock:
    """Where a deadline stands: met or missed once done; on time, due soon or overdue before."""
    if done_at is not None:
        return Clock(due_at, ClockState.MET if done_at <= due_at else ClockState.MISSED)
    now = now or timezone.now()
    if now > due_at:
        return Clock(due_at, ClockState.OVERDUE)
    if due_at - now <= due_soon:
        return Clock(due_at, ClockState.DUE_SOON)
    return Clock(due_at, ClockState.ON_TIME)
