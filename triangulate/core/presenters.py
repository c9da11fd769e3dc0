"""Display helpers shared by every app: UK dates and times, clock tags, summary-list rows."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .access import child_reference
from .clocks import LONDON, Clock, ClockState


def uk_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value, LONDON).date()
    return f"{value.day} {value:%B %Y}"


def uk_datetime(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value, LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minute = f":{local.minute:02d}" if local.minute else ""
    return f"{uk_date(local)} at {hour}{minute}{suffix}"


def age_on(date_of_birth: dt.date | None, on: dt.date | None = None) -> int | None:
    if date_of_birth is None:
        return None
    on = on or timezone.localdate()
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


CLOCK_TAGS = {
    ClockState.ON_TIME: ("On time", "govuk-tag--green"),
    ClockState.DUE_SOON: ("Due soon", "govuk-tag--yellow"),
    ClockState.OVERDUE: ("Overdue", "govuk-tag--red"),
    ClockState.MET: ("Done on time", "govuk-tag--grey"),
    ClockState.MISSED: ("Done late", "govuk-tag--orange"),
}


def clock_tag(value: Clock) -> dict:
    text, classes = CLOCK_TAGS[value.state]
    return {"text": text, "classes": classes}


def summary_rows(rows: list[tuple[str, object]]) -> list[dict]:
    """Rows for govukSummaryList from (label, value) pairs; empty values read 'Not known'."""
    return [
        {
            "key": {"text": label},
            "value": {"text": str(value) if value not in (None, "") else "Not known"},
        }
        for label, value in rows
    ]


FILTERS = {
    "uk_date": uk_date,
    "uk_datetime": uk_datetime,
    "clock_tag": clock_tag,
}


def child_cell(user, person) -> dict:
    """A table cell naming a child as ADR 0009 allows: a link only when the viewer may open
    the child's record (``core.access.child_reference``)."""
    child = child_reference(user, person)
    if not child.href:
        return {"text": child.label}
    return {"link": {"href": child.href, "text": child.label}}
