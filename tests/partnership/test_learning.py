"""Training compliance per agency, completions import, and audit findings as plan actions."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from triangulate.core.roles import Role
from triangulate.partnership.models import (
    AuditCase,
    AuditFinding,
    AuditQuestion,
    CaseFileAudit,
    TrainingCompletion,
    TrainingCourse,
    TrainingRequirement,
)
from triangulate.partnership.services import learning

TODAY = timezone.localdate()


@pytest.fixture
def course(db):
    course = TrainingCourse.objects.create(
        title="Recognising exploitation", kind="elearning", audience="practitioners"
    )
    TrainingRequirement.objects.create(course=course, role=Role.POLICE_OFFICER, valid_months=24)
    return course


def test_compliance_counts_in_date_completions_per_agency(
    course, police_officer, make_user, police
):
    other = make_user(police, Role.POLICE_OFFICER, username="officer2")
    TrainingCompletion.objects.create(
        course=course, user=police_officer, agency=police, completed_on=TODAY
    )
    TrainingCompletion.objects.create(
        course=course, user=other, agency=police, completed_on=TODAY - dt.timedelta(days=800)
    )
    [row] = learning.compliance(TODAY)
    assert (row.agency, row.required, row.complete, row.percent) == (police, 2, 1, 50)


def test_completions_import_is_all_or_nothing(
    client_for, course, police_officer, partnership_manager
):
    csv = f"username,course,completed on\n{police_officer.username},Recognising exploitation,01/03/2026\nnobody,Unknown,99/99/2026\n"
    response = client_for(partnership_manager).post(
        "/partnership/training/import", {"file": SimpleUploadedFile("c.csv", csv.encode())}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 3: no user called nobody; no course called Unknown" in page
    assert not TrainingCompletion.objects.exists()


def test_an_audit_finding_becomes_a_plan_action(client_for, partnership_manager, plan, council):
    audit = CaseFileAudit.objects.create(
        title="Spring audit", audited_on=TODAY, lead=partnership_manager
    )
    question = AuditQuestion.objects.create(
        audit=audit, number=1, text="Is the current risk assessment on file?"
    )
    AuditCase.objects.create(
        audit=audit, reference="CFA-01", agency=council, answers={str(question.pk): "no"}
    )
    AuditCase.objects.create(
        audit=audit, reference="CFA-02", agency=council, answers={str(question.pk): "yes"}
    )
    finding = AuditFinding.objects.create(audit=audit, text="Risk assessments missing")
    assert learning.audit_summary(audit)[0]["percent"] == 50
    target = TODAY + dt.timedelta(days=60)
    objective = plan.priorities.get(number=2).objectives.get()
    response = client_for(partnership_manager).post(
        f"/partnership/audits/findings/{finding.pk}/action",
        {
            "objective": objective.pk,
            "number": "2.1.9",
            "title": "Put every risk assessment on file",
            "success_measure": "Re-audit shows all on file",
            "lead_officer": partnership_manager.pk,
            "target_date-day": target.day,
            "target_date-month": target.month,
            "target_date-year": target.year,
        },
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.plan_action.number == "2.1.9"


def test_an_audit_is_built_on_screen_from_questions_cases_and_findings(
    client_for, partnership_manager, council
):
    client = client_for(partnership_manager)
    day = TODAY - dt.timedelta(days=2)
    response = client.post(
        "/partnership/audits/new",
        {
            "title": "Autumn audit",
            "audited_on-day": day.day,
            "audited_on-month": day.month,
            "audited_on-year": day.year,
            "questions": "Is the current risk assessment on file?\n\nIs the child's voice recorded?",
        },
    )
    audit = CaseFileAudit.objects.get(title="Autumn audit")
    assert response["Location"] == f"/partnership/audits/{audit.pk}"
    first, second = audit.questions.order_by("number")
    missing = client.post(
        f"/partnership/audits/{audit.pk}/cases/new",
        {"reference": "CFA-1", "agency": council.pk, f"q{first.pk}": "no"},
    )
    assert missing.status_code == 400
    assert "Select an answer" in missing.content.decode()
    client.post(
        f"/partnership/audits/{audit.pk}/cases/new",
        {"reference": "CFA-1", "agency": council.pk, f"q{first.pk}": "no", f"q{second.pk}": "yes"},
    )
    client.post(f"/partnership/audits/{audit.pk}/findings/new", {"text": "Assessments missing"})
    summary = learning.audit_summary(audit)
    assert [(row["yes"], row["no"]) for row in summary] == [(0, 1), (1, 0)]
    assert audit.findings.get().text == "Assessments missing"
