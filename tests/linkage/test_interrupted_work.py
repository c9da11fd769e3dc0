"""Background work that survives a restart: a run or import whose worker stopped is failed
with a reason, never left running, and a live worker's work is left alone."""

import pytest
from django_tasks.signals import task_finished

from tests.factories import queued_tasks
from triangulate.core import background
from triangulate.linkage.models import (
    Extract,
    ExtractStatus,
    RunStage,
    RunStatus,
    SourceRecord,
)
from triangulate.linkage.services import imports, runs


@pytest.fixture
def queued_run(db, police_analyst, django_capture_on_commit_callbacks):
    """A run started from the web, queued for the worker."""
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.linkage_run(actor=police_analyst, background=True)
    assert run.status == RunStatus.RUNNING and run.stage == RunStage.PREPARING
    return run, queued_tasks(runs.run_queued).get()


def test_a_run_whose_worker_died_is_failed_with_a_reason(queued_run):
    run, task = queued_run
    task.claim("worker-that-was-killed")

    recovered = background.recover_interrupted()

    assert recovered == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path.endswith("WorkerStopped")
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "background worker running it stopped" in run.failure
    assert "Start a new run" in run.failure
    # Once is enough: a second worker starting finds nothing more to do.
    assert background.recover_interrupted() == []


def test_a_run_whose_worker_is_alive_is_left_running(queued_run):
    run, task = queued_run
    task.claim("busy-worker")
    background.beat("busy-worker")

    assert background.recover_interrupted() == []
    run.refresh_from_db()
    task.refresh_from_db()
    assert run.status == RunStatus.RUNNING and task.status == "RUNNING"


def test_a_worker_forced_to_stop_mid_run_fails_the_run(queued_run):
    """Ctrl-C twice: the worker marks the task failed itself (SystemExit) and says so."""
    run, task = queued_run
    task.claim("worker")
    task.set_failed(SystemExit(1))
    task_finished.send(sender=object, task_result=task.task_result)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "background worker" in run.failure


def test_a_run_that_fails_by_itself_keeps_its_own_message(queued_run):
    run, task = queued_run
    task.claim("worker")
    task.set_failed(ValueError("a fault in the run"))
    task_finished.send(sender=object, task_result=task.task_result)

    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING  # not taken for an interruption


def test_an_import_whose_worker_died_imports_nothing_and_says_why(
    db, police, police_analyst, settings
):
    extract = Extract.objects.create(
        owning_agency=police,
        source_name="police nominals",
        file_name="nominals.csv",
        content=b"x",
        uploaded_by=police_analyst,
        status=ExtractStatus.IMPORTING,
    )
    SourceRecord.objects.create(
        owning_agency=police, source_name="police nominals", record_id="N1", extract=extract
    )
    imports.import_queued.enqueue(extract.pk, {"record_id": "Nominal ID"})
    task = queued_tasks(imports.import_queued).get()
    task.claim("worker-that-was-killed")

    background.recover_interrupted()

    extract.refresh_from_db()
    assert extract.status == ExtractStatus.REJECTED
    assert "background worker stopped" in extract.errors[0]
    assert not SourceRecord.objects.filter(extract=extract).exists()
