"""Casework in the demo borough: contacts with each child on an open case (some children not
seen alone for weeks), notes typed late, supervision with actions, and strategy discussions
with their outcomes."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from triangulate.casework import services
from triangulate.casework.models import Case, CaseNote, CaseStatus, NoteKind, StrategyDecision
from triangulate.casework.services import attachments, closure, oversight, strategy
from triangulate.core.models import User
from triangulate.core.presenters import age_on

from . import stories
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
    for n, case in enumerate(allocated[:4]):
        _documents(borough, case, n)
    _transfer(borough, allocated)
    _closure_returned(borough, allocated)
    with_person = [c for c in allocated if c.person.date_of_birth]
    if with_person:
        _strategy(borough, with_person[0], StrategyDecision.S47_JOINT, now)
    if len(with_person) > 1:
        _strategy(borough, with_person[1], StrategyDecision.NFA, now)


SCHOOL_LETTER = """{school}
Safeguarding lead

To the exploitation team, Kingsmere Children's Services

Attendance this half term: {attendance}%.

{given} has missed most Friday afternoons. Twice this month staff saw a car waiting near
the side gate at the end of the day; {given} did not get into it while staff were there.
{given} has a new phone and is tired in the mornings. The teacher {given} talks to most
will come to the team around the child meeting.

Designated safeguarding lead
"""


def _drawing() -> bytes:
    """The child's drawing of where they feel safe (three houses and a path), as a PNG: the
    demo holds no picture of anyone."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 220), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    for x, colour in ((30, (29, 112, 184)), (130, (0, 112, 60)), (230, (255, 221, 0))):
        draw.rectangle((x, 90, x + 60, 150), outline=colour, width=4)
        draw.polygon([(x - 5, 90), (x + 30, 55), (x + 65, 90)], outline=colour)
    draw.line((0, 190, 320, 170), fill=(80, 80, 80), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _clinic_summary(given: str) -> bytes:
    from triangulate.core import pdf

    styles = pdf.stylesheet()
    return pdf.build(
        [
            pdf.text("Health summary for the strategy discussion", styles["Heading1"]),
            pdf.text(
                f"{given} was offered a health assessment with a nurse {given} already knows. "
                f"{given} chose to bring an adult they trust. Advice on keeping safe and on "
                "healthy relationships given; the nurse will see them again in four weeks.",
                styles["BodyText"],
            ),
        ],
        title="Health summary",
    )


def _documents(borough: Borough, case: Case, n: int) -> None:
    """A school letter, the child's own drawing and a health summary on a few children's
    records; one letter put on the wrong record and withdrawn."""
    worker = case.worker
    given = case.person.given_name
    school = stories.school_for(borough.rng, age_on(case.person.date_of_birth, borough.today))
    letter = SCHOOL_LETTER.format(
        school=school, attendance=borough.rng.randint(58, 74), given=given
    )
    attachments.attachment_add(
        actor=worker,
        person=case.person,
        case=case,
        title=f"Letter from {school} about attendance and a car at the gate",
        upload=SimpleUploadedFile("academy-letter.txt", letter.encode()),
    )
    if n % 2 == 0:
        attachments.attachment_add(
            actor=worker,
            person=case.person,
            case=case,
            title=f"{given}'s drawing of the places they feel safe (direct work)",
            upload=SimpleUploadedFile("safe-places-drawing.png", _drawing()),
        )
    if n == 0:
        attachments.attachment_add(
            actor=worker,
            person=case.person,
            case=case,
            title="Health summary shared for the strategy discussion",
            upload=SimpleUploadedFile("health-summary.pdf", _clinic_summary(given)),
        )
        wrong = attachments.attachment_add(
            actor=worker,
            person=case.person,
            title="School report",
            upload=SimpleUploadedFile("school-report.txt", b"End of year report.\n"),
        )
        attachments.attachment_withdraw(
            actor=borough.users["jo.manager"],
            attachment=wrong,
            reason="Put on this child's record by mistake: it is another child's report.",
            expected_version=wrong.version,
        )


def _transfer(borough: Borough, cases: list[Case]) -> None:
    """One case moves from Kim, who works part time and is full, to Alex."""
    kim, alex = borough.users["kim.practitioner"], borough.users["alex.practitioner"]
    case = next((c for c in cases if c.worker_id == kim.pk), None)
    if case is None:
        return
    given = case.person.given_name
    try:
        services.case_transfer(
            actor=borough.users["jo.manager"],
            case=case,
            team=case.team,
            worker=alex,
            reason="Kim's caseload is over what her hours allow; Alex already works with "
            f"{given}'s school.",
            handover=f"{given} talks most easily after school, away from home, and has asked "
            "that visits are at school or the youth centre. The safety plan's phone checks "
            "are working. Next: see them alone at school this week and introduce yourself "
            "to their form tutor.",
            expected_version=case.version,
        )
    except services.OverCapacity:
        return


def _closure_returned(borough: Borough, cases: list[Case]) -> None:
    """Alex asked to close one case; Jo returned it for rework: the child's own view is
    missing (it waits on Alex's My work)."""
    alex = borough.users["alex.practitioner"]
    case = next((c for c in reversed(cases) if c.worker_id == alex.pk), None)
    if case is None:
        return
    case.refresh_from_db()
    given = case.person.given_name
    asked = closure.closure_request(
        actor=alex,
        case=case,
        reason=f"{given} has had no missing episodes for three months and has been in school or "
        "college every day this term; the safety plan's actions are done.",
        safer="yes",
        risk="low",
        expected_version=case.version,
    )
    closure.closure_return(
        actor=borough.users["jo.manager"],
        request=asked,
        reason=f"Please record what {given} wants to happen after we close, in their own "
        "words, and who they will go to if the adults come back.",
        expected_version=asked.version,
    )
