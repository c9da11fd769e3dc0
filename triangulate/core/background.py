"""Background work: Django's Tasks API (the django-tasks backport) with its database backend.

Work too long for a request (linkage runs, large extract imports) is a task: a row in the
database that a worker process (``manage.py worker``) claims and runs. The queue lives in the
same database as everything else, so SQLite stays the embedded default and PostgreSQL works
the same; a restart of the web server loses nothing.

A worker stopped while it runs a task must not leave the task, or what it was doing, shown
as "running" for ever:

- stopped gracefully (Ctrl-C twice, or SIGTERM then SIGINT), the worker marks the task failed
  itself;
- killed outright, it cannot. Every worker writes a heartbeat to the shared cache; a task
  still marked running whose worker has not been heard from for ``WORKER_DEAD_AFTER_SECONDS``
  is marked failed by the next worker to start or to beat, with the reason, and
  ``task_finished`` is sent for it as for any failed task.

Apps listen for ``task_finished`` to put their own records right (a linkage run still marked
running becomes failed with a reason the user can act on). Each task writes its results in
one transaction (or in steps it can resume), so a task that dies leaves nothing half-written.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection, transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks.signals import task_finished

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10


class WorkerStopped(Exception):
    """The worker running a task stopped before the task ended."""


WORKER_STOPPED = (
    "The background worker running this stopped before it finished (the service was "
    "restarted or the worker was stopped). Nothing it was doing was saved."
)


def _key(worker_id: str) -> str:
    return f"triangulate:worker:{worker_id}"


def dead_after() -> int:
    return int(getattr(settings, "WORKER_DEAD_AFTER_SECONDS", 60))


def beat(worker_id: str) -> None:
    """Say that ``worker_id`` is alive, for the next ``dead_after()`` seconds."""
    cache.set(_key(worker_id), timezone.now().isoformat(), dead_after())


def forget(worker_id: str) -> None:
    cache.delete(_key(worker_id))


def is_alive(worker_id: str) -> bool:
    return bool(worker_id) and cache.get(_key(worker_id)) is not None


def enqueue(task, *args, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits (a worker must see what the
    request wrote before it starts)."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def recover_interrupted() -> list[str]:
    """Mark failed every task marked running whose worker is no longer alive.

    Returns the ids of the tasks marked failed. Safe to call from any number of workers at
    once: a task is marked failed only while it is still marked running.
    """
    from django_tasks_db.models import DBTaskResult

    recovered = []
    for result in DBTaskResult.objects.running().order_by("enqueued_at"):
        worker_id = result.worker_ids[-1] if result.worker_ids else ""
        if is_alive(worker_id):
            continue
        updated = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED
        )
        if not updated:
            continue
        result.set_failed(WorkerStopped(WORKER_STOPPED))
        logger.warning(
            "Task %s (%s) was marked failed: its worker %s stopped",
            result.pk,
            result.task_path,
            worker_id or "(unknown)",
        )
        try:
            task_result = result.task_result
            backend = task_backends[result.backend_name]
        except Exception:
            logger.exception("Task %s could not be read back", result.pk)
        else:
            task_finished.send(sender=type(backend), task_result=task_result)
        recovered.append(str(result.pk))
    return recovered


_INTERRUPTED_HANDLERS: dict[str, object] = {}


def on_interrupted(queued_task):
    """Register what to do when ``queued_task`` is interrupted (its worker stopped).

    The handler is called with the task's own arguments, once, after the task is marked
    failed; it puts the app's records right (a run marked running becomes failed).
    """

    def register(handler):
        _INTERRUPTED_HANDLERS[queued_task.module_path] = handler
        return handler

    return register


@receiver(task_finished)
def _put_right_after_interruption(sender, task_result, **kwargs) -> None:
    if not was_interrupted(task_result):
        return
    handler = _INTERRUPTED_HANDLERS.get(task_result.task.module_path)
    if handler is not None:
        handler(*task_result.args, **task_result.kwargs)


def was_interrupted(task_result) -> bool:
    """Whether a finished task failed because its worker stopped (not because of an error
    in the task itself)."""
    if task_result.status != TaskResultStatus.FAILED:
        return False
    paths = [error.exception_class_path for error in task_result.errors]
    return bool(paths) and paths[-1].rsplit(".", 1)[-1] in (
        "WorkerStopped",
        "SystemExit",
        "KeyboardInterrupt",
    )


class Heartbeat:
    """A daemon thread that beats for a worker and recovers tasks of dead workers."""

    def __init__(self, worker_id: str, interval: float = HEARTBEAT_SECONDS):
        self.worker_id = worker_id
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def start(self) -> None:
        beat(self.worker_id)
        recover_interrupted()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        forget(self.worker_id)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                close_old_connections()
                beat(self.worker_id)
                recover_interrupted()
            except Exception:
                logger.exception("The worker's heartbeat failed; trying again")
        connection.close()
