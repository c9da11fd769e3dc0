"""Concerns the front door passes to the police, and strategy discussions (F14, F15)."""

from __future__ import annotations

from triangulate.frontdoor.models import Contact, Outcome

from ...periods import Period
from .base import MONTHLY, Figure, Measure, Rows, first_record_of
from .front_door import _decided, _unlinked, contacts_and_children


def passed_to_police(period: Period) -> Figure:
    rows = list(
        _decided(period, [Outcome.POLICE])
        .order_by("decision__decided_at", "id")
        .values_list("id", "person_id")
    )
    return contacts_and_children(rows, "contacts passed to the police", "Distinct children")


def strategy_discussions(period: Period) -> Figure:
    rows = list(
        _decided(period, [Outcome.STRATEGY])
        .order_by("decision__decided_at", "id")
        .values_list(
            "id",
            "person_id",
            "decision__strategy_meeting_id",
            "decision__strategy_meeting__held_at",
        )
    )
    set_up = [pk for pk, _, meeting, _ in rows if meeting is not None]
    held = [pk for pk, _, _, held_at in rows if held_at is not None and held_at < period.cutoff]
    children = {person_id for _, person_id, *_ in rows if person_id is not None}
    return Figure(
        Rows(Contact, [pk for pk, *_ in rows]),
        breakdown=[
            ("Distinct children", len(children)),
            ("With a strategy meeting set up", len(set_up)),
            ("Strategy meeting held by the end of the month", len(held)),
        ],
        quality=[_unlinked([(pk, pid) for pk, pid, *_ in rows], "strategy discussions")],
    )


MEASURES: list[Measure] = [
    Measure(
        figure_id="F14",
        slug="passed-to-police",
        name="Contacts passed to the police",
        version=1,
        numerator="Contacts decided in the month as 'Passed to the police', by the date of the decision",
        denominator="",
        period=MONTHLY,
        counting=(
            "A contact is counted once, by its decision as it stands now. This counts the front "
            "door's decisions: the police's receipt of each one is not recorded here."
        ),
        source="Contacts and triage decisions (front door)",
        good="No target: read beside referrals (F11) and the conversion rate (F12)",
        higher_is_better=None,
        compute=passed_to_police,
        first_record=first_record_of(
            Contact, "decision__decided_at", decision__outcome=Outcome.POLICE
        ),
    ),
    Measure(
        figure_id="F15",
        slug="strategy-discussions",
        name="Strategy discussions started",
        version=1,
        numerator=(
            "Contacts decided in the month as a strategy discussion, by the date of the decision"
        ),
        denominator="",
        period=MONTHLY,
        counting=(
            "A contact is counted once, by its decision as it stands now. The breakdown gives the "
            "distinct children, the discussions with a strategy meeting set up, and those whose "
            "meeting was held by the end of the month. Joint investigations that follow are not "
            "recorded here."
        ),
        source="Contacts and triage decisions (front door), strategy meetings (meetings)",
        good="No target: every strategy discussion should lead to a meeting held promptly",
        higher_is_better=None,
        compute=strategy_discussions,
        first_record=first_record_of(
            Contact, "decision__decided_at", decision__outcome=Outcome.STRATEGY
        ),
    ),
]
