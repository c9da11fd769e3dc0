"""Linkage runs: the register and every current extract record, through the engine, into
register entries and a review queue."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.background import enqueue, on_interrupted
from triangulate.core.models import AuditAction, User

from ..engine.thresholds import Thresholds
from ..models import LinkageRun, RunStage, RunStatus, SourceRecord
from .run_records import frames, labels, sync_register_records
from .run_results import apply_clusters, evaluate, store_review_pairs

logger = logging.getLogger(__name__)
# The stage each of the engine's phases (engine.pipeline.PHASES) begins, as link() reports
# them. Preparing starts before link() is called, with the register and earlier decisions.
PHASE_STAGES = {
    "standardise": RunStage.PREPARING,
    "train": RunStage.TRAINING,
    "predict": RunStage.SCORING,
    "cluster": RunStage.GROUPING,
}


RUN_FAILED = (
    "Something went wrong in the system, not in your records, and the run stopped. "
    "Start a new run. If it fails again, tell your system administrator that linkage run "
    "{run} failed: the details are in the system's log."
)


class RunRefused(Exception):
    """A run is already running; ``running`` is that run."""

    def __init__(self, running: LinkageRun):
        super().__init__(
            f"Linkage run {running.pk} is already running. "
            "You can start another run when it has finished."
        )
        self.running = running


class RunAbandoned(Exception):
    """The run was marked failed (it was taken for stopped) while it was still working."""


def linkage_run(
    *,
    actor: User | None,
    engine: str = "duckdb",
    thresholds: Thresholds | None = None,
    system: bool = False,
    background: bool = False,
) -> LinkageRun:
    """Link every current record with the register; update entries; fill the review queue.

    ``system`` runs without a permission check (the demo generator); otherwise the actor
    needs the ``linkage.run`` permission. With ``background`` the run is queued for the
    background worker (core.background) and returned while still running; otherwise it is
    returned finished or failed. Raises RunRefused if another run is running.
    """
    if not system:
        access.require(actor, "linkage.run")
    thresholds = thresholds or Thresholds()
    runs_fail_stale(actor=actor)
    run = _run_create(actor, engine, thresholds)
    if background:
        # The worker reads the run with its own connection: queued once it is committed.
        enqueue(
            run_queued, run.pk, actor.pk if actor else None, thresholds.accept, thresholds.review
        )
    else:
        _run(run, actor, thresholds)
    return run


def _run_create(actor, engine: str, thresholds: Thresholds) -> LinkageRun:
    try:
        with transaction.atomic():
            run = LinkageRun.objects.create(
                started_by=actor,
                engine=engine,
                accept_threshold=thresholds.accept,
                review_threshold=thresholds.review,
                stage=RunStage.PREPARING,
            )
            audit(
                actor,
                AuditAction.CREATE,
                run,
                "start record linkage",
                detail={"engine": engine, "accept": thresholds.accept, "review": thresholds.review},
            )
    except IntegrityError:
        running = LinkageRun.objects.filter(status=RunStatus.RUNNING).first()
        if running is None:
            raise
        raise RunRefused(running) from None
    return run


@task()
def run_queued(run_pk: int, actor_pk: int | None, accept: float, review: float) -> None:
    """A run started from the web, as the background worker runs it."""
    actor = User.objects.filter(pk=actor_pk).first() if actor_pk else None
    _run(LinkageRun.objects.get(pk=run_pk), actor, Thresholds(accept=accept, review=review))


RUN_INTERRUPTED = (
    "The run stopped before it finished because the background worker running it stopped "
    "(the service may have restarted). Nothing in the register or the review queue was "
    "changed. Start a new run."
)


@on_interrupted(run_queued)
def run_interrupted(run_pk: int, actor_pk: int | None, *args) -> None:
    """The worker running a run stopped: the run is failed with the reason, not left running."""
    run = LinkageRun.objects.filter(pk=run_pk).first()
    if run is None:
        return
    with transaction.atomic():
        if _run_end(run, RunStatus.FAILED, failure=RUN_INTERRUPTED):
            audit(None, AuditAction.CHANGE, run, "mark a stopped linkage run failed")


def _run(run: LinkageRun, actor, thresholds: Thresholds) -> None:
    """Do the run, then mark it finished or failed (one implementation for both modes)."""
    try:
        _link_and_apply(run, actor, thresholds)
    except RunAbandoned:
        logger.warning("Linkage run %s was marked failed while it was working; stopped", run.pk)
    except Exception:
        # The detail is for the system administrator, in the log; the page says what to do.
        logger.exception("Linkage run %s failed", run.pk)
        with transaction.atomic():
            if _run_end(run, RunStatus.FAILED, failure=RUN_FAILED.format(run=run.pk)):
                audit(actor, AuditAction.CHANGE, run, "record linkage failed")
    run.refresh_from_db()


def _run_end(run: LinkageRun, status: str, **fields) -> bool:
    """Mark a running run finished or failed; False if it was no longer running."""
    return bool(
        LinkageRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=status, finished_at=timezone.now(), **fields
        )
    )


def _stage(run: LinkageRun, stage: str) -> None:
    """Move a running run to ``stage``, writing that column alone; RunAbandoned if the run
    is no longer running (taken for stopped), so its thread stops."""
    if not LinkageRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(stage=stage):
        raise RunAbandoned
    run.stage = stage


def _link_and_apply(run: LinkageRun, actor, thresholds: Thresholds) -> None:
    sync_register_records()
    records = list(SourceRecord.objects.filter(is_current=True).order_by("id"))
    by_pk = {r.pk: r for r in records}
    must, cannot, labelled = labels(by_pk)
    from ..engine.pipeline import link  # Splink loads only when a run starts

    def on_phase(phase: str) -> None:
        # link() calls this in the run's own thread, between its phases; only the stage
        # is written, and a run marked failed meanwhile stops here (RunAbandoned).
        stage = PHASE_STAGES.get(phase)
        if stage is not None:
            _stage(run, stage)

    result = link(
        frames(records),
        engine=run.engine,
        thresholds=thresholds,
        must_link=must,
        cannot_link=cannot,
        on_phase=on_phase,
    )
    # Set before the transaction: a stage written inside it would not show until the end.
    _stage(run, RunStage.UPDATING)
    with transaction.atomic():
        stats = apply_clusters(result, by_pk, actor, run)
        stats.update(store_review_pairs(result, by_pk, run))
        stats["evaluation"] = evaluate(labelled, result.pairs, thresholds.accept)
        stats["records"] = len(records)
        stats["scored_pairs"] = len(result.pairs)
        stats["seconds"] = round(result.timings["total"], 1)
        # Last, and only if the run is still running: a run already marked failed as
        # stopped leaves everything as it was.
        if not _run_end(run, RunStatus.FINISHED, model=result.model, stats=stats):
            raise RunAbandoned
        audit(actor, AuditAction.CHANGE, run, "finish record linkage", detail=stats)


def runs_fail_stale(*, actor: User | None) -> list[LinkageRun]:
    """Mark failed every run still running after LINKAGE_RUN_STALE_MINUTES.

    Such a run's thread has gone (the server restarted, say); left alone it would block
    every later run. Its changes were never committed, so nothing was changed.
    """
    minutes = settings.LINKAGE_RUN_STALE_MINUTES
    cutoff = timezone.now() - dt.timedelta(minutes=minutes)
    stale = list(
        LinkageRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=cutoff).order_by("id")
    )
    for run in stale:
        failure = (
            f"The run had not finished after {minutes} minutes and is taken to have stopped "
            "(the server may have restarted). Nothing in the register or the review queue "
            "was changed. Start a new run."
        )
        with transaction.atomic():
            if _run_end(run, RunStatus.FAILED, failure=failure):
                audit(actor, AuditAction.CHANGE, run, "mark a stopped linkage run failed")
    return stale


def run_open(*, actor: User, pk: int) -> LinkageRun:
    access.require(actor, "linkage.run")
    runs_fail_stale(actor=actor)
    run = LinkageRun.objects.filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def runs_list(*, actor: User, limit: int = 20) -> list[LinkageRun]:
    access.require(actor, "linkage.run")
    runs_fail_stale(actor=actor)
    return list(LinkageRun.objects.defer("model").order_by("-started_at", "-id")[:limit])
