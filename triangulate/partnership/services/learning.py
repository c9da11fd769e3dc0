"""Training compliance, completion imports, case-file audits and Section 11 returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from triangulate.core import access, spreadsheets
from triangulate.core.audit import audit
from triangulate.core.models import Agency, AuditAction, User

from ..models import (
    AuditCase,
    AuditFinding,
    AuditQuestion,
    CaseFileAudit,
    TrainingCompletion,
    TrainingCourse,
    TrainingRequirement,
)
from .recommendations import ImportRefused


@dataclass(frozen=True)
class Compliance:
    agency: Agency
    course: TrainingCourse
    role: str
    required: int
    complete: int

    @property
    def percent(self) -> int:
        return round(100 * self.complete / self.required) if self.required else 100


def in_date_from(requirement: TrainingRequirement, today: dt.date) -> dt.date:
    """The earliest completion still in date on ``today`` for ``requirement``."""
    return today - dt.timedelta(days=round(requirement.valid_months * 30.44))


def staff_in_role(role: str):
    """Active staff of an agency who hold ``role``: those a requirement for it applies to."""
    return User.objects.filter(is_active=True, grants__role=role, agency__isnull=False)


def compliance(today: dt.date) -> list[Compliance]:
    """For every mandatory course and role, how many staff in each agency are in date."""
    rows = []
    for requirement in TrainingRequirement.objects.select_related("course").order_by(
        "course__title", "role", "id"
    ):
        cutoff = in_date_from(requirement, today)
        staff = staff_in_role(requirement.role)
        done = set(
            TrainingCompletion.objects.filter(
                course=requirement.course, completed_on__gte=cutoff, user__in=staff
            ).values_list("user_id", flat=True)
        )
        by_agency: dict[int, list[int]] = {}
        for user_id, agency_id in staff.values_list("id", "agency_id").distinct():
            by_agency.setdefault(agency_id, []).append(user_id)
        agencies = Agency.objects.in_bulk(list(by_agency))
        for agency_id, users in sorted(by_agency.items(), key=lambda kv: agencies[kv[0]].name):
            rows.append(
                Compliance(
                    agencies[agency_id],
                    requirement.course,
                    requirement.role,
                    len(users),
                    sum(1 for u in users if u in done),
                )
            )
    return rows


COMPLETION_COLUMNS = ["username", "course", "completed on"]
MAX_COMPLETION_ROWS = 50_000


def parse_completions(filename: str, content: bytes) -> list[dict]:
    """Check every row of an e-learning export; name each bad row; import nothing if any is bad."""
    table = spreadsheets.read_table(
        file_name=filename, content=content, max_rows=MAX_COMPLETION_ROWS, excel=False
    )
    if [h.lower() for h in table.header[:3]] != COMPLETION_COLUMNS:
        raise ImportRefused(
            [f"The first row must be the headings: {', '.join(COMPLETION_COLUMNS)}"]
        )
    users = {u.username.lower(): u for u in User.objects.filter(agency__isnull=False)}
    courses = {c.title.lower(): c for c in TrainingCourse.objects.all()}
    parsed, problems = [], []
    for line, row in table.rows:
        username, course, completed = (row + ["", "", ""])[:3]
        errors = []
        user = users.get(username.lower())
        if user is None:
            errors.append(f"no user called {username or '(blank)'}")
        found = courses.get(course.lower())
        if found is None:
            errors.append(f"no course called {course or '(blank)'}")
        try:
            completed_on = dt.datetime.strptime(completed, "%d/%m/%Y").date()
            if completed_on > dt.date.today():
                errors.append("completion date is in the future")
        except ValueError:
            errors.append("completed on must be a real date like 31/03/2026")
            completed_on = None
        if errors:
            problems.append(f"Row {line}: {'; '.join(errors)}")
        else:
            parsed.append(
                {"user": user, "agency": user.agency, "course": found, "completed_on": completed_on}
            )
    if problems:
        raise ImportRefused(problems)
    if not parsed:
        raise ImportRefused(["The file has no completions in it"])
    return parsed


@transaction.atomic
def completions_import(*, actor: User, filename: str, content: bytes) -> int:
    access.require(actor, "partnership.manage")
    rows = parse_completions(filename, content)
    TrainingCompletion.objects.bulk_create([TrainingCompletion(**row) for row in rows])
    audit(
        actor, AuditAction.CREATE, None, "import training completions", detail={"rows": len(rows)}
    )
    return len(rows)


def audit_summary(case_audit: CaseFileAudit) -> list[dict]:
    """For each audit question: how many sampled cases answered yes, no and not applicable."""
    cases = list(case_audit.cases.all())
    rows = []
    for question in case_audit.questions.order_by("number", "id"):
        answers = [c.answers.get(str(question.pk), "") for c in cases]
        yes, no = answers.count("yes"), answers.count("no")
        rows.append(
            {
                "question": question,
                "yes": yes,
                "no": no,
                "na": len(answers) - yes - no,
                "percent": round(100 * yes / (yes + no)) if yes + no else None,
            }
        )
    return rows


@transaction.atomic
def finding_link_action(*, actor: User, finding: AuditFinding, action) -> None:
    """An audit finding becomes (or is delivered by) a plan action."""
    access.require(actor, "partnership.manage")
    AuditFinding.objects.filter(pk=finding.pk).update(plan_action=action)
    audit(
        actor,
        AuditAction.CHANGE,
        finding,
        "turn an audit finding into a plan action",
        detail={"action": action.pk},
    )


@transaction.atomic
def record_create(*, actor: User, model, purpose: str, **fields):
    """Add an awareness event, a Section 11 return or an audit finding."""
    access.require(actor, "partnership.manage")
    record = model.objects.create(**fields)
    audit(actor, AuditAction.CREATE, record, purpose)
    return record


@transaction.atomic
def case_file_audit_create(
    *, actor: User, title: str, audited_on: dt.date, questions: list[str]
) -> CaseFileAudit:
    access.require(actor, "partnership.manage")
    case_audit = CaseFileAudit.objects.create(title=title, audited_on=audited_on, lead=actor)
    for number, text in enumerate(questions, start=1):
        AuditQuestion.objects.create(audit=case_audit, number=number, text=text)
    audit(actor, AuditAction.CREATE, case_audit, "start a case-file audit")
    return case_audit


@transaction.atomic
def audit_case_add(
    *, actor: User, case_audit: CaseFileAudit, reference: str, agency: Agency, answers: dict
) -> AuditCase:
    access.require(actor, "partnership.manage")
    case = AuditCase.objects.create(
        audit=case_audit, reference=reference, agency=agency, answers=answers
    )
    audit(actor, AuditAction.CREATE, case, "record a sampled case file")
    return case
