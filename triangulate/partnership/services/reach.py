"""Training reach beyond staff with accounts: rosters of learners from GP practices, parish
councils, hotels and taxi firms, what they completed, year on year, and who is still to train.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from triangulate.core import access, spreadsheets
from triangulate.core.audit import audit
from triangulate.core.models import AuditAction, User

from ..models import Learner, TrainingCompletion, TrainingCourse
from ..models.learning import Audience
from .imports import ImportRefused, parse_date

LEARNER_COLUMNS = ["reference", "name", "organisation", "audience", "course", "completed on"]
MAX_LEARNER_ROWS = 20_000
# Training a learner completed longer ago than this no longer counts: they are due again.
IN_DATE_MONTHS = 36


def financial_year(day: dt.date) -> int:
    """The year an English public-sector financial year starts in (April to March)."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(start: int) -> str:
    return f"{start} to {start + 1}"


def _audience(text: str) -> str | None:
    wanted = text.strip().lower()
    for value, label in Audience.choices:
        if wanted in (value, label.lower()):
            return value
    return None


def parse_learners(filename: str, content: bytes, today: dt.date) -> list[dict]:
    """Check every row of a learner roster; name each bad row; import nothing if any is bad.

    Each row is one person without an account. ``course`` and ``completed on`` are left
    blank for someone on the roster who has not been trained yet.
    """
    table = spreadsheets.read_table(file_name=filename, content=content, max_rows=MAX_LEARNER_ROWS)
    if [h.strip().lower() for h in table.header[: len(LEARNER_COLUMNS)]] != LEARNER_COLUMNS:
        raise ImportRefused([f"The first row must be the headings: {', '.join(LEARNER_COLUMNS)}"])
    courses = {c.title.lower(): c for c in TrainingCourse.objects.all()}
    parsed, problems, seen = [], [], {}
    for line, row in table.rows:
        reference, name, organisation, audience, course, completed = (
            cell.strip() for cell in (row + [""] * 6)[:6]
        )
        errors = []
        for label, value in (
            ("reference", reference),
            ("name", name),
            ("organisation", organisation),
        ):
            if not value:
                errors.append(f"enter the {label}")
        errors += spreadsheets.field_problems(
            Learner, {"reference": reference, "name": name, "organisation": organisation}
        )
        audience_value = _audience(audience)
        if audience_value is None:
            errors.append(f"no audience called {audience or '(blank)'}")
        found, completed_on = None, None
        if course or completed:
            found = courses.get(course.lower())
            if found is None:
                errors.append(f"no course called {course or '(blank)'}")
            try:
                completed_on = parse_date(completed)
            except ValueError:
                errors.append("completed on must be a real date like 31/03/2026")
            else:
                if completed_on > today:
                    errors.append("completion date is in the future")
        key = (organisation.lower(), reference.lower())
        if key in seen and seen[key] != (name, audience_value):
            errors.append(f"reference {reference} is given to a different person on row {line - 1}")
        seen.setdefault(key, (name, audience_value))
        if errors:
            problems.append(f"Row {line}: {'; '.join(errors)}")
        else:
            parsed.append(
                {
                    "reference": reference,
                    "name": name,
                    "organisation": organisation,
                    "audience": audience_value,
                    "course": found,
                    "completed_on": completed_on,
                }
            )
    if problems:
        raise ImportRefused(problems)
    if not parsed:
        raise ImportRefused(["The file has no learners in it"])
    return parsed


@transaction.atomic
def learners_import(*, actor: User, filename: str, content: bytes, today: dt.date) -> dict:
    """Add or update the learners on a roster and record their completions, all or nothing.

    A learner already on the roster (same organisation and reference) is updated, not
    added twice; a completion already recorded is not counted twice.
    """
    access.require(actor, "partnership.manage")
    rows = parse_learners(filename, content, today)
    added = updated = completions = 0
    for row in rows:
        learner = Learner.objects.filter(
            organisation__iexact=row["organisation"], reference__iexact=row["reference"]
        ).first()
        if learner is None:
            learner = Learner.objects.create(
                reference=row["reference"], name=row["name"],
                organisation=row["organisation"], audience=row["audience"],
            )  # fmt: skip
            added += 1
        elif (learner.name, learner.audience) != (row["name"], row["audience"]):
            learner.name, learner.audience = row["name"], row["audience"]
            learner.save(update_fields=["name", "audience"])
            updated += 1
        if row["course"] is not None:
            _, made = TrainingCompletion.objects.get_or_create(
                learner=learner, course=row["course"], completed_on=row["completed_on"]
            )
            completions += made
    counts = {"added": added, "updated": updated, "completions": completions}
    audit(actor, AuditAction.CREATE, None, "import a roster of learners", detail=counts)
    return counts


@dataclass(frozen=True)
class Reach:
    """People of one audience trained in each financial year, and who is still to train."""

    audience: str
    label: str
    trained_by_year: dict[int, int]
    on_roster: int
    still_to_train: int

    def change(self, year: int) -> int | None:
        """How many more (or fewer) were trained than in the year before."""
        if year - 1 not in self.trained_by_year:
            return None
        return self.trained_by_year.get(year, 0) - self.trained_by_year[year - 1]


def _in_date_cutoff(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=round(IN_DATE_MONTHS * 30.44))


def still_to_train(today: dt.date, audience: str | None = None):
    """Learners on a roster with no training in date."""
    in_date = TrainingCompletion.objects.filter(completed_on__gte=_in_date_cutoff(today))
    learners = Learner.objects.exclude(pk__in=in_date.exclude(learner=None).values("learner_id"))
    if audience:
        learners = learners.filter(audience=audience)
    return learners.order_by("organisation", "name", "id")


def reach(today: dt.date, years: int = 3) -> tuple[list[int], list[Reach]]:
    """For each audience, the people trained in each of the last ``years`` financial years
    (this one to date included): staff with accounts and learners without, each person
    counted once a year whatever they completed; and the roster still to train."""
    current = financial_year(today)
    starts = list(range(current - years + 1, current + 1))
    first_day = dt.date(starts[0], 4, 1)
    trained: dict[tuple[str, int], set] = {}
    completions = TrainingCompletion.objects.filter(completed_on__gte=first_day).filter(
        Q(user__isnull=False) | Q(learner__isnull=False)
    )
    for (
        course_audience,
        learner_audience,
        user_id,
        learner_id,
        completed_on,
    ) in completions.values_list(
        "course__audience", "learner__audience", "user_id", "learner_id", "completed_on"
    ):
        # A learner counts in the audience they belong to; a member of staff in the course's.
        audience = learner_audience or course_audience
        person = ("learner", learner_id) if learner_id else ("user", user_id)
        trained.setdefault((audience, financial_year(completed_on)), set()).add(person)
    roster: dict[str, int] = {}
    for audience in Learner.objects.values_list("audience", flat=True):
        roster[audience] = roster.get(audience, 0) + 1
    waiting: dict[str, int] = {}
    for audience in still_to_train(today).values_list("audience", flat=True):
        waiting[audience] = waiting.get(audience, 0) + 1
    rows = []
    for value, label in Audience.choices:
        by_year = {year: len(trained.get((value, year), ())) for year in starts}
        if not any(by_year.values()) and not roster.get(value):
            continue
        rows.append(Reach(value, label, by_year, roster.get(value, 0), waiting.get(value, 0)))
    return starts, rows
