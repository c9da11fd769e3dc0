"""Run background work: ``manage.py worker``.

The database backend's worker (``db_worker``, same options) with a heartbeat, so that a task
left running by a worker that was killed is marked failed with a reason rather than shown as
running for ever (see ``triangulate.core.background``). ``make run`` starts one beside the
web server; in production run one or more beside gunicorn.
"""

from __future__ import annotations

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from triangulate.core.background import Heartbeat


class Command(DatabaseWorker):
    help = "Run background work (linkage runs, large imports) from the task queue."

    def handle(self, *args, worker_id: str = "", **options):
        worker_id = worker_id or get_random_string(32)
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
