import datetime as dt

import pytest

from triangulate.core import clocks
from triangulate.core.clocks import LONDON, ClockState


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2025,
            {
                dt.date(2025, 1, 1),
                dt.date(2025, 4, 18),
                dt.date(2025, 4, 21),
                dt.date(2025, 5, 5),
                dt.date(2025, 5, 26),
                dt.date(2025, 8, 25),
                dt.date(2025, 12, 25),
                dt.date(2025, 12, 26),
            },
        ),
        (
            2022,  # Jubilee moved the spring holiday; the state funeral; Christmas on a Sunday
            {
                dt.date(2022, 1, 3),
                dt.date(2022, 4, 15),
                dt.date(2022, 4, 18),
                dt.date(2022, 5, 2),
                dt.date(2022, 6, 2),
                dt.date(2022, 6, 3),
                dt.date(2022, 8, 29),
                dt.date(2022, 9, 19),
                dt.date(2022, 12, 26),
                dt.date(2022, 12, 27),
            },
        ),
        (
            2026,  # Boxing Day on a Saturday: substitute on Monday 28th
            {
                dt.date(2026, 1, 1),
                dt.date(2026, 4, 3),
                dt.date(2026, 4, 6),
                dt.date(2026, 5, 4),
                dt.date(2026, 5, 25),
                dt.date(2026, 8, 31),
                dt.date(2026, 12, 25),
                dt.date(2026, 12, 28),
            },
        ),
    ],
)
def test_bank_holidays_in_england_and_wales(year, expected):
    assert clocks.bank_holidays(year) == expected


def test_easter_dates():
    assert clocks.easter_sunday(2024) == dt.date(2024, 3, 31)
    assert clocks.easter_sunday(2027) == dt.date(2027, 3, 28)


def test_contact_on_friday_before_bank_holiday_is_due_tuesday():
    received = dt.datetime(2026, 8, 28, 16, 0, tzinfo=LONDON)  # Friday before August holiday
    assert clocks.working_day_deadline(received) == dt.datetime(2026, 9, 1, 16, 0, tzinfo=LONDON)


def test_contact_at_weekend_counts_from_next_working_morning():
    received = dt.datetime(2026, 11, 21, 23, 30, tzinfo=LONDON)  # Saturday night
    assert clocks.working_day_deadline(received) == dt.datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)


def test_deadline_across_christmas():
    received = dt.datetime(2026, 12, 24, 10, 0, tzinfo=LONDON)
    assert clocks.working_day_deadline(received) == dt.datetime(2026, 12, 29, 10, 0, tzinfo=LONDON)


def test_seventy_two_hours_is_elapsed_time_across_the_clock_change():
    ended = dt.datetime(2026, 10, 24, 22, 0, tzinfo=LONDON)  # clocks go back 25 October
    due = clocks.hours_deadline(ended, 72)
    assert due - ended == dt.timedelta(hours=72)
    assert clocks.local(due).hour == 21


def test_working_days_between():
    assert clocks.working_days_between(dt.date(2026, 12, 24), dt.date(2026, 12, 31)) == 3
    assert clocks.working_days_between(dt.date(2026, 12, 31), dt.date(2026, 12, 24)) == 0


def test_clock_states():
    due = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    assert clocks.clock(due, now=due - dt.timedelta(days=1)).state == ClockState.ON_TIME
    assert clocks.clock(due, now=due - dt.timedelta(hours=1)).state == ClockState.DUE_SOON
    assert clocks.clock(due, now=due + dt.timedelta(minutes=1)).state == ClockState.OVERDUE
    assert clocks.clock(due, done_at=due).state == ClockState.MET
    assert clocks.clock(due, done_at=due + dt.timedelta(hours=2)).is_overdue
