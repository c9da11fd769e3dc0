"""The front door: contacts, referrals and early help, and reports from councillors and
the public (F10 to F13, F16, F21)."""

from __future__ import annotations

import statistics

from triangulate.core.roles import AgencyType
from triangulate.frontdoor.models import Contact, Outcome, Source

from ...periods import Period
from .base import MONTHLY, Figure, Measure, Quality, Rows, first_record_of
from .breakdowns import counted

REFERRAL_OUTCOMES = (Outcome.EXPLOITATION_TEAM, Outcome.STRATEGY, Outcome.MACE)


def _received(period: Period):
    return Contact.objects.filter(received_at__gte=period.start_at, received_at__lt=period.end_at)


def _decided(period: Period, outcomes):
    return Contact.objects.filter(
        decision__decided_at__gte=period.start_at,
        decision__decided_at__lt=period.end_at,
        decision__outcome__in=list(outcomes),
    )


def _unlinked(rows, what: str) -> Quality:
    total = len(rows)
    missing = sum(1 for _, person_id in rows if person_id is None)
    return Quality(f"{what} not yet linked to a child's record", missing, total)


def contacts_and_children(rows, what: str, children: str) -> Figure:
    """A count of contacts (``rows`` of contact id and child id), distinct children beside it."""
    linked = {person_id for _, person_id in rows if person_id is not None}
    return Figure(
        Rows(Contact, [pk for pk, _ in rows]),
        breakdown=[("Contacts", len(rows)), (children, len(linked))],
        quality=[_unlinked(rows, what)],
    )


def contacts_received(period: Period) -> Figure:
    rows = list(_received(period).order_by("received_at", "id").values_list("id", "person_id"))
    return contacts_and_children(rows, "contacts", "Distinct children identified")


def referrals(period: Period) -> Figure:
    rows = list(
        _decided(period, REFERRAL_OUTCOMES)
        .order_by("decision__decided_at", "id")
        .values_list("id", "person_id", "decision__outcome")
    )
    children = {person_id for _, person_id, _ in rows if person_id is not None}
    labels = dict(Outcome.choices)
    return Figure(
        Rows(Contact, [pk for pk, _, _ in rows]),
        breakdown=[
            *[(labels[o], sum(1 for *_, out in rows if out == o)) for o in REFERRAL_OUTCOMES],
            ("Distinct children", len(children)),
        ],
        quality=[_unlinked([(pk, pid) for pk, pid, _ in rows], "referrals")],
    )


def conversion(period: Period) -> Figure:
    received = list(_received(period).values_list("id", "decision__outcome", "status"))
    converted = [pk for pk, outcome, _ in received if outcome in REFERRAL_OUTCOMES]
    undecided = sum(1 for _, outcome, _ in received if outcome is None)
    return Figure(
        Rows(Contact, converted),
        Rows(Contact, [pk for pk, _, _ in received]),
        quality=[
            Quality("contacts received in the month not yet decided", undecided, len(received))
        ],
    )


def referrals_from_schools(period: Period) -> Figure:
    rows = list(
        _decided(period, REFERRAL_OUTCOMES).values_list(
            "id", "raised_by_agency__agency_type", "source"
        )
    )
    labels = dict(AgencyType.choices)
    mix: dict[str, int] = {}
    for _, agency_type, _ in rows:
        label = labels.get(agency_type, "No agency (the public, a councillor or a helpline)")
        mix[label] = mix.get(label, 0) + 1
    professional = [agency_type for _, agency_type, source in rows if source == "professional"]
    return Figure(
        Rows(Contact, [pk for pk, agency_type, _ in rows if agency_type == AgencyType.EDUCATION]),
        Rows(Contact, [pk for pk, _, _ in rows]),
        breakdown=sorted(mix.items(), key=lambda item: (-item[1], item[0])),
        quality=[
            Quality(
                "referrals raised by a professional with no agency recorded",
                sum(1 for agency_type in professional if agency_type is None),
                len(professional),
            )
        ],
    )


def early_help(period: Period) -> Figure:
    rows = list(_decided(period, [Outcome.EARLY_HELP]).values_list("id", "person_id"))
    return Figure(Rows(Contact, [pk for pk, _ in rows]), quality=[_unlinked(rows, "decisions")])


