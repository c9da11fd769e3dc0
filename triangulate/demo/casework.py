"""Casework in the demo borough: contacts with each child on an open case (some children not
seen alone for weeks), notes typed late, supervision with actions, and strategy discussions
with their outcomes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from triangulate.casework import oversight, strategy
from triangulate.casework.models import Case, CaseNote, CaseStatus, NoteKind, StrategyDecision
from triangulate.core.models import User

from .borough import Borough

# What a child said, in their own words (every case child is nine or older).
CHILDS_WORDS = [
    "I don't like it when they wait outside school. They say I owe them for the food.",
    "I want to go back to football on Saturdays.",
    "He said he was my friend. I didn't know he was that old.",
    "I don't want to go to the flat any more.",
    "I feel better now I'm not going out after school.",
    "They message me all the time. I blocked one but he made a new account.",
    "I'm scared they'll come to the house if I stop answering.",
    "I like it at my nan's. Nobody knows where she lives.",
]
VISIT_NOTES = [
    "Home visit after school. Talked about the adults who have been waiting near school and "
    "what the child can do if they are approached again.",
    "Direct work on safe and unsafe relationships using the child's own examples.",
    "Visit with the child's mother. Reviewed the safety plan; phone checks agreed at home.",
    "Saw the child at school in a quiet room. Talked about the weekend and who they were with.",
    "Walked with the child to youth club; talked about friends and who gives them lifts.",
]
OTHER_NOTES = [
    (
        NoteKind.PHONE,
        "Phone call with mother: the child came home late on Friday in a taxi "
        "that someone else had paid for.",
    ),
    (
        NoteKind.PROFESSIONAL,
        "Discussion with the school's safeguarding lead about attendance "
        "and sightings near the takeaway on Station Road.",
    ),
    (
        NoteKind.MEETING,
        "Team around the child meeting; police shared a new sighting with an adult of concern.",
    ),
]


def _at(now: dt.datetime, days_ago: float, hour: int) -> dt.datetime:
    moment = now - dt.timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=15 * (int(days_ago) % 4), second=0, microsecond=0)


def _notes_for(borough: Borough, case: Case, n: int, now: dt.datetime) -> list[CaseNote]:
    rng = borough.rng
    worker = case.worker or borough.users["jo.manager"]
    span = max(7, (now - case.opened_at).days)
    # One case in four: the child was last seen alone five to seven weeks ago (seen with a
    # parent since, or only spoken to by phone).
    gap = n % 4 == 1
    last_alone = rng.randint(36, 50) if gap else rng.randint(2, 12)
    notes = []
    day = min(span - 1, last_alone + rng.randint(8, 20))
    days = []
    while day > last_alone and day < span:
        days.append(day)
        day -= rng.randint(9, 16)
    days.append(last_alone)
    for i, days_ago in enumerate(sorted(days, reverse=True)):
        occurred = _at(now, days_ago, rng.choice([10, 14, 16, 17]))
        if occurred < case.opened_at:
            continue
        # Most notes are typed the same or next day; one in six a week later.
        late = rng.random() < 1 / 6
        recorded = min(
            now,
            occurred + dt.timedelta(days=rng.randint(5, 8) if late else rng.randint(0, 1), hours=2),
        )
        notes.append(
            CaseNote(
                owning_agency=case.owning_agency,
                person=case.person,
                case=case,
                kind=rng.choice([NoteKind.VISIT, NoteKind.VISIT, NoteKind.DIRECT_WORK]),
                occurred_at=occurred,
                present="The child and " + worker.display_name,
                child_seen=True,
                child_seen_alone=True,
                childs_words=rng.choice(CHILDS_WORDS),
                summary=rng.choice(VISIT_NOTES),
                significant=i == 0 or rng.random() < 0.2,
                recorded_at=recorded,
                recorded_by=worker,
            )
        )
    if gap:
        # Since then: a visit with the child seen only with a parent, and phone calls.
        seen_with_parent = _at(now, rng.randint(10, 30), 17)
        notes.append(
            CaseNote(
                owning_agency=case.owning_agency,
                person=case.person,
                case=case,
                kind=NoteKind.VISIT,
                occurred_at=seen_with_parent,
                present="The child, their mother and " + worker.display_name,
                child_seen=True,
                child_seen_alone=False,
                summary="Home visit. The child stayed with their mother throughout and did not "
                "want to talk alone; arranged to see them at school next week.",
                recorded_at=seen_with_parent + dt.timedelta(hours=20),
                recorded_by=worker,
            )
        )
    kind, text = rng.choice(OTHER_NOTES)
    when = _at(now, rng.randint(1, 6), 11)
    if when > case.opened_at:
        notes.append(
            CaseNote(
                owning_agency=case.owning_agency,
                person=case.person,
                case=case,
                kind=kind,
                occurred_at=when,
                present=worker.display_name,
                summary=text,
                significant=kind == NoteKind.MEETING,
                recorded_at=when + dt.timedelta(hours=1),
                recorded_by=worker,
            )
        )
    return notes


def _strategy(borough: Borough, case: Case, decision: str, now: dt.datetime) -> None:
    manager = borough.users["jo.manager"]
    agencies = borough.agencies
    invited = [agencies["Police"], agencies["Health"], agencies["Academy"]]
    discussion = strategy.strategy_record(
        actor=manager,
        person=case.person,
        case=case,
        held_at=_at(now, 12, 10),
        invited=invited,
        attended=invited[:2] if decision == StrategyDecision.NFA else invited,
        information_shared=(
            "Police: the child was seen twice this month in a car with an adult of concern. "
            "Health: two visits to the sexual health clinic with an older adult. "
            "School: attendance down to 60%; a trusted adult has noticed a new phone."
            if decision == StrategyDecision.S47_JOINT
            else "Police: no further sightings since the safety plan began. Health: no "
            "concerns at the last appointment. School: attendance back to 94%."
        ),
        decision=decision,
        reasons=(
            "Reasonable cause to suspect the child is suffering significant harm through "
            "sexual exploitation; a joint enquiry lets police act on the adults of concern."
            if decision == StrategyDecision.S47_JOINT
            else "The threshold for a section 47 enquiry is not met; the exploitation plan "
            "continues with the agreed support."
        ),
    )
    if decision != StrategyDecision.S47_JOINT:
        return
    today = timezone.localdate()
    for owner, text in (
        ("priya.officer", "Visit the address the child was seen at and identify the adults"),
        ("ruth.nurse", "Offer the child a health assessment with a nurse they know"),
        ("alex.practitioner", "See the child alone at school and explain the enquiry"),
    ):
        strategy.action_add(
            actor=manager,
            discussion=discussion,
            text=text,
            owner=borough.users[owner],
            due_on=today + dt.timedelta(days=3),
        )
    strategy.investigation_start(
        actor=manager,
        discussion=discussion,
        police_reference="MP-26-004817",
        started_on=today - dt.timedelta(days=11),
    )


def generate(borough: Borough, *, children: int) -> None:
    now = timezone.now()
    cases = list(
        Case.objects.filter(status=CaseStatus.OPEN)
        .select_related("person", "worker", "owning_agency")
        .order_by("id")
    )
    notes = []
    for n, case in enumerate(cases):
        notes.extend(_notes_for(borough, case, n, now))
    CaseNote.objects.bulk_create(notes, batch_size=1000)

    manager: User = borough.users["jo.manager"]
    today = timezone.localdate()
    allocated = [c for c in cases if c.worker_id]
    for case in allocated[:8]:
        oversight.supervision_record(
            actor=manager,
            case=case,
            held_on=today - dt.timedelta(days=borough.rng.randint(3, 25)),
            reflection="The child trusts their worker more; they talked about the adults near "
            "school for the first time. The pull of the older group is still strong.",
            decisions="Keep the plan at its current level; see the child alone every week.",
            actions=[
                (
                    "See the child alone at school this week",
                    case.worker,
                    today + dt.timedelta(days=5),
                ),
            ],
        )
    with_person = [c for c in allocated if c.person.date_of_birth]
    if with_person:
        _strategy(borough, with_person[0], StrategyDecision.S47_JOINT, now)
    if len(with_person) > 1:
        _strategy(borough, with_person[1], StrategyDecision.NFA, now)
