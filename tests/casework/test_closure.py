"""A worker's closure waits for a team manager, who signs it off or returns it for rework
with a reason that reaches the worker's My work."""

import pytest

from triangulate.casework.models import CaseEvent, CaseStatus, ClosureRequest, ClosureStatus
from triangulate.casework.services import closure
from triangulate.core.concurrency import STALE_MESSAGE
from triangulate.core.models import AuditEntry
from triangulate.core.roles import Role

CLOSING = {"reason": "Leah has been safe for three months", "safer": "yes", "risk": "low"}


def _ask(client, case):
    return client.post(f"/cases/{case.pk}/status", {**CLOSING, "version": case.version})


@pytest.mark.django_db
def test_a_returned_closure_goes_back_to_the_worker_and_a_second_ask_is_signed_off(
    client_for, practitioner, team_manager, open_case
):
    worker, manager = client_for(practitioner), client_for(team_manager)
    assert _ask(worker, open_case).status_code == 302
    open_case.refresh_from_db()
    assert open_case.status == CaseStatus.OPEN
    asked = ClosureRequest.objects.get()
    assert "Case closures awaiting your sign-off" in manager.get("/my-work").content.decode()
    # The worker cannot sign off their own request.
    signed = worker.post(
        f"/cases/{open_case.pk}/closure/{asked.pk}/sign-off", {"version": asked.version}
    )
    assert signed.status_code == 403

    url = f"/cases/{open_case.pk}/closure/{asked.pk}/return"
    empty = manager.post(url, {"return_reason": "", "version": asked.version})
    assert empty.status_code == 400 and "govuk-error-summary" in empty.content.decode()
    reason = "Say what Leah wants to happen next, in her own words"
    assert manager.post(url, {"return_reason": reason, "version": 1}).status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.decided_by) == (ClosureStatus.RETURNED, team_manager)
    work = worker.get("/my-work").content.decode()
    assert "Case closures returned for rework" in work and reason in work
    assert CaseEvent.objects.filter(kind="closure_returned", reason=reason).exists()
    assert AuditEntry.objects.filter(purpose="return a case closure for rework").exists()

    open_case.refresh_from_db()
    assert _ask(worker, open_case).status_code == 302
    # Asked again: no longer waiting for rework on My work.
    assert "Case closures returned for rework" not in worker.get("/my-work").content.decode()
    again = ClosureRequest.objects.get(status=ClosureStatus.AWAITING)
    response = manager.post(
        f"/cases/{open_case.pk}/closure/{again.pk}/sign-off", {"version": again.version}
    )
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert (open_case.status, open_case.closure_safer, open_case.closure_risk) == (
        CaseStatus.CLOSED, "yes", "low",
    )  # fmt: skip


@pytest.mark.django_db
def test_a_stale_return_changes_nothing(client_for, practitioner, team_manager, open_case):
    _ask(client_for(practitioner), open_case)
    asked = ClosureRequest.objects.get()
    ClosureRequest.objects.filter(pk=asked.pk).update(version=2)
    response = client_for(team_manager).post(
        f"/cases/{open_case.pk}/closure/{asked.pk}/return",
        {"return_reason": "More work", "version": 1},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "govuk-error-summary" in body and STALE_MESSAGE.split(":")[0] in body
    asked.refresh_from_db()
    assert asked.status == ClosureStatus.AWAITING


@pytest.mark.django_db
def test_only_a_manager_of_the_cases_agency_signs_off(
    make_user, police, practitioner, team_manager, open_case
):
    other = make_user(police, Role.TEAM_MANAGER)
    assert closure.signs_off(team_manager, open_case)
    assert not closure.signs_off(practitioner, open_case)
    assert not closure.signs_off(other, open_case)