def reports_from_councillors_and_public(period: Period) -> Figure:
    rows = list(
        _received(period)
        .filter(source__in=[Source.COUNCILLOR, Source.PUBLIC])
        .order_by("received_at", "id")
        .values_list("id", "source", "received_at", "decision__decided_at")
    )
    decided = [(pk, decided - received) for pk, _, received, decided in rows if decided]
    days = [delay.total_seconds() / 86400 for _, delay in decided]
    sources = dict(Source.choices)
    return Figure(
        Rows(Contact, [pk for pk, _ in decided]),
        Rows(Contact, [pk for pk, *_ in rows]),
        breakdown=[
            *counted(sources[source] for _, source, _, _ in rows),
            ("Median whole days from report to decision", int(statistics.median(days or [0]))),
        ],
        quality=[],
    )


MEASURES: list[Measure] = [
    Measure(
        figure_id="F10",
        slug="contacts",
        name="Contacts received",
        version=1,
        numerator="Contacts received at the front door in the month, by the time received",
        denominator="",
        period=MONTHLY,
        counting=(
            "Every contact counts, from any source, including ones not yet linked to a child. "
            "Distinct children are those linked to a record."
        ),
        source="Contacts (front door)",
        good="No target: a change in contacts is a signal to understand, not to chase",
        higher_is_better=None,
        compute=contacts_received,
        first_record=first_record_of(Contact, "received_at"),
    ),
    Measure(
        figure_id="F11",
        slug="referrals",
        name="Exploitation referrals",
        version=1,
        numerator=(
            "Contacts decided in the month as a referral to the exploitation team, a strategy "
            "discussion or the MACE panel, by the date of the decision"
        ),
        denominator="",
        period=MONTHLY,
        counting="A contact is counted once, by its decision as it stands now.",
        source="Contacts and triage decisions (front door)",
        good="No target: read beside contacts and the conversion rate",
        higher_is_better=None,
        compute=referrals,
        first_record=first_record_of(Contact, "decision__decided_at"),
    ),
    Measure(
        figure_id="F12",
        slug="conversion",
        name="Contacts that became exploitation referrals",
        version=1,
        numerator="Contacts received in the month whose decision is a referral (as F11)",
        denominator="Contacts received in the month",
        period=MONTHLY,
        counting="By the month the contact came in; contacts not yet decided are in the denominator.",
        source="Contacts and triage decisions (front door)",
        good="No target: a fall may mean concerns are not being recognised",
        higher_is_better=None,
        compute=conversion,
        first_record=first_record_of(Contact, "received_at"),
        unit="%",
    ),
    Measure(
        figure_id="F13",
        slug="referrals-from-schools",
        additive=True,
        name="Exploitation referrals raised by schools",
        version=1,
        numerator="Referrals (as F11) raised by an education agency",
        denominator="Referrals (as F11)",
        period=MONTHLY,
        counting="By the agency the contact was raised for; the breakdown gives every source.",
        source="Contacts and triage decisions (front door)",
        good="Schools refer as they learn to recognise exploitation: rising after training",
        higher_is_better=None,
        compute=referrals_from_schools,
        first_record=first_record_of(Contact, "decision__decided_at"),
        unit="%",
    ),
    Measure(
        figure_id="F16",
        slug="early-help",
        name="Early-help decisions",
        version=1,
        numerator="Contacts decided as early help in the month, by the date of the decision",
        denominator="",
        period=MONTHLY,
        counting="A contact is counted once, by its decision as it stands now.",
        source="Contacts and triage decisions (front door)",
        good="No target: read the trend against the months before a change of route",
        higher_is_better=None,
        compute=early_help,
        first_record=first_record_of(Contact, "decision__decided_at"),
    ),
    Measure(
        figure_id="F21",
        slug="public-reports",
        name="Reports from councillors and the public decided",
        version=1,
        numerator="Reports received in the month from councillors and the public that have a decision",
        denominator="Reports received in the month from councillors and the public, by the time received",
        period=MONTHLY,
        counting=(
            "Every report counts, including reports about a place or an adult only. Each is "
            "acknowledged with a reference the moment it is sent, so a report without a "
            "decision is being tracked, not lost. The breakdown gives each source and the "
            "median whole days from report to decision."
        ),
        source="Contacts and triage decisions (front door)",
        good="Every report decided, promptly: rising to 100%",
        higher_is_better=True,
        compute=reports_from_councillors_and_public,
        first_record=first_record_of(
            Contact, "received_at", source__in=[Source.COUNCILLOR, Source.PUBLIC]
        ),
        unit="%",
    ),
]
