"""Today's MACE panel, held by the police, its agenda built by the same service users call:
children, and the persons of concern and places due for discussion.

The pursue step records everything on the day the demo is built. Before the agenda is built,
the records get the dates they would have had: a person of concern recorded when police first
knew of them, their links to vehicles, phones, places and children then too, and a piece of
intelligence linked to people and places the day after it was seen. A notice that was
breached is due for review at today's panel.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Min
from django.utils import timezone

from triangulate.core.clocks import LONDON
from triangulate.intelligence.models import Link, PersonOfConcern, StatusChange, Tactic
from triangulate.meetings import services as meetings
from triangulate.meetings.models import AttendanceStatus, MeetingKind

from .borough import Borough


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def generate(borough: Borough, **_) -> None:
    officer = borough.users["priya.officer"]
    if not PersonOfConcern.objects.exists():
        return
    _date_the_pursue_records(borough)
    panel = meetings.meeting_create(
        actor=officer,
        kind=MeetingKind.MACE,
        title="MACE panel",
        held_at=_at(borough.today, 14),
    )
    for agency, username in [
        ("Police", "priya.officer"),
        ("Children's Services", "jo.manager"),
        ("Health", "ruth.nurse"),
        ("Academy", "mark.dsl"),
        ("Safe Futures", "tara.youthwork"),
    ]:
        user = borough.users[username]
        meetings.attendance_add(
            actor=officer, meeting=panel, agency=borough.agencies[agency],
            name=user.display_name, role=user.job_title, status=AttendanceStatus.PRESENT,
        )  # fmt: skip


def _date_the_pursue_records(borough: Borough) -> None:
    latest = timezone.now() - dt.timedelta(hours=1)
    first_known = dict(
        StatusChange.objects.values("concern_id")
        .annotate(first=Min("on"))
        .values_list("concern_id", "first")
    )
    for concern_id, first in first_known.items():
        known = min(_at(first, 11), latest)
        PersonOfConcern.objects.filter(pk=concern_id).update(created_at=known)
        Link.objects.filter(concern_id=concern_id, item=None).update(created_at=known)
    for link in Link.objects.exclude(item=None).select_related("item"):
        linked = min(link.item.seen_at + dt.timedelta(days=1), latest)
        Link.objects.filter(pk=link.pk).update(created_at=linked)
    breached = Tactic.objects.exclude(breached_on=None)
    breached.update(review_on=borough.today)
