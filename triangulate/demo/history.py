"""Years of history before the demo's present (``demo_borough --years N``).

A partnership that has used Triangulate for years has a front door that took about 800
contacts a month for every 60,000 children, each decided within a working day or so; missing
episodes with their return home interviews; and an audit log of everything written and
read. This step writes that past, month by month, at those rates, ending where the demo's
present begins (two months ago), so that figures over time and pages with long histories can
be tried and measured. It writes in bulk: a ten-year borough of 60,000 children holds about
96,000 contacts and over a million audit entries.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from triangulate.core.audit import PastEntry, audit, audit_history
from triangulate.core.models import AuditAction
from triangulate.core.presenters import age_on
from triangulate.frontdoor.models import (
    Contact,
    NeedLevel,
    Source,
    Status,
    TriageDecision,
    Urgency,
)
from triangulate.missing.models import Category, MissingEpisode, PoliceRisk, ReturnInterview

from . import stories
from .borough import Borough
from .frontdoor import CONTACTS_PER_60K, FEEDBACK, LEVEL_FOR, OTHER_OUTCOMES, _reference, _weighted

# Missing and away episodes a month for every 60,000 children, from the source documents'
# quarterly figures (about 300 a quarter).
EPISODES_PER_60K = 100
# Each record is written once and read a few times (opened, listed, reviewed).
READS_PER_RECORD = 6


def generate(borough: Borough, *, children: int) -> None:
    years = getattr(borough, "history_years", 0)
    if not years:
        return
    rng = borough.rng
    hub = borough.agencies["Children's Services"]
    levels = {level.code: level for level in NeedLevel.objects.all()}
    decider = borough.users["sam.frontdoor"]
    readers = [borough.users[name] for name in ("sam.frontdoor", "alex.practitioner",
                                                "kim.practitioner", "jo.manager")]  # fmt: skip
    youth_worker = borough.users["tara.youthwork"]
    pool = [c for c in borough.children if c.date_of_birth]
    per_month = max(1, round(children * CONTACTS_PER_60K / 60000))
    episodes_per_month = max(1, round(children * EPISODES_PER_60K / 60000))
    first_day = (borough.today.replace(day=1) - dt.timedelta(days=365 * years)).replace(day=1)
    last_day = (borough.today.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    history: list[PastEntry] = []
    contacts_written = episodes_written = 0
    month = first_day
    while month <= last_day:
        next_month = (month + dt.timedelta(days=32)).replace(day=1)
        days = (next_month - month).days
        contacts, decisions = [], []
        for _ in range(round(per_month * rng.uniform(0.85, 1.15))):
            received = timezone.make_aware(
                dt.datetime.combine(month, dt.time(8))
                + dt.timedelta(days=rng.randrange(days), minutes=rng.randrange(11 * 60))
            )
            born = [
                c for c in rng.sample(pool, min(8, len(pool))) if c.date_of_birth < received.date()
            ]
            if not born:
                continue
            child = born[0]
            outcome = _weighted(rng, OTHER_OUTCOMES)
            decided = received + dt.timedelta(hours=rng.choice([2, 5, 20, 26, 30, 50]))
            contact = Contact(
                owning_agency=hub,
                reference=_reference(rng),
                source=_weighted(rng, [(Source.PROFESSIONAL, 85), (Source.PUBLIC, 15)]),
                reporter_name="A caller",
                received_at=received,
                decision_due_at=received + dt.timedelta(hours=24),
                child_given_name=child.given_name,
                child_family_name=child.family_name,
                child_date_of_birth=child.date_of_birth,
                concern=rng.choice(
                    stories.concerns_for(age_on(child.date_of_birth, received.date()))
                ),
                urgency=Urgency.ROUTINE,
                status=Status.DECIDED,
                person=child,
                linked_by=decider,
                linked_at=received + dt.timedelta(hours=1),
                closed_at=decided,
            )
            contacts.append(contact)
            decisions.append(
                TriageDecision(
                    owning_agency=hub,
                    contact=contact,
                    outcome=outcome,
                    need_level=levels[LEVEL_FOR[outcome]],
                    reasons="Information from partner agencies considered with the referral.",
                    referrer_feedback=FEEDBACK[outcome],
                    decided_by=decider,
                    decided_at=decided,
                )
            )
        Contact.objects.bulk_create(contacts, batch_size=2000)
        TriageDecision.objects.bulk_create(decisions, batch_size=2000)
        for contact, decision in zip(contacts, decisions, strict=True):
            history.append(
                PastEntry(
                    contact.received_at,
                    None,
                    AuditAction.CREATE,
                    contact,
                    "raise a concern",
                    contact.person,
                )
            )
            history.append(
                PastEntry(
                    decision.decided_at,
                    decider,
                    AuditAction.CREATE,
                    decision,
                    "decide on a contact",
                    contact.person,
                )
            )
            history.extend(
                PastEntry(decision.decided_at + dt.timedelta(days=n), rng.choice(readers),
                          AuditAction.VIEW, contact.person, "open a child's record",
                          contact.person)
                for n in range(READS_PER_RECORD)
            )  # fmt: skip
        contacts_written += len(contacts)
        episodes, interviews = [], []
        for _ in range(round(episodes_per_month * rng.uniform(0.7, 1.3))):
            child = rng.choice(pool)
            started = timezone.make_aware(
                dt.datetime.combine(month, dt.time(18)) + dt.timedelta(days=rng.randrange(days))
            )
            if age_on(child.date_of_birth, started.date()) < 10:
                continue
            ended = started + dt.timedelta(hours=rng.choice([5, 14, 26, 40, 72]))
            episode = MissingEpisode(
                owning_agency=hub,
                person=child,
                category=_weighted(rng, [(Category.MISSING, 70), (Category.AWAY, 30)]),
                started_at=started,
                ended_at=ended,
                reported_by="Parent",
                police_risk=_weighted(
                    rng, [(PoliceRisk.MEDIUM, 60), (PoliceRisk.LOW, 30), (PoliceRisk.HIGH, 10)]
                ),  # fmt: skip
                where_found="A friend's house in the borough",
                created_by=decider,
                created_at=started + dt.timedelta(hours=1),
            )
            episodes.append(episode)
            interview = ReturnInterview(
                owning_agency=hub,
                episode=episode,
                person=child,
                due_at=ended + dt.timedelta(hours=72),
            )
            roll = rng.random()
            if roll < 0.8:
                interview.offered_at = ended + dt.timedelta(hours=rng.choice([20, 40, 60, 90]))
                interview.outcome = "held" if roll < 0.6 else "declined"
                if interview.outcome == "held":
                    interview.held_at = interview.offered_at + dt.timedelta(hours=20)
                    interview.completed_at = interview.held_at
                    interview.interviewer = "Tara Quill"
                    interview.interviewer_agency = "Safe Futures Kingsmere"
                    interview.independent = True
                    interview.recorded_by = youth_worker
            else:
                interview.outcome = "not_held"
                interview.not_held_reason = "The family moved away before it could be offered."
            interviews.append(interview)
        MissingEpisode.objects.bulk_create(episodes, batch_size=2000)
        ReturnInterview.objects.bulk_create(interviews, batch_size=2000)
        for episode, interview in zip(episodes, interviews, strict=True):
            history.append(
                PastEntry(
                    episode.created_at,
                    None,
                    AuditAction.CREATE,
                    episode,
                    "record a missing episode",
                    episode.person,
                )
            )
            history.append(
                PastEntry(
                    interview.due_at,
                    youth_worker,
                    AuditAction.CHANGE,
                    interview,
                    "record a return interview",
                    episode.person,
                )
            )
        episodes_written += len(episodes)
        month = next_month
    history.sort(key=lambda entry: entry.occurred_at)
    written = audit_history(history)
    audit(None, AuditAction.CREATE, None, "generate the demo's history",
          detail={"years": years, "contacts": contacts_written, "episodes": episodes_written,
                  "audit_entries": written})  # fmt: skip
